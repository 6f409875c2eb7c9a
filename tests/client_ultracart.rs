//! Behaviour of the generated `ultracart-conversation` client against a local mock server.
//!
//! Every one of the 128 operations is exercised from a table (`every_operation_sends_what_
//! the_spec_says`, at the end): build.rs writes one call per operation from the spec, and
//! the request each must send (method, percent-encoded path, query, credentials, default
//! headers, body) and the success it decodes are worked out from the spec itself. The
//! hand-written tests are for what a table cannot say: realistic bodies decoding into the
//! models users read (agent auth, conversations, messages, cart context, queue statuses),
//! bodies with values, a 204 where 200 is documented, the two credential alternatives,
//! error bodies, offset pagination (GET and the POST call search), date-times keeping
//! their offset, and tolerance of enum values the spec does not list.

use futures::TryStreamExt;
use serde_json::{Value, json};
use ultracart_conversation::models;
use ultracart_conversation::{ApiErrorBody, Client, Error, RetryPolicy};
use wiremock::matchers::{
    any, body_json, header, method, path, query_param,
};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

#[path = "support/mock.rs"]
mod mock;
use mock::{ok_json, only_request};

const SIMPLE_KEY: &str = "simple-key-0123456789";
const OAUTH_TOKEN: &str = "oauth-token-0123456789";
/// A conversation uuid with a space and a slash, so paths check percent-encoding.
const UUID: &str = "uuid 1/2";
const ENCODED_UUID: &str = "uuid%201%2F2";

/// A client for the mock server authenticating with the simple key, retries off.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .ultra_cart_simple_api_key(SIMPLE_KEY)
        .build()
        .expect("client builds")
}

/// A mock that only matches this method and (encoded) path with the simple key, the
/// crate's user agent and the API version header every UltraCart request carries.
fn expect_request(verb: &str, request_path: impl Into<String>) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(request_path.into()))
        .and(header("x-ultracart-simple-key", SIMPLE_KEY))
        .and(header("x-ultracart-api-version", "2017-03-01"))
        .and(header("user-agent", integration_tests::user_agent("ultracart-conversation").as_str()))
}

/// No query, no body, no content type, and no OAuth header next to the simple key.
fn assert_bare(request: &Request) {
    assert_eq!(request.url.query(), None);
    assert!(
        request.body.is_empty(),
        "unexpected body: {:?}",
        request.body
    );
    assert!(request.headers.get("content-type").is_none());
    assert!(request.headers.get("authorization").is_none());
}

fn metadata_json() -> Value {
    json!({ "payload_name": "conversation", "result_set": { "count": 1, "more": false } })
}

fn summary_json(uuid: &str) -> Value {
    json!({
        "conversation_uuid": uuid,
        "conversation_arn": format!("arn:{uuid}"),
        "medium": "websocket",
        "message_count": 3,
        "unread_messages": true,
        "start_dts": "2024-02-03T04:05:06Z"
    })
}

fn message_json(uuid: &str) -> Value {
    json!({
        "conversation_message_uuid": uuid,
        "author_conversation_participant_name": "Customer",
        "body": format!("body of {uuid}"),
        "type": "message",
        "message_epoch": 1706932800000_i64,
        "media_urls": ["https://cdn.example.com/a.png"],
        "transport_statuses": [{ "conversation_participant_arn": "arn:p", "status": "delivered" }]
    })
}

// ---- One test per operation -------------------------------------------------------------

/// getAgentWebsocketAuthorization: PUT without a body, decoding the agent auth.
#[tokio::test]
async fn get_agent_websocket_authorization_decodes_agent_auth() {
    let server = MockServer::start().await;
    expect_request("PUT", "/conversation/agent/auth")
        .respond_with(ok_json(json!({
            "agent_auth": {
                "jwt": "ws-jwt",
                "websocket_url": "wss://ws.example.com",
                "conversation_participant_arn": "arn:agent",
                "conversation_participant_name": "Agent",
                "merchant_id": "DEMO",
                "twilio_accounts": [{ "merchant_id": "DEMO", "twilio_phone_numbers": ["+15550100"] }]
            },
            "success": true,
            "metadata": metadata_json()
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_agent_websocket_authorization()
        .await
        .unwrap();

    let auth = got.agent_auth.unwrap();
    assert_eq!(auth.jwt.as_ref().map(ultracart_conversation::Secret::expose), Some("ws-jwt"));
    assert!(!format!("{auth:?}").contains("ws-jwt"), "the agent token never shows in Debug");
    assert_eq!(auth.websocket_url.as_deref(), Some("wss://ws.example.com"));
    assert_eq!(
        auth.twilio_accounts.unwrap()[0]
            .twilio_phone_numbers
            .as_ref()
            .unwrap()[0],
        "+15550100"
    );
    assert_eq!(got.success, Some(true));
    assert_eq!(
        got.metadata.unwrap().payload_name.as_deref(),
        Some("conversation")
    );
    assert_bare(&only_request(&server).await);
}

/// getConversation: GET with an encoded uuid and the `limit` query parameter.
#[tokio::test]
async fn get_conversation_sends_limit_and_decodes_conversation() {
    let server = MockServer::start().await;
    expect_request("GET", format!("/conversation/conversations/{ENCODED_UUID}"))
        .and(query_param("limit", "25"))
        .respond_with(ok_json(json!({
            "conversation": {
                "conversation_uuid": UUID,
                "closed": false,
                "medium": "sms",
                "messages": [message_json("msg-1")],
                "participants": [{ "conversation_participant_name": "Ann", "unread_messages": 2 }]
            },
            "success": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_conversation(UUID)
        .limit(25)
        .await
        .unwrap();

    let conversation = got.conversation.unwrap();
    assert_eq!(conversation.conversation_uuid.as_deref(), Some(UUID));
    assert_eq!(conversation.closed, Some(false));
    assert_eq!(conversation.medium, Some(models::ConversationMedium::Sms));
    let message = &conversation.messages.as_ref().unwrap()[0];
    assert_eq!(
        message.type_,
        Some(models::ConversationMessageType::Message)
    );
    assert_eq!(message.message_epoch, Some(1706932800000));
    assert_eq!(
        conversation.participants.unwrap()[0].unread_messages,
        Some(2)
    );
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), Some("limit=25"));
}

/// UltraCart sends local times with their UTC offset (`2023-05-03T15:36:00-04:00`, the form
/// of its `_dts` fields; tests/fixtures/real/SOURCES.md). A date-time keeps the offset it
/// came with: the instant and the offset read back as sent, and serialising the model
/// gives the same text, not the instant in `Z`.
#[tokio::test]
async fn date_times_keep_their_utc_offset_and_round_trip() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_json(json!({
            "conversation": {
                "conversation_uuid": UUID,
                "start_dts": "2023-05-03T15:36:00-04:00",
                "last_message_dts": "2023-05-03T21:36:00.250+05:30",
                "messages": [{ "message_dts": "2023-05-03T19:36:00Z" }]
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let conversation = client(&server).get_conversation(UUID).await.unwrap().conversation.unwrap();

    let start = conversation.start_dts.unwrap();
    assert_eq!(start.offset().local_minus_utc(), -4 * 3600);
    assert_eq!(start.to_rfc3339(), "2023-05-03T15:36:00-04:00");
    assert_eq!(start.timestamp(), 1683142560, "the same instant as 19:36:00Z");
    let last = conversation.last_message_dts.unwrap();
    assert_eq!(last.offset().local_minus_utc(), 5 * 3600 + 1800);
    let message_dts = conversation.messages.as_ref().unwrap()[0].message_dts.unwrap();
    assert_eq!(message_dts, start, "equal instants compare equal whatever their offsets");

    let back = serde_json::to_value(&conversation).unwrap();
    assert_eq!(back["start_dts"], "2023-05-03T15:36:00-04:00");
    assert_eq!(back["last_message_dts"], "2023-05-03T21:36:00.250+05:30");
    assert_eq!(back["messages"][0]["message_dts"], "2023-05-03T19:36:00Z");
}

/// getConversationContext: PUT without a body, decoding the nested cart and hit data.
#[tokio::test]
async fn get_conversation_context_decodes_cart_and_session() {
    let server = MockServer::start().await;
    expect_request(
        "PUT",
        format!("/conversation/conversations/{ENCODED_UUID}/context"),
    )
    .respond_with(ok_json(json!({
        "current_url": "https://shop.example.com/cart",
        "cart": {
            "cart_id": "cart-1",
            "base_currency_code": "USD",
            "currency_conversion": { "base_currency_Code": "EUR" },
            "items": [{ "item_id": "SKU-1", "quantity": 2.0, "unit_cost": { "value": 9.5 } }]
        },
        "page_view": [{ "url": "/", "title": "Home", "time_on_page": 12.5 }],
        "session_start": { "channel": "web", "time_on_Site": 30.0 },
        "session_utm": { "utm_source": "newsletter" }
    })))
    .expect(1)
    .mount(&server)
    .await;

    let got = client(&server)
        .get_conversation_context(UUID)
        .await
        .unwrap();

    assert_eq!(
        got.current_url.as_deref(),
        Some("https://shop.example.com/cart")
    );
    let cart = got.cart.unwrap();
    assert_eq!(cart.cart_id.as_deref(), Some("cart-1"));
    assert_eq!(cart.base_currency_code.as_deref(), Some("USD"));
    let conversion = cart.currency_conversion.unwrap();
    assert_eq!(conversion.base_currency_code.as_deref(), Some("EUR"));
    let item = &cart.items.unwrap()[0];
    assert_eq!(item.quantity, Some(2.0));
    assert_eq!(item.unit_cost.as_ref().unwrap().value, Some(9.5));
    assert_eq!(got.page_view.unwrap()[0].time_on_page, Some(12.5));
    assert_eq!(got.session_start.unwrap().time_on_site, Some(30.0));
    assert_eq!(
        got.session_utm.unwrap().utm_source.as_deref(),
        Some("newsletter")
    );
    assert_bare(&only_request(&server).await);
}

/// getConversationMessages: two path parameters (one an integer) and `limit`.
#[tokio::test]
async fn get_conversation_messages_sends_since_and_limit() {
    let server = MockServer::start().await;
    expect_request(
        "GET",
        format!("/conversation/conversations/{ENCODED_UUID}/messages/1706932800000"),
    )
    .and(query_param("limit", "2"))
    .respond_with(ok_json(json!({
        "conversation_messages": [message_json("msg-1"), message_json("msg-2")],
        "success": true
    })))
    .expect(1)
    .mount(&server)
    .await;

    let got = client(&server)
        .get_conversation_messages(UUID, 1706932800000)
        .limit(2)
        .await
        .unwrap();

    let bodies: Vec<_> = got
        .conversation_messages
        .unwrap()
        .into_iter()
        .map(|m| m.body.unwrap())
        .collect();
    assert_eq!(bodies, ["body of msg-1", "body of msg-2"]);
    assert_eq!(only_request(&server).await.url.query(), Some("limit=2"));
}

/// getConversationWebchatQueueStatuses: GET, decoding agents and queue entries.
#[tokio::test]
async fn get_conversation_webchat_queue_statuses_decodes_statuses() {
    let server = MockServer::start().await;
    expect_request("GET", "/conversation/conversations/queues/statuses")
        .respond_with(ok_json(json!({
            "queue_statuses": [{
                "queue_name": "Sales",
                "agent_count": 2,
                "customer_waiting_join_dts": "2024-02-03T04:05:06Z",
                "agents": [{ "agent_status": "busy", "next_round_robin": true }],
                "queue_entries": [{ "email": "c@example.com", "question": "Shipping?" }]
            }],
            "success": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_conversation_webchat_queue_statuses()
        .await
        .unwrap();

    let status = &got.queue_statuses.unwrap()[0];
    assert_eq!(status.queue_name.as_deref(), Some("Sales"));
    assert_eq!(status.agent_count, Some(2));
    assert_eq!(
        status.customer_waiting_join_dts.unwrap().to_rfc3339(),
        "2024-02-03T04:05:06+00:00"
    );
    let agent = &status.agents.as_ref().unwrap()[0];
    assert_eq!(
        agent.agent_status,
        Some(models::ConversationWebchatQueueStatusAgentAgentStatus::Busy)
    );
    assert_eq!(
        status.queue_entries.as_ref().unwrap()[0]
            .question
            .as_deref(),
        Some("Shipping?")
    );
    assert_bare(&only_request(&server).await);
}

/// getConversations: every optional query parameter under its wire name.
#[tokio::test]
async fn get_conversations_sends_query() {
    let server = MockServer::start().await;
    expect_request("GET", "/conversation/conversations")
        .and(query_param("medium", "sms"))
        .and(query_param("before", "2024-02-03T00:00:00Z"))
        .and(query_param("_limit", "50"))
        .and(query_param("_offset", "100"))
        .respond_with(ok_json(json!({
            "conversations": [summary_json("c1"), summary_json("c2")],
            "metadata": { "result_set": { "count": 2, "more": true, "next_offset": 102 } },
            "success": true
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_conversations()
        .medium("sms")
        .before("2024-02-03T00:00:00Z")
        .limit(50)
        .offset(100)
        .await
        .unwrap();

    let conversations = got.conversations.unwrap();
    assert_eq!(conversations[1].conversation_uuid.as_deref(), Some("c2"));
    assert_eq!(
        conversations[0].medium,
        Some(models::ConversationSummaryMedium::Websocket)
    );
    assert_eq!(conversations[0].message_count, Some(3));
    let result_set = got.metadata.unwrap().result_set.unwrap();
    assert_eq!(
        (result_set.more, result_set.next_offset),
        (Some(true), Some(102))
    );
    assert_eq!(
        only_request(&server).await.url.query(),
        Some("medium=sms&before=2024-02-03T00%3A00%3A00Z&_limit=50&_offset=100")
    );
}

/// startConversation: PUT with the start request as JSON.
#[tokio::test]
async fn start_conversation_sends_body() {
    let server = MockServer::start().await;
    expect_request("PUT", "/conversation/conversations")
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "add_conversation_participant_arns": ["arn:a", "arn:b"],
            "conversation_webchat_queue_uuid": "queue-1"
        })))
        .respond_with(ok_json(
            json!({ "conversation": { "conversation_uuid": "new-1" } }),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let body = models::ConversationStartRequest::new()
        .with_add_conversation_participant_arns(vec!["arn:a".into(), "arn:b".into()])
        .with_conversation_webchat_queue_uuid("queue-1");
    let got = client(&server).start_conversation(body).await.unwrap();

    assert_eq!(
        got.conversation.unwrap().conversation_uuid.as_deref(),
        Some("new-1")
    );
    assert_eq!(only_request(&server).await.url.query(), None);
}

/// leaveConversation: DELETE, empty success (a 204 counts too).
#[tokio::test]
async fn leave_conversation_deletes_leave() {
    let server = MockServer::start().await;
    expect_request(
        "DELETE",
        format!("/conversation/conversations/{ENCODED_UUID}/leave"),
    )
    .respond_with(ResponseTemplate::new(204))
    .expect(1)
    .mount(&server)
    .await;

    let response = client(&server)
        .leave_conversation(UUID)
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 204);
    assert_bare(&only_request(&server).await);
}

/// updateConversationWebchatQueueStatus: encoded queue name, status as JSON.
#[tokio::test]
async fn update_conversation_webchat_queue_status_sends_status() {
    let server = MockServer::start().await;
    expect_request(
        "PUT",
        "/conversation/conversations/queues/Sales%20Team%2FEast/status",
    )
    .and(header("content-type", "application/json"))
    .and(body_json(json!({ "agent_status": "available" })))
    .respond_with(ResponseTemplate::new(200))
    .expect(1)
    .mount(&server)
    .await;

    let body = models::ConversationWebchatQueueStatusUpdateRequest::new().with_agent_status(
        models::ConversationWebchatQueueStatusUpdateRequestAgentStatus::Available,
    );
    client(&server)
        .update_conversation_webchat_queue_status("Sales Team/East", body)
        .await
        .unwrap();

    assert_eq!(only_request(&server).await.url.query(), None);
}

// ---- Authentication -----------------------------------------------------------------

/// With an OAuth token, requests carry `Authorization: Bearer` and no simple key; the
/// version header is still sent.
#[tokio::test]
async fn oauth_token_is_sent_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversation/agent/keepalive"))
        .and(header(
            "authorization",
            format!("Bearer {OAUTH_TOKEN}").as_str(),
        ))
        .and(header("x-ultracart-api-version", "2017-03-01"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .ultra_cart_oauth(OAUTH_TOKEN)
        .build()
        .unwrap();

    client.get_agent_keep_alive().await.unwrap();

    let sent = only_request(&server).await;
    assert!(sent.headers.get("x-ultracart-simple-key").is_none());
}

/// When both credentials are set, only the first alternative the spec lists (OAuth) is
/// sent: the two are alternatives, not a combination.
#[tokio::test]
async fn only_one_credential_alternative_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.set_ultra_cart_oauth(OAUTH_TOKEN);

    client.get_agent_keep_alive().await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(
        sent.headers.get("authorization").unwrap(),
        &format!("Bearer {OAUTH_TOKEN}")
    );
    assert!(sent.headers.get("x-ultracart-simple-key").is_none());
}

/// A browser key alone satisfies no operation: nothing is sent.
#[tokio::test]
async fn browser_key_alone_is_missing_credentials() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .ultra_cart_browser_api_key("browser-key")
        .build()
        .unwrap();

    let err = client.get_conversations().await.unwrap_err();

    match err {
        Error::MissingCredentials { operation, schemes } => {
            assert_eq!(operation, "getConversations");
            assert_eq!(schemes, "ultraCartOauth or ultraCartSimpleApiKey");
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The version default header can be overridden, but is never sent twice.
#[tokio::test]
async fn default_version_header_can_be_replaced() {
    let server = MockServer::start().await;
    Mock::given(header("x-ultracart-api-version", "2099-01-01"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .ultra_cart_simple_api_key(SIMPLE_KEY)
        .default_header("X-UltraCart-Api-Version", "2099-01-01")
        .build()
        .unwrap();

    client.get_agent_keep_alive().await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(
        sent.headers
            .get_all("x-ultracart-api-version")
            .iter()
            .count(),
        1
    );
}

/// A base URL with a path (like the production `/rest/v2`) keeps it, trailing slash or not.
#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    expect_request("GET", "/rest/v2/conversation/agent/keepalive")
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;

    for base in [
        format!("{}/rest/v2", server.uri()),
        format!("{}/rest/v2/", server.uri()),
    ] {
        let client = Client::builder()
            .base_url(base)
            .ultra_cart_simple_api_key(SIMPLE_KEY)
            .build()
            .unwrap();
        client.get_agent_keep_alive().await.unwrap();
    }
}

// ---- Errors -------------------------------------------------------------------------

/// A documented error status decodes into `ErrorResponse`, with status and headers kept.
#[tokio::test]
async fn documented_error_decodes_into_error_response() {
    let server = MockServer::start().await;
    expect_request("GET", format!("/conversation/conversations/{ENCODED_UUID}"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("UC-REST-ERROR", "bad uuid")
                .set_body_json(json!({
                    "error": {
                        "developer_message": "uuid is malformed",
                        "user_message": "Not found",
                        "error_code": "E_UUID",
                        "object_id": UUID
                    },
                    "success": false,
                    "metadata": metadata_json()
                })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_conversation(UUID).await.unwrap_err();

    let api = err.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.operation, "getConversation");
    assert_eq!(api.header("uc-rest-error"), Some("bad uuid"));
    match &api.body {
        ApiErrorBody::ErrorResponse(body) => {
            assert_eq!(body.success, Some(false));
            let error = body.error.as_ref().unwrap();
            assert_eq!(
                error.developer_message.as_deref(),
                Some("uuid is malformed")
            );
            assert_eq!(error.error_code.as_deref(), Some("E_UUID"));
            assert_eq!(error.object_id.as_deref(), Some(UUID));
        }
        other => panic!("expected ErrorResponse, got {other:?}"),
    }
}

/// A documented error on an operation without a success body still decodes.
#[tokio::test]
async fn documented_error_on_empty_operation_decodes() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "error": { "user_message": "bad key" }, "success": false })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).join_conversation(UUID).await.unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 401);
    let ApiErrorBody::ErrorResponse(body) = &api.body else {
        panic!("expected ErrorResponse, got {:?}", api.body);
    };
    assert_eq!(
        body.error.as_ref().unwrap().user_message.as_deref(),
        Some("bad key")
    );
}

/// A documented status with a body that is not JSON is kept as `Raw`.
#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).set_body_string("slow down"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_conversations().await.unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 429);
    assert_eq!(api.body, ApiErrorBody::Raw("slow down".into()));
}

/// A status the spec does not list (404 here) is an API error with the raw body.
#[tokio::test]
async fn undocumented_status_is_api_error_with_raw_body() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_string("no such route"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_conversation(UUID).await.unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.body, ApiErrorBody::Raw("no such route".into()));
}

/// UltraCart's `ErrorResponse` envelope at a status the spec does not list (an unknown
/// conversation's 404) decodes as the envelope, not raw text.
#[tokio::test]
async fn error_envelope_at_an_undocumented_status_decodes() {
    let server = MockServer::start().await;
    let body = json!({
        "error": { "developer_message": "Conversation not found", "user_message": "Not found" },
        "metadata": {},
        "success": false
    });
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_conversation(UUID).await.unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 404);
    let ApiErrorBody::ErrorResponse(envelope) = &api.body else { panic!("{:?}", api.body) };
    let error = envelope.error.as_ref().unwrap();
    assert_eq!(error.developer_message.as_deref(), Some("Conversation not found"));
    assert_eq!(envelope.success, Some(false));
    // UltraCart's envelope has no application status code.
    assert_eq!((api.status_code(), api.meaning()), (None, None));

    // JSON that is not the envelope stays raw text, as sent.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_raw(r#"{"error": null, "detail": "gone"}"#, "application/json"))
        .mount(&server)
        .await;
    let err = client(&server).get_conversation(UUID).await.unwrap_err();
    assert_eq!(err.api_error().unwrap().body, ApiErrorBody::Raw(r#"{"error": null, "detail": "gone"}"#.into()));
}

/// A 200 whose body does not decode is `Error::Decode` with the bytes received.
#[tokio::test]
async fn undecodable_success_body_is_decode_error_with_raw_bytes() {
    let server = MockServer::start().await;
    let body = r#"{"conversation": {"message_count": "many"}}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_conversation(UUID).await.unwrap_err();

    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.operation, "getConversation");
    assert_eq!(&decode.body[..], body.as_bytes());
}

// ---- Pagination -------------------------------------------------------------------

fn conversations_page(uuids: &[&str]) -> ResponseTemplate {
    let conversations: Vec<Value> = uuids.iter().map(|u| summary_json(u)).collect();
    ok_json(json!({ "conversations": conversations, "success": true }))
}

/// `into_stream` on the conversation list starts at offset 0 (sent explicitly), advances
/// `_offset` by the items received and stops after a short page.
#[tokio::test]
async fn conversations_stream_walks_offsets_until_short_page() {
    let server = MockServer::start().await;
    expect_request("GET", "/conversation/conversations")
        .and(query_param("_offset", "0"))
        .respond_with(conversations_page(&["c1", "c2"]))
        .expect(1)
        .mount(&server)
        .await;
    for (offset, uuids) in [("2", &["c3", "c4"][..]), ("4", &["c5"][..])] {
        expect_request("GET", "/conversation/conversations")
            .and(query_param("_offset", offset))
            .respond_with(conversations_page(uuids))
            .expect(1)
            .mount(&server)
            .await;
    }

    let items: Vec<models::ConversationSummary> = client(&server)
        .get_conversations()
        .medium("websocket")
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();

    let uuids: Vec<_> = items
        .into_iter()
        .map(|c| c.conversation_uuid.unwrap())
        .collect();
    assert_eq!(uuids, ["c1", "c2", "c3", "c4", "c5"]);
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
            "medium=websocket&_limit=2&_offset=0",
            "medium=websocket&_limit=2&_offset=2",
            "medium=websocket&_limit=2&_offset=4"
        ]
    );
}

/// Call search is a POST that pages (declared in the overlay, its envelope shows it): the
/// stream resends the search body with each offset, and retries it like a GET (it is
/// declared idempotent), so a 503 in the middle costs nothing.
#[tokio::test]
async fn call_search_streams_pages_resending_its_body() {
    let server = MockServer::start().await;
    let search = json!({ "has_recording": true });
    let page = |sids: &[&str]| ok_json(json!({ "calls": sids.iter().map(|s| json!({ "call_sid": s })).collect::<Vec<_>>(), "success": true }));
    let call_search = || expect_request("POST", "/conversation/pbx/call/search").and(body_json(search.clone()));
    // The second page fails once before it is served.
    call_search().and(query_param("_offset", "2")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).expect(1).mount(&server).await;
    for (offset, sids) in [("0", &["a", "b"][..]), ("2", &["c"][..])] {
        call_search().and(query_param("_offset", offset)).respond_with(page(sids)).expect(1).mount(&server).await;
    }
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy { initial_backoff: std::time::Duration::from_millis(1), ..RetryPolicy::default() })
        .ultra_cart_simple_api_key(SIMPLE_KEY)
        .build()
        .expect("client builds");

    let body = models::ConversationPbxCallSearchRequest::new().with_has_recording(true);
    let calls: Vec<models::ConversationPbxCall> = client.search_pbx_calls(body).limit(2).into_stream().try_collect().await.unwrap();

    let sids: Vec<_> = calls.into_iter().map(|c| c.call_sid.unwrap()).collect();
    assert_eq!(sids, ["a", "b", "c"]);
    let queries: Vec<_> = server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or_default().to_string()).collect();
    assert_eq!(queries, ["_limit=2&_offset=0", "_limit=2&_offset=2", "_limit=2&_offset=2"], "the 503 was retried");
}

/// Without a limit the stream pages on until a page comes back empty.
#[tokio::test]
async fn conversations_stream_without_limit_stops_on_empty_page() {
    let server = MockServer::start().await;
    expect_request("GET", "/conversation/conversations")
        .and(query_param("_offset", "0"))
        .respond_with(conversations_page(&["c1", "c2", "c3"]))
        .expect(1)
        .mount(&server)
        .await;
    expect_request("GET", "/conversation/conversations")
        .and(query_param("_offset", "3"))
        .respond_with(conversations_page(&[]))
        .expect(1)
        .mount(&server)
        .await;

    let items: Vec<models::ConversationSummary> = client(&server)
        .get_conversations()
        .into_stream()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(items.len(), 3);
}

// ---- Forward compatibility ------------------------------------------------------------

/// Enum values the spec does not list decode into the catch-all and serialise back; an
/// enum that lists the value `Unknown` keeps it apart from its catch-all; unknown fields
/// are ignored.
#[test]
fn unknown_enum_values_and_fields_are_tolerated() {
    let summary: models::ConversationSummary = serde_json::from_value(json!({
        "conversation_uuid": "c1",
        "medium": "whatsapp",
        "a_field_from_the_future": { "x": 1 }
    }))
    .unwrap();
    assert_eq!(
        summary.medium,
        Some(models::ConversationSummaryMedium::Unknown(
            "whatsapp".into()
        ))
    );
    assert_eq!(
        serde_json::to_value(&summary.medium).unwrap(),
        json!("whatsapp")
    );

    let listed: models::CartItemMultimediaType = serde_json::from_value(json!("Unknown")).unwrap();
    let unlisted: models::CartItemMultimediaType =
        serde_json::from_value(json!("Hologram")).unwrap();
    assert_eq!(listed, models::CartItemMultimediaType::Unknown);
    assert_eq!(
        unlisted,
        models::CartItemMultimediaType::UnknownValue("Hologram".into())
    );
    assert_eq!(serde_json::to_value(&listed).unwrap(), json!("Unknown"));
    assert_eq!(serde_json::to_value(&unlisted).unwrap(), json!("Hologram"));
}

// ---------------------------------------------------------------------------------------
// Every operation, from a table: the calls are written by build.rs from the spec, the
// requests they must send are worked out here from the spec alone.
// ---------------------------------------------------------------------------------------

#[path = "support/samples.rs"]
mod support_samples;

mod calls {
    use super::support_samples;
    include!(concat!(env!("OUT_DIR"), "/ultracart_conversation_calls.rs"));
}

/// What one operation must send, and the success it is answered with, from the spec.
#[derive(Debug)]
struct Expected {
    method: String,
    /// Percent-encoded, as on the wire.
    path: String,
    query: std::collections::BTreeMap<String, String>,
    /// The request body's media type, when the operation has one.
    content_type: Option<String>,
    /// The documented success status and whether it has a JSON body.
    success: (u16, bool),
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// RFC 3986: everything but the unreserved characters is percent-encoded in a path segment.
fn encode_segment(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Follows a local `$ref` (parameters and schemas may be references).
fn resolve<'a>(tree: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => resolve(tree, tree.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {pointer}"))),
        None => node,
    }
}

/// The text a parameter's sample value is sent as.
fn sample_text(name: &str, schema: &Value) -> String {
    match schema["type"].as_str() {
        Some("string") => support_samples::string(name),
        Some("integer") => support_samples::integer(name).to_string(),
        Some("boolean") => support_samples::boolean(name).to_string(),
        other => panic!("no sample for parameter `{name}` of type {other:?}"),
    }
}

fn expected_requests(tree: &Value) -> std::collections::BTreeMap<String, Expected> {
    let mut expected = std::collections::BTreeMap::new();
    for (template, item) in tree["paths"].as_object().expect("paths") {
        for (verb, op) in item.as_object().expect("a path item").iter().filter(|(k, _)| METHODS.contains(&k.as_str())) {
            let id = op["operationId"].as_str().expect("every operation has an id").to_string();
            let params = item.get("parameters").into_iter().chain(op.get("parameters")).flat_map(|list| list.as_array().expect("a parameter list"));
            let (mut path, mut query) = (template.clone(), std::collections::BTreeMap::new());
            for param in params.map(|p| resolve(tree, p)) {
                let name = param["name"].as_str().expect("a parameter name");
                let text = sample_text(name, resolve(tree, &param["schema"]));
                match param["in"].as_str() {
                    Some("path") => path = path.replace(&format!("{{{name}}}"), &encode_segment(&text)),
                    Some("query") => {
                        query.insert(name.to_string(), text);
                    }
                    other => panic!("{id}: parameter `{name}` in {other:?} is not covered by this table"),
                }
            }
            let content_type = op.get("requestBody").map(|body| {
                let (media, content) = resolve(tree, body)["content"].as_object().and_then(|c| c.iter().next()).expect("a request body has content");
                let schema = resolve(tree, &content["schema"]);
                assert!(schema.get("required").is_none(), "{id}: a default body of a schema with required properties is not `{{}}`");
                media.clone()
            });
            let responses = op["responses"].as_object().expect("responses");
            let (code, response) = responses.iter().filter(|(code, _)| code.starts_with('2')).min_by_key(|(code, _)| code.as_str()).expect("a documented success");
            let json = resolve(tree, response).get("content").and_then(Value::as_object).is_some_and(|c| c.keys().any(|m| m.contains("json")));
            let success = (code.parse().expect("a numeric status"), json);
            let previous = expected.insert(id.clone(), Expected { method: verb.to_uppercase(), path, query, content_type, success });
            assert!(previous.is_none(), "operationId {id} twice");
        }
    }
    expected
}

/// Every operation of the spec, called once with every parameter set and a default body:
/// method, percent-encoded path, query, the simple key and no other credential, the
/// default headers and the body are asserted against the spec, and the documented success
/// is decoded. Per-operation behaviour beyond that has its own tests above.
#[tokio::test]
async fn every_operation_sends_what_the_spec_says() {
    let spec = generator::load::load_file(&integration_tests::spec_path("ultracart-conversation")).unwrap_or_else(|e| panic!("{e}"));
    let expected = expected_requests(&spec.tree());
    let called: Vec<&str> = calls::CALLS.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        called.iter().copied().collect::<std::collections::BTreeSet<_>>(),
        expected.keys().map(String::as_str).collect(),
        "the table covers exactly the spec's operations"
    );
    assert_eq!(called.len(), 128, "UltraCart 4.1.70 has 128 ConversationApi operations");

    let server = MockServer::start().await;
    let client = client(&server);
    let user_agent = integration_tests::user_agent("ultracart-conversation");
    for (id, call) in calls::CALLS {
        let want = &expected[*id];
        server.reset().await;
        let (status, json) = want.success;
        let response = if json { ResponseTemplate::new(status).set_body_json(json!({})) } else { ResponseTemplate::new(status) };
        Mock::given(any()).respond_with(response).mount(&server).await;

        let got = call(&client).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(got.status, status, "{id}: the documented success");
        let decoded = if json { json!({}) } else { Value::Null };
        assert_eq!(got.body, decoded, "{id}: the body as decoded");
        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), want.method, "{id}: method");
        assert_eq!(request.url.path(), want.path, "{id}: path");
        let query: std::collections::BTreeMap<String, String> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        assert_eq!(query, want.query, "{id}: query");
        let header = |name: &str| request.headers.get(name).map(|v| v.to_str().expect("a text header").to_string());
        assert_eq!(header("x-ultracart-simple-key").as_deref(), Some(SIMPLE_KEY), "{id}: the simple key");
        assert_eq!(header("authorization"), None, "{id}: one credential alternative only");
        assert_eq!(header("x-ultracart-api-version").as_deref(), Some("2017-03-01"), "{id}: default header");
        assert_eq!(header("user-agent").as_deref(), Some(user_agent.as_str()), "{id}: user agent");
        assert_eq!(header("content-type"), want.content_type, "{id}: content type");
        match want.content_type {
            Some(_) => assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap_or_else(|e| panic!("{id}: body: {e}")), json!({}), "{id}: default body"),
            None => assert!(request.body.is_empty(), "{id}: no body expected"),
        }
    }
}
