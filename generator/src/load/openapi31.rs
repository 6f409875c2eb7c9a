//! OpenAPI 3.1 → the OpenAPI 3.0 the rest of the pipeline reads.
//!
//! 3.1 schemas are JSON Schema 2020-12. What 3.0 can say is said the 3.0 way (a type list
//! with `null` is a nullable type, `const` a one-value enum, a numeric `exclusiveMinimum` a
//! minimum that excludes, `contentEncoding: base64` the `byte` format). What it cannot say
//! is read as a looser type, with a located warning: the client then accepts more than the
//! API sends, never less.
//!
//! Webhooks are not generated: a client crate calls the API, and webhooks are requests the
//! API sends to a server of yours. Their payloads are usually components (every component
//! schema becomes a model), so what a receiver needs to decode them is still generated; the
//! warning says so. A webhook's inline schemas are not, which the warning names.

use serde_json::{Map, Value};

use super::schemas;
use crate::pointer::Pointer;

/// Annotations a `$ref` may carry in 3.1 that change nothing about the type.
const ANNOTATIONS: &[&str] = &["description", "summary", "title", "deprecated", "readOnly", "writeOnly", "example", "examples", "default", "$comment"];

pub fn normalise(doc: &mut Value, warn: &mut dyn FnMut(&Pointer, String)) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".to_string(), Value::from("3.0.3"));
    if let Some(webhooks) = root.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        warn(
            &Pointer::root().push("webhooks"),
            format!("{count} webhook(s) not generated: a client calls the API, webhooks are requests it sends to you (their component schemas are still generated as models)"),
        );
    }
    schemas::for_each_in_document(doc, &mut |at, schema| normalise_schema(at, schema, warn));
}

/// One schema, in place (the schemas below it are visited after).
pub fn normalise_schema(at: &Pointer, schema: &mut Map<String, Value>, warn: &mut dyn FnMut(&Pointer, String)) {
    if let Some(Value::Array(types)) = schema.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        schema.remove("type");
        match others.as_slice() {
            [] => {}
            [one] => {
                schema.insert("type".to_string(), (*one).clone());
            }
            several => warn(
                &at.push("type"),
                format!("a value of any of {} types is read as any JSON value (`serde_json::Value`)", several.len()),
            ),
        }
        if nullable {
            schema.insert("nullable".to_string(), Value::Bool(true));
        }
    } else if schema.get("type").is_some_and(|t| t == "null") {
        schema.remove("type");
        schema.insert("nullable".to_string(), Value::Bool(true));
    }
    for key in ["anyOf", "oneOf"] {
        null_member(schema, key);
    }
    if let Some(value) = schema.remove("const") {
        if !schema.contains_key("enum") {
            if value.is_null() {
                schema.insert("nullable".to_string(), Value::Bool(true));
            }
            schema.insert("enum".to_string(), Value::Array(vec![value]));
        }
    }
    if let Some(examples) = schema.remove("examples") {
        if !schema.contains_key("example")
            && let Some(first) = examples.as_array().and_then(|e| e.first())
        {
            schema.insert("example".to_string(), first.clone());
        }
    }
    for (bound, flag) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit) = schema.get(bound).filter(|v| v.is_number()).cloned() {
            schema.insert(flag.to_string(), limit);
            schema.insert(bound.to_string(), Value::Bool(true));
        }
    }
    if let Some(Value::Array(items)) = schema.remove("prefixItems") {
        // A tuple: 3.0 has no such array. One item schema if they agree, else any item.
        let first = items.first().cloned();
        let same = first.as_ref().is_some_and(|f| items.iter().all(|i| i == f));
        if !schema.contains_key("items") || schema.get("items").is_some_and(Value::is_boolean) {
            schema.remove("items");
            if let (true, Some(first)) = (same, first) {
                schema.insert("items".to_string(), first);
            } else {
                schema.insert("items".to_string(), Value::Object(Map::new()));
                warn(&at.push("prefixItems"), "a tuple of differently typed items is read as an array of any JSON values".to_string());
            }
        }
    }
    // `items: false` (no items beyond the prefix) and boolean subschemas elsewhere say
    // nothing 3.0 can; `true` is any value.
    for key in ["items", "additionalProperties", "unevaluatedProperties"] {
        if key != "additionalProperties" && schema.get(key) == Some(&Value::Bool(true)) {
            schema.insert(key.to_string(), Value::Object(Map::new()));
        }
        if key == "items" && schema.get(key) == Some(&Value::Bool(false)) {
            schema.insert(key.to_string(), Value::Object(Map::new()));
        }
    }
    match (schema.get("contentEncoding").and_then(Value::as_str), schema.get("contentMediaType").and_then(Value::as_str)) {
        (Some("base64" | "base64url"), _) if !schema.contains_key("format") => {
            schema.insert("format".to_string(), Value::from("byte"));
        }
        (None, Some(media)) if media != "application/json" && !media.starts_with("text/") && !schema.contains_key("format") => {
            schema.insert("format".to_string(), Value::from("binary"));
        }
        _ => {}
    }
    // A recursive reference (2019-09 `$recursiveRef`, 2020-12 `$dynamicRef`) in a component
    // refers, as components use it, to the component itself.
    for key in ["$recursiveRef", "$dynamicRef"] {
        if let Some(target) = schema.remove(key) {
            let tokens: Vec<String> = at.tokens().take(3).collect();
            if tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "schemas" {
                let component = Pointer::root().push("components").push("schemas").push(&tokens[2]);
                schema.insert("$ref".to_string(), Value::String(component.to_string()));
            } else {
                warn(&at.push(key), format!("`{key}: {target}` outside a component schema is read as any JSON value"));
            }
        }
    }
    if schema.contains_key("$ref") && schema.len() > 1 {
        ref_with_siblings(at, schema, warn);
    }
}

/// `anyOf: [X, {type: null}]` (OpenAI writes hundreds) is a nullable X: the null member
/// goes, `nullable` comes, and a single remaining member is the schema itself (a reference
/// through a one-part `allOf`, as 3.0 makes a reference nullable).
fn null_member(schema: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(members)) = schema.get(key) else { return };
    let is_null = |m: &Value| m.get("type").is_some_and(|t| t == "null") && m.as_object().is_some_and(|o| o.keys().all(|k| matches!(k.as_str(), "type" | "description" | "title")));
    if !members.iter().any(is_null) {
        return;
    }
    let rest: Vec<Value> = members.iter().filter(|m| !is_null(m)).cloned().collect();
    schema.insert("nullable".to_string(), Value::Bool(true));
    match rest.as_slice() {
        [] => {
            schema.remove(key);
        }
        [Value::Object(only)] if only.contains_key("$ref") || only.keys().any(|k| schema.contains_key(k)) => {
            schema.remove(key);
            schema.insert("allOf".to_string(), Value::Array(rest));
        }
        [Value::Object(only)] => {
            let only = only.clone();
            schema.remove(key);
            schema.extend(only);
        }
        _ => {
            schema.insert(key.to_string(), Value::Array(rest));
        }
    }
}

/// A 3.1 `$ref` applies beside its siblings. Annotations change nothing about the type; a
/// sibling that constrains it makes the pair an `allOf` of the reference and the rest.
fn ref_with_siblings(at: &Pointer, schema: &mut Map<String, Value>, warn: &mut dyn FnMut(&Pointer, String)) {
    let constraining: Vec<String> = schema.keys().filter(|k| *k != "$ref" && !k.starts_with("x-") && !ANNOTATIONS.contains(&k.as_str()) && *k != "nullable").cloned().collect();
    // `type` and `format` beside a reference restate what it refers to (Mastodon,
    // SendGrid): the reference decides.
    if constraining.iter().all(|k| matches!(k.as_str(), "type" | "format")) {
        return;
    }
    let Some(reference) = schema.remove("$ref") else { return };
    let mut rest = Map::new();
    for key in constraining {
        if let Some(value) = schema.remove(&key) {
            rest.insert(key, value);
        }
    }
    let mut parts = vec![Value::Object(Map::from_iter([("$ref".to_string(), reference)]))];
    let keys: Vec<String> = rest.keys().cloned().collect();
    if keys.iter().any(|k| !matches!(k.as_str(), "properties" | "required" | "type" | "additionalProperties")) {
        warn(&at.push("$ref"), format!("`$ref` beside {} is read as the reference alone", keys.join(", ")));
    } else {
        parts.push(Value::Object(rest));
    }
    schema.insert("allOf".to_string(), Value::Array(parts));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(schema: Value) -> (Value, Vec<String>) {
        let mut doc = serde_json::json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        let mut warnings = Vec::new();
        normalise(&mut doc, &mut |at, message| warnings.push(format!("{at}: {message}")));
        (doc["components"]["schemas"]["S"].clone(), warnings)
    }

    #[test]
    fn says_in_3_0_what_3_0_can_say() {
        let (s, w) = normalised(serde_json::json!({"type": "object", "properties": {
            "a": {"type": ["string", "null"]}, "b": {"const": "x"}, "c": {"type": "integer", "exclusiveMinimum": 0},
            "d": {"type": "string", "contentEncoding": "base64"}, "e": {"type": "string", "examples": ["one", "two"]},
            "f": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]},
            "g": {"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}], "description": "d"},
            "h": {"oneOf": [{"type": "string", "format": "uuid"}, {"type": "null"}]},
            "i": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
        }}));
        let p = &s["properties"];
        assert_eq!(p["a"], serde_json::json!({"type": "string", "nullable": true}));
        assert_eq!(p["b"], serde_json::json!({"enum": ["x"]}));
        assert_eq!(p["c"], serde_json::json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0}));
        assert_eq!(p["d"]["format"], "byte");
        assert_eq!(p["e"], serde_json::json!({"type": "string", "example": "one"}));
        assert_eq!(p["f"], serde_json::json!({"type": "array", "items": {"type": "string"}}));
        assert_eq!(p["g"], serde_json::json!({"allOf": [{"$ref": "#/components/schemas/S"}], "description": "d", "nullable": true}));
        assert_eq!(p["h"], serde_json::json!({"type": "string", "format": "uuid", "nullable": true}));
        assert_eq!(p["i"], serde_json::json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn reads_loosely_what_3_0_cannot_say_and_warns_where() {
        let (s, w) = normalised(serde_json::json!({"properties": {
            "a": {"type": ["string", "integer"]},
            "t": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false},
            "r": {"$ref": "#/components/schemas/S", "description": "kept"},
            "m": {"$ref": "#/components/schemas/S", "properties": {"extra": {"type": "string"}}},
            "s": {"$ref": "#/components/schemas/S", "type": "string"},
        }}));
        let p = &s["properties"];
        assert_eq!(p["a"], serde_json::json!({}));
        assert_eq!(p["t"], serde_json::json!({"type": "array", "items": {}}));
        assert_eq!(p["r"], serde_json::json!({"$ref": "#/components/schemas/S", "description": "kept"}));
        assert_eq!(p["s"], serde_json::json!({"$ref": "#/components/schemas/S", "type": "string"}), "a restated type is left to the reference");
        assert_eq!(p["m"], serde_json::json!({"allOf": [{"$ref": "#/components/schemas/S"}, {"properties": {"extra": {"type": "string"}}}]}));
        assert_eq!(
            w,
            [
                "#/components/schemas/S/properties/a/type: a value of any of 2 types is read as any JSON value (`serde_json::Value`)",
                "#/components/schemas/S/properties/t/prefixItems: a tuple of differently typed items is read as an array of any JSON values",
            ]
        );
    }

    #[test]
    fn drops_webhooks_with_a_note() {
        let mut doc = serde_json::json!({"openapi": "3.1.0", "webhooks": {"a": {}, "b": {}}});
        let mut warnings = Vec::new();
        normalise(&mut doc, &mut |at, message| warnings.push(format!("{at}: {message}")));
        assert_eq!(doc, serde_json::json!({"openapi": "3.0.3"}));
        assert!(warnings[0].starts_with("#/webhooks: 2 webhook(s) not generated"), "{warnings:?}");
    }
}
