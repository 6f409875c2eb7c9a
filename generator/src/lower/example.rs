//! The README's quick start: a client for the first named server, and a call to the first
//! operation that needs nothing but strings (preferring reads), with its credentials.

use crate::ir::{Crate, Example, ExampleCall, ExampleCredential, ExampleServer, HttpMethod, Lit, Operation, SchemeKind};

pub fn example(krate: &Crate) -> Example {
    let Some(op) = callable(krate) else {
        return Example { server: server(krate, false), credentials: Vec::new(), call: None };
    };
    let credentials: Vec<ExampleCredential> = op
        .security
        .first()
        .map(|alt| {
            alt.iter()
                .filter_map(|id| krate.scheme(id))
                .map(|s| ExampleCredential { setter: s.field.clone(), basic: s.kind == SchemeKind::Basic })
                .collect()
        })
        .unwrap_or_default();
    let server = server(krate, !credentials.is_empty());
    let call = ExampleCall {
        method_name: op.method_name.clone(),
        args: op.params.iter().filter(|p| p.required).map(|p| Lit(format!("<{}>", p.wire_name.as_str()))).collect(),
        deprecated: op.deprecated.is_some(),
    };
    Example { server, credentials, call: Some(call) }
}

/// The first server the spec names, unless it is plain HTTP and the example sends
/// credentials (Engage's `http://{host}:{port}`): a quick start never shows a password
/// crossing the network readable, so it then points at an `https://` placeholder.
fn server(krate: &Crate, sends_credentials: bool) -> ExampleServer {
    match krate.servers.first() {
        Some(first) if !(sends_credentials && first.url.0.to_ascii_lowercase().starts_with("http://")) => {
            ExampleServer::Named { lib_name: krate.package.lib_name.clone(), variant: first.variant.clone() }
        }
        _ => ExampleServer::Placeholder,
    }
}

/// The first operation that can be called with string arguments alone, preferring reads
/// and, unless every operation is deprecated (an API at its end of life still has users),
/// operations that are not.
fn callable(krate: &Crate) -> Option<&Operation> {
    let any_current = krate.operations.iter().any(|op| op.deprecated.is_none());
    let callable = |op: &&Operation| {
        (op.deprecated.is_none() || !any_current)
            && op.body.as_ref().is_none_or(|b| !b.required)
            && op.params.iter().filter(|p| p.required).all(|p| p.arg.takes_text())
    };
    krate
        .operations
        .iter()
        .filter(callable)
        .find(|op| op.http_method == HttpMethod::Get)
        .or_else(|| krate.operations.iter().find(callable))
}
