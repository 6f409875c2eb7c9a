//! Per-request overhead of a generated method against a bare `reqwest` call, both against
//! the same local keep-alive HTTP server and over the same `reqwest::Client` (handed to the
//! generated client with `ClientBuilder::http_client`), so the difference is exactly what
//! the generated layer adds: URL building with percent-encoding, credentials, the retry
//! loop, tracing, status dispatch and error mapping. Both decode the body into the same
//! model. Target: the generated method within 1.05× of the bare call.
//!
//! The server is a minimal HTTP/1.1 responder on 127.0.0.1 (one fixed JSON body), so its
//! own cost is small and the same for both. It only serves this process and stops with it.
//! `cargo bench -p integration-tests --bench client_request`; see BENCHMARKS.md.

#[path = "support/interleaved.rs"]
mod interleaved;

use std::net::SocketAddr;
use std::sync::LazyLock;

use divan::Bencher;
use genesys_cloud_guest_chat::models::WebChatMemberInfo;
use genesys_cloud_guest_chat::{Client, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const JWT: &str = "guest-jwt-0123456789";
const BODY: &str = r#"{"id":"member-1","displayName":"Member 1","role":"CUSTOMER","state":"CONNECTED","joinDate":"2024-05-01T10:00:00Z","authenticatedGuest":false,"customFields":{"plan":"gold"}}"#;

/// Answers every request on a connection with the same 200 JSON response.
async fn serve(mut socket: TcpStream) {
    let response = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}", BODY.len());
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(read) = socket.read(&mut chunk).await else { return };
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
        // GET requests have no body: each header block ends one request.
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            buffer.drain(..end + 4);
            if socket.write_all(response.as_bytes()).await.is_err() {
                return;
            }
        }
    }
}

/// The server runs on its own thread and runtime, like a real server in another process.
static SERVER: LazyLock<SocketAddr> = LazyLock::new(|| {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds to loopback");
            sender.send(listener.local_addr().expect("has an address")).expect("main thread waits");
            while let Ok((socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(serve(socket));
            }
        });
    });
    receiver.recv().expect("server starts")
});

struct Setup {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    client: Client,
    base: String,
}

fn setup() -> Setup {
    let base = format!("http://{}", *SERVER);
    let http = reqwest::Client::builder().no_proxy().build().expect("reqwest client");
    let client = Client::builder()
        .base_url(&base)
        .http_client(http.clone())
        .retry_policy(RetryPolicy::default())
        .guest_chat_jwt(JWT)
        .build()
        .expect("client builds");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    Setup { runtime, http, client, base }
}

async fn bare_reqwest(http: &reqwest::Client, base: &str) -> WebChatMemberInfo {
    let response = http
        .get(format!("{base}/api/v2/webchat/guest/conversations/conversation-1/members/member-1"))
        .bearer_auth(JWT)
        .send()
        .await
        .expect("request succeeds");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("body arrives");
    serde_json::from_slice(&bytes).expect("decodes")
}

// Deprecated since guest chat 18.0.0 like every guest chat operation; it still measures
// what the generated layer adds to a call, so the bench calls it on purpose.
#[allow(deprecated)]
async fn generated(client: &Client) -> WebChatMemberInfo {
    client.get_webchat_guest_conversation_member("conversation-1", "member-1").await.expect("request succeeds")
}

#[divan::bench]
fn bare_reqwest_call(bencher: Bencher) {
    let s = setup();
    s.runtime.block_on(bare_reqwest(&s.http, &s.base));
    bencher.bench_local(|| s.runtime.block_on(bare_reqwest(&s.http, &s.base)));
}

#[divan::bench]
fn generated_method(bencher: Bencher) {
    let s = setup();
    s.runtime.block_on(generated(&s.client));
    bencher.bench_local(|| s.runtime.block_on(generated(&s.client)));
}

fn main() {
    divan::main();
    if interleaved::quick_mode() {
        return;
    }
    let s = setup();
    let times = interleaved::compare(
        31,
        500,
        || {
            s.runtime.block_on(bare_reqwest(&s.http, &s.base));
        },
        || {
            s.runtime.block_on(generated(&s.client));
        },
    );
    println!("\nInterleaved: 31 alternating rounds of 500 calls each, median round");
    println!("| request | bare reqwest | generated method | ratio | target |");
    println!("|---|---|---|---|---|");
    interleaved::report("GET member (keep-alive, loopback)", times, 1.05);
}
