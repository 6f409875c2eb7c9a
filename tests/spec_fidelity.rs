//! Spec fidelity: each spec in `specs/` must say what its upstream definition says, except
//! for deliberate differences that are written down with their reasons.
//!
//! Two ways, by how the spec is kept:
//! - **Upstream plus overlay** (UltraCart): `specs/upstream/` holds the vendor's document byte
//!   for byte and `specs/<crate>.overlay.yaml` our differences as Overlay 1.0.0 actions, each
//!   with a `description`. Generation applies the overlay, and an action whose target
//!   matches nothing fails it with the action's location: that is the drift check, and the
//!   tests here hold it to that (`overlay` below): every action explains itself, the
//!   vendored file is the one its provenance names, and a changed upstream fails.
//! - **Hand-written** (guest chat, until its Swagger 2.0 upstream can be loaded directly):
//!   the spec is compared with its upstream in `../shared/upstream/`, and every difference
//!   must be listed, with a reason, in `specs/upstream-allowlist.yaml` (the rest of this
//!   file).
//!
//! How the hand-written comparison works: both documents are brought into one canonical
//! OpenAPI 3 shape (see `canonical`; Swagger 2.0 upstreams are converted first, see
//! `swagger_to_oas3`), then walked side by side (`diff`). Every difference that no
//! allow-list entry explains fails the test, and so does every allow-list entry that
//! explains nothing, so the list stays honest. The walk is generic, so it covers everything
//! both documents say: operations (operationId, summary, description, deprecated, tags,
//! security, `x-*`), parameters (name, in, required, description, schema:
//! type/format/default/enum/...), request bodies, responses (description, content, schema,
//! headers, `x-*`), schemas and their properties (type, format, enum, readOnly, items,
//! `$ref` target, description, maxLength, required set, ...), servers, security schemes and
//! the `info` block. Anything present on one side only (operation, parameter, response,
//! schema, property, attribute) is reported.
//!
//! Normalisation rules (differences in form, not in meaning; they are not allow-list
//! entries):
//! - Swagger 2.0 -> OAS 3: `host`+`schemes`+`basePath` -> `servers`; `definitions` ->
//!   `components/schemas` (and `$ref`s rewritten); `securityDefinitions` ->
//!   `components/securitySchemes` (oauth2 `flow` -> `flows`); a parameter's type, format,
//!   default, enum, items, ... -> its `schema`; an `in: body` parameter -> `requestBody`
//!   (its name -> `x-codegen-request-body-name`), `consumes`/`produces` -> `content` media
//!   types; response `schema` -> `content`; header type -> header `schema`.
//! - `$ref` parameters, responses, request bodies and headers are resolved (reusable ones
//!   are compared where used; `components/{parameters,responses,requestBodies,headers}`
//!   themselves are not compared). Schema `$ref`s are compared by target, not resolved:
//!   every schema is compared on its own under `components/schemas`.
//! - Path-level parameters are merged into each operation; parameters are keyed by name.
//! - An operation without `security` gets the root `security` (or `[]`): what applies is
//!   compared, not how it is spelt.
//! - `allOf: [{$ref: X}]` with siblings means `$ref: X` with those siblings: OAS 3.0
//!   ignores siblings of `$ref`, so a spec that wants a described `$ref` property must wrap
//!   it in a single-element allOf.
//! - `required` lists are compared as sets. For other lists of plain values (enum, tags),
//!   the values present on one side only are reported, or the order if only it differs.
//! - No whitespace normalisation: descriptions must match exactly, as upstream writes them.

use integration_tests::{shared_dir, workspace_root};
use serde_json::{Map, Value, json};
use std::fmt;
use std::path::Path;

/// The hand-written specs that have a machine-readable upstream, as `(spec, upstream file)`.
const SPECS: [(&str, &str); 1] = [(
    "genesys-cloud-guest-chat",
    "genesys-cloud-guest-chat.upstream.json",
)];

const ALLOWLIST: &str = "specs/upstream-allowlist.yaml";

/// The allow-list `differs` value that renames a security scheme (see `scheme_renames`).
const RENAMED: &str = "name";

// ---------------------------------------------------------------------------------------
// The real comparisons
// ---------------------------------------------------------------------------------------

#[test]
fn genesys_cloud_guest_chat_matches_upstream() {
    check_spec("genesys-cloud-guest-chat");
}


/// Runs without `../shared`: the allow-list parses, and names only specs compared here.
#[test]
fn allowlist_is_well_formed() {
    for entry in load_allowlist() {
        assert!(
            SPECS.iter().any(|(spec, _)| *spec == entry.spec),
            "{ALLOWLIST}: entry for `{}` at {}: no upstream comparison exists for that spec",
            entry.spec,
            entry.location
        );
    }
}

fn check_spec(spec: &str) {
    let Some(shared) = shared_dir() else { return };
    let (_, upstream_file) = SPECS
        .iter()
        .find(|(name, _)| *name == spec)
        .expect("known spec");
    let upstream = load_json(&shared.join("upstream").join(upstream_file));
    let ours = load_yaml(&workspace_root().join("specs").join(format!("{spec}.yaml")));
    let allow: Vec<AllowEntry> = load_allowlist()
        .into_iter()
        .filter(|e| e.spec == spec)
        .collect();

    let differences = compare(&upstream, &ours, &allow);
    if !differences.is_empty() {
        let lines: Vec<String> = differences.iter().map(|d| format!("{spec}: {d}")).collect();
        panic!(
            "specs/{spec}.yaml differs from upstream {upstream_file} in {} place(s) \
             (for enum/tag lists only the values on one side are shown):\n{}\n\n\
             Fix specs/{spec}.yaml to say what upstream says, or, if the difference is \
             deliberate, add an entry with a `reason` to {ALLOWLIST}. Remove allow-list \
             entries that match nothing.",
            differences.len(),
            lines.join("\n")
        );
    }
}

fn load_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_allowlist() -> Vec<AllowEntry> {
    let path = workspace_root().join(ALLOWLIST);
    parse_allowlist(&load_yaml(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------
// Differences and the allow-list
// ---------------------------------------------------------------------------------------

/// One difference: at `location` (a JSON pointer into the canonical document; parameters
/// are keyed by name), `what` differs. `what` is the attribute name (`format`, `enum`, ...)
/// or `presence` when a whole element exists on one side only.
#[derive(Debug, Clone, PartialEq)]
struct Difference {
    location: String,
    what: String,
    upstream: String,
    ours: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line per difference: long values are cut around the first difference and
        // line breaks are shown as `\n`.
        let (upstream, ours) = excerpts(&self.upstream, &self.ours);
        let (upstream, ours) = (upstream.replace('\n', "\\n"), ours.replace('\n', "\\n"));
        write!(
            f,
            "{}: {} (upstream: {upstream}, ours: {ours})",
            self.location, self.what
        )
    }
}

const ABSENT: &str = "(absent)";

fn difference(location: &str, what: &str, upstream: String, ours: String) -> Difference {
    Difference {
        location: location.to_string(),
        what: what.to_string(),
        upstream,
        ours,
    }
}

/// A deliberate difference. `location` is a pattern in which a `*` segment matches any one
/// segment; `differs` lists the `what`s it explains; `upstream`/`ours`, when given, must
/// equal the reported values (so a blanket glob stays narrow).
#[derive(Debug, Clone)]
struct AllowEntry {
    spec: String,
    location: String,
    differs: Vec<String>,
    upstream: Option<String>,
    ours: Option<String>,
}

fn parse_allowlist(doc: &Value) -> Result<Vec<AllowEntry>, String> {
    let Some(list) = doc.as_array() else {
        return Err("expected a list of entries".into());
    };
    let mut entries = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let err = |msg: &str| format!("entry {}: {msg}", i + 1);
        let Some(map) = item.as_object() else {
            return Err(err("expected a mapping"));
        };
        let text = |key: &str| map.get(key).filter(|v| !v.is_null()).map(render);
        for key in map.keys() {
            if !["spec", "location", "differs", "upstream", "ours", "reason"]
                .contains(&key.as_str())
            {
                return Err(err(&format!("unknown key `{key}`")));
            }
        }
        let differs = match map.get("differs") {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) if !items.is_empty() => items.iter().map(render).collect(),
            _ => return Err(err("`differs` must be a string or a non-empty list")),
        };
        if text("reason").is_none_or(|r| r.trim().is_empty()) {
            return Err(err("every entry needs a `reason`"));
        }
        let (Some(spec), Some(location)) = (text("spec"), text("location")) else {
            return Err(err("`spec` and `location` are required"));
        };
        entries.push(AllowEntry {
            spec,
            location,
            differs,
            upstream: text("upstream"),
            ours: text("ours"),
        });
    }
    Ok(entries)
}

fn pattern_matches(pattern: &str, location: &str) -> bool {
    let (pattern, location): (Vec<_>, Vec<_>) =
        (pattern.split('/').collect(), location.split('/').collect());
    pattern.len() == location.len()
        && pattern
            .iter()
            .zip(&location)
            .all(|(p, l)| *p == "*" || p == l)
}

fn explains(entry: &AllowEntry, differs: &str, d: &Difference) -> bool {
    differs == d.what
        && pattern_matches(&entry.location, &d.location)
        && entry.upstream.as_ref().is_none_or(|v| *v == d.upstream)
        && entry.ours.as_ref().is_none_or(|v| *v == d.ours)
}

/// Drops the differences the allow-list explains and adds one for each `differs` item of
/// an entry that explained nothing.
fn apply_allowlist(differences: Vec<Difference>, allow: &[AllowEntry]) -> Vec<Difference> {
    let mut used: Vec<Vec<bool>> = allow.iter().map(|e| vec![false; e.differs.len()]).collect();
    let mut unexplained = Vec::new();
    for d in differences {
        let mut explained = false;
        for (entry, used) in allow.iter().zip(&mut used) {
            for (differs, used) in entry.differs.iter().zip(used.iter_mut()) {
                if explains(entry, differs, &d) {
                    *used = true;
                    explained = true;
                }
            }
        }
        if !explained {
            unexplained.push(d);
        }
    }
    for (entry, used) in allow.iter().zip(&used) {
        for (differs, _) in entry.differs.iter().zip(used).filter(|(_, used)| !**used) {
            let pattern_value = |v: &Option<String>| v.clone().unwrap_or_else(|| "*".into());
            unexplained.push(difference(
                &entry.location,
                &format!("unused allow-list entry for `{differs}`, remove it"),
                pattern_value(&entry.upstream),
                pattern_value(&entry.ours),
            ));
        }
    }
    unexplained
}

/// Security scheme renames (upstream name -> ours), from the allow-list entries that
/// explain a `name` difference under `#/components/securitySchemes/`. They are applied to
/// upstream before the walk, so operations' security requirements are compared by the
/// new names; the rename itself is still reported (and so must stay allow-listed).
fn scheme_renames(allow: &[AllowEntry]) -> Vec<(String, String)> {
    allow
        .iter()
        .filter(|e| e.location.starts_with("#/components/securitySchemes/"))
        .filter(|e| e.differs.iter().any(|d| d == RENAMED))
        .filter_map(|e| Some((e.upstream.clone()?, e.ours.clone()?)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The comparator
// ---------------------------------------------------------------------------------------

/// Compares an upstream document with ours; returns every difference the allow-list
/// (already narrowed to this spec) does not explain, plus its unused entries.
fn compare(upstream: &Value, ours: &Value, allow: &[AllowEntry]) -> Vec<Difference> {
    let mut upstream = swagger_to_oas3(upstream);
    let mut differences = Vec::new();
    for (from, to) in scheme_renames(allow) {
        if rename_scheme(&mut upstream, &from, &to) {
            differences.push(difference(
                &pointer("#", &["components", "securitySchemes", &to]),
                RENAMED,
                from,
                to,
            ));
        }
    }
    diff(
        &canonical(&upstream),
        &canonical(ours),
        "#",
        &mut differences,
    );
    apply_allowlist(differences, allow)
}

/// Walks two values side by side, reporting at `location`.
fn diff(upstream: &Value, ours: &Value, location: &str, out: &mut Vec<Difference>) {
    let (Some(up), Some(our)) = (upstream.as_object(), ours.as_object()) else {
        if upstream != ours {
            out.push(difference(
                location,
                "value",
                render(upstream),
                render(ours),
            ));
        }
        return;
    };
    let keys = up.keys().chain(our.keys().filter(|k| !up.contains_key(*k)));
    for key in keys {
        let child = pointer(location, &[key]);
        match (up.get(key), our.get(key)) {
            (Some(Value::Object(_)), Some(Value::Object(_))) => {
                diff(&up[key], &our[key], &child, out)
            }
            (Some(Value::Array(a)), Some(Value::Array(b))) => diff_lists(key, a, b, location, out),
            (Some(a), Some(b)) if a != b => {
                out.push(difference(location, key, render(a), render(b)))
            }
            (Some(_), Some(_)) => {}
            (Some(a), None) if is_element(a) => out.push(difference(
                &child,
                "presence",
                "present".into(),
                "absent".into(),
            )),
            (None, Some(b)) if is_element(b) => out.push(difference(
                &child,
                "presence",
                "absent".into(),
                "present".into(),
            )),
            (a, b) => out.push(difference(location, key, render_opt(a), render_opt(b))),
        }
    }
}

/// Lists of objects (servers, root tags, security requirements) are compared element by
/// element; lists of plain values (enum, required, operation tags) by their values.
fn diff_lists(key: &str, a: &[Value], b: &[Value], location: &str, out: &mut Vec<Difference>) {
    if a.iter().chain(b).all(Value::is_object) {
        for i in 0..a.len().max(b.len()) {
            let child = pointer(location, &[key, &i.to_string()]);
            match (a.get(i), b.get(i)) {
                (Some(x), Some(y)) => diff(x, y, &child, out),
                (x, _) => {
                    let (up, our) = if x.is_some() {
                        ("present", "absent")
                    } else {
                        ("absent", "present")
                    };
                    out.push(difference(&child, "presence", up.into(), our.into()));
                }
            }
        }
        return;
    }
    let only_upstream: Vec<Value> = a.iter().filter(|v| !b.contains(v)).cloned().collect();
    let only_ours: Vec<Value> = b.iter().filter(|v| !a.contains(v)).cloned().collect();
    if !only_upstream.is_empty() || !only_ours.is_empty() {
        out.push(difference(
            location,
            key,
            render(&json!(only_upstream)),
            render(&json!(only_ours)),
        ));
    } else if a != b && key != "required" {
        out.push(difference(
            location,
            &format!("{key} order"),
            render(&json!(a)),
            render(&json!(b)),
        ));
    }
}

/// Whether a value one side lacks is reported as a missing element (`presence`) rather
/// than as a missing attribute value.
fn is_element(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_object),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Canonical form (applied to both sides)
// ---------------------------------------------------------------------------------------

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn canonical(doc: &Value) -> Value {
    let doc = &unwrap_single_allof(doc);
    let mut out = doc.clone();
    let root_security = doc.get("security").cloned().unwrap_or_else(|| json!([]));
    if let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            // Path-level parameters move into each operation (unless not a list: then
            // they stay, to show up as a difference).
            let path_params = item.get("parameters").filter(|p| p.is_array()).cloned();
            if path_params.is_some() {
                item.remove("parameters");
            }
            for (_, op) in item
                .iter_mut()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
            {
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                // A `parameters` that is not a list is left alone, to show up as a difference.
                if op.get("parameters").is_none_or(Value::is_array) {
                    let params = merged_parameters(doc, path_params.as_ref(), op.get("parameters"));
                    op.remove("parameters");
                    if !params.is_empty() {
                        op.insert("parameters".into(), Value::Object(keyed_by_name(&params)));
                    }
                }
                if let Some(body) = op.get_mut("requestBody") {
                    *body = resolve(doc, body);
                }
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    for response in responses.values_mut() {
                        *response = resolve(doc, response);
                        if let Some(headers) =
                            response.get_mut("headers").and_then(Value::as_object_mut)
                        {
                            headers.values_mut().for_each(|h| *h = resolve(doc, h));
                        }
                    }
                }
                op.entry("security")
                    .or_insert_with(|| root_security.clone());
            }
        }
    }
    if let Some(components) = out.get_mut("components").and_then(Value::as_object_mut) {
        for inlined in ["parameters", "responses", "requestBodies", "headers"] {
            components.remove(inlined);
        }
    }
    out
}

/// `{allOf: [{$ref: X}], ...siblings}` -> `{$ref: X, ...siblings}`, everywhere.
fn unwrap_single_allof(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                match child.as_array().map(Vec::as_slice) {
                    Some([only])
                        if key == "allOf"
                            && only
                                .as_object()
                                .is_some_and(|o| o.len() == 1 && o.contains_key("$ref")) =>
                    {
                        out.insert("$ref".into(), only["$ref"].clone());
                    }
                    _ => {
                        out.insert(key.clone(), unwrap_single_allof(child));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(unwrap_single_allof).collect()),
        other => other.clone(),
    }
}

/// Path-level parameters overridden (by name and location) by the operation's own, with
/// `$ref`s resolved.
fn merged_parameters(
    doc: &Value,
    path_level: Option<&Value>,
    op_level: Option<&Value>,
) -> Vec<Value> {
    let resolved = |list: Option<&Value>| -> Vec<Value> {
        list.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| resolve(doc, p))
            .collect()
    };
    let identity = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
    let own = resolved(op_level);
    let mut merged: Vec<Value> = resolved(path_level)
        .into_iter()
        .filter(|p| !own.iter().any(|o| identity(o) == identity(p)))
        .collect();
    merged.extend(own);
    merged
}

/// Parameters keyed by name (by `name (in)` when a name is used twice), so that neither
/// order nor position matters and locations read like `.../parameters/since`.
fn keyed_by_name(params: &[Value]) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, param) in params.iter().enumerate() {
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("#{i}"), str::to_string);
        let key = if out.contains_key(&name) {
            format!("{name} ({})", render_opt(param.get("in")))
        } else {
            name
        };
        out.insert(key, param.clone());
    }
    out
}

/// Follows a local `$ref` (repeatedly); an unresolvable one is left as is, so it shows up
/// as a difference rather than a panic.
fn resolve(doc: &Value, value: &Value) -> Value {
    let mut current = value.clone();
    for _ in 0..16 {
        let Some(target) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| doc.pointer(p))
        else {
            break;
        };
        current = target.clone();
    }
    current
}

/// Renames a security scheme in upstream: the definition and every requirement naming it.
/// Returns whether upstream had it.
fn rename_scheme(doc: &mut Value, from: &str, to: &str) -> bool {
    let rename_key = |map: &mut Map<String, Value>| match map.remove(from) {
        Some(v) => {
            map.insert(to.to_string(), v);
            true
        }
        None => false,
    };
    let rename_in_requirements = |list: Option<&mut Value>| {
        let requirements = list.and_then(Value::as_array_mut).into_iter().flatten();
        requirements
            .filter_map(Value::as_object_mut)
            .for_each(|r| _ = rename_key(r));
    };
    rename_in_requirements(doc.get_mut("security"));
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            item.values_mut()
                .for_each(|op| rename_in_requirements(op.get_mut("security")));
        }
    }
    let schemes = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"));
    schemes
        .and_then(Value::as_object_mut)
        .is_some_and(rename_key)
}

// ---------------------------------------------------------------------------------------
// Swagger 2.0 -> OpenAPI 3 (upstream only)
// ---------------------------------------------------------------------------------------

/// Parameter keywords that OAS 3 moves under `schema`.
const SCHEMA_KEYWORDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "default",
    "enum",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Converts a Swagger 2.0 document to the OAS 3 layout our specs use (an OAS 3 document
/// is returned unchanged). Only structure changes; every value is carried over.
fn swagger_to_oas3(doc: &Value) -> Value {
    let Some(root) = doc.as_object().filter(|r| r.contains_key("swagger")) else {
        return doc.clone();
    };
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let (consumes, produces) = (strings(root.get("consumes")), strings(root.get("produces")));
    let mut out = Map::new();
    let mut components = Map::new();
    // A converted document is OAS 3; our specs all target 3.0.3.
    out.insert("openapi".into(), json!("3.0.3"));
    if let Some(host) = root.get("host").and_then(Value::as_str) {
        let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let mut schemes = strings(root.get("schemes"));
        if schemes.is_empty() {
            schemes.push("https".into());
        }
        let servers: Vec<Value> = schemes
            .iter()
            .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
            .collect();
        out.insert("servers".into(), json!(servers));
    }
    for (key, value) in root {
        let (target, name, converted) = match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => continue,
            "definitions" => (&mut components, "schemas", value.clone()),
            "securityDefinitions" => (
                &mut components,
                "securitySchemes",
                map_values(value, swagger_scheme),
            ),
            "parameters" => (
                &mut components,
                "parameters",
                map_values(value, swagger_parameter),
            ),
            "responses" => (
                &mut components,
                "responses",
                map_values(value, |r| swagger_response(r, &produces)),
            ),
            "paths" => (
                &mut out,
                "paths",
                map_values(value, |item| {
                    swagger_path_item(doc, item, &consumes, &produces)
                }),
            ),
            _ => (&mut out, key.as_str(), value.clone()),
        };
        target.insert(name.to_string(), converted);
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    rewrite_refs(&Value::Object(out))
}

fn map_values(value: &Value, f: impl Fn(&Value) -> Value) -> Value {
    match value.as_object() {
        Some(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), f(v))).collect()),
        None => value.clone(),
    }
}

fn swagger_path_item(doc: &Value, item: &Value, consumes: &[String], produces: &[String]) -> Value {
    let Some(map) = item.as_object() else {
        return item.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        if key == "parameters" && value.is_array() {
            continue; // merged into each operation below
        }
        let converted = match value.as_object() {
            Some(op) if METHODS.contains(&key.as_str()) => {
                let params = merged_parameters(doc, map.get("parameters"), op.get("parameters"));
                swagger_operation(op, params, consumes, produces)
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    Value::Object(out)
}

fn swagger_operation(
    op: &Map<String, Value>,
    params: Vec<Value>,
    consumes: &[String],
    produces: &[String],
) -> Value {
    let media_types = |key: &str, default: &[String]| -> Vec<String> {
        match op.get(key).and_then(Value::as_array) {
            Some(list) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            None => default.to_vec(),
        }
    };
    let (consumes, produces) = (
        media_types("consumes", consumes),
        media_types("produces", produces),
    );
    let mut out = Map::new();
    for (key, value) in op {
        let converted = match key.as_str() {
            "consumes" | "produces" => continue,
            // Merged with the path-level ones and converted below (anything but a list is
            // kept as is, to show up as a difference).
            "parameters" if value.is_array() => continue,
            "responses" => map_values(value, |r| swagger_response(r, &produces)),
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    let (body, others): (Vec<Value>, Vec<Value>) = params
        .into_iter()
        .partition(|p| p.get("in") == Some(&json!("body")));
    if !others.is_empty() {
        out.insert(
            "parameters".into(),
            others.iter().map(swagger_parameter).collect(),
        );
    }
    if let Some(body) = body.first() {
        let mut request = Map::new();
        for field in ["description", "required"] {
            if let Some(v) = body.get(field) {
                request.insert(field.into(), v.clone());
            }
        }
        request.insert("content".into(), content(&consumes, body.get("schema")));
        out.insert("requestBody".into(), Value::Object(request));
        if let Some(name) = body.get("name") {
            out.insert("x-codegen-request-body-name".into(), name.clone());
        }
    }
    Value::Object(out)
}

fn content(media_types: &[String], schema: Option<&Value>) -> Value {
    let media_types = if media_types.is_empty() {
        vec!["*/*".to_string()]
    } else {
        media_types.to_vec()
    };
    let schema = schema.cloned().unwrap_or(Value::Null);
    Value::Object(
        media_types
            .into_iter()
            .map(|mt| (mt, json!({ "schema": schema })))
            .collect(),
    )
}

/// Moves a parameter's (or header's) schema keywords under `schema`.
fn swagger_parameter(param: &Value) -> Value {
    let Some(map) = param
        .as_object()
        .filter(|m| !m.contains_key("$ref") && m.get("in") != Some(&json!("body")))
    else {
        return param.clone();
    };
    let (schema, rest): (Map<String, Value>, Map<String, Value>) = map
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .partition(|(k, _)| SCHEMA_KEYWORDS.contains(&k.as_str()));
    let mut out = rest;
    if !schema.is_empty() {
        out.insert("schema".into(), Value::Object(schema));
    }
    Value::Object(out)
}

fn swagger_response(response: &Value, produces: &[String]) -> Value {
    let Some(map) = response.as_object().filter(|m| !m.contains_key("$ref")) else {
        return response.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let (key, converted) = match key.as_str() {
            "schema" => ("content", content(produces, Some(value))),
            "headers" => (key.as_str(), map_values(value, swagger_parameter)),
            _ => (key.as_str(), value.clone()),
        };
        out.insert(key.to_string(), converted);
    }
    Value::Object(out)
}

fn swagger_scheme(scheme: &Value) -> Value {
    let Some(map) = scheme.as_object() else {
        return scheme.clone();
    };
    let mut out = Map::new();
    let mut flow = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "flow" => {}
            "authorizationUrl" | "tokenUrl" | "scopes" => {
                flow.insert(key.clone(), value.clone());
            }
            "type" if value.as_str() == Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if let Some(name) = map.get("flow").and_then(Value::as_str) {
        let name = match name {
            "application" => "clientCredentials",
            "accessCode" => "authorizationCode",
            other => other,
        };
        let flows: Map<String, Value> = [(name.to_string(), Value::Object(flow))]
            .into_iter()
            .collect();
        out.insert("flows".into(), Value::Object(flows));
    }
    Value::Object(out)
}

fn rewrite_refs(value: &Value) -> Value {
    const MOVES: [(&str, &str); 3] = [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ];
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let moved = v.as_str().filter(|_| k == "$ref").and_then(|r| {
                        MOVES.iter().find_map(|(from, to)| {
                            r.strip_prefix(from)
                                .map(|rest| json!(format!("{to}{rest}")))
                        })
                    });
                    (k.clone(), moved.unwrap_or_else(|| rewrite_refs(v)))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(rewrite_refs).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/// Appends segments to a JSON pointer, escaping `~` and `/` in them.
fn pointer(base: &str, segments: &[&str]) -> String {
    let mut out = base.to_string();
    for s in segments {
        out.push('/');
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// A string as itself, anything else as compact JSON.
fn render(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render_opt(value: Option<&Value>) -> String {
    value.map_or_else(|| ABSENT.to_string(), render)
}

/// For long values, just the part around the first difference, so a line stays readable.
fn excerpts(a: &str, b: &str) -> (String, String) {
    const LONG: usize = 100;
    const CONTEXT: usize = 40;
    if a.chars().count() <= LONG && b.chars().count() <= LONG {
        return (a.to_string(), b.to_string());
    }
    let first = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let start = first.saturating_sub(CONTEXT);
    let cut = |s: &str| {
        let total = s.chars().count();
        let body: String = s.chars().skip(start).take(2 * CONTEXT).collect();
        let head = if start > 0 { "…" } else { "" };
        let tail = if start + 2 * CONTEXT < total {
            "…"
        } else {
            ""
        };
        format!("{head}{body}{tail}")
    };
    (cut(a), cut(b))
}

// ---------------------------------------------------------------------------------------
// The comparator on small hand-made documents (no ../shared needed)
// ---------------------------------------------------------------------------------------

mod comparator {
    use super::*;

    /// A one-operation, one-schema OAS 3 document.
    fn doc(operation_id: &str, property: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": { "/things/{id}": { "get": {
                "operationId": operation_id,
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": { "description": "OK", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Thing" } } } } }
            } } },
            "components": { "schemas": { "Thing": {
                "type": "object", "required": ["id", "kind"], "properties": { "id": { "type": "string" }, "kind": property }
            } } }
        })
    }

    fn kind() -> Value {
        json!({ "type": "string", "format": "byte", "enum": ["a", "b", "c"] })
    }

    fn d(location: &str, what: &str, upstream: &str, ours: &str) -> Difference {
        difference(location, what, upstream.into(), ours.into())
    }

    fn entry(
        location: &str,
        differs: &str,
        upstream: Option<&str>,
        ours: Option<&str>,
    ) -> AllowEntry {
        AllowEntry {
            spec: "test".into(),
            location: location.into(),
            differs: vec![differs.into()],
            upstream: upstream.map(Into::into),
            ours: ours.map(Into::into),
        }
    }

    const KIND: &str = "#/components/schemas/Thing/properties/kind";

    #[test]
    fn identical_documents_have_no_differences() {
        assert_eq!(
            compare(&doc("getThing", kind()), &doc("getThing", kind()), &[]),
            vec![]
        );
    }

    #[test]
    fn changed_format_is_reported() {
        let ours = doc(
            "getThing",
            json!({ "type": "string", "format": "binary", "enum": ["a", "b", "c"] }),
        );
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &[]),
            vec![d(KIND, "format", "byte", "binary")]
        );
    }

    #[test]
    fn removed_enum_value_is_reported() {
        let ours = doc(
            "getThing",
            json!({ "type": "string", "format": "byte", "enum": ["a", "b"] }),
        );
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &[]),
            vec![d(KIND, "enum", r#"["c"]"#, "[]")]
        );
    }

    #[test]
    fn reordered_enum_is_reported_but_required_order_is_not() {
        let mut ours = doc(
            "getThing",
            json!({ "type": "string", "format": "byte", "enum": ["c", "b", "a"] }),
        );
        ours["components"]["schemas"]["Thing"]["required"] = json!(["kind", "id"]);
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &[]),
            vec![d(
                KIND,
                "enum order",
                r#"["a","b","c"]"#,
                r#"["c","b","a"]"#
            )]
        );
    }

    #[test]
    fn missing_and_extra_properties_are_reported() {
        let mut ours = doc("getThing", kind());
        let properties = ours["components"]["schemas"]["Thing"]["properties"]
            .as_object_mut()
            .unwrap();
        properties.remove("kind");
        properties.insert("colour".into(), json!({ "type": "string" }));
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &[]),
            vec![
                d(KIND, "presence", "present", "absent"),
                d(
                    "#/components/schemas/Thing/properties/colour",
                    "presence",
                    "absent",
                    "present"
                ),
            ]
        );
    }

    #[test]
    fn renamed_operation_id_is_reported() {
        assert_eq!(
            compare(&doc("getThing", kind()), &doc("fetchThing", kind()), &[]),
            vec![d(
                "#/paths/~1things~1{id}/get",
                "operationId",
                "getThing",
                "fetchThing"
            )]
        );
    }

    #[test]
    fn unexpected_shapes_are_differences_not_panics() {
        let mut ours = doc("getThing", kind());
        ours["paths"]["/things/{id}"]["get"]["parameters"] = json!("not a list");
        ours["components"]["schemas"]["Thing"]["properties"] = json!(7);
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &[]),
            vec![
                d(
                    "#/paths/~1things~1{id}/get",
                    "parameters",
                    r#"{"id":{"name":"id","in":"path","required":true,"schema":{"type":"string"}}}"#,
                    "not a list"
                ),
                d(
                    "#/components/schemas/Thing",
                    "properties",
                    r#"{"id":{"type":"string"},"kind":{"type":"string","format":"byte","enum":["a","b","c"]}}"#,
                    "7"
                ),
            ]
        );
        assert_eq!(
            compare(&json!(1), &json!([]), &[]),
            vec![d("#", "value", "1", "[]")]
        );
    }

    #[test]
    fn allowlisted_difference_is_dropped_and_unused_entry_is_reported() {
        let ours = doc(
            "getThing",
            json!({ "type": "string", "format": "binary", "enum": ["a", "b", "c"] }),
        );
        let allow = [
            entry(
                "#/components/schemas/*/properties/*",
                "format",
                Some("byte"),
                Some("binary"),
            ),
            entry(
                "#/components/schemas/*/properties/*",
                "maxLength",
                None,
                None,
            ),
        ];
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &allow),
            vec![d(
                "#/components/schemas/*/properties/*",
                "unused allow-list entry for `maxLength`, remove it",
                "*",
                "*"
            )]
        );
    }

    #[test]
    fn allowlist_values_narrow_a_glob() {
        let ours = doc(
            "getThing",
            json!({ "type": "string", "format": "binary", "enum": ["a", "b", "c"] }),
        );
        let allow = [entry(
            "#/components/schemas/*/properties/*",
            "format",
            Some("dateTime"),
            Some("date-time"),
        )];
        assert_eq!(
            compare(&doc("getThing", kind()), &ours, &allow),
            vec![
                d(KIND, "format", "byte", "binary"),
                d(
                    "#/components/schemas/*/properties/*",
                    "unused allow-list entry for `format`, remove it",
                    "dateTime",
                    "date-time"
                ),
            ]
        );
    }

    #[test]
    fn single_allof_of_a_ref_is_that_ref() {
        let upstream = doc(
            "getThing",
            json!({ "description": "The other", "$ref": "#/components/schemas/Other" }),
        );
        let ours = doc(
            "getThing",
            json!({ "description": "The other", "allOf": [{ "$ref": "#/components/schemas/Other" }] }),
        );
        assert_eq!(compare(&upstream, &ours, &[]), vec![]);
        let ours = doc(
            "getThing",
            json!({ "description": "The other", "allOf": [{ "$ref": "#/components/schemas/Another" }] }),
        );
        assert_eq!(
            compare(&upstream, &ours, &[]),
            vec![d(
                KIND,
                "$ref",
                "#/components/schemas/Other",
                "#/components/schemas/Another"
            )]
        );
    }

    #[test]
    fn ref_responses_and_parameters_are_resolved() {
        let upstream = doc("getThing", kind());
        let mut ours = doc("getThing", kind());
        let op = &mut ours["paths"]["/things/{id}"]["get"];
        let (param, ok) = (op["parameters"][0].take(), op["responses"]["200"].take());
        op["parameters"][0] = json!({ "$ref": "#/components/parameters/Id" });
        op["responses"]["200"] = json!({ "$ref": "#/components/responses/Ok" });
        ours["components"]["parameters"] = json!({ "Id": param });
        ours["components"]["responses"] = json!({ "Ok": ok });
        assert_eq!(compare(&upstream, &ours, &[]), vec![]);
    }

    #[test]
    fn path_level_parameters_apply_to_every_operation() {
        let upstream = doc("getThing", kind());
        let mut ours = doc("getThing", kind());
        let item = &mut ours["paths"]["/things/{id}"];
        item["parameters"] = item["get"]["parameters"].take();
        item["get"].as_object_mut().unwrap().remove("parameters");
        assert_eq!(compare(&upstream, &ours, &[]), vec![]);
        ours["paths"]["/things/{id}"]["parameters"][0]["schema"]["type"] = json!("integer");
        assert_eq!(
            compare(&upstream, &ours, &[]),
            vec![d(
                "#/paths/~1things~1{id}/get/parameters/id/schema",
                "type",
                "string",
                "integer"
            )]
        );
    }

    #[test]
    fn swagger_upstream_is_compared_in_oas3_form() {
        let upstream = json!({
            "swagger": "2.0",
            "host": "api.example.com",
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "paths": { "/things/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
                "put": {
                    "operationId": "putThing",
                    "security": [{ "Api Key": [] }],
                    "parameters": [
                        { "name": "limit", "in": "query", "type": "integer", "format": "int32", "default": 25 },
                        { "name": "body", "in": "body", "required": true, "schema": { "$ref": "#/definitions/Thing" } }
                    ],
                    "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Thing" } } }
                }
            } },
            "securityDefinitions": { "Api Key": { "type": "apiKey", "name": "Authorization", "in": "header" } },
            "definitions": { "Thing": { "type": "object" } }
        });
        let mut ours = json!({
            "openapi": "3.0.3",
            "servers": [{ "url": "https://api.example.com" }],
            "paths": { "/things/{id}": { "put": {
                "operationId": "putThing",
                "security": [{ "apiKey": [] }],
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32", "default": 25 } }
                ],
                "requestBody": { "required": true, "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Thing" } } } },
                "x-codegen-request-body-name": "body",
                "responses": { "200": { "description": "OK", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Thing" } } } } }
            } } },
            "components": {
                "schemas": { "Thing": { "type": "object" } },
                "securitySchemes": { "apiKey": { "type": "apiKey", "name": "Authorization", "in": "header" } }
            }
        });
        let rename = [entry(
            "#/components/securitySchemes/apiKey",
            RENAMED,
            Some("Api Key"),
            Some("apiKey"),
        )];
        assert_eq!(compare(&upstream, &ours, &rename), vec![]);
        // Without the rename, the scheme and the requirement naming it differ.
        assert_eq!(
            compare(&upstream, &ours, &[]),
            vec![
                d(
                    "#/paths/~1things~1{id}/put/security/0",
                    "Api Key",
                    "[]",
                    "(absent)"
                ),
                d(
                    "#/paths/~1things~1{id}/put/security/0",
                    "apiKey",
                    "(absent)",
                    "[]"
                ),
                d(
                    "#/components/securitySchemes/Api Key",
                    "presence",
                    "present",
                    "absent"
                ),
                d(
                    "#/components/securitySchemes/apiKey",
                    "presence",
                    "absent",
                    "present"
                ),
            ]
        );
        ours["paths"]["/things/{id}"]["put"]["parameters"][1]["schema"]["format"] = json!("int64");
        assert_eq!(
            compare(&upstream, &ours, &rename),
            vec![d(
                "#/paths/~1things~1{id}/put/parameters/limit/schema",
                "format",
                "int32",
                "int64"
            )]
        );
    }

    #[test]
    fn allowlist_file_shape_is_checked() {
        let good = json!([{ "spec": "s", "location": "#/x", "differs": ["a", "b"], "ours": 3, "reason": "why" }]);
        let parsed = parse_allowlist(&good).unwrap();
        assert_eq!(
            (parsed[0].differs.clone(), parsed[0].ours.clone()),
            (
                vec!["a".to_string(), "b".to_string()],
                Some("3".to_string())
            )
        );
        let no_reason = json!([{ "spec": "s", "location": "#/x", "differs": "a" }]);
        assert_eq!(
            parse_allowlist(&no_reason).unwrap_err(),
            "entry 1: every entry needs a `reason`"
        );
        let typo = json!([{ "spec": "s", "location": "#/x", "differ": "a", "reason": "why" }]);
        assert_eq!(
            parse_allowlist(&typo).unwrap_err(),
            "entry 1: unknown key `differ`"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Upstream plus overlay: the vendored document and the overlay's actions
// ---------------------------------------------------------------------------------------

mod overlay {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The specs kept as a vendored upstream document plus an overlay, as `(spec, vendored
    /// file under specs/upstream/, the same document in ../shared/upstream/)`.
    const OVERLAID: [(&str, &str, &str); 1] = [(
        "ultracart-conversation",
        "ultracart-conversation-4.1.70.json",
        "ultracart-conversation.upstream-4.1.70.json",
    )];

    fn overlay_file(spec: &str) -> std::path::PathBuf {
        workspace_root().join("specs").join(format!("{spec}.overlay.yaml"))
    }

    /// Every action matches something in the vendored upstream (loading fails naming the
    /// first that does not), and every action says why it is there.
    #[test]
    fn every_action_applies_and_gives_its_reason() {
        for (spec, vendored, _) in OVERLAID {
            let file = overlay_file(spec);
            let overlay = load_yaml(&file);
            assert_eq!(
                overlay["extends"].as_str(),
                Some(format!("upstream/{vendored}").as_str()),
                "{}: `extends` names the vendored document",
                file.display()
            );
            let actions = overlay["actions"].as_array().expect("a list of actions");
            for (i, action) in actions.iter().enumerate() {
                let reason = action["description"].as_str().unwrap_or_default();
                assert!(
                    reason.split_whitespace().count() >= 5,
                    "{}: #/actions/{i} (target `{}`) needs a `description` with its reason and evidence",
                    file.display(),
                    action["target"]
                );
            }
            generator::load::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    /// The vendored file is the upstream document as published: the SHA-256 its provenance
    /// (specs/upstream/README.md) records, and the same bytes as the reference copy.
    #[test]
    fn vendored_upstream_is_the_document_its_provenance_names() {
        let readme = std::fs::read_to_string(workspace_root().join("specs/upstream/README.md"))
            .expect("specs/upstream/README.md");
        for (_, vendored, reference) in OVERLAID {
            let path = workspace_root().join("specs/upstream").join(vendored);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            let row = readme
                .lines()
                .find(|l| l.starts_with(&format!("| `{vendored}` |")))
                .unwrap_or_else(|| panic!("specs/upstream/README.md has no row for {vendored}"));
            assert!(
                row.contains(&format!("`{digest}`")),
                "{vendored}: its SHA-256 is {digest}, not the one specs/upstream/README.md records: \
                 vendored documents are never edited (put changes in the overlay)"
            );
            if let Some(shared) = shared_dir() {
                let original = std::fs::read(shared.join("upstream").join(reference)).expect("the reference copy");
                assert!(original == bytes, "{vendored} differs from ../shared/upstream/{reference}");
            }
        }
    }

    /// What a new upstream release looks like to the overlay: the document without the
    /// operation an action was written for fails to load, naming that action.
    #[test]
    fn an_upstream_without_what_an_action_targets_fails_naming_it() {
        let (spec, vendored, _) = OVERLAID[0];
        let dir = std::env::temp_dir().join(format!("overlay-drift-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("upstream")).unwrap();
        let mut upstream: Value = serde_json::from_slice(&std::fs::read(workspace_root().join("specs/upstream").join(vendored)).unwrap()).unwrap();
        let paths = upstream["paths"].as_object_mut().unwrap();
        assert!(paths.remove("/conversation/pbx/call/search").is_some(), "the operation is in the vendored upstream");
        std::fs::write(dir.join("upstream").join(vendored), upstream.to_string()).unwrap();
        let file = dir.join(format!("{spec}.overlay.yaml"));
        std::fs::copy(overlay_file(spec), &file).unwrap();

        let error = generator::load::load_file(&file).expect_err("an action matches nothing");
        let _ = std::fs::remove_dir_all(&dir);
        let problem = error.problem().expect("a located problem");
        let overlay = load_yaml(&overlay_file(spec));
        let index = overlay["actions"]
            .as_array()
            .unwrap()
            .iter()
            .position(|a| a["target"] == "$.paths['/conversation/pbx/call/search'].post")
            .expect("the overlay has an action for call search");
        assert_eq!(problem.file, file);
        assert_eq!(problem.pointer, format!("#/actions/{index}"));
        assert_eq!(
            problem.message,
            format!("action {index} (target `$.paths['/conversation/pbx/call/search'].post`) matches nothing in the upstream document")
        );
    }
}
