//! Behaviour of the runtime every generated client shares, exercised through the generated
//! crates against a local mock server: retries (which requests, how often, how long they
//! wait, `Retry-After` and rate-limit reset headers, transport errors and timeouts) and
//! redaction of credentials from `Debug` output and from the tracing logs.

// The guest chat client stands for every generated client here; every one of its operations
// is deprecated since guest chat 18.0.0 (Genesys retired ACD Web Chat v2), so these tests
// call them on purpose.
#![allow(deprecated)]

use std::time::Duration;

#[path = "support/logs.rs"]
mod logs;
#[path = "support/scripted.rs"]
mod scripted;

use genesys_cloud_guest_chat as guest_chat;
use logs::Logs;
use scripted::{scripted, waits};
use genesys_cloud_guest_chat::{Client, Error, RetryPolicy};
use genesys_engage_chat as engage;
use serde_json::{Value, json};
use ultracart_conversation as ultracart;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JWT: &str = "guest-jwt-SECRET-0001";

/// Retries with waits short enough for tests: up to 3 retries, 10 ms doubling to 40 ms.
fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..RetryPolicy::default()
    }
}

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(policy)
        .guest_chat_jwt(JWT)
        .build()
        .unwrap()
}

fn member_json() -> Value {
    json!({ "id": "m1", "role": "CUSTOMER" })
}

/// Answers the first `failures` requests with `failure`, then 200 with a member.
async fn fail_then_succeed(server: &MockServer, failures: u64, failure: ResponseTemplate) {
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(failures)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(member_json()))
        .mount(server)
        .await;
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// A GET of one member: an idempotent operation.
async fn get_member(client: &Client) -> Result<guest_chat::models::WebChatMemberInfo, Error> {
    client
        .get_webchat_guest_conversation_member("c1", "m1")
        .await
}

// ---- Which requests are retried, and how often ---------------------------------------

/// An idempotent GET answered 503 twice then 200 succeeds on the third request.
#[tokio::test]
async fn get_is_retried_until_success() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, 2, ResponseTemplate::new(503)).await;

    let member = get_member(&client(&server, fast_policy())).await.unwrap();

    assert_eq!(member.id.as_deref(), Some("m1"));
    assert_eq!(request_count(&server).await, 3);
}

/// A POST (not idempotent) answered 503 is not sent again.
#[tokio::test]
async fn post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let body = guest_chat::models::CreateWebChatMessageRequest::new("hi");

    let err = client(&server, fast_policy())
        .post_webchat_guest_conversation_member_messages("c1", "m1", body)
        .await
        .unwrap_err();

    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert_eq!(request_count(&server).await, 1);
}

/// `RetryPolicy::disabled()` sends a failing GET once.
#[tokio::test]
async fn disabled_policy_sends_once() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, 1, ResponseTemplate::new(503)).await;

    let err = get_member(&client(&server, RetryPolicy::disabled()))
        .await
        .unwrap_err();

    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert_eq!(request_count(&server).await, 1);
}

/// `max_retries` bounds the attempts; the last error response is returned, decoded.
#[tokio::test]
async fn max_retries_bounds_the_attempts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({ "code": "busy" })))
        .mount(&server)
        .await;
    let policy = RetryPolicy {
        max_retries: 2,
        ..fast_policy()
    };

    let err = get_member(&client(&server, policy)).await.unwrap_err();

    assert_eq!(request_count(&server).await, 3);
    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 503);
    assert!(
        matches!(&api.body, guest_chat::ApiErrorBody::ErrorBody(b) if b.code.as_deref() == Some("busy"))
    );
}

/// Statuses outside the policy's list (here 500) are not retried.
#[tokio::test]
async fn status_outside_policy_is_not_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, 1, ResponseTemplate::new(500)).await;

    let err = get_member(&client(&server, fast_policy()))
        .await
        .unwrap_err();

    assert_eq!(err.status().unwrap().as_u16(), 500);
    assert_eq!(request_count(&server).await, 1);
}

// ---- How long retries wait -------------------------------------------------------------

/// Room for scheduling and a local round trip between one request and the next, on a
/// busy two-core machine.
const SLACK: Duration = Duration::from_millis(150);

/// Sends one GET with `policy` against a server that fails `failures` times with `failure`
/// before it answers with a member, and returns the waits between consecutive requests.
async fn waits_between_attempts(
    policy: RetryPolicy,
    failures: usize,
    failure: ResponseTemplate,
) -> Vec<Duration> {
    let server = MockServer::start().await;
    let success = ResponseTemplate::new(200).set_body_json(member_json());
    let arrivals = scripted(&server, failures, failure, success).await;

    get_member(&client(&server, policy)).await.unwrap();

    assert_eq!(arrivals.lock().unwrap().len(), failures + 1, "one request per attempt");
    waits(&arrivals)
}

fn assert_between(wait: Duration, low: Duration, high: Duration) {
    assert!(
        wait >= low && wait <= high + SLACK,
        "waited {wait:?}, expected {low:?}..={high:?}"
    );
}

/// `Retry-After: 1` makes the client wait a second before the retry (instead of the
/// policy's 10 ms backoff).
#[tokio::test]
async fn retry_after_is_honoured() {
    let policy = RetryPolicy {
        max_backoff: Duration::from_secs(5),
        ..fast_policy()
    };
    let failure = ResponseTemplate::new(429).insert_header("Retry-After", "1");

    let waits = waits_between_attempts(policy, 1, failure).await;

    assert_between(waits[0], Duration::from_secs(1), Duration::from_secs(1));
}

/// A `Retry-After` longer than `max_backoff` is still honoured in full: `max_backoff`
/// bounds the client's own backoff, never the server's request.
#[tokio::test]
async fn retry_after_is_not_cut_to_max_backoff() {
    let policy = RetryPolicy {
        max_backoff: Duration::from_millis(200),
        ..fast_policy()
    };
    let failure = ResponseTemplate::new(503).insert_header("Retry-After", "1");

    let waits = waits_between_attempts(policy, 1, failure).await;

    assert_between(waits[0], Duration::from_secs(1), Duration::from_secs(1));
}

/// On a 429, a conventional rate-limit reset header stands in for `Retry-After`, in full.
#[tokio::test]
async fn rate_limit_reset_header_sets_the_wait() {
    let policy = RetryPolicy {
        max_backoff: Duration::from_millis(250),
        ..fast_policy()
    };
    let failure = ResponseTemplate::new(429).insert_header("X-RateLimit-Reset", "1");

    let waits = waits_between_attempts(policy, 1, failure).await;

    assert_between(waits[0], Duration::from_secs(1), Duration::from_secs(1));
}

/// Without server hints, retry n waits between half and all of `initial * 2^(n-1)`.
#[tokio::test]
async fn backoff_doubles_with_jitter() {
    let policy = RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
        ..RetryPolicy::default()
    };

    let waits = waits_between_attempts(policy, 2, ResponseTemplate::new(503)).await;

    assert_between(
        waits[0],
        Duration::from_millis(50),
        Duration::from_millis(100),
    );
    assert_between(
        waits[1],
        Duration::from_millis(100),
        Duration::from_millis(200),
    );
}

/// `max_backoff` caps every exponential step: uncapped, the third retry would wait at
/// least 400 ms.
#[tokio::test]
async fn backoff_steps_are_capped_by_max_backoff() {
    let policy = RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_millis(200),
        ..RetryPolicy::default()
    };

    let waits = waits_between_attempts(policy, 3, ResponseTemplate::new(502)).await;

    for wait in waits {
        assert_between(wait, Duration::from_millis(100), Duration::from_millis(200));
    }
}

/// The default policy retries the documented transient statuses, three times.
#[test]
fn default_policy_retries_transient_statuses() {
    let policy = RetryPolicy::default();

    assert_eq!(policy.max_retries, 3);
    assert_eq!(policy.statuses, [429, 502, 503, 504]);
    assert_eq!(RetryPolicy::disabled().max_retries, 0);
}

// ---- Transport errors and timeouts ----------------------------------------------------

/// An attempt that takes longer than `attempt_timeout` gives `Error::Timeout`; an
/// idempotent request is sent again first.
#[tokio::test]
async fn slow_server_times_out_after_retry() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(member_json())
                .set_delay(Duration::from_millis(600)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .attempt_timeout(Some(Duration::from_millis(100)))
        .retry_policy(RetryPolicy {
            max_retries: 1,
            ..fast_policy()
        })
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();

    let err = get_member(&client).await.unwrap_err();

    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(request_count(&server).await, 2);
}

/// A refused connection is retried like a transient status, then reported as a
/// transport error.
#[tokio::test]
async fn refused_connection_is_retried_then_transport_error() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            ..fast_policy()
        })
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();

    let err = get_member(&client).await.unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        logs.text().matches("runtime::send: sending request").count(),
        3,
        "{}",
        logs.text()
    );
}

// ---- Redaction ------------------------------------------------------------------------

fn assert_hides(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` leaked into:\n{text}");
    }
}

/// `Debug` of the builders and clients names the schemes that have credentials but never
/// shows the credentials.
#[test]
fn debug_output_never_shows_credentials() {
    let builder = Client::builder().guest_chat_jwt(JWT);
    let builder_text = format!("{builder:?}");
    let client = builder.build().unwrap();
    let client_text = format!(
        "{client:?} {:?}",
        client.get_webchat_guest_conversation_member("c", "m")
    );
    assert_hides(&builder_text, &[JWT]);
    assert_hides(&client_text, &[JWT]);
    assert!(client_text.contains("guestChatJwt"), "{client_text}");

    let key = "uc-simple-key-SECRET";
    let token = "uc-oauth-SECRET";
    let builder = ultracart::Client::builder()
        .ultra_cart_simple_api_key(key)
        .ultra_cart_oauth(token);
    let builder_text = format!("{builder:?}");
    let client = builder.build().unwrap();
    assert_hides(&format!("{builder_text} {client:?}"), &[key, token]);

    let password = "engage-password-SECRET";
    let builder = engage::Client::builder().basic_auth("agent", password);
    let builder_text = format!("{builder:?}");
    let client = builder.build().unwrap();
    // base64("agent:engage-password-SECRET") must not show up either.
    let encoded = "YWdlbnQ6ZW5nYWdlLXBhc3N3b3JkLVNFQ1JFVA";
    assert_hides(&format!("{builder_text} {client:?}"), &[password, encoded]);
}

/// Debug logs (bodies included) show method, URL, status and body, never the bearer JWT.
#[tokio::test]
async fn logs_show_request_but_not_bearer_token() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "msg-1",
            "conversation": { "id": "c1" },
            "sender": { "role": "CUSTOMER" },
            "body": "logged reply",
            "bodyType": "standard",
            "timestamp": "2024-01-01T00:00:00Z"
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .log_bodies(true)
        .build()
        .unwrap();
    client.set_guest_chat_jwt(JWT);
    let body = guest_chat::models::CreateWebChatMessageRequest::new("logged request");

    client
        .post_webchat_guest_conversation_member_messages("c1", "m1", body)
        .await
        .unwrap();

    let text = logs.text();
    assert!(text.contains("method=POST"), "{text}");
    assert!(
        text.contains(&format!(
            "{}/api/v2/webchat/guest/conversations/c1/members/m1/messages",
            server.uri()
        )),
        "{text}"
    );
    assert!(text.contains("status=200"), "{text}");
    assert!(
        text.contains("logged request") && text.contains("logged reply"),
        "{text}"
    );
    assert_hides(&text, &[JWT]);
}

/// With body logging on, a token the API hands out in a response (the guest chat JWT from
/// create-conversation) is redacted in the logged body, while the rest of the body shows.
#[tokio::test]
async fn logged_bodies_redact_credentials_the_api_hands_out() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let server = MockServer::start().await;
    let issued = "issued-jwt-SECRET-0002";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "conv-logged",
            "jwt": issued,
            "eventStreamUri": "wss://streaming.example/guest",
            "member": { "id": "member-logged", "role": "CUSTOMER" }
        })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).log_bodies(true).build().unwrap();
    let request: guest_chat::models::CreateWebChatConversationRequest = serde_json::from_value(json!({
        "organizationId": "org",
        "deploymentId": "dep",
        "routingTarget": { "targetType": "QUEUE", "targetAddress": "Support" },
        "memberInfo": { "displayName": "Ann" }
    }))
    .unwrap();

    let created = client.post_webchat_guest_conversations(request).await.unwrap();

    assert_eq!(created.jwt.as_ref().map(guest_chat::Secret::expose), Some(issued), "the caller still gets the real token");
    let text = logs.text();
    assert!(text.contains("conv-logged") && text.contains("<redacted>"), "{text}");
    assert_hides(&text, &[issued]);
}

/// Debug logs show the UltraCart request but never the API key header's value.
#[tokio::test]
async fn logs_do_not_show_api_key() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let key = "uc-simple-key-SECRET";
    let client = ultracart::Client::builder()
        .base_url(server.uri())
        .log_bodies(true)
        .ultra_cart_simple_api_key(key)
        .build()
        .unwrap();

    client.mark_read_conversation("c1").await.unwrap();

    let text = logs.text();
    assert!(text.contains("method=PUT"), "{text}");
    assert!(
        text.contains("/conversation/conversations/c1/markread"),
        "{text}"
    );
    assert!(text.contains("status=200"), "{text}");
    assert_hides(&text, &[key]);
}

/// Debug logs show the Engage request but never the Basic password, plain or encoded,
/// even when the request fails with an error status.
#[tokio::test]
async fn logs_do_not_show_basic_password() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "statusCode": 20 })))
        .mount(&server)
        .await;
    let password = "engage-password-SECRET";
    let client = engage::Client::builder()
        .base_url(server.uri())
        .log_bodies(true)
        .basic_auth("agent", password)
        .build()
        .unwrap();

    let err = client.get_chats().await.unwrap_err();

    let text = logs.text();
    assert!(text.contains("method=GET"), "{text}");
    assert!(text.contains("/api/v2/me/chats"), "{text}");
    assert!(text.contains("status=401"), "{text}");
    let encoded = "YWdlbnQ6ZW5nYWdlLXBhc3N3b3JkLVNFQ1JFVA";
    assert_hides(&text, &[password, encoded]);
    assert_hides(&format!("{err} {err:?}"), &[password, encoded]);
}

// ---- Thread safety ------------------------------------------------------------------

fn assert_send_sync<T: Send + Sync>(_: &T) {}
fn assert_send<T: Send>(_: &T) {}

/// Clients can be shared across tasks, and request futures and pagination streams can be
/// moved to another task (for example with `tokio::spawn`).
#[test]
fn clients_futures_and_streams_are_send() {
    let client = Client::builder().build().unwrap();
    assert_send_sync(&client);
    assert_send(
        &client
            .get_webchat_guest_conversation_member("c", "m")
            .send(),
    );
    assert_send(
        &client
            .get_webchat_guest_conversation_members("c")
            .into_stream(),
    );
    assert_send(
        &client
            .get_webchat_guest_conversation_messages("c")
            .into_stream(),
    );

    let client = ultracart::Client::builder().build().unwrap();
    assert_send_sync(&client);
    assert_send(&client.get_conversations().into_stream());

    let client = engage::Client::builder().build().unwrap();
    assert_send_sync(&client);
    assert_send(&client.get_chat_messages("c").into_stream());
}
