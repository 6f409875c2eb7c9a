//! Stage 1, *load*: bytes on disk → a checked `openapiv3::OpenAPI` plus the raw JSON tree.
//!
//! The document is read (JSON, or YAML 1.2: `load/yaml.rs`), other local files it refers to
//! are brought in (`load/bundle.rs`), and Swagger 2.0 (`load/swagger2.rs`) or OpenAPI 3.1
//! (`load/openapi31.rs`) becomes the OpenAPI 3.0 every later stage reads; defects with one
//! reading are repaired (`load/defects.rs`). What is read loosely is a located warning
//! ([`Spec::warn`], collected with lowering's in the spec).
//!
//! Everything that can be wrong with a document *as a document* is caught here, with a
//! JSON pointer: syntax, the version, shape errors that serde reports, and `$ref`s that
//! dangle, leave the machine, or only point at each other. Lowering can then assume that
//! every reference resolves.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::pointer::Pointer;
use crate::warning::{Warning, Warnings};
use kept::Kept;
use references::Token;

mod bundle;
mod defects;
mod kept;
pub mod locate;
mod openapi31;
pub mod overlay;
mod percent;
pub mod references;
mod schemas;
mod swagger2;
mod yaml;

/// How deep a document may nest before we refuse it. Real specs stay far below this; the
/// bound keeps hostile input from exhausting the stack in the recursive stages after us.
pub const MAX_DEPTH: usize = 96;

/// A loaded spec: where it came from, the raw tree (for pointer lookups: [`Spec::with_node`])
/// and the typed model.
#[derive(Debug, Clone)]
pub struct Spec {
    pub file: PathBuf,
    /// The document as parsed, without the nodes in `kept`.
    raw: Value,
    /// The path items and component entries, as text (`load/kept.rs` says why).
    kept: Kept,
    /// Everything but the path items, whose `paths` is empty: iterate [`Spec::path_items`].
    pub doc: openapiv3::OpenAPI,
    /// What loading and lowering read loosely ([`Spec::warn`]).
    warnings: Warnings,
    /// Whether the document was Swagger 2.0, whose nodes moved in the conversion.
    converted: bool,
}

/// Reads and checks one spec file.
pub fn load_file(path: &Path) -> Result<Spec> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::spec(
            path,
            "#",
            format!("the file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
            "save the spec as UTF-8 JSON or YAML",
        )
    })?;
    load_str(path, &text)
}

/// Checks a spec held in memory; `file` names it in messages and, for an overlay, is where
/// its `extends` is resolved from.
pub fn load_str(file: &Path, text: &str) -> Result<Spec> {
    let warnings = Warnings::default();
    let mut raw = parse_tree(file, text)?;
    // An overlay stands for the upstream document it extends with its actions applied;
    // from here on that document is checked like any other (`load/overlay.rs`).
    if overlay::is_overlay(&raw) {
        raw = overlay::apply_to_upstream(file, &raw)?;
    }
    check_depth(file, &raw)?;
    let mut warn = |at: &Pointer, message: String| warnings.push(file, at, message);
    let version = check_version(file, &raw)?;
    let schemas_at: &[&str] = if matches!(version, Version::Swagger2) { &["definitions"] } else { &["components", "schemas"] };
    bundle::bundle(file, &mut raw, schemas_at, &|file, text| {
        let tree = parse_tree(file, text)?;
        check_depth(file, &tree)?;
        Ok(tree)
    })?;
    if let Some(root) = raw.as_object_mut()
        && !root.contains_key("paths")
    {
        // Optional in 3.1 (a document of webhooks or components alone); required before,
        // but with one reading all the same.
        if !matches!(version, Version::OpenApi31) {
            warn(&Pointer::root(), "no `paths`: the crate has no operations, only the models of the component schemas".to_string());
        }
        root.insert("paths".to_string(), Value::Object(serde_json::Map::new()));
    }
    match version {
        Version::Swagger2 => raw = swagger2::convert(file, raw, &mut warn)?,
        Version::OpenApi31 => openapi31::normalise(&mut raw, &mut warn),
        Version::OpenApi30 => {}
    }
    defects::repair(&mut raw, &mut warn);
    percent::decode_refs(&mut raw);
    // The path items are checked on a second thread while the rest is deserialized and the
    // references checked; problems are reported in that order, as one thread would find them.
    let (paths_checked, doc) = crate::parallel::join(|| check_path_items(file, &raw), || deserialize(file, &raw).map(|doc| (doc, check_refs(file, &raw))));
    let doc = doc.and_then(|(doc, refs)| paths_checked.and(refs).map(|()| doc));
    let doc = match doc {
        Ok(doc) => doc,
        // Located in the converted document: say where in the one written.
        Err(e) if matches!(version, Version::Swagger2) => return Err(relocate(e, swagger_source_pointer)),
        Err(e) => return Err(e),
    };
    let kept = Kept::take_from(&mut raw);
    Ok(Spec {
        file: file.to_path_buf(),
        raw,
        kept,
        doc,
        warnings,
        converted: matches!(version, Version::Swagger2),
    })
}

fn parse_tree(file: &Path, text: &str) -> Result<Value> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            Error::spec(
                file,
                "#",
                format!("invalid JSON at line {} column {}: {e}", e.line(), e.column()),
                "fix the syntax error; a JSON or YAML file is expected",
            )
        });
    }
    yaml::parse(file, text, MAX_DEPTH)
}

fn too_deep(file: &Path, at: &Pointer) -> Error {
    Error::spec(
        file,
        at.as_str(),
        format!("the document nests deeper than {MAX_DEPTH} levels"),
        "flatten the schema with named components and $ref",
    )
}

/// JSON input is read by serde_json, whose own bound (128) is above ours, so depth is checked
/// once more on the tree itself, iteratively, so the check cannot itself overflow.
fn check_depth(file: &Path, raw: &Value) -> Result<()> {
    // As in `references::for_each`, the pointer is only spelled out for the node too deep.
    let mut stack = vec![(raw, 0usize, Token::Index(0))];
    let mut path = references::Path::default();
    while let Some((v, depth, token)) = stack.pop() {
        path.enter(depth, token);
        if depth > MAX_DEPTH {
            return Err(too_deep(file, &path.pointer()));
        }
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if matches!(item, Value::Array(_) | Value::Object(_)) {
                        stack.push((item, depth + 1, Token::Index(i)));
                    }
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    if matches!(item, Value::Array(_) | Value::Object(_)) {
                        stack.push((item, depth + 1, Token::Key(k)));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The versions the load stage reads; everything after it sees OpenAPI 3.0.
enum Version {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

fn check_version(file: &Path, raw: &Value) -> Result<Version> {
    let Some(obj) = raw.as_object() else {
        return Err(Error::spec(file, "#", "the document is not a mapping", "an OpenAPI 3.0 document is expected"));
    };
    if let Some(version) = obj.get("swagger") {
        return match version {
            Value::String(v) if v == "2.0" => Ok(Version::Swagger2),
            other => Err(Error::unsupported(
                file,
                "#/swagger",
                format!("Swagger version {other} is not supported; Swagger 2.0 and OpenAPI 3.0 and 3.1 are"),
                "write `swagger: \"2.0\"`",
            )),
        };
    }
    match obj.get("openapi") {
        None => Err(Error::spec(
            file,
            "#",
            "no `openapi` field: this is not an OpenAPI document",
            "an OpenAPI 3.0 document starts with `openapi: 3.0.3`",
        )),
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(Version::OpenApi30),
        Some(Value::String(v)) if v.starts_with("3.1") => Ok(Version::OpenApi31),
        Some(Value::String(v)) => Err(Error::unsupported(
            file,
            "#/openapi",
            format!("OpenAPI version {v} is not supported; Swagger 2.0 and OpenAPI 3.0 and 3.1 are"),
            "write the spec as OpenAPI 3.1 or 3.0",
        )),
        Some(other) => Err(Error::spec(
            file,
            "#/openapi",
            format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
            "quote the version",
        )),
    }
}

/// The typed model of everything but the path items, which [`check_path_items`] checks one
/// at a time and [`Spec::path_items`] deserializes again, one at a time, when lowering
/// reaches them: held together they are three quarters of the typed model and about seven
/// times the size of the input (nexus.json), the largest thing in memory.
fn deserialize(file: &Path, raw: &Value) -> Result<openapiv3::OpenAPI> {
    let Some(root) = raw.as_object() else {
        return Err(not_openapi(file, &Pointer::root(), "the document is not a mapping"));
    };
    // The document's members, with `paths` (if a mapping) read as empty: no copy of the tree.
    let no_paths = Value::Object(serde_json::Map::new());
    let members = root.iter().map(|(key, value)| (key.as_str(), if key == "paths" && value.is_object() { &no_paths } else { value }));
    let members = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(members);
    <openapiv3::OpenAPI as serde::Deserialize>::deserialize(members).map_err(|e| {
        let (at, message) = locate::find_problem(raw, &Pointer::root(), locate::Kind::Document)
            .unwrap_or_else(|| (Pointer::root(), e.to_string()));
        not_openapi(file, &at, &message)
    })
}

/// Every path item deserializes (the first that does not is the error).
fn check_path_items(file: &Path, raw: &Value) -> Result<()> {
    path_item_nodes(raw).try_for_each(|(_, at, node)| path_item(file, &at, node).map(drop))
}

fn not_openapi(file: &Path, at: &Pointer, message: &str) -> Error {
    Error::spec(file, at.as_str(), format!("not valid OpenAPI 3.0: {message}"), "compare this node with the OpenAPI 3.0 specification")
}

/// The entries of `paths` that are path items (not `x-` extensions): path, pointer, node.
fn path_item_nodes(raw: &Value) -> impl Iterator<Item = (&str, Pointer, &Value)> {
    let paths = raw.get("paths").and_then(Value::as_object);
    paths.into_iter().flatten().filter(|(key, _)| !key.starts_with("x-")).map(|(key, node)| (key.as_str(), Pointer::root().push("paths").push(key), node))
}

fn path_item(file: &Path, at: &Pointer, node: &Value) -> Result<openapiv3::ReferenceOr<openapiv3::PathItem>> {
    <openapiv3::ReferenceOr<openapiv3::PathItem> as serde::Deserialize>::deserialize(node).map_err(|e| {
        let (at, message) = locate::find_problem(node, at, locate::Kind::PathItem).unwrap_or_else(|| (at.clone(), e.to_string()));
        not_openapi(file, &at, &message)
    })
}

impl Spec {
    /// Records a located warning: the node at `at` was read in the one sensible way it has,
    /// but not as written.
    pub fn warn(&self, at: &Pointer, message: impl Into<String>) {
        self.warnings.push(&self.file, at, message);
    }

    /// The warnings of loading and (once lowered) lowering, in the order first reported.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut warnings = self.warnings.to_vec();
        for warning in &mut warnings {
            warning.pointer = self.source_pointer(&warning.pointer);
        }
        warnings
    }

    /// A pointer into the document as loaded, as a pointer into the document as written
    /// (they differ for Swagger 2.0: see `swagger_source_pointer`).
    pub fn source_pointer(&self, pointer: &str) -> String {
        if self.converted { swagger_source_pointer(pointer) } else { pointer.to_string() }
    }

    /// A located error of a later stage, located in the document as written.
    pub fn in_source(&self, error: Error) -> Error {
        relocate(error, |pointer| self.source_pointer(pointer))
    }

    /// The path items in document order, with their pointers, each deserialized when the
    /// iteration reaches it (`doc.paths` is left empty; see `deserialize`). Loading checked
    /// every one of them, so an error here would be a generator bug, and is reported as the
    /// load stage would.
    pub fn path_items(&self) -> impl Iterator<Item = (String, Pointer, Result<openapiv3::ReferenceOr<openapiv3::PathItem>>)> {
        self.kept.entries_under("#/paths").map(|(key, at, text)| {
            let item = serde_json::from_str(text).or_else(|_| path_item(&self.file, at, &kept::parse(text)));
            (key, at.clone(), item)
        })
    }

    /// `f` of the node at a local pointer (`None` if there is none): a node of the tree,
    /// or one at or inside a kept node, parsed when read.
    pub fn with_node<R>(&self, at: &Pointer, f: impl FnOnce(Option<&Value>) -> R) -> R {
        match self.kept.with_node(at, f) {
            Ok(found) => found,
            Err(f) if self.kept.has_below(at) => f(resolve_pointer(&self.tree(), at)),
            Err(f) => f(resolve_pointer(&self.raw, at)),
        }
    }

    /// The whole document as one tree.
    pub fn tree(&self) -> Value {
        let mut tree = self.raw.clone();
        self.kept.restore_into(&mut tree);
        tree
    }
}

/// Where a node of a converted Swagger 2.0 document was written: its definitions, global
/// parameters and responses and security definitions moved under `components`, and a
/// response's schema under its content. (A request body's schema has no one place in
/// Swagger, where it is a parameter; such pointers stay as they are.)
fn swagger_source_pointer(pointer: &str) -> String {
    let mut out = pointer.to_string();
    for (moved, written) in [
        ("#/components/schemas", "#/definitions"),
        ("#/components/parameters", "#/parameters"),
        ("#/components/responses", "#/responses"),
        ("#/components/securitySchemes", "#/securityDefinitions"),
    ] {
        if let Some(rest) = out.strip_prefix(moved)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            out = format!("{written}{rest}");
            break;
        }
    }
    // `.../responses/200/content/application~1json/schema...` → `.../responses/200/schema...`
    if let Some(start) = out.find("/content/")
        && out[..start].rsplit('/').nth(1) == Some("responses")
    {
        let after = &out[start + "/content/".len()..];
        let rest = after.find('/').map_or("", |i| &after[i..]);
        out = format!("{}{rest}", &out[..start]);
    }
    out
}

fn relocate(error: Error, pointer: impl Fn(&str) -> String) -> Error {
    match error {
        Error::Spec(mut p) => {
            p.pointer = pointer(&p.pointer);
            Error::Spec(p)
        }
        Error::Unsupported(mut p) => {
            p.pointer = pointer(&p.pointer);
            Error::Unsupported(p)
        }
        other => other,
    }
}

/// Looks up a local JSON pointer in a tree.
pub fn resolve_pointer<'a>(raw: &'a Value, pointer: &Pointer) -> Option<&'a Value> {
    pointer.tokens().try_fold(raw, |node, token| kept::child(node, &token))
}

/// Every `$ref` must be local, must resolve, and must not form a chain of references that
/// only point at each other (which no amount of lowering could give a meaning).
fn check_refs(file: &Path, raw: &Value) -> Result<()> {
    // The walk is depth-first in document order: the first problem is the first written.
    let mut first_error = None;
    references::for_each(raw, |at, target| {
        if first_error.is_none() {
            first_error = check_one_ref(file, raw, at, target).err();
        }
    });
    first_error.map_or(Ok(()), Err)
}

fn check_one_ref(file: &Path, raw: &Value, at: &references::Path, target: &Value) -> Result<()> {
    let Value::String(target) = target else {
        // A property literally named `$ref` inside `properties` is legal; only string refs are refs.
        return Ok(());
    };
    // Spelled out only for a problem (the walk passes tens of thousands of references).
    let ref_at = || at.pointer().push("$ref");
    let Some(mut pointer) = Pointer::parse(target) else {
        return Err(Error::unsupported(
            file,
            ref_at().as_str(),
            format!("external reference `{target}`: only references within the same file are supported"),
            "bundle the spec into one file first (e.g. `redocly bundle`)",
        ));
    };
    let mut seen = vec![pointer.clone()];
    loop {
        let Some(resolved) = resolve_pointer(raw, &pointer) else {
            return Err(Error::spec(
                file,
                ref_at().as_str(),
                format!("`$ref: {target}` points at nothing (no node at {pointer})"),
                "fix the name or add the missing component",
            ));
        };
        match resolved.get("$ref").and_then(Value::as_str) {
            Some(next) => {
                let Some(next) = Pointer::parse(next) else { return Ok(()) };
                if seen.contains(&next) {
                    let chain: Vec<_> = seen.iter().map(|p| p.to_string()).collect();
                    return Err(Error::spec(
                        file,
                        ref_at().as_str(),
                        format!("reference cycle: {} -> {next}", chain.join(" -> ")),
                        "at least one schema in the cycle must define something instead of only referring on",
                    ));
                }
                seen.push(next.clone());
                pointer = next;
            }
            None => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_in_a_converted_swagger_document_point_where_it_was_written() {
        let text = r##"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Missing"}}}}}}}"##;
        let error = load_str(Path::new("s.json"), text).unwrap_err();
        assert_eq!(error.problem().map(|p| p.pointer.as_str()), Some("#/paths/~1a/get/responses/200/schema/$ref"), "{error}");
        for (loaded, written) in [
            ("#/components/schemas/Pet/properties/a", "#/definitions/Pet/properties/a"),
            ("#/components/securitySchemes/k", "#/securityDefinitions/k"),
            ("#/components/schemasX", "#/components/schemasX"),
            ("#/paths/~1a/get/responses/200/content/application~1json/schema/items", "#/paths/~1a/get/responses/200/schema/items"),
        ] {
            assert_eq!(swagger_source_pointer(loaded), written);
        }
    }
}
