//! The configuration's environment variables over the file, and its `[logging]` section
//! as real output: JSON lines in a log file. A binary of its own, since it sets
//! environment variables and installs the process's global log subscriber.

use std::time::{Duration, Instant};

use ultracart_conversation::{Client, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversation/agent/keepalive"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"kept":"alive"}"#))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn environment_variables_override_the_file_and_logging_writes_json_to_a_file() {
    let (from_file, from_env) = (server().await, server().await);
    let dir = std::env::temp_dir().join(format!("config-env-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (file, log) = (dir.join("config"), dir.join("client.log"));
    let settings = format!(
        "[logging]\nlog_level = none\nlog_format = text\nlog_to_console = false\nlog_file_path = {}\nlog_response_body = true\n[general]\nlive_reload_config = false\nhost = {}\n",
        log.display(),
        from_file.uri()
    );
    std::fs::write(&file, settings).unwrap();
    // SAFETY: this binary's only test; no other thread reads the environment yet.
    unsafe {
        std::env::set_var("ULTRACART_CONVERSATION_HOST", from_env.uri());
        std::env::set_var("ULTRACART_CONVERSATION_LOG_LEVEL", "debug");
        std::env::set_var("ULTRACART_CONVERSATION_LOG_FORMAT", "json");
    }

    let client = Client::builder()
        .config_file(&file)
        .retry_policy(RetryPolicy::disabled())
        .ultra_cart_simple_api_key("key")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), from_env.uri(), "the environment's host beats the file's");
    client.get_agent_keep_alive().await.unwrap();
    assert_eq!(from_env.received_requests().await.unwrap().len(), 1);
    assert!(from_file.received_requests().await.unwrap().is_empty());

    // Debug level from the environment, JSON from the environment, the file from the file.
    let started = Instant::now();
    let lines = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("response body") || started.elapsed() > Duration::from_secs(10) {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let events: Vec<serde_json::Value> =
        lines.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line: {line}: {e}"))).collect();
    let messages: Vec<&str> = events.iter().filter_map(|e| e["fields"]["message"].as_str()).collect();
    assert!(messages.contains(&"sending request"), "{lines}");
    assert!(messages.contains(&"response body"), "log_response_body = true: {lines}");
    assert!(!messages.contains(&"request body"), "log_request_body is off by default: {lines}");
    let sent = events.iter().find(|e| e["fields"]["message"] == "sending request").unwrap();
    // The operation is a field of the span every event of the call is logged in.
    assert_eq!(sent["span"]["operation"], "getAgentKeepAlive", "{sent}");
    assert_eq!(sent["level"], "DEBUG");
}
