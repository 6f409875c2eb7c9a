//! Reading the configuration file: INI and JSON alike, the environment over the file,
//! and clear errors for a file that says something wrong.

use std::path::{Path, PathBuf};

use crate::config::{LogFormat, LogLevel, Settings, env_name, locate};

/// A file with these contents in a directory of its own.
fn file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("client-runtime-config-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config");
    std::fs::write(&path, contents).unwrap();
    path
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn seed_settings() -> Settings {
    Settings {
        log_level: Some(LogLevel::Trace),
        log_format: Some(LogFormat::Text),
        log_to_console: Some(false),
        log_file_path: Some(PathBuf::from("/var/log/javascriptguestsdk.log")),
        log_request_body: Some(false),
        log_response_body: Some(false),
        live_reload_config: Some(true),
        host: Some("https://api.mypurecloud.com".to_string()),
    }
}

/// The seed SDK's own INI and JSON examples read the same.
#[test]
fn the_seeds_ini_and_json_examples_read_alike() {
    let ini = "[logging]\nlog_level = trace\nlog_format = text\nlog_to_console = false\nlog_file_path = /var/log/javascriptguestsdk.log\nlog_response_body = false\nlog_request_body = false\n[general]\nlive_reload_config = true\nhost = https://api.mypurecloud.com\n";
    let json = r#"{
        "logging": {
            "log_level": "trace",
            "log_format": "text",
            "log_to_console": false,
            "log_file_path": "/var/log/javascriptguestsdk.log",
            "log_response_body": false,
            "log_request_body": false
        },
        "general": {
            "live_reload_config": true,
            "host": "https://api.mypurecloud.com"
        }
    }"#;
    assert_eq!(Settings::load(Some(&file("ini", ini)), &no_env).unwrap(), seed_settings());
    assert_eq!(Settings::load(Some(&file("json", json)), &no_env).unwrap(), seed_settings());
}

/// The README's example, with comments after the values.
#[test]
fn inline_comments_are_not_values() {
    let ini = "[logging]\nlog_level = debug          ; trace, debug, info, warn, error or none (default)\nlog_to_console = true      ; standard error\n[general]\nhost = https://api.example.com\n";
    let settings = Settings::load(Some(&file("comments", ini)), &no_env).unwrap();
    assert_eq!(settings.log_level, Some(LogLevel::Debug));
    assert_eq!(settings.log_to_console, Some(true));
    assert_eq!(settings.host.as_deref(), Some("https://api.example.com"));
}

#[test]
fn a_missing_file_sets_nothing() {
    let missing = Path::new("/nonexistent/client-runtime/config");
    assert_eq!(Settings::load(Some(missing), &no_env).unwrap(), Settings::default());
    assert_eq!(Settings::load(None, &no_env).unwrap(), Settings::default());
}

#[test]
fn environment_variables_override_the_file() {
    let path = file("env", "[logging]\nlog_level = error\n[general]\nhost = https://file.example.com\n");
    let env = |name: &str| match name {
        "CLIENT_RUNTIME_HOST" => Some("https://env.example.com/".to_string()),
        "CLIENT_RUNTIME_LOG_FORMAT" => Some("JSON".to_string()),
        _ => None,
    };
    let settings = Settings::load(Some(&path), &env).unwrap();
    assert_eq!(settings.host.as_deref(), Some("https://env.example.com"));
    assert_eq!(settings.log_format, Some(LogFormat::Json));
    assert_eq!(settings.log_level, Some(LogLevel::Error), "what the environment does not set comes from the file");
    let bad = |name: &str| (name == "CLIENT_RUNTIME_LOG_TO_CONSOLE").then(|| "yes".to_string());
    let err = Settings::load(Some(&path), &bad).unwrap_err();
    assert_eq!(err, "environment variable `CLIENT_RUNTIME_LOG_TO_CONSOLE`: `log_to_console` in [logging]: expected true or false, not `yes`");
}

#[test]
fn broken_files_are_clear_errors_naming_the_file() {
    for (name, text, says) in [
        ("syntax", "{\"logging\": {", "invalid JSON"),
        ("section", "[logs]\nlog_level = debug\n", "unknown section [logs]"),
        ("key", "[logging]\nlog_levle = debug\n", "unknown key `log_levle` in [logging]"),
        ("level", "[logging]\nlog_level = loud\n", "`log_level` in [logging]: expected trace, debug, info, warn, error or none"),
        ("host", "[general]\nhost = not a url\n", "`host` in [general]: `not a url` is not a URL"),
        ("kind", r#"{"general": {"live_reload_config": 1}}"#, "`general.live_reload_config` must be a string or a boolean"),
        ("outside", "log_level = debug\n", "`log_level` is outside a section"),
    ] {
        let path = file(name, text);
        let err = Settings::load(Some(&path), &no_env).unwrap_err();
        assert!(err.starts_with(&format!("configuration file `{}`: ", path.display())), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
}

#[test]
fn the_file_is_found_by_environment_then_builder_then_home() {
    let env = |name: &str| match name {
        "USERPROFILE" => Some(String::new()),
        "HOME" => Some("/home/me".to_string()),
        _ => None,
    };
    assert_eq!(locate(None, &env), Some(PathBuf::from("/home/me/.samplerust/config")));
    assert_eq!(locate(Some(Path::new("/etc/app.ini")), &env), Some(PathBuf::from("/etc/app.ini")));
    let windows = |name: &str| (name == "USERPROFILE").then(|| "C:\\Users\\me".to_string());
    assert_eq!(locate(None, &windows), Some(Path::new("C:\\Users\\me").join(".samplerust/config")));
    let chosen = |name: &str| (name == env_name("config_path")).then(|| "/run/app/config".to_string());
    assert_eq!(locate(Some(Path::new("/etc/app.ini")), &chosen), Some(PathBuf::from("/run/app/config")));
    assert_eq!(locate(None, &no_env), None);
}
