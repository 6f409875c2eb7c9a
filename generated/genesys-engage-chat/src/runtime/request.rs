//! A request described independently of any HTTP client, so it can be sent again on retry.
//!
//! The generated code fills one in per operation; the methods that put parameters and
//! bodies into it live in files of their own (`query_param.rs`, `json_body.rs`, ...), so a
//! crate carries only those its operations use.

use ::reqwest::header::{HeaderName, HeaderValue};
use ::reqwest::{Method, RequestBuilder};

use super::api::Scheme;
use super::error::Error;

/// Puts the body on one attempt's request. Called once per attempt: a body that cannot
/// be replayed fails the second call.
pub type AttachBody = Box<dyn FnMut(RequestBuilder) -> Result<RequestBuilder, Error> + Send>;

pub struct Request {
    pub method: Method,
    /// The operation's id, for errors and logs.
    pub operation: &'static str,
    /// Alternatives of security schemes; each inner list must be satisfied together.
    /// Empty: anonymous.
    pub security: &'static [&'static [Scheme]],
    /// Safe to send again after a failure.
    pub idempotent: bool,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub cookies: Vec<(&'static str, String)>,
    pub body: Option<AttachBody>,
}

impl ::std::fmt::Debug for Request {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field("body", &self.body.is_some())
            .finish_non_exhaustive()
    }
}

impl Request {
    pub fn new(method: Method, operation: &'static str, security: &'static [&'static [Scheme]], idempotent: bool) -> Self {
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
}
