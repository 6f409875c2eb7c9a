//! The types generated into `models.rs`.

use serde::Serialize;

use super::{Argument, Docs, Gate, LongSignature, Lit, TypeRef};

/// A named Rust type generated into `models.rs`.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema is in the spec.
    pub origin: String,
    pub docs: Docs,
    /// The full `#[derive(...)]` list.
    pub derives: Vec<String>,
    /// `#[non_exhaustive]`: a type that may grow (a struct more fields, an enum or union
    /// more variants) without breaking code written against this version.
    pub non_exhaustive: bool,
    pub kind: TypeKind,
    /// The tag features of the operations that reach it; open when anything ungated
    /// does, or nothing (`lower/tag_features.rs`).
    #[serde(skip_serializing_if = "Gate::is_open")]
    pub gate: Gate,
}

/// How users build a struct whose literal they cannot write (it is `#[non_exhaustive]`):
/// `new` takes the required fields, in the spec's order, and one chainable `with_*` setter
/// per optional field.
#[derive(Debug, Clone, Serialize)]
pub struct Constructor {
    pub docs: Docs,
    /// The arguments of `new`, one per required field.
    pub params: Vec<ConstructorParam>,
    /// `new` takes more arguments than clippy allows.
    pub long_signature: LongSignature,
    /// Every field's initial value in `new`, in declaration order: `name: name.into()` or
    /// `name: None`.
    pub inits: Vec<String>,
    pub setters: Vec<Setter>,
}

/// A required field as an argument of `new`.
#[derive(Debug, Clone, Serialize)]
pub struct ConstructorParam {
    /// The field (and argument) name.
    pub field: String,
    pub arg: Argument,
}

/// A chainable setter of an optional field.
#[derive(Debug, Clone, Serialize)]
pub struct Setter {
    pub field: String,
    /// The method's name (`with_email`; a raw identifier loses its `r#`).
    pub name: String,
    /// How the value is taken: the field's type without its `Option`.
    pub arg: Argument,
    /// What the setter stores from its argument `value` (`Some(value.into())`).
    pub value: String,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        /// `new` and setters, for the structs users build (those a request can carry).
        constructor: Option<Constructor>,
    },
    /// A closed set of wire values plus an `Unknown` catch-all variant.
    Enum {
        repr: EnumRepr,
        variants: Vec<EnumVariant>,
        /// The catch-all variant that keeps values this version does not list.
        unknown: String,
    },
    /// Members told apart by the value of one property, which the union writes and reads.
    TaggedUnion {
        tag: Lit,
        variants: Vec<TaggedVariant>,
        /// The catch-all variant holding the raw JSON of members this version does not know.
        unknown: String,
    },
    /// Members tried in order (serde's `untagged`).
    Union {
        variants: Vec<UnionVariant>,
        /// The catch-all variant holding raw JSON that matches no member.
        unknown: String,
    },
    /// `pub type Name = T;`
    Alias {
        ty: TypeRef,
    },
    /// `pub struct Name(pub T)`: an alias that refers to itself, which Rust forbids.
    Newtype {
        ty: TypeRef,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub name: String,
    /// The wire value: a string literal, or an integer as text.
    pub wire: Lit,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaggedVariant {
    pub name: String,
    /// The tag property's value that selects this member.
    pub tag_value: Lit,
    pub ty: TypeRef,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub wire_name: Lit,
    pub name: String,
    /// The Rust type, `Option`/`Box` included.
    pub ty: TypeRef,
    pub serde: SerdeAttrs,
    pub docs: Docs,
    pub deprecated: bool,
}

/// Serde attribute bodies of a field, already escaped (`rename = "selfUri"`, `default`,
/// ...). Prints as one `#[serde(...)]` attribute, or nothing when there are none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SerdeAttrs(pub Vec<String>);

impl std::fmt::Display for SerdeAttrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.is_empty() {
            true => Ok(()),
            false => write!(f, "#[serde({})]", self.0.join(", ")),
        }
    }
}
