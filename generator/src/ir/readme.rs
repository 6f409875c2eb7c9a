//! What the README shows beyond the API's own data: the quick-start example, and short
//! phrases whose wording lowering decides. Output formats escape the spec text inside
//! them their own way (`render/markup.rs`), so no wording is assembled while printing.

use std::fmt;

use serde::Serialize;

use super::{Lit, Operation, SchemeKind};

/// A short run of README text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Phrase(pub Vec<Span>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Span {
    /// The generator's own Markdown, printed as it is.
    Fixed(&'static str),
    /// Any text, shown literally as a code span.
    Code(String),
    /// Doc text from the spec (already Markdown), kept to one table cell.
    Markdown(String),
}

impl SchemeKind {
    /// How a credential of this kind travels, for the README's authentication table.
    pub fn sent_as(&self) -> Phrase {
        Phrase(match self {
            SchemeKind::Bearer => vec![Span::Code("Authorization: Bearer <token>".into())],
            SchemeKind::Basic => vec![Span::Fixed("HTTP Basic ("), Span::Code("Authorization: Basic ...".into()), Span::Fixed(")")],
            SchemeKind::ApiKeyHeader { name } => vec![Span::Fixed("header "), Span::Code(name.as_str().into())],
            SchemeKind::ApiKeyQuery { name } => vec![Span::Fixed("query parameter "), Span::Code(name.as_str().into())],
            SchemeKind::ApiKeyCookie { name } => vec![Span::Fixed("cookie "), Span::Code(name.as_str().into())],
        })
    }
}

impl Operation {
    /// `GET /pets/{id}`: the method and path template.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.http_method, self.path.as_str())
    }
}

/// The README's quick start (a doctest that is compiled, not run): build a client, and
/// call one operation that needs nothing but strings, when there is one.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub server: ExampleServer,
    /// The credentials the called operation needs.
    pub credentials: Vec<ExampleCredential>,
    pub call: Option<ExampleCall>,
}

/// Where the example's client connects. Prints as the builder call.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExampleServer {
    /// The first server the spec names.
    Named { lib_name: String, variant: String },
    /// The spec names none: a placeholder URL.
    Placeholder,
}

impl fmt::Display for ExampleServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExampleServer::Named { lib_name, variant } => write!(f, "server({lib_name}::Server::{variant})"),
            ExampleServer::Placeholder => f.write_str("base_url(\"https://api.example.com\")"),
        }
    }
}

/// A credential setter with placeholder values. Prints as the builder call.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleCredential {
    pub setter: String,
    /// HTTP Basic: a user name and a password.
    pub basic: bool,
}

impl fmt::Display for ExampleCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.basic {
            true => write!(f, "{}(\"user\", \"password\")", self.setter),
            false => write!(f, "{}(\"secret\")", self.setter),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleCall {
    pub method_name: String,
    /// Placeholder values for the required parameters.
    pub args: Vec<Lit>,
    /// The operation is deprecated (only when every operation is): the example allows it.
    pub deprecated: bool,
}
