//! genesys-cloud-guest-chat against Prism: all 11 operations, in static and dynamic mode.

// Every operation of guest chat 18.0.0 is deprecated (Genesys retired ACD Web Chat v2); the
// contract is still checked, so this module calls them on purpose.
#![allow(deprecated)]

use futures::{StreamExt, TryStreamExt};
use genesys_cloud_guest_chat::{Client, RetryPolicy, models};

use crate::contract::{
    Contract, DYNAMIC, Mode, REQUEST_TIMEOUT, assert_raw_rejected, conforming,
    rejected,
};
use crate::prism::Prism;

const SPEC: &str = "genesys-cloud-guest-chat";
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdCJ9.c2lnbmF0dXJl";
/// Ids with characters that must be percent-encoded in a path segment.
const CONVERSATION: &str = "conv 1/2";
const MEMBER: &str = "member?3";

fn client(prism: &Prism, mode: Mode) -> Client {
    let builder = Client::builder()
        .base_url(prism.base_url())
        .retry_policy(RetryPolicy::disabled())
        .timeout(Some(REQUEST_TIMEOUT))
        .log_bodies(true)
        .guest_chat_jwt(JWT);
    let builder = match mode {
        Mode::Static => builder,
        Mode::Dynamic => builder.default_header(DYNAMIC.0, DYNAMIC.1),
    };
    builder.build().expect("client builds")
}

fn create_request() -> models::CreateWebChatConversationRequest {
    models::CreateWebChatConversationRequest::new(
        "org-1",
        "dep-1",
        models::WebChatRoutingTarget::new(models::WebChatRoutingTargetTargetType::Queue, "Support")
            .with_skills(vec!["billing".into(), "german".into()])
            .with_language("de")
            .with_priority(5),
        models::GuestMemberInfo::new("Ann")
            .with_first_name("Ann")
            .with_last_name("Example")
            .with_email("ann@example.com")
            .with_phone_number("+1 555 0100")
            .with_avatar_image_url("https://example.com/ann.png")
            .with_custom_fields([("plan".to_string(), "gold".to_string())].into()),
    )
    .with_member_auth_token("member-jwt")
    .with_journey_context(
        models::JourneyContext::new(models::JourneyCustomer::new("cust-1", "cookie"))
            .with_customer_session(models::JourneyCustomerSession::new("sess-1", "web"))
            .with_triggering_action(models::JourneyAction::new("action-1", models::JourneyActionMap::new("map-1", 2))),
    )
}

/// Every operation, with every optional parameter set, in one mode.
#[allow(deprecated)]
async fn drive_all(contract: &mut Contract, client: &Client, mode: Mode) {
    // Prism is stateless, so the ids below need not come from earlier responses.
    conforming!(
        contract,
        mode,
        "postWebchatGuestConversations",
        client.post_webchat_guest_conversations(create_request())
    );
    conforming!(
        contract,
        mode,
        "getWebchatGuestConversationMediarequest",
        client.get_webchat_guest_conversation_mediarequest(CONVERSATION, "mr-1")
    );
    // `id` and `self_uri` are read-only: an application does not send them back.
    let update = models::WebChatGuestMediaRequest::new(
        vec![models::WebChatGuestMediaRequestTypesItem::Cobrowse, models::WebChatGuestMediaRequestTypesItem::Screenshare],
        models::WebChatGuestMediaRequestState::Accepted,
    )
    .with_name("cobrowse")
    .with_communication_id("comm-1")
    .with_security_key("key-1");
    conforming!(
        contract,
        mode,
        "patchWebchatGuestConversationMediarequest",
        client.patch_webchat_guest_conversation_mediarequest(CONVERSATION, "mr-1", update)
    );
    conforming!(
        contract,
        mode,
        "getWebchatGuestConversationMediarequests",
        client.get_webchat_guest_conversation_mediarequests(CONVERSATION)
    );
    conforming!(
        contract,
        mode,
        "postWebchatGuestConversationMemberTyping",
        client.post_webchat_guest_conversation_member_typing(CONVERSATION, MEMBER)
    );
    let message = models::CreateWebChatMessageRequest::new("Hello, I need help with my order")
        .with_body_type(models::CreateWebChatMessageRequestBodyType::Standard);
    conforming!(
        contract,
        mode,
        "postWebchatGuestConversationMemberMessages",
        client.post_webchat_guest_conversation_member_messages(CONVERSATION, MEMBER, message)
    );
    conforming!(
        contract,
        mode,
        "getWebchatGuestConversationMember",
        client.get_webchat_guest_conversation_member(CONVERSATION, MEMBER)
    );
    conforming!(
        contract,
        mode,
        "deleteWebchatGuestConversationMember",
        client.delete_webchat_guest_conversation_member(CONVERSATION, MEMBER)
    );
    conforming!(
        contract,
        mode,
        "getWebchatGuestConversationMembers",
        client
            .get_webchat_guest_conversation_members(CONVERSATION)
            .page_size(10)
            .page_number(2)
            .exclude_disconnected_members(true)
    );
    conforming!(
        contract,
        mode,
        "getWebchatGuestConversationMessage",
        client.get_webchat_guest_conversation_message(CONVERSATION, "msg-1")
    );
    conforming!(
        contract,
        mode,
        "getWebchatGuestConversationMessages",
        client
            .get_webchat_guest_conversation_messages(CONVERSATION)
            .after("msg-1")
            .before("msg-9")
            .sort_order(models::GetWebchatGuestConversationMessagesSortOrder::Descending)
            .max_results(50)
    );

    // The follow-up page requests the streams build must conform too.
    let members: Vec<_> = client
        .get_webchat_guest_conversation_members(CONVERSATION)
        .page_size(1)
        .into_stream()
        .take(4)
        .try_collect()
        .await
        .unwrap_or_else(|e| contract.fail("getWebchatGuestConversationMembers stream", mode, &e, None));
    assert!(!members.is_empty(), "the members stream yielded nothing");
    let messages: Vec<_> = client
        .get_webchat_guest_conversation_messages(CONVERSATION)
        .into_stream()
        .take(4)
        .try_collect()
        .await
        .unwrap_or_else(|e| contract.fail("getWebchatGuestConversationMessages stream", mode, &e, None));
    assert!(!messages.is_empty(), "the messages stream yielded nothing");
}

/// The negative controls: requests that break the spec are rejected by Prism in a way the
/// checks above notice, so a conforming run is evidence and not an accident.
async fn violations_are_caught(prism: &Prism, client: &Client) {
    // A wrong type in a query parameter, sent with plain reqwest.
    let url = format!("{}/api/v2/webchat/guest/conversations/c1/members?pageSize=ten", prism.base_url());
    let response = client.http_client().get(url).bearer_auth(JWT).send().await.expect("Prism answers");
    assert_raw_rejected(&response, "must be integer");
    // A body without required properties.
    let url = format!("{}/api/v2/webchat/guest/conversations", prism.base_url());
    let response = client
        .http_client()
        .post(url)
        .header("content-type", "application/json")
        .body(r#"{"organizationId":"org-1"}"#)
        .send()
        .await
        .expect("Prism answers");
    assert_raw_rejected(&response, "routingTarget");
    // No credentials on a secured operation.
    let url = format!("{}/api/v2/webchat/guest/conversations/c1/members/m1", prism.base_url());
    let response = client.http_client().get(url).send().await.expect("Prism answers");
    assert_raw_rejected(&response, "security");
    // Through the generated client: an enum value the spec does not allow.
    rejected!(
        client
            .get_webchat_guest_conversation_messages(CONVERSATION)
            .sort_order(models::GetWebchatGuestConversationMessagesSortOrder::Unknown("sideways".into())),
        "sortorder"
    );
}

/// Every operation of the generated client, with valid arguments and the JWT, conforms to
/// the spec as Prism reads it, and Prism's mock data (examples and random) decodes into the
/// models without losing a property.
#[tokio::test]
async fn every_operation_conforms_to_the_spec() {
    Contract::run(SPEC, client, violations_are_caught, drive_all).await;
}
