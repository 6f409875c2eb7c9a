//! When and how often a failed request is sent again, and how long to wait first.

use std::time::Duration;

use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

use super::response::RateLimit;

/// When and how often a failed request is sent again.
///
/// - **429 Too Many Requests** is retried for every operation: the server did not process
///   the request.
/// - **Other listed statuses (5xx) and timeouts** are retried only for operations the API
///   description marks idempotent (GET, HEAD, OPTIONS, PUT and DELETE unless declared
///   `x-idempotent: false`; POST and PATCH only when declared `x-idempotent: true`): the
///   server may have acted on the request already.
/// - **Connection failures** are retried for every operation: nothing reached the server.
///
/// The wait doubles from `initial_backoff` up to `max_backoff`, with random jitter. A wait
/// the server asks for (`Retry-After`, or on a 429 the API's rate-limit reset header) is
/// honoured in full: the request is never sent again earlier. When that wait exceeds
/// `max_retry_after`, or would pass the operation's deadline (`ClientBuilder::timeout`),
/// the client gives up at once and returns the error response; its
/// `ApiError::rate_limit().retry_after` says how long the server asked to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The wait before the first retry; each further retry doubles it (with jitter).
    pub initial_backoff: Duration,
    /// The longest wait of the client's own backoff (server-requested waits are not cut).
    pub max_backoff: Duration,
    /// The longest wait a server may ask for and still be retried (default 2 minutes).
    pub max_retry_after: Duration,
    /// HTTP statuses worth retrying.
    pub statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            statuses: vec![429, 502, 503, 504],
        }
    }
}

/// What to do after a response with a retryable status (the client's decision, not API:
/// users cannot name this type, so neither it nor `RetryPolicy::wait` is public).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Send again after this long.
    Retry(Duration),
    /// The server asked for a longer wait than the policy allows: return its response.
    GiveUp(Duration),
}

impl RetryPolicy {
    /// Never retry.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether a response with `status` is sent again, for an operation that is
    /// (`idempotent`) or is not safe to repeat.
    pub(crate) fn retries_status(&self, status: StatusCode, idempotent: bool) -> bool {
        self.statuses.contains(&status.as_u16()) && (idempotent || status == StatusCode::TOO_MANY_REQUESTS)
    }

    /// The wait before retry number `retry` (1-based), without server hints: exponential
    /// backoff with "equal jitter" (between half and all of the exponential step).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let capped = exp.min(self.max_backoff);
        let half = capped / 2;
        half + half.mul_f64(jitter())
    }

    /// The wait the server asked for, if any: `Retry-After` (seconds or a date), else, on
    /// a 429, the seconds until the rate-limit window resets (the API's declared header or
    /// a conventional one). A reset header on another status says nothing about when the
    /// server recovers, so it is ignored there.
    pub(crate) fn server_delay(&self, status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        retry_after(headers).or_else(|| {
            (status == StatusCode::TOO_MANY_REQUESTS)
                .then(|| RateLimit::from_headers(headers).reset)
                .flatten()
                .map(Duration::from_secs)
        })
    }

    /// The wait before retry number `retry` after a response with `status`: the server's
    /// request in full, else the backoff.
    pub(crate) fn wait(&self, retry: u32, status: StatusCode, headers: &HeaderMap) -> Wait {
        match self.server_delay(status, headers) {
            Some(asked) if asked > self.max_retry_after => Wait::GiveUp(asked),
            Some(asked) => Wait::Retry(asked),
            None => Wait::Retry(self.backoff(retry)),
        }
    }
}

/// `Retry-After`, in (possibly fractional) seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(u32::MAX as f64)));
    }
    let when = ::httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(::std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) that differs between calls; good enough to spread retries, and
/// needs no random-number crate.
fn jitter() -> f64 {
    use ::std::hash::{BuildHasher, Hasher};
    let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}
