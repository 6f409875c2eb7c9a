//! The crate's one error type.

use ::bytes::Bytes;
use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

#[allow(unused_imports)]
use crate::models;

/// Everything that can go wrong calling the API.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client was configured with something unusable (a bad base URL or header).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A request could not be built from the values given (a value that cannot be encoded).
    #[error("cannot build the request: {0}")]
    Request(String),
    /// The operation needs credentials the client does not have.
    #[error("`{operation}` needs credentials: set {schemes}")]
    MissingCredentials { operation: &'static str, schemes: String },
    /// No response in time.
    #[error("the request timed out")]
    Timeout(#[source] ::reqwest::Error),
    /// The request could not be sent or the response not read (DNS, TLS, connection).
    #[error("transport error: {0}")]
    Transport(#[source] ::reqwest::Error),
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered with success, but the body is not what the API describes.
    #[error("{0}")]
    Decode(Box<DecodeError>),
{%- if krate.features.events %}
    /// An event stream failed, or one of its messages did not decode.
    #[error("{0}")]
    Event(Box<crate::events::EventError>),
{%- endif %}
}

/// A success response whose body does not decode into the documented type.
#[derive(Debug, ::thiserror::Error)]
#[error("cannot decode the {status} response of `{operation}`: {source}")]
pub struct DecodeError {
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    #[source]
    pub source: ::serde_json::Error,
}

impl Error {
    pub(crate) fn from_reqwest(err: ::reqwest::Error) -> Self {
        if err.is_timeout() { Error::Timeout(err) } else { Error::Transport(err) }
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// An error status from the server, with its headers and body.
#[derive(Debug)]
pub struct ApiError {
    /// The operation's id in the API description.
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: ApiErrorBody,
}

impl ApiError {
    /// A response header as text (e.g. a correlation id or a rate-limit header).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl ::std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "`{}` failed with {}", self.operation, self.status)?;
        match &self.body {
            ApiErrorBody::Empty => Ok(()),
            ApiErrorBody::Raw(text) => {
                let short: String = text.chars().take(200).collect();
                write!(f, ": {short}")
            }
{%- if !krate.error_bodies.is_empty() %}
            other => write!(f, ": {other:?}"),
{%- endif %}
        }
    }
}

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
