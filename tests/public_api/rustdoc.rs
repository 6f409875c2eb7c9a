//! What a generated crate really exposes, read from rustdoc's JSON output (the format
//! `cargo-semver-checks` and `cargo-public-api` read).
//!
//! The JSON is read loosely with `serde_json`, not through the `rustdoc-types` crate: that
//! crate matches exactly one `format_version`, so every toolchain update would break the
//! test, while the few fields read here (`index`, `paths`, `root`, an item's `name`,
//! `visibility`, `span`, `attrs` and `inner`) have kept their shape across versions.
//! A shape this reader does not know is a panic that says so, never a silently empty API.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Where an item is defined, which decides which rule it answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Printed by the generator from the spec (`models.rs`, `operations.rs`, ...).
    Generated,
    /// A module of the shared runtime, copied into `src/runtime/`.
    Runtime,
    /// Another crate's item re-exported (a public dependency).
    External,
}

/// One public path of the crate: an item, or a member (field, variant, inherent method or
/// associated constant) of one.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `function`, `struct`, `variant`, `module`, ...: the key of rustdoc's `inner`.
    pub kind: String,
    pub origin: Origin,
    /// `#[doc(hidden)]`: public all the same (rustdoc is asked to list hidden items).
    pub hidden: bool,
    /// The path of the type this is a member of, when it is a member.
    pub owner: Option<String>,
    /// The item's documentation (Markdown).
    pub docs: String,
}

/// The crate's public API: every path a user can name, from the crate root (without the
/// crate name: `models::Pet::name`, `Client::builder`).
pub struct PublicApi {
    pub entries: BTreeMap<String, Entry>,
    /// Public signatures that name a type or trait of the crate that is not public
    /// (`Client::builder -> runtime::client::ClientBuilder` when it is not re-exported): the
    /// user gets a value of a type they cannot name or look up in the docs.
    pub leaks: BTreeSet<String>,
    /// The crate's root documentation (its README).
    pub root_docs: String,
}

impl PublicApi {
    /// The documentation of the module `path` is in (the root's for a root item).
    pub fn module_docs(&self, path: &str) -> &str {
        match path.rsplit_once("::") {
            Some((module, _)) => self.entries.get(module).map_or("", |e| e.docs.as_str()),
            None => &self.root_docs,
        }
    }
}

/// Runs rustdoc on one crate of the workspace (with every cargo feature, so items behind a
/// feature count as API too) and reads its JSON.
///
/// The JSON output is unstable rustdoc, so it needs `RUSTC_BOOTSTRAP=1` on a stable
/// toolchain; cargo fingerprints that variable, so the run gets its own target directory
/// (`target/public-api/`), or every `cargo doc` of the workspace and every run of this test
/// would rebuild the other's dependencies.
pub fn document(workspace: &Path, package: &str) -> PublicApi {
    let target = workspace.join("target").join("public-api");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTDOCFLAGS")
        .args(["rustdoc", "--quiet", "--lib", "--all-features", "-p", package, "--"])
        .args(["-Z", "unstable-options", "--output-format", "json", "--document-hidden-items"])
        .output()
        .expect("run cargo rustdoc");
    assert!(output.status.success(), "cargo rustdoc -p {package} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let file = target.join("doc").join(format!("{}.json", package.replace('-', "_")));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Reader::new(&json).read()
}

struct Reader<'a> {
    index: &'a serde_json::Map<String, Value>,
    paths: &'a serde_json::Map<String, Value>,
    root: &'a Value,
    entries: BTreeMap<String, Entry>,
    /// Ids of the items reachable by a public path.
    reachable: BTreeSet<String>,
    /// (public path, item) of every reachable item, for the leak check.
    signatures: Vec<(String, &'a Value)>,
    visited_modules: BTreeSet<String>,
}

impl<'a> Reader<'a> {
    fn new(json: &'a Value) -> Self {
        let object = |key: &str| json[key].as_object().unwrap_or_else(|| panic!("rustdoc JSON without `{key}`"));
        let format = json["format_version"].as_u64().unwrap_or(0);
        assert!(format >= 40, "rustdoc JSON format_version {format} is older than this reader knows (`use` items, integer ids)");
        let root = json.get("root").expect("rustdoc JSON without `root`");
        Reader {
            index: object("index"),
            paths: object("paths"),
            root,
            entries: BTreeMap::new(),
            reachable: BTreeSet::new(),
            signatures: Vec::new(),
            visited_modules: BTreeSet::new(),
        }
    }

    fn read(mut self) -> PublicApi {
        let root = self.item(self.root).expect("the crate root is in the index");
        let root_docs = root["docs"].as_str().unwrap_or_default().to_string();
        self.module(root, "");
        let leaks = self.leaks();
        PublicApi { entries: self.entries, leaks, root_docs }
    }

    fn item(&self, id: &Value) -> Option<&'a Value> {
        lookup(self.index, id)
    }

    fn module(&mut self, module: &'a Value, prefix: &str) {
        let key = id_key(&module["id"]);
        if !self.visited_modules.insert(key) {
            return;
        }
        for id in inner(module).1["items"].as_array().expect("a module lists its items") {
            let Some(item) = self.item(id) else { continue };
            if item["visibility"] != "public" {
                continue;
            }
            let (kind, body) = inner(item);
            if kind != "use" {
                let name = item["name"].as_str().expect("a named item");
                self.public_item(item, &join(prefix, name));
                continue;
            }
            let name = body["name"].as_str().expect("a `use` names what it imports");
            match body.get("id").and_then(|id| self.item(id)) {
                Some(target) if body["is_glob"] == true => {
                    if inner(target).0 == "module" {
                        self.module(target, prefix);
                    }
                }
                Some(target) => self.public_item(target, &join(prefix, name)),
                // A re-export of another crate's item that rustdoc did not inline.
                None => self.add(&join(prefix, name), "use", Origin::External, item, None),
            }
        }
    }

    /// A public item at `path`, with its members.
    fn public_item(&mut self, item: &'a Value, path: &str) {
        let (kind, body) = inner(item);
        let origin = origin(item);
        let index = self.index;
        self.reachable.insert(id_key(&item["id"]));
        self.add(path, kind, origin, item, None);
        self.signatures.push((path.to_string(), item));
        match kind {
            "module" => self.module(item, path),
            "struct" => {
                if let Some(fields) = body["kind"]["plain"]["fields"].as_array() {
                    for field in fields.iter().filter_map(|id| lookup(index, id)) {
                        self.member(field, path);
                    }
                }
                for id in body["kind"]["tuple"].as_array().into_iter().flatten() {
                    if let Some(field) = self.item(id) {
                        self.signatures.push((format!("{path}::{}", field["name"].as_str().unwrap_or("0")), field));
                    }
                }
            }
            "enum" => {
                for variant in body["variants"].as_array().expect("an enum lists its variants").iter().filter_map(|id| lookup(index, id)) {
                    self.member(variant, path);
                    let kind = &inner(variant).1["kind"];
                    let fields = kind["tuple"].as_array().or_else(|| kind["struct"]["fields"].as_array());
                    for field in fields.into_iter().flatten().filter_map(|id| lookup(index, id)) {
                        self.signatures.push((format!("{path}::{}", variant["name"].as_str().unwrap_or_default()), field));
                    }
                }
            }
            _ => {}
        }
        for impl_id in body["impls"].as_array().into_iter().flatten() {
            let Some(block) = self.item(impl_id) else { continue };
            let block = inner(block).1;
            if !block["trait"].is_null() {
                continue;
            }
            for member in block["items"].as_array().into_iter().flatten().filter_map(|id| lookup(index, id)) {
                if member["visibility"] == "public" {
                    self.member(member, path);
                }
            }
        }
    }

    fn member(&mut self, member: &'a Value, owner: &str) {
        if member["visibility"] != "public" && inner(member).0 != "variant" {
            return;
        }
        let name = member["name"].as_str().expect("a named member");
        let path = format!("{owner}::{name}");
        self.add(&path, inner(member).0, origin(member), member, Some(owner.to_string()));
        self.signatures.push((path, member));
    }

    fn add(&mut self, path: &str, kind: &str, origin: Origin, item: &Value, owner: Option<String>) {
        let docs = item["docs"].as_str().unwrap_or_default().to_string();
        self.entries.insert(path.to_string(), Entry { kind: kind.to_string(), origin, hidden: hidden(item), owner, docs });
    }

    /// Every type or trait of this crate that a public signature names but no public path
    /// reaches. A path in rustdoc's JSON is an object with `path` and `id`; `paths` says
    /// which crate the id belongs to (0: this one).
    fn leaks(&self) -> BTreeSet<String> {
        let mut leaks = BTreeSet::new();
        for (public, item) in &self.signatures {
            let mut named = Vec::new();
            named_paths(&item["inner"], &mut named);
            for id in named {
                let Some(summary) = self.paths.get(&id) else { continue };
                if summary["crate_id"] == 0 && !self.reachable.contains(&id) {
                    let private: Vec<&str> = summary["path"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                    leaks.insert(format!("`{public}` names `{}`", private.join("::")));
                }
            }
        }
        leaks
    }
}

fn lookup<'a>(index: &'a serde_json::Map<String, Value>, id: &Value) -> Option<&'a Value> {
    index.get(&id_key(id))
}

/// The kind of an item (`struct`, `use`, ...) and its body.
fn inner(item: &Value) -> (&str, &Value) {
    let object = item["inner"].as_object().expect("an item has `inner`");
    let (kind, body) = object.iter().next().expect("`inner` names the item's kind");
    (kind.as_str(), body)
}

fn origin(item: &Value) -> Origin {
    if item["crate_id"] != 0 {
        return Origin::External;
    }
    let file = item["span"]["filename"].as_str().unwrap_or_default().replace('\\', "/");
    if file.contains("/src/runtime/") { Origin::Runtime } else { Origin::Generated }
}

fn hidden(item: &Value) -> bool {
    item["attrs"].as_array().into_iter().flatten().any(|attr| attr.to_string().contains("doc(hidden)"))
}

/// Ids are integers in current formats and strings in older ones; the index is keyed by
/// their text either way.
fn id_key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The ids of every path (type or trait) a signature names.
///
/// A projection (`<ThisApi as Api>::ErrorBody`) is left out: it stands for the type the
/// crate's implementation of the trait chose, which is public (`ApiErrorBody`), even
/// though the trait and its implementing type are not. rustdoc prints it unresolved;
/// that reads poorly in the docs but leaves users nothing they cannot name.
fn named_paths(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) if object.contains_key("qualified_path") => {}
        Value::Object(object) => {
            if let (Some(Value::String(_)), Some(id)) = (object.get("path"), object.get("id")) {
                out.push(id_key(id));
            }
            object.values().for_each(|v| named_paths(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| named_paths(v, out)),
        _ => {}
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}::{name}") }
}
