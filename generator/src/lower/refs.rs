//! `$ref`s to objects other than schemas (path items, parameters, request bodies,
//! responses, security schemes): followed through chains of references, deserialised,
//! and, when the target is not what the reference needs, reported where it is wrong.

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::locate::{self, Kind};
use crate::load::Spec;
use crate::pointer::Pointer;

/// How many references may lead to one another before we give up. The load stage already
/// rejects cycles; this only bounds the work on a pathological chain.
const MAX_CHAIN: usize = 64;

/// The object behind `item` and the pointer where it is defined (the use site `at` for an
/// inline object, the final target for a reference).
pub fn resolve<T: DeserializeOwned + Clone>(spec: &Spec, item: &ReferenceOr<T>, at: &Pointer, kind: Kind) -> Result<(T, Pointer)> {
    match item {
        ReferenceOr::Item(t) => Ok((t.clone(), at.clone())),
        ReferenceOr::Reference { reference } => follow(spec, reference, at, kind),
    }
}

/// [`resolve`] for an object the caller owns: an inline one is handed back, not copied.
pub fn resolve_owned<T: DeserializeOwned>(spec: &Spec, item: ReferenceOr<T>, at: &Pointer, kind: Kind) -> Result<(T, Pointer)> {
    match item {
        ReferenceOr::Item(t) => Ok((t, at.clone())),
        ReferenceOr::Reference { reference } => follow(spec, &reference, at, kind),
    }
}

/// The object at the end of the chain of references that starts with `reference`.
fn follow<T: DeserializeOwned>(spec: &Spec, reference: &str, at: &Pointer, kind: Kind) -> Result<(T, Pointer)> {
    let what = describe(kind);
    let mut target = reference.to_string();
    for _ in 0..MAX_CHAIN {
        let Some(pointer) = Pointer::parse(&target) else {
            return Err(Error::unsupported(
                &spec.file,
                at.as_str(),
                format!("external reference `{target}`: only references within the same file are supported"),
                "bundle the spec into one file first (e.g. `redocly bundle`)",
            ));
        };
        let step = spec.with_node(&pointer, |node| {
            let Some(node) = node else {
                return Err(Error::spec(&spec.file, at.as_str(), format!("`$ref: {target}` points at nothing"), "fix the reference or add the missing component"));
            };
            if let Some(next) = node.get("$ref").and_then(Value::as_str) {
                return Ok(Step::Next(next.to_string()));
            }
            // From `&Value`, not a clone of the node: `T` owns its data either way.
            T::deserialize(node).map(Step::Found).map_err(|e| {
                let (wrong_at, message) = locate::find_problem(node, &pointer, kind).unwrap_or_else(|| (pointer.clone(), e.to_string()));
                Error::spec(
                    &spec.file,
                    wrong_at.as_str(),
                    format!("referenced from {at} as a {what}, but this is not a valid {what}: {message}"),
                    format!("point the reference at a {what}, or fix this one"),
                )
            })
        })?;
        match step {
            Step::Next(next) => target = next,
            Step::Found(t) => return Ok((t, pointer)),
        }
    }
    Err(Error::spec(
        &spec.file,
        at.as_str(),
        format!("`$ref: {reference}` starts a chain of more than {MAX_CHAIN} references"),
        "refer to the final object directly",
    ))
}

/// One step along a chain of references.
enum Step<T> {
    Next(String),
    Found(T),
}

fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::PathItem => "path item",
        Kind::Parameter => "parameter",
        Kind::RequestBody => "request body",
        Kind::Response => "response",
        Kind::SecurityScheme => "security scheme",
        Kind::Header => "header",
        Kind::Schema => "schema",
        Kind::MediaType => "media type",
        Kind::Responses => "responses object",
        Kind::Operation => "operation",
        Kind::Components => "components object",
        Kind::Server => "server",
        Kind::Info => "info object",
        Kind::Document => "document",
    }
}
