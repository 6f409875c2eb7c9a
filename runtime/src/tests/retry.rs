use std::time::{Duration, SystemTime};

use ::reqwest::header::{HeaderMap, HeaderValue};

use ::reqwest::StatusCode;

use crate::retry::{RetryPolicy, Wait};

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

const TOO_MANY: StatusCode = StatusCode::TOO_MANY_REQUESTS;
const UNAVAILABLE: StatusCode = StatusCode::SERVICE_UNAVAILABLE;

#[test]
fn retry_after_is_honoured_in_full() {
    let policy = policy();
    assert_eq!(policy.server_delay(TOO_MANY, &headers(&[("retry-after", "0.5")])), Some(Duration::from_millis(500)));
    // Longer than `max_backoff`: still the server's wait, never an earlier retry.
    assert_eq!(policy.wait(1, UNAVAILABLE, &headers(&[("retry-after", "5")])), Wait::Retry(Duration::from_secs(5)));
    assert_eq!(policy.server_delay(TOO_MANY, &headers(&[("retry-after", "-1")])), None);
    assert_eq!(policy.server_delay(TOO_MANY, &headers(&[("retry-after", "NaN")])), None);
    assert_eq!(policy.server_delay(TOO_MANY, &HeaderMap::new()), None);
}

#[test]
fn a_wait_beyond_the_ceiling_gives_up() {
    let policy = RetryPolicy { max_retry_after: Duration::from_secs(10), ..policy() };
    assert_eq!(policy.wait(1, TOO_MANY, &headers(&[("retry-after", "11")])), Wait::GiveUp(Duration::from_secs(11)));
    assert_eq!(policy.wait(1, TOO_MANY, &headers(&[("retry-after", "10")])), Wait::Retry(Duration::from_secs(10)));
}

#[test]
fn retry_after_date_counts_from_now() {
    let policy = policy();
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
    let wait = policy.server_delay(TOO_MANY, &headers(&[("retry-after", &later)])).expect("a date is a delay");
    assert!(wait > Duration::from_secs(55) && wait <= Duration::from_secs(60), "{wait:?}");
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    assert_eq!(policy.server_delay(TOO_MANY, &headers(&[("retry-after", &past)])), Some(Duration::ZERO));
}

#[test]
fn rate_limit_reset_headers_set_the_wait_of_a_429_only() {
    let policy = policy();
    // The sample API declares `inin-ratelimit-reset`; the conventional names count too.
    assert_eq!(policy.server_delay(TOO_MANY, &headers(&[("inin-ratelimit-reset", "3")])), Some(Duration::from_secs(3)));
    assert_eq!(policy.server_delay(TOO_MANY, &headers(&[("x-ratelimit-reset", "2")])), Some(Duration::from_secs(2)));
    let both = headers(&[("inin-ratelimit-reset", "3"), ("retry-after", "0.5")]);
    assert_eq!(policy.server_delay(TOO_MANY, &both), Some(Duration::from_millis(500)));
    // A window reset says nothing about when an unavailable server recovers.
    assert_eq!(policy.server_delay(UNAVAILABLE, &headers(&[("inin-ratelimit-reset", "38")])), None);
}

#[test]
fn too_many_requests_is_retried_for_any_operation_other_statuses_for_idempotent_ones() {
    let policy = RetryPolicy::default();
    assert!(policy.retries_status(TOO_MANY, false));
    assert!(policy.retries_status(TOO_MANY, true));
    assert!(!policy.retries_status(UNAVAILABLE, false));
    assert!(policy.retries_status(UNAVAILABLE, true));
    assert!(!policy.retries_status(StatusCode::INTERNAL_SERVER_ERROR, true));
    let without_429 = RetryPolicy { statuses: vec![503], ..RetryPolicy::default() };
    assert!(!without_429.retries_status(TOO_MANY, false), "the policy's list decides first");
}

#[test]
fn disabled_never_retries() {
    assert_eq!(RetryPolicy::disabled().max_retries, 0);
    assert_eq!(RetryPolicy::default().statuses, vec![429, 502, 503, 504]);
}
