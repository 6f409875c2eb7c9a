//! The committed crates in `generated/` match what the specs and templates produce today,
//! and producing them is deterministic.

use integration_tests::{SPECS, lower_file, spec_path, workspace_root};

/// Renders a spec's crate as `cargo xtask codegen` does: with the version and changelog that
/// the state recorded in its directory under `generated/` calls for.
fn render(spec: &str) -> generator::render::RenderedCrate {
    let krate = lower_file(&spec_path(spec));
    let dir = workspace_root().join("generated").join(spec);
    let options = generator::lifecycle::Options {
        date: "2000-01-01".to_string(),
        bump: None,
    };
    let shown = spec_path(spec).strip_prefix(workspace_root()).expect("specs/ is in the workspace").display().to_string();
    generator::lifecycle::regenerate(krate, &shown, &dir, &options)
        .unwrap_or_else(|e| panic!("{spec}: {e}"))
        .krate
}

#[test]
fn generated_crates_are_up_to_date() {
    let mut stale = Vec::new();
    for spec in SPECS {
        let rendered = render(spec);
        let dir = workspace_root().join("generated").join(&rendered.name);
        let plan = generator::output::plan(&dir, &rendered);
        stale.extend(plan.paths().into_iter().map(|p| p.display().to_string()));
    }
    assert!(
        stale.is_empty(),
        "stale generated files, run `cargo xtask codegen` (`--fresh` if it finds nothing to do: the printer changed in a way its identity misses):\n{}",
        stale.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    for spec in SPECS {
        // HashMaps get fresh random seeds for each run, so any iteration-order leak shows.
        let first = render(spec);
        let second = render(spec);
        assert_eq!(first.files.len(), second.files.len());
        for (a, b) in first.files.iter().zip(&second.files) {
            assert_eq!(a.path, b.path);
            assert!(a.contents == b.contents, "{spec}: {} differs between two runs", a.path);
        }
        let ir_a = serde_json::to_string(&lower_file(&spec_path(spec))).expect("IR serialises");
        let ir_b = serde_json::to_string(&lower_file(&spec_path(spec))).expect("IR serialises");
        assert!(ir_a == ir_b, "{spec}: the IR differs between two runs");
    }
}

/// `cargo xtask codegen` reuses the items it printed last time (`render::Printed`); a
/// regeneration from a warm set, or from one made for an older spec, is byte-identical to a
/// regeneration from nothing.
#[test]
fn reusing_printed_items_changes_nothing() {
    let render_crate = |krate: &generator::ir::Crate, known: &generator::render::Printed| {
        generator::render::render_crate_reusing(krate, "spec.yaml", Some(known)).unwrap_or_else(|e| panic!("{e}"))
    };
    for spec in SPECS {
        let krate = lower_file(&spec_path(spec));
        let (cold, printed) = render_crate(&krate, &Default::default());
        let printed = printed.expect("asked for");
        assert!(printed.len() > 100, "{spec}: only {} items", printed.len());
        let (warm, again) = render_crate(&krate, &printed);
        assert_eq!(again.as_ref(), Some(&printed), "{spec}: the same items");
        assert!(warm.files == cold.files, "{spec}: reusing printed items changed the output");
        // Items printed for a different crate: only the ones both crates share apply.
        let other = lower_file(&spec_path(SPECS.iter().find(|s| *s != spec).expect("three specs")));
        let (_, other_printed) = render_crate(&other, &Default::default());
        let (mixed, _) = render_crate(&krate, &other_printed.expect("asked for"));
        assert!(mixed.files == cold.files, "{spec}: items of another crate changed the output");
    }
}

/// `cargo xtask codegen` takes a Rust file as it is on disk when the crate's record of printed
/// files (`.codegen/printed`) shows its source and contents unchanged; a file edited by hand
/// is printed again, so the output is the same as printing everything.
#[test]
fn reusing_printed_files_changes_nothing_and_edits_are_printed_again() {
    use generator::render::{PRINTED_RECORD, Printed, render_crate_reusing};
    for spec in SPECS {
        let krate = lower_file(&spec_path(spec));
        let (cold, _) = render_crate_reusing(&krate, "spec.yaml", None).unwrap_or_else(|e| panic!("{e}"));
        let record = &cold.file(PRINTED_RECORD).expect("a record of printed files").contents;
        let lines: Vec<&str> = record.lines().filter(|l| !l.starts_with('#')).collect();
        // The runtime's modules are copied as they are, not printed.
        let printed_file = |path: &str| path.ends_with(".rs") && (!path.starts_with("src/runtime/") || path == "src/runtime/mod.rs");
        assert_eq!(lines.len(), cold.files.iter().filter(|f| printed_file(&f.path)).count(), "{spec}: one line per printed Rust file");
        let on_disk = |path: &str| cold.file(path).map(|f| f.contents.clone());
        let mut known = Printed::default();
        known.add_files(record, on_disk);
        let (warm, printed) = render_crate_reusing(&krate, "spec.yaml", Some(&known)).unwrap_or_else(|e| panic!("{e}"));
        assert!(warm.files == cold.files, "{spec}: taking printed files changed the output");
        assert_eq!(printed.map(|p| p.len()), Some(0), "{spec}: nothing was printed");

        let edited = |path: &str| on_disk(path).map(|text| if path == "src/lib.rs" { format!("{text}// edited\n") } else { text });
        let mut known = Printed::default();
        known.add_files(record, edited);
        let (again, printed) = render_crate_reusing(&krate, "spec.yaml", Some(&known)).unwrap_or_else(|e| panic!("{e}"));
        assert!(again.files == cold.files, "{spec}: an edited file was taken as it is");
        assert!(printed.is_some_and(|p| !p.is_empty()), "{spec}: the edited file was printed again");

        // Files are found by their source: a record that pairs lib.rs's source with
        // error.rs's contents gives error.rs's contents in lib.rs's place.
        let field = |path: &str, n: usize| lines.iter().find(|l| l.starts_with(&format!("{path} "))).expect("listed").split(' ').nth(n).expect("three fields");
        let doctored = format!("src/lib.rs {} {}\n", field("src/lib.rs", 1), field("src/error.rs", 2));
        let mut known = Printed::default();
        known.add_files(&doctored, |path| (path == "src/lib.rs").then(|| on_disk("src/error.rs")).flatten());
        let (swapped, _) = render_crate_reusing(&krate, "spec.yaml", Some(&known)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(swapped.file("src/lib.rs").map(|f| &f.contents), cold.file("src/error.rs").map(|f| &f.contents), "{spec}");
    }
}

#[test]
fn regeneration_leaves_unowned_files_alone_and_removes_dropped_ones() {
    let dir = std::env::temp_dir().join(format!("codegen-ownership-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let rendered = render("genesys-engage-chat");
    generator::output::apply(&[generator::output::plan(&dir, &rendered)]).expect("first write");
    // A hand-written file beside the generated ones, and a file the generator used to own.
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    std::fs::write(dir.join("examples/mine.rs"), "fn main() {}\n").unwrap();
    std::fs::write(dir.join("src/old.rs"), "// generated once\n").unwrap();
    let manifest = dir.join(generator::output::MANIFEST);
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{listed}src/old.rs\n")).unwrap();

    let plan = generator::output::plan(&dir, &rendered);
    assert_eq!(plan.deletes, vec![dir.join("src/old.rs")]);
    generator::output::apply(&[plan]).expect("second write");
    assert!(!dir.join("src/old.rs").exists(), "a file no longer generated is removed");
    assert_eq!(std::fs::read_to_string(dir.join("examples/mine.rs")).unwrap(), "fn main() {}\n");
    assert!(generator::output::plan(&dir, &rendered).is_empty(), "a second run changes nothing");
    std::fs::remove_dir_all(&dir).unwrap();
}
