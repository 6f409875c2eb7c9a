//! Snapshots of the IR of each of the three specs: the decisions lowering made, which the
//! rendered files only print.
//!
//! The rendered files themselves are not snapshotted: they are committed in `generated/`,
//! where `freshness.rs` holds them to what the generator produces, so a template change
//! shows up once, as a diff of `generated/`. A change to lowering or a spec shows up here as
//! a reviewable diff of the model (`cargo insta review`, or `INSTA_UPDATE=always cargo test
//! --test snapshots` to accept). Changelog entries, which `generated/` only shows for the
//! real history, are snapshotted by `lifecycle.rs`.

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
