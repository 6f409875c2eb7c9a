//! A copy of the workspace sources for tests that run the real `cargo xtask` and must not
//! touch the checkout (its specs are edited, its crates regenerated and published).
//!
//! The copy is mirrored: only files whose contents differ are written and files the
//! workspace no longer has are removed, so builds in the copy stay incremental between runs.

use std::path::{Path, PathBuf};

use integration_tests::workspace_root;

/// Mirrors the workspace sources into `copy` (a directory under `target/`) and returns it.
pub fn workspace_copy(copy: PathBuf) -> PathBuf {
    let root = workspace_root();
    for entry in ["Cargo.toml", "Cargo.lock", ".cargo", "generator", "runtime", "xtask", "templates", "specs", "generated", "tests"] {
        mirror(&root.join(entry), &copy.join(entry));
    }
    copy
}

fn mirror(from: &Path, to: &Path) {
    if from.is_file() {
        let contents = std::fs::read(from).unwrap();
        if std::fs::read(to).ok().as_deref() != Some(contents.as_slice()) {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(to, contents).unwrap();
        }
        return;
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let name = entry.unwrap().file_name();
        if name != "target" && name != "node_modules" {
            mirror(&from.join(&name), &to.join(&name));
        }
    }
    for entry in std::fs::read_dir(to).unwrap() {
        let path = entry.unwrap().path();
        if !from.join(path.file_name().unwrap()).exists() {
            if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) }.unwrap();
        }
    }
}
