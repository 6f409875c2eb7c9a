//! How the generated clients behave on the wire against servers that push back, stall,
//! redirect or flood: 429 and `Retry-After`, per-operation retry decisions, the operation
//! deadline beside the per-attempt timeout, cross-origin redirects for every scheme the
//! three crates send, the response size limit, and what the logs show at which level.
//! Timing is asserted only as generous bounds.

// The guest chat client stands for a bearer-token API here; every one of its operations is
// deprecated since guest chat 18.0.0 (Genesys retired ACD Web Chat v2), so these tests call
// them on purpose.
#![allow(deprecated)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/logs.rs"]
mod logs;
#[path = "support/scripted.rs"]
mod scripted;

use genesys_cloud_guest_chat as guest_chat;
use logs::Logs;
use scripted::{scripted, waits};
use genesys_engage_chat as engage;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use ultracart_conversation as ultracart;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JWT: &str = "guest-jwt-SECRET-0001";

/// Retries with waits short enough for tests.
fn fast_policy() -> guest_chat::RetryPolicy {
    guest_chat::RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..guest_chat::RetryPolicy::default()
    }
}

fn guest_client(server: &MockServer) -> guest_chat::Client {
    guest_chat::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_policy())
        .guest_chat_jwt(JWT)
        .build()
        .unwrap()
}

fn member_json() -> Value {
    json!({ "id": "m1", "role": "CUSTOMER" })
}

fn message_request() -> guest_chat::models::CreateWebChatMessageRequest {
    guest_chat::models::CreateWebChatMessageRequest::new("hi")
}

fn message_json() -> Value {
    json!({ "id": "msg-1", "conversation": { "id": "c1" }, "sender": { "id": "m1" }, "body": "hi", "bodyType": "standard", "timestamp": "2024-01-01T00:00:00Z" })
}

/// Room for scheduling on a busy machine.
const SLACK: Duration = Duration::from_millis(400);

// ---- Retries -------------------------------------------------------------------------

/// A POST answered 429 was not processed, so it is sent again, after the full
/// `Retry-After` (a second, though `max_backoff` is 40 ms).
#[tokio::test]
async fn post_answered_429_is_retried_after_the_full_retry_after() {
    let server = MockServer::start().await;
    let failure = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    let arrivals = scripted(&server, 1, failure, ResponseTemplate::new(200).set_body_json(message_json())).await;

    let sent = guest_client(&server).post_webchat_guest_conversation_member_messages("c1", "m1", message_request()).await.unwrap();

    assert_eq!(sent.id.as_deref(), Some("msg-1"));
    let waits = waits(&arrivals);
    assert_eq!(waits.len(), 1, "one retry");
    assert!(waits[0] >= Duration::from_secs(1) && waits[0] < Duration::from_secs(1) + SLACK, "{waits:?}");
}

/// A `Retry-After` beyond `max_retry_after` is not waited for: the 429 comes back at once,
/// and its rate limit says how long the server asked to wait.
#[tokio::test]
async fn retry_after_beyond_the_ceiling_gives_up_with_the_hint() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30")).mount(&server).await;
    let client = guest_chat::Client::builder()
        .base_url(server.uri())
        .retry_policy(guest_chat::RetryPolicy { max_retry_after: Duration::from_secs(5), ..fast_policy() })
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let api = err.api_error().expect("the 429 itself");
    assert_eq!(api.status.as_u16(), 429);
    assert_eq!(api.rate_limit().retry_after, Some(30));
}

/// Guest chat declares Genesys' `inin-ratelimit-*` headers (seed 003): `rate_limit()`
/// reads them, the remaining count worked out from allowed and used.
#[tokio::test]
async fn declared_rate_limit_headers_are_read() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(member_json())
                .insert_header("inin-ratelimit-allowed", "180")
                .insert_header("inin-ratelimit-count", "3")
                .insert_header("inin-ratelimit-reset", "3"),
        )
        .mount(&server)
        .await;

    let response = guest_client(&server).get_webchat_guest_conversation_member("c1", "m1").send_with_response().await.unwrap();

    let limit = response.rate_limit();
    assert_eq!((limit.limit, limit.remaining, limit.reset, limit.retry_after), (Some(180), Some(177), Some(3), None));
}

/// After a 429 without `Retry-After`, the declared reset header sets the wait, in full.
#[tokio::test]
async fn declared_reset_header_sets_the_wait_after_429() {
    let server = MockServer::start().await;
    let failure = ResponseTemplate::new(429).insert_header("inin-ratelimit-reset", "1");
    let arrivals = scripted(&server, 1, failure, ResponseTemplate::new(200).set_body_json(member_json())).await;

    guest_client(&server).get_webchat_guest_conversation_member("c1", "m1").await.unwrap();

    let waits = waits(&arrivals);
    assert!(waits[0] >= Duration::from_secs(1) && waits[0] < Duration::from_secs(1) + SLACK, "{waits:?}");
}

fn ultracart_client(server: &MockServer) -> ultracart::Client {
    ultracart::Client::builder()
        .base_url(server.uri())
        .retry_policy(ultracart::RetryPolicy { max_retries: 3, initial_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(40), ..Default::default() })
        .ultra_cart_simple_api_key("uc-key")
        .build()
        .unwrap()
}

/// `startConversation` is a PUT that creates (`x-idempotent: false`): after a 503 the
/// server may have started a conversation, so it is not sent again.
#[tokio::test]
async fn creating_put_is_not_retried_after_503() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;

    let err = ultracart_client(&server).start_conversation(Default::default()).await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// ... but after a 429 it is: the server did not process it.
#[tokio::test]
async fn creating_put_is_retried_after_429() {
    let server = MockServer::start().await;
    scripted(&server, 1, ResponseTemplate::new(429), ResponseTemplate::new(200).set_body_json(json!({}))).await;

    ultracart_client(&server).start_conversation(Default::default()).await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Another PUT (joining a conversation, idempotent) is retried after a 503.
#[tokio::test]
async fn idempotent_put_is_retried_after_503() {
    let server = MockServer::start().await;
    scripted(&server, 1, ResponseTemplate::new(503), ResponseTemplate::new(200)).await;

    ultracart_client(&server).join_conversation("c1").await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---- Timeouts -------------------------------------------------------------------------

/// A server that accepts connections and never answers; counts the connections.
async fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            open.push(socket);
        }
    });
    (url, connections)
}

/// With `timeout(2 s)` and the default retry policy, a GET to a server that never answers
/// fails after about 2 s in all (it took 9.4 s when the timeout was per attempt).
#[tokio::test]
async fn silent_server_fails_at_the_operation_deadline() {
    let (url, _) = silent_server().await;
    let client = guest_chat::Client::builder().base_url(url).timeout(Some(Duration::from_secs(2))).guest_chat_jwt(JWT).build().unwrap();
    let started = Instant::now();

    let err = client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    let took = started.elapsed();
    println!("GET to a silent server with timeout(2s) failed after {took:?}");
    assert!(matches!(err, guest_chat::Error::Deadline { deadline, .. } if deadline == Duration::from_secs(2)), "{err:?}");
    assert!(err.is_timeout());
    assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(3), "{took:?}");
}

/// A shorter `attempt_timeout` leaves room for retries within the deadline: each attempt
/// gets its own connection, and the last one's timeout is the error.
#[tokio::test]
async fn attempt_timeout_retries_within_the_deadline() {
    let (url, connections) = silent_server().await;
    let client = guest_chat::Client::builder()
        .base_url(url)
        .timeout(Some(Duration::from_secs(10)))
        .attempt_timeout(Some(Duration::from_millis(200)))
        .retry_policy(guest_chat::RetryPolicy { max_retries: 2, ..fast_policy() })
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    assert!(matches!(err, guest_chat::Error::Timeout(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(connections.load(Ordering::SeqCst), 3, "three attempts");
}

/// A POST that timed out may have been processed: it is not sent again.
#[tokio::test]
async fn post_that_timed_out_is_not_retried() {
    let (url, connections) = silent_server().await;
    let client = guest_chat::Client::builder()
        .base_url(url)
        .attempt_timeout(Some(Duration::from_millis(200)))
        .retry_policy(fast_policy())
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();

    let err = client.post_webchat_guest_conversation_member_messages("c1", "m1", message_request()).await.unwrap_err();

    assert!(matches!(err, guest_chat::Error::Timeout(_)), "{err:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

/// A retry whose wait would end after the deadline is not made: the response comes back
/// now rather than a deadline error later.
#[tokio::test]
async fn a_wait_past_the_deadline_returns_the_response_now() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "5")).mount(&server).await;
    let client = guest_chat::Client::builder()
        .base_url(server.uri())
        .timeout(Some(Duration::from_secs(1)))
        .retry_policy(fast_policy())
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();
    let started = Instant::now();

    let err = client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(started.elapsed() < Duration::from_millis(800), "{:?}", started.elapsed());
}

// ---- Credentials stay with their origin -------------------------------------------------

/// A second origin (another port on loopback) that records whatever reaches it.
async fn elsewhere() -> MockServer {
    let other = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&other).await;
    other
}

/// Redirects every request on `server` to the same path on `other`.
async fn redirect_all(server: &MockServer, other: &MockServer, status: u16) {
    let target = format!("{}/moved", other.uri());
    Mock::given(any()).respond_with(ResponseTemplate::new(status).insert_header("Location", target.as_str())).mount(server).await;
}

async fn assert_refused<T: std::fmt::Debug>(result: Result<T, impl std::fmt::Debug + std::fmt::Display>, other: &MockServer) {
    let err = result.expect_err("a cross-origin redirect is refused");
    let text = format!("{err} {err:?}");
    assert!(text.contains("CrossOriginRedirect") && text.contains(&other.uri()), "{text}");
    assert!(other.received_requests().await.unwrap().is_empty(), "nothing may reach the other origin");
}

/// Guest chat's bearer JWT is not carried to another origin by a 302 or a 307.
#[tokio::test]
async fn bearer_token_is_not_redirected_to_another_origin() {
    for status in [302, 307] {
        let (server, other) = (MockServer::start().await, elsewhere().await);
        redirect_all(&server, &other, status).await;

        assert_refused(guest_client(&server).get_webchat_guest_conversation_member("c1", "m1").await, &other).await;
        assert_refused(guest_client(&server).post_webchat_guest_conversation_member_messages("c1", "m1", message_request()).await, &other).await;
    }
}

/// UltraCart's simple API key header (which reqwest would pass on) and its OAuth bearer
/// token stay with UltraCart.
#[tokio::test]
async fn ultracart_credentials_are_not_redirected_to_another_origin() {
    let (server, other) = (MockServer::start().await, elsewhere().await);
    redirect_all(&server, &other, 302).await;
    let with_key = ultracart::Client::builder().base_url(server.uri()).ultra_cart_simple_api_key("uc-key-SECRET").build().unwrap();
    let with_oauth = ultracart::Client::builder().base_url(server.uri()).ultra_cart_oauth("uc-oauth-SECRET").build().unwrap();

    assert_refused(with_key.get_conversation("c1").await, &other).await;
    assert_refused(with_oauth.get_conversation("c1").await, &other).await;
    assert_refused(with_key.start_conversation(Default::default()).await, &other).await;
}

/// Engage's Basic credentials, session cookie and CSRF token stay with GWS: the session is
/// set up by a first response, then a POST (which carries the CSRF header) is redirected.
#[tokio::test]
async fn engage_credentials_session_and_csrf_are_not_redirected_to_another_origin() {
    let (server, other) = (MockServer::start().await, elsewhere().await);
    Mock::given(method("GET"))
        .and(path("/api/v2/me/chats"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "statusCode": 0 }))
                .insert_header("set-cookie", "JSESSIONID=session-SECRET; Path=/")
                .insert_header("X-CSRF-HEADER", "X-CSRF-TOKEN")
                .insert_header("X-CSRF-TOKEN", "csrf-SECRET"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    redirect_all(&server, &other, 307).await;
    let client = engage::Client::builder().base_url(server.uri()).basic_auth("agent", "engage-SECRET").build().unwrap();
    client.get_chats().await.unwrap();
    let reject = engage::models::ChatOperation::Reject(engage::models::ChatReject::new());

    assert_refused(client.post_chat_operation("chat-1", reject).await, &other).await;
    assert_refused(client.get_chats().await, &other).await;
    // The POST did carry the session to its own origin: the refusal is about the other one.
    let sent = server.received_requests().await.unwrap();
    let post = sent.iter().find(|r| r.method.as_str() == "POST").unwrap();
    assert_eq!(post.headers.get("x-csrf-token").map(|v| v.to_str().unwrap()), Some("csrf-SECRET"));
    assert!(post.headers.get("cookie").is_some_and(|c| c.to_str().unwrap().contains("JSESSIONID=session-SECRET")));
}

/// A redirect within the origin is followed, credentials and all.
#[tokio::test]
async fn same_origin_redirect_is_followed_with_credentials() {
    let server = MockServer::start().await;
    let target = format!("{}/rest/v2/moved", server.uri());
    Mock::given(path("/rest/v2/moved")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(302).insert_header("Location", target.as_str())).mount(&server).await;
    let client = ultracart::Client::builder().base_url(format!("{}/rest/v2", server.uri())).ultra_cart_simple_api_key("uc-key").build().unwrap();

    client.get_conversation("c1").await.unwrap();

    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].url.path(), "/rest/v2/moved");
    assert_eq!(sent[1].headers.get("x-ultracart-simple-key").map(|v| v.to_str().unwrap()), Some("uc-key"));
}

/// A `next` link naming another host gives only its cursor: the next page is asked of the
/// client's own server, so the JWT never goes to the link's host.
#[tokio::test]
async fn next_link_to_another_origin_is_read_for_its_cursor_only() {
    let (server, other) = (MockServer::start().await, elsewhere().await);
    let next = format!("{}/api/v2/webchat/guest/conversations/c1/messages?after=cursor-2", other.uri());
    Mock::given(wiremock::matchers::query_param("after", "cursor-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": [message_json()] })))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": [message_json()], "next": next })))
        .mount(&server)
        .await;

    let messages: Vec<_> = futures::TryStreamExt::try_collect(guest_client(&server).get_webchat_guest_conversation_messages("c1").into_stream()).await.unwrap();

    assert_eq!(messages.len(), 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert!(other.received_requests().await.unwrap().is_empty());
}

// ---- Bounded reads --------------------------------------------------------------------

/// A body whose `Content-Length` passes the limit fails before it is read.
#[tokio::test]
async fn body_over_the_limit_fails_clearly() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096))).mount(&server).await;
    let client = guest_chat::Client::builder().base_url(server.uri()).max_response_bytes(1024).guest_chat_jwt(JWT).build().unwrap();

    let err = client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    assert!(matches!(err, guest_chat::Error::BodyTooLarge { limit: 1024, .. }), "{err:?}");
    assert!(err.to_string().contains("1024 bytes"), "{err}");
}

/// A chunked body with no length, streaming without end, fails once the bytes read pass
/// the limit instead of filling memory.
#[tokio::test]
async fn endless_chunked_body_stops_at_the_limit() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("{:x}\r\n{}\r\n", 1024, " ".repeat(1024));
        while socket.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let client = guest_chat::Client::builder().base_url(url).max_response_bytes(256 * 1024).guest_chat_jwt(JWT).build().unwrap();

    let err = client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    assert!(matches!(err, guest_chat::Error::BodyTooLarge { limit: 262_144, .. }), "{err:?}");
}

// ---- Logging --------------------------------------------------------------------------

/// Retries are WARN and the final failure ERROR, each in the operation's span with its id,
/// method, URL, attempt and the correlation id the server sent; with the subscriber at
/// WARN, the DEBUG detail stays out.
#[tokio::test]
async fn retries_warn_failures_error_in_the_operation_span() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::WARN));
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503).insert_header("inin-correlation-id", "corr-503")).mount(&server).await;
    let client = guest_chat::Client::builder()
        .base_url(server.uri())
        .retry_policy(guest_chat::RetryPolicy { max_retries: 1, ..fast_policy() })
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();

    client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap_err();

    let (warn, error) = (logs.lines_at("WARN"), logs.lines_at("ERROR"));
    assert_eq!(warn.len(), 1, "{}", logs.text());
    assert!(warn[0].contains("retrying") && warn[0].contains("status=503"), "{}", warn[0]);
    assert!(error.iter().any(|l| l.contains("error response") && l.contains("status=503")), "{}", logs.text());
    for line in warn.iter().chain(&error) {
        assert!(line.contains("operation{operation=\"getWebchatGuestConversationMember\""), "{line}");
        assert!(line.contains("method=GET") && line.contains("/api/v2/webchat/guest/conversations/c1/members/m1"), "{line}");
        assert!(line.contains("correlation_id=\"corr-503\""), "{line}");
    }
    assert!(error.iter().any(|l| l.contains("attempt=2")), "{}", logs.text());
    assert!(logs.lines_at("DEBUG").is_empty() && !logs.text().contains("sending request"));
    assert!(!logs.text().contains(JWT));
}

/// Headers are TRACE, with credential values redacted; the correlation id shows.
#[tokio::test]
async fn headers_are_trace_and_redacted() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({})).insert_header("X-UltraCart-Request-Id", "uc-req-7")).mount(&server).await;
    let key = "uc-simple-key-SECRET";
    let client = ultracart::Client::builder().base_url(server.uri()).ultra_cart_simple_api_key(key).build().unwrap();

    client.get_conversation("c1").await.unwrap();

    let trace = logs.lines_at("TRACE").into_iter().filter(|l| l.contains("headers")).collect::<Vec<_>>().join("\n");
    assert!(trace.contains("request headers") && trace.contains("x-ultracart-simple-key"), "{trace}");
    assert!(trace.contains("response headers") && trace.contains("uc-req-7"), "{trace}");
    assert!(logs.text().contains("correlation_id=\"uc-req-7\""), "{}", logs.text());
    assert!(!logs.text().contains(key), "{}", logs.text());
}

/// A real-shaped JWT in the create response's `eventStreamUri` path (the live service's
/// `wss://.../token/<jwt>`) is redacted in logged bodies, as is one in a request URL.
#[tokio::test]
async fn tokens_in_urls_are_redacted_in_logs() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJndWVzdCIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLVNFQ1JFVA";
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "conv-1",
            "jwt": jwt,
            "eventStreamUri": format!("wss://streaming.mypurecloud.com/v2/token/{jwt}"),
            "member": { "id": "member-1" }
        })))
        .mount(&server)
        .await;
    let client = guest_chat::Client::builder().base_url(server.uri()).log_bodies(true).guest_chat_jwt(JWT).build().unwrap();
    let request: guest_chat::models::CreateWebChatConversationRequest = serde_json::from_value(json!({
        "organizationId": "org",
        "deploymentId": "dep",
        "routingTarget": { "targetType": "QUEUE", "targetAddress": "Support" },
        "memberInfo": { "displayName": "Ann" }
    }))
    .unwrap();

    client.post_webchat_guest_conversations(request).await.unwrap();
    // A token where an id belongs, in the path of a request URL.
    let _ = client.get_webchat_guest_conversation_member(jwt, "m1").await;

    let text = logs.text();
    assert!(text.contains("wss://streaming.mypurecloud.com/v2/token/<redacted>"), "{text}");
    assert!(text.contains("/api/v2/webchat/guest/conversations/<redacted>/members/m1"), "{text}");
    assert!(!text.contains(jwt) && !text.contains("c2lnbmF0dXJlLVNFQ1JFVA"), "{text}");
}

// ---- Proxy ----------------------------------------------------------------------------

/// REST calls go through the builder's proxy (a loopback server standing in for it sees
/// the request for the API's host), except to hosts its `NO_PROXY` list names.
#[tokio::test]
async fn rest_calls_go_through_the_builder_proxy() {
    let proxy = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(member_json())).mount(&proxy).await;
    let via_proxy = reqwest::Proxy::http(proxy.uri()).unwrap();
    // Plain HTTP to a host that is not this machine is refused unless allowed: the proxy
    // on loopback stands in for that network here.
    let client = guest_chat::Client::builder()
        .base_url("http://api.example.invalid")
        .allow_plain_http(true)
        .proxy(via_proxy)
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();

    client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap();

    let seen = proxy.received_requests().await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers.get("host").map(|h| h.to_str().unwrap()), Some("api.example.invalid"));
    assert!(seen[0].url.path().ends_with("/conversations/c1/members/m1"), "{}", seen[0].url);

    let direct = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(member_json())).mount(&direct).await;
    let bypassed = reqwest::Proxy::http(proxy.uri()).unwrap().no_proxy(reqwest::NoProxy::from_string("127.0.0.1"));
    let client = guest_chat::Client::builder().base_url(direct.uri()).proxy(bypassed).guest_chat_jwt(JWT).build().unwrap();

    client.get_webchat_guest_conversation_member("c1", "m1").await.unwrap();

    assert_eq!(direct.received_requests().await.unwrap().len(), 1);
    assert_eq!(proxy.received_requests().await.unwrap().len(), 1, "nothing more went through the proxy");
}

/// A transport error names its URL, in the caller's message and in the logs; a token in
/// that URL is redacted there too.
#[tokio::test]
async fn transport_errors_show_their_url_without_tokens() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber(tracing::Level::TRACE));
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdCJ9.c2lnbmF0dXJlLVNFQ1JFVA";
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = guest_chat::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(guest_chat::RetryPolicy { max_retries: 1, ..fast_policy() })
        .guest_chat_jwt(JWT)
        .build()
        .unwrap();

    let err = client.get_webchat_guest_conversation_member(jwt, "m1").await.unwrap_err();

    let shown = format!("{err} {err:?} {}", logs.text());
    assert!(matches!(err, guest_chat::Error::Transport(_)), "{err:?}");
    assert!(shown.contains("/members/m1"), "the URL still shows: {shown}");
    assert!(!shown.contains("c2lnbmF0dXJlLVNFQ1JFVA"), "{shown}");
}
