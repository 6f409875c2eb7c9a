//! Behaviour of the generated `genesys-cloud-guest-chat` client against a local mock server:
//! every operation's request (method, percent-encoded path, query, headers, JSON body) and
//! the decoding of its response; error bodies; the guest chat JWT; pagination streams;
//! extended responses; and tolerance of values and fields the spec does not list.

// Every operation of guest chat 18.0.0 is deprecated (Genesys retired ACD Web Chat v2); the
// client still has to send and decode them right, so these tests call them on purpose.
#![allow(deprecated)]

use futures::TryStreamExt;
use genesys_cloud_guest_chat::models;
use genesys_cloud_guest_chat::{ApiErrorBody, Client, Error, RetryPolicy, Secret};
use serde_json::{Value, json};
use wiremock::matchers::{
    any, body_json, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

#[path = "support/mock.rs"]
mod mock;
use mock::{ok_json, only_request};

const JWT: &str = "guest-jwt-0123456789";
/// A conversation id with a space and a slash, so every path checks percent-encoding.
const CONVERSATION: &str = "conv 1/2";
const CONVERSATIONS: &str = "/api/v2/webchat/guest/conversations";
const ENCODED_CONVERSATION: &str = "/api/v2/webchat/guest/conversations/conv%201%2F2";

/// A client for the mock server, with the JWT set after construction (as an application
/// does once `postWebchatGuestConversations` has returned it) and retries off.
fn client(server: &MockServer) -> Client {
    let client = anonymous_client(server);
    client.set_guest_chat_jwt(JWT);
    client
}

fn anonymous_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// A mock that only matches a request with this method and (encoded) path, carrying the JWT
/// as a bearer token and the crate's user agent.
fn secured(verb: &str, request_path: String) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(request_path))
        .and(header("authorization", format!("Bearer {JWT}").as_str()))
        .and(header("user-agent", integration_tests::user_agent("genesys-cloud-guest-chat").as_str()))
}

/// A request without a body carries neither a body nor a content type.
fn assert_no_body(request: &Request) {
    assert!(
        request.body.is_empty(),
        "unexpected body: {:?}",
        request.body
    );
    assert!(request.headers.get("content-type").is_none());
}

fn assert_json_content_type(request: &Request) {
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/json"
    );
}

fn member_json(id: &str) -> Value {
    json!({
        "id": id,
        "displayName": format!("Member {id}"),
        "role": "CUSTOMER",
        "state": "CONNECTED",
        "joinDate": "2024-05-01T10:00:00Z",
        "authenticatedGuest": false,
        "customFields": { "plan": "gold" }
    })
}

fn message_json(id: &str) -> Value {
    json!({
        "id": id,
        "conversation": { "id": "conv 1/2", "selfUri": "https://api.example.com/c" },
        "sender": { "id": "m1", "role": "AGENT", "displayName": "Agent Smith" },
        "body": format!("text of {id}"),
        "bodyType": "standard",
        "timestamp": "2024-05-01T10:00:05Z"
    })
}

fn media_request_json(state: &str) -> Value {
    json!({
        "id": "mr-1",
        "name": "cobrowse request",
        "types": ["COBROWSE"],
        "state": state,
        "communicationId": "comm-1",
        "securityKey": "key-1",
        "selfUri": "https://api.example.com/api/v2/webchat/guest/conversations/c/mediarequests/mr-1"
    })
}

fn error_json(status: u16, code: &str) -> Value {
    json!({
        "message": "Conversation not found",
        "code": code,
        "status": status,
        "contextId": "ctx-42",
        "details": [{ "errorCode": "E1", "fieldName": "conversationId" }]
    })
}

// ---- One test per operation -------------------------------------------------------------

/// postWebchatGuestConversations: POST with the JSON body, no query, and no `Authorization`
/// even though the client holds a JWT (the operation is anonymous).
#[tokio::test]
async fn post_webchat_guest_conversations_sends_body_without_authorization() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "organizationId": "org-1",
        "deploymentId": "dep-1",
        "routingTarget": {
            "targetType": "QUEUE",
            "targetAddress": "Support",
            "skills": ["billing"],
            "priority": 5
        },
        "memberInfo": {
            "displayName": "Ann",
            "email": "ann@example.com",
            "customFields": { "plan": "gold" }
        }
    });
    Mock::given(method("POST"))
        .and(path(CONVERSATIONS))
        .and(header("user-agent", integration_tests::user_agent("genesys-cloud-guest-chat").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ok_json(json!({
            "id": "conv-9",
            "jwt": "new-jwt",
            "eventStreamUri": "wss://streaming.example.com/conv-9",
            "member": member_json("m1")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let request = models::CreateWebChatConversationRequest::new(
        "org-1",
        "dep-1",
        models::WebChatRoutingTarget::new(models::WebChatRoutingTargetTargetType::Queue, "Support")
            .with_skills(vec!["billing".into()])
            .with_priority(5),
        models::GuestMemberInfo::new("Ann")
            .with_email("ann@example.com")
            .with_custom_fields([("plan".to_string(), "gold".to_string())].into()),
    );
    let created = client(&server)
        .post_webchat_guest_conversations(request)
        .await
        .unwrap();

    assert_eq!(created.id.as_deref(), Some("conv-9"));
    // The JWT and the URL that carries it are secrets: read explicitly, never in `Debug`.
    assert_eq!(created.jwt.as_ref().map(Secret::expose), Some("new-jwt"));
    assert_eq!(
        created.event_stream_uri.as_ref().map(Secret::expose),
        Some("wss://streaming.example.com/conv-9")
    );
    let shown = format!("{created:?}");
    assert!(!shown.contains("new-jwt") && !shown.contains("streaming.example.com"), "{shown}");
    assert!(shown.contains("conv-9"), "the rest is shown: {shown}");
    let member = created.member.unwrap();
    assert_eq!(member.role, Some(models::WebChatMemberInfoRole::Customer));
    assert_eq!(
        member.state,
        Some(models::WebChatMemberInfoState::Connected)
    );
    let sent = only_request(&server).await;
    assert!(
        sent.headers.get("authorization").is_none(),
        "anonymous operation sent a JWT"
    );
    assert_eq!(sent.url.query(), None);
}

/// getWebchatGuestConversationMediarequest: GET with two encoded path parameters.
#[tokio::test]
#[allow(deprecated)]
async fn get_webchat_guest_conversation_mediarequest_decodes_media_request() {
    let server = MockServer::start().await;
    secured(
        "GET",
        format!("{ENCODED_CONVERSATION}/mediarequests/mr%3F1"),
    )
    .respond_with(ok_json(media_request_json("PENDING")))
    .expect(1)
    .mount(&server)
    .await;

    let got = client(&server)
        .get_webchat_guest_conversation_mediarequest(CONVERSATION, "mr?1")
        .await
        .unwrap();

    assert_eq!(got.id.as_deref(), Some("mr-1"));
    assert_eq!(
        got.types,
        vec![models::WebChatGuestMediaRequestTypesItem::Cobrowse]
    );
    assert_eq!(got.state, models::WebChatGuestMediaRequestState::Pending);
    assert_eq!(got.communication_id.as_deref(), Some("comm-1"));
    assert_eq!(got.security_key.as_deref(), Some("key-1"));
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), None);
    assert_no_body(&sent);
}

/// patchWebchatGuestConversationMediarequest: PATCH with the media request as JSON.
#[tokio::test]
#[allow(deprecated)]
async fn patch_webchat_guest_conversation_mediarequest_sends_new_state() {
    let server = MockServer::start().await;
    secured(
        "PATCH",
        format!("{ENCODED_CONVERSATION}/mediarequests/mr-1"),
    )
    .and(body_json(
        json!({ "types": ["SCREENSHARE"], "state": "ACCEPTED" }),
    ))
    .respond_with(ok_json(media_request_json("ACCEPTED")))
    .expect(1)
    .mount(&server)
    .await;

    let body = models::WebChatGuestMediaRequest::new(vec![models::WebChatGuestMediaRequestTypesItem::Screenshare], models::WebChatGuestMediaRequestState::Accepted);
    let got = client(&server)
        .patch_webchat_guest_conversation_mediarequest(CONVERSATION, "mr-1", body)
        .await
        .unwrap();

    assert_eq!(got.state, models::WebChatGuestMediaRequestState::Accepted);
    assert_eq!(got.name.as_deref(), Some("cobrowse request"));
    let sent = only_request(&server).await;
    assert_json_content_type(&sent);
    assert_eq!(sent.url.query(), None);
}

/// getWebchatGuestConversationMediarequests: GET of the list.
#[tokio::test]
async fn get_webchat_guest_conversation_mediarequests_decodes_list() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/mediarequests"))
        .respond_with(ok_json(json!({
            "entities": [media_request_json("PENDING"), media_request_json("DECLINED")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_webchat_guest_conversation_mediarequests(CONVERSATION)
        .await
        .unwrap();

    let states: Vec<_> = got.entities.unwrap().into_iter().map(|m| m.state).collect();
    assert_eq!(
        states,
        vec![
            models::WebChatGuestMediaRequestState::Pending,
            models::WebChatGuestMediaRequestState::Declined
        ]
    );
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), None);
    assert_no_body(&sent);
}

/// postWebchatGuestConversationMemberTyping: POST without a body.
#[tokio::test]
async fn post_webchat_guest_conversation_member_typing_sends_no_body() {
    let server = MockServer::start().await;
    secured("POST", format!("{ENCODED_CONVERSATION}/members/m1/typing"))
        .respond_with(ok_json(json!({
            "id": "typing-1",
            "conversation": { "id": "conv 1/2" },
            "sender": { "id": "m1", "role": "CUSTOMER" },
            "timestamp": "2024-05-01T10:00:00.250Z"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .post_webchat_guest_conversation_member_typing(CONVERSATION, "m1")
        .await
        .unwrap();

    assert_eq!(got.id, "typing-1");
    assert_eq!(got.conversation.id.as_deref(), Some("conv 1/2"));
    assert_eq!(got.sender.role, Some(models::WebChatMemberInfoRole::Customer));
    assert_eq!(got.timestamp.to_rfc3339(), "2024-05-01T10:00:00.250+00:00");
    let sent = only_request(&server).await;
    assert_no_body(&sent);
    assert_eq!(sent.url.query(), None);
}

/// postWebchatGuestConversationMemberMessages: POST of the message as JSON.
#[tokio::test]
async fn post_webchat_guest_conversation_member_messages_sends_message() {
    let server = MockServer::start().await;
    secured(
        "POST",
        format!("{ENCODED_CONVERSATION}/members/m1/messages"),
    )
    .and(header("content-type", "application/json"))
    .and(body_json(
        json!({ "body": "Hello there", "bodyType": "standard" }),
    ))
    .respond_with(ok_json(message_json("msg-1")))
    .expect(1)
    .mount(&server)
    .await;

    let body = models::CreateWebChatMessageRequest::new("Hello there").with_body_type(models::CreateWebChatMessageRequestBodyType::Standard);
    let got = client(&server)
        .post_webchat_guest_conversation_member_messages(CONVERSATION, "m1", body)
        .await
        .unwrap();

    assert_eq!(got.id.as_deref(), Some("msg-1"));
    assert_eq!(got.body, "text of msg-1");
    assert_eq!(got.body_type, models::WebChatMessageBodyType::Standard);
    assert_eq!(got.sender.display_name.as_deref(), Some("Agent Smith"));
    assert_eq!(got.timestamp.to_rfc3339(), "2024-05-01T10:00:05+00:00");
    assert_eq!(only_request(&server).await.url.query(), None);
}

/// getWebchatGuestConversationMember: GET of one member.
#[tokio::test]
async fn get_webchat_guest_conversation_member_decodes_member() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/members/m%201"))
        .respond_with(ok_json(member_json("m 1")))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_webchat_guest_conversation_member(CONVERSATION, "m 1")
        .await
        .unwrap();

    assert_eq!(got.id.as_deref(), Some("m 1"));
    assert_eq!(got.display_name.as_deref(), Some("Member m 1"));
    assert_eq!(got.authenticated_guest, Some(false));
    assert_eq!(
        got.join_date.unwrap().to_rfc3339(),
        "2024-05-01T10:00:00+00:00"
    );
    assert_eq!(got.custom_fields.unwrap()["plan"], "gold");
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), None);
    assert_no_body(&sent);
}

/// deleteWebchatGuestConversationMember: DELETE answered 204 with no body.
#[tokio::test]
async fn delete_webchat_guest_conversation_member_accepts_no_content() {
    let server = MockServer::start().await;
    secured("DELETE", format!("{ENCODED_CONVERSATION}/members/m1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_webchat_guest_conversation_member(CONVERSATION, "m1")
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 204);
    let sent = only_request(&server).await;
    assert_no_body(&sent);
    assert_eq!(sent.url.query(), None);
}

/// getWebchatGuestConversationMembers: every optional query parameter, in spec order.
#[tokio::test]
async fn get_webchat_guest_conversation_members_sends_query() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/members"))
        .and(query_param("pageSize", "10"))
        .and(query_param("pageNumber", "2"))
        .and(query_param("excludeDisconnectedMembers", "true"))
        .respond_with(ok_json(json!({
            "entities": [member_json("m1"), member_json("m2")],
            "pageSize": 10,
            "pageNumber": 2,
            "total": 12,
            "pageCount": 2,
            "nextUri": "https://api.example.com/next"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_webchat_guest_conversation_members(CONVERSATION)
        .page_size(10)
        .page_number(2)
        .exclude_disconnected_members(true)
        .await
        .unwrap();

    let ids: Vec<_> = got
        .entities
        .unwrap()
        .into_iter()
        .map(|m| m.id.unwrap())
        .collect();
    assert_eq!(ids, ["m1", "m2"]);
    assert_eq!(
        (got.page_size, got.page_number, got.total, got.page_count),
        (Some(10), Some(2), Some(12), Some(2))
    );
    assert_eq!(
        got.next_uri.unwrap().as_str(),
        "https://api.example.com/next"
    );
    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some("pageSize=10&pageNumber=2&excludeDisconnectedMembers=true")
    );
}

/// getWebchatGuestConversationMessage: GET of one message.
#[tokio::test]
async fn get_webchat_guest_conversation_message_decodes_message() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/messages/msg-7"))
        .respond_with(ok_json(message_json("msg-7")))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_webchat_guest_conversation_message(CONVERSATION, "msg-7")
        .await
        .unwrap();

    assert_eq!(got.id.as_deref(), Some("msg-7"));
    assert_eq!(got.sender.role, Some(models::WebChatMemberInfoRole::Agent));
    assert_eq!(
        got.conversation.self_uri.unwrap().as_str(),
        "https://api.example.com/c"
    );
    let sent = only_request(&server).await;
    assert_eq!(sent.url.query(), None);
    assert_no_body(&sent);
}

/// getWebchatGuestConversationMessages: every optional query parameter, the enum as its
/// wire value.
#[tokio::test]
async fn get_webchat_guest_conversation_messages_sends_query() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/messages"))
        .and(query_param("after", "a 1"))
        .and(query_param("before", "b&2"))
        .and(query_param("sortOrder", "descending"))
        .and(query_param("maxResults", "50"))
        .respond_with(ok_json(json!({
            "entities": [message_json("msg-1")],
            "pageSize": 50,
            "next": "cursor-2",
            "previousPage": "cursor-0"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_webchat_guest_conversation_messages(CONVERSATION)
        .after("a 1")
        .before("b&2")
        .sort_order(models::GetWebchatGuestConversationMessagesSortOrder::Descending)
        .max_results(50)
        .await
        .unwrap();

    assert_eq!(got.entities.unwrap()[0].id.as_deref(), Some("msg-1"));
    assert_eq!(got.next.as_deref(), Some("cursor-2"));
    assert_eq!(got.previous_page.as_deref(), Some("cursor-0"));
    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.query(),
        Some("after=a+1&before=b%262&sortOrder=descending&maxResults=50")
    );
}

// ---- Authentication -----------------------------------------------------------------

/// The JWT set with `set_guest_chat_jwt` after the client was built goes out as
/// `Authorization: Bearer <jwt>` on each of the ten secured operations.
#[tokio::test]
#[allow(deprecated)]
async fn jwt_set_after_construction_is_sent_on_every_secured_operation() {
    let server = MockServer::start().await;
    // The responses do not matter here (most will not decode); only the requests do.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = anonymous_client(&server);
    client.set_guest_chat_jwt(JWT);
    let message = models::CreateWebChatMessageRequest::new("x");
    let media = models::WebChatGuestMediaRequest::new(vec![], models::WebChatGuestMediaRequestState::Accepted);

    let _ = client
        .get_webchat_guest_conversation_mediarequest("c", "r")
        .await;
    let _ = client
        .patch_webchat_guest_conversation_mediarequest("c", "r", media)
        .await;
    let _ = client
        .get_webchat_guest_conversation_mediarequests("c")
        .await;
    let _ = client
        .post_webchat_guest_conversation_member_typing("c", "m")
        .await;
    let _ = client
        .post_webchat_guest_conversation_member_messages("c", "m", message)
        .await;
    let _ = client.get_webchat_guest_conversation_member("c", "m").await;
    let _ = client
        .delete_webchat_guest_conversation_member("c", "m")
        .await;
    let _ = client.get_webchat_guest_conversation_members("c").await;
    let _ = client
        .get_webchat_guest_conversation_message("c", "g")
        .await;
    let _ = client.get_webchat_guest_conversation_messages("c").await;

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 10);
    for request in &requests {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            &format!("Bearer {JWT}"),
            "{} {}",
            request.method,
            request.url
        );
    }
}

/// Replacing the JWT takes effect on the next request; clearing it makes secured
/// operations fail again.
#[tokio::test]
async fn replaced_jwt_is_used_and_cleared_jwt_is_missing() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer second-jwt"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.set_guest_chat_jwt("second-jwt");

    client
        .delete_webchat_guest_conversation_member("c", "m")
        .await
        .unwrap();
    client.clear_guest_chat_jwt();
    let err = client
        .delete_webchat_guest_conversation_member("c", "m")
        .await
        .unwrap_err();

    assert!(matches!(err, Error::MissingCredentials { .. }), "{err:?}");
}

/// Clones share credentials: a JWT set through one clone is used by the other.
#[tokio::test]
async fn clones_share_the_jwt() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", format!("Bearer {JWT}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let original = anonymous_client(&server);
    let clone = original.clone();

    clone.set_guest_chat_jwt(JWT);
    original
        .delete_webchat_guest_conversation_member("c", "m")
        .await
        .unwrap();
}

/// A secured operation on a client without a JWT fails before anything is sent.
#[tokio::test]
async fn secured_operation_without_jwt_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;

    let err = anonymous_client(&server)
        .get_webchat_guest_conversation_member(CONVERSATION, "m1")
        .await
        .unwrap_err();

    match err {
        Error::MissingCredentials { operation, schemes } => {
            assert_eq!(operation, "getWebchatGuestConversationMember");
            assert_eq!(schemes, "guestChatJwt");
        }
        other => panic!("expected MissingCredentials, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---- Errors -------------------------------------------------------------------------

/// A documented error status decodes into `ErrorBody`, with status and headers kept.
#[tokio::test]
async fn documented_error_decodes_into_error_body() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/members/m1"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("inin-correlation-id", "corr-1")
                .set_body_json(error_json(404, "not.found")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_webchat_guest_conversation_member(CONVERSATION, "m1")
        .await
        .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let api = err.api_error().expect("an API error");
    assert_eq!(api.operation, "getWebchatGuestConversationMember");
    assert_eq!(api.header("inin-correlation-id"), Some("corr-1"));
    match &api.body {
        ApiErrorBody::ErrorBody(body) => {
            assert_eq!(body.code.as_deref(), Some("not.found"));
            assert_eq!(body.status, Some(404));
            assert_eq!(body.context_id.as_deref(), Some("ctx-42"));
            let details = body.details.as_ref().unwrap();
            assert_eq!(details[0].field_name.as_deref(), Some("conversationId"));
        }
        other => panic!("expected ErrorBody, got {other:?}"),
    }
}

/// A documented error status whose body is not JSON keeps the text as `Raw`.
#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>upstream down</html>"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_webchat_guest_conversation_member(CONVERSATION, "m1")
        .await
        .unwrap_err();

    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(
        api.body,
        ApiErrorBody::Raw("<html>upstream down</html>".into())
    );
}

/// A status the spec does not document is an API error with the raw body, even if the
/// body would decode as the error type; without a body it is `Empty`.
#[tokio::test]
async fn undocumented_status_is_api_error_with_raw_body() {
    let server = MockServer::start().await;
    Mock::given(path(format!("{ENCODED_CONVERSATION}/members/m1")))
        .respond_with(ResponseTemplate::new(418).set_body_json(json!({ "message": "teapot" })))
        .mount(&server)
        .await;
    Mock::given(path(format!("{ENCODED_CONVERSATION}/members/m2")))
        .respond_with(ResponseTemplate::new(402))
        .mount(&server)
        .await;
    let client = client(&server);

    let with_body = client
        .get_webchat_guest_conversation_member(CONVERSATION, "m1")
        .await;
    let without_body = client
        .get_webchat_guest_conversation_member(CONVERSATION, "m2")
        .await;

    let api = with_body.unwrap_err();
    let api = api.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 418);
    assert_eq!(
        api.body,
        ApiErrorBody::Raw(r#"{"message":"teapot"}"#.into())
    );
    let api = without_body.unwrap_err();
    let api = api.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 402);
    assert_eq!(api.body, ApiErrorBody::Empty);
}

/// A 200 whose body does not decode gives `Error::Decode` holding the bytes received.
#[tokio::test]
async fn undecodable_success_body_is_decode_error_with_raw_bytes() {
    let server = MockServer::start().await;
    let body = r#"{"id": "m1", "role": 42}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_webchat_guest_conversation_member(CONVERSATION, "m1")
        .await
        .unwrap_err();

    match err {
        Error::Decode(decode) => {
            assert_eq!(decode.operation, "getWebchatGuestConversationMember");
            assert_eq!(decode.status.as_u16(), 200);
            assert_eq!(&decode.body[..], body.as_bytes());
            assert_eq!(
                decode.headers.get("content-type").unwrap(),
                "application/json"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ---- Extended responses --------------------------------------------------------------

/// `send_with_response` exposes status, headers and the rate-limit headers.
#[tokio::test]
async fn send_with_response_exposes_status_headers_and_rate_limit() {
    let server = MockServer::start().await;
    secured("GET", format!("{ENCODED_CONVERSATION}/members/m1"))
        .respond_with(
            ok_json(member_json("m1"))
                .insert_header("inin-correlation-id", "corr-7")
                .insert_header("X-RateLimit-Limit", "300")
                .insert_header("X-RateLimit-Remaining", "299")
                .insert_header("X-RateLimit-Reset", "60"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .get_webchat_guest_conversation_member(CONVERSATION, "m1")
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.header("inin-correlation-id"), Some("corr-7"));
    let limit = response.rate_limit();
    assert_eq!(limit.limit, Some(300));
    assert_eq!(limit.remaining, Some(299));
    assert_eq!(limit.reset, Some(60));
    assert_eq!(limit.retry_after, None);
    assert_eq!(response.body.id.as_deref(), Some("m1"));
}

// ---- Pagination -------------------------------------------------------------------

fn members_page(ids: &[&str], page_count: i32) -> ResponseTemplate {
    let entities: Vec<Value> = ids.iter().map(|id| member_json(id)).collect();
    ok_json(json!({ "entities": entities, "pageSize": 2, "pageCount": page_count }))
}

/// `into_stream` on the members list walks page numbers until `pageCount`, asking for
/// page 1 explicitly rather than relying on the server's default.
#[tokio::test]
async fn members_stream_walks_page_numbers_until_page_count() {
    let server = MockServer::start().await;
    let members = format!("{ENCODED_CONVERSATION}/members");
    secured("GET", members.clone())
        .and(query_param("pageNumber", "1"))
        .respond_with(members_page(&["m1", "m2"], 3))
        .expect(1)
        .mount(&server)
        .await;
    for (page, ids) in [("2", &["m3", "m4"][..]), ("3", &["m5"][..])] {
        secured("GET", members.clone())
            .and(query_param("pageNumber", page))
            .respond_with(members_page(ids, 3))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);

    let items: Vec<models::WebChatMemberInfo> = client
        .get_webchat_guest_conversation_members(CONVERSATION)
        .page_size(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();

    let ids: Vec<_> = items.into_iter().map(|m| m.id.unwrap()).collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5"]);
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
            "pageSize=2&pageNumber=1",
            "pageSize=2&pageNumber=2",
            "pageSize=2&pageNumber=3"
        ]
    );
}

fn messages_page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let entities: Vec<Value> = ids.iter().map(|id| message_json(id)).collect();
    ok_json(json!({ "entities": entities, "next": next }))
}

async fn collect_messages(client: &Client) -> Vec<String> {
    let items: Vec<models::WebChatMessage> = client
        .get_webchat_guest_conversation_messages(CONVERSATION)
        .max_results(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    items.into_iter().map(|m| m.id.unwrap()).collect()
}

/// `into_stream` on the messages list follows a plain cursor in `next` as `after`.
#[tokio::test]
async fn messages_stream_follows_plain_cursor() {
    let server = MockServer::start().await;
    let messages = format!("{ENCODED_CONVERSATION}/messages");
    secured("GET", messages.clone())
        .and(query_param_is_missing("after"))
        .respond_with(messages_page(&["a", "b"], Some("cursor-2")))
        .expect(1)
        .mount(&server)
        .await;
    secured("GET", messages.clone())
        .and(query_param("after", "cursor-2"))
        .respond_with(messages_page(&["c"], None))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(collect_messages(&client(&server)).await, ["a", "b", "c"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// `into_stream` on the messages list takes `after` from a `next` URL's query, and stops
/// when the server hands back the cursor it was just given.
#[tokio::test]
async fn messages_stream_follows_cursor_in_next_url() {
    let server = MockServer::start().await;
    let messages = format!("{ENCODED_CONVERSATION}/messages");
    let next_url = format!("{messages}?maxResults=2&after=cursor%203&sortOrder=ascending");
    secured("GET", messages.clone())
        .and(query_param_is_missing("after"))
        .respond_with(messages_page(&["a", "b"], Some(&next_url)))
        .expect(1)
        .mount(&server)
        .await;
    let repeat_url = format!("https://api.example.com{next_url}");
    secured("GET", messages.clone())
        .and(query_param("after", "cursor 3"))
        .respond_with(messages_page(&["c", "d"], Some(&repeat_url)))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(
        collect_messages(&client(&server)).await,
        ["a", "b", "c", "d"]
    );
    let queries: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    assert_eq!(queries, ["maxResults=2", "after=cursor+3&maxResults=2"]);
}

/// An error on a later page is yielded once, after the earlier items, and ends the stream.
#[tokio::test]
async fn stream_yields_error_then_ends() {
    let server = MockServer::start().await;
    let members = format!("{ENCODED_CONVERSATION}/members");
    secured("GET", members.clone())
        .and(query_param("pageNumber", "1"))
        .respond_with(members_page(&["m1"], 5))
        .expect(1)
        .mount(&server)
        .await;
    secured("GET", members)
        .and(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let results: Vec<_> = futures::StreamExt::collect::<Vec<_>>(
        client
            .get_webchat_guest_conversation_members(CONVERSATION)
            .into_stream(),
    )
    .await;

    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id.as_deref(), Some("m1"));
    assert_eq!(
        results[1].as_ref().unwrap_err().status().unwrap().as_u16(),
        500
    );
}

// ---- Forward compatibility ------------------------------------------------------------

/// Enum values the spec does not list decode into `Unknown` and serialise back unchanged;
/// fields the spec does not list are ignored.
#[tokio::test]
async fn unknown_enum_values_and_fields_are_tolerated() {
    let server = MockServer::start().await;
    let mut message = message_json("msg-1");
    message["bodyType"] = json!("rich-card");
    message["sender"]["role"] = json!("SUPERVISOR");
    message["sender"]["mood"] = json!({ "nested": [1, 2] });
    message["brandNewField"] = json!(true);
    secured("GET", format!("{ENCODED_CONVERSATION}/messages/msg-1"))
        .respond_with(ok_json(message))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_webchat_guest_conversation_message(CONVERSATION, "msg-1")
        .await
        .unwrap();

    assert_eq!(
        got.body_type,
        models::WebChatMessageBodyType::Unknown("rich-card".into())
    );
    assert_eq!(
        got.sender.role,
        Some(models::WebChatMemberInfoRole::Unknown("SUPERVISOR".into()))
    );
    assert_eq!(
        serde_json::to_value(&got.body_type).unwrap(),
        json!("rich-card")
    );
    assert_eq!(
        serde_json::to_value(&got.sender.role).unwrap(),
        json!("SUPERVISOR")
    );
    assert_eq!(got.body_type.as_str(), "rich-card");
    assert_eq!(got.sender.role.unwrap().to_string(), "SUPERVISOR");
}
