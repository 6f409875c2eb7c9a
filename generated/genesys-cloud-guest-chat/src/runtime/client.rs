//! The client and its builder: everything but the API's own servers, credentials and
//! operations, which the generated code adds in `impl` blocks of its own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
#[cfg(feature = "config")]
use std::sync::Weak;
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
    /// The configuration file given instead of the crate's default.
    #[cfg(feature = "config")]
    config_file: Option<::std::path::PathBuf>,
    #[cfg(feature = "config")]
    ignore_config_file: bool,
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
            #[cfg(feature = "config")]
            config_file: None,
            #[cfg(feature = "config")]
            ignore_config_file: false,
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

    /// Uses a pre-built `reqwest::Client`. Proxy, user agent, connection timeout, TLS and
    /// redirects then come from it (with the `rustls-ring` feature alone, reqwest has no
    /// TLS provider of its own: give it one with `tls_backend_preconfigured`), for REST calls and event streams alike;
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

    /// Reads the configuration from this file (INI or JSON) instead of the crate's default
    /// path under the home directory; `<CRATE>_CONFIG_PATH` still wins. See the crate's
    /// README for the keys and their precedence.
    #[cfg(feature = "config")]
    pub fn config_file(mut self, path: impl Into<::std::path::PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self.ignore_config_file = false;
        self
    }

    /// Reads no configuration file and no configuration environment variables: the
    /// client is what the builder says.
    #[cfg(feature = "config")]
    pub fn ignore_config_file(mut self) -> Self {
        self.ignore_config_file = true;
        self
    }

    /// Builds the client. With the `config` feature, reads the configuration file and
    /// environment first (a broken file is an [`Error::Config`]) and, while
    /// `live_reload_config` is on, applies later changes of the file to the client.
    pub fn build(self) -> Result<Client, Error> {
        let overrides: Vec<(&str, &str)> = self.server_variables.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let base_url = self
            .base_url
            .or_else(|| ThisApi::server_url(&self.server, &overrides))
            .ok_or_else(|| Error::Config("the spec lists no servers: set `base_url`".to_string()))?;
        let base_url = base_url.trim_end_matches('/').to_string();
        check_base_url(&base_url, self.allow_plain_http).map_err(Error::Config)?;
        if self.http_client.is_some() && ThisApi::SESSION_COOKIES {
            return Err(Error::Config(
                "this API keeps its session in a cookie, which a user-supplied `reqwest::Client` may not store: configure the client through the builder (timeouts, proxy, user agent) instead of `http_client`".to_string(),
            ));
        }
        #[cfg(feature = "config")]
        let (config, base_url, (log_request_bodies, log_response_bodies)) = match self.ignore_config_file {
            true => (None, Arc::from(base_url), (self.log_bodies, self.log_bodies)),
            false => {
                let (live, settings) = super::config_watch::Live::load(self.config_file.as_deref(), &base_url, self.log_bodies, self.allow_plain_http)?;
                let (base_url, log_bodies) = (live.base_url(&settings).map_err(Error::Config)?, live.log_bodies(&settings));
                (Some(live), base_url, log_bodies)
            }
        };
        #[cfg(not(feature = "config"))]
        let (base_url, (log_request_bodies, log_response_bodies)): (Arc<str>, _) = (Arc::from(base_url), (self.log_bodies, self.log_bodies));
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
                    super::tls::configure(::reqwest::Client::builder())?.user_agent(self.user_agent.clone()).redirect(same_origin_redirects()),
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
        let client = Client {
            inner: Arc::new(Inner {
                http,
                base_url: RwLock::new(base_url),
                default_headers,
                retry: self.retry,
                deadline: self.timeout,
                attempt_timeout: self.attempt_timeout,
                max_response_bytes: self.max_response_bytes,
                log_request_bodies: AtomicBool::new(log_request_bodies),
                log_response_bodies: AtomicBool::new(log_response_bodies),
                credentials: RwLock::new(Arc::new(self.credentials)),
                session: Default::default(),
                #[cfg(feature = "config")]
                config,
            }),
        };
        #[cfg(feature = "config")]
        super::config_watch::watch(&client)?;
        Ok(client)
    }
}

/// Whether the URL's host is this machine.
/// Whether requests may go to `base_url`: a URL, and not plain HTTP to another machine
/// unless the user allowed it. Checked for the builder's URL and for a configuration
/// file's `host`, at build and on every reload.
pub(crate) fn check_base_url(base_url: &str, allow_plain_http: bool) -> Result<(), String> {
    let parsed = ::reqwest::Url::parse(base_url).map_err(|e| format!("invalid base URL `{base_url}`: {e}"))?;
    if parsed.scheme() == "http" && !allow_plain_http && !is_loopback(&parsed) {
        return Err(format!(
            "`{base_url}` is plain HTTP to another machine: credentials would cross the network readable; use https://, or `allow_plain_http(true)` on a network you trust"
        ));
    }
    Ok(())
}

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
    /// Replaced when the configuration file changes the host.
    base_url: RwLock<Arc<str>>,
    pub(crate) default_headers: HeaderMap,
    pub(crate) retry: RetryPolicy,
    pub(crate) deadline: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    log_request_bodies: AtomicBool,
    log_response_bodies: AtomicBool,
    /// Shared with requests in flight, which take a reference rather than a copy; a
    /// setter copies them only while a request still holds the old ones.
    pub(crate) credentials: RwLock<Arc<Creds>>,
    pub(crate) session: <ThisApi as Api>::Session,
    #[cfg(feature = "config")]
    pub(crate) config: Option<super::config_watch::Live>,
}

impl Inner {
    /// The base URL requests go to now.
    pub(crate) fn base_url(&self) -> Arc<str> {
        Arc::clone(&self.base_url.read().unwrap_or_else(::std::sync::PoisonError::into_inner))
    }

    #[cfg(feature = "config")]
    pub(crate) fn set_base_url(&self, url: Arc<str>) {
        *self.base_url.write().unwrap_or_else(::std::sync::PoisonError::into_inner) = url;
    }

    pub(crate) fn log_request_bodies(&self) -> bool {
        self.log_request_bodies.load(Ordering::Relaxed)
    }

    pub(crate) fn log_response_bodies(&self) -> bool {
        self.log_response_bodies.load(Ordering::Relaxed)
    }

    #[cfg(feature = "config")]
    pub(crate) fn set_log_bodies(&self, request: bool, response: bool) {
        self.log_request_bodies.store(request, Ordering::Relaxed);
        self.log_response_bodies.store(response, Ordering::Relaxed);
    }
}

impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let credentials = self.inner.credentials.read().map(|c| c.set_names()).unwrap_or_default();
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url())
            .field("credentials", &credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: first server, 60 s timeout, retries on.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to (which the configuration file may change while the
    /// client runs).
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_string()
    }

    /// The configuration file this client reads, if one was looked for (it need not exist).
    #[cfg(feature = "config")]
    pub fn config_path(&self) -> Option<&::std::path::Path> {
        self.inner.config.as_ref().and_then(|c| c.path())
    }

    /// Why the configuration file's last change was not applied (`None` after a good
    /// one): the client keeps the last good configuration meanwhile.
    #[cfg(feature = "config")]
    pub fn config_error(&self) -> Option<String> {
        self.inner.config.as_ref().and_then(|c| c.last_error())
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &::reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// A reference that does not keep the client alive (for the configuration watcher,
    /// which the client owns).
    #[cfg(feature = "config")]
    pub(crate) fn downgrade(&self) -> Weak<Inner> {
        Arc::downgrade(&self.inner)
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
