//! Schemas → models. Every schema becomes either a builtin type (`String`, `i64`, `Vec<_>`,
//! a map, `serde_json::Value`, a date) or a named model (struct, enum, union, alias).
//!
//! Components keep their spec names; inline schemas that need a model of their own are
//! named from where they sit (`Parent` + property, operation + `Body`). All names are
//! claimed up front for components, so references (and recursion) resolve before the
//! referenced schema has been lowered.

use std::collections::HashMap;

use openapiv3::{AdditionalProperties, Schema};
use serde_json::Value;

use super::names::{self, Scope};
use super::schema_view::{SchemaRef, View, enum_allows_null};
use crate::ir::{Scalar, TypeRef};
use crate::error::{Error, Result};
use crate::ir::{Docs, EnumRepr};
use crate::load::Spec;
use crate::lower::docs;
use crate::pointer::Pointer;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// A model under construction (rendered into `ir::TypeDef` by `finish`).
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub origin: Pointer,
    pub docs: Docs,
    pub kind: ModelKind,
}

#[derive(Debug, Clone)]
pub enum ModelKind {
    /// Reserved but not yet lowered (only while lowering is in progress).
    Pending,
    Struct { fields: Vec<ModelField> },
    Enum { repr: EnumRepr, variants: Vec<(String, String, Docs)> },
    Union { tag: Option<String>, variants: Vec<ModelVariant> },
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct ModelField {
    pub wire: String,
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    /// Sent in requests, never returned (a password): optional so responses decode.
    pub write_only: bool,
    /// `#[serde(flatten)]`: merged parts of an `allOf` that are not plain objects, and
    /// typed `additionalProperties` next to named ones.
    pub flatten: bool,
    pub docs: Docs,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub struct ModelVariant {
    pub name: String,
    pub tag_value: Option<String>,
    pub ty: TypeRef,
    pub docs: Docs,
}

pub struct Types<'a> {
    spec: &'a Spec,
    scope: Scope,
    component_names: HashMap<String, String>,
    pub models: Vec<Model>,
    index: HashMap<String, usize>,
    /// Types already lowered for schemas other than components, by the pointer of the
    /// schema node: each node becomes one type however many places use it (a composed
    /// `allOf`, a shared parameter, a `$ref` into another schema).
    lowered_at: HashMap<String, TypeRef>,
    /// Guards `allOf` merging against parts that include each other.
    merging: Vec<String>,
}

impl<'a> Types<'a> {
    /// Claims a name for every component schema, in spec order.
    pub fn new(spec: &'a Spec, scope: Scope) -> Self {
        let mut types = Types {
            spec,
            scope,
            component_names: HashMap::new(),
            models: Vec::new(),
            index: HashMap::new(),
            lowered_at: HashMap::new(),
            merging: Vec::new(),
        };
        // The crate defines this helper type in `models.rs` itself; no schema may take it.
        types.scope.claim(crate::ir::BASE64_NAME.to_string());
        if let Some(components) = &spec.doc.components {
            for key in components.schemas.keys() {
                let name = types.scope.claim(names::type_name(key, "Model"));
                types.component_names.insert(format!("{COMPONENT_PREFIX}{}", escape(key)), name);
            }
        }
        types
    }

    pub fn file(&self) -> &std::path::Path {
        &self.spec.file
    }

    /// Lowers every component schema (including ones no operation uses: they may be
    /// event payloads or types users want).
    pub fn lower_components(&mut self) -> Result<()> {
        let Some(components) = &self.spec.doc.components else { return Ok(()) };
        for (key, schema) in &components.schemas {
            let at = Pointer::root().push("components").push("schemas").push(key);
            let name = self.component_names[at.as_str()].clone();
            self.define(&name, SchemaRef::from(schema), &at)?;
        }
        Ok(())
    }

    /// The Rust type for a schema used somewhere (a property, a parameter, a body).
    /// `hint` names the model if the schema needs one of its own.
    pub fn type_of(&mut self, schema: SchemaRef<'_>, at: &Pointer, hint: &str) -> Result<TypeRef> {
        match schema {
            SchemaRef::Ref(target) => self.type_of_ref(target, at),
            SchemaRef::Inline(s) => self.type_of_inline(s, at, hint),
        }
    }

    fn type_of_ref(&mut self, target: &str, at: &Pointer) -> Result<TypeRef> {
        if let Some(name) = self.component_names.get(target) {
            return Ok(TypeRef::Named(name.clone()));
        }
        if let Some(t) = self.lowered_at.get(target) {
            return Ok(t.clone());
        }
        // A reference into the middle of some other schema: lower that node where it is,
        // under a name claimed first, so a reference back to it terminates.
        let schema = self.resolve_owned(target, at)?;
        let pointer = Pointer::parse(target).unwrap_or_else(Pointer::root);
        let hint = pointer.last().unwrap_or_default();
        let name = self.scope.claim(names::type_name(&hint, "Model"));
        self.lowered_at.insert(target.to_string(), TypeRef::Named(name.clone()));
        // A schema that needs no model becomes an alias (a newtype if it refers to itself).
        self.define(&name, SchemaRef::Inline(&schema), &pointer)?;
        Ok(TypeRef::Named(name))
    }

    /// Like [`Types::type_of`], wrapped in `Option` when the schema allows `null`: for
    /// array items and map values, where no field-level optionality applies.
    fn nullable_type_of(&mut self, schema: SchemaRef<'_>, at: &Pointer, hint: &str) -> Result<TypeRef> {
        let ty = self.type_of(schema, at, hint)?;
        Ok(if self.is_nullable(schema, at) && ty != TypeRef::JSON { ty.optional() } else { ty })
    }

    /// Resolves a `$ref` (already checked to exist by the load stage) to a schema.
    pub fn resolve<'s>(&'s self, schema: SchemaRef<'s>, at: &Pointer) -> Result<std::borrow::Cow<'s, Schema>> {
        match schema {
            SchemaRef::Inline(s) => Ok(std::borrow::Cow::Borrowed(s)),
            SchemaRef::Ref(target) => {
                let mut target = target.to_string();
                // Follow ref-to-ref chains (the load stage rejected cycles among them).
                for _ in 0..64 {
                    if let Some(key) = target.strip_prefix(COMPONENT_PREFIX) {
                        let key = unescape(key);
                        let found = self.spec.doc.components.as_ref().and_then(|c| c.schemas.get(&key));
                        match found {
                            Some(openapiv3::ReferenceOr::Item(s)) => return Ok(std::borrow::Cow::Borrowed(s)),
                            Some(openapiv3::ReferenceOr::Reference { reference }) => {
                                target = reference.clone();
                                continue;
                            }
                            None => {}
                        }
                    }
                    return self.resolve_owned(&target, at).map(std::borrow::Cow::Owned);
                }
                Err(Error::spec(self.file(), at.as_str(), "a chain of more than 64 references", "refer to the final schema directly"))
            }
        }
    }

    /// A schema behind a reference that is not a component (or a chain leaving the
    /// components), through the one resolver every `$ref` kind shares.
    fn resolve_owned(&self, target: &str, at: &Pointer) -> Result<Schema> {
        let reference = openapiv3::ReferenceOr::<Schema>::Reference { reference: target.to_string() };
        super::refs::resolve(self.spec, &reference, at, crate::load::locate::Kind::Schema).map(|(schema, _)| schema)
    }

    /// Whether a use of this schema can be `null`.
    /// Looks through one-part `allOf` wrappers (how a `$ref` gets `nullable` beside it),
    /// a bounded number of times: such a wrapper may refer to itself.
    pub fn is_nullable(&self, schema: SchemaRef<'_>, at: &Pointer) -> bool {
        // Almost every schema answers by itself: only a wrapper is followed, with copies.
        let Ok(first) = self.resolve(schema, at) else { return false };
        if first.schema_data.nullable || enum_allows_null(&first) {
            return true;
        }
        let next = match View::of(&first).all_of {
            [only] => self.resolve(SchemaRef::from(only), at).map(std::borrow::Cow::into_owned),
            _ => return false,
        };
        let Ok(mut current) = next else { return false };
        for _ in 1..32 {
            if current.schema_data.nullable || enum_allows_null(&current) {
                return true;
            }
            let next = match View::of(&current).all_of {
                [only] => self.resolve(SchemaRef::from(only), at).map(std::borrow::Cow::into_owned),
                _ => return false,
            };
            match next {
                Ok(next) => current = next,
                Err(_) => return false,
            }
        }
        false
    }

    fn type_of_inline(&mut self, s: &Schema, at: &Pointer, hint: &str) -> Result<TypeRef> {
        if let Some(t) = self.lowered_at.get(at.as_str()) {
            return Ok(t.clone());
        }
        let view = View::of(s);
        if let Some(t) = self.builtin(&view, at, hint)? {
            return Ok(t);
        }
        // Needs a model of its own.
        let name = self.scope.claim(names::type_name(hint, "Model"));
        self.lowered_at.insert(at.to_string(), TypeRef::Named(name.clone()));
        self.define(&name, SchemaRef::Inline(s), at)?;
        Ok(TypeRef::Named(name))
    }

    /// The builtin Rust type for schemas that need no model, or `None`.
    fn builtin(&mut self, view: &View<'_>, at: &Pointer, hint: &str) -> Result<Option<TypeRef>> {
        if !view.all_of.is_empty() {
            let parts = self.meaningful_parts(view.all_of, at)?;
            if parts.len() == 1 && !view.has_properties() {
                let (i, part) = parts[0];
                return self.type_of(part, &at.push("allOf").push(i.to_string()), hint).map(Some);
            }
            return Ok(None);
        }
        let union = if view.one_of.is_empty() { view.any_of } else { view.one_of };
        if !union.is_empty() {
            if union.len() == 1 && !view.has_properties() {
                let key = if view.one_of.is_empty() { "anyOf" } else { "oneOf" };
                return self.type_of(SchemaRef::from(&union[0]), &at.push(key).push("0"), hint).map(Some);
            }
            return Ok(None);
        }
        if view.is_not {
            return Ok(Some(TypeRef::JSON));
        }
        if !view.enum_values.is_empty() {
            let all_str = view.enum_values.iter().all(Value::is_string);
            let all_int = view.enum_values.iter().all(|v| v.is_i64());
            if all_str || (all_int && view.typ != Some("string")) {
                return Ok(None);
            }
            if view.enum_values.iter().all(Value::is_boolean) {
                return Ok(Some(TypeRef::Scalar(Scalar::Bool)));
            }
            if view.enum_values.iter().all(Value::is_number) {
                return Ok(Some(TypeRef::Scalar(Scalar::F64)));
            }
            return Ok(Some(TypeRef::JSON));
        }
        let typ = view.typ.or(if view.has_properties() || view.additional.is_some() {
            Some("object")
        } else if view.items.is_some() {
            Some("array")
        } else {
            None
        });
        Ok(Some(match typ {
            Some("string") if view.secret => TypeRef::Scalar(Scalar::Secret),
            Some("string") => string_type(view.format.as_deref()),
            Some("integer") => integer_type(view.format.as_deref()),
            Some("number") => TypeRef::Scalar(if view.format.as_deref() == Some("float") { Scalar::F32 } else { Scalar::F64 }),
            Some("boolean") => TypeRef::Scalar(Scalar::Bool),
            Some("array") => {
                let item = match view.items {
                    Some(items) => self.nullable_type_of(SchemaRef::from(items), &at.push("items"), &format!("{hint}Item"))?,
                    None => TypeRef::JSON,
                };
                TypeRef::Vec(Box::new(item))
            }
            Some("object") => {
                if view.has_properties() {
                    return Ok(None);
                }
                match view.additional {
                    Some(AdditionalProperties::Schema(s)) => {
                        let value = self.nullable_type_of(SchemaRef::from(s.as_ref()), &at.push("additionalProperties"), &format!("{hint}Value"))?;
                        TypeRef::Map(Box::new(value))
                    }
                    Some(AdditionalProperties::Any(true)) | None => TypeRef::Map(Box::new(TypeRef::JSON)),
                    // No properties and no additional ones: an empty object. A map keeps
                    // decoding lenient if the server sends fields after all.
                    Some(AdditionalProperties::Any(false)) => TypeRef::Map(Box::new(TypeRef::JSON)),
                }
            }
            Some("null") => TypeRef::JSON,
            Some(other) if !matches!(other, "string" | "integer" | "number" | "boolean" | "array" | "object") => {
                return Err(Error::spec(
                    self.file(),
                    at.push("type").as_str(),
                    format!("unknown type `{other}`"),
                    "use one of string, integer, number, boolean, array, object",
                ));
            }
            _ => TypeRef::JSON,
        }))
    }

    /// `allOf` parts that say something about shape (metadata-only parts are dropped).
    fn meaningful_parts<'s>(&self, parts: &'s [openapiv3::ReferenceOr<Schema>], at: &Pointer) -> Result<Vec<(usize, SchemaRef<'s>)>> {
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_ref = SchemaRef::from(part);
            let keep = match part_ref {
                SchemaRef::Ref(_) => true,
                SchemaRef::Inline(s) => !View::of(s).is_shapeless(),
            };
            let _ = at;
            if keep {
                out.push((i, part_ref));
            }
        }
        Ok(out)
    }

    fn push(&mut self, model: Model) {
        if let Some(&i) = self.index.get(&model.name) {
            self.models[i] = model;
        } else {
            self.index.insert(model.name.clone(), self.models.len());
            self.models.push(model);
        }
    }

    pub fn get(&self, name: &str) -> Option<&Model> {
        self.index.get(name).map(|&i| &self.models[i])
    }

    /// Lowers `schema` into the model `name` (already claimed).
    fn define(&mut self, name: &str, schema: SchemaRef<'_>, at: &Pointer) -> Result<()> {
        // Reserve the slot first so the model is listed before the inline models it creates.
        self.push(Model {
            name: name.to_string(),
            origin: at.clone(),
            docs: Docs::default(),
            kind: ModelKind::Pending,
        });
        let (kind, docs) = match schema {
            SchemaRef::Ref(target) => {
                let ty = self.type_of_ref(target, at)?;
                (ModelKind::Alias(ty), Docs::default())
            }
            SchemaRef::Inline(s) => {
                let docs = docs::docs(s.schema_data.title.as_deref(), s.schema_data.description.as_deref());
                (self.model_kind(name, s, at)?, docs)
            }
        };
        self.push(Model {
            name: name.to_string(),
            origin: at.clone(),
            docs,
            kind,
        });
        Ok(())
    }

    fn model_kind(&mut self, name: &str, s: &Schema, at: &Pointer) -> Result<ModelKind> {
        let view = View::of(s);
        if let Some(builtin) = self.builtin(&view, at, name)? {
            return Ok(ModelKind::Alias(builtin));
        }
        if !view.all_of.is_empty() {
            return self.merge_all_of(name, s, at);
        }
        let (union, key) = if view.one_of.is_empty() { (view.any_of, "anyOf") } else { (view.one_of, "oneOf") };
        if !union.is_empty() {
            return self.union(name, s, union, key, at);
        }
        if !view.enum_values.is_empty() {
            return Ok(self.enumeration(&view));
        }
        let mut fields = Vec::new();
        let mut field_scope = Scope::new();
        self.collect_fields(name, &view, at, &mut fields, &mut field_scope)?;
        Ok(ModelKind::Struct { fields })
    }

    fn collect_fields(&mut self, owner: &str, view: &View<'_>, at: &Pointer, fields: &mut Vec<ModelField>, scope: &mut Scope) -> Result<()> {
        if let Some(props) = view.properties {
            for (wire, prop) in props {
                let prop_at = at.push("properties").push(wire);
                let prop_ref = SchemaRef::from(prop);
                let hint = format!("{owner}{}", names::pascal(wire, "Field"));
                let ty = self.type_of(prop_ref, &prop_at, &hint)?;
                let resolved = self.resolve(prop_ref, &prop_at)?;
                let data = &resolved.schema_data;
                // Docs and flags written beside a `$ref` (via a one-part allOf) belong to the use.
                let (description, read_only, write_only, deprecated, default) = match prop_ref {
                    SchemaRef::Inline(inline) => (
                        inline.schema_data.description.clone().or_else(|| data.description.clone()),
                        inline.schema_data.read_only || data.read_only,
                        inline.schema_data.write_only || data.write_only,
                        inline.schema_data.deprecated || data.deprecated,
                        inline.schema_data.default.clone().or_else(|| data.default.clone()),
                    ),
                    SchemaRef::Ref(_) => (data.description.clone(), data.read_only, data.write_only, data.deprecated, data.default.clone()),
                };
                let mut field_docs = docs::docs(data.title.as_deref().filter(|_| description.is_none()), description.as_deref());
                if read_only {
                    docs::append(&mut field_docs, "Read-only: set by the server and ignored in requests.");
                }
                if write_only {
                    docs::append(&mut field_docs, "Write-only: sent in requests, never returned by the server.");
                }
                if let Some(default) = default {
                    docs::append(&mut field_docs, &format!("Default: `{default}`."));
                }
                if deprecated {
                    docs::append(&mut field_docs, "Deprecated.");
                }
                let nullable = self.is_nullable(prop_ref, &prop_at);
                let field = ModelField {
                    wire: wire.clone(),
                    name: String::new(),
                    ty,
                    required: view.required.contains(wire),
                    nullable,
                    read_only,
                    write_only,
                    flatten: false,
                    docs: field_docs,
                    deprecated,
                };
                match fields.iter_mut().find(|f| !f.flatten && f.wire == *wire) {
                    // A later `allOf` part redefining a property replaces it in place, under
                    // the same Rust name; `required` from either definition still holds.
                    Some(earlier) => {
                        *earlier = ModelField {
                            name: std::mem::take(&mut earlier.name),
                            required: earlier.required || field.required,
                            ..field
                        }
                    }
                    None => fields.push(ModelField {
                        name: scope.claim(names::snake(wire, "field")),
                        ..field
                    }),
                }
            }
        }
        if let Some(AdditionalProperties::Schema(extra)) = view.additional {
            if view.has_properties() {
                let extra_at = at.push("additionalProperties");
                let value = self.nullable_type_of(SchemaRef::from(extra.as_ref()), &extra_at, &format!("{owner}Value"))?;
                fields.push(ModelField {
                    wire: String::new(),
                    name: scope.claim("additional_properties".to_string()),
                    ty: TypeRef::Map(Box::new(value)),
                    required: true,
                    nullable: false,
                    read_only: false,
                    write_only: false,
                    flatten: true,
                    docs: docs::text(Some("Properties beyond the named ones.")),
                    deprecated: false,
                });
            }
        }
        Ok(())
    }

    fn merge_all_of(&mut self, name: &str, s: &Schema, at: &Pointer) -> Result<ModelKind> {
        let view = View::of(s);
        if self.merging.iter().any(|m| m == at.as_str()) {
            return Err(Error::spec(
                self.file(),
                at.as_str(),
                "allOf includes itself (directly or through other schemas)",
                "break the cycle: allOf parts cannot contain the schema being composed",
            ));
        }
        self.merging.push(at.to_string());
        let mut fields = Vec::new();
        let mut scope = Scope::new();
        let result = (|| {
            self.merge_view_into(name, &view, at, &mut fields, &mut scope)?;
            Ok(ModelKind::Struct { fields })
        })();
        self.merging.pop();
        result
    }

    /// Adds the fields a schema contributes to a merged struct: its own properties and,
    /// recursively, those of its `allOf` parts.
    fn merge_view_into(&mut self, owner: &str, view: &View<'_>, at: &Pointer, fields: &mut Vec<ModelField>, scope: &mut Scope) -> Result<()> {
        for (i, part) in view.all_of.iter().enumerate() {
            let part_at = at.push("allOf").push(i.to_string());
            let part_ref = SchemaRef::from(part);
            let resolved = self.resolve(part_ref, &part_at)?.into_owned();
            let part_view = View::of(&resolved);
            if part_view.is_shapeless() {
                continue;
            }
            let origin = match part_ref {
                SchemaRef::Ref(t) => Pointer::parse(t).unwrap_or_else(|| part_at.clone()),
                SchemaRef::Inline(_) => part_at.clone(),
            };
            let is_object_like = part_view.has_properties() || !part_view.all_of.is_empty() || (part_view.typ == Some("object") && part_view.one_of.is_empty() && part_view.any_of.is_empty());
            if is_object_like {
                if self.merging.iter().any(|m| m == origin.as_str()) {
                    return Err(Error::spec(
                        self.file(),
                        part_at.as_str(),
                        "allOf includes itself (directly or through other schemas)",
                        "break the cycle: allOf parts cannot contain the schema being composed",
                    ));
                }
                self.merging.push(origin.to_string());
                // Inline schemas inside a referenced component are named after it (and,
                // being lowered by pointer, shared with it), whichever model merges them.
                let part_owner = self.component_names.get(origin.as_str()).cloned().unwrap_or_else(|| owner.to_string());
                let r = self.merge_view_into(&part_owner, &part_view, &origin, fields, scope);
                self.merging.pop();
                r?;
            } else {
                // A union or other non-object part: flatten it in as a whole.
                let ty = self.type_of(part_ref, &part_at, &format!("{owner}Part{i}"))?;
                // A map part (`additionalProperties` alone, box.json) is the object's other
                // members, flattened in as a map too.
                match ty {
                    TypeRef::Named(_) | TypeRef::Map(_) => fields.push(ModelField {
                        wire: String::new(),
                        name: scope.claim(format!("part_{i}")),
                        ty,
                        required: true,
                        nullable: false,
                        read_only: false,
                        write_only: false,
                        flatten: true,
                        docs: Docs::default(),
                        deprecated: false,
                    }),
                    // A part that is not an object cannot hold the object's members; the
                    // model keeps the object parts.
                    other => self.spec.warn(
                        &part_at,
                        format!("allOf merges an object with a non-object part ({}): the model keeps the object parts", other.in_models()),
                    ),
                }
            }
        }
        self.collect_fields(owner, view, at, fields, scope)?;
        // `required` in an outer schema applies to properties defined by its parts.
        for f in fields.iter_mut() {
            if view.required.contains(&f.wire) {
                f.required = true;
            }
        }
        Ok(())
    }

    fn enumeration(&self, view: &View<'_>) -> ModelKind {
        let repr = if view.enum_values.iter().all(Value::is_string) { EnumRepr::String } else { EnumRepr::Integer };
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut seen_wire = std::collections::HashSet::new();
        for value in &view.enum_values {
            let wire = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !seen_wire.insert(wire.clone()) {
                continue; // duplicate values in the spec: one variant is enough
            }
            let base = match repr {
                EnumRepr::String if wire.is_empty() => "Empty".to_string(),
                EnumRepr::String => names::variant_name(&wire, "Value"),
                EnumRepr::Integer => match wire.strip_prefix('-') {
                    Some(abs) => format!("Minus{abs}"),
                    None => format!("V{wire}"),
                },
            };
            let name = scope.claim(base);
            variants.push((name, wire, Docs::default()));
        }
        ModelKind::Enum { repr, variants }
    }

    fn union(&mut self, name: &str, s: &Schema, parts: &[openapiv3::ReferenceOr<Schema>], key: &str, at: &Pointer) -> Result<ModelKind> {
        let discriminator = s.schema_data.discriminator.as_ref();
        let mut tag = match discriminator {
            Some(d) => Some(d.property_name.clone()),
            None => self.inferred_tag(parts, at)?,
        };
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_at = at.push(key).push(i.to_string());
            let part_ref = SchemaRef::from(part);
            let tag_value = match &tag {
                Some(tag) => Some(self.tag_value(part_ref, tag, discriminator, &part_at)?),
                None => None,
            };
            let base_name = match (&tag_value, part_ref) {
                (Some(v), _) => names::variant_name(v, "Variant"),
                (None, SchemaRef::Ref(target)) => names::variant_name(&Pointer::parse(target).and_then(|p| p.last()).unwrap_or_default(), "Variant"),
                (None, SchemaRef::Inline(inline)) => self.describe_inline(inline, i),
            };
            let variant = scope.claim(base_name);
            let ty = self.type_of(part_ref, &part_at, &format!("{name}{variant}"))?;
            let docs = match part_ref {
                SchemaRef::Inline(inline) => docs::docs(inline.schema_data.title.as_deref(), inline.schema_data.description.as_deref()),
                SchemaRef::Ref(_) => Docs::default(),
            };
            variants.push(ModelVariant {
                name: variant,
                tag_value,
                ty,
                docs,
            });
        }
        let mut tag_values = std::collections::HashSet::new();
        if variants.iter().any(|v| v.tag_value.as_ref().is_some_and(|t| !tag_values.insert(t.clone()))) {
            // Two members answer to the same tag value (a member listed twice, a mapping
            // that reuses a name): only their shapes can tell them apart.
            tag = None;
            variants.iter_mut().for_each(|v| v.tag_value = None);
        }
        if tag.is_none() {
            // Untagged members are tried in order: the ones that accept the least go
            // first, so a date-time is not swallowed by a plain string listed before it.
            variants.sort_by_key(|v| untagged_rank(&v.ty));
        }
        Ok(ModelKind::Union { tag, variants })
    }

    /// A readable variant name for an inline, untagged union member (`String`, `Object`, ...).
    fn describe_inline(&self, s: &Schema, i: usize) -> String {
        let view = View::of(s);
        if let Some(title) = &s.schema_data.title {
            return names::variant_name(title, "Variant");
        }
        match view.typ {
            Some("string") => match view.format.as_deref() {
                Some("date-time") => "DateTime".into(),
                Some("date") => "Date".into(),
                Some("uuid") => "Uuid".into(),
                Some("uri" | "url") => "Url".into(),
                Some("byte") => "Bytes".into(),
                _ => "String".into(),
            },
            Some("integer") => "Integer".into(),
            Some("number") => "Number".into(),
            Some("boolean") => "Boolean".into(),
            Some("array") => "Array".into(),
            Some("object") => "Object".into(),
            _ if view.has_properties() => "Object".into(),
            _ => format!("Variant{i}"),
        }
    }

    /// Without a `discriminator`, a union whose members are all objects with the same
    /// required property fixed to one string value is internally tagged all the same.
    fn inferred_tag(&self, parts: &[openapiv3::ReferenceOr<Schema>], at: &Pointer) -> Result<Option<String>> {
        let mut common: Option<Vec<String>> = None;
        for part in parts {
            let resolved = self.resolve(SchemaRef::from(part), at)?;
            let view = View::of(&resolved);
            let Some(props) = view.properties else { return Ok(None) };
            let fixed: Vec<String> = props
                .iter()
                .filter(|(k, _)| view.required.contains(k))
                .filter(|(_, p)| self.single_string_value(SchemaRef::from(*p), at).is_some())
                .map(|(k, _)| k.clone())
                .collect();
            common = Some(match common {
                None => fixed,
                Some(prev) => prev.into_iter().filter(|k| fixed.contains(k)).collect(),
            });
        }
        Ok(common.and_then(|c| c.into_iter().next()))
    }

    fn single_string_value(&self, prop: SchemaRef<'_>, at: &Pointer) -> Option<String> {
        let resolved = self.resolve(prop, at).ok()?;
        let view = View::of(&resolved);
        match view.enum_values.as_slice() {
            [Value::String(s)] => Some(s.clone()),
            _ => None,
        }
    }

    /// The one value a schema fixes its `tag` property to, looking through `allOf` parts
    /// (OpenAI's inline members extend a component that fixes it).
    fn fixed_tag(&self, schema: &Schema, tag: &str, at: &Pointer, depth: usize) -> Option<String> {
        let view = View::of(schema);
        if let Some(prop) = view.properties.and_then(|p| p.get(tag))
            && let Some(v) = self.single_string_value(SchemaRef::from(prop), at)
        {
            return Some(v);
        }
        if depth > 8 {
            return None;
        }
        view.all_of.iter().find_map(|part| {
            let resolved = self.resolve(SchemaRef::from(part), at).ok()?;
            self.fixed_tag(&resolved, tag, at, depth + 1)
        })
    }

    /// The tag value for one member: from the mapping, else from the member's fixed
    /// property value, else (as OpenAPI specifies) the component name.
    fn tag_value(&self, part: SchemaRef<'_>, tag: &str, discriminator: Option<&openapiv3::Discriminator>, at: &Pointer) -> Result<String> {
        if let (Some(d), SchemaRef::Ref(target)) = (discriminator, part) {
            let short = target.rsplit('/').next().unwrap_or(target);
            if let Some((value, _)) = d.mapping.iter().find(|(_, t)| t.as_str() == target || t.as_str() == short) {
                return Ok(value.clone());
            }
        }
        let resolved = self.resolve(part, at)?;
        if let Some(v) = self.fixed_tag(&resolved, tag, at, 0) {
            return Ok(v);
        }
        match part {
            SchemaRef::Ref(target) => Ok(Pointer::parse(target).and_then(|p| p.last()).unwrap_or_default()),
            SchemaRef::Inline(_) => Err(Error::spec(
                self.file(),
                at.as_str(),
                format!("cannot tell this member's `{tag}` value: it is inline and has no mapping or single-valued `{tag}` property"),
                format!("give the member a `{tag}` property with a one-value enum, or make it a component referenced from the discriminator mapping"),
            )),
        }
    }
}

/// How much an untagged member accepts: a plain string or number after the formats and
/// integers it would also match, free-form JSON last.
fn untagged_rank(ty: &TypeRef) -> u8 {
    match ty {
        TypeRef::Scalar(Scalar::String | Scalar::F64 | Scalar::F32) => 1,
        TypeRef::Map(value) if **value == TypeRef::JSON => 1,
        TypeRef::Scalar(Scalar::Json) => 2,
        _ => 0,
    }
}

/// The Rust type of a string schema. Two formats are read the way services use them, not
/// the way the document's format registry defines them (ARCHITECTURE.md, "What documents get
/// wrong"): a `date-time` keeps the UTC offset it was sent with, so it goes back out as it
/// came (`-04:00` stays `-04:00`); a `uri` or `url` is a URI reference, absolute or relative
/// (`"selfUri": "/api/v2/..."`), so it is its text, which `url::Url::join` resolves.
fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::Scalar(Scalar::DateTime),
        Some("date") => TypeRef::Scalar(Scalar::Date),
        Some("uuid") => TypeRef::Scalar(Scalar::Uuid),
        // Decoded on receipt rather than left for every caller to decode by hand.
        Some("byte") => TypeRef::Scalar(Scalar::Base64),
        _ => TypeRef::STRING,
    }
}

fn integer_type(format: Option<&str>) -> TypeRef {
    TypeRef::Scalar(match format {
        Some("int32") => Scalar::I32,
        Some("int16") => Scalar::I16,
        Some("int8") => Scalar::I8,
        Some("uint8") => Scalar::U8,
        Some("uint16") => Scalar::U16,
        Some("uint32") => Scalar::U32,
        Some("uint64") | Some("uint") => Scalar::U64,
        _ => Scalar::I64,
    })
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape(key: &str) -> String {
    key.replace("~1", "/").replace("~0", "~")
}

impl Types<'_> {
    /// Refuses aliases that lead straight back to themselves (`A: {allOf: [$ref: B]}`,
    /// `B: {allOf: [$ref: A]}`): such a schema describes no value, and Rust cannot give it a
    /// size. Loops through an array or a map are fine (they become newtypes).
    pub fn check_alias_loops(&self) -> Result<()> {
        for model in &self.models {
            let mut current = model;
            let mut chain = vec![model.name.as_str()];
            while let ModelKind::Alias(ty) = &current.kind {
                let Some(next) = ty.direct_model() else { break };
                if next == model.name {
                    let through: Vec<String> = chain.iter().filter_map(|n| self.get(n)).map(|m| m.origin.to_string()).collect();
                    return Err(Error::spec(
                        self.file(),
                        model.origin.as_str(),
                        format!("this schema is defined only as itself (through {})", through.join(" -> ")),
                        "give it a type or properties of its own, or drop the reference back to itself",
                    ));
                }
                if chain.contains(&next) {
                    break; // a loop that does not pass through `model`: reported from its members
                }
                chain.push(next);
                let Some(next_model) = self.get(next) else { break };
                current = next_model;
            }
        }
        Ok(())
    }

    /// Whether a named model is text on the wire (an enum or an alias of a scalar), so a
    /// parameter of that type is written like a string rather than as JSON.
    pub fn is_scalar_model(&self, ty: &TypeRef) -> bool {
        let mut current = ty.clone();
        for _ in 0..32 {
            let TypeRef::Named(name) = &current else {
                return matches!(current, TypeRef::Scalar(s) if s != Scalar::Json);
            };
            match self.get(name).map(|m| &m.kind) {
                Some(ModelKind::Enum { .. }) => return true,
                Some(ModelKind::Alias(next)) => current = next.clone(),
                _ => return false,
            }
        }
        false
    }
}
