//! Sending an operation's request: picking the credentials it needs, building the HTTP
//! request, retrying as the policy allows within the operation's deadline, logging in
//! the operation's span, and reading the body up to the size limit.
//!
//! Log levels (`tracing`), from the most to the least detailed:
//! - TRACE: request and response headers (credential values redacted);
//! - DEBUG: each attempt (method, URL, attempt), each response (status, latency), and the
//!   bodies when `ClientBuilder::log_bodies` is on (credential values redacted);
//! - WARN: each retry (why, how long it waits) and a retry given up;
//! - ERROR: the call's final failure (error status with response headers and, when bodies
//!   are logged, the body; timeout; transport error).
//!
//! Every event is inside the span `operation` (operation id, method, URL with secrets
//! redacted, attempt number, the API's correlation header when the server sends one),
//! itself at ERROR level so that it is kept whenever any of its events is.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ::bytes::Bytes;
use ::reqwest::header::HeaderMap;
use ::tracing::Instrument as _;

use super::api::{Api, Credentials as _, Session, ThisApi};
use super::client::{Client, CrossOriginRedirect};
use super::error::Error;
use super::raw::RawResponse;
use super::redact::{redact_body, redact_headers, redact_url};
use super::request::Request;
use super::retry::Wait;

impl Client {
    /// Sends one operation's request and reads the response.
    pub(crate) async fn execute(&self, mut request: Request) -> Result<RawResponse, Error> {
        let inner = self.inner();
        let credentials = Arc::clone(&inner.credentials.read().unwrap_or_else(::std::sync::PoisonError::into_inner));
        let alternative = if request.security.is_empty() {
            Some(&[][..])
        } else {
            request.security.iter().copied().find(|alt| alt.iter().all(|s| credentials.has(*s)))
        };
        let Some(alternative) = alternative else {
            let needed: Vec<String> = request
                .security
                .iter()
                .map(|alt| alt.iter().map(|s| ThisApi::scheme_name(*s)).collect::<Vec<_>>().join(" + "))
                .collect();
            return Err(Error::MissingCredentials { operation: request.operation, schemes: needed.join(" or ") });
        };
        let url = format!("{}{}", inner.base_url(), request.path);
        let url = ::reqwest::Url::parse(&url).map_err(|e| Error::Request(format!("invalid URL `{url}`: {e}")))?;
        // At ERROR level, so a subscriber that keeps only warnings and errors still shows
        // which operation, URL and attempt a retry or failure belongs to.
        let span = ::tracing::error_span!(
            "operation",
            operation = request.operation,
            method = %request.method,
            url = ::tracing::field::Empty,
            attempt = ::tracing::field::Empty,
            correlation_id = ::tracing::field::Empty,
        );
        let operation = request.operation;
        let attempts = AtomicU32::new(0);
        let deadline = inner.deadline.map(|d| (d, Instant::now() + d));
        let build = |request: &mut Request| {
            let mut builder = inner.http.request(request.method.clone(), url.clone());
            if !inner.default_headers.is_empty() {
                builder = builder.headers(inner.default_headers.clone());
            }
            if !request.query.is_empty() {
                builder = builder.query(&request.query);
            }
            for (name, value) in &request.headers {
                builder = builder.header(name.clone(), value.clone());
            }
            let mut cookies: Vec<String> = request.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
            for scheme in alternative {
                let (with_credential, cookie) = credentials.apply(*scheme, builder);
                builder = with_credential;
                cookies.extend(cookie);
            }
            if !cookies.is_empty() {
                builder = builder.header(::reqwest::header::COOKIE, cookies.join("; "));
            }
            builder = Session::decorate(&inner.session, &request.method, builder);
            match &mut request.body {
                Some(attach) => attach(builder),
                None => Ok(builder),
            }
        };
        let sending = send_with_retries(self, &mut request, &attempts, deadline.map(|(_, at)| at), build);
        let outcome = match deadline {
            Some((limit, _)) => match ::tokio::time::timeout(limit, sending).instrument(span.clone()).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Error::Deadline { operation, deadline: limit, attempts: attempts.load(Ordering::Relaxed) }),
            },
            None => sending.instrument(span.clone()).await,
        };
        if let Err(err) = &outcome {
            span.in_scope(|| ::tracing::error!(error = %err, "call failed"));
        }
        outcome
    }
}

/// A reqwest error whose URL (shown by its `Display`, so in logs and in the caller's
/// error message) has its credentials redacted.
fn redacted(mut err: ::reqwest::Error) -> ::reqwest::Error {
    if let Some(url) = err.url_mut() {
        match ::reqwest::Url::parse(&redact_url(url, ThisApi::SECRET_QUERY_PARAMS)) {
            Ok(clean) => *url = clean,
            Err(_) => return err.without_url(),
        }
    }
    err
}

fn from_reqwest(operation: &'static str, err: ::reqwest::Error) -> Error {
    let err = redacted(err);
    let refused = ::std::error::Error::source(&err).and_then(|e| e.downcast_ref::<CrossOriginRedirect>());
    if let Some(CrossOriginRedirect(location)) = refused {
        Error::CrossOriginRedirect { operation, location: redact_url(location, ThisApi::SECRET_QUERY_PARAMS) }
    } else if err.is_timeout() {
        Error::Timeout(err)
    } else {
        Error::Transport(err)
    }
}

/// A request's URL as log events show it: credentials redacted, and only worked out when
/// an event is actually written.
struct LoggedUrl<'a>(&'a ::reqwest::Url);

impl ::std::fmt::Display for LoggedUrl<'_> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&redact_url(self.0, ThisApi::SECRET_QUERY_PARAMS))
    }
}

/// Headers as log events show them, credential values redacted, worked out only when
/// written.
struct LoggedHeaders<'a>(&'a HeaderMap);

impl ::std::fmt::Display for LoggedHeaders<'_> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&redact_headers(self.0, ThisApi::SECRET_HEADERS))
    }
}

/// Whether a wait of `wait` from now still ends before the deadline.
fn fits(deadline: Option<Instant>, wait: Duration) -> bool {
    deadline.is_none_or(|at| Instant::now() + wait < at)
}

/// Sends a request, retrying as the policy allows, and reads the whole body.
async fn send_with_retries(
    client: &Client,
    request: &mut Request,
    attempts: &AtomicU32,
    deadline: Option<Instant>,
    build: impl Fn(&mut Request) -> Result<::reqwest::RequestBuilder, Error>,
) -> Result<RawResponse, Error> {
    let inner = client.inner();
    let policy = &inner.retry;
    let operation = request.operation;
    let span = ::tracing::Span::current();
    let mut retry = 0;
    loop {
        let builder = build(request)?;
        let mut built = builder.build().map_err(|e| from_reqwest(operation, e))?;
        if let Some(timeout) = inner.attempt_timeout {
            *built.timeout_mut() = Some(timeout);
        }
        let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
        if !span.is_disabled() {
            span.record("url", ::tracing::field::display(LoggedUrl(built.url())));
            span.record("attempt", attempt);
        }
        // Method, URL and attempt are the span's.
        ::tracing::debug!("sending request");
        ::tracing::trace!(headers = %LoggedHeaders(built.headers()), "request headers");
        if inner.log_request_bodies() {
            if let Some(body) = built.body().and_then(|b| b.as_bytes()) {
                ::tracing::debug!(body = %redact_body(body), "request body");
            }
        }
        let started = Instant::now();
        let can_retry = retry < policy.max_retries;
        match inner.http.execute(built).await {
            Ok(mut response) => {
                let status = response.status();
                // Reading the body does not need them, so they are taken, not copied.
                let headers = ::std::mem::take(response.headers_mut());
                Session::observe(&inner.session, &headers);
                if let Some(id) = ThisApi::CORRELATION_HEADER.and_then(|h| headers.get(h)?.to_str().ok()) {
                    span.record("correlation_id", id);
                }
                let latency_ms = started.elapsed().as_millis() as u64;
                ::tracing::debug!(status = status.as_u16(), latency_ms, "received response");
                ::tracing::trace!(headers = %LoggedHeaders(&headers), "response headers");
                if can_retry && policy.retries_status(status, request.idempotent) {
                    match policy.wait(retry + 1, status, &headers) {
                        Wait::Retry(wait) if fits(deadline, wait) => {
                            retry += 1;
                            ::tracing::warn!(status = status.as_u16(), wait_ms = wait.as_millis() as u64, retry, "retrying");
                            ::tokio::time::sleep(wait).await;
                            continue;
                        }
                        Wait::Retry(wait) => {
                            ::tracing::warn!(status = status.as_u16(), wait_ms = wait.as_millis() as u64, "not retrying: the wait would pass the operation's deadline");
                        }
                        Wait::GiveUp(wait) => {
                            ::tracing::warn!(
                                status = status.as_u16(),
                                retry_after_ms = wait.as_millis() as u64,
                                max_retry_after_ms = policy.max_retry_after.as_millis() as u64,
                                "not retrying: the server asks for a longer wait than the retry policy allows"
                            );
                        }
                    }
                }
                let body = read_body(&mut response, inner.max_response_bytes, operation).await?;
                if status.is_client_error() || status.is_server_error() {
                    let body = inner.log_response_bodies().then(|| redact_body(&body));
                    ::tracing::error!(status = status.as_u16(), headers = %LoggedHeaders(&headers), body = body.as_deref(), "error response");
                } else if inner.log_response_bodies() {
                    ::tracing::debug!(body = %redact_body(&body), "response body");
                }
                return Ok(RawResponse::new(operation, status, headers, body));
            }
            Err(err) => {
                let err = redacted(err);
                // A connection that failed carried nothing to the server, so any request
                // may be sent again; a timeout may have, so only an idempotent one.
                let retryable = err.is_connect() || (err.is_timeout() && request.idempotent);
                if can_retry && retryable {
                    let wait = policy.backoff(retry + 1);
                    if fits(deadline, wait) {
                        retry += 1;
                        ::tracing::warn!(error = %err, wait_ms = wait.as_millis() as u64, retry, "retrying after a transport error");
                        ::tokio::time::sleep(wait).await;
                        continue;
                    }
                }
                return Err(from_reqwest(operation, err));
            }
        }
    }
}

/// The whole body, failing once it passes `limit` bytes: up front when `Content-Length`
/// says so, else as soon as the bytes read do.
pub(crate) async fn read_body(response: &mut ::reqwest::Response, limit: u64, operation: &'static str) -> Result<Bytes, Error> {
    let too_large = || Error::BodyTooLarge { operation, limit };
    if response.content_length().is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut read: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(|e| from_reqwest(operation, e))? {
        read += chunk.len() as u64;
        if read > limit {
            return Err(too_large());
        }
        chunks.push(chunk);
    }
    // Most bodies come in one chunk, which is kept without a copy.
    Ok(match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    })
}
