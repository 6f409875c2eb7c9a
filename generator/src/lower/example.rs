//! The README's quick start: a client for the first named server, and a call to the first
//! operation that needs nothing but strings (preferring reads), with its credentials.

use crate::ir::{Crate, Example, ExampleCall, ExampleCredential, ExampleServer, HttpMethod, Lit, Operation, SchemeKind};

pub fn example(krate: &Crate) -> Example {
    let server = match krate.servers.first() {
        Some(first) => ExampleServer::Named { lib_name: krate.package.lib_name.clone(), variant: first.variant.clone() },
        None => ExampleServer::Placeholder,
    };
    let Some(op) = callable(krate) else {
        return Example { server, credentials: Vec::new(), call: None };
    };
    let credentials = op
        .security
        .first()
        .map(|alt| {
            alt.iter()
                .filter_map(|id| krate.scheme(id))
                .map(|s| ExampleCredential { setter: s.field.clone(), basic: s.kind == SchemeKind::Basic })
                .collect()
        })
        .unwrap_or_default();
    let call = ExampleCall {
        method_name: op.method_name.clone(),
        args: op.params.iter().filter(|p| p.required).map(|p| Lit(format!("<{}>", p.wire_name.as_str()))).collect(),
        deprecated: op.deprecated.is_some(),
    };
    Example { server, credentials, call: Some(call) }
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
