//! Helpers shared by the client tests that run against a wiremock server (included with
//! `#[path]` because they need the test-only wiremock dependency the library part lacks).

use serde_json::Value;
use wiremock::{MockServer, Request, ResponseTemplate};

pub fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// The one request the server received (fails when there were more or none).
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:?}");
    requests.remove(0)
}
