//! A whole guest chat from the visitor's side: create the conversation, authenticate with
//! its JWT, attach the event stream (Genesys routes the conversation to an agent only once
//! it is attached), send a message, and print everything that happens until the
//! conversation ends.
//!
//! ```text
//! cargo run -p genesys-cloud-guest-chat --example guest_chat -- \
//!     <organization-id> <deployment-id> <queue-name> [region, e.g. eu_west_1]
//! ```
//!
//! Hand-written (not generated): the generator leaves `examples/` alone.

// Genesys retired ACD Web Chat v2 on 6 November 2025 and every operation of this API is
// deprecated (use Web Messaging for new work); this example shows the API as it was, so it
// calls them on purpose.
#![allow(deprecated)]

// The stream needs the crate's `events` feature (on by default); without it the example
// says so instead of failing to compile.
#[cfg(not(feature = "events"))]
fn main() {
    eprintln!(
        "this example needs the crate's `events` feature, which is on by default: run it without `--no-default-features`"
    );
}

#[cfg(feature = "events")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    example::main().await
}

#[cfg(feature = "events")]
mod example {
    use futures_util::StreamExt;
    use genesys_cloud_guest_chat::Client;
    use genesys_cloud_guest_chat::events::WebChatEvent;
    use genesys_cloud_guest_chat::models::{
        CreateWebChatConversationRequest, CreateWebChatMessageRequest, GuestMemberInfo,
        WebChatMemberChangeMemberState, WebChatRoutingTarget, WebChatRoutingTargetTargetType,
    };

    pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let [organization_id, deployment_id, queue, rest @ ..] = args.as_slice() else {
            eprintln!("usage: guest_chat <organization-id> <deployment-id> <queue-name> [region]");
            std::process::exit(2);
        };
        let region = rest.first().map_or("us_east_1", String::as_str);
        let client = Client::builder().server_named(region)?.build()?;

        // 1. Create the conversation. This call needs no credentials.
        let created = client
            .post_webchat_guest_conversations(CreateWebChatConversationRequest::new(
                organization_id,
                deployment_id,
                WebChatRoutingTarget::new(WebChatRoutingTargetTargetType::Queue, queue),
                GuestMemberInfo::new("Rust guest"),
            ))
            .await?;
        let conversation_id = created
            .id
            .clone()
            .ok_or("the response has no conversation id")?;
        let member_id = created
            .member
            .as_ref()
            .and_then(|m| m.id.clone())
            .ok_or("the response has no member id")?;
        println!("conversation {conversation_id}, guest member {member_id}");

        // 2. Every other call is authenticated with the conversation's JWT.
        client.set_guest_chat_jwt(
            created
                .jwt
                .as_ref()
                .ok_or("the response has no JWT")?
                .expose(),
        );

        // 3. Attach the event stream; only now is the conversation routed to an agent.
        let mut events = client.events(&created).await?;

        // 4. Say hello.
        client
            .post_webchat_guest_conversation_member_messages(
                &conversation_id,
                &member_id,
                CreateWebChatMessageRequest::new("Hello from Rust!"),
            )
            .await?;

        // 5. Print what happens until the agent leaves or the server closes the stream.
        while let Some(event) = events.next().await {
            match event {
                Ok(WebChatEvent::Message(message)) => {
                    let body = &message.event_body;
                    let sender = body
                        .sender
                        .display_name
                        .as_deref()
                        .or(body.sender.id.as_deref())
                        .unwrap_or("?");
                    println!(
                        "[{}] {sender} ({}): {}",
                        body.timestamp, body.body_type, body.body
                    );
                }
                Ok(WebChatEvent::MemberChange(change)) => {
                    let member = &change.event_body.member;
                    println!(
                        "member {} is now {:?}",
                        member.id.as_deref().unwrap_or("?"),
                        member.state
                    );
                    let agent_left = member.id.as_deref() != Some(member_id.as_str())
                        && member.state == Some(WebChatMemberChangeMemberState::Disconnected);
                    if agent_left {
                        break;
                    }
                }
                Ok(WebChatEvent::TypingIndicator(typing)) => {
                    println!(
                        "{} is typing",
                        typing
                            .event_body
                            .sender
                            .display_name
                            .as_deref()
                            .unwrap_or("someone")
                    );
                }
                Ok(WebChatEvent::Unknown(raw)) => println!("other event: {raw}"),
                // Kinds a later version of the crate knows (the enum is `#[non_exhaustive]`).
                Ok(other) => println!("other event: {other:?}"),
                Err(err) => eprintln!("event stream: {err}"),
            }
        }

        // 6. Leave the conversation and close the stream politely.
        client
            .delete_webchat_guest_conversation_member(&conversation_id, &member_id)
            .await?;
        events.close().await?;
        Ok(())
    }
}
