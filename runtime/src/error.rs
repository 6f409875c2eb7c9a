//! The crate's one error type.

use ::bytes::Bytes;
use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

use super::api::{Api, ErrorBody as _, ThisApi};

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
    MissingCredentials {
        /// The operation's id in the API description.
        operation: &'static str,
        /// The credentials that would do, as the builder's method names them.
        schemes: String,
    },
    /// One attempt got no response within `ClientBuilder::attempt_timeout` (or the
    /// timeout of a user-supplied `reqwest::Client`), and no retry was left.
    #[error("the request timed out")]
    Timeout(#[source] ::reqwest::Error),
    /// The operation, retries and waits included, did not finish within
    /// `ClientBuilder::timeout`.
    #[error("`{operation}` did not finish within {deadline:?} ({attempts} attempt(s))")]
    Deadline {
        /// The operation's id in the API description.
        operation: &'static str,
        /// The deadline that passed (`ClientBuilder::timeout`).
        deadline: ::std::time::Duration,
        /// How many attempts were started before it passed.
        attempts: u32,
    },
    /// The server redirected to another origin (scheme, host and port). Not followed, so
    /// no credential is sent anywhere but the API's own origin.
    #[error("`{operation}` was redirected to another origin, `{location}`; not followed, so the credentials stay with the API's origin")]
    CrossOriginRedirect {
        /// The operation's id in the API description.
        operation: &'static str,
        /// Where the server redirected to.
        location: String,
    },
    /// A response body, or a message of an event stream (`operation` is then the stream's
    /// name), is larger than `ClientBuilder::max_response_bytes`. An event stream ends with it.
    #[error("a response or event message of `{operation}` is larger than the limit of {limit} bytes (see `ClientBuilder::max_response_bytes`)")]
    BodyTooLarge {
        /// The operation's id, or the event stream's name.
        operation: &'static str,
        /// The limit in bytes that was exceeded.
        limit: u64,
    },
    /// The request could not be sent or the response not read (DNS, TLS, connection).
    #[error("transport error: {0}")]
    Transport(#[source] ::reqwest::Error),
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered with success, but the body is not what the API describes.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// An event stream failed, or one of its messages did not decode (never, for an API
    /// without event streams).
    #[error("{0}")]
    Event(Box<<ThisApi as Api>::EventError>),
}

/// A success response whose body does not decode into the documented type.
#[derive(Debug, ::thiserror::Error)]
#[error("cannot decode the {status} response of `{operation}`: {source}")]
pub struct DecodeError {
    /// The operation's id in the API description.
    pub operation: &'static str,
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// Why the body did not decode (with its line and column).
    #[source]
    pub source: ::serde_json::Error,
}

impl Error {
    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether the request ran out of time: one attempt ([`Error::Timeout`]) or the
    /// whole operation ([`Error::Deadline`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_) | Error::Deadline { .. })
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
///
/// It displays as the operation, the status and the API's own error code and message
/// when the body carries them (`` `getThing` failed with 404 Not Found: no such thing
/// (code not.found) ``), otherwise the start of the body's text. The body exactly as
/// received stays available: [`ApiError::raw_body`], [`ApiError::raw_text`].
#[derive(Debug)]
pub struct ApiError {
    /// The operation's id in the API description.
    pub operation: &'static str,
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers (a correlation id, `Retry-After`, rate limits).
    pub headers: HeaderMap,
    /// The body, decoded into the error type the API documents for this status, else
    /// kept as text.
    pub body: <ThisApi as Api>::ErrorBody,
    /// The body as received, decoded or not.
    pub(crate) raw: Bytes,
}

/// How much of an undecoded body `Display` shows.
const SHOWN_CHARS: usize = 200;

impl ApiError {
    /// A response header as text (e.g. a correlation id or a rate-limit header).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The API's own error code from the body (`not.found`, `20`), when the body is a
    /// documented error with one.
    pub fn code(&self) -> Option<::std::borrow::Cow<'_, str>> {
        self.body.code()
    }

    /// The API's own error message from the body, when the body is a documented error
    /// with one.
    pub fn message(&self) -> Option<&str> {
        self.body.message()
    }

    /// The body exactly as received.
    pub fn raw_body(&self) -> &Bytes {
        &self.raw
    }

    /// The body as text (invalid UTF-8 replaced), exactly as received otherwise.
    pub fn raw_text(&self) -> ::std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.raw)
    }
}

impl ::std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "`{}` failed with {}", self.operation, self.status)?;
        let message = self.message().filter(|m| !m.trim().is_empty());
        match (message, self.code()) {
            (Some(message), Some(code)) => write!(f, ": {message} (code {code})"),
            (Some(message), None) => write!(f, ": {message}"),
            (None, Some(code)) => write!(f, ": code {code}"),
            (None, None) => {
                let text = self.raw_text();
                let text = text.trim();
                if text.is_empty() {
                    return Ok(());
                }
                let shown: String = text.chars().take(SHOWN_CHARS).collect();
                let more = if shown.len() < text.len() { "…" } else { "" };
                write!(f, ": {shown}{more}")
            }
        }
    }
}
