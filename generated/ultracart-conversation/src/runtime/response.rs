//! Responses with their status and headers ("extended responses"), and the rate limits
//! they report.

use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

use super::api::{Api, ThisApi};
use super::error::ApiError;

/// A decoded body together with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body, without status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// A response header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The rate-limit headers the server sent, if any (the API's own, as its description
    /// declares them, else the common conventions).
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl ApiError {
    /// The rate limits the error response reported; after a 429 the client gave up on,
    /// `retry_after` is the wait the server asked for.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }
}

/// The response headers an API reports its rate limits in, as its description declares
/// them (`x-rate-limit-headers`); `None` where it declares none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimitHeaders {
    /// Requests allowed in the window.
    pub limit: Option<&'static str>,
    /// Requests left in the window.
    pub remaining: Option<&'static str>,
    /// Requests made in the window (`remaining` is `limit - used` when only this is sent).
    pub used: Option<&'static str>,
    /// Seconds until the window resets.
    pub reset: Option<&'static str>,
}

/// Rate-limit information from the API's own headers (declared in its description) or
/// the common conventions (`X-RateLimit-*`, `RateLimit-*`), and `Retry-After`; every field
/// is `None` when the server does not send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window (computed from the count used where the API
    /// reports that instead).
    pub remaining: Option<u64>,
    /// Seconds until the window resets.
    pub reset: Option<u64>,
    /// Seconds to wait before retrying (`Retry-After` in seconds or as a date).
    pub retry_after: Option<u64>,
}

impl RateLimit {
    /// Reads the rate-limit headers of a response.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        let declared = <ThisApi as Api>::RATE_LIMIT_HEADERS;
        let number = |own: Option<&str>, conventional: &[&str]| {
            own.into_iter()
                .chain(conventional.iter().copied())
                .find_map(|n| headers.get(n).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok()))
        };
        let limit = number(declared.limit, &["x-ratelimit-limit", "ratelimit-limit"]);
        let used = number(declared.used, &["x-ratelimit-used"]);
        let remaining = number(declared.remaining, &["x-ratelimit-remaining", "ratelimit-remaining"])
            .or_else(|| limit.zip(used).map(|(limit, used)| limit.saturating_sub(used)));
        RateLimit {
            limit,
            remaining,
            reset: number(declared.reset, &["x-ratelimit-reset", "ratelimit-reset"]),
            retry_after: super::retry::retry_after(headers).map(|wait| wait.as_secs_f64().ceil() as u64),
        }
    }
}
