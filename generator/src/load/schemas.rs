//! Every schema object of a document, for the rewrites that make Swagger 2.0 and OpenAPI 3.1
//! read as OpenAPI 3.0: schemas sit under `schema` members, in `components/schemas` (or
//! Swagger's `definitions`), and below other schemas by the JSON Schema keywords.

use serde_json::{Map, Value};

use super::references;
use crate::pointer::Pointer;

/// Keywords whose value is one schema.
const ONE: &[&str] = &["items", "additionalProperties", "not", "contains", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "propertyNames", "additionalItems"];
/// Keywords whose value is a list of schemas.
const LIST: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems", "items"];
/// Keywords whose value maps names to schemas.
const MAP: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Calls `f` on every schema object of the document, each before the schemas below it (so
/// what `f` makes of a schema is what is descended into).
pub fn for_each_in_document(doc: &mut Value, f: &mut dyn FnMut(&Pointer, &mut Map<String, Value>)) {
    walk_model(doc, &Pointer::root(), false, f);
}

fn walk_model(node: &mut Value, at: &Pointer, names: bool, f: &mut dyn FnMut(&Pointer, &mut Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            let schema_map = names && matches!(at.as_str(), "#/components/schemas" | "#/definitions");
            for (key, child) in map.iter_mut() {
                let child_at = at.push(key);
                if schema_map {
                    for_each_in_schema(child, &child_at, f);
                } else if names {
                    walk_model(child, &child_at, false, f);
                } else if key == "schema" {
                    for_each_in_schema(child, &child_at, f);
                } else if !references::is_data(key) {
                    let is_names = references::NAME_MAPS.contains(&key.as_str()) || at.as_str() == "#" && key == "definitions";
                    walk_model(child, &child_at, is_names, f);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk_model(item, &at.push(i.to_string()), false, f);
            }
        }
        _ => {}
    }
}

/// Calls `f` on `node` (if it is a schema object) and every schema below it.
pub fn for_each_in_schema(node: &mut Value, at: &Pointer, f: &mut dyn FnMut(&Pointer, &mut Map<String, Value>)) {
    let Value::Object(schema) = node else { return };
    f(at, schema);
    for (key, child) in schema.iter_mut() {
        let key = key.as_str();
        match child {
            Value::Object(_) if ONE.contains(&key) => for_each_in_schema(child, &at.push(key), f),
            Value::Array(items) if LIST.contains(&key) => {
                for (i, item) in items.iter_mut().enumerate() {
                    for_each_in_schema(item, &at.push(key).push(i.to_string()), f);
                }
            }
            Value::Object(entries) if MAP.contains(&key) => {
                for (name, entry) in entries.iter_mut() {
                    for_each_in_schema(entry, &at.push(key).push(name), f);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_schemas_where_the_model_has_them() {
        let mut doc = serde_json::json!({
            "paths": {"/p": {"get": {"parameters": [{"name": "q", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"items": {"properties": {"schema": {}}}}, "example": {"schema": {}}}}}}}}},
            "components": {"schemas": {"A": {"allOf": [{}], "example": {"properties": {"p": {}}}}}},
        });
        let mut seen = Vec::new();
        for_each_in_document(&mut doc, &mut |at, _| seen.push(at.to_string()));
        seen.sort();
        assert_eq!(
            seen,
            [
                "#/components/schemas/A",
                "#/components/schemas/A/allOf/0",
                "#/paths/~1p/get/parameters/0/schema",
                "#/paths/~1p/get/responses/200/content/application~1json/schema",
                "#/paths/~1p/get/responses/200/content/application~1json/schema/items",
                "#/paths/~1p/get/responses/200/content/application~1json/schema/items/properties/schema",
            ]
        );
    }
}
