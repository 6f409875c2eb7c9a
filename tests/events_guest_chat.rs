//! The guest chat event stream (`Client::events`) against a local WebSocket server that
//! plays scripted conversations: every message kind decodes into its typed variant (and
//! unknown kinds into raw JSON), pings are answered, a close frame ends the stream cleanly,
//! undecodable messages are reported without ending the stream, and failures are typed
//! errors. Everything runs on 127.0.0.1 and is bounded in time.

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
}

/// What the server saw the client do.
#[derive(Debug, Default, PartialEq)]
struct Seen {
    pongs: Vec<Vec<u8>>,
    /// Close frames from the client (replies to the server's, or its own).
    close_replies: usize,
}

/// A WebSocket server on 127.0.0.1 that serves one connection per script, in order.
async fn serve(scripts: Vec<Vec<Step>>) -> (String, tokio::task::JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let url = format!("ws://{}/v2/conversations/stream", listener.local_addr().expect("local address"));
    let task = tokio::spawn(async move {
        let mut report = Vec::new();
        for script in scripts {
            let (tcp, _) = listener.accept().await.expect("the client connects");
            let mut socket = tokio_tungstenite::accept_async(tcp).await.expect("WebSocket handshake");
            let mut seen = Seen::default();
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
    let request: models::CreateWebChatConversationRequest = serde_json::from_value(json!({
        "organizationId": "org",
        "deploymentId": "dep",
        "routingTarget": { "targetType": "QUEUE", "targetAddress": "Support" },
        "memberInfo": { "displayName": "Guest" }
    }))
    .expect("a valid request");
    let created = client.post_webchat_guest_conversations(request).await.expect("conversation created");
    client.set_guest_chat_jwt(created.jwt.clone().expect("a JWT"));
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
    assert_eq!(seen, [Seen { pongs: vec![b"still there?".to_vec()], close_replies: 1 }], "the client answers pings and close frames");
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
    assert_eq!(server.await.expect("server task"), [Seen { pongs: vec![b"p".to_vec()], close_replies: 1 }]);
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
    match tokio::time::timeout(LIMIT, client.events(&refused)).await.expect("in time") {
        Err(Error::Event(err)) => match err.as_ref() {
            EventError::WebSocket { source: tungstenite::Error::Io(_), .. } => {}
            other => panic!("expected an I/O WebSocket error, got {other:?}"),
        },
        other => panic!("expected a WebSocket error, got {other:?}"),
    }
}
