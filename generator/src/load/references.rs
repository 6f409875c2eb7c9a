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

/// Calls `f` with the path of every object holding a `$ref` member that is a reference,
/// and that member's value (not necessarily a string), depth first in document order.
///
/// Loading walks the whole document this way several times (bundling, decoding, checking),
/// so no pointer is spelled out unless `f` asks for one ([`Path::pointer`]): the walk only
/// keeps the tokens from the root to the node it is at.
pub fn for_each(raw: &Value, mut f: impl FnMut(&Path, &Value)) {
    // (node, its depth, its token, whether the node is a map of names)
    let mut stack: Vec<(&Value, usize, Token, bool)> = vec![(raw, 0, Token::Index(0), false)];
    let mut path = Path::default();
    while let Some((node, depth, token, names)) = stack.pop() {
        path.enter(depth, token);
        match node {
            Value::Object(map) => {
                if !names && let Some(target) = map.get("$ref") {
                    f(&path, target);
                }
                for (key, child) in map.iter().rev() {
                    if let Some(child_names) = walked(names, key, child) {
                        stack.push((child, depth + 1, Token::Key(key), child_names));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, depth + 1, Token::Index(i), false));
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` with the value of every `$ref` member that is a reference (not necessarily a
/// string), to change it in place, depth first in document order: [`for_each`] for a
/// rewrite that needs no pointers.
pub fn for_each_mut(raw: &mut Value, mut f: impl FnMut(&mut Value)) {
    // (node, whether the node is a map of names)
    let mut stack = vec![(raw, false)];
    while let Some((node, names)) = stack.pop() {
        match node {
            Value::Object(map) => {
                if !names && let Some(target) = map.get_mut("$ref") {
                    f(target);
                }
                for (key, child) in map.iter_mut().rev() {
                    if let Some(child_names) = walked(names, key, child) {
                        stack.push((child, child_names));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut().rev().map(|item| (item, false))),
            _ => {}
        }
    }
}

/// Whether the walks go into the member `key` of an object (one that is a map of names if
/// `names`), and if so, whether that child is a map of names itself: only collections can
/// hold references, and literals and extensions hold none.
fn walked(names: bool, key: &str, child: &Value) -> Option<bool> {
    let model = (child.is_object() || child.is_array()) && (names || !is_data(key));
    model.then(|| !names && NAME_MAPS.contains(&key))
}

/// One step from a node to a child.
#[derive(Clone, Copy)]
pub enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// The tokens from the root to the node a depth-first walk is at. A walk that pops nodes
/// off a stack reaches each node right after its ancestors' other descendants, so the
/// node's ancestors are always the first `depth` tokens: entering it cuts the path there.
#[derive(Default)]
pub struct Path<'a>(Vec<Token<'a>>);

impl<'a> Path<'a> {
    /// Moves to the node at `depth` (the root is 0) reached by `token` from its parent.
    pub fn enter(&mut self, depth: usize, token: Token<'a>) {
        self.0.truncate(depth.saturating_sub(1));
        if depth > 0 {
            self.0.push(token);
        }
    }

    /// The pointer of the node the walk is at.
    pub fn pointer(&self) -> Pointer {
        self.0.iter().fold(Pointer::root(), |at, token| match token {
            Token::Key(key) => at.push(key),
            Token::Index(i) => at.push(i.to_string()),
        })
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
        for_each(&doc, |at, target| seen.push(format!("{} {}", at.pointer(), target.as_str().unwrap())));
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
