//! Pinpointing where a document fails to be OpenAPI.
//!
//! `openapiv3` gives most objects `#[serde(flatten)]` extension maps, and serde loses the
//! path inside a flattened struct, so a typo deep under `paths` is reported at `#/paths`.
//! Here the failing node is re-checked piece by piece, descending into whichever child
//! fails, until the smallest node that is wrong by itself: that node's pointer, and the
//! message for it, are what the user needs.

use openapiv3::{
    AnySchema, Components, Header, Info, MediaType, Operation, Parameter, PathItem, RequestBody, Response, Responses, Schema,
    SchemaData, SecurityScheme, Server,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::pointer::Pointer;

/// What a node is expected to be, as far as locating errors needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Info,
    Server,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityScheme,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Whether `node` is a valid `kind`; if not, the pointer of the smallest failing node
/// (starting from `at`, where `node` sits) and what is wrong with it.
pub fn find_problem(node: &Value, at: &Pointer, kind: Kind) -> Option<(Pointer, String)> {
    check(kind, node).err()?;
    Some(descend(node, at.clone(), kind))
}

/// `node` fails as `kind`: the first child that fails on its own is closer to the cause.
fn descend(node: &Value, at: Pointer, kind: Kind) -> (Pointer, String) {
    let (mut node, mut at, mut kind) = (node, at, kind);
    // A loop, not recursion: each step goes one level deeper into a bounded document.
    'deeper: loop {
        for (tokens, child_kind) in children(kind, node) {
            let Some(child) = tokens.iter().try_fold(node, |n, t| n.get(t.as_str())) else { continue };
            if check(child_kind, child).is_err() {
                at = tokens.iter().fold(at, |p, t| p.push(t));
                node = child;
                kind = child_kind;
                continue 'deeper;
            }
        }
        let (path, message) = check(kind, node).err().unwrap_or_default();
        return (path.iter().fold(at, |p, t| p.push(t)), message);
    }
}

/// The children of a node that have a kind of their own, as paths of tokens.
fn children(kind: Kind, node: &Value) -> Vec<(Vec<String>, Kind)> {
    let keys = |key: &str| -> Vec<String> {
        match node.get(key) {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            Some(Value::Array(items)) => (0..items.len()).map(|i| i.to_string()).collect(),
            _ => Vec::new(),
        }
    };
    let each = |key: &str, child: Kind| -> Vec<(Vec<String>, Kind)> {
        keys(key).into_iter().map(|k| (vec![key.to_string(), k], child)).collect()
    };
    let one = |key: &str, child: Kind| -> Vec<(Vec<String>, Kind)> {
        if node.get(key).is_some() { vec![(vec![key.to_string()], child)] } else { Vec::new() }
    };
    match kind {
        Kind::Document => {
            let mut out = one("info", Kind::Info);
            out.extend(each("servers", Kind::Server));
            out.extend(each("paths", Kind::PathItem));
            out.extend(one("components", Kind::Components));
            out
        }
        Kind::Components => {
            let mut out = each("schemas", Kind::Schema);
            out.extend(each("responses", Kind::Response));
            out.extend(each("parameters", Kind::Parameter));
            out.extend(each("requestBodies", Kind::RequestBody));
            out.extend(each("headers", Kind::Header));
            out.extend(each("securitySchemes", Kind::SecurityScheme));
            out
        }
        Kind::PathItem => {
            let mut out: Vec<_> = METHODS.iter().flat_map(|m| one(m, Kind::Operation)).collect();
            out.extend(each("parameters", Kind::Parameter));
            out.extend(each("servers", Kind::Server));
            out
        }
        Kind::Operation => {
            let mut out = each("parameters", Kind::Parameter);
            out.extend(one("requestBody", Kind::RequestBody));
            out.extend(one("responses", Kind::Responses));
            out.extend(each("servers", Kind::Server));
            out
        }
        Kind::Responses => keys_of(node).into_iter().map(|k| (vec![k], Kind::Response)).collect(),
        Kind::Response => {
            let mut out = each("content", Kind::MediaType);
            out.extend(each("headers", Kind::Header));
            out
        }
        Kind::Parameter | Kind::Header => {
            let mut out = one("schema", Kind::Schema);
            out.extend(each("content", Kind::MediaType));
            out
        }
        Kind::RequestBody => each("content", Kind::MediaType),
        Kind::MediaType => one("schema", Kind::Schema),
        Kind::Schema => {
            let mut out = each("properties", Kind::Schema);
            out.extend(one("items", Kind::Schema));
            if node.get("additionalProperties").is_some_and(Value::is_object) {
                out.extend(one("additionalProperties", Kind::Schema));
            }
            out.extend(one("not", Kind::Schema));
            for key in ["allOf", "oneOf", "anyOf"] {
                out.extend(each(key, Kind::Schema));
            }
            out
        }
        Kind::Info | Kind::Server | Kind::SecurityScheme => Vec::new(),
    }
}

fn keys_of(node: &Value) -> Vec<String> {
    node.as_object().map(|m| m.keys().filter(|k| !k.starts_with("x-")).cloned().collect()).unwrap_or_default()
}

/// Deserializes `node` as `kind` (a `$ref` object always passes: the load stage checks
/// references separately). On failure: the path inside `node` serde reached, and why.
fn check(kind: Kind, node: &Value) -> Result<(), (Vec<String>, String)> {
    if node.get("$ref").is_some_and(Value::is_string) && kind != Kind::Document {
        return Ok(());
    }
    match kind {
        Kind::Document => try_as::<openapiv3::OpenAPI>(node),
        Kind::Info => try_as::<Info>(node),
        Kind::Server => try_as::<Server>(node),
        Kind::Components => try_as::<Components>(node),
        Kind::PathItem => try_as::<PathItem>(node),
        Kind::Operation => try_as::<Operation>(node),
        Kind::Parameter => try_as::<Parameter>(node),
        Kind::RequestBody => try_as::<RequestBody>(node),
        Kind::Responses => try_as::<Responses>(node),
        Kind::Response => try_as::<Response>(node),
        Kind::MediaType => try_as::<MediaType>(node),
        Kind::Header => try_as::<Header>(node),
        Kind::SecurityScheme => try_as::<SecurityScheme>(node),
        // `Schema` is two flattened halves, one an untagged enum whose own message names no
        // field. Its shared keywords, then the catch-all variant, say what is wrong.
        Kind::Schema => try_as::<Schema>(node).map_err(|whole| {
            try_as::<SchemaData>(node)
                .and_then(|()| try_as::<AnySchema>(node))
                .err()
                .unwrap_or(whole)
        }),
    }
}

fn try_as<T: DeserializeOwned>(node: &Value) -> Result<(), (Vec<String>, String)> {
    match serde_path_to_error::deserialize::<_, T>(node) {
        Ok(_) => Ok(()),
        Err(e) => {
            use serde_path_to_error::Segment;
            let path = e
                .path()
                .iter()
                .filter_map(|segment| match segment {
                    Segment::Map { key } => Some(key.clone()),
                    Segment::Seq { index } => Some(index.to_string()),
                    Segment::Enum { .. } | Segment::Unknown => None,
                })
                .collect();
            Err((path, e.into_inner().to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(doc: Value) -> (String, String) {
        let (at, message) = find_problem(&doc, &Pointer::root(), Kind::Document).expect("the document is invalid");
        (at.to_string(), message)
    }

    fn doc(paths: Value) -> Value {
        serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn finds_a_bad_field_below_flattened_structs() {
        let (at, message) = problem(doc(serde_json::json!({"/pets": {"get": {"responses": {"200": {"description": ["x"]}}}}})));
        assert_eq!(at, "#/paths/~1pets/get/responses/200/description");
        assert!(message.contains("expected a string"), "{message}");
    }

    #[test]
    fn finds_a_bad_parameter_location() {
        let (at, message) = problem(doc(serde_json::json!({"/pets": {"post": {
            "parameters": [{"name": "a", "in": "query", "schema": {"type": "string"}}, {"name": "pet", "in": "body"}],
            "responses": {}
        }}})));
        assert_eq!(at, "#/paths/~1pets/post/parameters/1");
        assert!(message.contains("body"), "{message}");
    }

    #[test]
    fn finds_a_bad_keyword_in_a_nested_schema() {
        let mut d = doc(serde_json::json!({}));
        d["components"] = serde_json::json!({"schemas": {"Pet": {"type": "object", "properties": {"tags": {"type": "array", "items": {"required": true}}}}}});
        let (at, message) = problem(d);
        assert_eq!(at, "#/components/schemas/Pet/properties/tags/items/required");
        assert!(message.contains("expected a sequence"), "{message}");
    }

    #[test]
    fn a_valid_node_has_no_problem() {
        assert!(find_problem(&doc(serde_json::json!({})), &Pointer::root(), Kind::Document).is_none());
    }
}
