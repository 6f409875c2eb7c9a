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
    MissingCredentials { operation: &'static str, schemes: String },
    /// One attempt got no response within `ClientBuilder::attempt_timeout` (or the
    /// timeout of a user-supplied `reqwest::Client`), and no retry was left.
    #[error("the request timed out")]
    Timeout(#[source] ::reqwest::Error),
    /// The operation, retries and waits included, did not finish within
    /// `ClientBuilder::timeout`.
    #[error("`{operation}` did not finish within {deadline:?} ({attempts} attempt(s))")]
    Deadline { operation: &'static str, deadline: ::std::time::Duration, attempts: u32 },
    /// The server redirected to another origin (scheme, host and port). Not followed, so
    /// no credential is sent anywhere but the API's own origin.
    #[error("`{operation}` was redirected to another origin, `{location}`; not followed, so the credentials stay with the API's origin")]
    CrossOriginRedirect { operation: &'static str, location: String },
    /// A response body, or a message of an event stream (`operation` is then the stream's
    /// name), is larger than `ClientBuilder::max_response_bytes`. An event stream ends with it.
    #[error("a response or event message of `{operation}` is larger than the limit of {limit} bytes (see `ClientBuilder::max_response_bytes`)")]
    BodyTooLarge { operation: &'static str, limit: u64 },
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
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
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
#[derive(Debug)]
pub struct ApiError {
    /// The operation's id in the API description.
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: <ThisApi as Api>::ErrorBody,
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
        match self.body.raw_text() {
            Some("") => Ok(()),
            Some(text) => {
                let short: String = text.chars().take(200).collect();
                write!(f, ": {short}")
            }
            None => write!(f, ": {:?}", self.body),
        }
    }
}
