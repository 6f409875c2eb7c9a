//! One read-only view over the shapes `openapiv3` gives a schema.
//!
//! `openapiv3` splits schemas into typed variants plus an `Any` catch-all for mixed
//! keywords (`properties` next to `oneOf`, `enum` without `type`, ...). Lowering wants to
//! ask the same questions of all of them, so both become a `View`.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

/// A schema reference, whether boxed (properties, items) or not (compositions).
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

pub struct View<'s> {
    pub typ: Option<&'s str>,
    pub format: Option<String>,
    pub properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub enum_values: Vec<Value>,
    pub one_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub all_of: &'s [ReferenceOr<Schema>],
    pub is_not: bool,
    /// `x-secret: true`: a credential the service hands out.
    pub secret: bool,
}

fn format_str<T: serde::Serialize>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item).ok()?.as_str().map(str::to_string),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

const NONE: &[ReferenceOr<Schema>] = &[];

impl<'s> View<'s> {
    pub fn of(schema: &'s Schema) -> View<'s> {
        let mut v = View {
            typ: None,
            format: None,
            properties: None,
            required: &[],
            additional: None,
            items: None,
            enum_values: Vec::new(),
            one_of: NONE,
            any_of: NONE,
            all_of: NONE,
            is_not: false,
            secret: schema.schema_data.extensions.get("x-secret").and_then(Value::as_bool) == Some(true),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                v.typ = Some("string");
                v.format = format_str(&t.format);
                v.enum_values = t.enumeration.iter().flatten().map(|s| Value::from(s.as_str())).collect();
            }
            SchemaKind::Type(Type::Integer(t)) => {
                v.typ = Some("integer");
                v.format = format_str(&t.format);
                v.enum_values = t.enumeration.iter().flatten().map(|i| Value::from(*i)).collect();
            }
            SchemaKind::Type(Type::Number(t)) => {
                v.typ = Some("number");
                v.format = format_str(&t.format);
            }
            SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
            SchemaKind::Type(Type::Object(t)) => {
                v.typ = Some("object");
                v.properties = Some(&t.properties);
                v.required = &t.required;
                v.additional = t.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(t)) => {
                v.typ = Some("array");
                v.items = t.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::Not { .. } => v.is_not = true,
            SchemaKind::Any(a) => {
                v.typ = a.typ.as_deref();
                v.format = a.format.clone();
                if !a.properties.is_empty() {
                    v.properties = Some(&a.properties);
                }
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.enum_values = a.enumeration.iter().filter(|e| !e.is_null()).cloned().collect();
                v.one_of = &a.one_of;
                v.any_of = &a.any_of;
                v.all_of = &a.all_of;
                v.is_not = a.not.is_some();
            }
        }
        v
    }

    /// Has object structure of its own (named properties).
    pub fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    /// Says nothing about the value's shape: only metadata such as `description`.
    /// Such `allOf` parts are ignored when merging.
    pub fn is_shapeless(&self) -> bool {
        self.typ.is_none()
            && !self.has_properties()
            && self.additional.is_none()
            && self.items.is_none()
            && self.enum_values.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && !self.is_not
    }
}

/// `null` in an enum list makes the value nullable in OpenAPI 3.0 practice.
pub fn enum_allows_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(a) => a.enumeration.iter().any(Value::is_null),
        _ => false,
    }
}
