//! The guest chat event stream (`Client::events`) against a local WebSocket server that
//! plays scripted conversations: every message kind decodes into its typed variant (and
//! unknown kinds into raw JSON), pings are answered, a close frame ends the stream cleanly,
//! undecodable messages are reported without ending the stream, and failures are typed
//! errors. The socket takes the client's road: its proxy (builder, `HTTP_PROXY`,
//! `NO_PROXY`) and timeout, with no credential on the handshake; a lost or silent
//! connection is opened again within the retry budget. Everything runs on 127.0.0.1 and
//! is bounded in time.

// The event stream follows the deprecated create operation (every guest chat operation is,
// since SDK 18.0.0); these tests call it on purpose.
#![allow(deprecated)]

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use genesys_cloud_guest_chat::events::{EventError, WebChatEvent, tungstenite};
use genesys_cloud_guest_chat::models::{self, WebChatMemberChangeMemberState, WebChatMessageBodyType};
use genesys_cloud_guest_chat::{Client, Error, RetryPolicy};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/proxy.rs"]
mod proxy;
use proxy::Proxy;

/// Every test finishes well within this, or fails.
const LIMIT: Duration = Duration::from_secs(20);

/// One step of a scripted server.
enum Step {
    Send(Message),
    /// Sends a ping and waits for the client's pong (with the same payload).
    Ping(&'static [u8]),
    /// Sends a close frame and waits for the client's reply.
    Close(u16, &'static str),
    /// Waits for the client to close the connection.
    AwaitClose,
    /// Drops the TCP connection without a close frame.
    Drop,
    /// Sends nothing until the client goes away (or this long has passed).
    Silent(Duration),
}

/// What the server saw the client do.
#[derive(Debug, Default, PartialEq)]
struct Seen {
    pongs: Vec<Vec<u8>>,
    /// Close frames from the client (replies to the server's, or its own).
    close_replies: usize,
    /// The `Authorization` header of the opening handshake, if it had one.
    authorization: Option<String>,
}

/// A WebSocket server on 127.0.0.1 that serves one connection per script, in order.
// The handshake callback's error type is tungstenite's, large or not.
#[allow(clippy::result_large_err)]
async fn serve(scripts: Vec<Vec<Step>>) -> (String, tokio::task::JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let url = format!("ws://{}/v2/conversations/stream", listener.local_addr().expect("local address"));
    let task = tokio::spawn(async move {
        let mut report = Vec::new();
        for script in scripts {
            let (tcp, _) = listener.accept().await.expect("the client connects");
            let mut authorization = None;
            let callback = |request: &tokio_tungstenite::tungstenite::handshake::server::Request, response| {
                authorization = request.headers().get("authorization").map(|v| v.to_str().unwrap_or_default().to_string());
                Ok(response)
            };
            let mut socket = tokio_tungstenite::accept_hdr_async(tcp, callback).await.expect("WebSocket handshake");
            let mut seen = Seen { authorization, ..Seen::default() };
            for step in script {
                match step {
                    Step::Send(message) => socket.send(message).await.expect("send"),
                    Step::Ping(payload) => {
                        socket.send(Message::Ping(payload.to_vec().into())).await.expect("send ping");
                        match socket.next().await {
                            Some(Ok(Message::Pong(pong))) => seen.pongs.push(pong.to_vec()),
                            other => panic!("expected the client's pong, got {other:?}"),
                        }
                    }
                    Step::Close(code, reason) => {
                        let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                        socket.send(Message::Close(Some(frame))).await.expect("send close");
                        while let Some(Ok(message)) = socket.next().await {
                            if let Message::Close(_) = message {
                                seen.close_replies += 1;
                            }
                        }
                    }
                    Step::AwaitClose => {
                        while let Some(Ok(message)) = socket.next().await {
                            if let Message::Close(_) = message {
                                seen.close_replies += 1;
                            }
                        }
                    }
                    Step::Drop => break,
                    Step::Silent(limit) => {
                        let _ = tokio::time::timeout(limit, async { while let Some(Ok(_)) = socket.next().await {} }).await;
                    }
                }
            }
            report.push(seen);
        }
        report
    });
    (url, task)
}

fn text(value: Value) -> Step {
    Step::Send(Message::Text(value.to_string().into()))
}

fn member(id: &str, name: &str, role: &str) -> Value {
    json!({ "id": id, "displayName": name, "role": role, "state": "CONNECTED" })
}

fn message_event(id: &str, sender: Value, body: &str, body_type: &str) -> Value {
    json!({
        "topicName": "v2.conversations.chats.c1.messages",
        "eventBody": {
            "id": id,
            "conversation": { "id": "c1" },
            "sender": sender,
            "body": body,
            "bodyType": body_type,
            "timestamp": "2024-05-06T07:08:09.000Z"
        },
        "metadata": { "CorrelationId": format!("corr-{id}"), "type": "message" }
    })
}

fn member_change_event(id: &str, state: &str) -> Value {
    json!({
        "topicName": "v2.conversations.chats.c1.members",
        "eventBody": { "member": { "id": id, "state": state } },
        "metadata": { "CorrelationId": "corr-member", "type": "member-change" }
    })
}

fn typing_event(sender: Value) -> Value {
    json!({
        "topicName": "v2.conversations.chats.c1.messages",
        "eventBody": {
            "id": "typing-1",
            "conversation": { "id": "c1" },
            "sender": sender,
            "timestamp": "2024-05-06T07:08:10.000Z"
        },
        "metadata": { "type": "typing-indicator" }
    })
}

fn heartbeat() -> Value {
    json!({ "topicName": "channel.metadata", "eventBody": { "message": "WebSocket Heartbeat" } })
}

/// Creates a conversation through a mock REST server whose response names `stream_url`,
/// and returns the client (with its JWT set) and the response.
async fn create_conversation(stream_url: &str) -> (Client, models::CreateWebChatConversationResponse, MockServer) {
    let rest = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/webchat/guest/conversations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "c1",
            "jwt": "jwt-for-c1",
            "eventStreamUri": stream_url,
            "member": { "id": "guest-1", "role": "CUSTOMER" }
        })))
        .mount(&rest)
        .await;
    let client = Client::builder().base_url(rest.uri()).retry_policy(RetryPolicy::disabled()).build().expect("client builds");
    let created = client.post_webchat_guest_conversations(create_request()).await.expect("conversation created");
    client.set_guest_chat_jwt(created.jwt.as_ref().expect("a JWT").expose());
    (client, created, rest)
}

/// Reads the whole stream, with the time limit.
async fn drain<S: futures::Stream + Unpin>(stream: &mut S) -> Vec<S::Item> {
    tokio::time::timeout(LIMIT, stream.collect::<Vec<_>>()).await.expect("the stream ends in time")
}

#[tokio::test]
async fn a_scripted_conversation_decodes_message_by_message_and_ends_on_close() {
    let agent = member("agent-1", "Alice", "AGENT");
    let script = vec![
        text(member_change_event("agent-1", "CONNECTED")),
        text(message_event("m1", agent.clone(), "", "member-join")),
        text(message_event("m2", agent.clone(), "Hello, how can I help?", "standard")),
        Step::Ping(b"still there?"),
        text(typing_event(agent.clone())),
        text(message_event("m3", agent.clone(), "", "member-leave")),
        text(member_change_event("agent-1", "DISCONNECTED")),
        text(heartbeat()),
        text(json!({ "eventBody": {}, "metadata": { "type": "media-request" } })),
        Step::Close(1000, "conversation ended"),
    ];
    let (url, server) = serve(vec![script]).await;
    let (client, created, _rest) = create_conversation(&url).await;

    let mut events = tokio::time::timeout(LIMIT, client.events(&created)).await.expect("in time").expect("stream opens");
    let events_seen = drain(&mut events).await;
    let events_seen: Vec<WebChatEvent> = events_seen.into_iter().map(|e| e.expect("every message decodes")).collect();

    assert_eq!(events_seen.len(), 8, "one event per message, nothing lost or doubled: {events_seen:#?}");
    let WebChatEvent::MemberChange(joined) = &events_seen[0] else { panic!("a member change: {:?}", events_seen[0]) };
    assert_eq!(joined.event_body.member.id.as_deref(), Some("agent-1"));
    assert_eq!(joined.event_body.member.state, Some(WebChatMemberChangeMemberState::Connected));
    assert_eq!(joined.metadata.type_, "member-change");

    let bodies: Vec<(usize, &str, WebChatMessageBodyType, &str)> = events_seen
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            WebChatEvent::Message(m) => Some((i, m.event_body.id.as_deref().unwrap_or_default(), m.event_body.body_type.clone(), m.event_body.body.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        bodies,
        [
            (1, "m1", WebChatMessageBodyType::MemberJoin, ""),
            (2, "m2", WebChatMessageBodyType::Standard, "Hello, how can I help?"),
            (4, "m3", WebChatMessageBodyType::MemberLeave, ""),
        ]
    );
    let WebChatEvent::Message(hello) = &events_seen[2] else { unreachable!() };
    assert_eq!(hello.event_body.sender.display_name.as_deref(), Some("Alice"));
    assert_eq!(hello.topic_name.as_deref(), Some("v2.conversations.chats.c1.messages"));

    let WebChatEvent::TypingIndicator(typing) = &events_seen[3] else { panic!("typing: {:?}", events_seen[3]) };
    assert_eq!(typing.event_body.id, "typing-1");
    assert_eq!(typing.event_body.sender.id.as_deref(), Some("agent-1"));

    let WebChatEvent::MemberChange(left) = &events_seen[5] else { panic!("a member change: {:?}", events_seen[5]) };
    assert_eq!(left.event_body.member.state, Some(WebChatMemberChangeMemberState::Disconnected));

    // Unknown kinds (and messages without a kind) are kept whole, not dropped.
    assert_eq!(events_seen[6], WebChatEvent::Unknown(heartbeat()));
    let WebChatEvent::Unknown(media) = &events_seen[7] else { panic!("unknown: {:?}", events_seen[7]) };
    assert_eq!(WebChatEvent::kind_of(media), Some("media-request"));

    let frame = events.close_frame().expect("the server's close frame is kept");
    assert_eq!((u16::from(frame.code), frame.reason.as_str()), (1000, "conversation ended"));
    let seen = server.await.expect("server task");
    assert_eq!(seen, [Seen { pongs: vec![b"still there?".to_vec()], close_replies: 1, authorization: None }], "the client answers pings and close frames");
}

#[tokio::test]
async fn undecodable_messages_are_errors_and_the_stream_goes_on() {
    let agent = member("agent-1", "Alice", "AGENT");
    let script = vec![
        Step::Send(Message::Text("this is not JSON".into())),
        // A `message` whose body lacks the required `sender` and `timestamp`.
        text(json!({ "eventBody": { "body": "hi", "bodyType": "standard", "conversation": {} }, "metadata": { "type": "message" } })),
        text(message_event("m1", agent, "after the bad ones", "standard")),
        Step::Close(1000, "done"),
    ];
    let (url, server) = serve(vec![script]).await;
    let (client, created, _rest) = create_conversation(&url).await;
    let mut events = client.events(&created).await.expect("stream opens");
    let items = drain(&mut events).await;

    assert_eq!(items.len(), 3, "{items:#?}");
    for (item, raw) in items[..2].iter().zip(["this is not JSON", "\"body\":\"hi\""]) {
        match item {
            Err(Error::Event(err)) => match err.as_ref() {
                EventError::Decode { stream, text, .. } => {
                    assert_eq!(*stream, "events");
                    assert!(text.contains(raw), "the raw message is kept: {text}");
                }
                other => panic!("expected a decode error, got {other:?}"),
            },
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
    match &items[2] {
        Ok(WebChatEvent::Message(m)) => assert_eq!(m.event_body.body, "after the bad ones"),
        other => panic!("expected the good message, got {other:?}"),
    }
    assert_eq!(server.await.expect("server task")[0].close_replies, 1);
}

#[tokio::test]
async fn a_dropped_connection_is_one_typed_error_and_reconnecting_is_the_callers_choice() {
    let agent = member("agent-1", "Alice", "AGENT");
    let first = vec![text(message_event("m1", agent.clone(), "before the drop", "standard")), Step::Drop];
    let second = vec![text(message_event("m2", agent, "after reconnecting", "standard")), Step::Close(1000, "bye")];
    let (url, server) = serve(vec![first, second]).await;
    let (client, created, _rest) = create_conversation(&url).await;

    let mut events = client.events(&created).await.expect("stream opens");
    let items = drain(&mut events).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    assert!(matches!(&items[0], Ok(WebChatEvent::Message(m)) if m.event_body.body == "before the drop"));
    match &items[1] {
        Err(Error::Event(err)) => assert!(matches!(err.as_ref(), EventError::WebSocket { stream: "events", .. }), "{err:?}"),
        other => panic!("expected a WebSocket error, got {other:?}"),
    }
    assert!(events.close_frame().is_none(), "no close frame came");

    // The caller decides to attach again: a new connection, the next messages.
    let mut again = client.events(&created).await.expect("stream opens again");
    let items = drain(&mut again).await;
    assert_eq!(items.len(), 1, "{items:#?}");
    assert!(matches!(&items[0], Ok(WebChatEvent::Message(m)) if m.event_body.body == "after reconnecting"));
    let seen = server.await.expect("server task");
    assert_eq!(seen.len(), 2, "two connections");
}

#[tokio::test]
async fn close_sends_a_close_frame_and_waits_for_the_reply() {
    let (url, server) = serve(vec![vec![Step::Ping(b"p"), Step::AwaitClose]]).await;
    let (client, created, _rest) = create_conversation(&url).await;
    let mut events = client.events(&created).await.expect("stream opens");
    // The server waits for the pong, which the client sends while it is polled.
    let polled = tokio::time::timeout(Duration::from_millis(300), events.next()).await;
    assert!(polled.is_err(), "no message arrives, the ping is answered silently");
    tokio::time::timeout(LIMIT, events.close()).await.expect("in time").expect("closes cleanly");
    assert!(events.next().await.is_none(), "a closed stream yields nothing more");
    assert_eq!(server.await.expect("server task"), [Seen { pongs: vec![b"p".to_vec()], close_replies: 1, authorization: None }]);
}

#[tokio::test]
async fn a_missing_url_or_a_refused_connection_is_a_typed_error() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().expect("client builds");
    let without_url = models::CreateWebChatConversationResponse::default();
    match client.events(&without_url).await {
        Err(Error::Event(err)) => assert!(matches!(err.as_ref(), EventError::NoUrl { field: "eventStreamUri", .. }), "{err:?}"),
        other => panic!("expected NoUrl, got {other:?}"),
    }

    // A port that was just free: nothing listens there any more.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let refused: models::CreateWebChatConversationResponse =
        serde_json::from_value(json!({ "eventStreamUri": format!("ws://{addr}/stream") })).expect("a response");
    // The socket is opened by the client's HTTP client: a refused connection is its
    // transport error, as for any call.
    match tokio::time::timeout(LIMIT, client.events(&refused)).await.expect("in time") {
        Err(Error::Transport(err)) => assert!(err.is_connect(), "{err:?}"),
        other => panic!("expected a connect error, got {other:?}"),
    }
}

/// A client whose retry policy allows `retries` quick retries.
fn retrying_client(rest: &MockServer, retries: u32) -> Client {
    let policy = RetryPolicy { max_retries: retries, initial_backoff: Duration::from_millis(20), max_backoff: Duration::from_millis(100), ..RetryPolicy::default() };
    let client = Client::builder().base_url(rest.uri()).retry_policy(policy).build().expect("client builds");
    client.set_guest_chat_jwt("jwt-for-c1");
    client
}

#[tokio::test]
async fn a_connection_lost_without_a_close_frame_is_opened_again_to_the_same_url() {
    let agent = member("agent-1", "Alice", "AGENT");
    let first = vec![text(message_event("m1", agent.clone(), "before the drop", "standard")), Step::Drop];
    let second = vec![text(message_event("m2", agent, "after reconnecting", "standard")), Step::Close(1000, "bye")];
    let (url, server) = serve(vec![first, second]).await;
    let (_, created, rest) = create_conversation(&url).await;
    let client = retrying_client(&rest, 2);

    let mut events = client.events(&created).await.expect("stream opens");
    let bodies: Vec<String> = drain(&mut events)
        .await
        .into_iter()
        .map(|item| match item {
            Ok(WebChatEvent::Message(m)) => m.event_body.body,
            other => panic!("nothing but the two messages: {other:?}"),
        })
        .collect();
    assert_eq!(bodies, ["before the drop", "after reconnecting"]);
    assert_eq!(events.close_frame().map(|f| f.reason.to_string()).as_deref(), Some("bye"));
    let seen = server.await.expect("server task");
    assert_eq!(seen.len(), 2, "the same URL, opened twice");
    assert!(seen.iter().all(|s| s.authorization.is_none()), "the handshake carries none of the client's credentials: {seen:?}");
}

#[tokio::test]
async fn a_silent_stream_counts_as_lost_after_its_idle_timeout() {
    let agent = member("agent-1", "Alice", "AGENT");
    // The first connection goes quiet (no message, no ping) for far longer than the
    // idle timeout; the second one talks.
    let first = vec![Step::Silent(Duration::from_secs(15))];
    let second = vec![text(message_event("m1", agent, "awake", "standard")), Step::Close(1000, "bye")];
    let (url, _server) = serve(vec![first, second]).await;
    let (_, created, rest) = create_conversation(&url).await;
    let client = retrying_client(&rest, 1);

    let started = std::time::Instant::now();
    let events = client.events(&created).await.expect("stream opens").idle_timeout(Some(Duration::from_millis(300)));
    let mut events = events;
    let first = tokio::time::timeout(LIMIT, events.next()).await.expect("in time");
    assert!(matches!(&first, Some(Ok(WebChatEvent::Message(m))) if m.event_body.body == "awake"), "{first:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "reconnected long before the silent server gave up: {:?}", started.elapsed());

    // Without reconnects, the silence ends the stream with an error.
    let (url, _server) = serve(vec![vec![Step::Silent(Duration::from_secs(15))]]).await;
    let (_, created, rest) = create_conversation(&url).await;
    let client = retrying_client(&rest, 0);
    let mut events = client.events(&created).await.expect("stream opens").idle_timeout(Some(Duration::from_millis(200)));
    let items = drain(&mut events).await;
    match items.as_slice() {
        [Err(Error::Event(err))] => match err.as_ref() {
            EventError::WebSocket { source: tungstenite::Error::Io(io), .. } => assert_eq!(io.kind(), std::io::ErrorKind::TimedOut),
            other => panic!("expected an idle timeout, got {other:?}"),
        },
        other => panic!("expected one idle-timeout error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_handshake_that_never_comes_fails_within_the_client_timeout() {
    // A server that accepts the TCP connection and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let _silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((tcp, _)) = listener.accept().await {
            held.push(tcp);
        }
    });
    let client = Client::builder().base_url("http://127.0.0.1:9").timeout(Some(Duration::from_millis(500))).build().expect("client builds");
    let silent: models::CreateWebChatConversationResponse =
        serde_json::from_value(json!({ "eventStreamUri": format!("ws://{addr}/stream") })).expect("a response");
    let started = std::time::Instant::now();
    match tokio::time::timeout(LIMIT, client.events(&silent)).await.expect("in time") {
        Err(Error::Timeout(_)) => {}
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn rest_and_the_stream_both_go_through_the_clients_proxy() {
    let proxy = Proxy::start().await;
    let agent = member("agent-1", "Alice", "AGENT");
    let (url, _server) = serve(vec![vec![text(message_event("m1", agent, "via the proxy", "standard")), Step::Close(1000, "bye")]]).await;
    let rest = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/webchat/guest/conversations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": "c1", "jwt": "jwt-for-c1", "eventStreamUri": url })))
        .mount(&rest)
        .await;
    let client = Client::builder()
        .base_url(rest.uri())
        .proxy(reqwest::Proxy::all(&proxy.url).expect("a proxy URL"))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds");
    let created = client.post_webchat_guest_conversations(create_request()).await.expect("conversation created");
    let mut events = client.events(&created).await.expect("stream opens");
    let items = drain(&mut events).await;
    assert!(matches!(items.as_slice(), [Ok(WebChatEvent::Message(m))] if m.event_body.body == "via the proxy"), "{items:?}");

    let seen = proxy.seen();
    let rest_host = rest.uri().trim_start_matches("http://").to_string();
    let stream_host = url.trim_start_matches("ws://").split('/').next().unwrap().to_string();
    assert!(seen.iter().any(|line| line.contains(&rest_host)), "REST went through the proxy: {seen:?}");
    assert!(seen.iter().any(|line| line.contains(&stream_host)), "the WebSocket went through the proxy: {seen:?}");
}

/// Variables that choose a proxy; the child process gets only the ones a test sets.
const PROXY_VARIABLES: &[&str] = &["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

/// Runs [`child_creates_a_conversation_and_reads_its_stream`] in a child process of this
/// test binary, with these proxy variables (a process's environment is global, so it is
/// not changed under the other tests), and returns whether it passed.
async fn run_child(rest: &str, variables: &[(&str, &str)]) -> bool {
    let mut command = std::process::Command::new(std::env::current_exe().expect("the test binary"));
    command.args(["--ignored", "--exact", "child_creates_a_conversation_and_reads_its_stream", "--nocapture"]);
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    command.env("GUEST_CHAT_TEST_REST", rest).envs(variables.iter().copied());
    let output = tokio::task::spawn_blocking(move || command.output().expect("the child runs")).await.expect("joined");
    if !output.status.success() {
        eprintln!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    }
    output.status.success()
}

#[tokio::test]
async fn http_proxy_and_no_proxy_from_the_environment_apply_to_the_stream_too() {
    let proxy = Proxy::start().await;
    let agent = member("agent-1", "Alice", "AGENT");
    let script = || vec![text(message_event("m1", agent.clone(), "hello", "standard")), Step::Close(1000, "bye")];
    let (url, _server) = serve(vec![script(), script()]).await;
    let rest = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/webchat/guest/conversations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": "c1", "jwt": "jwt-for-c1", "eventStreamUri": url })))
        .mount(&rest)
        .await;
    let stream_host = url.trim_start_matches("ws://").split('/').next().unwrap().to_string();
    let rest_host = rest.uri().trim_start_matches("http://").to_string();

    assert!(run_child(&rest.uri(), &[("HTTP_PROXY", &proxy.url)]).await, "the child failed through HTTP_PROXY");
    let seen = proxy.seen();
    assert!(seen.iter().any(|line| line.contains(&rest_host)), "REST went through HTTP_PROXY: {seen:?}");
    assert!(seen.iter().any(|line| line.contains(&stream_host)), "the WebSocket went through HTTP_PROXY: {seen:?}");

    assert!(run_child(&rest.uri(), &[("HTTP_PROXY", &proxy.url), ("NO_PROXY", "127.0.0.1")]).await, "the child failed with NO_PROXY");
    assert_eq!(proxy.seen(), seen, "NO_PROXY keeps both REST and the stream off the proxy");
}

/// The child side of the test above: run only by it (with `--ignored`), in a process
/// whose environment names the proxy.
#[tokio::test]
#[ignore = "run by http_proxy_and_no_proxy_from_the_environment_apply_to_the_stream_too in a child process"]
async fn child_creates_a_conversation_and_reads_its_stream() {
    let rest = std::env::var("GUEST_CHAT_TEST_REST").expect("run by the parent test, which sets GUEST_CHAT_TEST_REST");
    let client = Client::builder().base_url(rest).retry_policy(RetryPolicy::disabled()).build().expect("client builds");
    let created = client.post_webchat_guest_conversations(create_request()).await.expect("conversation created");
    let mut events = client.events(&created).await.expect("stream opens");
    let items = drain(&mut events).await;
    assert!(matches!(items.as_slice(), [Ok(WebChatEvent::Message(m))] if m.event_body.body == "hello"), "{items:?}");
}

/// The request that creates a conversation in these tests (its fields do not matter to
/// the mock servers).
fn create_request() -> models::CreateWebChatConversationRequest {
    serde_json::from_value(json!({
        "organizationId": "org",
        "deploymentId": "dep",
        "routingTarget": { "targetType": "QUEUE", "targetAddress": "Support" },
        "memberInfo": { "displayName": "Guest" }
    }))
    .expect("a valid request")
}

/// A `message` event whose JSON text is exactly `bytes` long.
fn message_of_size(id: &str, bytes: usize) -> Value {
    let agent = member("agent-1", "Alice", "AGENT");
    let empty = message_event(id, agent.clone(), "", "standard").to_string().len();
    let event = message_event(id, agent, &"x".repeat(bytes - empty), "standard");
    assert_eq!(event.to_string().len(), bytes);
    event
}

/// Reads `created`'s stream with a client whose size limit is `limit` and which may
/// reconnect twice, so that a reconnect would show (as a second connection the server
/// does not accept, or a message of it).
async fn drain_with_limit(rest: &MockServer, created: &models::CreateWebChatConversationResponse, limit: u64) -> Vec<Result<WebChatEvent, Error>> {
    let policy = RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(20), max_backoff: Duration::from_millis(100), ..RetryPolicy::default() };
    let client = Client::builder().base_url(rest.uri()).retry_policy(policy).max_response_bytes(limit).build().expect("client builds");
    let mut events = client.events(created).await.expect("stream opens");
    drain(&mut events).await
}

fn assert_too_large(item: &Result<WebChatEvent, Error>, limit: u64) {
    match item {
        Err(err @ Error::BodyTooLarge { operation, limit: reported }) => {
            assert_eq!((*operation, *reported), ("events", limit), "{err:?}");
            let shown = err.to_string();
            assert!(shown.contains("`events`") && shown.contains(&limit.to_string()) && shown.contains("max_response_bytes"), "{shown}");
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_message_over_the_size_limit_ends_the_stream_with_body_too_large() {
    const LIMIT_BYTES: u64 = 2048;
    // A message of exactly the limit decodes; one byte more ends the stream, without a
    // reconnect (the second script is never reached) and before the message after it.
    let first = vec![
        text(message_of_size("fits", LIMIT_BYTES as usize)),
        text(message_of_size("too-big", LIMIT_BYTES as usize + 1)),
        text(message_event("after", member("agent-1", "Alice", "AGENT"), "never read", "standard")),
        Step::AwaitClose,
    ];
    let second = vec![text(message_event("reconnected", member("agent-1", "Alice", "AGENT"), "must not come", "standard")), Step::Close(1000, "bye")];
    let (url, server) = serve(vec![first, second]).await;
    let (_, created, rest) = create_conversation(&url).await;
    let items = drain_with_limit(&rest, &created, LIMIT_BYTES).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    assert!(matches!(&items[0], Ok(WebChatEvent::Message(m)) if m.event_body.id.as_deref() == Some("fits")), "{:?}", items[0]);
    assert_too_large(&items[1], LIMIT_BYTES);
    assert!(!server.is_finished(), "no second connection was made");
    server.abort();
}

#[tokio::test]
async fn a_message_fragmented_into_frames_under_the_limit_is_still_bounded_as_a_whole() {
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    const LIMIT_BYTES: u64 = 2048;
    // Two frames of 1200 bytes each: each under the limit, the message over it.
    let whole = message_of_size("fragmented", 2400).to_string();
    let (head, tail) = whole.split_at(1200);
    let script = vec![
        text(message_of_size("fits", 1000)),
        Step::Send(Message::Frame(Frame::message(head.as_bytes().to_vec(), OpCode::Data(Data::Text), false))),
        Step::Send(Message::Frame(Frame::message(tail.as_bytes().to_vec(), OpCode::Data(Data::Continue), true))),
        Step::AwaitClose,
    ];
    let (url, server) = serve(vec![script]).await;
    let (_, created, rest) = create_conversation(&url).await;
    let items = drain_with_limit(&rest, &created, LIMIT_BYTES).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    assert!(matches!(&items[0], Ok(WebChatEvent::Message(m)) if m.event_body.id.as_deref() == Some("fits")), "{:?}", items[0]);
    assert_too_large(&items[1], LIMIT_BYTES);
    tokio::time::timeout(LIMIT, server).await.expect("the server sees the connection end").expect("server task");

    // The same message arrives whole under a limit it fits.
    let script = vec![
        Step::Send(Message::Frame(Frame::message(head.as_bytes().to_vec(), OpCode::Data(Data::Text), false))),
        Step::Send(Message::Frame(Frame::message(tail.as_bytes().to_vec(), OpCode::Data(Data::Continue), true))),
        Step::Close(1000, "bye"),
    ];
    let (url, _server) = serve(vec![script]).await;
    let (_, created, rest) = create_conversation(&url).await;
    let items = drain_with_limit(&rest, &created, 2400).await;
    assert!(matches!(items.as_slice(), [Ok(WebChatEvent::Message(m))] if m.event_body.id.as_deref() == Some("fragmented")), "{items:#?}");
}
