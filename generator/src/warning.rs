//! Located warnings: a spec that is defective or uses a construct the generated client can
//! only express loosely, but that has one sensible reading, generates with a warning instead
//! of an error. A warning names the file and JSON pointer like a [`crate::error::SpecProblem`],
//! so `cargo xtask codegen` can print it and `--strict` can refuse it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::pointer::Pointer;

/// What was read loosely, and where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub file: PathBuf,
    /// JSON pointer in URI-fragment form, e.g. `#/paths/~1foo/get/parameters/0`.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.file.display(), self.pointer, self.message)
    }
}

/// The warnings of one spec, collected by every stage that reads it. Pushed through a shared
/// reference (lowering holds the spec as `&Spec`); the same warning twice is kept once, as
/// lowering may visit a node in more than one pass.
#[derive(Debug, Default)]
pub struct Warnings {
    list: Mutex<Vec<Warning>>,
}

impl Clone for Warnings {
    fn clone(&self) -> Warnings {
        Warnings { list: Mutex::new(self.to_vec()) }
    }
}

impl Warnings {
    pub fn push(&self, file: &Path, at: &Pointer, message: impl Into<String>) {
        let warning = Warning { file: file.to_path_buf(), pointer: at.as_str().to_string(), message: message.into() };
        // A poisoned lock only means a panic elsewhere; the list is still a valid list.
        let mut list = self.list.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !list.contains(&warning) {
            list.push(warning);
        }
    }

    /// Every warning so far, in the order first reported.
    pub fn to_vec(&self) -> Vec<Warning> {
        self.list.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_warning_once_in_order() {
        let warnings = Warnings::default();
        let file = Path::new("api.yaml");
        let at = Pointer::root().push("paths").push("/a/{id}");
        warnings.push(file, &at, "second seen first");
        warnings.push(file, &Pointer::root(), "other");
        warnings.push(file, &at, "second seen first");
        let shown: Vec<String> = warnings.to_vec().iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["api.yaml: #/paths/~1a~1{id}: second seen first", "api.yaml: #: other"]);
    }
}
