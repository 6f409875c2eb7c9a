//! A whole chat from the agent's side: subscribe to the chat notifications, accept the next
//! chat offered, greet the customer, and print what happens in the chat until it ends.
//!
//! ```text
//! cargo run -p genesys-engage-chat --example agent_chat -- <gws-url> <user> <password>
//! ```
//!
//! `<gws-url>` is the GWS node's base URL, e.g. `https://gws.example.com:8443`. The client
//! refuses plain `http://` to another machine, since the Basic password would cross the
//! network readable (`ClientBuilder::allow_plain_http` overrides that on a trusted network).
//!
//! Hand-written (not generated): the generator leaves `examples/` alone.

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
    use genesys_engage_chat::Client;
    use genesys_engage_chat::models::{
        ChatAccept, ChatCapability, ChatNotification, ChatOperation, ChatSendMessage, ChatState,
    };

    pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let [url, user, password] = args.as_slice() else {
            eprintln!("usage: agent_chat <gws-url> <user> <password>");
            std::process::exit(2);
        };
        let client = Client::builder()
            .base_url(url)
            .basic_auth(user, password)
            .build()?;

        // A first GET opens the HTTP session and hands out the CSRF token, if GWS uses one;
        // the client keeps both for the POSTs below and for the CometD requests.
        let chats = client.get_chats().await?;
        println!("chats already assigned: {chats:?}");

        // Subscribe to /v2/me/chats; the handshake is done once this returns.
        let mut notifications = client.chat_notifications().await?;
        let mut accepted: Option<String> = None;

        while let Some(notification) = notifications.next().await {
            match notification {
                Ok(ChatNotification::ChatStateChangeMessage(change)) => {
                    let Some(chat) = change.chat else { continue };
                    let id = chat.id.clone().unwrap_or_default();
                    println!(
                        "chat {id}: {:?} ({:?})",
                        chat.state, change.notification_type
                    );
                    let offered = chat
                        .capabilities
                        .as_deref()
                        .unwrap_or_default()
                        .contains(&ChatCapability::Accept);
                    if accepted.is_none() && offered {
                        let accept = ChatAccept::new("Rusty");
                        client
                            .post_chat_operation(&id, ChatOperation::Accept(accept))
                            .await?;
                        let hello = ChatSendMessage::new("Hello! How can I help?");
                        client
                            .post_chat_operation(&id, ChatOperation::SendMessage(hello))
                            .await?;
                        accepted = Some(id.clone());
                    }
                    let ended = matches!(
                        chat.state,
                        Some(ChatState::Completed | ChatState::LeftChat | ChatState::Revoked)
                    );
                    if ended && accepted.as_deref() == Some(id.as_str()) {
                        println!("the chat is over");
                        break;
                    }
                }
                Ok(ChatNotification::MessageLogUpdated(update)) => {
                    for message in update.messages.unwrap_or_default() {
                        let from = message
                            .from
                            .as_ref()
                            .and_then(|p| p.nickname.as_deref())
                            .unwrap_or("?");
                        println!(
                            "{} {from}: {}",
                            message.type_,
                            message.text.as_deref().unwrap_or("")
                        );
                    }
                }
                Ok(ChatNotification::Unknown(raw)) => println!("other notification: {raw}"),
                // The union is `#[non_exhaustive]`: a later version may know more notifications.
                Ok(other) => println!("notification this example does not handle: {other:?}"),
                Err(err) => eprintln!("notifications: {err}"),
            }
        }
        Ok(())
    }
}
