//! genesys-engage-chat against Prism: all 3 operations, in static and dynamic mode, and
//! every member of the `ChatOperation` oneOf body of postChatOperation.

use futures::{StreamExt, TryStreamExt};
use genesys_engage_chat::{Client, RetryPolicy, models};
use serde_json::json;

use crate::contract::{
    Contract, DYNAMIC, Mode, REQUEST_TIMEOUT, assert_raw_rejected, conforming,
    rejected,
};
use crate::prism::Prism;

const SPEC: &str = "genesys-engage-chat";
const CHAT: &str = "0000Na9B26EF002X";

fn client(prism: &Prism, mode: Mode) -> Client {
    let builder = Client::builder()
        .base_url(prism.base_url())
        .retry_policy(RetryPolicy::disabled())
        .timeout(Some(REQUEST_TIMEOUT))
        .log_bodies(true)
        .basic_auth("agent1", "secret password");
    let builder = match mode {
        Mode::Static => builder,
        Mode::Dynamic => builder.default_header(DYNAMIC.0, DYNAMIC.1),
    };
    builder.build().expect("client builds")
}

fn user_data() -> models::UserData {
    [("CustomerSegment".to_string(), json!("gold")), ("OrderCount".to_string(), json!(3))].into()
}

/// One value of every member of the oneOf, with its optional fields set where it has any.
fn chat_operations() -> Vec<models::ChatOperation> {
    use models::ChatOperation as Op;
    let agent = "http://localhost:8080/api/v2/users/e62d21e405a04274bd6bbcaf78bd8c38";
    vec![
        Op::Accept(models::ChatAccept::new("Agent1").with_save_lar(true)),
        Op::Reject(models::ChatReject::new()),
        Op::SendMessage(
            models::ChatSendMessage::new("How may I help you?")
                .with_message_type("Greeting")
                .with_treat_as(models::ChatTreatAs::Normal),
        ),
        Op::SendStartTypingNotification(models::ChatSendStartTypingNotification::new()),
        Op::SendStopTypingNotification(models::ChatSendStopTypingNotification::new()),
        Op::SendStartTypingToAgentsNotification(models::ChatSendStartTypingToAgentsNotification::new()),
        Op::Leave(models::ChatLeave::new().with_text("Goodbye").with_message_type("Text").with_treat_as(models::ChatTreatAs::System)),
        Op::Complete(models::ChatComplete::new().with_queue_name("PostProcessingQueue").with_save_lar(false).with_text("Thanks")),
        Op::Transfer(models::ChatTransfer::new().with_queue_name("test-queue")),
        Op::Transfer(models::ChatTransfer::new().with_target_uri(agent).with_text("Transferring you")),
        Op::Invite(models::ChatInvite::new(agent)),
        Op::Consult(models::ChatConsult::new(agent)),
        Op::AttachUserData(models::ChatAttachUserData::new(user_data())),
        Op::UpdateUserData(models::ChatUpdateUserData::new(user_data())),
        Op::DeleteUserData(models::ChatDeleteUserData::new(vec!["UserData1".into(), "OrderCount".into()])),
        Op::SendUrl(models::ChatSendUrl::new("http://www.genesys.com")),
    ]
}

/// Every operation, with every optional parameter set, in one mode.
async fn drive_all(contract: &mut Contract, client: &Client, mode: Mode) {
    conforming!(contract, mode, "getChats", client.get_chats().fields("*"));
    for operation in chat_operations() {
        conforming!(contract, mode, "postChatOperation", client.post_chat_operation(CHAT, operation));
    }
    conforming!(contract, mode, "getChatMessages", client.get_chat_messages(CHAT).start_index(1).count(10));

    // The follow-up page requests the stream builds must conform too.
    let messages: Vec<_> = client
        .get_chat_messages(CHAT)
        .count(1)
        .into_stream()
        .take(4)
        .try_collect()
        .await
        .unwrap_or_else(|e| contract.fail("getChatMessages stream", mode, &e, None));
    assert!(!messages.is_empty(), "the messages stream yielded nothing");
}

/// The negative controls: requests that break the spec are rejected by Prism in a way the
/// checks above notice, so a conforming run is evidence and not an accident.
async fn violations_are_caught(prism: &Prism, client: &Client) {
    // A wrong type in a query parameter, sent with plain reqwest.
    let url = format!("{}/api/v2/me/chats/{CHAT}/messages?startIndex=first", prism.base_url());
    let response =
        client.http_client().get(url).basic_auth("agent1", Some("pw")).send().await.expect("Prism answers");
    assert_raw_rejected(&response, "must be integer");
    // A oneOf member without its required property (SendMessage needs `text`).
    let url = format!("{}/api/v2/me/chats/{CHAT}", prism.base_url());
    let response = client
        .http_client()
        .post(url)
        .basic_auth("agent1", Some("pw"))
        .header("content-type", "application/json")
        .body(r#"{"operationName":"SendMessage"}"#)
        .send()
        .await
        .expect("Prism answers");
    assert_raw_rejected(&response, "required property 'text'");
    // Through the generated client: an operation the oneOf does not have.
    rejected!(
        client.post_chat_operation(CHAT, models::ChatOperation::Unknown(json!({ "operationName": "Dance" }))),
        "oneOf"
    );
}

/// Every operation of the generated client, with valid arguments and Basic credentials,
/// conforms to the spec as Prism reads it, and Prism's mock data (examples and random)
/// decodes into the models without losing a property.
#[tokio::test]
async fn every_operation_conforms_to_the_spec() {
    Contract::run(SPEC, client, violations_are_caught, drive_all).await;
}
