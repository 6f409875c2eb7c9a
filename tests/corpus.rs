//! Real-world specs (`../shared/corpus/`) and the schema-coverage, hostile-but-valid and
//! warned fixtures all generate crates that compile without a warning, pass clippy and
//! document without a rustdoc warning.
//!
//! The compile check is one `cargo clippy` over one scratch workspace holding every crate
//! (see `scratch_workspace.rs`); clippy type-checks as it lints, so it replaces a separate
//! `cargo check`. One `cargo doc` over the same workspace follows.
//!
//! The broad corpus (`../shared/corpus-broad/`: 31 real specs in Swagger 2.0, OpenAPI 3.0
//! and 3.1, four of them 3-4 MB) and upstream's Swagger 2.0 guest chat document all
//! generate here, each run printing a table of version, warnings and generation time
//! (`--nocapture` shows it; it is also written to `target/corpus-check/broad.md`). Their
//! crates are compiled by `broad_corpus_crates_compile_clean`, with one target: those of
//! specs under 1 MB pass clippy and rustdoc with warnings denied on every run; with
//! `cargo xtask corpus-check --all` the nine big ones type-check with warnings denied too.

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
    for (group, dir) in [("coverage", "tests/fixtures/coverage"), ("hostile", "tests/fixtures/hostile/compiles"), ("warned", "tests/fixtures/warnings")] {
        let files = spec_files(&workspace_root().join(dir));
        assert!(!files.is_empty(), "{dir} has fixtures");
        specs.extend(files.into_iter().map(|p| (format!("{group}-{}", stem(&p)), p)));
    }
    specs
}

/// A spec without operations (models or webhooks only) makes a crate of its models: no
/// `Client` with nothing to send, no request code, nothing the compiler would find unused
/// (`warned-no-paths` is compiled with the others above).
#[test]
fn a_crate_without_operations_is_its_models() {
    let spec = workspace_root().join("tests/fixtures/warnings/no-paths.yaml");
    let rendered = generator::generate(&spec, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"src/models.rs"), "{paths:?}");
    for absent in ["src/operations.rs", "src/client.rs", "src/error.rs", "src/runtime/client.rs", "src/runtime/request.rs"] {
        assert!(!paths.contains(&absent), "{absent} in {paths:?}");
    }
    let lib = &rendered.file("src/lib.rs").expect("lib.rs").contents;
    assert!(lib.contains("pub mod models;") && !lib.contains("Client"), "{lib}");
    let readme = &rendered.file("README.md").expect("README.md").contents;
    assert!(readme.contains("no\noperations") && !readme.contains("## Quick start"), "{readme}");
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

/// The broad corpus and upstream's Swagger 2.0 guest chat document, with the scratch
/// directory each crate goes to; empty (after a notice) without `../shared/`.
fn broad_specs() -> Vec<(String, PathBuf)> {
    let Some(shared) = shared_dir() else { return Vec::new() };
    let broad = spec_files(&shared.join("corpus-broad"));
    assert!(broad.len() >= 31, "the broad corpus lists the 31 specs of its SOURCES.md, found {}", broad.len());
    let mut specs: Vec<(String, PathBuf)> = broad.into_iter().map(|p| (format!("broad-{}", stem(&p)), p)).collect();
    specs.push(("upstream-guest-chat-swagger".to_string(), shared.join("upstream/genesys-cloud-guest-chat.swagger-18.0.0.json")));
    specs
}

/// `swagger` or `openapi`, as the document states it (a line scan: the documents are
/// JSON or YAML, and this reports, it does not parse).
fn stated_version(text: &str) -> String {
    for key in ["openapi", "swagger"] {
        for quoted in [format!("\"{key}\""), key.to_string()] {
            // The key at the start of a line (YAML) or after `{`/`,` (JSON), then `:`.
            let found = text.match_indices(&quoted).find_map(|(at, _)| {
                let before = text[..at].trim_end_matches([' ', '\t']);
                let starts = before.is_empty() || before.ends_with(['\n', '{', ',']);
                let rest = text[at + quoted.len()..].trim_start();
                (starts && rest.starts_with(':')).then(|| rest[1..].trim_start())
            });
            if let Some(rest) = found {
                let value: String = rest.chars().take_while(|c| !matches!(c, ',' | '\n' | '}' | '\r')).collect();
                return value.trim().trim_matches(['"', '\'']).to_string();
            }
        }
    }
    "?".to_string()
}

struct Row {
    spec: String,
    version: String,
    outcome: Result<usize, String>,
    millis: u128,
}

/// Generates each spec on one of two workers (as many as CI's cores), each with the big
/// stack `cargo xtask` gives its jobs; rows in the order given.
fn generate_all(specs: &[(String, PathBuf)]) -> Vec<Row> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let rows = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            std::thread::Builder::new()
                .stack_size(256 * 1024 * 1024)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((_, path)) = specs.get(i) else { break };
                        let text = std::fs::read_to_string(path).unwrap_or_default();
                        let started = std::time::Instant::now();
                        let outcome = generator::generate_with_warnings(path, &generator::Overrides::default()).map(|(_, w)| w.len()).map_err(|e| e.to_string());
                        let row = Row { spec: path.file_name().unwrap_or_default().to_string_lossy().to_string(), version: stated_version(&text), outcome, millis: started.elapsed().as_millis() };
                        rows.lock().unwrap_or_else(|p| p.into_inner()).push((i, row));
                    }
                })
                .expect("start a worker");
        }
    });
    let mut rows = rows.into_inner().unwrap_or_else(|p| p.into_inner());
    rows.sort_by_key(|(i, _)| *i);
    rows.into_iter().map(|(_, row)| row).collect()
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from("| spec | version | generated? | warnings | generation (ms, debug build) |\n|---|---|---|---:|---:|\n");
    for row in rows {
        let (generated, warnings) = match &row.outcome {
            Ok(count) => ("yes".to_string(), count.to_string()),
            Err(e) => (format!("no: {}", e.lines().next().unwrap_or_default().replace('|', "\\|")), "-".to_string()),
        };
        out.push_str(&format!("| {} | {} | {generated} | {warnings} | {} |\n", row.spec, row.version, row.millis));
    }
    out
}

#[test]
fn every_broad_corpus_spec_generates() {
    let specs = broad_specs();
    if specs.is_empty() {
        return;
    }
    let rows = generate_all(&specs);
    let report = table(&rows);
    println!("{report}");
    let dir = workspace_root().join("target").join("corpus-check");
    let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join("broad.md"), &report));
    let failures: Vec<String> = rows.iter().filter_map(|r| r.outcome.as_ref().err().map(|e| format!("{}: {e}", r.spec))).collect();
    assert!(failures.is_empty(), "{} of {} specs do not generate:\n{}\n\n{report}", failures.len(), rows.len(), failures.join("\n"));
}

/// Broad-corpus specs of this size or more (nine of the 31, 1.4-4.2 MB: Stripe, Kubernetes,
/// Sentry, Asana, OpenAI, LaunchDarkly, Jellyfin, Box, Mastodon) make crates of 50 000 to
/// 500 000 lines, which type-check in minutes each on CI's two cores: they are checked by
/// `cargo xtask corpus-check --all` (README), not on every run.
const BIG_SPEC_BYTES: u64 = 1_000_000;

/// Set by `cargo xtask corpus-check --all`: the type-check takes every spec, big ones too.
const ALL_ENV: &str = "CORPUS_CHECK_ALL";

/// Every crate of the broad corpus under [`BIG_SPEC_BYTES`] passes clippy and rustdoc with
/// warnings denied, in one scratch workspace (one target dir shared with the runs above, so
/// dependencies are built once); with `CORPUS_CHECK_ALL`, the big ones type-check with
/// warnings denied too (`cargo check`: clippy and rustdoc over them would cost many minutes
/// more on two cores).
#[test]
fn broad_corpus_crates_compile_clean() {
    let all = std::env::var_os(ALL_ENV).is_some();
    let (small, big): (Vec<_>, Vec<_>) = broad_specs().into_iter().partition(|(_, spec)| std::fs::metadata(spec).map_or(0, |m| m.len()) < BIG_SPEC_BYTES);
    if !small.is_empty() {
        let workspace = scratch_workspace("broad", small);
        workspace.clippy().unwrap_or_else(|diagnostics| panic!("generated crates do not pass clippy:\n{diagnostics}"));
        workspace.doc().unwrap_or_else(|diagnostics| panic!("generated crates do not document cleanly:\n{diagnostics}"));
    }
    if big.is_empty() {
        return;
    }
    if !all {
        let names: Vec<&str> = big.iter().map(|(dir, _)| dir.as_str()).collect();
        eprintln!("NOTICE: {} big specs are not type-checked here ({}): run `cargo xtask corpus-check --all`", big.len(), names.join(", "));
        return;
    }
    if let Err(diagnostics) = scratch_workspace("broad-big", big).check() {
        panic!("generated crates of the big specs do not type-check cleanly:\n{diagnostics}");
    }
}

/// A scratch workspace of the crates of these specs, each generated on a thread with room
/// for the deepest spec.
fn scratch_workspace(name: &str, specs: Vec<(String, PathBuf)>) -> ScratchWorkspace {
    let mut workspace = ScratchWorkspace::new(name);
    for (dir, spec) in specs {
        let overrides = generator::Overrides { crate_name: Some(dir.clone()) };
        let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || generator::generate(&spec, &overrides).map_err(|e| e.to_string()));
        let rendered = worker.expect("start a worker").join().expect("no panic").unwrap_or_else(|e| panic!("{e}"));
        workspace.add(&dir, &rendered);
    }
    workspace
}
