use std::time::{Duration, SystemTime};

use ::reqwest::header::{HeaderMap, HeaderValue};

use crate::retry::RetryPolicy;

fn policy() -> RetryPolicy {
    RetryPolicy { initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_secs(1), ..RetryPolicy::default() }
}

#[test]
fn backoff_doubles_between_half_and_all_of_each_step() {
    let policy = policy();
    for (retry, step) in [(1, 100), (2, 200), (3, 400), (4, 800)] {
        let step = Duration::from_millis(step);
        for _ in 0..50 {
            let wait = policy.backoff(retry);
            assert!(wait >= step / 2 && wait <= step, "retry {retry}: {wait:?} outside [{:?}, {step:?}]", step / 2);
        }
    }
}

#[test]
fn backoff_is_capped_and_never_overflows() {
    let policy = policy();
    for retry in [5, 20, 64, u32::MAX] {
        assert!(policy.backoff(retry) <= policy.max_backoff, "retry {retry}");
    }
}

#[test]
fn backoff_is_jittered() {
    let policy = policy();
    let waits: std::collections::HashSet<Duration> = (0..20).map(|_| policy.backoff(3)).collect();
    assert!(waits.len() > 1, "twenty waits were all {waits:?}");
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    headers
}

#[test]
fn retry_after_seconds_win_and_are_capped() {
    let policy = policy();
    assert_eq!(policy.server_delay(&headers(&[("retry-after", "0.5")])), Some(Duration::from_millis(500)));
    assert_eq!(policy.server_delay(&headers(&[("retry-after", "120")])), Some(policy.max_backoff));
    assert_eq!(policy.server_delay(&headers(&[("retry-after", "-1")])), None);
    assert_eq!(policy.server_delay(&headers(&[("retry-after", "NaN")])), None);
    assert_eq!(policy.server_delay(&HeaderMap::new()), None);
}

#[test]
fn retry_after_date_counts_from_now() {
    let policy = RetryPolicy { max_backoff: Duration::from_secs(3600), ..policy() };
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
    let wait = policy.server_delay(&headers(&[("retry-after", &later)])).expect("a date is a delay");
    assert!(wait > Duration::from_secs(55) && wait <= Duration::from_secs(60), "{wait:?}");
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    assert_eq!(policy.server_delay(&headers(&[("retry-after", &past)])), Some(Duration::ZERO));
}

#[test]
fn rate_limit_reset_headers_are_a_fallback() {
    let policy = policy();
    assert_eq!(policy.server_delay(&headers(&[("x-ratelimit-reset", "0.25")])), Some(Duration::from_millis(250)));
    let both = headers(&[("x-ratelimit-reset", "0.25"), ("retry-after", "0.5")]);
    assert_eq!(policy.server_delay(&both), Some(Duration::from_millis(500)));
}

#[test]
fn disabled_never_retries() {
    assert_eq!(RetryPolicy::disabled().max_retries, 0);
    assert_eq!(RetryPolicy::default().statuses, vec![429, 502, 503, 504]);
}
