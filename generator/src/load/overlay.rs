//! OpenAPI Overlay Specification 1.0.0: an upstream document plus our deliberate changes.
//!
//! An API whose vendor publishes a machine-readable document is described in `specs/` by
//! that document, vendored as published, and an overlay next to it: a list of actions, each
//! an RFC 9535 JSONPath `target` with an `update` (merged into every node the target
//! selects) or a `remove` (every selected node is taken out of its object or array), and a
//! `description` saying why. `extends` names the upstream document, as a path relative to
//! the overlay. The result is an ordinary OpenAPI document, checked like any other.
//!
//! The rules, from the specification (<https://spec.openapis.org/overlay/v1.0.0.html>):
//! - actions apply in order, each to the document the previous ones left;
//! - `remove: true` wins over `update` (the update then "has no impact");
//! - an `update` of an object is merged into it recursively: a key only in the update is
//!   added, objects under the same key merge, arrays under the same key are concatenated,
//!   and any other value replaces the old one; a combination of an object or array with
//!   something else is incompatible, and an error here (the 1.1.0 text says so; 1.0.0 is
//!   silent, and replacing would hide a mistaken target);
//! - an `update` of an array appends the update to it, as one entry;
//! - a target must select objects or arrays (a single value is changed through the object
//!   that holds it).
//!
//! One rule is ours: an action whose target selects nothing is an error naming the overlay
//! file, the action (`#/actions/<index>`) and its target. The specification allows it, but
//! for us it means the upstream document no longer has what the action was written for,
//! and that drift has to be looked at, not silently skipped.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// The Overlay Specification versions this module implements.
const SUPPORTED: &str = "1.0.";

/// The fields the specification defines; any other key must be an `x-` extension.
const OVERLAY_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

/// Whether a parsed document is an overlay rather than an OpenAPI document.
pub fn is_overlay(document: &Value) -> bool {
    document.get("overlay").is_some() && document.get("openapi").is_none() && document.get("swagger").is_none()
}

/// Whether the file at `path` is an overlay, for tools that must be handed the document it
/// makes rather than the overlay itself (validators, mock servers). Unreadable or invalid
/// files are not overlays (loading them reports why).
pub fn is_overlay_file(path: &Path) -> bool {
    std::fs::read_to_string(path).ok().and_then(|text| super::parse_tree(path, &text).ok()).is_some_and(|document| is_overlay(&document))
}

/// A checked overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// Where the overlay was read from; every error names it.
    pub file: PathBuf,
    /// `extends`, as written.
    pub extends: Option<String>,
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
pub struct Action {
    /// The action's position in `actions`, from 0 (its pointer is `#/actions/<index>`).
    pub index: usize,
    /// The JSONPath query, as written.
    pub target: String,
    path: JsonPath,
    pub change: Change,
}

/// What an action does to each node its target selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Update(Value),
    Remove,
}

impl Action {
    fn pointer(&self) -> Pointer {
        Pointer::root().push("actions").push(self.index.to_string())
    }

    /// `action 3 (target `$.info`)`, as every message about an action names it.
    fn name(&self) -> String {
        format!("action {} (target `{}`)", self.index, self.target)
    }
}

/// Reads the upstream document an overlay `extends` and applies the overlay to it. `file`
/// is where the overlay was read from; `extends` is resolved against its directory.
pub fn apply_to_upstream(file: &Path, overlay: &Value) -> Result<Value> {
    let overlay = Overlay::parse(file, overlay)?;
    let upstream_file = overlay.upstream_file()?;
    let text = std::fs::read_to_string(&upstream_file).map_err(|e| {
        Error::spec(file, "#/extends", format!("cannot read the upstream document {}: {e}", upstream_file.display()), "`extends` is a path relative to the overlay")
    })?;
    let upstream = super::parse_tree(&upstream_file, &text)?;
    if is_overlay(&upstream) {
        return Err(Error::unsupported(
            file,
            "#/extends",
            format!("`{}` is itself an overlay; an overlay must extend an OpenAPI document", upstream_file.display()),
            "apply the actions of both overlays in one file",
        ));
    }
    overlay.apply(upstream)
}

impl Overlay {
    /// Checks the shape of an overlay document: its version, `info`, `extends` and every
    /// action (a target that parses as JSONPath, and `update` or `remove`).
    pub fn parse(file: &Path, document: &Value) -> Result<Overlay> {
        let problem = |at: &Pointer, message: String, hint: &str| Error::spec(file, at.as_str(), message, hint);
        let root = Pointer::root();
        let Some(fields) = document.as_object() else {
            return Err(problem(&root, "an overlay document must be a mapping".into(), "see the Overlay Specification 1.0.0"));
        };
        unknown_fields(file, &root, fields, OVERLAY_FIELDS)?;
        match fields.get("overlay") {
            Some(Value::String(version)) if version.starts_with(SUPPORTED) => {}
            Some(Value::String(version)) => {
                return Err(Error::unsupported(file, "#/overlay", format!("Overlay Specification {version} is not supported; only 1.0.x is"), "write the overlay as `overlay: 1.0.0`"));
            }
            _ => return Err(problem(&root.push("overlay"), "`overlay` must be a version string such as \"1.0.0\"".into(), "quote the version")),
        }
        let info = root.push("info");
        let Some(info_fields) = fields.get("info").and_then(Value::as_object) else {
            return Err(problem(&info, "an overlay needs an `info` mapping with `title` and `version`".into(), ""));
        };
        for key in ["title", "version"] {
            if !info_fields.get(key).is_some_and(Value::is_string) {
                return Err(problem(&info.push(key), format!("`info.{key}` must be a string"), ""));
            }
        }
        let extends = match fields.get("extends") {
            None => None,
            Some(Value::String(extends)) => Some(extends.clone()),
            Some(_) => return Err(problem(&root.push("extends"), "`extends` must be a string".into(), "give the upstream document's path relative to the overlay")),
        };
        let actions_at = root.push("actions");
        let actions = match fields.get("actions") {
            Some(Value::Array(actions)) if !actions.is_empty() => actions,
            _ => return Err(problem(&actions_at, "an overlay needs a non-empty list of `actions`".into(), "")),
        };
        let actions = actions.iter().enumerate().map(|(index, action)| Action::parse(file, &actions_at.push(index.to_string()), index, action)).collect::<Result<_>>()?;
        Ok(Overlay { file: file.to_path_buf(), extends, actions })
    }

    /// The upstream document's path: `extends`, relative to the overlay's directory.
    pub fn upstream_file(&self) -> Result<PathBuf> {
        let Some(extends) = &self.extends else {
            return Err(Error::spec(&self.file, "#", "the overlay does not say which document it applies to", "name the upstream document in `extends`, as a path relative to the overlay"));
        };
        if extends.contains("://") || extends.starts_with('/') || extends.contains('#') || extends.contains('?') {
            return Err(Error::unsupported(
                &self.file,
                "#/extends",
                format!("`extends: {extends}` is not a relative path; generation never fetches documents"),
                "vendor the upstream document into the repository and name it relative to the overlay",
            ));
        }
        let dir = self.file.parent().unwrap_or(Path::new(""));
        Ok(dir.join(extends))
    }

    /// Applies every action in order to `document`.
    pub fn apply(&self, mut document: Value) -> Result<Value> {
        for action in &self.actions {
            self.apply_action(action, &mut document)?;
        }
        Ok(document)
    }

    fn apply_action(&self, action: &Action, document: &mut Value) -> Result<()> {
        let mut locations: Vec<Vec<Step>> = action.path.query_located(document).locations().map(|location| location.iter().map(Step::from).collect()).collect();
        if locations.is_empty() {
            return Err(Error::spec(
                &self.file,
                action.pointer().as_str(),
                format!("{} matches nothing in the upstream document", action.name()),
                "the upstream document changed: check whether the difference still applies, then fix the target or remove the action",
            ));
        }
        // Deepest and last first: removing a node then never moves or drops a node still
        // to be visited (a later array entry, or a node inside one already removed).
        locations.sort();
        locations.dedup();
        locations.reverse();
        for location in &locations {
            match &action.change {
                Change::Remove => self.remove(action, document, location)?,
                Change::Update(update) => {
                    let at = node_pointer(location);
                    let Some(node) = node_mut(document, location) else {
                        // Unreachable: the query found it and updates do not move nodes.
                        return Err(Error::Bug { file: self.file.display().to_string(), message: format!("{} selected {at}, which is not there", action.name()) });
                    };
                    self.update(action, node, update, &at)?;
                }
            }
        }
        Ok(())
    }

    fn remove(&self, action: &Action, document: &mut Value, location: &[Step]) -> Result<()> {
        let Some((last, parent)) = location.split_last() else {
            return Err(Error::spec(&self.file, action.pointer().as_str(), format!("{} selects the whole document, which cannot be removed", action.name()), "select the nodes to remove"));
        };
        if let Some(node @ (Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_))) = node_mut(document, location) {
            return Err(Error::spec(
                &self.file,
                action.pointer().push("target").as_str(),
                format!("{} selects {} at {}; only objects and arrays can be removed", action.name(), kind(node), node_pointer(location)),
                "remove the object that holds the value and put it back without it in a later action",
            ));
        }
        match (node_mut(document, parent), last) {
            (Some(Value::Object(map)), Step::Key(key)) => {
                map.shift_remove(key);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            _ => {
                return Err(Error::Bug { file: self.file.display().to_string(), message: format!("{} selected {}, which is not there", action.name(), node_pointer(location)) });
            }
        }
        Ok(())
    }

    /// Merges `update` into the selected `node` (at `at` in the document being changed).
    fn update(&self, action: &Action, node: &mut Value, update: &Value, at: &str) -> Result<()> {
        match (node, update) {
            (Value::Object(node), Value::Object(update)) => self.merge(action, node, update, at),
            (Value::Object(_), _) => Err(self.incompatible(action, at, "an object", "a mapping to merge into it")),
            (Value::Array(items), entry) => {
                items.push(entry.clone());
                Ok(())
            }
            (other, _) => Err(Error::spec(
                &self.file,
                action.pointer().push("target").as_str(),
                format!("{} selects {} at {at}; an update needs an object or an array", action.name(), kind(other)),
                "select the object that holds the value and update the value by its key",
            )),
        }
    }

    fn merge(&self, action: &Action, node: &mut Map<String, Value>, update: &Map<String, Value>, at: &str) -> Result<()> {
        for (key, new) in update {
            let child_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            match (node.get_mut(key), new) {
                (None, _) => {
                    node.insert(key.clone(), new.clone());
                }
                (Some(Value::Object(old)), Value::Object(new)) => self.merge(action, old, new, &child_at)?,
                (Some(Value::Array(old)), Value::Array(new)) => old.extend(new.iter().cloned()),
                (Some(old @ (Value::Object(_) | Value::Array(_))), new) => {
                    return Err(self.incompatible(action, &child_at, kind(old), &format!("{} in the update", kind(new))));
                }
                (Some(_), new @ (Value::Object(_) | Value::Array(_))) => {
                    return Err(self.incompatible(action, &child_at, "a plain value", &format!("{} in the update", kind(new))));
                }
                (Some(old), new) => *old = new.clone(),
            }
        }
        Ok(())
    }

    fn incompatible(&self, action: &Action, at: &str, found: &str, wanted: &str) -> Error {
        Error::spec(
            &self.file,
            action.pointer().push("update").as_str(),
            format!("{}: the document has {found} at {at}, which cannot be merged with {wanted}", action.name()),
            "remove the node in an earlier action to replace it, or update it with a value of its own kind",
        )
    }
}

impl Action {
    fn parse(file: &Path, at: &Pointer, index: usize, action: &Value) -> Result<Action> {
        let Some(fields) = action.as_object() else {
            return Err(Error::spec(file, at.as_str(), "an action must be a mapping", "give it a `target` and an `update` or `remove`"));
        };
        unknown_fields(file, at, fields, ACTION_FIELDS)?;
        let Some(target) = fields.get("target").and_then(Value::as_str) else {
            return Err(Error::spec(file, at.push("target").as_str(), format!("action {index} has no `target` string"), "give a JSONPath query such as `$.info`"));
        };
        let path = JsonPath::parse(target).map_err(|e| {
            Error::spec(file, at.push("target").as_str(), format!("action {index}: `{target}` is not a JSONPath query (RFC 9535): {e}, at character {}", e.position()), "")
        })?;
        if fields.get("description").is_some_and(|d| !d.is_string()) {
            return Err(Error::spec(file, at.push("description").as_str(), format!("action {index}: `description` must be a string"), ""));
        }
        let remove = match fields.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(_) => return Err(Error::spec(file, at.push("remove").as_str(), format!("action {index}: `remove` must be true or false"), "")),
        };
        let change = match (remove, fields.get("update")) {
            (true, _) => Change::Remove,
            (false, Some(update)) => Change::Update(update.clone()),
            (false, None) => {
                return Err(Error::spec(file, at.as_str(), format!("action {index} (target `{target}`) does nothing: it has neither `update` nor `remove: true`"), "add the change, or delete the action"));
            }
        };
        Ok(Action { index, target: target.to_string(), path, change })
    }
}

/// Keys a mapping may not have: anything not in `known` and not an `x-` extension, which
/// is most likely a typo (`updates`, `remov`) that would otherwise be silently ignored.
fn unknown_fields(file: &Path, at: &Pointer, fields: &Map<String, Value>, known: &[&str]) -> Result<()> {
    match fields.keys().find(|key| !known.contains(&key.as_str()) && !key.starts_with("x-")) {
        Some(key) => Err(Error::spec(file, at.push(key).as_str(), format!("unknown field `{key}`"), format!("the Overlay Specification 1.0.0 defines {} (and `x-` extensions)", known.join(", ")))),
        None => Ok(()),
    }
}

/// One step of a node's location, ordered so that a sort puts a node after its ancestors
/// and array entries in index order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Key(String),
}

impl From<&PathElement<'_>> for Step {
    fn from(element: &PathElement<'_>) -> Self {
        match element {
            PathElement::Name(name) => Step::Key((*name).to_string()),
            PathElement::Index(index) => Step::Index(*index),
        }
    }
}

fn node_mut<'a>(document: &'a mut Value, location: &[Step]) -> Option<&'a mut Value> {
    location.iter().try_fold(document, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(index)) => items.get_mut(*index),
        _ => None,
    })
}

/// The location as a JSON pointer into the document being changed (`#/paths/~1a/get`).
fn node_pointer(location: &[Step]) -> String {
    location
        .iter()
        .fold(Pointer::root(), |at, step| match step {
            Step::Key(key) => at.push(key),
            Step::Index(index) => at.push(index.to_string()),
        })
        .as_str()
        .to_string()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FILE: &str = "specs/api.overlay.yaml";

    fn overlay(actions: Value) -> Value {
        json!({ "overlay": "1.0.0", "info": { "title": "t", "version": "1" }, "extends": "upstream/api.json", "actions": actions })
    }

    fn apply(actions: Value, document: Value) -> Result<Value> {
        Overlay::parse(Path::new(FILE), &overlay(actions))?.apply(document)
    }

    fn problem(result: Result<impl std::fmt::Debug>) -> (String, String) {
        match result {
            Err(Error::Spec(p)) | Err(Error::Unsupported(p)) => {
                assert_eq!(p.file, Path::new(FILE), "every problem names the overlay file");
                (p.pointer, p.message)
            }
            other => panic!("expected a located problem, got {other:?}"),
        }
    }

    fn doc() -> Value {
        json!({
            "openapi": "3.0.1",
            "info": { "title": "API", "version": "1", "description": "upstream" },
            "servers": [{ "url": "https://a.example" }],
            "paths": {
                "/a": { "get": { "operationId": "getA", "tags": ["x"] }, "put": { "operationId": "putA" } },
                "/b": { "get": { "operationId": "getB" } }
            }
        })
    }

    #[test]
    fn update_merges_recursively_and_adds_new_keys() {
        let result = apply(json!([{ "target": "$.info", "update": { "description": "ours", "x-extra": { "a": 1 } } }]), doc()).unwrap();
        assert_eq!(result["info"], json!({ "title": "API", "version": "1", "description": "ours", "x-extra": { "a": 1 } }));
        let result = apply(json!([{ "target": "$", "update": { "paths": { "/a": { "get": { "summary": "S" } } } } }]), doc()).unwrap();
        assert_eq!(result["paths"]["/a"]["get"], json!({ "operationId": "getA", "tags": ["x"], "summary": "S" }));
        assert_eq!(result["paths"]["/a"]["put"], json!({ "operationId": "putA" }), "siblings are kept");
    }

    #[test]
    fn update_concatenates_arrays_under_the_same_key() {
        let result = apply(json!([{ "target": "$.paths['/a'].get", "update": { "tags": ["y"] } }]), doc()).unwrap();
        assert_eq!(result["paths"]["/a"]["get"]["tags"], json!(["x", "y"]));
    }

    #[test]
    fn update_of_an_array_appends_one_entry() {
        let result = apply(json!([{ "target": "$.servers", "update": { "url": "https://b.example" } }]), doc()).unwrap();
        assert_eq!(result["servers"], json!([{ "url": "https://a.example" }, { "url": "https://b.example" }]));
    }

    #[test]
    fn update_applies_to_every_selected_node() {
        let result = apply(json!([{ "target": "$.paths.*.get", "update": { "x-idempotent": true } }]), doc()).unwrap();
        assert_eq!(result["paths"]["/a"]["get"]["x-idempotent"], json!(true));
        assert_eq!(result["paths"]["/b"]["get"]["x-idempotent"], json!(true));
        assert!(result["paths"]["/a"]["put"].get("x-idempotent").is_none());
    }

    #[test]
    fn filters_select_by_value() {
        let result = apply(json!([{ "target": "$.paths.*[?@.operationId == 'getB']", "update": { "summary": "B" } }]), doc()).unwrap();
        assert_eq!(result["paths"]["/b"]["get"]["summary"], json!("B"));
        assert!(result["paths"]["/a"]["get"].get("summary").is_none());
    }

    #[test]
    fn remove_takes_nodes_out_of_objects_and_arrays() {
        let result = apply(json!([{ "target": "$.paths['/a'].put", "remove": true }, { "target": "$.servers[0]", "remove": true }]), doc()).unwrap();
        assert!(result["paths"]["/a"].get("put").is_none());
        assert_eq!(result["servers"], json!([]));
    }

    #[test]
    fn remove_of_several_array_entries_keeps_the_others() {
        let document = json!({ "list": [{ "n": 0 }, { "n": 1 }, { "n": 2 }, { "n": 3 }, { "n": 4 }] });
        let result = apply(json!([{ "target": "$.list[?@.n == 1 || @.n == 3]", "remove": true }]), document).unwrap();
        assert_eq!(result["list"], json!([{ "n": 0 }, { "n": 2 }, { "n": 4 }]));
        // A node and one inside it, both selected: neither is left, nothing fails.
        let nested = json!({ "a": { "description": "x", "b": { "description": "y" } } });
        let result = apply(json!([{ "target": "$..[?@.description]", "remove": true }]), nested).unwrap();
        assert_eq!(result, json!({}));
    }

    #[test]
    fn remove_wins_over_update() {
        let result = apply(json!([{ "target": "$.paths['/b']", "remove": true, "update": { "x": 1 } }]), doc()).unwrap();
        assert!(result["paths"].get("/b").is_none());
    }

    #[test]
    fn actions_apply_in_order() {
        let result = apply(
            json!([
                { "target": "$.servers[0]", "remove": true },
                { "target": "$.servers", "update": { "url": "https://c.example", "x-name": "c" } },
                { "target": "$.servers[0]", "update": { "description": "C" } }
            ]),
            doc(),
        )
        .unwrap();
        assert_eq!(result["servers"], json!([{ "url": "https://c.example", "x-name": "c", "description": "C" }]));
    }

    #[test]
    fn a_target_that_matches_nothing_names_the_action() {
        let (pointer, message) = problem(apply(json!([{ "target": "$.info", "update": {} }, { "target": "$.paths['/gone'].get", "update": { "x": 1 } }]), doc()));
        assert_eq!(pointer, "#/actions/1");
        assert_eq!(message, "action 1 (target `$.paths['/gone'].get`) matches nothing in the upstream document");
    }

    #[test]
    fn incompatible_merges_are_errors() {
        let (pointer, message) = problem(apply(json!([{ "target": "$.info", "update": { "title": { "a": 1 } } }]), doc()));
        assert_eq!(pointer, "#/actions/0/update");
        assert_eq!(message, "action 0 (target `$.info`): the document has a plain value at #/info/title, which cannot be merged with an object in the update");
        let (_, message) = problem(apply(json!([{ "target": "$.paths['/a']", "update": { "get": "text" } }]), doc()));
        assert!(message.contains("has an object at #/paths/~1a/get"), "{message}");
        let (_, message) = problem(apply(json!([{ "target": "$.info", "update": ["not", "a", "mapping"] }]), doc()));
        assert!(message.contains("an object at #/info"), "{message}");
    }

    #[test]
    fn a_target_on_a_plain_value_is_an_error() {
        let (pointer, message) = problem(apply(json!([{ "target": "$.info.title", "update": "New" }]), doc()));
        assert_eq!(pointer, "#/actions/0/target");
        assert_eq!(message, "action 0 (target `$.info.title`) selects a string at #/info/title; an update needs an object or an array");
    }

    #[test]
    fn a_plain_value_cannot_be_removed() {
        let (pointer, message) = problem(apply(json!([{ "target": "$.info.description", "remove": true }]), doc()));
        assert_eq!(pointer, "#/actions/0/target");
        assert_eq!(message, "action 0 (target `$.info.description`) selects a string at #/info/description; only objects and arrays can be removed");
    }

    #[test]
    fn the_whole_document_cannot_be_removed() {
        let (pointer, _) = problem(apply(json!([{ "target": "$", "remove": true }]), doc()));
        assert_eq!(pointer, "#/actions/0");
    }

    #[test]
    fn bad_jsonpath_is_located_at_the_target() {
        let (pointer, message) = problem(apply(json!([{ "target": "$.paths[", "update": {} }]), doc()));
        assert_eq!(pointer, "#/actions/0/target");
        assert!(message.starts_with("action 0: `$.paths[` is not a JSONPath query (RFC 9535)"), "{message}");
        // Non-standard syntax that other JSONPath dialects accept (jsonpath-plus: `~` for
        // property names) is refused, not guessed at.
        let (_, message) = problem(apply(json!([{ "target": "$.paths.*~", "update": {} }]), doc()));
        assert!(message.contains("is not a JSONPath query"), "{message}");
    }

    #[test]
    fn document_shape_is_checked() {
        let parse = |document: Value| Overlay::parse(Path::new(FILE), &document).map(|_| ());
        let (pointer, _) = problem(parse(json!({ "overlay": "2.0.0", "info": {}, "actions": [] })));
        assert_eq!(pointer, "#/overlay");
        let (pointer, _) = problem(parse(json!({ "overlay": "1.0.0", "info": { "title": "t" }, "actions": [] })));
        assert_eq!(pointer, "#/info/version");
        let (pointer, _) = problem(parse(json!({ "overlay": "1.0.0", "info": { "title": "t", "version": "1" }, "actions": [] })));
        assert_eq!(pointer, "#/actions");
        let (pointer, message) = problem(parse(overlay(json!([{ "target": "$.info", "updates": {} }]))));
        assert_eq!((pointer.as_str(), message.as_str()), ("#/actions/0/updates", "unknown field `updates`"));
        let (pointer, message) = problem(parse(overlay(json!([{ "target": "$.info" }]))));
        assert_eq!(pointer, "#/actions/0");
        assert!(message.contains("does nothing"), "{message}");
        let (pointer, _) = problem(parse(overlay(json!([{ "target": "$.info", "remove": "yes" }]))));
        assert_eq!(pointer, "#/actions/0/remove");
        let (pointer, _) = problem(parse(overlay(json!([{ "update": {} }]))));
        assert_eq!(pointer, "#/actions/0/target");
        assert!(parse(overlay(json!([{ "target": "$.info", "update": {}, "x-note": "extensions are fine" }]))).is_ok());
    }

    #[test]
    fn extends_is_a_path_relative_to_the_overlay() {
        let parsed = Overlay::parse(Path::new(FILE), &overlay(json!([{ "target": "$", "update": {} }]))).unwrap();
        assert_eq!(parsed.upstream_file().unwrap(), Path::new("specs/upstream/api.json"));
        for extends in ["https://example.com/api.json", "/etc/api.json"] {
            let mut document = overlay(json!([{ "target": "$", "update": {} }]));
            document["extends"] = json!(extends);
            let (pointer, _) = problem(Overlay::parse(Path::new(FILE), &document).unwrap().upstream_file());
            assert_eq!(pointer, "#/extends");
        }
        let mut document = overlay(json!([{ "target": "$", "update": {} }]));
        document.as_object_mut().unwrap().remove("extends");
        let (pointer, _) = problem(Overlay::parse(Path::new(FILE), &document).unwrap().upstream_file());
        assert_eq!(pointer, "#");
    }

    #[test]
    fn only_overlays_are_recognised() {
        assert!(is_overlay(&overlay(json!([]))));
        assert!(!is_overlay(&doc()));
        assert!(!is_overlay(&json!({ "openapi": "3.0.3", "overlay": "x" })));
        assert!(!is_overlay(&json!([1])));
    }

    #[test]
    fn loading_an_overlay_loads_its_upstream_with_the_actions_applied() {
        let dir = std::env::temp_dir().join(format!("overlay-load-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("upstream")).unwrap();
        let upstream = json!({ "openapi": "3.0.1", "info": { "title": "API", "version": "1" }, "paths": { "/a": { "get": { "operationId": "getA", "responses": { "200": { "description": "OK" } } } } } });
        std::fs::write(dir.join("upstream/api.json"), upstream.to_string()).unwrap();
        let file = dir.join("api.overlay.yaml");
        let text = "overlay: 1.0.0\ninfo: { title: t, version: '1' }\nextends: upstream/api.json\nactions:\n  - target: $.info\n    description: why\n    update: { x-codegen: { crate: api } }\n";
        std::fs::write(&file, text).unwrap();
        assert!(is_overlay_file(&file) && !is_overlay_file(&dir.join("upstream/api.json")) && !is_overlay_file(&dir.join("absent.yaml")));
        let spec = crate::load::load_str(&file, text).unwrap();
        assert_eq!(spec.file, file, "the spec is the overlay: messages name it");
        assert_eq!(spec.tree()["info"]["x-codegen"], json!({ "crate": "api" }));
        assert_eq!(spec.path_items().count(), 1);
        // A missing upstream is a located problem of the overlay, not an I/O error elsewhere.
        let missing = crate::load::load_str(&file, &text.replace("upstream/api.json", "upstream/gone.json")).unwrap_err();
        let problem = missing.problem().expect("a located problem");
        assert_eq!((problem.file.as_path(), problem.pointer.as_str()), (file.as_path(), "#/extends"));
        // What the actions make is checked like any document.
        let broken = text.replace("target: $.info", "target: $").replace("update: { x-codegen: { crate: api } }", "update: { openapi: '2.0' }");
        assert_eq!(crate::load::load_str(&file, &broken).unwrap_err().problem().unwrap().pointer, "#/openapi");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
