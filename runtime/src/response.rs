//! Responses with their status and headers ("extended responses").

use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

/// A decoded body together with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> ApiResponse<T> {
    pub fn into_body(self) -> T {
        self.body
    }

    /// A response header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The rate-limit headers the server sent, if any.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

/// Rate-limit information from the common header conventions (`X-RateLimit-*`,
/// `RateLimit-*`, `Retry-After`); every field is `None` when the server does not send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Seconds until the window resets.
    pub reset: Option<u64>,
    /// Seconds to wait before retrying.
    pub retry_after: Option<u64>,
}

impl RateLimit {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| headers.get(*n).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok()))
        };
        RateLimit {
            limit: number(&["x-ratelimit-limit", "ratelimit-limit"]),
            remaining: number(&["x-ratelimit-remaining", "ratelimit-remaining"]),
            reset: number(&["x-ratelimit-reset", "ratelimit-reset"]),
            retry_after: number(&["retry-after"]),
        }
    }
}

