//! Behaviour of the generated `genesys-engage-chat` client against a local mock server:
//! every operation's request (method, percent-encoded path, query, HTTP Basic header, JSON
//! body) and the decoding of its response; the GWS session (JSESSIONID cookie kept across
//! requests, the CSRF token echoed on POST); error bodies; startIndex/count pagination;
//! and the `ChatOperation` tagged union.

use futures::TryStreamExt;
use genesys_engage_chat::models;
use genesys_engage_chat::{ApiErrorBody, Client, Error, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{
    any, body_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

#[path = "support/mock.rs"]
mod mock;
use mock::{ok_json, only_request};

const USER: &str = "agent";
const PASSWORD: &str = "s3cret pass";
/// `base64("agent:s3cret pass")`.
const BASIC: &str = "Basic YWdlbnQ6czNjcmV0IHBhc3M=";
const USER_AGENT: &str = "genesys-engage-chat/0.1.0";
/// A chat id with a space and a slash, so paths check percent-encoding.
const CHAT: &str = "chat 1/2";
const ENCODED_CHAT: &str = "/api/v2/me/chats/chat%201%2F2";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .basic_auth(USER, PASSWORD)
        .build()
        .expect("client builds")
}

/// A mock that only matches this method and (encoded) path with Basic credentials and the
/// crate's user agent.
fn expect_request(verb: &str, request_path: impl Into<String>) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(request_path.into()))
        .and(header("authorization", BASIC))
        .and(header("user-agent", USER_AGENT))
}

fn message_json(index: i32) -> Value {
    json!({
        "index": index,
        "type": "Text",
        "from": { "nickname": "Kate", "participantId": "p1", "type": "Customer", "visibility": "All" },
        "text": format!("message {index}"),
        "visibility": "All",
        "timestamp": "2024-03-04T05:06:07Z",
        "timestampSeconds": 1709528767
    })
}

// ---- One test per operation -------------------------------------------------------------

/// getChats: GET with `fields`, decoding chats with participants and user data.
#[tokio::test]
async fn get_chats_sends_fields_and_decodes_chats() {
    let server = MockServer::start().await;
    expect_request("GET", "/api/v2/me/chats")
        .and(query_param("fields", "*"))
        .respond_with(ok_json(json!({
            "statusCode": 0,
            "chats": [{
                "id": "chat-1",
                "uri": "http://gws/api/v2/me/chats/chat-1",
                "state": "Chatting",
                "capabilities": ["SendMessage", "Complete"],
                "participants": [{ "nickname": "Kate", "type": "Customer", "participantId": "p1" }],
                "userData": { "Segment": "gold", "Score": 7 },
                "chatType": "Inbound",
                "receivedDate": "2024-03-04T05:06:07.000+0000"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_chats().fields("*").await.unwrap();

    assert_eq!(got.status_code, Some(0));
    let chat = &got.chats.unwrap()[0];
    assert_eq!(chat.id.as_deref(), Some("chat-1"));
    assert_eq!(chat.state, Some(models::ChatState::Chatting));
    assert_eq!(
        chat.capabilities.as_deref(),
        Some(
            &[
                models::ChatCapability::SendMessage,
                models::ChatCapability::Complete
            ][..]
        )
    );
    let participant = &chat.participants.as_ref().unwrap()[0];
    assert_eq!(
        participant.type_,
        Some(models::ChatParticipantType::Customer)
    );
    let user_data = chat.user_data.as_ref().unwrap();
    assert_eq!(user_data["Segment"], json!("gold"));
    assert_eq!(user_data["Score"], json!(7));
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), Some("fields=*"));
    assert!(sent.body.is_empty());
    assert!(sent.headers.get("content-type").is_none());
}

/// postChatOperation: POST of the operation, tagged with its `operationName`.
#[tokio::test]
async fn post_chat_operation_sends_tagged_operation() {
    let server = MockServer::start().await;
    expect_request("POST", ENCODED_CHAT)
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "operationName": "SendMessage",
            "text": "Hello",
            "treatAs": "Normal"
        })))
        .respond_with(ok_json(json!({ "statusCode": 0, "referenceId": 17 })))
        .expect(1)
        .mount(&server)
        .await;

    let operation = models::ChatOperation::SendMessage(
        models::ChatSendMessage::new("Hello").with_treat_as(models::ChatTreatAs::Normal),
    );
    let got = client(&server)
        .post_chat_operation(CHAT, operation)
        .await
        .unwrap();

    assert_eq!(got.status_code, Some(0));
    assert_eq!(got.reference_id, Some(17));
    assert_eq!(got.status_message, None);
    assert_eq!(only_request(&server).await.url.query(), None);
}

/// getChatMessages: GET with `startIndex` and `count`, decoding the transcript.
#[tokio::test]
async fn get_chat_messages_sends_range_and_decodes_messages() {
    let server = MockServer::start().await;
    expect_request("GET", format!("{ENCODED_CHAT}/messages"))
        .and(query_param("startIndex", "1"))
        .and(query_param("count", "10"))
        .respond_with(ok_json(json!({
            "statusCode": 0,
            "messages": [message_json(1), {
                "index": 2,
                "type": "PushUrl",
                "url": "https://example.com/help",
                "from": { "nickname": "Agent", "type": "Agent" }
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_chat_messages(CHAT)
        .start_index(1)
        .count(10)
        .await
        .unwrap();

    let messages = got.messages.unwrap();
    assert_eq!(messages[0].type_, models::ChatMessageType::Text);
    assert_eq!(messages[0].text.as_deref(), Some("message 1"));
    assert_eq!(messages[0].timestamp_seconds, Some(1709528767));
    assert_eq!(
        messages[0].from.as_ref().unwrap().visibility,
        Some(models::ChatVisibility::All)
    );
    assert_eq!(messages[1].type_, models::ChatMessageType::PushUrl);
    assert_eq!(messages[1].url.as_deref(), Some("https://example.com/help"));
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), Some("startIndex=1&count=10"));
    assert!(sent.body.is_empty());
}

// ---- Authentication -----------------------------------------------------------------

/// Without Basic credentials nothing is sent.
#[tokio::test]
async fn operation_without_credentials_sends_nothing() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let err = client.get_chats().await.unwrap_err();

    assert!(
        matches!(err, Error::MissingCredentials { operation: "getChats", ref schemes } if schemes == "basicAuth"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Basic credentials set after construction are used from the next request on.
#[tokio::test]
async fn basic_credentials_set_after_construction_are_sent() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Basic b3RoZXI6cHc="))
        .respond_with(ok_json(json!({ "statusCode": 0 })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.set_basic_auth("other", "pw");

    client.get_chats().await.unwrap();
}

/// The spec's server URL template `http://{host}:{port}` is filled from server variables.
#[tokio::test]
async fn server_variables_choose_host_and_port() {
    let server = MockServer::start().await;
    expect_request("GET", "/api/v2/me/chats")
        .respond_with(ok_json(json!({ "statusCode": 0 })))
        .expect(1)
        .mount(&server)
        .await;
    let address = server.address();
    let client = Client::builder()
        .server_variable("host", address.ip().to_string())
        .server_variable("port", address.port().to_string())
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap();

    client.get_chats().await.unwrap();

    assert_eq!(client.base_url(), server.uri());
}

// ---- Session: cookie and CSRF -------------------------------------------------------

/// The `JSESSIONID` cookie set by the first response goes back on the next requests.
#[tokio::test]
async fn session_cookie_is_kept_across_requests() {
    let server = MockServer::start().await;
    expect_request("GET", "/api/v2/me/chats")
        .respond_with(
            ok_json(json!({ "statusCode": 0, "chats": [] }))
                .insert_header("set-cookie", "JSESSIONID=session-42; Path=/; HttpOnly"),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    client.get_chats().await.unwrap();
    client.get_chats().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("cookie").is_none());
    assert_eq!(
        requests[1].headers.get("cookie").unwrap(),
        "JSESSIONID=session-42"
    );
}

/// A GET response naming a CSRF header and token makes later POSTs carry that header;
/// GETs do not need it, and a POST before any token carries none.
#[tokio::test]
async fn csrf_token_from_get_is_sent_on_post_only() {
    let server = MockServer::start().await;
    expect_request("GET", "/api/v2/me/chats")
        .respond_with(
            ok_json(json!({ "statusCode": 0 }))
                .insert_header("X-CSRF-HEADER", "X-CSRF-TOKEN")
                .insert_header("X-CSRF-TOKEN", "abc"),
        )
        .mount(&server)
        .await;
    expect_request("POST", ENCODED_CHAT)
        .respond_with(ok_json(json!({ "statusCode": 0 })))
        .mount(&server)
        .await;
    let client = client(&server);
    let reject = || models::ChatOperation::Reject(models::ChatReject::new());

    client.post_chat_operation(CHAT, reject()).await.unwrap();
    client.get_chats().await.unwrap();
    client.get_chats().await.unwrap();
    client.post_chat_operation(CHAT, reject()).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let tokens: Vec<_> = requests
        .iter()
        .map(|r| {
            (
                r.method.as_str().to_owned(),
                r.headers.get("x-csrf-token").cloned(),
            )
        })
        .collect();
    assert_eq!(
        tokens,
        [
            ("POST".to_owned(), None),
            ("GET".to_owned(), None),
            ("GET".to_owned(), None),
            ("POST".to_owned(), Some("abc".parse().unwrap())),
        ]
    );
}

/// The header name comes from `X-CSRF-HEADER`, and a newer token replaces the old one.
#[tokio::test]
async fn csrf_header_name_and_newest_token_are_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("fields", "first"))
        .respond_with(
            ok_json(json!({}))
                .insert_header("X-CSRF-HEADER", "X-My-Csrf")
                .insert_header("X-CSRF-TOKEN", "old"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("fields", "second"))
        .respond_with(
            ok_json(json!({}))
                .insert_header("X-CSRF-HEADER", "X-My-Csrf")
                .insert_header("X-CSRF-TOKEN", "new"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("x-my-csrf", "new"))
        .respond_with(ok_json(json!({ "statusCode": 0 })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    client.get_chats().fields("first").await.unwrap();
    client.get_chats().fields("second").await.unwrap();
    let operation = models::ChatOperation::SendStartTypingNotification(
        models::ChatSendStartTypingNotification::new(),
    );
    client.post_chat_operation(CHAT, operation).await.unwrap();

    let post = server.received_requests().await.unwrap().pop().unwrap();
    assert!(post.headers.get("x-csrf-token").is_none());
}

// ---- Errors -------------------------------------------------------------------------

/// A documented error status decodes into `ErrorResponse`, with status and headers kept.
#[tokio::test]
async fn documented_error_decodes_into_error_response() {
    let server = MockServer::start().await;
    expect_request("POST", ENCODED_CHAT)
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-request-id", "req-9")
                .set_body_json(
                    json!({ "statusCode": 2, "statusMessage": "Missing or invalid Csrf token" }),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let operation = models::ChatOperation::Reject(models::ChatReject::new());

    let err = client(&server)
        .post_chat_operation(CHAT, operation)
        .await
        .unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 403);
    assert_eq!(api.operation, "postChatOperation");
    assert_eq!(api.header("x-request-id"), Some("req-9"));
    // `ErrorResponse` is `#[non_exhaustive]` and received only: it is read, never built.
    let ApiErrorBody::ErrorResponse(body) = &api.body else { panic!("not an ErrorResponse: {:?}", api.body) };
    assert_eq!(body.status_code, Some(2));
    assert_eq!(body.status_message.as_deref(), Some("Missing or invalid Csrf token"));
    // GWS's own `statusCode` and `statusMessage`, not a dump of the body.
    assert_eq!(
        err.to_string(),
        "`postChatOperation` failed with 403 Forbidden: Missing or invalid Csrf token (code 2)"
    );
    assert_eq!(api.code().as_deref(), Some("2"));
    assert_eq!(api.message(), Some("Missing or invalid Csrf token"));
}

/// The failure the spec quotes from the documentation (RESP): `statusCode` 20 at 401.
#[tokio::test]
async fn documented_authentication_failure_reads_well_and_keeps_its_text() {
    let server = MockServer::start().await;
    let text = r#"{"statusCode":20,"statusMessage":"Access de..."}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(text, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_chats().await.unwrap_err();

    assert_eq!(err.to_string(), "`getChats` failed with 401 Unauthorized: Access de... (code 20)");
    assert_eq!(err.api_error().unwrap().raw_text(), text);
}

/// Any other status falls under the spec's `default` response and decodes as well.
#[tokio::test]
async fn default_error_response_decodes_for_any_status() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(json!({ "statusCode": 1, "statusMessage": "busy" })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_chats().await.unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 503);
    let ApiErrorBody::ErrorResponse(body) = &api.body else {
        panic!("expected ErrorResponse, got {:?}", api.body);
    };
    assert_eq!(body.status_message.as_deref(), Some("busy"));
}

/// An error body that is not JSON is kept as `Raw`.
#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthorized"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_chat_messages(CHAT).await.unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.body, ApiErrorBody::Raw("Unauthorized".into()));
    assert_eq!(err.to_string(), "`getChatMessages` failed with 401 Unauthorized: Unauthorized");
}

/// A 200 whose body does not decode is `Error::Decode` with the bytes received.
#[tokio::test]
async fn undecodable_success_body_is_decode_error_with_raw_bytes() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_chats().await.unwrap_err();

    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(&decode.body[..], b"not json");
    assert_eq!(decode.status.as_u16(), 200);
}

// ---- Pagination -------------------------------------------------------------------

fn messages_page(indices: std::ops::RangeInclusive<i32>) -> ResponseTemplate {
    let messages: Vec<Value> = indices.map(message_json).collect();
    ok_json(json!({ "statusCode": 0, "messages": messages }))
}

/// `into_stream` on the transcript advances `startIndex` by the messages received and
/// stops after a short page.
#[tokio::test]
async fn messages_stream_walks_start_index_until_short_page() {
    let server = MockServer::start().await;
    let messages = format!("{ENCODED_CHAT}/messages");
    for (start, page) in [("1", 1..=2), ("3", 3..=4), ("5", 5..=5)] {
        expect_request("GET", messages.clone())
            .and(query_param("startIndex", start))
            .and(query_param("count", "2"))
            .respond_with(messages_page(page))
            .expect(1)
            .mount(&server)
            .await;
    }

    let items: Vec<models::ChatMessage> = client(&server)
        .get_chat_messages(CHAT)
        .start_index(1)
        .count(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();

    let indices: Vec<_> = items.iter().map(|m| m.index.unwrap()).collect();
    assert_eq!(indices, [1, 2, 3, 4, 5]);
    let queries: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        queries,
        [
            "startIndex=1&count=2",
            "startIndex=3&count=2",
            "startIndex=5&count=2"
        ]
    );
}

/// Without a `count` the stream pages on until a page comes back empty; without a
/// `startIndex` it starts at 1, the first message index (declared with `x-pagination`).
#[tokio::test]
async fn messages_stream_without_count_stops_on_empty_page() {
    let server = MockServer::start().await;
    let messages = format!("{ENCODED_CHAT}/messages");
    expect_request("GET", messages.clone())
        .and(query_param("startIndex", "1"))
        .and(query_param_is_missing("count"))
        .respond_with(messages_page(1..=3))
        .expect(1)
        .mount(&server)
        .await;
    expect_request("GET", messages)
        .and(query_param("startIndex", "4"))
        .respond_with(ok_json(json!({ "statusCode": 0, "messages": [] })))
        .expect(1)
        .mount(&server)
        .await;

    let items: Vec<models::ChatMessage> = client(&server)
        .get_chat_messages(CHAT)
        .into_stream()
        .try_collect()
        .await
        .unwrap();

    let indices: Vec<_> = items.iter().map(|m| m.index.unwrap()).collect();
    assert_eq!(indices, [1, 2, 3]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---- The ChatOperation union and forward compatibility ------------------------------

/// Tells whether a decoded operation is the variant (with the values) a case expects.
type IsExpected = fn(&models::ChatOperation) -> bool;

/// One JSON example per `ChatOperation` member, with the variant it must decode into.
fn every_operation() -> Vec<(Value, IsExpected)> {
    use models::ChatOperation as Op;
    vec![
        (
            json!({ "operationName": "Accept", "nickname": "Kate", "saveLAR": true }),
            |o| matches!(o, Op::Accept(a) if a.nickname == "Kate" && a.save_lar == Some(true)),
        ),
        (json!({ "operationName": "Reject" }), |o| {
            matches!(o, Op::Reject(_))
        }),
        (
            json!({ "operationName": "SendMessage", "text": "hi", "messageType": "Text" }),
            |o| matches!(o, Op::SendMessage(m) if m.text == "hi"),
        ),
        (
            json!({ "operationName": "SendStartTypingNotification" }),
            |o| matches!(o, Op::SendStartTypingNotification(_)),
        ),
        (
            json!({ "operationName": "SendStopTypingNotification" }),
            |o| matches!(o, Op::SendStopTypingNotification(_)),
        ),
        (
            json!({ "operationName": "SendStartTypingToAgentsNotification" }),
            |o| matches!(o, Op::SendStartTypingToAgentsNotification(_)),
        ),
        (
            json!({ "operationName": "Leave", "text": "bye", "treatAs": "System" }),
            |o| matches!(o, Op::Leave(l) if l.treat_as == Some(models::ChatTreatAs::System)),
        ),
        (
            json!({ "operationName": "Complete", "queueName": "Q" }),
            |o| matches!(o, Op::Complete(c) if c.queue_name.as_deref() == Some("Q")),
        ),
        (
            json!({ "operationName": "Transfer", "targetUri": "http://gws/users/2" }),
            |o| matches!(o, Op::Transfer(t) if t.target_uri.as_deref() == Some("http://gws/users/2")),
        ),
        (
            json!({ "operationName": "Invite", "targetUri": "http://gws/users/3" }),
            |o| matches!(o, Op::Invite(i) if i.target_uri == "http://gws/users/3"),
        ),
        (
            json!({ "operationName": "Consult", "targetUri": "http://gws/users/4" }),
            |o| matches!(o, Op::Consult(c) if c.target_uri == "http://gws/users/4"),
        ),
        (
            json!({ "operationName": "AttachUserData", "userData": { "a": 1 } }),
            |o| matches!(o, Op::AttachUserData(d) if d.user_data["a"] == json!(1)),
        ),
        (
            json!({ "operationName": "UpdateUserData", "userData": { "b": "x" } }),
            |o| matches!(o, Op::UpdateUserData(d) if d.user_data["b"] == json!("x")),
        ),
        (
            json!({ "operationName": "DeleteUserData", "keys": ["a", "b"] }),
            |o| matches!(o, Op::DeleteUserData(d) if d.keys == ["a", "b"]),
        ),
        (
            json!({ "operationName": "SendUrl", "url": "https://example.com" }),
            |o| matches!(o, Op::SendUrl(u) if u.url == "https://example.com"),
        ),
    ]
}

/// Every member of the union decodes into its own variant and serialises back to the same
/// JSON, `operationName` included.
#[test]
fn every_chat_operation_round_trips_with_its_operation_name() {
    let cases = every_operation();
    assert_eq!(cases.len(), 15, "one case per ChatOperation member");
    for (wire, is_expected_variant) in cases {
        let decoded: models::ChatOperation = serde_json::from_value(wire.clone()).unwrap();
        assert!(
            is_expected_variant(&decoded),
            "{wire} decoded as {decoded:?}"
        );
        assert_eq!(serde_json::to_value(&decoded).unwrap(), wire);
    }
}

/// A union value built in Rust gets its `operationName` from the variant alone.
#[test]
fn chat_operation_built_in_rust_writes_its_operation_name() {
    let delete = models::ChatOperation::DeleteUserData(models::ChatDeleteUserData::new(vec!["k".into()]));
    let reject = models::ChatOperation::Reject(models::ChatReject::new());

    assert_eq!(
        serde_json::to_value(&delete).unwrap(),
        json!({ "operationName": "DeleteUserData", "keys": ["k"] })
    );
    assert_eq!(
        serde_json::to_value(&reject).unwrap(),
        json!({ "operationName": "Reject" })
    );
}

/// An `operationName` this version does not know decodes into `Unknown` holding the raw
/// JSON, and serialises back unchanged.
#[test]
fn unknown_chat_operation_is_kept_as_raw_json() {
    let wire = json!({ "operationName": "SendFile", "file": { "name": "a.pdf" }, "size": 3 });

    let decoded: models::ChatOperation = serde_json::from_value(wire.clone()).unwrap();

    assert_eq!(decoded, models::ChatOperation::Unknown(wire.clone()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), wire);
}

/// Enum values and fields the spec does not list are tolerated in responses.
#[tokio::test]
async fn unknown_enum_values_and_fields_are_tolerated() {
    let server = MockServer::start().await;
    expect_request("GET", "/api/v2/me/chats")
        .respond_with(ok_json(json!({
            "statusCode": 0,
            "futureField": [1, 2, 3],
            "chats": [{
                "id": "chat-1",
                "state": "Parked",
                "capabilities": ["Teleport"],
                "participants": [{ "type": "Bot", "visibility": "Supervisors", "mood": "ok" }]
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_chats().await.unwrap();

    let chat = &got.chats.unwrap()[0];
    assert_eq!(
        chat.state,
        Some(models::ChatState::Unknown("Parked".into()))
    );
    assert_eq!(
        chat.capabilities.as_deref(),
        Some(&[models::ChatCapability::Unknown("Teleport".into())][..])
    );
    let participant = &chat.participants.as_ref().unwrap()[0];
    assert_eq!(
        participant.type_,
        Some(models::ChatParticipantType::Unknown("Bot".into()))
    );
    assert_eq!(
        serde_json::to_value(participant).unwrap(),
        json!({ "type": "Bot", "visibility": "Supervisors" })
    );
}

// ---- Application errors: the `statusCode` envelope at any HTTP status ---------------------

/// GWS answers HTTP 200 with `statusCode > 0` when an operation fails: that is an
/// `Error::Api` carrying the status (200), the code, what the Return Values table says it
/// means, and `statusMessage`.
#[tokio::test]
async fn status_code_above_zero_inside_http_200_is_an_error_with_code_meaning_and_message() {
    let server = MockServer::start().await;
    expect_request("POST", ENCODED_CHAT)
        .respond_with(ok_json(json!({ "statusCode": 3, "statusMessage": "Chat is not in a valid state" })))
        .expect(1)
        .mount(&server)
        .await;

    let operation = models::ChatOperation::Complete(models::ChatComplete::default());
    let err = client(&server).post_chat_operation(CHAT, operation).await.unwrap_err();

    let api = err.api_error().unwrap_or_else(|| panic!("not an API error: {err:?}"));
    assert_eq!(api.status.as_u16(), 200);
    assert_eq!(api.status_code(), Some(3));
    assert_eq!(api.code().as_deref(), Some("3"));
    assert_eq!(api.meaning(), Some("The operation is forbidden."));
    assert_eq!(api.message(), Some("Chat is not in a valid state"));
    let ApiErrorBody::ErrorResponse(body) = &api.body else { panic!("{:?}", api.body) };
    assert_eq!(body.status_code, Some(3));
}

/// A GET answered `{"statusCode": 20}` (not authenticated) is an error, not "no chats".
#[tokio::test]
async fn a_get_answered_not_authenticated_is_an_error_not_an_empty_list() {
    let server = MockServer::start().await;
    expect_request("GET", "/api/v2/me/chats")
        .respond_with(ok_json(json!({ "statusCode": 20, "statusMessage": "Access denied" })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_chats().await.unwrap_err();

    let api = err.api_error().unwrap_or_else(|| panic!("read as success: {err:?}"));
    assert_eq!(api.status_code(), Some(20));
    assert_eq!(api.meaning(), Some("User is not authenticated. Any subsequent request should provide credentials."));
    assert_eq!(api.message(), Some("Access denied"));

    // The transcript too, and its pages: a failed page ends the stream with the error.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({ "statusCode": 6, "statusMessage": "No such chat" })))
        .mount(&server)
        .await;
    let err = client(&server).get_chat_messages(CHAT).into_stream().try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.api_error().and_then(|e| e.meaning()), Some("The requested resource could not be found."));
}

/// The documented success shapes decode: `{"statusCode": 0}`, and the Reject page's
/// `{"status": 0}` (no `statusCode` at all).
#[tokio::test]
async fn documented_success_bodies_decode() {
    for (body, code, status) in [(json!({ "statusCode": 0 }), Some(0), None), (json!({ "status": 0 }), None, Some(0))] {
        let server = MockServer::start().await;
        expect_request("POST", ENCODED_CHAT).respond_with(ok_json(body.clone())).expect(1).mount(&server).await;
        let reject = models::ChatOperation::Reject(models::ChatReject::new());
        let got = client(&server).post_chat_operation(CHAT, reject).await.unwrap_or_else(|e| panic!("{body}: {e:?}"));
        assert_eq!((got.status_code, got.status), (code, status), "{body}");
    }
}

// ---- Where the session and the Basic password may go -----------------------------------

/// The session cookie is the client's own: a `reqwest::Client` handed in, which may not
/// store cookies (then GWS answers 403 after the first response), is refused up front.
#[test]
fn a_user_supplied_http_client_is_refused_with_a_clear_error() {
    let err = Client::builder()
        .base_url("https://gws.example.com")
        .http_client(reqwest::Client::new())
        .basic_auth(USER, PASSWORD)
        .build()
        .unwrap_err();
    let Error::Config(message) = &err else { panic!("{err:?}") };
    assert!(message.contains("session in a cookie") && message.contains("http_client"), "{message}");
}

/// Basic credentials are never sent over plain HTTP to another machine unless the user
/// says the network is trusted; loopback (the spec's default server) is fine.
#[test]
fn basic_credentials_over_plain_http_need_an_explicit_allowance() {
    let plain = || Client::builder().server_variable("host", "gws.example.com").basic_auth(USER, PASSWORD);
    let err = plain().build().unwrap_err();
    let Error::Config(message) = &err else { panic!("{err:?}") };
    assert!(message.contains("http://gws.example.com:8080") && message.contains("allow_plain_http"), "{message}");
    assert_eq!(plain().allow_plain_http(true).build().unwrap().base_url(), "http://gws.example.com:8080");
    let local = Client::builder().basic_auth(USER, PASSWORD).build().unwrap();
    assert_eq!(local.base_url(), "http://localhost:8080");
}
