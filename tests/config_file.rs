//! The configuration file (feature `config`) as a running client sees it: INI and JSON
//! files setting the host, live reload moving requests to a new host without a restart,
//! and a broken file rejected with the last good configuration kept. UltraCart's crate
//! stands for all three: the file's support is the same runtime code in each.
//!
//! Every client here is given its file explicitly; the environment variables are tested
//! in `config_env.rs`, a binary of their own.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ultracart_conversation::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// How long a change of the file may take to reach the client: file watching is
/// asynchronous, and the machine may be busy.
const RELOAD_BOUND: Duration = Duration::from_secs(30);

/// A fresh directory for one test's file.
fn dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("config-file-test-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A server answering the keep-alive, counting what it receives.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/conversation/agent/keepalive")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

fn client(file: &PathBuf) -> Result<Client, Error> {
    Client::builder()
        .base_url("http://127.0.0.1:9")
        .config_file(file)
        .retry_policy(RetryPolicy::disabled())
        .ultra_cart_simple_api_key("key")
        .build()
}

fn ini(host: &str) -> String {
    format!("[logging]\nlog_level = none\n[general]\nlive_reload_config = true\nhost = {host}\n")
}

#[tokio::test]
async fn an_ini_file_sets_the_host() {
    let server = server().await;
    let file = dir("ini").join("config");
    std::fs::write(&file, ini(&server.uri())).unwrap();
    let client = client(&file).unwrap();
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(client.config_path(), Some(file.as_path()));
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_json_file_sets_the_host() {
    let server = server().await;
    let file = dir("json").join("config");
    let json = serde_json::json!({ "general": { "host": server.uri(), "live_reload_config": false }, "logging": { "log_level": "none" } });
    std::fs::write(&file, json.to_string()).unwrap();
    let client = client(&file).unwrap();
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn without_a_file_the_builder_decides() {
    let file = dir("absent").join("config");
    let client = client(&file).unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    assert_eq!(client.config_error(), None);
}

#[tokio::test]
async fn a_broken_file_is_a_clear_error_when_building() {
    let file = dir("broken").join("config");
    std::fs::write(&file, "[general]\nhost = https://ok.example.com\nlive_reload = yes\n").unwrap();
    let Err(Error::Config(message)) = client(&file) else { panic!("a broken file must not build a client") };
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("unknown key `live_reload` in [general]"), "{message}");
}

/// Polls until `done` or the bound passes.
async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(started.elapsed() < RELOAD_BOUND, "not within {RELOAD_BOUND:?}: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_changed_file_moves_a_running_client_and_a_broken_one_is_ignored() {
    let (first, second) = (server().await, server().await);
    let file = dir("live").join("config");
    std::fs::write(&file, ini(&first.uri())).unwrap();
    let client = client(&file).unwrap();
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!(received(&first).await, 1);

    // The host changes under the running client.
    std::fs::write(&file, ini(&second.uri())).unwrap();
    eventually("the client takes the new host", async || client.base_url() == second.uri()).await;
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!((received(&first).await, received(&second).await), (1, 1));

    // A broken file changes nothing: requests keep going to the last good host.
    std::fs::write(&file, "[general]\nhost = https://never.example.com\nlog_level = debug\n").unwrap();
    eventually("the broken file is reported", async || client.config_error().is_some()).await;
    let error = client.config_error().unwrap();
    assert!(error.contains("unknown key `log_level` in [general]"), "{error}");
    assert_eq!(client.base_url(), second.uri());
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!((received(&first).await, received(&second).await), (1, 2));

    // Fixed again, it applies, and the error is gone.
    std::fs::write(&file, ini(&first.uri())).unwrap();
    eventually("the fixed file applies", async || client.base_url() == first.uri() && client.config_error().is_none()).await;
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!(received(&first).await, 2);
}

#[tokio::test]
async fn with_live_reload_off_the_file_is_read_once() {
    let (first, second) = (server().await, server().await);
    let file = dir("once").join("config");
    std::fs::write(&file, ini(&first.uri()).replace("live_reload_config = true", "live_reload_config = false")).unwrap();
    let client = client(&file).unwrap();
    std::fs::write(&file, ini(&second.uri())).unwrap();
    // Long enough for a watcher to have seen the change, were there one.
    tokio::time::sleep(Duration::from_secs(2)).await;
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!((received(&first).await, received(&second).await), (1, 0));
}

/// The file's `host` obeys the rule the builder's URL does: no credentials over plain
/// HTTP to another machine unless the user allowed it.
#[tokio::test]
async fn a_plain_http_host_elsewhere_is_refused_like_the_builders() {
    let file = dir("plain-http").join("config");
    std::fs::write(&file, ini("http://chat.example.com")).unwrap();
    let Err(Error::Config(message)) = client(&file) else { panic!("a plain-HTTP host must not build a client") };
    assert!(message.contains("`host` of the configuration file"), "{message}");
    assert!(message.contains("plain HTTP to another machine"), "{message}");
}
