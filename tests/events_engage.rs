//! The Engage CometD notifications (`Client::chat_notifications`) against a small Bayeux
//! server on 127.0.0.1: handshake, subscribe and long-poll connect over the client's own
//! HTTP session (Basic credentials and cookies on every request), forced re-handshakes
//! (`402::Unknown client` with `advice.reconnect = handshake`, and HTTP 402) each followed
//! by a new subscription, every notification decoded exactly once across them, refusals
//! and undecodable notifications as typed errors, and a bound on endless re-handshakes;
//! long polls lost in transit (503, a server that never answers) sent again with backoff
//! up to the retry budget; REST and the stream through the client's proxy.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use genesys_engage_chat::events::EventError;
use genesys_engage_chat::models::{ChatNotification, ChatStateChangeMessageNotificationType};
use genesys_engage_chat::{Client, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[path = "support/proxy.rs"]
mod proxy;
use proxy::Proxy;

const LIMIT: Duration = Duration::from_secs(20);
const CHANNEL: &str = "/v2/me/chats";
/// `base64("agent:secret")`.
const BASIC: &str = "Basic YWdlbnQ6c2VjcmV0";

/// What the server does when a client connects with a valid, subscribed client id.
enum Connect {
    /// Success, with these notifications (`data` of messages on the channel).
    Deliver(Vec<Value>),
    /// `successful: false`, `402::Unknown client`, `advice.reconnect = handshake`.
    UnknownClient,
    /// HTTP status 402.
    Http402,
    /// HTTP status 503: the long poll failed in transit; the client id stays valid.
    Http503,
    /// No answer for far longer than the client's timeout.
    Silent,
    /// Success with `advice.reconnect = none`: the stream should end.
    Stop,
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    channel: String,
    client_id: Option<String>,
    subscription: Option<String>,
    authorization: Option<String>,
    cookie: Option<String>,
}

#[derive(Default)]
struct State {
    issued: u32,
    current: Option<String>,
    subscribed: bool,
    connects: VecDeque<Connect>,
    seen: Vec<Seen>,
    /// Notifications to send with the next subscribe reply.
    with_subscribe: Vec<Value>,
    /// Handshakes to refuse before accepting one.
    refuse_handshakes: u32,
}

/// A Bayeux server playing a script of connect outcomes.
#[derive(Clone, Default)]
struct Bayeux(Arc<Mutex<State>>);

fn data(notification: &Value) -> Value {
    json!({ "channel": CHANNEL, "data": notification, "id": "srv" })
}

impl Respond for Bayeux {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().expect("state");
        let messages: Vec<Value> = serde_json::from_slice(&request.body).expect("a JSON array of Bayeux messages");
        assert_eq!(messages.len(), 1, "one message per request: {messages:?}");
        let message = &messages[0];
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let channel = message["channel"].as_str().expect("a channel").to_string();
        let client_id = message["clientId"].as_str().map(str::to_string);
        state.seen.push(Seen {
            channel: channel.clone(),
            client_id: client_id.clone(),
            subscription: message["subscription"].as_str().map(str::to_string),
            authorization: header("authorization"),
            cookie: header("cookie"),
        });
        let id = message["id"].clone();
        let known = client_id.is_some() && client_id == state.current;
        let unknown_client = json!([{ "channel": channel, "id": id, "successful": false, "error": "402::Unknown client", "advice": { "reconnect": "handshake", "interval": 0 } }]);
        let reply = match channel.as_str() {
            "/meta/handshake" => {
                if state.refuse_handshakes > 0 {
                    state.refuse_handshakes -= 1;
                    json!([{ "channel": channel, "id": id, "successful": false, "error": "403::Handshake denied", "advice": { "reconnect": "none" } }])
                } else {
                    state.issued += 1;
                    let new_id = format!("client-{}", state.issued);
                    state.current = Some(new_id.clone());
                    state.subscribed = false;
                    let reply = json!([{
                        "channel": channel, "id": id, "successful": true, "clientId": new_id, "version": "1.0",
                        "supportedConnectionTypes": ["long-polling"], "advice": { "reconnect": "retry", "interval": 0, "timeout": 30000 }
                    }]);
                    return ResponseTemplate::new(200)
                        .insert_header("set-cookie", format!("BAYEUX_BROWSER=browser-{}; Path=/", state.issued))
                        .set_body_json(reply);
                }
            }
            "/meta/subscribe" if known => {
                assert_eq!(message["subscription"], CHANNEL);
                state.subscribed = true;
                let mut reply = vec![json!({ "channel": channel, "id": id, "successful": true, "subscription": CHANNEL })];
                reply.extend(state.with_subscribe.drain(..).map(|n| data(&n)));
                Value::Array(reply)
            }
            "/meta/connect" if known => {
                assert!(state.subscribed, "connect before subscribing with {client_id:?}");
                assert_eq!(message["connectionType"], "long-polling");
                match state.connects.pop_front().unwrap_or(Connect::Stop) {
                    Connect::Deliver(notifications) => {
                        let mut reply: Vec<Value> = notifications.iter().map(data).collect();
                        // The meta reply need not come first.
                        reply.insert(reply.len() / 2, json!({ "channel": channel, "id": id, "successful": true, "advice": { "reconnect": "retry", "interval": 0 } }));
                        // A message on another channel is not for this stream.
                        reply.push(json!({ "channel": "/v2/me/devices", "data": { "messageType": "DeviceStateChangeMessage" } }));
                        Value::Array(reply)
                    }
                    Connect::UnknownClient => {
                        state.current = None;
                        unknown_client
                    }
                    Connect::Http402 => {
                        state.current = None;
                        return ResponseTemplate::new(402);
                    }
                    Connect::Http503 => return ResponseTemplate::new(503),
                    Connect::Silent => {
                        let reply = json!([{ "channel": channel, "id": id, "successful": true, "advice": { "reconnect": "retry", "interval": 0 } }]);
                        return ResponseTemplate::new(200).set_delay(Duration::from_secs(30)).set_body_json(reply);
                    }
                    Connect::Stop => json!([{ "channel": channel, "id": id, "successful": true, "advice": { "reconnect": "none" } }]),
                }
            }
            _ => unknown_client,
        };
        ResponseTemplate::new(200).set_body_json(reply)
    }
}

impl Bayeux {
    fn new(connects: Vec<Connect>) -> Self {
        let bayeux = Bayeux::default();
        bayeux.0.lock().expect("state").connects = connects.into();
        bayeux
    }

    fn seen(&self) -> Vec<Seen> {
        self.0.lock().expect("state").seen.clone()
    }
}

/// A client for `server` whose retry policy allows `retries` quick retries.
fn retrying_client(server: &MockServer, retries: u32, proxy: Option<&str>) -> Client {
    let policy = RetryPolicy { max_retries: retries, initial_backoff: Duration::from_millis(20), max_backoff: Duration::from_millis(100), ..RetryPolicy::default() };
    let mut builder = Client::builder().base_url(server.uri()).retry_policy(policy).basic_auth("agent", "secret").timeout(Some(Duration::from_millis(500)));
    if let Some(proxy) = proxy {
        builder = builder.proxy(reqwest::Proxy::all(proxy).expect("a proxy URL"));
    }
    builder.build().expect("client builds")
}

#[tokio::test]
async fn a_long_poll_lost_in_transit_is_sent_again_and_nothing_is_lost() {
    let bayeux = Bayeux::new(vec![
        Connect::Deliver(vec![new_messages(1)]),
        Connect::Http503,
        Connect::Http503,
        Connect::Deliver(vec![new_messages(2)]),
        Connect::Stop,
    ]);
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v2/notifications")).respond_with(bayeux.clone()).mount(&server).await;
    let client = retrying_client(&server, 2, None);

    let items = drain(&client).await;
    let got: Vec<String> = items.iter().map(|i| describe(i.as_ref().expect("no error reaches the stream"))).collect();
    assert_eq!(got, ["message message 1", "message message 2"]);
    let channels: Vec<String> = bayeux.seen().into_iter().map(|s| s.channel).collect();
    assert_eq!(channels.iter().filter(|c| *c == "/meta/handshake").count(), 1, "the client id survived the failed polls: {channels:?}");

    // Past the retry budget the stream ends with the failure.
    let bayeux = Bayeux::new(vec![Connect::Http503, Connect::Http503, Connect::Deliver(vec![new_messages(9)])]);
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v2/notifications")).respond_with(bayeux.clone()).mount(&server).await;
    let items = drain(&retrying_client(&server, 1, None)).await;
    match items.as_slice() {
        [Err(err)] => assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}"),
        other => panic!("expected one 503 error, got {other:?}"),
    }
}

/// A long poll the server never answers is bounded by the client's timeout, sent again,
/// and after the retry budget ends the stream with the timeout.
#[tokio::test]
async fn a_silent_long_poll_times_out_is_retried_then_ends_the_stream() {
    let bayeux = Bayeux::new(vec![Connect::Silent, Connect::Deliver(vec![new_messages(1)]), Connect::Silent, Connect::Silent]);
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v2/notifications")).respond_with(bayeux.clone()).mount(&server).await;
    let started = std::time::Instant::now();
    let items = drain(&retrying_client(&server, 1, None)).await;
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    match items.as_slice() {
        [Ok(first), Err(err)] if err.is_timeout() => assert_eq!(describe(first), "message message 1"),
        other => panic!("expected the message after one retried timeout, then a timeout: {other:?}"),
    }
    let connects = bayeux.seen().iter().filter(|s| s.channel == "/meta/connect").count();
    assert_eq!(connects, 4, "silent, retried, delivered, silent, retried once more");
}

#[tokio::test]
async fn rest_and_the_cometd_stream_both_go_through_the_clients_proxy() {
    let proxy = Proxy::start().await;
    let bayeux = Bayeux::new(vec![Connect::Deliver(vec![new_messages(1)]), Connect::Stop]);
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v2/notifications")).respond_with(bayeux.clone()).mount(&server).await;
    Mock::given(method("GET")).and(path("/api/v2/me/chats")).respond_with(ResponseTemplate::new(200).set_body_json(json!({ "statusCode": 0, "chats": [] }))).mount(&server).await;
    let client = retrying_client(&server, 0, Some(&proxy.url));

    client.get_chats().await.expect("REST works through the proxy");
    let items = drain(&client).await;
    assert_eq!(items.len(), 1, "{items:?}");
    let seen = proxy.seen();
    let host = server.uri();
    assert!(seen.iter().any(|line| line.starts_with("GET ") && line.contains(&format!("{host}/api/v2/me/chats"))), "{seen:?}");
    assert!(seen.iter().any(|line| line.starts_with("POST ") && line.contains(&format!("{host}/api/v2/notifications"))), "{seen:?}");
}

async fn start(bayeux: &Bayeux) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v2/notifications")).respond_with(bayeux.clone()).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .basic_auth("agent", "secret")
        .build()
        .expect("client builds");
    (server, client)
}

fn state_change(reference: i64) -> Value {
    json!({
        "messageType": "ChatStateChangeMessage",
        "notificationType": "StatusChange",
        "referenceId": reference,
        "chat": { "id": "chat-1", "state": "Chatting" }
    })
}

fn new_messages(index: i32) -> Value {
    json!({
        "messageType": "MessageLogUpdated",
        "notificationType": "NewMessages",
        "messages": [{ "index": index, "type": "Text", "text": format!("message {index}") }],
        "chatUri": "http://localhost:8080/api/v2/chats/chat-1"
    })
}

/// A short, comparable description of a notification.
fn describe(notification: &ChatNotification) -> String {
    match notification {
        ChatNotification::ChatStateChangeMessage(m) => {
            assert_eq!(m.notification_type, Some(ChatStateChangeMessageNotificationType::StatusChange));
            format!("state {}", m.reference_id.expect("a reference id"))
        }
        ChatNotification::MessageLogUpdated(m) => {
            let messages = m.messages.as_deref().expect("messages");
            format!("message {}", messages[0].text.as_deref().expect("text"))
        }
        ChatNotification::Unknown(raw) => format!("unknown {}", raw["messageType"]),
        other => panic!("a notification the test does not expect: {other:?}"),
    }
}

async fn drain(client: &Client) -> Vec<Result<ChatNotification, Error>> {
    tokio::time::timeout(LIMIT, async {
        let stream = client.chat_notifications().await.expect("handshake and subscription succeed");
        stream.collect::<Vec<_>>().await
    })
    .await
    .expect("the stream ends in time")
}

#[tokio::test]
async fn notifications_arrive_once_each_across_forced_rehandshakes() {
    let bayeux = Bayeux::new(vec![
        Connect::Deliver(vec![state_change(1), new_messages(1)]),
        Connect::UnknownClient,
        Connect::Deliver(vec![new_messages(2)]),
        Connect::Deliver(vec![]),
        Connect::Http402,
        Connect::Deliver(vec![state_change(2), new_messages(3), json!({ "messageType": "ChatFutureMessage", "x": 1 })]),
        Connect::Stop,
    ]);
    bayeux.0.lock().expect("state").with_subscribe = vec![state_change(0)];
    let (_server, client) = start(&bayeux).await;

    let items = drain(&client).await;
    let got: Vec<String> = items.iter().map(|i| describe(i.as_ref().expect("every notification decodes"))).collect();
    assert_eq!(
        got,
        [
            "state 0",
            "state 1",
            "message message 1",
            "message message 2",
            "state 2",
            "message message 3",
            "unknown \"ChatFutureMessage\"",
        ],
        "each notification exactly once, in order, unknown kinds kept"
    );

    let seen = bayeux.seen();
    let channels: Vec<&str> = seen.iter().map(|s| s.channel.as_str()).collect();
    assert_eq!(
        channels,
        [
            "/meta/handshake", "/meta/subscribe", "/meta/connect", "/meta/connect",
            "/meta/handshake", "/meta/subscribe", "/meta/connect", "/meta/connect", "/meta/connect",
            "/meta/handshake", "/meta/subscribe", "/meta/connect", "/meta/connect",
        ],
        "a new handshake and subscription after each forced re-handshake"
    );
    // Every request after a handshake carries the client id that handshake issued.
    let mut current = None;
    for s in &seen {
        if s.channel == "/meta/handshake" {
            assert_eq!(s.client_id, None, "a handshake carries no client id");
            current = Some(format!("client-{}", seen.iter().take_while(|x| !std::ptr::eq(*x, s)).filter(|x| x.channel == "/meta/handshake").count() + 1));
        } else {
            assert_eq!(s.client_id, current, "{s:?}");
        }
        assert_eq!(s.authorization.as_deref(), Some(BASIC), "Basic credentials on every request: {s:?}");
    }
    assert!(seen.iter().filter(|s| s.channel == "/meta/subscribe").all(|s| s.subscription.as_deref() == Some(CHANNEL)));
    // The session cookie the server set is sent back (the client keeps a cookie store).
    assert!(seen[0].cookie.is_none());
    assert!(seen[1..].iter().all(|s| s.cookie.as_deref().is_some_and(|c| c.contains("BAYEUX_BROWSER=browser-"))), "{seen:#?}");
}

#[tokio::test]
async fn an_undecodable_notification_is_an_error_and_the_stream_goes_on() {
    let broken = json!({ "messageType": "ChatStateChangeMessage", "referenceId": "not a number" });
    let bayeux = Bayeux::new(vec![Connect::Deliver(vec![broken, state_change(7)]), Connect::Stop]);
    let (_server, client) = start(&bayeux).await;
    let items = drain(&client).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    match &items[0] {
        Err(Error::Event(err)) => match err.as_ref() {
            EventError::Decode { stream, text, .. } => {
                assert_eq!(*stream, "chat-notifications");
                assert!(text.contains("not a number"), "the raw data is kept: {text}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        },
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(describe(items[1].as_ref().expect("decodes")), "state 7");
}

#[tokio::test]
async fn a_refused_handshake_is_a_typed_error_before_any_stream() {
    let bayeux = Bayeux::new(vec![]);
    bayeux.0.lock().expect("state").refuse_handshakes = 1;
    let (_server, client) = start(&bayeux).await;
    let result = tokio::time::timeout(LIMIT, client.chat_notifications()).await.expect("in time");
    match result {
        Err(Error::Event(err)) => match err.as_ref() {
            EventError::Bayeux { channel, message, .. } => {
                assert_eq!(channel, "/meta/handshake");
                assert_eq!(message, "403::Handshake denied");
            }
            other => panic!("expected a Bayeux error, got {other:?}"),
        },
        other => panic!("expected a Bayeux error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_http_error_on_the_handshake_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/notifications"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "statusCode": 20, "statusMessage": "Access denied" })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).basic_auth("agent", "wrong").build().expect("client builds");
    let result = tokio::time::timeout(LIMIT, client.chat_notifications()).await.expect("in time");
    let err = result.expect_err("the handshake fails");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
}

#[tokio::test]
async fn a_server_that_keeps_asking_for_handshakes_ends_the_stream_with_an_error() {
    let bayeux = Bayeux::new((0..20).map(|_| Connect::UnknownClient).collect());
    let (_server, client) = start(&bayeux).await;
    let items = drain(&client).await;
    assert_eq!(items.len(), 1, "{items:#?}");
    match &items[0] {
        Err(Error::Event(err)) => assert!(matches!(err.as_ref(), EventError::Bayeux { .. }), "{err:?}"),
        other => panic!("expected a Bayeux error, got {other:?}"),
    }
    let handshakes = bayeux.seen().iter().filter(|s| s.channel == "/meta/handshake").count();
    assert!((2..=6).contains(&handshakes), "a bounded number of handshakes: {handshakes}");
}

/// A `NewMessages` notification whose text is `length` bytes long.
fn long_message(length: usize) -> Value {
    let mut notification = new_messages(0);
    notification["messages"][0]["text"] = json!("x".repeat(length));
    notification
}

#[tokio::test]
async fn a_long_poll_reply_over_the_size_limit_ends_the_stream_with_body_too_large() {
    const LIMIT_BYTES: u64 = 4096;
    // Handshake, subscribe and the first reply fit; the second reply does not, and is
    // neither polled again (the retry budget would allow it) nor followed by the third.
    let bayeux = Bayeux::new(vec![
        Connect::Deliver(vec![long_message(2000)]),
        Connect::Deliver(vec![long_message(5000)]),
        Connect::Deliver(vec![new_messages(3)]),
    ]);
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v2/notifications")).respond_with(bayeux.clone()).mount(&server).await;
    let policy = RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(20), max_backoff: Duration::from_millis(100), ..RetryPolicy::default() };
    let client = Client::builder().base_url(server.uri()).retry_policy(policy).basic_auth("agent", "secret").max_response_bytes(LIMIT_BYTES).build().expect("client builds");

    let items = drain(&client).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    assert_eq!(describe(items[0].as_ref().expect("the reply under the limit decodes")), format!("message {}", "x".repeat(2000)));
    match &items[1] {
        Err(err @ Error::BodyTooLarge { operation, limit }) => {
            assert_eq!((*operation, *limit), ("chat-notifications", LIMIT_BYTES), "{err:?}");
            let shown = err.to_string();
            assert!(shown.contains("`chat-notifications`") && shown.contains("4096") && shown.contains("max_response_bytes"), "{shown}");
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    let connects = bayeux.seen().iter().filter(|s| s.channel == "/meta/connect").count();
    assert_eq!(connects, 2, "the oversized reply ends the stream: no further long poll");
}
