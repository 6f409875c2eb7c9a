//! Multi-file specs: every `$ref` to another local file is brought into the document, so
//! the rest of the pipeline sees one document with local references only.
//!
//! A referenced schema becomes a component named after its fragment's last token (or the
//! file's name), as a bundler would write it, so its Rust type gets that name; anything
//! else (a path item, a parameter, a response) is written where it is first referred to,
//! and later references to it point there. References inside a brought-in node are read
//! relative to the file it came from. A remote reference (`https://...`) is an error naming
//! the URL: generation reads no network.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::references;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

/// Files one spec may bring in: far more than real multi-file specs use, few enough that a
/// hostile chain of files ends quickly.
const MAX_FILES: usize = 1000;

/// A node of the document whose references are read relative to `base`; `origin` is where
/// it came from (file and pointer there), for messages.
struct Pending {
    at: Pointer,
    base: PathBuf,
    origin: (PathBuf, Pointer),
}

pub fn bundle(file: &Path, doc: &mut Value, schemas_at: &[&str], parse: &dyn Fn(&Path, &str) -> Result<Value>) -> Result<()> {
    let root_file = file.to_path_buf();
    let mut files: HashMap<PathBuf, Value> = HashMap::new();
    // (file, fragment) → where its node now is in the document.
    let mut placed: HashMap<(PathBuf, String), Pointer> = HashMap::new();
    let mut pending = vec![Pending { at: Pointer::root(), base: root_file.clone(), origin: (root_file.clone(), Pointer::root()) }];
    while let Some(Pending { at, base, origin }) = pending.pop() {
        let Some(node) = super::resolve_pointer(doc, &at) else { continue };
        let mut found: Vec<(Pointer, String)> = Vec::new();
        // In the spec's own file a reference within the file stays as it is; only the
        // others need their pointers (almost every reference of a one-file spec is local).
        let in_root = base == root_file;
        references::for_each(node, |inner, target| {
            if let Some(target) = target.as_str().filter(|target| !(in_root && target.starts_with('#'))) {
                found.push((inner.pointer(), target.to_string()));
            }
        });
        for (inner, target) in found {
            let here = join(&at, &inner);
            let origin_at = join(&origin.1, &inner).push("$ref");
            let (ref_file, fragment) = match target.split_once('#') {
                Some((path, fragment)) => (path.to_string(), format!("#{fragment}")),
                None => (target.clone(), "#".to_string()),
            };
            if base == root_file && ref_file.is_empty() {
                continue;
            }
            if ref_file.contains("://") || ref_file.starts_with("//") {
                return Err(Error::unsupported(
                    &origin.0,
                    origin_at.as_str(),
                    format!("remote reference `{target}`: generation reads no network"),
                    "download the document beside the spec and refer to it by its relative path",
                ));
            }
            let target_file = if ref_file.is_empty() { base.clone() } else { base.parent().unwrap_or(Path::new("")).join(&ref_file) };
            let target_file = normalise(&target_file);
            let Some(fragment_pointer) = Pointer::parse(&fragment).or_else(|| (fragment == "#").then(Pointer::root)) else {
                return Err(Error::unsupported(&origin.0, origin_at.as_str(), format!("reference `{target}`: only JSON pointer fragments (`#/...`) are supported"), "refer to the node by its JSON pointer"));
            };
            let new_target = if target_file == root_file {
                fragment_pointer.clone()
            } else if let Some(local) = placed.get(&(target_file.clone(), fragment.clone())) {
                local.clone()
            } else {
                if !files.contains_key(&target_file) {
                    if files.len() >= MAX_FILES {
                        return Err(Error::unsupported(&origin.0, origin_at.as_str(), format!("more than {MAX_FILES} files referenced"), "bundle the spec into fewer files"));
                    }
                    let text = std::fs::read_to_string(&target_file).map_err(|e| {
                        Error::spec(
                            &origin.0,
                            origin_at.as_str(),
                            format!("reference `{target}`: cannot read {}: {e}", target_file.display()),
                            "fix the path: it is relative to the file that holds the reference",
                        )
                    })?;
                    files.insert(target_file.clone(), parse(&target_file, &text)?);
                }
                let Some(content) = files.get(&target_file).and_then(|tree| super::resolve_pointer(tree, &fragment_pointer)).cloned() else {
                    return Err(Error::spec(
                        &origin.0,
                        origin_at.as_str(),
                        format!("`$ref: {target}` points at nothing (no node at {fragment_pointer} in {})", target_file.display()),
                        "fix the name or add the missing node",
                    ));
                };
                let section = schemas_at.iter().fold(Pointer::root(), |p, t| p.push(t));
                let is_component = here.as_str().rsplit_once('/').is_some_and(|(parent, _)| parent == section.as_str());
                let place = if is_schema(&here, &fragment_pointer) && !is_component {
                    let stem = target_file.file_stem().and_then(|s| s.to_str()).unwrap_or("Schema").to_string();
                    let name = fragment_pointer.last().filter(|n| !n.is_empty()).unwrap_or(stem);
                    let place = free_name(doc, &section, &name, &content);
                    put(doc, &place, content);
                    place
                } else {
                    put_keeping_siblings(doc, &here, content);
                    here.clone()
                };
                placed.insert((target_file.clone(), fragment.clone()), place.clone());
                pending.push(Pending { at: place.clone(), base: target_file.clone(), origin: (target_file.clone(), fragment_pointer.clone()) });
                if place == here {
                    continue;
                }
                place
            };
            if let Some(slot) = doc.pointer_mut(&format!("{}/$ref", &here.as_str()[1..])) {
                *slot = Value::String(new_target.to_string());
            }
        }
    }
    Ok(())
}

fn join(at: &Pointer, inner: &Pointer) -> Pointer {
    inner.tokens().fold(at.clone(), |p, t| p.push(t))
}

/// `a/./b/../c` → `a/c`, so one file has one key however it is reached.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether the node referred to from `here` is a schema: by where the reference stands,
/// or by where its target stands in its own file.
fn is_schema(here: &Pointer, target: &Pointer) -> bool {
    let tokens: Vec<String> = here.tokens().collect();
    let last = tokens.last().map(String::as_str);
    let parent = tokens.len().checked_sub(2).and_then(|i| tokens.get(i)).map(String::as_str);
    let target_parent = {
        let t: Vec<String> = target.tokens().collect();
        t.len().checked_sub(2).and_then(|i| t.get(i).cloned())
    };
    matches!(last, Some("schema" | "items" | "additionalProperties" | "not"))
        || matches!(parent, Some("properties" | "allOf" | "oneOf" | "anyOf" | "prefixItems" | "schemas" | "definitions" | "patternProperties"))
        || matches!(target_parent.as_deref(), Some("schemas" | "definitions"))
}

/// `section/name`, or `section/name2`, ... if the name is taken by something else.
fn free_name(doc: &Value, section: &Pointer, name: &str, content: &Value) -> Pointer {
    let mut candidate = section.push(name);
    let mut n = 2;
    while let Some(existing) = super::resolve_pointer(doc, &candidate) {
        if existing == content {
            break;
        }
        candidate = section.push(format!("{name}{n}"));
        n += 1;
    }
    candidate
}

fn put(doc: &mut Value, at: &Pointer, content: Value) {
    let tokens: Vec<String> = at.tokens().collect();
    let Some((last, parents)) = tokens.split_last() else { return };
    let mut node = doc;
    for token in parents {
        let Value::Object(map) = node else { return };
        node = map.entry(token.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = node {
        map.insert(last.clone(), content);
    }
}

/// Replaces the reference object at `at` with `content`, keeping its other members.
fn put_keeping_siblings(doc: &mut Value, at: &Pointer, content: Value) {
    let Some(slot) = doc.pointer_mut(&at.as_str()[1..]) else { return };
    let siblings = std::mem::replace(slot, content);
    if let (Value::Object(map), Value::Object(siblings)) = (slot, siblings) {
        for (key, value) in siblings {
            if key != "$ref" {
                map.entry(key).or_insert(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bundle-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("schemas")).unwrap();
        dir
    }

    fn parse(_: &Path, text: &str) -> Result<Value> {
        Ok(serde_json::from_str(text).unwrap())
    }

    #[test]
    fn brings_local_files_in_and_refuses_remote_ones() {
        let dir = dir();
        std::fs::write(dir.join("schemas/pet.json"), r##"{"type": "object", "properties": {"owner": {"$ref": "#/definitions/Owner"}, "tag": {"$ref": "common.json#/components/schemas/Tag"}}, "definitions": {"Owner": {"type": "string"}}}"##).unwrap();
        std::fs::write(dir.join("schemas/common.json"), r##"{"components": {"schemas": {"Tag": {"type": "string"}}}}"##).unwrap();
        std::fs::write(dir.join("paths.json"), r##"{"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "schemas/pet.json"}}}}}}}"##).unwrap();
        let mut doc = serde_json::json!({"paths": {"/pets": {"$ref": "paths.json"}}, "components": {"schemas": {"Pet": {"$ref": "./schemas/pet.json"}}}});
        bundle(&dir.join("api.json"), &mut doc, &["components", "schemas"], &parse).unwrap();
        let schemas = &doc["components"]["schemas"];
        // A component that is only a reference to a file becomes that file's schema, and
        // other references to the file point at it.
        assert_eq!(doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], serde_json::json!({"$ref": "#/components/schemas/Pet"}));
        assert!(schemas.get("pet").is_none());
        assert_eq!(schemas["Pet"]["properties"]["owner"], serde_json::json!({"$ref": "#/components/schemas/Owner"}));
        assert_eq!(schemas["Pet"]["properties"]["tag"], serde_json::json!({"$ref": "#/components/schemas/Tag"}));
        assert_eq!(schemas["Owner"], serde_json::json!({"type": "string"}));
        assert_eq!(schemas["Tag"], serde_json::json!({"type": "string"}));

        let mut remote = serde_json::json!({"components": {"schemas": {"A": {"$ref": "https://example.com/a.json#/A"}}}});
        let error = bundle(&dir.join("api.json"), &mut remote, &["components", "schemas"], &parse).unwrap_err();
        let problem = error.problem().unwrap();
        assert_eq!(problem.pointer, "#/components/schemas/A/$ref");
        assert!(problem.message.contains("https://example.com/a.json#/A"), "{}", problem.message);

        let mut missing = serde_json::json!({"components": {"schemas": {"A": {"$ref": "nowhere.json"}}}});
        let error = bundle(&dir.join("api.json"), &mut missing, &["components", "schemas"], &parse).unwrap_err();
        assert!(error.to_string().contains("cannot read"), "{error}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
