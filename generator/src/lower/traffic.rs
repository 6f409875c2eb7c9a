//! The API's traffic metadata: root `x-rate-limit-headers` and `x-correlation-header`,
//! and the request headers that carry credentials (never logged).

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::{Lit, RateLimitHeaders, SchemeKind, SecurityScheme, Session, Traffic};
use crate::load::Spec;

/// `x-rate-limit-headers`: the response headers the API reports its rate limits in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitExtension {
    limit: Option<String>,
    remaining: Option<String>,
    used: Option<String>,
    /// Seconds until the window resets.
    reset: Option<String>,
}

pub fn traffic(spec: &Spec, schemes: &[SecurityScheme], session: Option<&Session>) -> Result<Traffic> {
    let extensions = &spec.doc.extensions;
    let rate_limit = match extensions.get("x-rate-limit-headers") {
        None => RateLimitHeaders::default(),
        Some(value) => {
            let parsed: RateLimitExtension = serde_json::from_value(value.clone()).map_err(|e| {
                Error::spec(
                    &spec.file,
                    "#/x-rate-limit-headers",
                    format!("invalid x-rate-limit-headers: {e}"),
                    "map any of `limit`, `remaining`, `used` and `reset` to a response header name",
                )
            })?;
            let name = |n: Option<String>| n.map(Lit);
            RateLimitHeaders { limit: name(parsed.limit), remaining: name(parsed.remaining), used: name(parsed.used), reset: name(parsed.reset) }
        }
    };
    let correlation_header = match extensions.get("x-correlation-header") {
        None => None,
        Some(serde_json::Value::String(name)) if !name.trim().is_empty() => Some(Lit(name.trim().to_string())),
        Some(_) => {
            return Err(Error::spec(
                &spec.file,
                "#/x-correlation-header",
                "x-correlation-header must be the name of a response header",
                "e.g. `x-correlation-header: inin-correlation-id`",
            ));
        }
    };
    let key_headers = schemes.iter().filter_map(|s| match &s.kind {
        SchemeKind::ApiKeyHeader { name } => Some(name.clone()),
        _ => None,
    });
    let csrf_header = session.and_then(|s| s.csrf.as_ref()).map(|c| c.token_header.clone());
    Ok(Traffic { rate_limit, correlation_header, secret_headers: key_headers.chain(csrf_header).collect() })
}
