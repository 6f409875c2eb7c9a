//! The bulk of a loaded document kept as compact JSON text instead of a tree.
//!
//! A parsed `serde_json::Value` is five to eight times the size of its compact text, and
//! after loading, lowering reads most nodes at most a few times (a path item once per pass,
//! a component when something refers into it) or never (component schemas are read from
//! the typed model). So every path item and every entry of each `components` section is
//! kept as text and parsed again when read. That is what keeps a loaded spec, its IR and
//! lowering's working set together under ten times the input (BENCHMARKS.md).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::pointer::Pointer;

/// Moves the entries of the mapping at `parent` that `keep` accepts from `tree` to `taken`,
/// each with its pointer, in document order.
fn take_entries(tree: &mut Value, parent: &[&str], keep: impl Fn(&str) -> bool, taken: &mut Vec<(Pointer, Value)>) {
    let Some(Value::Object(map)) = parent.iter().try_fold(&mut *tree, |node, token| node.get_mut(*token)) else { return };
    let at = parent.iter().fold(Pointer::root(), |p, token| p.push(token));
    for (key, node) in std::mem::take(map) {
        if keep(&key) {
            taken.push((at.push(&key), node));
        } else {
            map.insert(key, node);
        }
    }
}

/// Each node as compact JSON.
fn as_text(nodes: Vec<(Pointer, Value)>) -> Vec<(Pointer, Box<str>)> {
    nodes.into_iter().map(|(at, node)| (at, node.to_string().into_boxed_str())).collect()
}

/// How many parsed nodes [`Kept`] holds on to: a path item and the shared parameters its
/// operations refer to.
const RECENT: usize = 8;

/// Nodes taken out of a tree, each by its pointer, as compact JSON, in document order.
#[derive(Debug, Default)]
pub struct Kept {
    nodes: indexmap::IndexMap<Pointer, Box<str>>,
    /// The nodes read last, parsed, newest last: lowering reads one path item several times
    /// in a row (each response's key, then the operation's extensions), and the operations
    /// of a big API refer to the same few shared parameters over and over (Kubernetes'
    /// `pretty`, `dryRun`, `fieldManager`, ...), so each is parsed about once per pass
    /// instead of once per read.
    recent: Mutex<VecDeque<(usize, Arc<Value>)>>,
}

impl Clone for Kept {
    fn clone(&self) -> Kept {
        Kept { nodes: self.nodes.clone(), recent: Mutex::default() }
    }
}

impl Kept {
    /// Takes the path items (not the `x-` extensions beside them) and the entries of every
    /// `components` section out of `tree`.
    pub fn take_from(tree: &mut Value) -> Kept {
        let mut taken = Vec::new();
        take_entries(tree, &["paths"], |key| !key.starts_with("x-"), &mut taken);
        let sections: Vec<String> = match tree.get("components") {
            Some(Value::Object(components)) => components.keys().filter(|k| !k.starts_with("x-")).cloned().collect(),
            _ => Vec::new(),
        };
        for section in sections {
            take_entries(tree, &["components", &section], |_| true, &mut taken);
        }
        // Writing the nodes out (and freeing their trees) is the last step of loading a big
        // spec (Stripe: 18 ms): two halves at once, put back in order.
        let second = taken.split_off(taken.len() / 2);
        let (second, first) = crate::parallel::join(|| as_text(second), || as_text(taken));
        Kept { nodes: first.into_iter().chain(second).collect(), recent: Mutex::default() }
    }

    /// The kept nodes directly under `parent` (`#/paths`): key, pointer and text.
    pub fn entries_under<'k>(&'k self, parent: &'k str) -> impl Iterator<Item = (String, &'k Pointer, &'k str)> + 'k {
        self.nodes.iter().filter_map(move |(at, text)| {
            let key = at.as_str().strip_prefix(parent)?.strip_prefix('/')?;
            (!key.contains('/')).then(|| (at.last().unwrap_or_default(), at, &**text))
        })
    }

    /// `f` of the node at `at` (`None` if there is none) if `at` is a kept node or inside
    /// one; `Err(f)` back if it is not.
    pub fn with_node<R, F: FnOnce(Option<&Value>) -> R>(&self, at: &Pointer, f: F) -> Result<R, F> {
        let tokens: Vec<String> = at.tokens().collect();
        for depth in [2, 3] {
            let Some(prefix) = tokens.get(..depth) else { break };
            let prefix = prefix.iter().fold(Pointer::root(), |p, token| p.push(token));
            if let Some((index, _, text)) = self.nodes.get_full(&prefix) {
                if tokens[depth..].iter().any(|key| surely_absent(text, key)) {
                    return Ok(f(None));
                }
                let node = self.parsed(index, text);
                let found = tokens[depth..].iter().try_fold(&*node, |node, token| child(node, token));
                return Ok(f(found));
            }
        }
        Err(f)
    }

    fn parsed(&self, index: usize, text: &str) -> Arc<Value> {
        // A poisoned lock only means a panic elsewhere; the cache is still a valid cache.
        let mut recent = self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, node)) = recent.iter().rev().find(|(at, _)| *at == index) {
            return Arc::clone(node);
        }
        let node = Arc::new(parse(text));
        if recent.len() == RECENT {
            recent.pop_front();
        }
        recent.push_back((index, Arc::clone(&node)));
        node
    }

    /// Whether some kept node sits below `at` (so the tree alone does not show all of it).
    pub fn has_below(&self, at: &Pointer) -> bool {
        let prefix = format!("{}/", at.as_str());
        at.as_str() == "#" || self.nodes.keys().any(|k| k.as_str().starts_with(&prefix))
    }

    /// Puts every kept node back into `tree` (taken from the tree it was kept from): under
    /// each parent, the kept entries come first, then what stayed in the tree.
    pub fn restore_into(&self, tree: &mut Value) {
        let mut parents: Vec<(Pointer, serde_json::Map<String, Value>)> = Vec::new();
        for (at, text) in &self.nodes {
            let parent = Pointer::parse(at.as_str().rsplit_once('/').map_or("#", |(p, _)| p)).unwrap_or_else(Pointer::root);
            if parents.last().is_none_or(|(p, _)| *p != parent) {
                parents.push((parent, serde_json::Map::new()));
            }
            if let Some((_, map)) = parents.last_mut() {
                map.insert(at.last().unwrap_or_default(), parse(text));
            }
        }
        for (parent, mut entries) in parents {
            if let Some(Value::Object(map)) = tree.pointer_mut(&parent.as_str()[1..]) {
                entries.extend(std::mem::take(map));
                *map = entries;
            }
        }
    }
}

/// Text this module wrote from a tree, as a tree again.
pub fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Whether `key` appears nowhere in `text` as a JSON string, so no object in it has that
/// key. Lowering looks up extensions (`x-pagination`) in every operation, and most have
/// none: this answers without parsing. Compact JSON from serde_json spells a key as `"key"`,
/// escaping only quotes, backslashes and control characters, so for any other key this
/// never misses one that is there. A number may be an array index, never checked here.
fn surely_absent(text: &str, key: &str) -> bool {
    let plain = key.parse::<usize>().is_err() && !key.chars().any(|c| c == '"' || c == '\\' || c.is_control());
    plain && !text.contains(&format!("\"{key}\""))
}

/// A node's child by a pointer token.
pub fn child<'v>(node: &'v Value, token: &str) -> Option<&'v Value> {
    match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Value {
        serde_json::json!({
            "openapi": "3.0.3",
            "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}, "x-note": 1, "/b": {"parameters": [{"name": "q"}]}},
            "components": {"schemas": {"A": {"type": "string"}, "B": {"properties": {"c": {"type": "integer"}}}}, "x-c": true},
        })
    }

    #[test]
    fn keeps_path_items_and_component_entries_and_gives_them_back() {
        let mut rest = tree();
        let kept = Kept::take_from(&mut rest);
        assert_eq!(rest, serde_json::json!({"openapi": "3.0.3", "paths": {"x-note": 1}, "components": {"schemas": {}, "x-c": true}}));
        let at = |p: &str| Pointer::parse(p).unwrap();
        let node = |p: &str| kept.with_node(&at(p), |node| node.cloned()).ok();
        assert_eq!(node("#/paths/~1a~1{id}/get/responses/200"), Some(Some(serde_json::json!({"description": "ok"}))));
        assert_eq!(node("#/paths/~1a~1{id}/get"), Some(Some(serde_json::json!({"responses": {"200": {"description": "ok"}}}))), "read again");
        assert_eq!(node("#/components/schemas/B/properties/c/type"), Some(Some(Value::from("integer"))));
        assert_eq!(node("#/components/schemas/B/properties/d"), Some(None), "inside a kept node, missing");
        assert_eq!(node("#/paths/~1a~1{id}/get/x-pagination"), Some(None), "absent without a parse");
        assert_eq!(node("#/paths/~1b/parameters/0/name"), Some(Some(Value::from("q"))), "an array index is never taken for a missing key");
        assert_eq!(node("#/openapi"), None, "not kept");
        assert!(kept.has_below(&at("#/paths")) && kept.has_below(&at("#/components")) && !kept.has_below(&at("#/openapi")));
        let keys: Vec<String> = kept.entries_under("#/paths").map(|(key, _, _)| key).collect();
        assert_eq!(keys, ["/a/{id}", "/b"]);
        kept.restore_into(&mut rest);
        assert_eq!(rest, tree());
    }
}
