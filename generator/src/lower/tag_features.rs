//! Cargo features per tag, for a big API whose users may need only part of it (as
//! async-stripe offers): each operation is compiled under the features of its tags, each
//! model under those of the operations that reach it.
//!
//! A crate gets them when its operations carry more than one distinct tag and it has more
//! than [`THRESHOLD`] operations, unless `x-codegen.tag-features` says yes or no. One tag
//! (UltraCart's 128 operations are all `conversation`) would make a feature that is the
//! whole crate; a small crate compiles in seconds, where the `#[cfg]`s and the choice of
//! features would cost its users more than they save.
//!
//! The rules, in the order they are applied:
//! - an operation with several tags is compiled under any of them; one without tags, and
//!   the operation a WebSocket event stream reads its URL from, always;
//! - a model is compiled under the features of every gated operation that reaches it
//!   through parameters, bodies, responses, page items, fields, variants and aliases; a
//!   model reached by an ungated operation, by an error body (`ApiErrorBody`), by an event
//!   stream, or by nothing at all, always (and so is everything it reaches);
//! - `full` turns on every tag feature and is on by default: the default build is the
//!   whole API, as without features; `default-features = false` and the tags wanted (and
//!   a TLS feature) give the small build.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::ToKebabCase;

use crate::ir::{CONFIG_FEATURE, Crate, EVENTS_FEATURE, EventTransport, FULL_FEATURE, Gate, Operation, TagFeature, TypeDef, TypeKind, TypeRef};

/// Above this many operations a crate's build time starts to matter: Kubernetes (1,123
/// operations) takes minutes to check whole; the chat APIs (3 to 128) seconds.
pub const THRESHOLD: usize = 50;

/// Names the crate's manifest already uses, as features or optional dependencies.
const TAKEN: &[&str] = &[
    "default", FULL_FEATURE, "rustls-aws-lc-rs", "rustls-ring", "native-tls", EVENTS_FEATURE, CONFIG_FEATURE,
    "rustls", "rustls-platform-verifier", "tokio-tungstenite", "rust-ini", "notify", "tracing-subscriber",
];

/// Whether the crate gets features per tag: `setting` (`x-codegen.tag-features`) when
/// given, else the rule above.
pub fn wanted(operations: &[Operation], setting: Option<bool>) -> bool {
    let distinct: HashSet<&str> = operations.iter().flat_map(|op| op.tags.iter().map(String::as_str)).collect();
    setting.unwrap_or(distinct.len() > 1 && operations.len() > THRESHOLD)
}

/// One feature per distinct tag, sorted by tag: its name is the tag in kebab-case, with a
/// number added where it would repeat a name already taken.
pub fn features(operations: &[Operation]) -> Vec<TagFeature> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for op in operations {
        let unique: HashSet<&str> = op.tags.iter().map(String::as_str).collect();
        for tag in unique {
            *counts.entry(tag).or_default() += 1;
        }
    }
    let mut taken: HashSet<String> = TAKEN.iter().map(|name| name.to_string()).collect();
    counts
        .into_iter()
        .map(|(tag, operations)| {
            let stem = feature_stem(tag);
            let feature = (1..).map(|n| if n == 1 { stem.clone() } else { format!("{stem}-{n}") }).find(|name| !taken.contains(name)).unwrap_or(stem);
            taken.insert(feature.clone());
            TagFeature { tag: tag.to_string(), feature, operations }
        })
        .collect()
}

/// The tag in kebab-case, ASCII letters and digits only, starting with a letter (what any
/// cargo accepts, and reads as a name).
fn feature_stem(tag: &str) -> String {
    let ascii: String = tag.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let kebab = ascii.to_kebab_case();
    match kebab.chars().next() {
        None => "tag".to_string(),
        Some(first) if first.is_ascii_digit() => format!("tag-{kebab}"),
        Some(_) => kebab,
    }
}

/// Gates the operations and models of `krate` by `tags` (its features), and the imports of
/// `operations.rs` with them.
pub fn apply(krate: &mut Crate, tags: &[TagFeature]) {
    let feature_of: HashMap<&str, &str> = tags.iter().map(|t| (t.tag.as_str(), t.feature.as_str())).collect();
    let order: HashMap<&str, usize> = tags.iter().enumerate().map(|(i, t)| (t.feature.as_str(), i)).collect();
    let url_operations: HashSet<String> = krate
        .event_streams
        .iter()
        .filter_map(|s| match &s.transport {
            EventTransport::WebSocket { operation_method, .. } => Some(operation_method.clone()),
            EventTransport::CometD { .. } => None,
        })
        .collect();
    for op in &mut krate.operations {
        if url_operations.contains(&op.method_name) {
            continue;
        }
        let mut features: Vec<&str> = op.tags.iter().filter_map(|tag| feature_of.get(tag.as_str()).copied()).collect();
        features.sort_by_key(|f| order[f]);
        features.dedup();
        op.gate = Gate(features.into_iter().map(str::to_string).collect());
    }
    let gates = model_gates(krate, &order);
    for t in &mut krate.types {
        t.gate = gates.get(&t.name).cloned().unwrap_or_default();
    }
    krate.operations_gate = union(krate.operations.iter().map(|op| &op.gate), &order);
    let naming_models = krate.operations.iter().filter(|op| !operation_models(op).is_empty()).map(|op| &op.gate);
    krate.operations_models_gate = union(naming_models, &order);
}

/// The gate of code that any of these gates' items use: open if one of them is (or none
/// is given), else every feature of them.
fn union<'a>(gates: impl IntoIterator<Item = &'a Gate>, order: &HashMap<&str, usize>) -> Gate {
    let mut features: Vec<&str> = Vec::new();
    for gate in gates {
        if gate.is_open() {
            return Gate::default();
        }
        features.extend(gate.0.iter().map(String::as_str));
    }
    features.sort_by_key(|f| order[f]);
    features.dedup();
    Gate(features.into_iter().map(str::to_string).collect())
}

/// The models an operation's own types name directly.
pub fn operation_models(op: &Operation) -> Vec<String> {
    let mut named = Vec::new();
    let params = op.params.iter().map(|p| &p.ty);
    let body = op.body.iter().map(|b| &b.ty);
    let cases = op.responses.iter().filter_map(|c| c.ty.as_ref());
    let variants = op.response_enum.iter().flat_map(|e| &e.variants).filter_map(|v| v.ty.as_ref());
    let items = op.pagination.iter().map(|p| &p.item_type);
    params.chain(body).chain([&op.ok_type]).chain(cases).chain(variants).chain(items).for_each(|ty| ty.models(&mut named));
    named
}

/// The models a model's fields, variants or aliased type name directly.
fn type_models(t: &TypeDef) -> Vec<String> {
    let mut named = Vec::new();
    let types: Vec<&TypeRef> = match &t.kind {
        TypeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::TaggedUnion { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { ty } | TypeKind::Newtype { ty } => vec![ty],
        TypeKind::Enum { .. } => Vec::new(),
    };
    types.into_iter().for_each(|ty| ty.models(&mut named));
    named
}

/// Each gated model's gate: the features whose operations reach it, where nothing
/// ungated does and something does.
fn model_gates(krate: &Crate, order: &HashMap<&str, usize>) -> HashMap<String, Gate> {
    let edges: HashMap<&str, Vec<String>> = krate.types.iter().map(|t| (t.name.as_str(), type_models(t))).collect();
    let mut open_roots: Vec<String> = Vec::new();
    let mut roots_of: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in &krate.operations {
        let named = operation_models(op);
        match op.gate.is_open() {
            true => open_roots.extend(named),
            false => op.gate.0.iter().for_each(|f| roots_of.entry(f.as_str()).or_default().extend(named.iter().cloned())),
        }
    }
    krate.error_bodies.iter().for_each(|e| e.ty.models(&mut open_roots));
    for stream in &krate.event_streams {
        stream.message_type.models(&mut open_roots);
        stream.message_union.iter().flat_map(|u| &u.variants).for_each(|v| v.ty.models(&mut open_roots));
        if let EventTransport::WebSocket { response_type, .. } = &stream.transport {
            response_type.models(&mut open_roots);
        }
    }
    let reached_by: Vec<(&str, HashSet<String>)> = roots_of.into_iter().map(|(feature, roots)| (feature, reachable(roots, &edges))).collect();
    // A model no gated operation reaches is always compiled, and so must be what it names.
    open_roots.extend(krate.types.iter().filter(|t| !reached_by.iter().any(|(_, reached)| reached.contains(&t.name))).map(|t| t.name.clone()));
    let open = reachable(open_roots, &edges);
    let mut gates: HashMap<String, Vec<&str>> = HashMap::new();
    for (feature, reached) in reached_by {
        for model in reached {
            if !open.contains(&model) {
                gates.entry(model).or_default().push(feature);
            }
        }
    }
    gates
        .into_iter()
        .map(|(model, mut features)| {
            features.sort_by_key(|f| order[f]);
            (model, Gate(features.into_iter().map(str::to_string).collect()))
        })
        .collect()
}

/// Every model reachable from `roots`, the roots included.
fn reachable(roots: Vec<String>, edges: &HashMap<&str, Vec<String>>) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut stack = roots;
    while let Some(model) = stack.pop() {
        if seen.insert(model.clone()) {
            stack.extend(edges.get(model.as_str()).into_iter().flatten().filter(|m| !seen.contains(*m)).cloned());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(yaml: &str) -> Crate {
        let spec = crate::load::load_str(std::path::Path::new("tags.yaml"), yaml).expect("loads");
        crate::lower::lower(&spec, &crate::Overrides::default()).expect("lowers")
    }

    /// A spec of `count` operations spread over `tags` (none where `tags` is empty).
    fn spec(count: usize, tags: &[&str], setting: &str) -> String {
        let mut paths = String::new();
        for i in 0..count {
            let tag = match tags {
                [] => String::new(),
                _ => format!("tags: ['{}'], ", tags[i % tags.len()]),
            };
            paths.push_str(&format!("  /op{i}: {{get: {{operationId: op{i}, {tag}responses: {{'204': {{description: ok}}}}}}}}\n"));
        }
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{setting}servers: [{{url: 'https://example.com'}}]\npaths:\n{paths}")
    }

    #[test]
    fn big_specs_of_several_tags_get_features_unless_told_otherwise() {
        assert_eq!(lowered(&spec(THRESHOLD + 1, &["a", "b"], "")).tag_features.len(), 2);
        // At the threshold, with one tag, or without tags: none.
        assert!(lowered(&spec(THRESHOLD, &["a", "b"], "")).tag_features.is_empty());
        assert!(lowered(&spec(THRESHOLD + 1, &["a"], "")).tag_features.is_empty());
        assert!(lowered(&spec(THRESHOLD + 1, &[], "")).tag_features.is_empty());
        // `x-codegen.tag-features` decides either way.
        assert!(lowered(&spec(THRESHOLD + 1, &["a", "b"], "x-codegen: {tag-features: false}\n")).tag_features.is_empty());
        assert_eq!(lowered(&spec(3, &["a"], "x-codegen: {tag-features: true}\n")).tag_features.len(), 1);
    }

    #[test]
    fn names_are_kebab_case_and_unique() {
        let krate = lowered(&spec(7, &["Core V1", "core_v1", "events", "full", "日本", "rust-ini", "3ds"], "x-codegen: {tag-features: true}\n"));
        let names: Vec<(&str, &str)> = krate.tag_features.iter().map(|t| (t.tag.as_str(), t.feature.as_str())).collect();
        assert_eq!(names, [("3ds", "tag-3ds"), ("Core V1", "core-v1"), ("core_v1", "core-v1-2"), ("events", "events-2"), ("full", "full-2"), ("rust-ini", "rust-ini-2"), ("日本", "tag")]);
        let declared: HashSet<&str> = krate.cargo_features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(declared.len(), krate.cargo_features.len(), "a feature is declared twice");
    }

    #[test]
    fn every_gated_operation_means_a_build_needs_one_tag() {
        let krate = lowered(&spec(4, &["a", "b"], "x-codegen: {tag-features: true}\n"));
        assert_eq!(krate.operations_gate, Gate(vec!["a".into(), "b".into()]));
        assert!(krate.operations.iter().all(|op| op.gate.0.len() == 1));
    }
}
