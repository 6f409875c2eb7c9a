//! The configuration file of the Genesys SDKs: where it is, what it may say, and the
//! environment variables that override it.
//!
//! A file in INI or JSON with two sections:
//!
//! ```ini
//! [logging]
//! log_level = trace          ; trace, debug, info, warn, error or none (default)
//! log_format = text          ; text (default) or json
//! log_to_console = true      ; to standard error (default true)
//! log_file_path = /var/log/client.log
//! log_request_body = false
//! log_response_body = false
//! [general]
//! live_reload_config = true  ; apply changes to running clients (default true)
//! host = https://api.example.com
//! ```
//!
//! It is read from the crate's default path under the home directory (`%USERPROFILE%`
//! when set, otherwise `$HOME`), or from the path given to the client builder, or from
//! `<CRATE>_CONFIG_PATH`. Every key can also be set by an environment variable named
//! after the crate and the key (`GENESYS_CLOUD_GUEST_CHAT_LOG_LEVEL`).
//!
//! Precedence, highest first: environment variables, the file, what the client builder
//! was told, the defaults. A missing file is no error (it may appear later and is then
//! picked up); a file that cannot be read or parsed, an unknown section or key, or a
//! value of the wrong kind is.

use std::path::{Path, PathBuf};

use super::api::{Api, ThisApi};

/// How much the client logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    None,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// What the file and the environment set; `None` where they say nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub log_level: Option<LogLevel>,
    pub log_format: Option<LogFormat>,
    pub log_to_console: Option<bool>,
    pub log_file_path: Option<PathBuf>,
    pub log_request_body: Option<bool>,
    pub log_response_body: Option<bool>,
    pub live_reload_config: Option<bool>,
    pub host: Option<String>,
}

/// A value as the file gives it: INI has only text, JSON has booleans too.
enum Value<'a> {
    Text(&'a str),
    Bool(bool),
}

impl Settings {
    /// The file at `path` (none if it does not exist), then the environment over it.
    pub fn load(path: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, String> {
        let mut settings = Settings::default();
        match path.map(::std::fs::read_to_string) {
            Some(Ok(text)) => settings.read(&text).map_err(|e| format!("configuration file `{}`: {e}", path.unwrap_or(Path::new("")).display()))?,
            Some(Err(e)) if e.kind() == ::std::io::ErrorKind::NotFound => {}
            Some(Err(e)) => return Err(format!("cannot read the configuration file `{}`: {e}", path.unwrap_or(Path::new("")).display())),
            None => {}
        }
        for (section, key) in KEYS {
            let name = env_name(key);
            if let Some(value) = env(&name) {
                settings.set(section, key, Value::Text(&value)).map_err(|e| format!("environment variable `{name}`: {e}"))?;
            }
        }
        Ok(settings)
    }

    /// Reads JSON (text starting with `{`) or INI.
    fn read(&mut self, text: &str) -> Result<(), String> {
        if text.trim_start().starts_with('{') {
            let json: ::serde_json::Value = ::serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
            let ::serde_json::Value::Object(sections) = json else { return Err("the JSON must be an object of sections".to_string()) };
            for (section, keys) in &sections {
                let ::serde_json::Value::Object(keys) = keys else { return Err(format!("section `{section}` must be an object")) };
                for (key, value) in keys {
                    let value = match value {
                        ::serde_json::Value::String(text) => Value::Text(text),
                        ::serde_json::Value::Bool(b) => Value::Bool(*b),
                        other => return Err(format!("`{section}.{key}` must be a string or a boolean, not `{other}`")),
                    };
                    self.set(section, key, value)?;
                }
            }
        } else {
            let ini = ::ini::Ini::load_from_str(text).map_err(|e| format!("invalid INI: {e}"))?;
            for (section, keys) in ini.iter() {
                for (key, value) in keys.iter() {
                    let Some(section) = section else { return Err(format!("`{key}` is outside a section ([logging] or [general])")) };
                    self.set(section, key, Value::Text(value))?;
                }
            }
        }
        Ok(())
    }

    fn set(&mut self, section: &str, key: &str, value: Value<'_>) -> Result<(), String> {
        let at = format!("`{key}` in [{section}]");
        match (section, key) {
            ("logging", "log_level") => self.log_level = Some(log_level(&text(&value, &at)?).ok_or_else(|| format!("{at}: expected trace, debug, info, warn, error or none"))?),
            ("logging", "log_format") => {
                self.log_format = Some(match text(&value, &at)?.to_ascii_lowercase().as_str() {
                    "text" => LogFormat::Text,
                    "json" => LogFormat::Json,
                    _ => return Err(format!("{at}: expected text or json")),
                })
            }
            ("logging", "log_to_console") => self.log_to_console = Some(boolean(&value, &at)?),
            ("logging", "log_file_path") => self.log_file_path = Some(PathBuf::from(text(&value, &at)?)).filter(|p| !p.as_os_str().is_empty()),
            ("logging", "log_request_body") => self.log_request_body = Some(boolean(&value, &at)?),
            ("logging", "log_response_body") => self.log_response_body = Some(boolean(&value, &at)?),
            ("general", "live_reload_config") => self.live_reload_config = Some(boolean(&value, &at)?),
            ("general", "host") => {
                let host = text(&value, &at)?;
                ::reqwest::Url::parse(&host).map_err(|e| format!("{at}: `{host}` is not a URL: {e}"))?;
                self.host = Some(host.trim_end_matches('/').to_string());
            }
            ("logging" | "general", _) => return Err(format!("unknown key {at}")),
            _ => return Err(format!("unknown section [{section}]: expected [logging] or [general]")),
        }
        Ok(())
    }
}

/// Every key the file may set, by section.
const KEYS: [(&str, &str); 8] = [
    ("logging", "log_level"),
    ("logging", "log_format"),
    ("logging", "log_to_console"),
    ("logging", "log_file_path"),
    ("logging", "log_request_body"),
    ("logging", "log_response_body"),
    ("general", "live_reload_config"),
    ("general", "host"),
];

fn text(value: &Value<'_>, at: &str) -> Result<String, String> {
    match value {
        Value::Text(text) => Ok(text.trim().to_string()),
        Value::Bool(_) => Err(format!("{at}: expected text, not a boolean")),
    }
}

fn boolean(value: &Value<'_>, at: &str) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("{at}: expected true or false, not `{other}`")),
        },
    }
}

fn log_level(text: &str) -> Option<LogLevel> {
    Some(match text.to_ascii_lowercase().as_str() {
        "trace" => LogLevel::Trace,
        "debug" => LogLevel::Debug,
        "info" => LogLevel::Info,
        "warn" => LogLevel::Warn,
        "error" => LogLevel::Error,
        "none" | "off" => LogLevel::None,
        _ => return None,
    })
}

/// `GENESYS_CLOUD_GUEST_CHAT_LOG_LEVEL` for the key `log_level` of that crate.
pub fn env_name(key: &str) -> String {
    format!("{}_{}", env!("CARGO_PKG_NAME"), key).to_ascii_uppercase().replace('-', "_")
}

/// Which file to read: `<CRATE>_CONFIG_PATH`, else the path given to the builder, else
/// the crate's default under the home directory as the seed SDK finds it
/// (`%USERPROFILE%` when set, otherwise `$HOME`); `None` without any of them.
pub fn locate(explicit: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(path) = env(&env_name("config_path")).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let home = env("USERPROFILE").filter(|h| !h.is_empty()).or_else(|| env("HOME").filter(|h| !h.is_empty()))?;
    Some(Path::new(&home).join(<ThisApi as Api>::CONFIG_PATH))
}

/// The process environment, as [`Settings::load`] reads it.
pub fn process_env(name: &str) -> Option<String> {
    ::std::env::var(name).ok()
}
