//! A wiremock responder that fails a set number of times before it succeeds, noting when
//! each request arrived, so retry tests can measure the waits between attempts (included
//! with `#[path]`, like the other support modules).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers the first `failures` requests with `failure`, then `success`.
struct Scripted {
    failures: usize,
    failure: ResponseTemplate,
    success: ResponseTemplate,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl wiremock::Respond for Scripted {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(Instant::now());
        if arrivals.len() <= self.failures { self.failure.clone() } else { self.success.clone() }
    }
}

/// Mounts the script on `server` for every request; returns the arrival times it records.
pub async fn scripted(server: &MockServer, failures: usize, failure: ResponseTemplate, success: ResponseTemplate) -> Arc<Mutex<Vec<Instant>>> {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    Mock::given(any())
        .respond_with(Scripted { failures, failure, success, arrivals: arrivals.clone() })
        .mount(server)
        .await;
    arrivals
}

/// The waits between consecutive arrivals.
pub fn waits(arrivals: &Mutex<Vec<Instant>>) -> Vec<Duration> {
    arrivals.lock().unwrap().windows(2).map(|w| w[1] - w[0]).collect()
}
