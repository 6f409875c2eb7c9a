//! What the runtime's send path needs to know about an API's traffic: the response headers
//! it reports rate limits and correlation ids in, and the request headers whose values
//! must never be logged.

use std::fmt;

use serde::Serialize;

use super::Lit;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Traffic {
    /// Root `x-rate-limit-headers`.
    pub rate_limit: RateLimitHeaders,
    /// Root `x-correlation-header`: the response header that names the request in the
    /// API's own records, shown in each operation's log span.
    pub correlation_header: Option<Lit>,
    /// Request headers carrying credentials: API-key headers and the CSRF token header.
    pub secret_headers: Vec<Lit>,
}

/// The response headers an API reports its rate limits in. Prints as the runtime's
/// `RateLimitHeaders` value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RateLimitHeaders {
    pub limit: Option<Lit>,
    pub remaining: Option<Lit>,
    pub used: Option<Lit>,
    pub reset: Option<Lit>,
}

impl fmt::Display for RateLimitHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = |value: &Option<Lit>| match value {
            Some(name) => format!("Some({name})"),
            None => "None".to_string(),
        };
        write!(
            f,
            "crate::runtime::response::RateLimitHeaders {{ limit: {}, remaining: {}, used: {}, reset: {} }}",
            field(&self.limit),
            field(&self.remaining),
            field(&self.used),
            field(&self.reset)
        )
    }
}

impl Traffic {
    /// Prints the optional correlation header as a Rust `Option<&str>` expression.
    pub fn correlation_header_expr(&self) -> String {
        match &self.correlation_header {
            Some(name) => format!("Some({name})"),
            None => "None".to_string(),
        }
    }
}
