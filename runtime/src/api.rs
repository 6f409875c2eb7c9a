//! What the runtime needs to know about the one API a crate is for.
//!
//! A generated crate implements [`Api`] for [`ThisApi`], and the rest of the runtime reads
//! every per-API choice (credentials, servers, error bodies, user agent, ...) through that
//! implementation. There is exactly one API per crate, so the runtime names `ThisApi`
//! directly instead of carrying a type parameter through every public type: `Client`,
//! `Error` and friends stay plain types in the crate's documentation, and
//! `Client::builder()` needs no type annotation.

use ::reqwest::header::HeaderMap;
use ::reqwest::{Method, RequestBuilder};

/// The API this crate is a client for; its choices are the [`Api`] implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ThisApi;

/// Everything about one API that the shared runtime cannot know.
pub trait Api: Sized {
    /// The crate's `SecurityScheme` enum.
    type Scheme: Copy + Eq + ::std::fmt::Debug + Send + Sync + 'static;
    /// The credentials a client holds, one slot per scheme.
    type Credentials: Credentials<Scheme = Self::Scheme>;
    /// The crate's `Server` enum, or `()` when the spec lists no servers.
    type Server: Copy + Default + ::std::fmt::Debug + Send + Sync + 'static;
    /// The crate's `ApiErrorBody`: error response bodies the API documents.
    type ErrorBody: ErrorBody;
    /// The crate's `events::EventError`, or `Infallible` when it has no event streams.
    type EventError: ::std::error::Error + Send + Sync + 'static;
    /// What the client remembers between requests besides cookies (a CSRF token), or `()`.
    type Session: Session;

    /// The `User-Agent` sent by default: the crate's name and version.
    const USER_AGENT: &'static str;
    /// Headers sent with every request unless the user replaces them.
    const DEFAULT_HEADERS: &'static [(&'static str, &'static str)];
    /// Query parameters that carry credentials; their values are never logged.
    const SECRET_QUERY_PARAMS: &'static [&'static str];
    /// Request headers that carry credentials (API keys, a CSRF token); their values are
    /// never logged.
    const SECRET_HEADERS: &'static [&'static str];
    /// The response headers the API reports its rate limits in (`x-rate-limit-headers`).
    const RATE_LIMIT_HEADERS: super::response::RateLimitHeaders;
    /// The response header that names a request in the API's own records
    /// (`x-correlation-header`), shown in every operation's log span.
    const CORRELATION_HEADER: Option<&'static str>;
    /// Whether the API keeps its session in cookies (`x-session: {cookies: true}`), which
    /// the HTTP client the builder makes stores (see `configure_http`).
    const SESSION_COOKIES: bool;
    /// Where the configuration file is by default, relative to the home directory
    /// (`x-codegen.config-path`).
    #[cfg(feature = "config")]
    const CONFIG_PATH: &'static str;

    /// The scheme's name in the API description.
    fn scheme_name(scheme: Self::Scheme) -> &'static str;

    /// The URL of `server` with its template variables set (overrides first, then
    /// defaults); `None` when the spec lists no servers.
    fn server_url(server: &Self::Server, overrides: &[(&str, &str)]) -> Option<String>;

    /// Adjusts the HTTP client the builder makes (to keep cookies, say).
    fn configure_http(builder: ::reqwest::ClientBuilder) -> ::reqwest::ClientBuilder;
}

/// The credentials a client holds. Implementations never print secrets.
pub trait Credentials: Clone + Default + Send + Sync + 'static {
    type Scheme: Copy;

    /// Whether the credential for `scheme` is set.
    fn has(&self, scheme: Self::Scheme) -> bool;

    /// Adds this scheme's credential to the request. A cookie credential is returned
    /// instead, to be joined with the request's other cookies.
    fn apply(&self, scheme: Self::Scheme, builder: RequestBuilder) -> (RequestBuilder, Option<String>);

    /// The names of the schemes whose credentials are set, for `Debug` output.
    fn set_names(&self) -> Vec<&'static str>;
}

/// The body of an error response, as the crate's `ApiErrorBody` holds it.
pub trait ErrorBody: ::std::fmt::Debug + Send + Sync + 'static {
    /// A body that is not the documented error type, as text.
    fn raw(text: String) -> Self;
    /// No body at all.
    fn empty() -> Self;
    /// The text of a raw body, `Some("")` for no body, `None` for a decoded one.
    fn raw_text(&self) -> Option<&str>;
    /// The API's own error code in a decoded body (`not.found`, `20`), if it has one.
    fn code(&self) -> Option<::std::borrow::Cow<'_, str>>;
    /// The API's own error message in a decoded body, if it has one.
    fn message(&self) -> Option<&str>;
}

/// State a client keeps from response to request beyond cookies.
pub trait Session: Default + Send + Sync + 'static {
    /// Looks at every response's headers.
    fn observe(&self, headers: &HeaderMap);
    /// Adds what the session needs to a request.
    fn decorate(&self, method: &Method, builder: RequestBuilder) -> RequestBuilder;
}

/// No session state.
impl Session for () {
    fn observe(&self, _: &HeaderMap) {}

    fn decorate(&self, _: &Method, builder: RequestBuilder) -> RequestBuilder {
        builder
    }
}

/// The crate's `SecurityScheme`.
pub type Scheme = <ThisApi as Api>::Scheme;
