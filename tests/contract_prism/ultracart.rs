//! ultracart-conversation against Prism: all 128 operations (from the table build.rs
//! writes from the spec), in static and dynamic mode, once with each of the two security
//! schemes the operations accept.

use futures::{StreamExt, TryStreamExt};
use ultracart_conversation::{Client, RetryPolicy, models};

use crate::contract::{
    Contract, DYNAMIC, Mode, REQUEST_TIMEOUT, VIOLATIONS_HEADER, assert_raw_rejected,
    conforming, rejected,
};
use crate::prism::Prism;

const SPEC: &str = "ultracart-conversation";

/// Static mode authenticates with OAuth, dynamic mode with the simple API key, so both
/// alternatives of every operation's `security` are exercised.
fn client(prism: &Prism, mode: Mode) -> Client {
    let builder = Client::builder()
        .base_url(prism.base_url())
        .retry_policy(RetryPolicy::disabled())
        .timeout(Some(REQUEST_TIMEOUT))
        .log_bodies(true);
    let builder = match mode {
        Mode::Static => builder.ultra_cart_oauth("oauth-access-token"),
        Mode::Dynamic => builder.ultra_cart_simple_api_key("simple-key-0123").default_header(DYNAMIC.0, DYNAMIC.1),
    };
    builder.build().expect("client builds")
}

/// Every operation, from the table build.rs writes from the spec (every parameter set, a
/// default body), then the calls whose values a table cannot choose: bodies with values.
async fn drive_all(contract: &mut Contract, client: &Client, mode: Mode) {
    for (operation, call) in crate::ultracart_calls::CALLS {
        if contract.skip_unmockable(mode, operation) {
            continue;
        }
        match call(client).await {
            Ok(sent) => {
                let violations = sent.headers.get(VIOLATIONS_HEADER).and_then(|v| v.to_str().ok());
                contract.accept(mode, operation, violations, Ok(sent.body));
            }
            Err(error) => {
                let api_error = error.api_error();
                let violations = api_error.and_then(|e| e.header(VIOLATIONS_HEADER));
                contract.reject(mode, operation, &error, api_error.map(|e| e.status.as_u16()), violations);
            }
        }
    }
    let start = models::ConversationStartRequest::new()
        .with_add_conversation_participant_arns(vec!["arn:participant:1".into()])
        .with_conversation_arn("arn:conversation:1")
        .with_conversation_webchat_queue_uuid("queue-uuid-1");
    conforming!(contract, mode, "startConversation", client.start_conversation(start));
    let status = models::ConversationWebchatQueueStatusUpdateRequest::new()
        .with_agent_status(models::ConversationWebchatQueueStatusUpdateRequestAgentStatus::Available);
    conforming!(
        contract,
        mode,
        "updateConversationWebchatQueueStatus",
        client.update_conversation_webchat_queue_status("sales team", status)
    );

    // The follow-up page requests the stream builds must conform too.
    let conversations: Vec<_> = client
        .get_conversations()
        .limit(1)
        .into_stream()
        .take(4)
        .try_collect()
        .await
        .unwrap_or_else(|e| contract.fail("getConversations stream", mode, &e, None));
    assert!(!conversations.is_empty(), "the conversations stream yielded nothing");
}

/// The negative controls: requests that break the spec are rejected by Prism in a way the
/// checks above notice, so a conforming run is evidence and not an accident.
async fn violations_are_caught(prism: &Prism, client: &Client) {
    // A wrong type in a path parameter (`since` is an integer), sent with plain reqwest.
    let url = format!("{}/conversation/conversations/c1/messages/yesterday", prism.base_url());
    let response = client.http_client().get(url).bearer_auth("token").send().await.expect("Prism answers");
    assert_raw_rejected(&response, "must be integer");
    // No credentials.
    let url = format!("{}/conversation/agent/keepalive", prism.base_url());
    let response = client.http_client().get(url).send().await.expect("Prism answers");
    assert_raw_rejected(&response, "security");
    // Through the generated client: an enum value the spec does not allow.
    let status = models::ConversationWebchatQueueStatusUpdateRequest::new()
        .with_agent_status(models::ConversationWebchatQueueStatusUpdateRequestAgentStatus::Unknown("asleep".into()));
    rejected!(client.update_conversation_webchat_queue_status("sales", status), "allowed values");
}

/// Every operation of the generated client, with valid arguments and credentials, conforms
/// to the spec as Prism reads it, and Prism's mock data (examples and random) decodes into
/// the models without losing a property.
#[tokio::test]
async fn every_operation_conforms_to_the_spec() {
    Contract::run(SPEC, client, violations_are_caught, drive_all).await;
}
