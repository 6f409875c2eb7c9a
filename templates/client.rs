//! What the client knows about this API: its servers, its security schemes and how each
//! credential is sent, and the setters for them. The client itself is the runtime's.

use crate::runtime::api::{Api, ThisApi};
use crate::{Client, ClientBuilder};
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
        crate::runtime::servers::fill_url(self.url_template(), self.variables(), overrides)
    }
}

impl ::std::fmt::Display for Server {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.name())
    }
}

impl ClientBuilder {
    /// Sends requests to one of the spec's servers (the default is the first listed).
    pub fn server(mut self, server: Server) -> Self {
        self.server = server;
        self
    }

    /// Picks a server by its name (see [`Server::name`]), e.g. a region.
    pub fn server_named(self, name: &str) -> Result<Self, crate::Error> {
        let server = Server::from_name(name).ok_or_else(|| crate::runtime::servers::unknown_server(name, Server::ALL.iter().map(|s| s.name())))?;
        Ok(self.server(server))
    }

    /// Sets a variable of the server URL template.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.server_variables.push((name.into(), value.into()));
        self
    }
}

impl Client {
    /// A client for the default server with default settings and no credentials.
    pub fn new() -> Result<Self, crate::Error> {
        Self::builder().build()
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
pub struct Credentials {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Basic %}
    {{ s.field }}: Option<(String, crate::runtime::credentials::Secret)>,
{%- when _ %}
    {{ s.field }}: Option<crate::runtime::credentials::Secret>,
{%- endmatch %}
{%- endfor %}
}

impl crate::runtime::api::Credentials for Credentials {
    type Scheme = SecurityScheme;

    fn has(&self, scheme: SecurityScheme) -> bool {
        match scheme {
{%- for s in krate.security_schemes %}
            SecurityScheme::{{ s.variant }} => self.{{ s.field }}.is_some(),
{%- endfor %}
        }
    }

    fn apply(&self, scheme: SecurityScheme, builder: ::reqwest::RequestBuilder) -> (::reqwest::RequestBuilder, Option<String>) {
        match (scheme, builder) {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Bearer %}
            (SecurityScheme::{{ s.variant }}, builder) => match &self.{{ s.field }} {
                Some(token) => (builder.bearer_auth(token.expose()), None),
                None => (builder, None),
            },
{%- when SchemeKind::Basic %}
            (SecurityScheme::{{ s.variant }}, builder) => match &self.{{ s.field }} {
                Some((user, password)) => (builder.basic_auth(user, Some(password.expose())), None),
                None => (builder, None),
            },
{%- when SchemeKind::ApiKeyHeader with { name } %}
            (SecurityScheme::{{ s.variant }}, builder) => match &self.{{ s.field }} {
                Some(key) => (builder.header({{ name }}, key.expose()), None),
                None => (builder, None),
            },
{%- when SchemeKind::ApiKeyQuery with { name } %}
            (SecurityScheme::{{ s.variant }}, builder) => match &self.{{ s.field }} {
                Some(key) => (builder.query(&[({{ name }}, key.expose())]), None),
                None => (builder, None),
            },
{%- when SchemeKind::ApiKeyCookie with { name } %}
            (SecurityScheme::{{ s.variant }}, builder) => match &self.{{ s.field }} {
                Some(key) => (builder, Some(format!("{}={}", {{ name }}, key.expose()))),
                None => (builder, None),
            },
{%- endmatch %}
{%- endfor %}
        }
    }

    fn set_names(&self) -> Vec<&'static str> {
        // An array, not pushes onto a `Vec`, so an API without schemes compiles cleanly too.
        let schemes: &[(bool, &'static str)] = &[{% for s in krate.security_schemes %}(self.{{ s.field }}.is_some(), {{ s.key }}), {% endfor %}];
        schemes.iter().filter_map(|&(set, name)| set.then_some(name)).collect()
    }
}

impl ClientBuilder {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Basic %}

    /// Sets the user name and password for [`SecurityScheme::{{ s.variant }}`].
    pub fn {{ s.field }}(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.{{ s.field }} = Some((username.into(), crate::runtime::credentials::Secret::new(password)));
        self
    }
{%- when _ %}

    /// Sets the credential for [`SecurityScheme::{{ s.variant }}`].
    pub fn {{ s.field }}(mut self, secret: impl Into<String>) -> Self {
        self.credentials.{{ s.field }} = Some(crate::runtime::credentials::Secret::new(secret));
        self
    }
{%- endmatch %}
{%- endfor %}
}

impl Client {
{%- for s in krate.security_schemes %}
{%- match s.kind %}
{%- when SchemeKind::Basic %}

    /// Sets (or replaces) the user name and password for [`SecurityScheme::{{ s.variant }}`].
    pub fn set_{{ s.field }}(&self, username: impl Into<String>, password: impl Into<String>) {
        let credential = Some((username.into(), crate::runtime::credentials::Secret::new(password)));
        self.update_credentials(|c| c.{{ s.field }} = credential);
    }
{%- when _ %}

    /// Sets (or replaces) the credential for [`SecurityScheme::{{ s.variant }}`].
    pub fn set_{{ s.field }}(&self, secret: impl Into<String>) {
        let credential = Some(crate::runtime::credentials::Secret::new(secret));
        self.update_credentials(|c| c.{{ s.field }} = credential);
    }
{%- endmatch %}

    /// Forgets the credential for [`SecurityScheme::{{ s.variant }}`].
    pub fn clear_{{ s.field }}(&self) {
        self.update_credentials(|c| c.{{ s.field }} = None);
    }
{%- endfor %}
}

impl Api for ThisApi {
    type Scheme = SecurityScheme;
    type Credentials = Credentials;
    type ErrorBody = crate::ApiErrorBody;
{%- if krate.features.events %}
    #[cfg(feature = "events")]
    type EventError = crate::events::EventError;
    #[cfg(not(feature = "events"))]
    type EventError = ::std::convert::Infallible;
{%- else %}
    type EventError = ::std::convert::Infallible;
{%- endif %}
{%- if krate.csrf().is_some() %}
    type Session = crate::runtime::csrf::Csrf;
{%- else %}
    type Session = ();
{%- endif %}

    const USER_AGENT: &'static str = {{ krate.package.user_agent }};
    const DEFAULT_HEADERS: &'static [(&'static str, &'static str)] = &[{% for h in krate.default_headers %}({{ h.name }}, {{ h.value }}), {% endfor %}];
    const SECRET_QUERY_PARAMS: &'static [&'static str] = &[{% for s in krate.security_schemes %}{% match s.kind %}{% when SchemeKind::ApiKeyQuery with { name } %}{{ name }}, {% when _ %}{% endmatch %}{% endfor %}];
    const SECRET_HEADERS: &'static [&'static str] = &[{% for h in krate.traffic.secret_headers %}{{ h }}, {% endfor %}];
    const RATE_LIMIT_HEADERS: crate::runtime::response::RateLimitHeaders = {{ krate.traffic.rate_limit }};
    const CORRELATION_HEADER: Option<&'static str> = {{ krate.traffic.correlation_header_expr() }};

    #[cfg(feature = "config")]
    const CONFIG_PATH: &'static str = {{ krate.config_path }};

    fn scheme_name(scheme: SecurityScheme) -> &'static str {
        scheme.name()
    }
{%- if krate.servers.is_empty() %}

    type Server = ();

    fn server_url(_: &(), _: &[(&str, &str)]) -> Option<String> {
        None
    }
{%- else %}

    type Server = Server;

    fn server_url(server: &Server, overrides: &[(&str, &str)]) -> Option<String> {
        Some(server.url(overrides))
    }
{%- endif %}

    const SESSION_COOKIES: bool = {{ krate.features.cookies }};

    fn configure_http(builder: ::reqwest::ClientBuilder) -> ::reqwest::ClientBuilder {
        builder{% if krate.features.cookies %}.cookie_store(true){% endif %}{% if krate.features.websocket %}.http1_only(){% endif %}
    }
}
{%- if let Some(csrf) = krate.csrf() %}

impl crate::runtime::csrf::CsrfHeaders for ThisApi {
    const NAME_HEADER: &'static str = {{ csrf.name_header }};
    const TOKEN_HEADER: &'static str = {{ csrf.token_header }};
    const METHODS: &'static [&'static str] = &[{% for m in csrf.methods %}{{ m }}, {% endfor %}];
}
{%- endif %}
