//! The client and its builder: everything but the API's own servers, credentials and
//! operations, which the generated code adds in `impl` blocks of its own.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use ::reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::api::{Api, Credentials as _, ThisApi};
use super::error::Error;
use super::retry::RetryPolicy;

type Creds = <ThisApi as Api>::Credentials;

/// Configures and builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// Set by the crate's `server` methods (when the spec lists servers).
    pub(crate) server: <ThisApi as Api>::Server,
    pub(crate) server_variables: Vec<(String, String)>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: u64,
    user_agent: String,
    default_headers: Vec<(String, String)>,
    proxy: Option<::reqwest::Proxy>,
    http_client: Option<::reqwest::Client>,
    retry: RetryPolicy,
    log_bodies: bool,
    allow_plain_http: bool,
    /// Set by the crate's credential methods.
    pub(crate) credentials: Creds,
}

impl ::std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("credentials", &self.credentials.set_names())
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            server: Default::default(),
            server_variables: Vec::new(),
            timeout: Some(Duration::from_secs(60)),
            attempt_timeout: None,
            connect_timeout: Some(Duration::from_secs(10)),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: ThisApi::USER_AGENT.to_string(),
            default_headers: ThisApi::DEFAULT_HEADERS.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            proxy: None,
            http_client: None,
            retry: RetryPolicy::default(),
            log_bodies: false,
            allow_plain_http: false,
            credentials: Creds::default(),
        }
    }
}

impl ClientBuilder {
    /// Sends requests to this base URL instead of one of the spec's servers.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The operation deadline (default 60 s): how long a call may take in all, every
    /// attempt, retry and wait between them included. When it passes, the call fails with
    /// [`Error::Deadline`]; a retry whose wait would end after it is not made. `None`
    /// waits as long as the attempts and retries take.
    ///
    /// A call to a server that never answers fails after this long, not after
    /// `max_retries + 1` times it. To give each attempt less time, so there is time left
    /// to retry, set [`ClientBuilder::attempt_timeout`] too.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The timeout of each attempt (default none: an attempt may take until the
    /// operation's deadline, [`ClientBuilder::timeout`]). An attempt that times out is
    /// retried when the operation is idempotent and time is left, and otherwise fails
    /// with [`Error::Timeout`].
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// The connection timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request (replacing a default of the same name).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.default_headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.default_headers.push((name, value.into()));
        self
    }

    /// Routes requests through a proxy.
    pub fn proxy(mut self, proxy: ::reqwest::Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Uses a pre-built `reqwest::Client`. Proxy, user agent, connection timeout and
    /// redirects then come from it, for REST calls and event streams alike;
    /// [`ClientBuilder::timeout`] and [`ClientBuilder::attempt_timeout`] still apply. Its
    /// redirect policy is its own: to keep credentials from following a redirect to another
    /// host, build it with `reqwest::redirect::Policy::none()` (a client this builder makes
    /// refuses such redirects, see [`Error::CrossOriginRedirect`]). A WebSocket event stream
    /// is an HTTP/1.1 upgrade, which HTTP/2 cannot carry: give such a crate a client built
    /// with `http1_only()` (the builder's own client is).
    ///
    /// Refused by [`ClientBuilder::build`] for an API that keeps its session in a cookie
    /// (Genesys Engage's `JSESSIONID`): whether a given `reqwest::Client` stores cookies
    /// cannot be asked, and one that does not loses the session after every response,
    /// which the server answers with 403.
    pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Allows an `http://` base URL on a host other than this machine (off by default).
    ///
    /// Over plain HTTP, credentials (a Basic password, a bearer token, an API key, a
    /// session cookie) cross the network readable by anyone on the way, so
    /// [`ClientBuilder::build`] refuses such a URL unless this is set, say for a test
    /// server on a trusted network. Loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`)
    /// never need it: their traffic does not leave the machine.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// How failed requests are retried ([`RetryPolicy::disabled`] turns retrying off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read (default 16 MiB); a larger one fails the call with
    /// [`Error::BodyTooLarge`] as soon as its `Content-Length` or the bytes read so far
    /// pass the limit, instead of filling memory.
    ///
    /// One limit for everything the service sends in one piece: it bounds event-stream
    /// messages too (a WebSocket message and each of its frames, a CometD long-poll
    /// reply), and a larger one ends the stream with the same error.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Logs request and response bodies at debug level (off by default: bodies may hold
    /// personal data). Credentials are never logged, and JSON values under credential-like
    /// keys (`jwt`, `token`, `password`, ...) are replaced with `<redacted>`.
    pub fn log_bodies(mut self, enabled: bool) -> Self {
        self.log_bodies = enabled;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let overrides: Vec<(&str, &str)> = self.server_variables.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let base_url = self
            .base_url
            .or_else(|| ThisApi::server_url(&self.server, &overrides))
            .ok_or_else(|| Error::Config("the spec lists no servers: set `base_url`".to_string()))?;
        let base_url = base_url.trim_end_matches('/').to_string();
        let parsed = ::reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("invalid base URL `{base_url}`: {e}")))?;
        if parsed.scheme() == "http" && !self.allow_plain_http && !is_loopback(&parsed) {
            return Err(Error::Config(format!(
                "`{base_url}` is plain HTTP to another machine: credentials would cross the network readable; use https://, or `allow_plain_http(true)` on a network you trust"
            )));
        }
        if self.http_client.is_some() && ThisApi::SESSION_COOKIES {
            return Err(Error::Config(
                "this API keeps its session in a cookie, which a user-supplied `reqwest::Client` may not store: configure the client through the builder (timeouts, proxy, user agent) instead of `http_client`".to_string(),
            ));
        }
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Config(format!("invalid header name `{name}`")))?;
            let value = HeaderValue::from_str(value).map_err(|_| Error::Config(format!("invalid value for header `{name}`")))?;
            default_headers.insert(name, value);
        }
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let mut builder = ThisApi::configure_http(
                    ::reqwest::Client::builder().user_agent(self.user_agent.clone()).redirect(same_origin_redirects()),
                );
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                if let Some(proxy) = self.proxy {
                    builder = builder.proxy(proxy);
                }
                builder.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                default_headers,
                retry: self.retry,
                deadline: self.timeout,
                attempt_timeout: self.attempt_timeout,
                max_response_bytes: self.max_response_bytes,
                log_bodies: self.log_bodies,
                credentials: RwLock::new(Arc::new(self.credentials)),
                session: Default::default(),
            }),
        })
    }
}

/// Whether the URL's host is this machine.
fn is_loopback(url: &::reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.to_ascii_lowercase();
    let ip = host.trim_start_matches('[').trim_end_matches(']').parse::<::std::net::IpAddr>();
    host == "localhost" || host.ends_with(".localhost") || ip.is_ok_and(|ip| ip.is_loopback())
}

/// The API client. Cheap to clone: clones share the connection pool and credentials.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: ::reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) default_headers: HeaderMap,
    pub(crate) retry: RetryPolicy,
    pub(crate) deadline: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    pub(crate) log_bodies: bool,
    /// Shared with requests in flight, which take a reference rather than a copy; a
    /// setter copies them only while a request still holds the old ones.
    pub(crate) credentials: RwLock<Arc<Creds>>,
    pub(crate) session: <ThisApi as Api>::Session,
}

impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let credentials = self.inner.credentials.read().map(|c| c.set_names()).unwrap_or_default();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: first server, 60 s timeout, retries on.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &::reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

/// The default of [`ClientBuilder::max_response_bytes`]: far above any response of a chat
/// API, far below what would strain a client's memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// Redirects within the origin the request went to are followed (up to ten); one to
/// another origin is refused, since the request carries credentials (an API-key header,
/// a CSRF token) that reqwest would pass on to the new host.
fn same_origin_redirects() -> ::reqwest::redirect::Policy {
    ::reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            let location = attempt.url().clone();
            attempt.error(CrossOriginRedirect(location))
        } else if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Why a redirect was not followed; `send.rs` turns it into [`Error::CrossOriginRedirect`].
#[derive(Debug)]
pub(crate) struct CrossOriginRedirect(pub(crate) ::reqwest::Url);

impl ::std::fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("redirect to another origin refused")
    }
}

impl ::std::error::Error for CrossOriginRedirect {}
