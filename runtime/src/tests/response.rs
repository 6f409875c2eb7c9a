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
