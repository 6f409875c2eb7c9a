//! Real-world specs (`../shared/corpus/`) and the schema-coverage and hostile-but-valid
//! fixtures all generate crates that compile without a warning, pass clippy and document
//! without a rustdoc warning.
//!
//! The compile check is one `cargo clippy` over one scratch workspace holding every crate
//! (see `scratch_workspace.rs`); clippy type-checks as it lints, so it replaces a separate
//! `cargo check`. One `cargo doc` over the same workspace follows.

mod scratch_workspace;

use std::path::{Path, PathBuf};

use integration_tests::{shared_dir, workspace_root};
use scratch_workspace::ScratchWorkspace;

/// Spec files (`.yaml`, `.yml`, `.json`) in a directory, sorted.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).expect("a file name").to_string()
}

/// Every spec this test compiles, with the scratch directory each crate goes to.
fn compiled_specs() -> Vec<(String, PathBuf)> {
    let mut specs = Vec::new();
    if let Some(shared) = shared_dir() {
        let corpus = spec_files(&shared.join("corpus"));
        assert!(corpus.len() >= 8, "the corpus lists at least the eight specs of SOURCES.md, found {corpus:?}");
        specs.extend(corpus.into_iter().map(|p| (format!("corpus-{}", stem(&p)), p)));
    }
    for (group, dir) in [("coverage", "tests/fixtures/coverage"), ("hostile", "tests/fixtures/hostile/compiles")] {
        let files = spec_files(&workspace_root().join(dir));
        assert!(!files.is_empty(), "{dir} has fixtures");
        specs.extend(files.into_iter().map(|p| (format!("{group}-{}", stem(&p)), p)));
    }
    specs
}

#[test]
fn every_spec_generates_without_error() {
    let mut failures = Vec::new();
    for (_, spec) in compiled_specs() {
        if let Err(e) = generator::generate(&spec, &generator::Overrides::default()) {
            failures.push(format!("{}: {e}", spec.display()));
        }
    }
    assert!(failures.is_empty(), "generation failed:\n{}", failures.join("\n"));
}

#[test]
fn every_generated_crate_compiles_passes_clippy_and_documents() {
    let mut workspace = ScratchWorkspace::new("crates");
    for (dir, spec) in compiled_specs() {
        // The directory name doubles as the package name, so no two members clash.
        let overrides = generator::Overrides { crate_name: Some(dir.clone()) };
        let rendered = generator::generate(&spec, &overrides).unwrap_or_else(|e| panic!("{e}"));
        workspace.add(&dir, &rendered);
    }
    if let Err(diagnostics) = workspace.clippy() {
        panic!("generated crates do not compile cleanly:\n{diagnostics}");
    }
    if let Err(diagnostics) = workspace.doc() {
        panic!("generated crates do not document cleanly:\n{diagnostics}");
    }
}
