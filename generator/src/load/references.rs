//! Where a `$ref` is a reference.
//!
//! A `$ref` key is a reference only where the OpenAPI model has one. Inside a literal value
//! (`example`, `examples`, `default`, `enum`, `const`: GitHub's spec has examples of its own
//! JSON Schemas, `$ref` keys and all) it is data, and inside an extension (`x-*`) it is
//! whatever the extension means (train-travel's code samples point at Markdown files). In a
//! map of names (`properties`, `components/schemas`, `paths`, ...) the same keys are names.

use serde_json::Value;

use crate::pointer::Pointer;

/// Keywords whose value is a literal, never a model node.
const LITERALS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Keywords whose value maps names (which may be spelled like keywords) to model nodes.
pub const NAME_MAPS: &[&str] = &[
    "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "schemas", "responses", "parameters",
    "headers", "content", "links", "callbacks", "securitySchemes", "requestBodies", "paths", "webhooks", "encoding", "pathItems",
];

/// Whether the member `key` of a model object is a literal or an extension, not model.
pub fn is_data(key: &str) -> bool {
    key.starts_with("x-") || LITERALS.contains(&key)
}

/// Calls `f` with the pointer of every object holding a `$ref` member that is a reference,
/// and that member's value (not necessarily a string), depth first in document order.
pub fn for_each(raw: &Value, mut f: impl FnMut(&Pointer, &Value)) {
    // (node, pointer, whether the node is a map of names)
    let mut stack = vec![(raw, Pointer::root(), false)];
    while let Some((node, at, names)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if !names && let Some(target) = map.get("$ref") {
                    f(&at, target);
                }
                for (key, child) in map.iter().rev() {
                    if !(child.is_object() || child.is_array()) || (!names && is_data(key)) {
                        continue;
                    }
                    stack.push((child, at.push(key), !names && NAME_MAPS.contains(&key.as_str())));
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, at.push(i.to_string()), false));
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
    fn skips_literals_and_extensions_but_not_names() {
        let doc = serde_json::json!({
            "components": {
                "schemas": {"example": {"$ref": "#/a"}, "P": {"properties": {"x-id": {"$ref": "#/b"}, "enum": {"$ref": "#/c"}}, "example": {"$ref": "#/no"}}},
                "examples": {"E": {"value": {"$ref": "#/no"}}},
            },
            "paths": {"/p": {"get": {"x-code-samples": {"$ref": "./code.md"}, "responses": {"200": {"$ref": "#/d"}}}}},
            "x-tags": [{"$ref": "#/no"}],
        });
        let mut seen = Vec::new();
        for_each(&doc, |at, target| seen.push(format!("{at} {}", target.as_str().unwrap())));
        seen.sort();
        assert_eq!(
            seen,
            [
                "#/components/schemas/P/properties/enum #/c",
                "#/components/schemas/P/properties/x-id #/b",
                "#/components/schemas/example #/a",
                "#/paths/~1p/get/responses/200 #/d",
            ]
        );
    }
}
