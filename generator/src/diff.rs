//! What changed in a generated crate's public API between two generations, classified for
//! semantic versioning.
//!
//! The comparison is between two [`Surface`]s: the parts of an [`ir::Crate`] a Rust user can
//! see (methods and their arguments, return types, models with their fields and variants,
//! servers, auth setters) plus digests of their documentation. Diffing the IR rather than the
//! spec means a change is judged by its effect on Rust code: a renamed schema whose Rust
//! name stays the same is no change, a new required query parameter is a new method
//! argument. [`rule`] is the one table that says how serious each kind of change is and how
//! the changelog words it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ir;

mod recorded;

pub use recorded::RecordedType;

/// How much a change matters to code written against the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing a caller can observe in their code: documentation, wire details, generator output.
    Patch,
    /// New API that existing code does not have to use.
    Additive,
    /// Existing code may stop compiling (or compile into something else).
    Breaking,
}

/// Every kind of change the diff reports. [`rule`] gives each one its level and wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    OperationDeprecated,
    OperationUndeprecated,
    RequestLineChanged,
    SecurityChanged,
    ReturnTypeChanged,
    ResponseVariantAdded,
    ResponseVariantRemoved,
    ResponseVariantTypeChanged,
    StreamAdded,
    StreamRemoved,
    StreamItemChanged,
    InputAdded,
    RequiredInputAdded,
    InputRemoved,
    InputBecameRequired,
    InputBecameOptional,
    InputTypeChanged,
    TypeAdded,
    TypeRemoved,
    TypeKindChanged,
    TypeTargetChanged,
    TypeMadeNonExhaustive,
    TypeMadeExhaustive,
    MemberAddedToExhaustive,
    ConstructorAdded,
    ConstructorRemoved,
    ArgumentsReordered,
    DefaultRemoved,
    FieldAdded,
    RequiredRequestFieldAdded,
    FieldRemoved,
    FieldBecameRequired,
    FieldBecameOptional,
    FieldTypeChanged,
    FieldDeprecated,
    FieldUndeprecated,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
    VariantTypeChanged,
    ServerAdded,
    ServerRemoved,
    SchemeAdded,
    SchemeRemoved,
    ErrorBodyAdded,
    ErrorBodyRemoved,
    ErrorBodyTypeChanged,
    EventStreamAdded,
    EventStreamRemoved,
    EventStreamTypeChanged,
    DocsChanged,
    ApiDocsChanged,
    Regenerated,
}

/// The rule table: for each kind of change, its semver level and its changelog wording.
///
/// In the wording, `{item}` is what changed, `{owner}` the operation or type it belongs to,
/// `{old}` and `{new}` the Rust types (or request lines) before and after. An "input" is a
/// parameter or the request body, already named in `{item}` (``parameter `page_size` `` or
/// `request body`). Breaking changes are printed with a `Breaking:` prefix.
pub const fn rule(kind: Kind) -> (Level, &'static str) {
    use Kind::*;
    use Level::*;
    match kind {
        // Operations: the methods of `Client` and their request builders.
        OperationAdded => (Additive, "added `{item}`"),
        OperationRemoved => (Breaking, "removed `{item}`"),
        OperationDeprecated => (Additive, "deprecated `{item}`"),
        OperationUndeprecated => (Patch, "`{item}` is no longer deprecated"),
        RequestLineChanged => (Patch, "`{item}` now sends `{new}` (was `{old}`)"),
        SecurityChanged => (Patch, "changed the authentication `{item}` sends"),
        ReturnTypeChanged => (Breaking, "`{item}` now returns `{new}` instead of `{old}`"),
        ResponseVariantAdded => (Additive, "added response variant `{owner}::{item}`"),
        ResponseVariantRemoved => (Breaking, "removed response variant `{owner}::{item}`"),
        ResponseVariantTypeChanged => (Breaking, "response variant `{owner}::{item}` changed type from `{old}` to `{new}`"),
        StreamAdded => (Additive, "`{item}` can stream its pages (`into_stream()`)"),
        StreamRemoved => (Breaking, "`{item}` no longer streams its pages"),
        StreamItemChanged => (Breaking, "`{item}` now streams `{new}` instead of `{old}`"),
        // Inputs: required ones are method arguments, optional ones builder setters.
        InputAdded => (Additive, "added optional {item} to `{owner}`"),
        RequiredInputAdded => (Breaking, "new required {item} of `{owner}`"),
        InputRemoved => (Breaking, "removed {item} from `{owner}`"),
        InputBecameRequired => (Breaking, "{item} of `{owner}` became required"),
        InputBecameOptional => (Breaking, "{item} of `{owner}` became optional (a builder setter instead of an argument)"),
        InputTypeChanged => (Breaking, "{item} of `{owner}` changed type from `{old}` to `{new}`"),
        // Models.
        TypeAdded => (Additive, "added type `{item}`"),
        TypeRemoved => (Breaking, "removed type `{item}`"),
        TypeKindChanged => (Breaking, "`{item}` changed from {old} to {new}"),
        TypeTargetChanged => (Breaking, "`{item}` now stands for `{new}` instead of `{old}`"),
        // Structs, enums and unions are `#[non_exhaustive]`: users cannot write their literals
        // or match them without a wildcard arm, so new fields and variants break no one
        // (Cargo's SemVer rules). What they do call is `new(required fields...)` on the
        // structs a request carries: a new required field changes its signature.
        TypeMadeNonExhaustive => (Breaking, "`{item}` is now `#[non_exhaustive]`: build it with its constructor, match it with a wildcard arm"),
        TypeMadeExhaustive => (Additive, "`{item}` is no longer `#[non_exhaustive]`"),
        MemberAddedToExhaustive => (Breaking, "added `{owner}::{item}` to a type that is not `#[non_exhaustive]`"),
        ConstructorAdded => (Additive, "added constructor `{item}::new` and its `with_*` setters"),
        ConstructorRemoved => (Breaking, "removed constructor `{item}::new` (no request carries the type any more)"),
        DefaultRemoved => (Breaking, "`{item}` no longer implements `Default`"),
        // Arguments are positional: the same names in another order (the spec reordered its
        // properties or path parameters) still compile when their types agree, and mean
        // something else.
        ArgumentsReordered => (Breaking, "the arguments of `{item}` are now in the order ({new}), was ({old})"),
        FieldAdded => (Additive, "added field `{owner}::{item}`"),
        RequiredRequestFieldAdded => (Breaking, "`{owner}::new` takes the new required field `{item}`"),
        FieldRemoved => (Breaking, "removed field `{owner}::{item}`"),
        FieldBecameRequired => (Breaking, "field `{owner}::{item}` became required (`{old}` to `{new}`)"),
        FieldBecameOptional => (Breaking, "field `{owner}::{item}` became optional (`{old}` to `{new}`)"),
        FieldTypeChanged => (Breaking, "field `{owner}::{item}` changed type from `{old}` to `{new}`"),
        FieldDeprecated => (Additive, "deprecated field `{owner}::{item}`"),
        FieldUndeprecated => (Patch, "field `{owner}::{item}` is no longer deprecated"),
        EnumValueAdded => (Additive, "added enum value `{owner}::{item}`"),
        EnumValueRemoved => (Breaking, "removed enum value `{owner}::{item}`"),
        VariantAdded => (Additive, "added variant `{owner}::{item}`"),
        VariantRemoved => (Breaking, "removed variant `{owner}::{item}`"),
        VariantTypeChanged => (Breaking, "variant `{owner}::{item}` changed type from `{old}` to `{new}`"),
        // The crate as a whole.
        ServerAdded => (Additive, "added server `Server::{item}`"),
        ServerRemoved => (Breaking, "removed server `Server::{item}`"),
        SchemeAdded => (Additive, "added authentication `{item}` (`ClientBuilder::{item}`)"),
        SchemeRemoved => (Breaking, "removed authentication `{item}` (`ClientBuilder::{item}`)"),
        ErrorBodyAdded => (Additive, "added error body `ApiErrorBody::{item}`"),
        ErrorBodyRemoved => (Breaking, "removed error body `ApiErrorBody::{item}`"),
        ErrorBodyTypeChanged => (Breaking, "error body `ApiErrorBody::{item}` changed type from `{old}` to `{new}`"),
        EventStreamAdded => (Additive, "added event stream `{item}()`"),
        EventStreamRemoved => (Breaking, "removed event stream `{item}()`"),
        EventStreamTypeChanged => (Breaking, "event stream `{item}()` now carries `{new}` instead of `{old}`"),
        DocsChanged => (Patch, "updated the documentation of `{item}`"),
        ApiDocsChanged => (Patch, "updated the documentation of the API"),
        Regenerated => (Patch, "regenerated: the generated files changed, the API did not"),
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub owner: String,
    pub item: String,
    pub old: String,
    pub new: String,
}

impl Change {
    fn new(kind: Kind, owner: &str, item: &str) -> Self {
        Change {
            kind,
            owner: owner.to_string(),
            item: item.to_string(),
            old: String::new(),
            new: String::new(),
        }
    }

    fn between(mut self, old: &str, new: &str) -> Self {
        self.old = old.to_string();
        self.new = new.to_string();
        self
    }

    /// The change a regeneration records when the files changed but the API did not.
    pub fn regenerated() -> Self {
        Change::new(Kind::Regenerated, "", "")
    }

    pub fn level(&self) -> Level {
        rule(self.kind).0
    }

    /// The change in plain words, as the changelog prints it.
    pub fn text(&self) -> String {
        let filled = rule(self.kind)
            .1
            .replace("{owner}", &self.owner)
            .replace("{item}", &self.item)
            .replace("{old}", &self.old)
            .replace("{new}", &self.new);
        if self.level() == Level::Breaking {
            return format!("Breaking: {filled}");
        }
        let mut chars = filled.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}

/// The largest level among changes (`None` when there are none).
pub fn level(changes: &[Change]) -> Option<Level> {
    changes.iter().map(Change::level).max()
}

/// What a Rust user sees of a generated crate. Recorded (as JSON) in each crate so the next
/// regeneration can tell what changed. Maps are keyed by Rust names and sorted, so the
/// record is deterministic; documentation is kept as digests, enough to notice a change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surface {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// `Server` variants.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub servers: BTreeSet<String>,
    /// Credential setters on `ClientBuilder`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub security_schemes: BTreeSet<String>,
    /// `ApiErrorBody` variants and their types.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub error_bodies: BTreeMap<String, String>,
    /// Event streams (by `Client` method) and the type of their messages.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub event_streams: BTreeMap<String, String>,
    /// By method name.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationSurface>,
    /// Models by type name.
    #[serde(default)]
    pub types: BTreeMap<String, TypeSurface>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSurface {
    /// `GET /path/{id}`.
    pub request: String,
    /// The method's arguments (required inputs), in order (records older than this list
    /// lack it: empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// By builder field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, InputSurface>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<InputSurface>,
    /// What `send()` returns.
    pub returns: String,
    /// Variants of the response enum, when `returns` is one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub response_variants: BTreeMap<String, String>,
    /// The item type of `into_stream()`, for paginated operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_item: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

/// A parameter or request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSurface {
    pub ty: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSurface {
    /// `struct`, `enum`, `union`, `alias` or `newtype`.
    pub kind: String,
    /// Reachable from a parameter or request body: callers build values of it (a struct
    /// with `new`), so a new required field breaks them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_request: bool,
    /// `#[non_exhaustive]` (records older than the attribute lack it: `false`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// Implements `Default` (records older than this flag lack it: `false`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// The arguments of the constructor `new`, in order (empty without one, and in records
    /// older than constructors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constructor: Vec<String>,
    /// Fields, enum values or union variants, by Rust name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub members: BTreeMap<String, MemberSurface>,
    /// The aliased type, for aliases and newtypes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSurface {
    /// The field's type or the variant's payload; absent for enum values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<RecordedType>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

impl Surface {
    /// The user-visible surface of a crate.
    pub fn of(krate: &ir::Crate) -> Surface {
        let request_types = crate::lower::request_types(&krate.types, &krate.operations);
        Surface {
            docs: digest(&krate.api.docs),
            servers: krate.servers.iter().map(|s| s.variant.clone()).collect(),
            security_schemes: krate.security_schemes.iter().map(|s| s.field.clone()).collect(),
            error_bodies: krate.error_bodies.iter().map(|e| (e.variant.clone(), e.ty.to_string())).collect(),
            event_streams: krate.event_streams.iter().map(|e| (e.method_name.clone(), e.message_type.to_string())).collect(),
            operations: krate.operations.iter().map(|op| (op.method_name.clone(), operation(op))).collect(),
            types: krate
                .types
                .iter()
                .map(|t| (t.name.clone(), type_surface(t, request_types.contains(t.name.as_str()))))
                .chain(krate.event_streams.iter().filter_map(|s| s.message_union.as_ref()).map(|u| (format!("events::{}", u.name), event_union(u))))
                .collect(),
        }
    }
}

fn operation(op: &ir::Operation) -> OperationSurface {
    let input = |ty: &ir::TypeRef, required: bool, docs: &ir::Docs| InputSurface {
        ty: ty.to_string(),
        required,
        docs: digest(docs),
    };
    OperationSurface {
        request: op.request_line(),
        arguments: op.arguments().iter().map(|input| input.field.to_string()).collect(),
        params: op.params.iter().map(|p| (p.field.clone(), input(&p.ty, p.required, &p.docs))).collect(),
        body: op.body.as_ref().map(|b| input(&b.ty, b.required, &b.docs)),
        returns: op.ok_type.to_string(),
        response_variants: op
            .response_enum
            .iter()
            .flat_map(|e| &e.variants)
            .map(|v| (v.name.clone(), v.ty.as_ref().unwrap_or(&ir::TypeRef::UNIT).to_string()))
            .collect(),
        stream_item: op.pagination.as_ref().map(|p| p.item_type.to_string()),
        deprecated: op.deprecated.is_some(),
        security: op.security.iter().map(|alt| alt.iter().map(ToString::to_string).collect()).collect(),
        docs: digest(&op.docs),
    }
}

fn type_surface(t: &ir::TypeDef, in_request: bool) -> TypeSurface {
    let member = |ty: Option<&ir::TypeRef>, deprecated: bool, docs: &ir::Docs| MemberSurface {
        ty: ty.map(|ty| RecordedType::of(ty, ir::Spelling::InModels)),
        deprecated,
        docs: digest(docs),
    };
    let (kind, members, target) = match &t.kind {
        ir::TypeKind::Struct { fields, .. } => {
            ("struct", fields.iter().map(|f| (f.name.clone(), member(Some(&f.ty), f.deprecated, &f.docs))).collect(), None)
        }
        ir::TypeKind::Enum { variants, .. } => {
            ("enum", variants.iter().map(|v| (v.name.clone(), member(None, false, &v.docs))).collect(), None)
        }
        ir::TypeKind::Union { variants, .. } => ("union", variants.iter().map(|v| (v.name.clone(), member(Some(&v.ty), false, &v.docs))).collect(), None),
        ir::TypeKind::TaggedUnion { variants, .. } => {
            ("union", variants.iter().map(|v| (v.name.clone(), member(Some(&v.ty), false, &v.docs))).collect(), None)
        }
        ir::TypeKind::Alias { ty } => ("alias", BTreeMap::new(), Some(ty.in_models().to_string())),
        ir::TypeKind::Newtype { ty } => ("newtype", BTreeMap::new(), Some(ty.in_models().to_string())),
    };
    TypeSurface {
        kind: kind.to_string(),
        in_request,
        non_exhaustive: t.non_exhaustive,
        default: t.derives.iter().any(|d| d == "Default"),
        constructor: match &t.kind {
            ir::TypeKind::Struct { constructor: Some(c), .. } => c.params.iter().map(|p| p.field.clone()).collect(),
            _ => Vec::new(),
        },
        members,
        target,
        docs: digest(&t.docs),
    }
}

/// An event stream's message union (`events.rs`): a `#[non_exhaustive]` union whose
/// variants are the message kinds, recorded beside the models so a kind added or removed
/// upstream is versioned like a union variant.
fn event_union(u: &ir::EventUnion) -> TypeSurface {
    let members = u
        .variants
        .iter()
        .map(|v| (v.name.clone(), MemberSurface { ty: Some(RecordedType::of(&v.ty, ir::Spelling::InModels)), deprecated: false, docs: digest(&v.docs) }))
        .collect();
    TypeSurface { kind: "union".to_string(), non_exhaustive: true, members, docs: digest(&u.docs), ..TypeSurface::default() }
}

/// A short, stable digest of doc text (FNV-1a, 64 bits): equality is all the diff needs.
fn digest(docs: &ir::Docs) -> String {
    if docs.is_empty() {
        return String::new();
    }
    format!("{:016x}", fnv1a(docs.0.join("\n").as_bytes()))
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `std`'s hasher.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Every change from `old` to `new`, operations first, then models, then the crate level.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    keyed(&old.operations, &new.operations, &mut changes, Kind::OperationAdded, Kind::OperationRemoved, operation_changes);
    keyed(&old.types, &new.types, &mut changes, Kind::TypeAdded, Kind::TypeRemoved, type_changes);
    let unit = |_: &str, _: &(), _: &(), _: &mut Vec<Change>| {};
    let as_map = |set: &BTreeSet<String>| set.iter().map(|s| (s.clone(), ())).collect::<BTreeMap<_, _>>();
    keyed(&as_map(&old.servers), &as_map(&new.servers), &mut changes, Kind::ServerAdded, Kind::ServerRemoved, unit);
    keyed(&as_map(&old.security_schemes), &as_map(&new.security_schemes), &mut changes, Kind::SchemeAdded, Kind::SchemeRemoved, unit);
    keyed(&old.error_bodies, &new.error_bodies, &mut changes, Kind::ErrorBodyAdded, Kind::ErrorBodyRemoved, |name, a, b, out| {
        if a != b {
            out.push(Change::new(Kind::ErrorBodyTypeChanged, "", name).between(a, b));
        }
    });
    keyed(&old.event_streams, &new.event_streams, &mut changes, Kind::EventStreamAdded, Kind::EventStreamRemoved, |name, a, b, out| {
        if a != b {
            out.push(Change::new(Kind::EventStreamTypeChanged, "", name).between(a, b));
        }
    });
    if old.docs != new.docs {
        changes.push(Change::new(Kind::ApiDocsChanged, "", ""));
    }
    changes
}

/// Walks two maps by key: additions, removals, and `both` for keys present in each.
fn keyed<T>(
    old: &BTreeMap<String, T>,
    new: &BTreeMap<String, T>,
    out: &mut Vec<Change>,
    added: Kind,
    removed: Kind,
    both: impl Fn(&str, &T, &T, &mut Vec<Change>),
) {
    for (name, before) in old {
        match new.get(name) {
            Some(after) => both(name, before, after, out),
            None => out.push(Change::new(removed, "", name)),
        }
    }
    for name in new.keys().filter(|name| !old.contains_key(*name)) {
        out.push(Change::new(added, "", name));
    }
}

fn operation_changes(name: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Vec<Change>) {
    let mut docs_changed = old.docs != new.docs;
    reordered(name, &old.arguments, &new.arguments, out);
    if old.returns != new.returns {
        out.push(Change::new(Kind::ReturnTypeChanged, "", name).between(&old.returns, &new.returns));
    } else {
        // Only a response enum has variants, and it is spelled by its bare name.
        let enum_name = new.returns.as_str();
        for (variant, before) in &old.response_variants {
            match new.response_variants.get(variant) {
                None => out.push(Change::new(Kind::ResponseVariantRemoved, enum_name, variant)),
                Some(after) if after != before => {
                    out.push(Change::new(Kind::ResponseVariantTypeChanged, enum_name, variant).between(before, after))
                }
                Some(_) => {}
            }
        }
        for variant in new.response_variants.keys().filter(|v| !old.response_variants.contains_key(*v)) {
            out.push(Change::new(Kind::ResponseVariantAdded, enum_name, variant));
        }
    }
    for (field, before) in &old.params {
        let item = format!("parameter `{field}`");
        match new.params.get(field) {
            Some(after) => {
                input_changes(name, &item, before, after, out);
                docs_changed |= docs_alone_changed(before, after);
            }
            None => out.push(Change::new(Kind::InputRemoved, name, &item)),
        }
    }
    for (field, param) in new.params.iter().filter(|(field, _)| !old.params.contains_key(*field)) {
        let kind = if param.required { Kind::RequiredInputAdded } else { Kind::InputAdded };
        out.push(Change::new(kind, name, &format!("parameter `{field}`")));
    }
    match (&old.body, &new.body) {
        (Some(before), Some(after)) => {
            input_changes(name, "request body", before, after, out);
            docs_changed |= docs_alone_changed(before, after);
        }
        (Some(_), None) => out.push(Change::new(Kind::InputRemoved, name, "request body")),
        (None, Some(body)) => {
            let kind = if body.required { Kind::RequiredInputAdded } else { Kind::InputAdded };
            out.push(Change::new(kind, name, "request body"));
        }
        (None, None) => {}
    }
    match (&old.stream_item, &new.stream_item) {
        (None, Some(_)) => out.push(Change::new(Kind::StreamAdded, "", name)),
        (Some(_), None) => out.push(Change::new(Kind::StreamRemoved, "", name)),
        (Some(a), Some(b)) if a != b => out.push(Change::new(Kind::StreamItemChanged, "", name).between(a, b)),
        _ => {}
    }
    match (old.deprecated, new.deprecated) {
        (false, true) => out.push(Change::new(Kind::OperationDeprecated, "", name)),
        (true, false) => out.push(Change::new(Kind::OperationUndeprecated, "", name)),
        _ => {}
    }
    if old.request != new.request {
        out.push(Change::new(Kind::RequestLineChanged, "", name).between(&old.request, &new.request));
    }
    if old.security != new.security {
        out.push(Change::new(Kind::SecurityChanged, "", name));
    }
    if docs_changed {
        out.push(Change::new(Kind::DocsChanged, "", name));
    }
}

/// Whether an input's docs changed while what they describe did not: the docs generated for
/// an input without spec text say its type, and a changed type is reported as itself.
fn docs_alone_changed(old: &InputSurface, new: &InputSurface) -> bool {
    old.docs != new.docs && old.ty == new.ty && old.required == new.required
}

fn input_changes(owner: &str, item: &str, old: &InputSurface, new: &InputSurface, out: &mut Vec<Change>) {
    if old.ty != new.ty {
        out.push(Change::new(Kind::InputTypeChanged, owner, item).between(&old.ty, &new.ty));
    }
    match (old.required, new.required) {
        (false, true) => out.push(Change::new(Kind::InputBecameRequired, owner, item)),
        (true, false) => out.push(Change::new(Kind::InputBecameOptional, owner, item)),
        _ => {}
    }
}

fn type_changes(name: &str, old: &TypeSurface, new: &TypeSurface, out: &mut Vec<Change>) {
    if old.kind != new.kind {
        out.push(Change::new(Kind::TypeKindChanged, "", name).between(article(&old.kind), article(&new.kind)));
        return;
    }
    if old.target != new.target {
        let show = |t: &Option<String>| t.clone().unwrap_or_default();
        out.push(Change::new(Kind::TypeTargetChanged, "", name).between(&show(&old.target), &show(&new.target)));
    }
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => out.push(Change::new(Kind::TypeMadeNonExhaustive, "", name)),
        (true, false) => out.push(Change::new(Kind::TypeMadeExhaustive, "", name)),
        _ => {}
    }
    // A struct has a constructor when a request carries it, and has had one since it became
    // `#[non_exhaustive]`.
    let constructor = |t: &TypeSurface| t.kind == "struct" && t.in_request && t.non_exhaustive;
    match (constructor(old), constructor(new)) {
        (false, true) => out.push(Change::new(Kind::ConstructorAdded, "", name)),
        (true, false) => out.push(Change::new(Kind::ConstructorRemoved, "", name)),
        _ => {}
    }
    reordered(&format!("{name}::new"), &old.constructor, &new.constructor, out);
    if old.default && !new.default {
        out.push(Change::new(Kind::DefaultRemoved, "", name));
    }
    let (added, removed) = match new.kind.as_str() {
        "enum" => (Kind::EnumValueAdded, Kind::EnumValueRemoved),
        "union" => (Kind::VariantAdded, Kind::VariantRemoved),
        _ => (Kind::FieldAdded, Kind::FieldRemoved),
    };
    let added = if new.non_exhaustive { added } else { Kind::MemberAddedToExhaustive };
    let mut docs_changed = old.docs != new.docs;
    for (member, before) in &old.members {
        let Some(after) = new.members.get(member) else {
            out.push(Change::new(removed, name, member));
            continue;
        };
        // Generated docs describe the type; a changed type is reported as itself.
        docs_changed |= before.docs != after.docs && before.ty == after.ty;
        if let (Some(a), Some(b)) = (&before.ty, &after.ty) {
            if a != b {
                let kind = match new.kind.as_str() {
                    "union" => Kind::VariantTypeChanged,
                    _ if b.is_required_of(a) => Kind::FieldBecameRequired,
                    _ if b.is_optional_of(a) => Kind::FieldBecameOptional,
                    _ => Kind::FieldTypeChanged,
                };
                out.push(Change::new(kind, name, member).between(a.text(), b.text()));
            }
        }
        match (before.deprecated, after.deprecated) {
            (false, true) => out.push(Change::new(Kind::FieldDeprecated, name, member)),
            (true, false) => out.push(Change::new(Kind::FieldUndeprecated, name, member)),
            _ => {}
        }
    }
    for (member, surface) in new.members.iter().filter(|(m, _)| !old.members.contains_key(*m)) {
        let required = surface.ty.as_ref().is_some_and(RecordedType::is_known_required);
        let kind = if added == Kind::FieldAdded && required && constructor(new) { Kind::RequiredRequestFieldAdded } else { added };
        out.push(Change::new(kind, name, member));
    }
    if docs_changed {
        out.push(Change::new(Kind::DocsChanged, "", name));
    }
}

/// Reports arguments that are the same names in another order. Added, removed or retyped
/// arguments are reported as the inputs or fields they are.
fn reordered(item: &str, old: &[String], new: &[String], out: &mut Vec<Change>) {
    let kept_order = |from: &[String], to: &[String]| -> Vec<String> { from.iter().filter(|a| to.contains(a)).cloned().collect() };
    let (before, after) = (kept_order(old, new), kept_order(new, old));
    if before != after {
        out.push(Change::new(Kind::ArgumentsReordered, "", item).between(&before.join(", "), &after.join(", ")));
    }
}

fn article(kind: &str) -> &'static str {
    match kind {
        "struct" => "a struct",
        "enum" => "an enum",
        "union" => "a union",
        "alias" => "a type alias",
        "newtype" => "a newtype",
        _ => "another kind of type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(old: &Surface, new: &Surface) -> Vec<String> {
        diff(old, new).iter().map(Change::text).collect()
    }

    #[test]
    fn a_type_that_changes_kind_is_one_breaking_change() {
        let field = MemberSurface { ty: Some("String".into()), ..MemberSurface::default() };
        let old = Surface {
            types: [("Pet".to_string(), TypeSurface { kind: "struct".into(), members: [("name".to_string(), field)].into(), ..TypeSurface::default() })].into(),
            ..Surface::default()
        };
        let new = Surface {
            types: [("Pet".to_string(), TypeSurface { kind: "enum".into(), ..TypeSurface::default() })].into(),
            ..Surface::default()
        };
        assert_eq!(texts(&old, &new), ["Breaking: `Pet` changed from a struct to an enum"]);
    }

    fn model(kind: &str, in_request: bool, non_exhaustive: bool, members: &[(&str, RecordedType)]) -> Surface {
        let members = members.iter().map(|(name, ty)| (name.to_string(), MemberSurface { ty: Some(ty.clone()), ..MemberSurface::default() }));
        let t = TypeSurface { kind: kind.into(), in_request, non_exhaustive, members: members.collect(), ..TypeSurface::default() };
        Surface { types: [("Pet".to_string(), t)].into(), ..Surface::default() }
    }

    fn levels(old: &Surface, new: &Surface) -> Vec<(Level, String)> {
        diff(old, new).iter().map(|c| (c.level(), c.text())).collect()
    }

    #[test]
    fn a_new_field_breaks_only_a_constructor_or_an_exhaustive_struct() {
        let name = || RecordedType::of(&ir::TypeRef::STRING, ir::Spelling::InModels);
        let age = |ty: ir::TypeRef| RecordedType::of(&ty, ir::Spelling::InModels);
        let required = age(ir::TypeRef::Scalar(ir::Scalar::I64));
        let optional = age(ir::TypeRef::Scalar(ir::Scalar::I64).optional());
        for (in_request, non_exhaustive, ty, expected) in [
            (true, true, &required, (Level::Breaking, "Breaking: `Pet::new` takes the new required field `age`")),
            (true, true, &optional, (Level::Additive, "Added field `Pet::age`")),
            (false, true, &required, (Level::Additive, "Added field `Pet::age`")),
            (false, false, &optional, (Level::Breaking, "Breaking: added `Pet::age` to a type that is not `#[non_exhaustive]`")),
        ] {
            let old = model("struct", in_request, non_exhaustive, &[("name", name())]);
            let new = model("struct", in_request, non_exhaustive, &[("name", name()), ("age", ty.clone())]);
            assert_eq!(levels(&old, &new), [(expected.0, expected.1.to_string())], "in_request {in_request}, non_exhaustive {non_exhaustive}");
        }
    }

    #[test]
    fn non_exhaustive_enums_grow_additively_and_the_attribute_itself_breaks() {
        let old = model("enum", false, true, &[]);
        let mut new = old.clone();
        new.types.get_mut("Pet").unwrap().members.insert("Cat".into(), MemberSurface::default());
        assert_eq!(levels(&old, &new), [(Level::Additive, "Added enum value `Pet::Cat`".to_string())]);

        let exhaustive = model("struct", true, false, &[]);
        let marked = model("struct", true, true, &[]);
        assert_eq!(
            levels(&exhaustive, &marked),
            [
                (Level::Breaking, "Breaking: `Pet` is now `#[non_exhaustive]`: build it with its constructor, match it with a wildcard arm".to_string()),
                (Level::Additive, "Added constructor `Pet::new` and its `with_*` setters".to_string()),
            ]
        );
        let response_only = model("struct", false, true, &[]);
        assert_eq!(
            levels(&marked, &response_only),
            [(Level::Breaking, "Breaking: removed constructor `Pet::new` (no request carries the type any more)".to_string())]
        );
    }

    #[test]
    fn event_message_kinds_are_versioned_like_union_variants() {
        let kind = |name: &str| ir::EventUnionVariant {
            name: name.to_string(),
            kind: ir::Lit(format!("{name:?}")),
            ty: ir::TypeRef::Named(format!("{name}Event")),
            docs: ir::Docs::default(),
        };
        let union = |kinds: &[&str]| ir::EventUnion {
            name: "ChatEvent".to_string(),
            docs: ir::Docs::default(),
            key_path: vec![ir::Lit("\"kind\"".to_string())],
            variants: kinds.iter().map(|k| kind(k)).collect(),
            unknown: "Unknown".to_string(),
        };
        let surface = |kinds: &[&str]| Surface { types: [("events::ChatEvent".to_string(), event_union(&union(kinds)))].into(), ..Surface::default() };
        let (old, grown) = (surface(&["Message"]), surface(&["Message", "Typing"]));
        assert_eq!(levels(&old, &grown), [(Level::Additive, "Added variant `events::ChatEvent::Typing`".to_string())]);
        assert_eq!(levels(&grown, &old), [(Level::Breaking, "Breaking: removed variant `events::ChatEvent::Typing`".to_string())]);
    }

    #[test]
    fn arguments_in_another_order_break() {
        let op = |arguments: &[&str]| Surface {
            operations: [("move_pet".to_string(), OperationSurface { arguments: arguments.iter().map(|a| a.to_string()).collect(), ..OperationSurface::default() })].into(),
            ..Surface::default()
        };
        assert_eq!(
            levels(&op(&["from", "to"]), &op(&["to", "from"])),
            [(Level::Breaking, "Breaking: the arguments of `move_pet` are now in the order (to, from), was (from, to)".to_string())]
        );
        assert!(levels(&op(&["from", "to"]), &op(&["from", "via", "to"])).is_empty(), "an added argument is reported as its input");
        assert!(levels(&op(&[]), &op(&["from", "to"])).is_empty(), "a record without arguments has nothing to compare");
    }

    #[test]
    fn losing_default_breaks() {
        let mut old = model("struct", false, true, &[]);
        old.types.get_mut("Pet").unwrap().default = true;
        let new = model("struct", false, true, &[]);
        assert_eq!(levels(&old, &new), [(Level::Breaking, "Breaking: `Pet` no longer implements `Default`".to_string())]);
        assert!(levels(&new, &old).is_empty(), "gaining `Default` is not worth a changelog line");
    }

    #[test]
    fn a_new_return_type_is_reported_once_and_response_variants_otherwise() {
        let op = |returns: &str, variants: &[(&str, &str)]| OperationSurface {
            returns: returns.into(),
            response_variants: variants.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect(),
            ..OperationSurface::default()
        };
        let surface = |op: OperationSurface| Surface { operations: [("get_pet".to_string(), op)].into(), ..Surface::default() };
        let old = surface(op("GetPetResponse", &[("Ok", "models::Pet")]));
        let renamed = surface(op("models::Pet", &[]));
        assert_eq!(texts(&old, &renamed), ["Breaking: `get_pet` now returns `models::Pet` instead of `GetPetResponse`"]);
        let grown = surface(op("GetPetResponse", &[("Ok", "models::Pet"), ("Accepted", "()")]));
        assert_eq!(texts(&old, &grown), ["Added response variant `GetPetResponse::Accepted`"]);
    }
}
