//! Payloads the services really sent, or their vendor documentation shows
//! (`tests/fixtures/real/`, provenance in `SOURCES.md` there), decoded with the type a user
//! of each crate meets them as: a REST body through the operation that returns it (served
//! byte for byte by a local mock server), an event through the crate's event union. None
//! may fail; each test also checks the values that made the sample worth keeping.

use std::path::PathBuf;

use integration_tests::workspace_root;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn real_dir(api: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/real").join(api)
}

fn sample(api: &str, name: &str) -> String {
    let path = real_dir(api).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A server that answers any request with this status and the sample's bytes as JSON.
async fn serving(status: u16, body: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The samples each test below decodes, per API directory: a file added without a decoder,
/// or left out of SOURCES.md, fails here.
const SAMPLES: &[(&str, &[&str])] = &[
    (
        "genesys-cloud-guest-chat",
        &[
            "create-conversation.coddera.json",
            "create-conversation.genesys-blog.json",
            "send-message.coddera.json",
            "send-typing.coddera.json",
            "error-conversation-not-active.forum.json",
            "event-member-change.forum-7575.json",
            "event-member-change.gcloudcx.json",
            "event-message.gcloudcx.json",
            "event-heartbeat.json",
        ],
    ),
    (
        "genesys-engage-chat",
        &[
            "post-chat-operation-success.json",
            "post-chat-reject-success.json",
            "get-chat-messages.json",
            "notification-accept-status-change.json",
            "notification-accept-participants-updated.json",
            "notification-send-message.json",
            "notification-typing-started.json",
            "notification-typing-stopped.json",
            "notification-send-url.json",
            "notification-custom-notice.json",
            "notification-custom-notice-to-agents.json",
            "notification-leave-status-change.json",
            "notification-complete-status-change.json",
        ],
    ),
    ("ultracart-conversation", &["error-rate-limit.json", "error-envelope.json"]),
];

#[test]
fn every_sample_is_decoded_here_and_has_its_source_recorded() {
    let sources = std::fs::read_to_string(workspace_root().join("tests/fixtures/real/SOURCES.md")).unwrap();
    for (api, names) in SAMPLES {
        let mut on_disk: Vec<String> = std::fs::read_dir(real_dir(api))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "tests/fixtures/real/{api}/ and SAMPLES differ");
        for name in *names {
            assert!(sources.contains(&format!("`{api}/{name}`")), "SOURCES.md has no row for {api}/{name}");
            // Every sample is JSON as the service sends it (repairs, if any, are in SOURCES.md).
            serde_json::from_str::<Value>(&sample(api, name)).unwrap_or_else(|e| panic!("{api}/{name}: {e}"));
        }
    }
}

mod guest_chat {
    // Every operation of guest chat 18.0.0 is deprecated (Genesys retired ACD Web Chat v2);
    // the samples decode through them on purpose.
    #![allow(deprecated)]

    use super::*;
    use genesys_cloud_guest_chat::events::WebChatEvent;
    use genesys_cloud_guest_chat::{ApiErrorBody, Client, RetryPolicy, Secret, models};

    const API: &str = "genesys-cloud-guest-chat";

    fn client(server: &MockServer) -> Client {
        let client = Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::disabled()).build().unwrap();
        client.set_guest_chat_jwt("jwt");
        client
    }

    fn create_request() -> models::CreateWebChatConversationRequest {
        models::CreateWebChatConversationRequest::new(
            "org",
            "dep",
            models::WebChatRoutingTarget::new(models::WebChatRoutingTargetTargetType::Queue, "Support"),
            models::GuestMemberInfo::new("Guest"),
        )
    }

    /// The live create response names the guest member by `id` alone: no `role`.
    #[tokio::test]
    async fn create_response_captured_from_the_service_decodes() {
        let server = serving(200, sample(API, "create-conversation.coddera.json")).await;
        let created = client(&server).post_webchat_guest_conversations(create_request()).await.unwrap();

        assert_eq!(created.id.as_deref(), Some("0e4a4c93-dd6f-4440-929a-3f22fb1c7d3f"));
        let jwt = created.jwt.as_ref().unwrap().expose();
        assert!(jwt.starts_with("eyJhbGciOiJSUzI1NiIs") && jwt.ends_with("ZfvzQ"), "the JWT comes through whole");
        let stream = created.event_stream_uri.as_ref().unwrap().expose();
        assert_eq!(stream, format!("wss://carrier-pigeon.mypurecloud.com/v1/token/{jwt}"));
        // Both are secrets: `Debug` of the response shows neither the JWT nor the URL.
        let shown = format!("{created:?}");
        assert!(!shown.contains(&jwt[..40]) && !shown.contains("carrier-pigeon"), "{shown}");
        let member = created.member.unwrap();
        assert_eq!(member.id.as_deref(), Some("2f999537-c4ad-475d-bd95-3d38a814cd46"));
        assert_eq!(member.role, None);
    }

    /// The vendor's own blog post shows the same shape, with elided tokens.
    #[tokio::test]
    async fn create_response_from_the_genesys_blog_decodes() {
        let server = serving(200, sample(API, "create-conversation.genesys-blog.json")).await;
        let created = client(&server).post_webchat_guest_conversations(create_request()).await.unwrap();

        assert_eq!(created.jwt.as_ref().map(Secret::expose), Some("eyJhbGciOi..."));
        assert_eq!(created.event_stream_uri.as_ref().map(Secret::expose), Some("wss://carrierpigeon.mypurecloud.com/v1/token/eyJhbGciOi[...]"));
        assert_eq!(created.member.unwrap().id.as_deref(), Some("8dd184ac-c481-4d67-bb33-bd6976b1b5f0"));
    }

    /// A sent message comes back with `sender: {id}` and relative `selfUri`s.
    #[tokio::test]
    async fn send_message_response_with_relative_uris_decodes() {
        let server = serving(200, sample(API, "send-message.coddera.json")).await;
        let body = models::CreateWebChatMessageRequest::new("Teste chat");
        let message = client(&server).post_webchat_guest_conversation_member_messages("c", "m", body).await.unwrap();

        assert_eq!(message.sender.id.as_deref(), Some("2f999537-c4ad-475d-bd95-3d38a814cd46"));
        assert_eq!(message.sender.role, None);
        assert_eq!(message.body, "Teste chat");
        assert_eq!(message.body_type, models::WebChatMessageBodyType::Standard);
        assert_eq!(message.timestamp.to_rfc3339(), "2020-08-05T13:09:49.546+00:00");
        let self_uri = message.self_uri.as_deref().unwrap();
        assert_eq!(self_uri, "/api/v2/webchat/guest/conversations/0e4a4c93-dd6f-4440-929a-3f22fb1c7d3f/messages/d184e1de-b9c8-4dd3-b970-a2a5adbaac3a");
        // A URI reference resolves against the server it came from.
        let base = url::Url::parse("https://api.mypurecloud.com/").unwrap();
        assert_eq!(base.join(self_uri).unwrap().path(), self_uri);
        assert_eq!(
            message.conversation.self_uri.as_deref(),
            Some("/api/v2/conversations/0e4a4c93-dd6f-4440-929a-3f22fb1c7d3f")
        );
    }

    #[tokio::test]
    async fn typing_response_with_sender_id_only_decodes() {
        let server = serving(200, sample(API, "send-typing.coddera.json")).await;
        let typing = client(&server).post_webchat_guest_conversation_member_typing("c", "m").await.unwrap();

        assert_eq!(typing.id, "411570eb-09b9-41e4-a271-3bbe1a4fcca5");
        assert_eq!(typing.sender.id.as_deref(), Some("2f999537-c4ad-475d-bd95-3d38a814cd46"));
        assert_eq!(typing.sender.role, None);
        assert_eq!(typing.conversation.id.as_deref(), Some("0e4a4c93-dd6f-4440-929a-3f22fb1c7d3f"));
    }

    /// The error body a guest received for a message sent before the WebSocket was attached.
    #[tokio::test]
    async fn error_body_from_the_forum_decodes_as_error_body() {
        let server = serving(400, sample(API, "error-conversation-not-active.forum.json")).await;
        let body = models::CreateWebChatMessageRequest::new("hi");
        let err = client(&server).post_webchat_guest_conversation_member_messages("c", "m", body).await.unwrap_err();
        let api = err.api_error().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(api.status.as_u16(), 400);
        let ApiErrorBody::ErrorBody(error) = &api.body else { panic!("{:?}", api.body) };
        assert_eq!(error.code.as_deref(), Some("chat.error.conversation.state"));
        assert_eq!(error.status, Some(400));
        assert_eq!(error.message_params.as_ref().unwrap()["message"], "The conversation is not active");
        assert_eq!(error.details.as_deref(), Some(&[][..]));
        // What a user reads: the operation, the status, Genesys' own message and code.
        assert_eq!(
            err.to_string(),
            "`postWebchatGuestConversationMemberMessages` failed with 400 Bad Request: Conversation State (code chat.error.conversation.state)"
        );
        assert_eq!(api.code().as_deref(), Some("chat.error.conversation.state"));
        assert_eq!(api.raw_text(), sample(API, "error-conversation-not-active.forum.json"));
    }

    /// A `member-change` event: `member` with `id` and `state` only, the conversation by
    /// `id`, the time, the schema `version` and `metadata.CorrelationId`.
    #[test]
    fn member_change_event_from_the_forum_decodes() {
        let event: WebChatEvent = serde_json::from_str(&sample(API, "event-member-change.forum-7575.json")).unwrap();
        let WebChatEvent::MemberChange(change) = event else { panic!("not a member-change: {event:?}") };
        assert_eq!(change.event_body.member.id.as_deref(), Some("1c5f7bbc-7d06-4b14-b0fc-3dca8b7010f9"));
        assert_eq!(change.event_body.member.state, Some(models::WebChatMemberChangeMemberState::Connected));
        assert_eq!(change.event_body.member.role, None);
        assert_eq!(change.event_body.conversation.unwrap().id.as_deref(), Some("6a8e057a-d340-4d9f-aabb-66ed9ffc2d8b"));
        assert_eq!(change.event_body.timestamp.unwrap().to_rfc3339(), "2020-04-20T09:36:45.355+00:00");
        assert_eq!(change.topic_name.as_deref(), Some("v2.conversations.chats.6a8e057a-d340-4d9f-aabb-66ed9ffc2d8b.members"));
        assert_eq!(change.version.as_deref(), Some("2"));
        assert_eq!(change.metadata.type_, "member-change");
        assert_eq!(change.metadata.correlation_id.as_deref(), Some("3079a590-8f0a-47dd-ac4b-13e5fc7ade39"));
    }

    /// A second `member-change` event, kept by a Go client library: the same shape as the
    /// forum's (no `role`), another state value and the same envelope fields.
    #[test]
    fn member_change_event_from_go_gcloudcx_decodes() {
        let event: WebChatEvent = serde_json::from_str(&sample(API, "event-member-change.gcloudcx.json")).unwrap();
        let WebChatEvent::MemberChange(change) = event else { panic!("not a member-change: {event:?}") };
        assert_eq!(change.event_body.member.id.as_deref(), Some("f3b14049-4631-4b29-b45d-1b2822410cbe"));
        assert_eq!(change.event_body.member.state, Some(models::WebChatMemberChangeMemberState::Connected));
        assert_eq!(change.event_body.member.role, None);
        assert_eq!(change.event_body.conversation.unwrap().id.as_deref(), Some("aa06a6fc-1fdf-4e59-b8a1-df3ca44f523e"));
        assert_eq!(change.event_body.timestamp.unwrap().to_rfc3339(), "2019-06-18T16:59:09.689+00:00");
        assert_eq!(change.version.as_deref(), Some("2"));
        assert_eq!(change.metadata.correlation_id.as_deref(), Some("bbd1fbef-cfbd-4a31-8008-51eba78dee76"));
    }

    /// A `message` event: its `eventBody` is a WebChatMessage whose `sender` is `{id}` alone
    /// (no `role`) and which has no `selfUri`; the envelope carries `version` and
    /// `metadata.CorrelationId`.
    #[test]
    fn message_event_with_sender_id_only_decodes() {
        let event: WebChatEvent = serde_json::from_str(&sample(API, "event-message.gcloudcx.json")).unwrap();
        let WebChatEvent::Message(message) = event else { panic!("not a message: {event:?}") };
        let body = &message.event_body;
        assert_eq!(body.id.as_deref(), Some("485fc952-3021-4dab-bb04-e3ad84d8b62a"));
        assert_eq!(body.sender.id.as_deref(), Some("6408f799-973a-436a-9e1a-a75a6ddc46f5"));
        assert_eq!(body.sender.role, None);
        assert_eq!(body.body, "Hi, how are you?");
        assert_eq!(body.body_type, models::WebChatMessageBodyType::Standard);
        assert_eq!(body.timestamp.to_rfc3339(), "2019-06-18T16:59:22.277+00:00");
        assert_eq!(body.conversation.id.as_deref(), Some("aa06a6fc-1fdf-4e59-b8a1-df3ca44f523e"));
        assert_eq!(body.self_uri, None);
        assert_eq!(message.topic_name.as_deref(), Some("v2.conversations.chats.aa06a6fc-1fdf-4e59-b8a1-df3ca44f523e.messages"));
        assert_eq!(message.version.as_deref(), Some("2"));
        assert_eq!(message.metadata.type_, "message");
        assert_eq!(message.metadata.correlation_id.as_deref(), Some("ca138a93-3198-43b4-8ef4-bced8d38b3b9"));
    }

    /// The stream's heartbeat has no `metadata`: it is kept as an unknown message, not an error.
    #[test]
    fn heartbeat_is_an_unknown_event_not_an_error() {
        let event: WebChatEvent = serde_json::from_str(&sample(API, "event-heartbeat.json")).unwrap();
        let WebChatEvent::Unknown(raw) = event else { panic!("the heartbeat is no known kind: {event:?}") };
        assert_eq!(raw["topicName"], "channel.metadata");
        assert_eq!(raw["eventBody"]["message"], "WebSocket Heartbeat");
    }
}

mod engage {
    use super::*;
    use genesys_engage_chat::{Client, RetryPolicy, models};

    const API: &str = "genesys-engage-chat";

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::disabled()).basic_auth("agent", "pw").build().unwrap()
    }

    fn notification(name: &str) -> models::ChatNotification {
        serde_json::from_str(&sample(API, name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[tokio::test]
    async fn operation_success_reply_decodes() {
        let server = serving(200, sample(API, "post-chat-operation-success.json")).await;
        let operation = models::ChatOperation::Reject(models::ChatReject::new());
        let status = client(&server).post_chat_operation("0000Na9B26EF002X", operation).await.unwrap();
        assert_eq!(status.status_code, Some(0));
        assert_eq!(status.status_message, None);
    }

    /// The Reject page's reply spells the status `status`: a success, not an error.
    #[tokio::test]
    async fn reject_success_reply_decodes() {
        let server = serving(200, sample(API, "post-chat-reject-success.json")).await;
        let operation = models::ChatOperation::Reject(models::ChatReject::new());
        let status = client(&server).post_chat_operation("0000Wa9CAM6W00FF", operation).await.unwrap();
        assert_eq!(status.status, Some(0));
        assert_eq!(status.status_code, None);
    }

    /// The Chat Resource page's transcript sample: four entries, `T`-separated timestamps
    /// with an offset without a colon (kept as text), no `statusCode`.
    #[tokio::test]
    async fn transcript_sample_decodes() {
        let server = serving(200, sample(API, "get-chat-messages.json")).await;
        let transcript = client(&server).get_chat_messages("009052BDEE39003A").await.unwrap();
        let messages = transcript.messages.unwrap();
        let kinds: Vec<_> = messages.iter().map(|m| m.type_.clone()).collect();
        use models::ChatMessageType as Kind;
        assert_eq!(kinds, [Kind::ParticipantJoined, Kind::ParticipantJoined, Kind::TypingStarted, Kind::Text]);
        assert_eq!(messages[3].text.as_deref(), Some("dddd"));
        assert_eq!(messages[0].timestamp.as_deref(), Some("2013-12-27T13:16:41.000-0800"));
        assert_eq!(transcript.status_code, None);
    }

    #[test]
    fn accept_notifications_decode() {
        let models::ChatNotification::ChatStateChangeMessage(status) = notification("notification-accept-status-change.json") else {
            panic!("not a state change")
        };
        assert_eq!(status.notification_type, Some(models::ChatStateChangeMessageNotificationType::StatusChange));
        assert_eq!(status.reference_id, Some(17));
        let chat = status.chat.unwrap();
        assert_eq!(chat.state, Some(models::ChatState::Chatting));
        assert_eq!(chat.participants.as_deref(), Some(&[][..]));
        assert_eq!(chat.capabilities.unwrap().len(), 7);

        let models::ChatNotification::ChatStateChangeMessage(update) = notification("notification-accept-participants-updated.json") else {
            panic!("not a state change")
        };
        assert_eq!(update.notification_type, Some(models::ChatStateChangeMessageNotificationType::ParticipantsUpdated));
        let participants = update.chat.unwrap().participants.unwrap();
        let nicknames: Vec<_> = participants.iter().map(|p| p.nickname.as_deref().unwrap()).collect();
        assert_eq!(nicknames, ["Marat", "PersonP"]);
    }

    #[test]
    fn new_message_notifications_decode() {
        use models::ChatMessageType as Kind;
        for (name, kind, millis) in [
            ("notification-send-message.json", Kind::Text, 1389261492035),
            ("notification-typing-started.json", Kind::TypingStarted, 1389262395009),
            ("notification-typing-stopped.json", Kind::TypingStopped, 1389262395031),
        ] {
            let models::ChatNotification::MessageLogUpdated(log) = notification(name) else { panic!("{name}: not a message log") };
            assert_eq!(log.notification_type, Some(models::MessageLogUpdatedNotificationType::NewMessages), "{name}");
            let messages = log.messages.unwrap();
            assert_eq!(messages.len(), 1, "{name}");
            assert_eq!(messages[0].type_, kind, "{name}");
            assert_eq!(messages[0].timestamp_seconds, Some(millis), "{name}");
            assert_eq!(messages[0].from.as_ref().and_then(|f| f.nickname.as_deref()), Some("TestName"), "{name}");
        }
    }

    /// SendURL's notification: the URL in `url`, and a timestamp without any separator
    /// between date and time (`2014-05-1502:24:00.000-0700`), which decodes because
    /// timestamps are kept as text.
    #[test]
    fn push_url_notification_decodes() {
        let models::ChatNotification::MessageLogUpdated(log) = notification("notification-send-url.json") else {
            panic!("not a message log")
        };
        assert_eq!(log.chat_uri.as_deref(), Some("http://10.10.15.212:9090/api/v2/chats/0001Ea9Q8UVY000T"));
        let messages = log.messages.unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].type_, models::ChatMessageType::PushUrl);
        assert_eq!(messages[0].url.as_deref(), Some("http://google.com"));
        assert_eq!(messages[0].text, None);
        assert_eq!(messages[0].timestamp.as_deref(), Some("2014-05-1502:24:00.000-0700"));
        assert_eq!(messages[0].timestamp_seconds, Some(1400145840000));
        let from = messages[0].from.as_ref().unwrap();
        assert_eq!(from.participant_id.as_deref(), Some("00AF537487AF0004"));
        assert_eq!(from.uri.as_deref(), Some("http://10.10.15.212:9090/api/v2/users/90cc5439ff6848748e5e67811273f266"));
    }

    /// SendCustomNotice's and SendCustomNoticeToAgents' notifications: a `CustomNotice`
    /// entry, a type the Chat Resource table does not list, whose text is in `noticeText`
    /// (not `text`); the one for agents only is visible to `Agents`.
    #[test]
    fn custom_notice_notifications_keep_their_text() {
        use models::ChatVisibility as Seen;
        for (name, text, visibility, millis, sender) in [
            ("notification-custom-notice.json", "This is a custom notice", Seen::All, 1447929020000, "0093564DA4BB0039"),
            (
                "notification-custom-notice-to-agents.json",
                "This is a custom notice to Agents",
                Seen::Agents,
                1447930963000,
                "0093564DAC510041",
            ),
        ] {
            let models::ChatNotification::MessageLogUpdated(log) = notification(name) else { panic!("{name}: not a message log") };
            let messages = log.messages.unwrap();
            assert_eq!(messages.len(), 1, "{name}");
            assert_eq!(messages[0].type_, models::ChatMessageType::CustomNotice, "{name}");
            assert_eq!(messages[0].notice_text.as_deref(), Some(text), "{name}");
            assert_eq!(messages[0].text, None, "{name}");
            assert_eq!(messages[0].visibility, Some(visibility), "{name}");
            assert_eq!(messages[0].index, Some(5), "{name}");
            assert_eq!(messages[0].timestamp_seconds, Some(millis), "{name}");
            assert_eq!(messages[0].from.as_ref().and_then(|f| f.id.as_deref()), Some(sender), "{name}");
        }
    }

    /// Leave and Complete end a chat with `StatusChange` notifications: `LeftChat` with the
    /// remaining capabilities and a `referenceId`, then `Completed` with neither.
    #[test]
    fn leave_and_complete_notifications_decode() {
        let models::ChatNotification::ChatStateChangeMessage(left) = notification("notification-leave-status-change.json") else {
            panic!("not a state change")
        };
        assert_eq!(left.notification_type, Some(models::ChatStateChangeMessageNotificationType::StatusChange));
        assert_eq!(left.reference_id, Some(17));
        let chat = left.chat.unwrap();
        assert_eq!(chat.state, Some(models::ChatState::LeftChat));
        use models::ChatCapability as Can;
        assert_eq!(chat.capabilities.as_deref(), Some(&[Can::Transfer, Can::Complete, Can::Leave, Can::InFocus][..]));

        let models::ChatNotification::ChatStateChangeMessage(done) = notification("notification-complete-status-change.json") else {
            panic!("not a state change")
        };
        assert_eq!(done.notification_type, Some(models::ChatStateChangeMessageNotificationType::StatusChange));
        assert_eq!(done.reference_id, None);
        let chat = done.chat.unwrap();
        assert_eq!(chat.state, Some(models::ChatState::Completed));
        assert_eq!(chat.id.as_deref(), Some("0000Na9B26EF002X"));
        assert_eq!(chat.capabilities, None);
    }
}

mod ultracart {
    use super::*;
    use ultracart_conversation::{ApiErrorBody, Client, RetryPolicy};

    const API: &str = "ultracart-conversation";

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::disabled()).ultra_cart_simple_api_key("key").build().unwrap()
    }

    /// Both documented samples are the `ErrorResponse` envelope, at the statuses they come with.
    #[tokio::test]
    async fn error_envelopes_decode_as_error_response() {
        for (name, status, message, shown) in [
            (
                "error-rate-limit.json",
                429,
                "rate of 10000 per 86400 second(s) exceeded.",
                "`getConversation` failed with 429 Too Many Requests: rate of 10000 per 86400 second(s) exceeded.",
            ),
            (
                "error-envelope.json",
                400,
                "Detailed technical error message for developers",
                "`getConversation` failed with 400 Bad Request: Detailed technical error message for developers",
            ),
        ] {
            let server = serving(status, sample(API, name)).await;
            let err = client(&server).get_conversation("uuid").await.unwrap_err();
            let api = err.api_error().unwrap_or_else(|| panic!("{name}: {err:?}"));
            assert_eq!(api.status.as_u16(), status, "{name}");
            let ApiErrorBody::ErrorResponse(body) = &api.body else { panic!("{name}: {:?}", api.body) };
            assert_eq!(body.error.as_ref().and_then(|e| e.developer_message.as_deref()), Some(message), "{name}");
            assert!(body.metadata.is_some(), "{name}");
            // The developer's message (the envelope's nested `error`), no code in either sample.
            assert_eq!(err.to_string(), shown, "{name}");
            assert_eq!(api.message(), Some(message), "{name}");
            assert_eq!(api.code(), None, "{name}");
            assert_eq!(api.raw_text(), sample(API, name), "{name}");
        }
    }
}
