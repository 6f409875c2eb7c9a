use ::reqwest::header::{HeaderMap, HeaderValue};

use crate::response::RateLimit;

#[test]
fn rate_limit_reads_either_header_convention() {
    let mut headers = HeaderMap::new();
    headers.insert("x-ratelimit-limit", HeaderValue::from_static("100"));
    headers.insert("ratelimit-remaining", HeaderValue::from_static(" 7 "));
    headers.insert("retry-after", HeaderValue::from_static("soon"));
    let limit = RateLimit::from_headers(&headers);
    assert_eq!(limit, RateLimit { limit: Some(100), remaining: Some(7), reset: None, retry_after: None });
}

#[test]
fn rate_limit_reads_the_headers_the_api_declares() {
    // Genesys' headers as the seed's extended response shows them: allowed, used, reset.
    let mut headers = HeaderMap::new();
    headers.insert("inin-ratelimit-allowed", HeaderValue::from_static("180"));
    headers.insert("inin-ratelimit-count", HeaderValue::from_static("3"));
    headers.insert("inin-ratelimit-reset", HeaderValue::from_static("3"));
    headers.insert("retry-after", HeaderValue::from_static("2"));
    let limit = RateLimit::from_headers(&headers);
    assert_eq!(limit, RateLimit { limit: Some(180), remaining: Some(177), reset: Some(3), retry_after: Some(2) });
}
