//! When and how often a failed request is sent again.

use std::time::Duration;

use ::reqwest::header::HeaderMap;

/// When and how often a failed request is sent again.
///
/// Only idempotent operations are retried, on the listed statuses and on connection errors
/// and timeouts. The wait doubles from `initial_backoff` up to `max_backoff`, with random
/// jitter; a `Retry-After` header (or a rate-limit reset header) from the server wins,
/// up to `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// HTTP statuses worth retrying.
    pub statuses: Vec<u16>,
    /// Response headers that say, in seconds, when a rate limit resets.
    pub reset_headers: Vec<String>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            statuses: vec![429, 502, 503, 504],
            reset_headers: vec!["x-ratelimit-reset".to_string(), "ratelimit-reset".to_string()],
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (1-based), without server hints: exponential
    /// backoff with "equal jitter" (between half and all of the exponential step).
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let capped = exp.min(self.max_backoff);
        let half = capped / 2;
        half + half.mul_f64(jitter())
    }

    /// The wait the server asked for, if any, capped at `max_backoff`.
    pub fn server_delay(&self, headers: &HeaderMap) -> Option<Duration> {
        let seconds = |name: &str| -> Option<f64> {
            headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0)
        };
        let delay = seconds("retry-after")
            .map(Duration::from_secs_f64)
            .or_else(|| retry_after_date(headers))
            .or_else(|| self.reset_headers.iter().find_map(|h| seconds(h)).map(Duration::from_secs_f64))?;
        Some(delay.min(self.max_backoff))
    }
}

/// `Retry-After` as an HTTP date.
fn retry_after_date(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get("retry-after")?.to_str().ok()?;
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
