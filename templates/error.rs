//! The bodies of the error responses the API documents (the crate's `Error` and
//! `ApiError` are the runtime's).

// Unused when no error body is a model.
#[allow(unused_imports)]
use crate::models;

/// The body of an error response: decoded when it matches what the API documents for
/// that status, otherwise the raw text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ApiErrorBody {
{%- for e in krate.error_bodies %}
    {{ e.variant }}({{ e.ty }}),
{%- endfor %}
    /// A body that is not the documented error type, as text.
    Raw(String),
    /// No body.
    Empty,
}

impl crate::runtime::api::ErrorBody for ApiErrorBody {
    fn raw(text: String) -> Self {
        ApiErrorBody::Raw(text)
    }

    fn empty() -> Self {
        ApiErrorBody::Empty
    }

    fn raw_text(&self) -> Option<&str> {
        if let ApiErrorBody::Raw(text) = self {
            Some(text)
        } else if let ApiErrorBody::Empty = self {
            Some("")
        } else {
            None
        }
    }
}
