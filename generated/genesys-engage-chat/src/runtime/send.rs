//! Sending one operation's request: picking the credentials it needs, building the HTTP
//! request, retrying as the policy allows, logging, and reading the whole body.

use std::sync::Arc;
use std::time::Instant;

use super::api::{Api, Credentials as _, Session, ThisApi};
use super::client::Client;
use super::error::Error;
use super::raw::RawResponse;
use super::redact::{redact_body, redact_url};
use super::request::Request;

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
        let url = format!("{}{}", inner.base_url, request.path);
        let url = ::reqwest::Url::parse(&url).map_err(|e| Error::Request(format!("invalid URL `{url}`: {e}")))?;
        send_with_retries(self, &mut request, |request| {
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
        })
        .await
    }
}

fn from_reqwest(err: ::reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout(err)
    } else {
        Error::Transport(err)
    }
}

/// A request's URL as log events show it: credential-bearing query parameters redacted,
/// and only worked out when an event is actually written. Kept only while debug events
/// are enabled at all, so requests do not pay for a copy nobody logs.
struct LoggedUrl(Option<::reqwest::Url>);

impl ::std::fmt::Display for LoggedUrl {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match &self.0 {
            Some(url) => f.write_str(&redact_url(url, ThisApi::SECRET_QUERY_PARAMS)),
            None => Ok(()),
        }
    }
}

/// Sends a request, retrying as the policy allows, and reads the whole body.
async fn send_with_retries(
    client: &Client,
    request: &mut Request,
    build: impl Fn(&mut Request) -> Result<::reqwest::RequestBuilder, Error>,
) -> Result<RawResponse, Error> {
    let inner = client.inner();
    let policy = &inner.retry;
    let mut retry = 0;
    loop {
        let builder = build(request)?;
        let built = builder.build().map_err(from_reqwest)?;
        let url = LoggedUrl(::tracing::enabled!(::tracing::Level::DEBUG).then(|| built.url().clone()));
        let method = built.method().clone();
        if inner.log_bodies {
            if let Some(body) = built.body().and_then(|b| b.as_bytes()) {
                ::tracing::debug!(operation = request.operation, body = %redact_body(body), "request body");
            }
        }
        let started = Instant::now();
        ::tracing::debug!(operation = request.operation, %method, %url, attempt = retry + 1, "sending request");
        let can_retry = request.idempotent && retry < policy.max_retries;
        match inner.http.execute(built).await {
            Ok(mut response) => {
                let status = response.status();
                // Reading the body does not need them, so they are taken, not copied.
                let headers = ::std::mem::take(response.headers_mut());
                Session::observe(&inner.session, &headers);
                let latency_ms = started.elapsed().as_millis() as u64;
                ::tracing::debug!(operation = request.operation, %method, %url, status = status.as_u16(), latency_ms, "received response");
                if can_retry && policy.statuses.contains(&status.as_u16()) {
                    retry += 1;
                    let wait = policy.server_delay(&headers).unwrap_or_else(|| policy.backoff(retry));
                    ::tracing::debug!(operation = request.operation, status = status.as_u16(), wait_ms = wait.as_millis() as u64, retry, "retrying");
                    ::tokio::time::sleep(wait).await;
                    continue;
                }
                let body = response.bytes().await.map_err(from_reqwest)?;
                if inner.log_bodies {
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
                return Err(from_reqwest(err));
            }
        }
    }
}
