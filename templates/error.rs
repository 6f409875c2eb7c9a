//! The bodies of the error responses the API documents (the crate's `Error` and
//! `ApiError` are the runtime's).
{% if krate.error_uses_models %}
use crate::models;
{%- endif %}

/// The body of an error response: decoded when it matches what the API documents for
/// that status, otherwise the raw text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ApiErrorBody {
{%- for e in krate.error_bodies %}
    /// An error body the API documents, decoded.
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

    fn code(&self) -> Option<::std::borrow::Cow<'_, str>> {
        match self {
{%- for e in krate.error_bodies %}
            {{ e.code_arm() }}
{%- endfor %}
            ApiErrorBody::Raw(_) | ApiErrorBody::Empty => None,
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
{%- for e in krate.error_bodies %}
            {{ e.message_arm() }}
{%- endfor %}
            ApiErrorBody::Raw(_) | ApiErrorBody::Empty => None,
        }
    }
}
{%- if let Some(envelope) = krate.error_envelope %}

impl crate::runtime::error_envelope::ErrorEnvelope for crate::runtime::api::ThisApi {
    const MARKER: &'static str = {{ envelope.marker }};
    const SUCCESS: &'static [i64] = &[{% for s in envelope.success %}{{ s }}, {% endfor %}];
    const MEANINGS: &'static [(i64, &'static str)] = &[
{%- for (code, meaning) in envelope.meanings %}
        ({{ code }}, {{ meaning }}),
{%- endfor %}
    ];

{%- if let Some(code) = envelope.code %}
    fn status_code(body: &ApiErrorBody) -> Option<i64> {
        match body {
            ApiErrorBody::{{ envelope.variant }}(envelope) => {{ code }},
            _ => None,
        }
    }
{%- else %}
    fn status_code(_: &ApiErrorBody) -> Option<i64> {
        None
    }
{%- endif %}
}
{%- endif %}
