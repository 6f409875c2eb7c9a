//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `../shared/` beside the checkout, which CI always has. A newcomer's clone may not: then
/// the caller prints a notice and skips, unless `CI` is set, where absence is a failure.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("../shared/ is missing, but CI always has it beside the checkout");
    }
    eprintln!("NOTICE: ../shared/ is absent (a fresh clone without the reference data); skipping this test");
    None
}
