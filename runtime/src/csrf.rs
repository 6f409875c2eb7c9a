//! A CSRF token the server hands out in response headers and wants back on requests
//! that change state (`x-session` with `csrf` in the spec).

use std::sync::RwLock;

use ::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use ::reqwest::{Method, RequestBuilder};

use super::api::{Session, ThisApi};

/// Where the API puts its CSRF token, implemented by the crate for [`ThisApi`].
pub trait CsrfHeaders {
    /// The response header whose value names the request header to send.
    const NAME_HEADER: &'static str;
    /// The response header that carries the token.
    const TOKEN_HEADER: &'static str;
    /// HTTP methods whose requests must carry the token.
    const METHODS: &'static [&'static str];
}

/// The CSRF header name and token most recently handed out by the server.
#[derive(Default)]
pub struct Csrf {
    token: RwLock<Option<(HeaderName, HeaderValue)>>,
}

impl Session for Csrf {
    fn observe(&self, headers: &HeaderMap) {
        let name = headers.get(ThisApi::NAME_HEADER).and_then(|v| HeaderName::from_bytes(v.as_bytes()).ok());
        let token = headers.get(ThisApi::TOKEN_HEADER).cloned();
        if let (Some(name), Some(mut token)) = (name, token) {
            token.set_sensitive(true);
            *self.token.write().unwrap_or_else(::std::sync::PoisonError::into_inner) = Some((name, token));
        }
    }

    fn decorate(&self, method: &Method, builder: RequestBuilder) -> RequestBuilder {
        if !ThisApi::METHODS.contains(&method.as_str()) {
            return builder;
        }
        match self.token.read().unwrap_or_else(::std::sync::PoisonError::into_inner).clone() {
            Some((name, token)) => builder.header(name, token),
            None => builder,
        }
    }
}
