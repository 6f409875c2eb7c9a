//! The API the runtime crate is compiled and tested against: one of each kind of
//! security scheme, two servers, a documented error body, a CSRF session. A generated
//! crate writes the same implementation from its spec (see `templates/client.rs`).

use ::reqwest::RequestBuilder;

use super::api::{Api, Credentials, ErrorBody, ThisApi};
use super::credentials::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecurityScheme {
    Bearer,
    Basic,
    HeaderKey,
    QueryKey,
    CookieKey,
}

impl SecurityScheme {
    pub fn name(self) -> &'static str {
        match self {
            SecurityScheme::Bearer => "bearer",
            SecurityScheme::Basic => "basic",
            SecurityScheme::HeaderKey => "headerKey",
            SecurityScheme::QueryKey => "queryKey",
            SecurityScheme::CookieKey => "cookieKey",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Server {
    #[default]
    Production,
    Regional,
}

#[derive(Clone, Default)]
pub struct SampleCredentials {
    pub bearer: Option<Secret>,
    pub basic: Option<(String, Secret)>,
    pub header_key: Option<Secret>,
    pub query_key: Option<Secret>,
    pub cookie_key: Option<Secret>,
}

impl Credentials for SampleCredentials {
    type Scheme = SecurityScheme;

    fn has(&self, scheme: SecurityScheme) -> bool {
        match scheme {
            SecurityScheme::Bearer => self.bearer.is_some(),
            SecurityScheme::Basic => self.basic.is_some(),
            SecurityScheme::HeaderKey => self.header_key.is_some(),
            SecurityScheme::QueryKey => self.query_key.is_some(),
            SecurityScheme::CookieKey => self.cookie_key.is_some(),
        }
    }

    fn apply(&self, scheme: SecurityScheme, builder: RequestBuilder) -> (RequestBuilder, Option<String>) {
        match (scheme, self) {
            (SecurityScheme::Bearer, SampleCredentials { bearer: Some(token), .. }) => (builder.bearer_auth(token.expose()), None),
            (SecurityScheme::Basic, SampleCredentials { basic: Some((user, password)), .. }) => (builder.basic_auth(user, Some(password.expose())), None),
            (SecurityScheme::HeaderKey, SampleCredentials { header_key: Some(key), .. }) => (builder.header("X-Api-Key", key.expose()), None),
            (SecurityScheme::QueryKey, SampleCredentials { query_key: Some(key), .. }) => (builder.query(&[("api_key", key.expose())]), None),
            (SecurityScheme::CookieKey, SampleCredentials { cookie_key: Some(key), .. }) => (builder, Some(format!("session={}", key.expose()))),
            _ => (builder, None),
        }
    }

    fn set_names(&self) -> Vec<&'static str> {
        let schemes = [
            (self.bearer.is_some(), "bearer"),
            (self.basic.is_some(), "basic"),
            (self.header_key.is_some(), "headerKey"),
            (self.query_key.is_some(), "queryKey"),
            (self.cookie_key.is_some(), "cookieKey"),
        ];
        schemes.iter().filter_map(|&(set, name)| set.then_some(name)).collect()
    }
}

/// A documented error schema.
#[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]
pub struct Problem {
    pub code: String,
    #[serde(default)]
    pub detail: Option<String>,
}

/// An error envelope (`x-error-envelope`): an application status code and message.
#[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]
pub struct Envelope {
    #[serde(rename = "statusCode")]
    pub status_code: Option<i32>,
    #[serde(rename = "statusMessage")]
    pub status_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ApiErrorBody {
    Problem(Problem),
    Envelope(Envelope),
    Raw(String),
    Empty,
}

impl ErrorBody for ApiErrorBody {
    fn raw(text: String) -> Self {
        ApiErrorBody::Raw(text)
    }

    fn empty() -> Self {
        ApiErrorBody::Empty
    }

    fn raw_text(&self) -> Option<&str> {
        match self {
            ApiErrorBody::Raw(text) => Some(text),
            ApiErrorBody::Empty => Some(""),
            _ => None,
        }
    }

    fn code(&self) -> Option<::std::borrow::Cow<'_, str>> {
        match self {
            ApiErrorBody::Problem(body) => Some(::std::borrow::Cow::Borrowed(body.code.as_str())),
            ApiErrorBody::Envelope(envelope) => envelope.status_code.map(|v| ::std::borrow::Cow::Owned(v.to_string())),
            ApiErrorBody::Raw(_) | ApiErrorBody::Empty => None,
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            ApiErrorBody::Problem(body) => body.detail.as_deref(),
            ApiErrorBody::Envelope(envelope) => envelope.status_message.as_deref(),
            ApiErrorBody::Raw(_) | ApiErrorBody::Empty => None,
        }
    }
}

impl Api for ThisApi {
    type Scheme = SecurityScheme;
    type Credentials = SampleCredentials;
    type Server = Server;
    type ErrorBody = ApiErrorBody;
    type EventError = EventError;
    type Session = super::csrf::Csrf;

    const USER_AGENT: &'static str = "sample/1.0";
    const DEFAULT_HEADERS: &'static [(&'static str, &'static str)] = &[("X-Api-Version", "2024-01-01")];
    const SECRET_QUERY_PARAMS: &'static [&'static str] = &["api_key"];
    const SECRET_HEADERS: &'static [&'static str] = &["X-Api-Key", "x-csrf-token"];
    const RATE_LIMIT_HEADERS: super::response::RateLimitHeaders = super::response::RateLimitHeaders {
        limit: Some("inin-ratelimit-allowed"),
        remaining: None,
        used: Some("inin-ratelimit-count"),
        reset: Some("inin-ratelimit-reset"),
    };
    const CORRELATION_HEADER: Option<&'static str> = Some("inin-correlation-id");
    const SESSION_COOKIES: bool = true;
    #[cfg(feature = "config")]
    const CONFIG_PATH: &'static str = ".samplerust/config";

    fn scheme_name(scheme: SecurityScheme) -> &'static str {
        scheme.name()
    }

    fn server_url(server: &Server, overrides: &[(&str, &str)]) -> Option<String> {
        Some(match server {
            Server::Production => "https://api.example.com/v1".to_string(),
            Server::Regional => {
                let region = overrides.iter().find(|(n, _)| *n == "region").map_or("eu", |(_, v)| v);
                format!("https://{region}.api.example.com/v1")
            }
        })
    }

    fn configure_http(builder: ::reqwest::ClientBuilder) -> ::reqwest::ClientBuilder {
        #[cfg(feature = "cookies")]
        let builder = builder.cookie_store(true);
        builder
    }
}

impl super::error_envelope::ErrorEnvelope for ThisApi {
    const MARKER: &'static str = "statusCode";
    const SUCCESS: &'static [i64] = &[0];
    const MEANINGS: &'static [(i64, &'static str)] = &[(3, "The operation is forbidden."), (20, "User is not authenticated.")];

    fn status_code(body: &ApiErrorBody) -> Option<i64> {
        match body {
            ApiErrorBody::Envelope(envelope) => envelope.status_code.map(i64::from),
            _ => None,
        }
    }
}

impl super::csrf::CsrfHeaders for ThisApi {
    const NAME_HEADER: &'static str = "x-csrf-header";
    const TOKEN_HEADER: &'static str = "x-csrf-token";
    const METHODS: &'static [&'static str] = &["POST", "PUT", "PATCH", "DELETE"];
}

/// The sample's event stream errors, one variant per way the runtime reports them.
#[derive(Debug, ::thiserror::Error)]
pub enum EventError {
    #[cfg(feature = "websocket")]
    #[error("the WebSocket of `{stream}` failed: {source}")]
    WebSocket {
        stream: &'static str,
        #[source]
        source: ::tokio_tungstenite::tungstenite::Error,
    },
    #[error("CometD `{channel}` of `{stream}` failed: {message}")]
    Bayeux { stream: &'static str, channel: String, message: String },
    #[error("cannot decode a message of `{stream}`: {source}")]
    Decode {
        stream: &'static str,
        text: String,
        #[source]
        source: ::serde_json::Error,
    },
}

impl super::events::EventFailure for EventError {
    fn decode(stream: &'static str, text: String, source: ::serde_json::Error) -> Self {
        EventError::Decode { stream, text, source }
    }
}

#[cfg(feature = "websocket")]
impl super::websocket::WebSocketFailure for EventError {
    fn failed(stream: &'static str, source: ::tokio_tungstenite::tungstenite::Error) -> Self {
        EventError::WebSocket { stream, source }
    }
}

#[cfg(feature = "cometd")]
impl super::cometd::BayeuxFailure for EventError {
    fn refused(stream: &'static str, channel: String, message: String) -> Self {
        EventError::Bayeux { stream, channel, message }
    }
}
