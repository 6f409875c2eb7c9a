//! Decoding cost of the generated models: a page of 10 000 guest chat messages decoded into
//! `genesys_cloud_guest_chat::models::WebChatMessageEntityList`, against a hand-written
//! serde struct of the same shape, as a developer would write it without a generator.
//!
//! Both go through `serde_json::from_slice`, which is what the generated client calls on a
//! response body. Target: the generated models within 1.1× of the hand-written ones.
//! `cargo bench -p integration-tests --bench client_decode`; see BENCHMARKS.md.

#[path = "support/interleaved.rs"]
mod interleaved;

use std::collections::HashMap;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use genesys_cloud_guest_chat::models::WebChatMessageEntityList;
use serde_json::{Value, json};

const MESSAGES: usize = 10_000;

/// The hand-written equivalent: same fields, same types, serde's own enum handling.
mod hand_written {
    // The fields are decoded, as in a real client, but this benchmark never reads them.
    #![allow(dead_code)]

    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct MessageList {
        #[serde(rename = "pageSize")]
        pub page_size: Option<i32>,
        pub entities: Option<Vec<Message>>,
        #[serde(rename = "previousPage")]
        pub previous_page: Option<String>,
        pub next: Option<String>,
        #[serde(rename = "selfUri")]
        pub self_uri: Option<url::Url>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Message {
        pub id: Option<String>,
        pub name: Option<String>,
        pub conversation: Conversation,
        pub sender: Member,
        pub body: String,
        #[serde(rename = "bodyType")]
        pub body_type: BodyType,
        pub timestamp: chrono::DateTime<chrono::Utc>,
        #[serde(rename = "selfUri")]
        pub self_uri: Option<url::Url>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Conversation {
        pub id: Option<String>,
        pub name: Option<String>,
        pub member: Option<Member>,
        #[serde(rename = "selfUri")]
        pub self_uri: Option<url::Url>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Member {
        pub id: Option<String>,
        #[serde(rename = "displayName")]
        pub display_name: Option<String>,
        #[serde(rename = "firstName")]
        pub first_name: Option<String>,
        #[serde(rename = "lastName")]
        pub last_name: Option<String>,
        pub email: Option<String>,
        #[serde(rename = "phoneNumber")]
        pub phone_number: Option<String>,
        #[serde(rename = "avatarImageUrl")]
        pub avatar_image_url: Option<url::Url>,
        pub role: Role,
        #[serde(rename = "joinDate")]
        pub join_date: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(rename = "leaveDate")]
        pub leave_date: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(rename = "authenticatedGuest")]
        pub authenticated_guest: Option<bool>,
        #[serde(rename = "customFields")]
        pub custom_fields: Option<HashMap<String, String>>,
        pub state: Option<State>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum BodyType {
        Standard,
        Notice,
        MemberJoin,
        MemberLeave,
        MediaRequest,
        #[serde(other)]
        Unknown,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum Role {
        Agent,
        Customer,
        Workflow,
        Acd,
        #[serde(other)]
        Unknown,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum State {
        Connected,
        Disconnected,
        Alerting,
        #[serde(other)]
        Unknown,
    }
}

fn member(i: usize) -> Value {
    let role = ["CUSTOMER", "AGENT"][i % 2];
    json!({
        "id": format!("member-{:08}", i % 7),
        "displayName": format!("Member {}", i % 7),
        "role": role,
        "state": "CONNECTED",
        "joinDate": "2024-05-01T10:00:00.000Z",
        "authenticatedGuest": false,
        "customFields": { "plan": "gold", "region": "eu-west" }
    })
}

/// A realistic page: every message has its conversation, its sender and a body of a few
/// dozen words, as the guest chat API returns them.
static BODY: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let entities: Vec<Value> = (0..MESSAGES)
        .map(|i| {
            let body_type = ["standard", "notice", "member-join"][i % 3];
            json!({
                "id": format!("message-{i:08}"),
                "conversation": { "id": "conversation-1", "selfUri": "https://api.example.com/api/v2/webchat/guest/conversations/conversation-1" },
                "sender": member(i),
                "body": format!("Message {i}: hello, I have a question about my order and would like to talk to someone who can help me with it."),
                "bodyType": body_type,
                "timestamp": format!("2024-05-01T10:{:02}:{:02}.000Z", (i / 60) % 60, i % 60),
                "selfUri": format!("https://api.example.com/api/v2/webchat/guest/conversations/conversation-1/messages/message-{i:08}")
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "pageSize": MESSAGES, "entities": entities, "next": "cursor-2" })).expect("serializes")
});

#[divan::bench]
fn generated_models(bencher: Bencher) {
    bencher.counter(BytesCount::of_slice(&*BODY)).bench(|| {
        assert_eq!(decode_generated(), MESSAGES);
    });
}

#[divan::bench]
fn hand_written_serde(bencher: Bencher) {
    bencher.counter(BytesCount::of_slice(&*BODY)).bench(|| {
        assert_eq!(decode_hand_written(), MESSAGES);
    });
}

fn decode_generated() -> usize {
    let page: WebChatMessageEntityList = serde_json::from_slice(black_box(&BODY)).expect("decodes");
    page.entities.map_or(0, |e| e.len())
}

fn decode_hand_written() -> usize {
    let page: hand_written::MessageList = serde_json::from_slice(black_box(&BODY)).expect("decodes");
    page.entities.map_or(0, |e| e.len())
}

fn main() {
    println!("response body: {} messages, {:.2} MB", MESSAGES, BODY.len() as f64 / 1e6);
    divan::main();
    if interleaved::quick_mode() {
        return;
    }
    let times = interleaved::compare(21, 3, || assert_eq!(decode_hand_written(), MESSAGES), || assert_eq!(decode_generated(), MESSAGES));
    println!("\nInterleaved: 21 alternating rounds of 3 decodes each, median round");
    println!("| decode {MESSAGES} messages ({:.1} MB) | hand-written serde | generated models | ratio | target |", BODY.len() as f64 / 1e6);
    println!("|---|---|---|---|---|");
    interleaved::report("serde_json::from_slice", times, 1.1);
}
