//! What the README shows beyond the API's own data: the quick-start example, and short
//! phrases whose wording lowering decides. Output formats escape the spec text inside
//! them their own way (`render/markup.rs`), so no wording is assembled while printing.

use std::fmt;

use serde::Serialize;

use super::{FeatureGrouping, Lit, Operation, SchemeKind};

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

impl FeatureGrouping {
    /// What one group is called: the README's table header, and a feature's name where
    /// the group's own has no letter (`lower/tag_features.rs`).
    pub fn noun(&self) -> &'static str {
        match self {
            FeatureGrouping::Tag => "tag",
            FeatureGrouping::Resource => "resource",
        }
    }

    /// The README's section on the features.
    pub fn heading(&self) -> &'static str {
        match self {
            FeatureGrouping::Tag => "Features per tag",
            FeatureGrouping::Resource => "Features per resource",
        }
    }

    /// What `full` turns on, for the README's table of features.
    pub fn full_summary(&self) -> &'static str {
        match self {
            FeatureGrouping::Tag => "every operation: one feature per tag, see below",
            FeatureGrouping::Resource => "every operation: one feature per resource, see below",
        }
    }

    /// The README's explanation of the features, with `feature` in the example of a small
    /// build.
    pub fn explanation(&self, feature: &str) -> Phrase {
        let (grouped, choose, always) = match self {
            FeatureGrouping::Tag => (
                "The operations are compiled per tag of the spec: each tag is a feature, and `full` (on by\n",
                "default features off and name the tags you want",
                "An operation with several tags comes with any of them; a model with any operation that\nuses it; operations without a tag, and error bodies, always.",
            ),
            FeatureGrouping::Resource => (
                "The spec tags no operation, so the operations are compiled per resource: the first\nsegment of their path after the prefix every path shares, sub-resources included\n(`/customers/{id}/sources` is in `customers`). Each is a feature, and `full` (on by\n",
                "default features off and name the resources you want",
                "A model comes with any operation that uses it; error bodies always.",
            ),
        };
        Phrase(vec![
            Span::Fixed(grouped),
            Span::Fixed("default) turns them all on. To compile only the part you use, turn the\n"),
            Span::Fixed(choose),
            Span::Fixed(", and a TLS feature (which the defaults\nwould otherwise bring): "),
            Span::Code(format!("default-features = false, features = [\"{feature}\", \"rustls-aws-lc-rs\"]")),
            Span::Fixed(".\n"),
            Span::Fixed(always),
        ])
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
