//! The client, its builder, the API's servers and its credentials.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use ::reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::runtime::{self, RawResponse, Request, RetryPolicy};
{%- if !krate.security_schemes.is_empty() %}
use crate::runtime::Secret;
{%- endif %}
use crate::Error;

/// Query parameters that carry credentials; their values are never logged.
pub(crate) const SECRET_QUERY_PARAMS: &[&str] = &[{% for s in krate.security_schemes %}{% match s.kind %}{% when SchemeKind::ApiKeyQuery with { name } %}{{ name }}, {% when _ %}{% endmatch %}{% endfor %}];
{%- if !krate.servers.is_empty() %}

/// The servers the API is published on. `Server::default()` is the first one listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Server {
{%- for s in krate.servers %}
    {{ s.docs }}
    {%- if loop.first %}
    #[default]
    {%- endif %}
    {{ s.variant }},
{%- endfor %}
}

impl Server {
    /// Every server, in the order the spec lists them.
    pub const ALL: &'static [Server] = &[{% for s in krate.servers %}Server::{{ s.variant }}, {% endfor %}];

    /// The name the API's documentation uses for this server (e.g. a region).
    pub fn name(self) -> &'static str {
        match self {
{%- for s in krate.servers %}
            Server::{{ s.variant }} => {{ s.name }},
{%- endfor %}
        }
    }

    /// Looks a server up by [`Server::name`].
    pub fn from_name(name: &str) -> Option<Server> {
        Server::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// The URL template, with `{variable}` placeholders where the spec has them.
    pub fn url_template(self) -> &'static str {
        match self {
{%- for s in krate.servers %}
            Server::{{ s.variant }} => {{ s.url }},
{%- endfor %}
        }
    }

    /// Variables of the URL template with their default values.
    pub fn variables(self) -> &'static [(&'static str, &'static str)] {
        match self {
{%- for s in krate.servers %}
            Server::{{ s.variant }} => &[{% for v in s.variables %}({{ v.name }}, {{ v.default }}), {% endfor %}],
{%- endfor %}
        }
    }

    /// The URL with every variable set to `overrides` where given, else to its default.
    pub fn url(self, overrides: &[(&str, &str)]) -> String {
        let mut url = self.url_template().to_string();
        for (name, default) in self.variables() {
            let value = overrides.iter().find(|(n, _)| n == name).map(|(_, v)| *v).unwrap_or(default);
            url = url.replace(&["{", name, "}"].concat(), value);
        }
        url
    }
}

impl ::std::fmt::Display for Server {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.name())
    }
}
{%- endif %}

/// The authentication schemes the API defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecurityScheme {
{%- for s in krate.security_schemes %}
    {{ s.docs }}
    {{ s.variant }},
{%- endfor %}
}

impl SecurityScheme {
    /// The scheme's name in the API description.
    pub fn name(self) -> &'static str {
        match self {
{%- for s in krate.security_schemes %}
            SecurityScheme::{{ s.variant }} => {{ s.key }},
{%- endfor %}
        }
    }
}

/// Credentials the client holds, one slot per scheme. Never printed.
#[derive(Clone, Default)]
struct Credentials {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Basic %}
    {{ s.field }}: Option<(String, Secret)>,
{%- when _ %}
    {{ s.field }}: Option<Secret>,
{%- endmatch %}
{%- endfor %}
}

impl Credentials {
    /// Adds this scheme's credential to the request. A cookie credential is returned
    /// instead, to be joined with the request's other cookies.
    #[allow(unused_variables)]
    fn apply(&self, scheme: SecurityScheme, builder: ::reqwest::RequestBuilder) -> (::reqwest::RequestBuilder, Option<String>) {
        match scheme {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Bearer %}
            SecurityScheme::{{ s.variant }} => match &self.{{ s.field }} {
                Some(token) => (builder.bearer_auth(token.expose()), None),
                None => (builder, None),
            },
{%- when SchemeKind::Basic %}
            SecurityScheme::{{ s.variant }} => match &self.{{ s.field }} {
                Some((user, password)) => (builder.basic_auth(user, Some(password.expose())), None),
                None => (builder, None),
            },
{%- when SchemeKind::ApiKeyHeader with { name } %}
            SecurityScheme::{{ s.variant }} => match &self.{{ s.field }} {
                Some(key) => (builder.header({{ name }}, key.expose()), None),
                None => (builder, None),
            },
{%- when SchemeKind::ApiKeyQuery with { name } %}
            SecurityScheme::{{ s.variant }} => match &self.{{ s.field }} {
                Some(key) => (builder.query(&[({{ name }}, key.expose())]), None),
                None => (builder, None),
            },
{%- when SchemeKind::ApiKeyCookie with { name } %}
            SecurityScheme::{{ s.variant }} => match &self.{{ s.field }} {
                Some(key) => (builder, Some(format!("{}={}", {{ name }}, key.expose()))),
                None => (builder, None),
            },
{%- endmatch %}
{%- endfor %}
        }
    }

    fn has(&self, scheme: SecurityScheme) -> bool {
        match scheme {
{%- for s in krate.security_schemes %}
            SecurityScheme::{{ s.variant }} => self.{{ s.field }}.is_some(),
{%- endfor %}
        }
    }

    fn set_names(&self) -> Vec<&'static str> {
        // An array, not pushes onto a `Vec`, so an API without schemes compiles cleanly too.
        let schemes: &[(bool, &'static str)] = &[{% for s in krate.security_schemes %}(self.{{ s.field }}.is_some(), {{ s.key }}), {% endfor %}];
        schemes.iter().filter_map(|&(set, name)| set.then_some(name)).collect()
    }
}

/// Configures and builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
{%- if !krate.servers.is_empty() %}
    server: Server,
    server_variables: Vec<(String, String)>,
{%- endif %}
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    default_headers: Vec<(String, String)>,
    proxy: Option<::reqwest::Proxy>,
    http_client: Option<::reqwest::Client>,
    retry: RetryPolicy,
    log_bodies: bool,
    credentials: Credentials,
}

impl ::std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
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
{%- if !krate.servers.is_empty() %}
            server: Server::default(),
            server_variables: Vec::new(),
{%- endif %}
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: {{ krate.package.user_agent }}.to_string(),
            default_headers: vec![{% for h in krate.default_headers %}({{ h.name }}.to_string(), {{ h.value }}.to_string()), {% endfor %}],
            proxy: None,
            http_client: None,
            retry: RetryPolicy::default(),
            log_bodies: false,
            credentials: Credentials::default(),
        }
    }
}

impl ClientBuilder {
    /// Sends requests to this base URL instead of one of the spec's servers.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
{%- if !krate.servers.is_empty() %}

    /// Sends requests to one of the spec's servers (the default is the first listed).
    pub fn server(mut self, server: Server) -> Self {
        self.server = server;
        self
    }

    /// Picks a server by its name (see [`Server::name`]), e.g. a region.
    pub fn server_named(self, name: &str) -> Result<Self, Error> {
        let server = Server::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Server::ALL.iter().map(|s| s.name()).collect();
            Error::Config(format!("unknown server `{name}`; known: {}", known.join(", ")))
        })?;
        Ok(self.server(server))
    }

    /// Sets a variable of the server URL template.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.server_variables.push((name.into(), value.into()));
        self
    }
{%- endif %}

    /// The whole-request timeout (default 60 s); `None` waits forever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connection timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `{{ krate.package.user_agent.as_str() }}`).
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

    /// Uses a pre-built `reqwest::Client`. Timeouts, proxy and user agent then come from it.
    pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// How failed requests are retried ([`RetryPolicy::disabled`] turns retrying off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Logs request and response bodies at debug level (off by default: bodies may hold
    /// personal data). Credentials are never logged, and JSON values under credential-like
    /// keys (`jwt`, `token`, `password`, ...) are replaced with `<redacted>`.
    pub fn log_bodies(mut self, enabled: bool) -> Self {
        self.log_bodies = enabled;
        self
    }
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Basic %}

    /// Sets the user name and password for [`SecurityScheme::{{ s.variant }}`].
    pub fn {{ s.field }}(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.{{ s.field }} = Some((username.into(), Secret::new(password)));
        self
    }
{%- when _ %}

    /// Sets the credential for [`SecurityScheme::{{ s.variant }}`].
    pub fn {{ s.field }}(mut self, secret: impl Into<String>) -> Self {
        self.credentials.{{ s.field }} = Some(Secret::new(secret));
        self
    }
{%- endmatch %}
{%- endfor %}

    pub fn build(self) -> Result<Client, Error> {
{%- if !krate.servers.is_empty() %}
        let base_url = match self.base_url {
            Some(url) => url,
            None => {
                let overrides: Vec<(&str, &str)> = self.server_variables.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                self.server.url(&overrides)
            }
        };
{%- else %}
        let base_url = self.base_url.ok_or_else(|| Error::Config("the spec lists no servers: set `base_url`".to_string()))?;
{%- endif %}
        let base_url = base_url.trim_end_matches('/').to_string();
        ::reqwest::Url::parse(&base_url).map_err(|e| Error::Config(format!("invalid base URL `{base_url}`: {e}")))?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Config(format!("invalid header name `{name}`")))?;
            let value = HeaderValue::from_str(value).map_err(|_| Error::Config(format!("invalid value for header `{name}`")))?;
            default_headers.insert(name, value);
        }
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let mut builder = ::reqwest::Client::builder().user_agent(self.user_agent.clone());
{%- if krate.features.cookies %}
                builder = builder.cookie_store(true);
{%- endif %}
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
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
                log_bodies: self.log_bodies,
                credentials: RwLock::new(Arc::new(self.credentials)),
                csrf: RwLock::new(None),
            }),
        })
    }
}

/// The API client. Cheap to clone: clones share the connection pool and credentials.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: ::reqwest::Client,
    base_url: String,
    default_headers: HeaderMap,
    retry: RetryPolicy,
    log_bodies: bool,
    /// Shared with requests in flight, which take a reference rather than a copy; a
    /// setter copies them only while a request still holds the old ones.
    credentials: RwLock<Arc<Credentials>>,
    /// The CSRF header name and token most recently handed out by the server.
    #[allow(dead_code)]
    csrf: RwLock<Option<(HeaderName, HeaderValue)>>,
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
{%- if !krate.servers.is_empty() %}

    /// A client for the default server with default settings and no credentials.
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }
{%- endif %}

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The underlying HTTP client.
    pub fn http_client(&self) -> &::reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn log_bodies(&self) -> bool {
        self.inner.log_bodies
    }

{%- if !krate.security_schemes.is_empty() %}

    fn update_credentials(&self, update: impl FnOnce(&mut Credentials)) {
        let mut credentials = self.inner.credentials.write().unwrap_or_else(::std::sync::PoisonError::into_inner);
        update(Arc::make_mut(&mut credentials));
    }
{%- endif %}
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Basic %}

    /// Sets (or replaces) the user name and password for [`SecurityScheme::{{ s.variant }}`].
    pub fn set_{{ s.field }}(&self, username: impl Into<String>, password: impl Into<String>) {
        let credential = Some((username.into(), Secret::new(password)));
        self.update_credentials(|c| c.{{ s.field }} = credential);
    }
{%- when _ %}

    /// Sets (or replaces) the credential for [`SecurityScheme::{{ s.variant }}`].
    pub fn set_{{ s.field }}(&self, secret: impl Into<String>) {
        let credential = Some(Secret::new(secret));
        self.update_credentials(|c| c.{{ s.field }} = credential);
    }
{%- endmatch %}

    /// Forgets the credential for [`SecurityScheme::{{ s.variant }}`].
    pub fn clear_{{ s.field }}(&self) {
        self.update_credentials(|c| c.{{ s.field }} = None);
    }
{%- endfor %}

    /// Records what the server hands out in response headers (the CSRF token).
    #[allow(unused_variables)]
    pub(crate) fn observe_response(&self, headers: &HeaderMap) {
{%- if let Some(session) = krate.session %}
{%- if let Some(csrf) = session.csrf %}
        let name = headers.get({{ csrf.name_header }}).and_then(|v| HeaderName::from_bytes(v.as_bytes()).ok());
        let token = headers.get({{ csrf.token_header }}).cloned();
        if let (Some(name), Some(mut token)) = (name, token) {
            token.set_sensitive(true);
            *self.inner.csrf.write().unwrap_or_else(::std::sync::PoisonError::into_inner) = Some((name, token));
        }
{%- endif %}
{%- endif %}
    }

    /// Adds the CSRF header to requests whose method needs it.
    #[allow(unused_variables, unused_mut)]
    fn add_csrf(&self, method: &::reqwest::Method, mut builder: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
{%- if let Some(session) = krate.session %}
{%- if let Some(csrf) = session.csrf %}
        const METHODS: &[&str] = &[{% for m in csrf.methods %}{{ m }}, {% endfor %}];
        if METHODS.contains(&method.as_str()) {
            if let Some((name, token)) = self.inner.csrf.read().unwrap_or_else(::std::sync::PoisonError::into_inner).clone() {
                builder = builder.header(name, token);
            }
        }
{%- endif %}
{%- endif %}
        builder
    }

    /// Sends one operation's request and reads the response.
    pub(crate) async fn execute(&self, mut request: Request) -> Result<RawResponse, Error> {
        let credentials = Arc::clone(&self.inner.credentials.read().unwrap_or_else(::std::sync::PoisonError::into_inner));
        let alternative = if request.security.is_empty() {
            Some(&[][..])
        } else {
            request.security.iter().copied().find(|alt| alt.iter().all(|s| credentials.has(*s)))
        };
        let Some(alternative) = alternative else {
            let needed: Vec<String> = request
                .security
                .iter()
                .map(|alt| alt.iter().map(|s| s.name()).collect::<Vec<_>>().join(" + "))
                .collect();
            return Err(Error::MissingCredentials {
                operation: request.operation,
                schemes: needed.join(" or "),
            });
        };
        let url = format!("{}{}", self.inner.base_url, request.path);
        let url = ::reqwest::Url::parse(&url).map_err(|e| Error::Request(format!("invalid URL `{url}`: {e}")))?;
        runtime::send_with_retries(self, &mut request, |request| {
            let mut builder = self.inner.http.request(request.method.clone(), url.clone());
            if !self.inner.default_headers.is_empty() {
                builder = builder.headers(self.inner.default_headers.clone());
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
            builder = self.add_csrf(&request.method, builder);
            builder = match &mut request.body {
                None => builder,
                Some((runtime::Body::Bytes(bytes), content_type)) => builder.header(::reqwest::header::CONTENT_TYPE, *content_type).body(bytes.clone()),
{%- if krate.features.multipart %}
                Some((runtime::Body::Multipart(form), _)) => match form.take() {
                    Some(form) => builder.multipart(form),
                    None => return Err(Error::Request("a multipart body can only be sent once".to_string())),
                },
{%- endif %}
            };
            Ok(builder)
        })
        .await
    }
}
