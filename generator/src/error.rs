//! Every way generation can fail, each with enough context to act on.
//!
//! A spec problem always names the file and a JSON pointer into it, so a user can jump to
//! the offending node. A generator bug (for example, a template producing invalid Rust) is a
//! separate variant: it is our fault, not the spec's, and the message says so.

use std::path::PathBuf;

/// A located problem in a spec: the file, the JSON pointer, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SpecProblem {
    pub file: PathBuf,
    /// JSON pointer in URI-fragment form, e.g. `#/paths/~1foo/get/responses/200`.
    pub pointer: String,
    pub message: String,
    /// What the user can do about it; empty when the message already says it.
    pub hint: String,
}

impl std::fmt::Display for SpecProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.file.display(), self.pointer, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read at all.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The spec is invalid (bad syntax, not OpenAPI 3.0, dangling `$ref`, ...).
    #[error("{0}")]
    Spec(SpecProblem),
    /// The spec is valid OpenAPI but uses a construct this generator cannot express yet.
    #[error("unsupported: {0}")]
    Unsupported(SpecProblem),
    /// The generator produced something it should not have: a bug on our side.
    #[error("generator bug while rendering {file}: {message}\n  please report this with the spec that triggered it")]
    Bug { file: String, message: String },
}

impl Error {
    pub fn spec(file: &std::path::Path, pointer: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Spec(SpecProblem {
            file: file.to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
            hint: hint.into(),
        })
    }

    pub fn unsupported(file: &std::path::Path, pointer: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Unsupported(SpecProblem {
            file: file.to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
            hint: hint.into(),
        })
    }

    /// The located problem, for spec and unsupported errors.
    pub fn problem(&self) -> Option<&SpecProblem> {
        match self {
            Error::Spec(p) | Error::Unsupported(p) => Some(p),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
