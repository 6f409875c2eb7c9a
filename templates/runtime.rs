//! The machinery every operation shares: building the URL and headers, authenticating,
//! sending with retries and logging, and decoding what comes back.

use std::time::{Duration, Instant};

use ::bytes::Bytes;
use ::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use ::reqwest::{Method, StatusCode};

use crate::{ApiError, ApiErrorBody, ApiResponse, Error, SecurityScheme};

/// A credential that never shows up in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for putting on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// When and how often a failed request is sent again.
///
/// Only idempotent operations are retried, on the listed statuses and on connection errors
/// and timeouts. The wait doubles from `initial_backoff` up to `max_backoff`, with random
/// jitter; a `Retry-After` header (or a rate-limit reset header) from the server wins,
/// up to `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// HTTP statuses worth retrying.
    pub statuses: Vec<u16>,
    /// Response headers that say, in seconds, when a rate limit resets.
    pub reset_headers: Vec<String>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            statuses: vec![429, 502, 503, 504],
            reset_headers: vec!["x-ratelimit-reset".to_string(), "ratelimit-reset".to_string()],
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (1-based), without server hints: exponential
    /// backoff with "equal jitter" (between half and all of the exponential step).
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let capped = exp.min(self.max_backoff);
        let half = capped / 2;
        half + half.mul_f64(jitter())
    }

    /// The wait the server asked for, if any, capped at `max_backoff`.
    pub fn server_delay(&self, headers: &HeaderMap) -> Option<Duration> {
        let seconds = |name: &str| -> Option<f64> {
            headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0)
        };
        let delay = seconds("retry-after")
            .map(Duration::from_secs_f64)
            .or_else(|| retry_after_date(headers))
            .or_else(|| self.reset_headers.iter().find_map(|h| seconds(h)).map(Duration::from_secs_f64))?;
        Some(delay.min(self.max_backoff))
    }
}

/// `Retry-After` as an HTTP date.
fn retry_after_date(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get("retry-after")?.to_str().ok()?;
    let when = ::httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(::std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) that differs between calls; good enough to spread retries, and
/// needs no random-number crate.
fn jitter() -> f64 {
    use ::std::hash::{BuildHasher, Hasher};
    let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// How a list or structured parameter value becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One value, or items joined with commas.
    Joined,
    /// The parameter repeated once per item.
    Repeated,
    SpaceDelimited,
    PipeDelimited,
    /// JSON text.
    Json,
}

/// The text items of a parameter value, from its JSON form, so every type that
/// serialises (numbers, dates, enums, lists of them) is written the same way it would be
/// in a body: strings as themselves, lists one item per element, objects as JSON text.
pub fn param_items<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<Vec<String>, Error> {
    let json = ::serde_json::to_value(value).map_err(|e| Error::Request(format!("cannot encode a parameter: {e}")))?;
    Ok(match json {
        ::serde_json::Value::Null => Vec::new(),
        ::serde_json::Value::Array(items) => items.iter().map(scalar_text).collect(),
        other => vec![scalar_text(&other)],
    })
}

fn scalar_text(value: &::serde_json::Value) -> String {
    match value {
        ::serde_json::Value::String(s) => s.clone(),
        ::serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Percent-encodes a path parameter: everything but RFC 3986 unreserved characters.
fn encode_path_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// A request described independently of any HTTP client, so it can be sent again on retry.
#[derive(Debug)]
pub struct Request {
    pub method: Method,
    pub operation: &'static str,
    pub security: &'static [&'static [SecurityScheme]],
    pub idempotent: bool,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub cookies: Vec<(&'static str, String)>,
    pub body: Option<(Body, &'static str)>,
}

/// A request body, already encoded (multipart forms are encoded by reqwest when sent).
pub enum Body {
    Bytes(Bytes),
{%- if krate.features.multipart %}
    Multipart(Option<::reqwest::multipart::Form>),
{%- endif %}
}

impl ::std::fmt::Debug for Body {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Body::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
{%- if krate.features.multipart %}
            Body::Multipart(_) => f.write_str("Multipart"),
{%- endif %}
        }
    }
}

impl Request {
    pub fn new(method: Method, operation: &'static str, security: &'static [&'static [SecurityScheme]], idempotent: bool) -> Self {
        Request {
            method,
            operation,
            security,
            idempotent,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    pub fn push_path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    pub fn push_path_param<T: ::serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        encode_path_segment(&param_items(value)?.join(","), &mut self.path);
        Ok(())
    }

    fn texts<T: ::serde::Serialize + ?Sized>(value: &T, style: Style) -> Result<Vec<String>, Error> {
        if style == Style::Json {
            let json = ::serde_json::to_string(value).map_err(|e| Error::Request(format!("cannot encode a parameter: {e}")))?;
            return Ok(vec![json]);
        }
        let items = param_items(value)?;
        Ok(match style {
            Style::Repeated => items,
            Style::SpaceDelimited => vec![items.join(" ")],
            Style::PipeDelimited => vec![items.join("|")],
            Style::Joined | Style::Json => vec![items.join(",")],
        })
    }

    pub fn query<T: ::serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error> {
        for text in Self::texts(value, style)? {
            self.query.push((name, text));
        }
        Ok(())
    }

    pub fn header<T: ::serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error> {
        let text = Self::texts(value, style)?.join(",");
        let name = header_name(name)?;
        let value = HeaderValue::from_str(&text).map_err(|_| Error::Request(format!("header `{name}` cannot hold the value given")))?;
        self.headers.push((name, value));
        Ok(())
    }

    pub fn cookie<T: ::serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error> {
        let text = Self::texts(value, style)?.join(",");
        self.cookies.push((name, text));
        Ok(())
    }

    pub fn body_json<T: ::serde::Serialize>(&mut self, value: T, content_type: &'static str) -> Result<(), Error> {
        let bytes = ::serde_json::to_vec(&value).map_err(|e| Error::Request(format!("cannot encode the body as JSON: {e}")))?;
        self.body = Some((Body::Bytes(bytes.into()), content_type));
        Ok(())
    }
{%- if krate.features.form %}

    pub fn body_form<T: ::serde::Serialize>(&mut self, value: T, content_type: &'static str) -> Result<(), Error> {
        let text = ::serde_urlencoded::to_string(&value).map_err(|e| Error::Request(format!("cannot encode the body as a form: {e}")))?;
        self.body = Some((Body::Bytes(text.into()), content_type));
        Ok(())
    }
{%- endif %}

    pub fn body_bytes(&mut self, value: Vec<u8>, content_type: &'static str) -> Result<(), Error> {
        self.body = Some((Body::Bytes(value.into()), content_type));
        Ok(())
    }

    pub fn body_text(&mut self, value: String, content_type: &'static str) -> Result<(), Error> {
        self.body = Some((Body::Bytes(value.into()), content_type));
        Ok(())
    }
{%- if krate.features.multipart %}

    pub fn body_multipart(&mut self, value: ::reqwest::multipart::Form, content_type: &'static str) -> Result<(), Error> {
        // A multipart body cannot be replayed, so such requests are never retried.
        self.idempotent = false;
        self.body = Some((Body::Multipart(Some(value)), content_type));
        Ok(())
    }
{%- endif %}
}

/// A header name from the spec, checked (a spec may name a header that HTTP forbids).
fn header_name(name: &'static str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Request(format!("`{name}` is not a valid header name")))
}

/// A response with its body read, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { operation, status, headers, body }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn json<T: ::serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        // An empty body decodes as JSON `null`, so `Option` and unit bodies accept it.
        let parsed = if self.body.iter().all(u8::is_ascii_whitespace) {
            ::serde_json::from_slice(b"null")
        } else {
            ::serde_json::from_slice(&self.body)
        };
        match parsed {
            Ok(body) => Ok(ApiResponse::new(self.status, self.headers, body)),
            Err(source) => Err(Error::Decode(Box::new(crate::DecodeError {
                operation: self.operation,
                status: self.status,
                headers: self.headers,
                body: self.body,
                source,
            }))),
        }
    }

    pub fn text(self) -> Result<ApiResponse<String>, Error> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(ApiResponse::new(self.status, self.headers, text))
    }

    pub fn bytes(self) -> ApiResponse<Bytes> {
        ApiResponse::new(self.status, self.headers, self.body)
    }

    pub fn empty(self) -> ApiResponse<()> {
        ApiResponse::new(self.status, self.headers, ())
    }

    /// An error response whose body should decode as `T`; the raw text is kept if it does not.
    pub fn api_error<T: ::serde::de::DeserializeOwned>(self, wrap: fn(T) -> ApiErrorBody) -> Error {
        let body = match ::serde_json::from_slice::<T>(&self.body) {
            Ok(decoded) => wrap(decoded),
            Err(_) => Self::raw_body(&self.body),
        };
        self.into_error(body)
    }

    /// A status the spec does not document for this operation.
    pub fn unexpected(self) -> Error {
        let body = Self::raw_body(&self.body);
        self.into_error(body)
    }

    fn raw_body(body: &Bytes) -> ApiErrorBody {
        if body.is_empty() {
            ApiErrorBody::Empty
        } else {
            ApiErrorBody::Raw(String::from_utf8_lossy(body).into_owned())
        }
    }

    fn into_error(self, body: ApiErrorBody) -> Error {
        Error::Api(Box::new(ApiError {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body,
        }))
    }
}

/// Serialises `value` (a struct) with the union's tag property added.
pub fn serialize_tagged<S: ::serde::Serializer, T: ::serde::Serialize>(serializer: S, tag: &str, tag_value: &str, value: &T) -> Result<S::Ok, S::Error> {
    use ::serde::ser::Error as _;
    let mut json = ::serde_json::to_value(value).map_err(S::Error::custom)?;
    match &mut json {
        ::serde_json::Value::Object(map) => {
            map.insert(tag.to_string(), ::serde_json::Value::String(tag_value.to_string()));
        }
        _ => return Err(S::Error::custom("a tagged union member must serialise as an object")),
    }
    ::serde::Serialize::serialize(&json, serializer)
}

/// Decodes a buffered JSON value into a union member, mapping the error into the caller's.
pub fn from_json_value<E: ::serde::de::Error, T: ::serde::de::DeserializeOwned>(value: ::serde_json::Value) -> Result<T, E> {
    ::serde_json::from_value(value).map_err(E::custom)
}

/// Deserialises string enums from borrowed or owned strings without an intermediate `String`.
pub struct StrEnumVisitor<T>(::std::marker::PhantomData<T>);

impl<T> StrEnumVisitor<T> {
    pub fn new() -> Self {
        StrEnumVisitor(::std::marker::PhantomData)
    }
}

impl<T> Default for StrEnumVisitor<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: for<'a> From<&'a str>> ::serde::de::Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// A request's URL as log events show it: credential-bearing query parameters redacted,
/// and only worked out when an event is actually written. Kept only while debug events
/// are enabled at all, so requests do not pay for a copy nobody logs.
struct LoggedUrl(Option<::reqwest::Url>);

impl ::std::fmt::Display for LoggedUrl {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match &self.0 {
            Some(url) => f.write_str(&redact_url(url, crate::client::SECRET_QUERY_PARAMS)),
            None => Ok(()),
        }
    }
}

/// Removes the values of credential-bearing query parameters from a URL for logging.
pub(crate) fn redact_url(url: &::reqwest::Url, secret_params: &[&str]) -> String {
    if secret_params.is_empty() || url.query().is_none() {
        return url.to_string();
    }
    let mut redacted = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if secret_params.iter().any(|s| s.eq_ignore_ascii_case(&k)) { "<redacted>".to_string() } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    redacted.query_pairs_mut().clear().extend_pairs(pairs);
    redacted.to_string()
}

/// JSON keys whose values are credentials (a login response's token, a password in a
/// request): bodies are logged with these values replaced, so opting in to body logging
/// never leaks a secret the API hands out.
const SECRET_KEYS: &[&str] = &["jwt", "token", "password", "secret", "apikey", "accesstoken", "refreshtoken", "idtoken", "authorization", "clientsecret", "sessionid", "csrftoken"];

fn is_secret_key(key: &str) -> bool {
    let normalised: String = key.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    SECRET_KEYS.iter().any(|s| normalised == *s || normalised.ends_with(s))
}

/// A body as logged: JSON with credential values redacted, other text as is.
pub(crate) fn redact_body(body: &[u8]) -> String {
    fn redact(value: &mut ::serde_json::Value) {
        match value {
            ::serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if is_secret_key(key) && !v.is_object() && !v.is_array() {
                        *v = ::serde_json::Value::String("<redacted>".to_string());
                    } else {
                        redact(v);
                    }
                }
            }
            ::serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
            _ => {}
        }
    }
    match ::serde_json::from_slice::<::serde_json::Value>(body) {
        Ok(mut json) => {
            redact(&mut json);
            json.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

/// Sends a request, retrying as the policy allows, and reads the whole body.
pub(crate) async fn send_with_retries(
    client: &crate::Client,
    request: &mut Request,
    build: impl Fn(&mut Request) -> Result<::reqwest::RequestBuilder, Error>,
) -> Result<RawResponse, Error> {
    let policy = client.retry_policy();
    let mut retry = 0;
    loop {
        let builder = build(request)?;
        let built = builder.build().map_err(Error::from_reqwest)?;
        let url = LoggedUrl(::tracing::enabled!(::tracing::Level::DEBUG).then(|| built.url().clone()));
        let method = built.method().clone();
        if client.log_bodies() {
            if let Some(body) = built.body().and_then(|b| b.as_bytes()) {
                ::tracing::debug!(operation = request.operation, body = %redact_body(body), "request body");
            }
        }
        let started = Instant::now();
        ::tracing::debug!(operation = request.operation, %method, %url, attempt = retry + 1, "sending request");
        let can_retry = request.idempotent && retry < policy.max_retries;
        match client.http_client().execute(built).await {
            Ok(mut response) => {
                let status = response.status();
                // Reading the body does not need them, so they are taken, not copied.
                let headers = ::std::mem::take(response.headers_mut());
                client.observe_response(&headers);
                let latency_ms = started.elapsed().as_millis() as u64;
                ::tracing::debug!(operation = request.operation, %method, %url, status = status.as_u16(), latency_ms, "received response");
                if can_retry && policy.statuses.contains(&status.as_u16()) {
                    retry += 1;
                    let wait = policy.server_delay(&headers).unwrap_or_else(|| policy.backoff(retry));
                    ::tracing::debug!(operation = request.operation, status = status.as_u16(), wait_ms = wait.as_millis() as u64, retry, "retrying");
                    ::tokio::time::sleep(wait).await;
                    continue;
                }
                let body = response.bytes().await.map_err(Error::from_reqwest)?;
                if client.log_bodies() {
                    ::tracing::debug!(operation = request.operation, body = %redact_body(&body), "response body");
                }
                return Ok(RawResponse::new(request.operation, status, headers, body));
            }
            Err(err) if can_retry && (err.is_connect() || err.is_timeout()) => {
                retry += 1;
                let wait = policy.backoff(retry);
                ::tracing::debug!(operation = request.operation, error = %err, wait_ms = wait.as_millis() as u64, retry, "retrying after a transport error");
                ::tokio::time::sleep(wait).await;
            }
            Err(err) => {
                ::tracing::debug!(operation = request.operation, %method, %url, error = %err, "request failed");
                return Err(Error::from_reqwest(err));
            }
        }
    }
}

/// Drives a paginated operation: `fetch` sends one page's request and returns its items
/// and the request for the next page, if any.
pub fn paginate<'a, B, T, F, Fut>(first: B, fetch: F) -> impl ::futures_core::Stream<Item = Result<T, Error>> + 'a
where
    B: 'a,
    T: 'a,
    F: Fn(B) -> Fut + 'a,
    Fut: ::std::future::Future<Output = Result<(Vec<T>, Option<B>), Error>> + 'a,
{
    let state = (Vec::new().into_iter(), Some(first), fetch);
    ::futures_util::stream::unfold(state, |(mut buffered, mut next, fetch)| async move {
        loop {
            if let Some(item) = buffered.next() {
                return Some((Ok(item), (buffered, next, fetch)));
            }
            let request = next.take()?;
            match fetch(request).await {
                Ok((items, following)) => {
                    buffered = items.into_iter();
                    next = following;
                }
                Err(err) => return Some((Err(err), (buffered, None, fetch))),
            }
        }
    })
}

/// The cursor for the next page from a response's `next` field: the value itself, or, when
/// the server sends a URL, that URL's `param` query value.
pub fn next_cursor(next: Option<&str>, param: &str) -> Option<String> {
    let next = next.map(str::trim).filter(|n| !n.is_empty())?;
    if !next.contains('?') {
        return Some(next.to_string());
    }
    let absolute = if next.contains("://") { next.to_string() } else { format!("http://relative{next}") };
    let url = ::reqwest::Url::parse(&absolute).ok()?;
    let found = url.query_pairs().find(|(k, _)| k == param).map(|(_, v)| v.into_owned());
    found
}

/// `a >= b` across integer types, without lossy casts.
pub fn at_least<A: TryInto<i128>, B: TryInto<i128>>(a: A, b: B) -> bool {
    match (a.try_into(), b.try_into()) {
        (Ok(a), Ok(b)) => a >= b,
        _ => false,
    }
}
