//! Models under construction → `ir::TypeDef`s: boxes recursion, strips union tags from
//! their members, decides optionality, serde attributes and derives, and keeps types structured for the templates to print.

use std::collections::{HashMap, HashSet};

use super::cycles;
use super::describe::{self, FieldFacts};
use super::types::{Model, ModelField, ModelKind, ModelVariant};
use crate::ir::{EnumRepr, EnumVariant, Field, Gate, Lit, Scalar, SerdeAttrs, TaggedVariant, TypeDef, TypeKind, TypeRef, UnionVariant};

pub fn finish(models: &[Model]) -> Vec<TypeDef> {
    let by_name: HashMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let tagged = effective_tags(models, &by_name);
    let strip = tag_carriers(models, &tagged);
    let comp = by_value_components(models);
    let newtypes = alias_cycles(models);
    let defaults = defaultable(models, &strip);

    let define = |m: &Model| {
        let kind = match &m.kind {
            ModelKind::Struct { fields } => TypeKind::Struct {
                fields: fields
                    .iter()
                    .filter(|f| strip.get(m.name.as_str()) != Some(&f.wire.as_str()))
                    .map(|f| field(&m.name, f, &comp))
                    .collect(),
                // Decided once operations are known (`constructors.rs`).
                constructor: None,
            },
            ModelKind::Enum { repr, variants } => TypeKind::Enum {
                repr: *repr,
                unknown: catch_all(variants.iter().map(|v| v.0.as_str())),
                variants: variants
                    .iter()
                    .map(|(name, wire, docs)| EnumVariant {
                        name: name.clone(),
                        wire: Lit(wire.clone()),
                        docs: describe::enum_value(docs, &Lit(wire.clone()), *repr == EnumRepr::String),
                    })
                    .collect(),
            },
            ModelKind::Union { tag, variants } => {
                let unknown = catch_all(variants.iter().map(|v| v.name.as_str()));
                let ty = |v: &ModelVariant| boxed_if_cyclic(&m.name, v.ty.clone(), &comp);
                match tag.as_ref().filter(|_| tagged.contains(m.name.as_str())) {
                    Some(tag) => TypeKind::TaggedUnion {
                        tag: Lit(tag.clone()),
                        unknown,
                        variants: variants
                            .iter()
                            .map(|v| TaggedVariant {
                                name: v.name.clone(),
                                // `effective_tags` keeps the tag only when every member has a value.
                                tag_value: Lit(v.tag_value.clone().unwrap_or_default()),
                                ty: ty(v),
                                docs: describe::union_member(&v.docs, &v.ty, Some((&Lit(tag.clone()), &Lit(v.tag_value.clone().unwrap_or_default())))),
                            })
                            .collect(),
                    },
                    None => TypeKind::Union {
                        unknown,
                        variants: variants
                            .iter()
                            .map(|v| UnionVariant { name: v.name.clone(), ty: ty(v), docs: describe::union_member(&v.docs, &v.ty, None) })
                            .collect(),
                    },
                }
            }
            ModelKind::Alias(ty) if newtypes.contains(&m.name) => TypeKind::Newtype { ty: ty.clone() },
            ModelKind::Alias(ty) => TypeKind::Alias { ty: ty.clone() },
            ModelKind::Pending => unreachable!("filtered above"),
        };
        let mut docs = describe::model(&m.docs, &m.origin.to_string());
        if let Some(tag) = strip.get(m.name.as_str()) {
            crate::lower::docs::append(&mut docs, &format!("The `{tag}` property is carried by the union this type is a member of."));
        }
        TypeDef {
            name: m.name.clone(),
            origin: m.origin.to_string(),
            derives: derives(&kind, defaults.contains(m.name.as_str())),
            docs,
            non_exhaustive: may_grow(&kind),
            kind,
            gate: Gate::default(),
        }
    };
    // Each model is defined alone, from what was worked out above: halves on two threads,
    // put back in order (a big spec has thousands).
    let defined: Vec<&Model> = models.iter().filter(|m| !matches!(m.kind, ModelKind::Pending)).collect();
    let (first, second) = defined.split_at(defined.len() / 2);
    let (mut first, second) = crate::parallel::join(|| first.iter().map(|m| define(m)).collect::<Vec<TypeDef>>(), || second.iter().map(|m| define(m)).collect::<Vec<TypeDef>>());
    first.extend(second);
    first
}

/// Structs may gain fields and enums and unions variants as the API grows: marked
/// `#[non_exhaustive]`, that is an addition under Rust's semver rules, not a break (users
/// build structs with their constructors, and match with a wildcard arm, which the catch-all
/// variant needs anyway). Aliases and newtypes only name another type.
fn may_grow(kind: &TypeKind) -> bool {
    matches!(kind, TypeKind::Struct { .. } | TypeKind::Enum { .. } | TypeKind::TaggedUnion { .. } | TypeKind::Union { .. })
}

/// The name of a catch-all variant that no listed variant already uses.
fn catch_all<'a>(taken: impl Iterator<Item = &'a str> + Clone) -> String {
    ["Unknown", "UnknownValue", "Other", "Unlisted"]
        .into_iter()
        .find(|c| !taken.clone().any(|t| t == *c))
        .unwrap_or("UnknownVariant")
        .to_string()
}

/// Unions whose tag can be used: every member must decode from a JSON object (a struct,
/// possibly behind aliases). Otherwise the union falls back to untagged.
fn effective_tags<'a>(models: &'a [Model], by_name: &HashMap<&str, &Model>) -> HashSet<&'a str> {
    let is_struct = |name: &str| -> bool {
        let mut current = name.to_string();
        for _ in 0..32 {
            match by_name.get(current.as_str()).map(|m| &m.kind) {
                Some(ModelKind::Struct { .. }) => return true,
                Some(ModelKind::Alias(TypeRef::Named(next))) => current = next.clone(),
                _ => return false,
            }
        }
        false
    };
    models
        .iter()
        .filter(|m| match &m.kind {
            ModelKind::Union { tag: Some(_), variants } => variants.iter().all(|v| {
                v.tag_value.is_some() && matches!(&v.ty, TypeRef::Named(n) if is_struct(n))
            }),
            _ => false,
        })
        .map(|m| m.name.as_str())
        .collect()
}

/// Members of tagged unions, with the tag property they leave to the union: the union's
/// (de)serialisation writes and reads it, so the member struct must not have it too.
fn tag_carriers<'a>(models: &'a [Model], tagged: &HashSet<&str>) -> HashMap<&'a str, &'a str> {
    let mut strip = HashMap::new();
    for m in models.iter().filter(|m| tagged.contains(m.name.as_str())) {
        if let ModelKind::Union { tag: Some(tag), variants } = &m.kind {
            for v in variants {
                if let TypeRef::Named(member) = &v.ty {
                    strip.insert(member.as_str(), tag.as_str());
                }
            }
        }
    }
    strip
}

/// Components of the graph "model A holds model B by value".
fn by_value_components(models: &[Model]) -> HashMap<String, usize> {
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    for m in models {
        let targets = edges.entry(m.name.clone()).or_default();
        match &m.kind {
            ModelKind::Struct { fields } => targets.extend(fields.iter().filter_map(|f| f.ty.direct_model().map(str::to_string))),
            ModelKind::Union { variants, .. } => {
                targets.extend(variants.iter().filter_map(|v| v.ty.direct_model().map(str::to_string)))
            }
            ModelKind::Alias(ty) => targets.extend(ty.direct_model().map(str::to_string)),
            _ => {}
        }
    }
    let nodes: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
    cycles::components(&nodes, &edges)
}

fn alias_cycles(models: &[Model]) -> HashSet<String> {
    let aliases: HashMap<String, Vec<String>> = models
        .iter()
        .filter_map(|m| match &m.kind {
            ModelKind::Alias(ty) => {
                let mut named = Vec::new();
                ty.models(&mut named);
                Some((m.name.clone(), named))
            }
            _ => None,
        })
        .collect();
    cycles::self_referential_aliases(&aliases)
}

fn boxed_if_cyclic(owner: &str, ty: TypeRef, comp: &HashMap<String, usize>) -> TypeRef {
    match ty.direct_model() {
        Some(target) if cycles::in_cycle(comp, owner, target) => ty.boxed(),
        _ => ty,
    }
}

fn field(owner: &str, f: &ModelField, comp: &HashMap<String, usize>) -> Field {
    let mut ty = boxed_if_cyclic(owner, f.ty.clone(), comp);
    let mut serde = Vec::new();
    if f.flatten {
        serde.push("flatten".to_string());
    } else {
        if f.name != f.wire {
            serde.push(format!("rename = {}", Lit(f.wire.clone())));
        }
        if field_is_optional(f) {
            ty = ty.optional();
            serde.push("default".to_string());
            if !f.required || f.read_only || f.write_only {
                serde.push("skip_serializing_if = \"Option::is_none\"".to_string());
            }
        }
    }
    Field {
        wire_name: Lit(f.wire.clone()),
        name: f.name.clone(),
        ty,
        serde: SerdeAttrs(serde),
        docs: describe::field(
            &f.docs,
            &FieldFacts {
                wire: &f.wire,
                ty: &f.ty,
                required: f.required,
                nullable: f.nullable,
                read_only: f.read_only,
                write_only: f.write_only,
                flatten: f.flatten,
            },
        ),
        deprecated: f.deprecated,
    }
}

/// Structs whose every field is optional or a container can derive `Default`, which makes
/// building requests with `..Default::default()` possible.
fn defaultable<'a>(models: &'a [Model], strip: &HashMap<&str, &str>) -> HashSet<&'a str> {
    models
        .iter()
        .filter(|m| match &m.kind {
            ModelKind::Struct { fields } => fields
                .iter()
                .filter(|f| strip.get(m.name.as_str()) != Some(&f.wire.as_str()))
                .all(|f| {
                    !f.required
                        || f.nullable
                        || f.read_only
                        || f.write_only
                        || matches!(f.ty, TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Option(_))
                        || matches!(f.ty, TypeRef::Scalar(Scalar::String | Scalar::Bool | Scalar::I64 | Scalar::I32 | Scalar::F64 | Scalar::Json))
                }),
            _ => false,
        })
        .map(|m| m.name.as_str())
        .collect()
}

fn derives(kind: &TypeKind, default: bool) -> Vec<String> {
    let list: &[&str] = match kind {
        TypeKind::Struct { .. } if default => &["Debug", "Clone", "PartialEq", "Default", "::serde::Serialize", "::serde::Deserialize"],
        TypeKind::Struct { .. } | TypeKind::Newtype { .. } => &["Debug", "Clone", "PartialEq", "::serde::Serialize", "::serde::Deserialize"],
        TypeKind::Enum { .. } => &["Debug", "Clone", "PartialEq", "Eq", "Hash"],
        // Tagged unions (de)serialise by hand, keeping unknown members.
        TypeKind::TaggedUnion { .. } => &["Debug", "Clone", "PartialEq"],
        TypeKind::Union { .. } => &["Debug", "Clone", "PartialEq", "::serde::Serialize", "::serde::Deserialize"],
        TypeKind::Alias { .. } => &[],
    };
    list.iter().map(|s| s.to_string()).collect()
}

/// Whether a field is an `Option`: not required, nullable, read-only (a request never
/// carries read-only fields, so requiring them would force callers to invent values) or
/// write-only (a response never carries them, so requiring them would fail decoding).
pub fn field_is_optional(f: &ModelField) -> bool {
    !f.flatten && (!f.required || f.nullable || f.read_only || f.write_only || f.ty.is_option())
}
