//! Snapshots of the IR and of every rendered file, for each of the three specs.
//!
//! A change to the generator, a template or a spec shows up here as a reviewable diff
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test snapshots` to accept).

use integration_tests::{SPECS, lower_file, spec_path};

fn settings(spec: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix(spec);
    settings
}

#[test]
fn intermediate_model() {
    for spec in SPECS {
        let krate = lower_file(&spec_path(spec));
        settings(spec).bind(|| insta::assert_yaml_snapshot!("ir", krate));
    }
}

#[test]
fn rendered_files() {
    for spec in SPECS {
        let krate = lower_file(&spec_path(spec));
        let rendered = generator::render::render(&krate).unwrap_or_else(|e| panic!("{spec}: {e}"));
        // The record of printed files is digests of the rendered files (see `freshness.rs`);
        // the runtime's modules are byte copies of `runtime/src/`, tested there.
        let copied = |path: &str| path.starts_with("src/runtime/") && path != "src/runtime/mod.rs";
        for file in rendered.files.iter().filter(|f| f.path != generator::render::PRINTED_RECORD && !copied(&f.path)) {
            let name = file.path.replace(['/', '.'], "_");
            settings(spec).bind(|| insta::assert_snapshot!(name, file.contents));
        }
    }
}
