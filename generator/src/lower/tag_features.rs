//! Cargo features per tag, for a big API whose users may need only part of it (as
//! async-stripe offers): each operation is compiled under the features of its groups, each
//! model under those of the operations that reach it.
//!
//! An operation's groups are its tags; where no operation of the spec carries a tag
//! (Stripe's 468), its path resource (`lower/resources.rs`): one mechanism, two sources of
//! group names ([`FeatureGrouping`]). A crate gets features when its operations fall in
//! more than one group and it has more than [`THRESHOLD`] operations, unless
//! `x-codegen.tag-features` says yes or no. One group (UltraCart's 128 operations are all
//! tagged `conversation`) would make a feature that is the whole crate; a small crate
//! compiles in seconds, where the `#[cfg]`s and the choice of features would cost its users
//! more than they save.
//!
//! The rules, in the order they are applied:
//! - an operation in several groups (tags) is compiled under any of them; one without
//!   tags in a tagged spec, and the operation a WebSocket event stream reads its URL from,
//!   always;
//! - a model is compiled under the features of every gated operation that reaches it
//!   through parameters, bodies, responses, page items, fields, variants and aliases; a
//!   model reached by an ungated operation, by an error body (`ApiErrorBody`), by an event
//!   stream, or by nothing at all, always (and so is everything it reaches);
//! - `full` turns on every feature per group and is on by default: the default build is
//!   the whole API, as without features; `default-features = false` and the groups wanted
//!   (and a TLS feature) give the small build.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::ToKebabCase;

use super::resources;
use crate::ir::{CONFIG_FEATURE, Crate, EVENTS_FEATURE, EventTransport, FULL_FEATURE, FeatureGrouping, Gate, Operation, TagFeature, TypeDef, TypeKind, TypeRef};

/// Above this many operations a crate's build time starts to matter: Kubernetes (1,123
/// operations) takes minutes to check whole; the chat APIs (3 to 128) seconds.
pub const THRESHOLD: usize = 50;

/// Names the crate's manifest already uses, as features or optional dependencies.
const TAKEN: &[&str] = &[
    "default", FULL_FEATURE, "rustls-aws-lc-rs", "rustls-ring", "native-tls", EVENTS_FEATURE, CONFIG_FEATURE,
    "rustls", "rustls-platform-verifier", "tokio-tungstenite", "rust-ini", "notify", "tracing-subscriber",
];

/// The groups of every operation of a crate that gets features per group.
pub struct Plan {
    pub grouping: FeatureGrouping,
    /// Each operation's groups, in the order of `Crate::operations`: distinct, maybe none.
    groups: Vec<Vec<String>>,
}

/// The crate's features per group, if it gets them: `setting` (`x-codegen.tag-features`)
/// when given, else the rule above.
pub fn plan(operations: &[Operation], setting: Option<bool>) -> Option<Plan> {
    let tagged = operations.iter().any(|op| !op.tags.is_empty());
    let plan = match tagged {
        true => Plan { grouping: FeatureGrouping::Tag, groups: operations.iter().map(|op| distinct(op.tags.iter().cloned())).collect() },
        false => Plan { grouping: FeatureGrouping::Resource, groups: resource_groups(operations) },
    };
    let distinct_groups: HashSet<&String> = plan.groups.iter().flatten().collect();
    setting.unwrap_or(distinct_groups.len() > 1 && operations.len() > THRESHOLD).then_some(plan)
}

fn distinct(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    names.into_iter().filter(|name| seen.insert(name.clone())).collect()
}

/// Each operation's resource, as the README groups them, but one level deep: a resource
/// that `resources::by_resource` splits by its next segment (`customers/cards`,
/// `customers/sources`, ... in Stripe) stays one feature. Sub-resources act on their
/// resource and reach its models anyway, so a feature each would save little while a user
/// had to name several for one resource, and Stripe would get 103 features, 30 of them of
/// one or two operations; one level gives it 62 of 1 to 47 operations (`customers`, the
/// biggest, is a tenth of the API; 14 have one or two), and product areas that Stripe
/// nests under one segment (`issuing`, `terminal`, `treasury`) are one feature each, as in
/// async-stripe. An API whose paths all fall in one resource gets no groups.
fn resource_groups(operations: &[Operation]) -> Vec<Vec<String>> {
    let paths: Vec<&str> = operations.iter().map(|op| op.path.as_str()).collect();
    let mut groups = vec![Vec::new(); operations.len()];
    let resources = resources::by_resource(&paths);
    if resources.len() < 2 {
        return groups;
    }
    for (resource, members) in resources {
        let top = resource.split('/').next().unwrap_or_default();
        for index in members {
            groups[index] = vec![top.to_string()];
        }
    }
    groups
}

impl Plan {
    /// One feature per distinct group, sorted by group: its name is the group in
    /// kebab-case, with a number added where it would repeat a name already taken.
    pub fn features(&self) -> Vec<TagFeature> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for group in self.groups.iter().flatten() {
            *counts.entry(group).or_default() += 1;
        }
        let mut taken: HashSet<String> = TAKEN.iter().map(|name| name.to_string()).collect();
        counts
            .into_iter()
            .map(|(group, operations)| {
                let stem = feature_stem(group, self.grouping.noun());
                let feature = (1..).map(|n| if n == 1 { stem.clone() } else { format!("{stem}-{n}") }).find(|name| !taken.contains(name)).unwrap_or(stem);
                taken.insert(feature.clone());
                TagFeature { group: group.to_string(), feature, operations }
            })
            .collect()
    }

    /// Gates the operations and models of `krate` by `features` (from [`Plan::features`]),
    /// and the imports of `operations.rs` with them.
    pub fn apply(&self, krate: &mut Crate, features: &[TagFeature]) {
        let feature_of: HashMap<&str, &str> = features.iter().map(|t| (t.group.as_str(), t.feature.as_str())).collect();
        let order: HashMap<&str, usize> = features.iter().enumerate().map(|(i, t)| (t.feature.as_str(), i)).collect();
        let url_operations: HashSet<String> = krate
            .event_streams
            .iter()
            .filter_map(|s| match &s.transport {
                EventTransport::WebSocket { operation_method, .. } => Some(operation_method.clone()),
                EventTransport::CometD { .. } => None,
            })
            .collect();
        for (op, groups) in krate.operations.iter_mut().zip(&self.groups) {
            if url_operations.contains(&op.method_name) {
                continue;
            }
            let mut gate: Vec<&str> = groups.iter().filter_map(|group| feature_of.get(group.as_str()).copied()).collect();
            gate.sort_by_key(|f| order[f]);
            gate.dedup();
            op.gate = Gate(gate.into_iter().map(str::to_string).collect());
        }
        let gates = model_gates(krate, &order);
        for t in &mut krate.types {
            t.gate = gates.get(&t.name).cloned().unwrap_or_default();
        }
        krate.operations_gate = union(krate.operations.iter().map(|op| &op.gate), &order);
        let naming_models = krate.operations.iter().filter(|op| !operation_models(op).is_empty()).map(|op| &op.gate);
        krate.operations_models_gate = union(naming_models, &order);
    }
}

/// The group in kebab-case, ASCII letters and digits only, starting with a letter (what
/// any cargo accepts, and reads as a name); `noun` where it has no letter or digit, and
/// before a leading digit.
fn feature_stem(group: &str, noun: &str) -> String {
    let ascii: String = group.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let kebab = ascii.to_kebab_case();
    match kebab.chars().next() {
        None => noun.to_string(),
        Some(first) if first.is_ascii_digit() => format!("{noun}-{kebab}"),
        Some(_) => kebab,
    }
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
    // Models by index, so reaching them is a walk over numbers: a big API has thousands of
    // models and dozens of features (Stripe: 5,826 and 62).
    let index: HashMap<&str, usize> = krate.types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let indices = |names: Vec<String>| -> Vec<usize> { names.iter().filter_map(|name| index.get(name.as_str()).copied()).collect() };
    let edges: Vec<Vec<usize>> = krate.types.iter().map(|t| indices(type_models(t))).collect();
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
    let reached_by: Vec<(&str, Vec<bool>)> = roots_of.into_iter().map(|(feature, roots)| (feature, reachable(indices(roots), &edges))).collect();
    // A model no gated operation reaches is always compiled, and so must be what it names.
    let mut open_roots = indices(open_roots);
    open_roots.extend((0..krate.types.len()).filter(|&model| !reached_by.iter().any(|(_, reached)| reached[model])));
    let open = reachable(open_roots, &edges);
    let mut gates: HashMap<String, Gate> = HashMap::new();
    for (model, t) in krate.types.iter().enumerate().filter(|&(model, _)| !open[model]) {
        let mut features: Vec<&str> = reached_by.iter().filter(|(_, reached)| reached[model]).map(|(feature, _)| *feature).collect();
        if !features.is_empty() {
            features.sort_by_key(|f| order[f]);
            gates.insert(t.name.clone(), Gate(features.into_iter().map(str::to_string).collect()));
        }
    }
    gates
}

/// Whether each model is reachable from `roots`, the roots included.
fn reachable(roots: Vec<usize>, edges: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = roots;
    while let Some(model) = stack.pop() {
        if !std::mem::replace(&mut seen[model], true) {
            stack.extend(edges[model].iter().filter(|&&next| !seen[next]));
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
        // At the threshold, or with one tag: none.
        assert!(lowered(&spec(THRESHOLD, &["a", "b"], "")).tag_features.is_empty());
        assert!(lowered(&spec(THRESHOLD + 1, &["a"], "")).tag_features.is_empty());
        // `x-codegen.tag-features` decides either way.
        assert!(lowered(&spec(THRESHOLD + 1, &["a", "b"], "x-codegen: {tag-features: false}\n")).tag_features.is_empty());
        assert_eq!(lowered(&spec(3, &["a"], "x-codegen: {tag-features: true}\n")).tag_features.len(), 1);
    }

    /// A spec of `count` untagged operations, on `/v1/<resource>/{id}/<sub>` paths that
    /// cycle through `resources`, the sub-resource numbered by the operation.
    fn untagged(count: usize, resources: &[&str], setting: &str) -> String {
        let mut paths = String::new();
        for i in 0..count {
            let resource = resources[i % resources.len()];
            paths.push_str(&format!("  /v1/{resource}/{{id}}/sub{i}: {{get: {{operationId: op{i}, parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}], responses: {{'204': {{description: ok}}}}}}}}\n"));
        }
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{setting}servers: [{{url: 'https://example.com'}}]\npaths:\n{paths}")
    }

    #[test]
    fn big_untagged_specs_get_features_per_resource() {
        let krate = lowered(&untagged(THRESHOLD + 1, &["payment_intents", "customers"], ""));
        assert_eq!(krate.feature_grouping, FeatureGrouping::Resource);
        let features: Vec<(&str, &str, usize)> = krate.tag_features.iter().map(|t| (t.group.as_str(), t.feature.as_str(), t.operations)).collect();
        // 26 operations under `customers` would make the README split it by sub-resource;
        // the feature stays one.
        assert_eq!(features, [("customers", "customers", 25), ("payment_intents", "payment-intents", 26)]);
        assert!(krate.readme_groups.len() > 2, "the README still splits the big resource");
        assert!(krate.operations.iter().all(|op| op.gate.0.len() == 1));
        // At the threshold, or with every path in one resource: none.
        assert!(lowered(&untagged(THRESHOLD, &["a", "b"], "")).tag_features.is_empty());
        let one_resource = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-codegen: {tag-features: true}\npaths:\n  /things: {get: {operationId: list, responses: {'204': {description: ok}}}}\n  /things/{id}: {delete: {operationId: remove, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}}\n";
        assert!(lowered(one_resource).tag_features.is_empty());
        // `x-codegen.tag-features` decides either way, on small specs too.
        assert!(lowered(&untagged(THRESHOLD + 1, &["a", "b"], "x-codegen: {tag-features: false}\n")).tag_features.is_empty());
        assert_eq!(lowered(&untagged(3, &["a", "b"], "x-codegen: {tag-features: true}\n")).tag_features.len(), 2);
    }

    #[test]
    fn one_tagged_operation_makes_the_features_per_tag() {
        let mut yaml = untagged(THRESHOLD + 1, &["a", "b"], "");
        yaml.push_str("  /v1/c: {get: {operationId: tagged, tags: [t], responses: {'204': {description: ok}}}}\n");
        let krate = lowered(&yaml);
        // One tag is one group: no features, and none per resource either.
        assert!(krate.tag_features.is_empty());
        assert_eq!(krate.feature_grouping, FeatureGrouping::Tag);
    }

    #[test]
    fn names_are_kebab_case_and_unique() {
        let krate = lowered(&spec(7, &["Core V1", "core_v1", "events", "full", "日本", "rust-ini", "3ds"], "x-codegen: {tag-features: true}\n"));
        let names: Vec<(&str, &str)> = krate.tag_features.iter().map(|t| (t.group.as_str(), t.feature.as_str())).collect();
        assert_eq!(names, [("3ds", "tag-3ds"), ("Core V1", "core-v1"), ("core_v1", "core-v1-2"), ("events", "events-2"), ("full", "full-2"), ("rust-ini", "rust-ini-2"), ("日本", "tag")]);
        let declared: HashSet<&str> = krate.cargo_features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(declared.len(), krate.cargo_features.len(), "a feature is declared twice");
        let resources = lowered(&untagged(2, &["3d_secure", "full"], "x-codegen: {tag-features: true}\n"));
        let names: Vec<&str> = resources.tag_features.iter().map(|t| t.feature.as_str()).collect();
        assert_eq!(names, ["resource-3d-secure", "full-2"]);
    }

    #[test]
    fn every_gated_operation_means_a_build_needs_one_tag() {
        let krate = lowered(&spec(4, &["a", "b"], "x-codegen: {tag-features: true}\n"));
        assert_eq!(krate.operations_gate, Gate(vec!["a".into(), "b".into()]));
        assert!(krate.operations.iter().all(|op| op.gate.0.len() == 1));
    }
}
