//! Rust types as structure. Lowering builds them, later passes inspect them (boxing
//! recursive fields, deriving `Default`, choosing dependencies, classifying API changes),
//! and templates print them: one printer, so a spelling lives in one place.

use std::fmt;

use serde::Serialize;

/// A Rust type named somewhere in a generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    /// A generated model in `models.rs`, by its final Rust name.
    Named(String),
    /// A type defined next to where it is used (a response enum in `operations.rs`, an
    /// event union in `events.rs`): spelled bare everywhere.
    Local(String),
    /// A type from std or a dependency, spelled the same everywhere.
    Scalar(Scalar),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys: `HashMap<String, T>`.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Boxed(Box<TypeRef>),
}

/// The types that are not generated: std primitives and types of dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scalar {
    /// `()`: no body.
    Unit,
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Any JSON (`serde_json::Value`).
    Json,
    /// A raw response body (`bytes::Bytes`).
    Bytes,
    /// A multipart request body (`reqwest::multipart::Form`).
    MultipartForm,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    Uuid,
    /// `format: byte`: the crate's own base64 newtype, which encodes and decodes.
    Base64,
    /// A string the spec marks `x-secret: true` (a credential in a response body): the
    /// runtime's `Secret`, re-exported as `crate::Secret`.
    Secret,
}

/// An optional dependency a type needs in the generated crate's manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependency {
    Chrono,
    Uuid,
    Base64,
}

/// Where a type is spelled: inside `models.rs` (bare model names) or elsewhere (`models::X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    InModels,
    Qualified,
}

/// The helper type `models.rs` defines for [`Scalar::Base64`]; no schema may take its name.
pub const BASE64_NAME: &str = "Base64Bytes";

impl Scalar {
    /// The Rust spelling, the same in every module.
    pub fn as_str(self) -> &'static str {
        match self {
            Scalar::Unit => "()",
            Scalar::String => "String",
            Scalar::Bool => "bool",
            Scalar::I8 => "i8",
            Scalar::I16 => "i16",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::U8 => "u8",
            Scalar::U16 => "u16",
            Scalar::U32 => "u32",
            Scalar::U64 => "u64",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
            Scalar::Json => "::serde_json::Value",
            Scalar::Bytes => "::bytes::Bytes",
            Scalar::MultipartForm => "::reqwest::multipart::Form",
            Scalar::DateTime => "::chrono::DateTime<::chrono::FixedOffset>",
            Scalar::Date => "::chrono::NaiveDate",
            Scalar::Uuid => "::uuid::Uuid",
            Scalar::Base64 => "crate::models::Base64Bytes",
            Scalar::Secret => "crate::Secret",
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(self, Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64 | Scalar::U8 | Scalar::U16 | Scalar::U32 | Scalar::U64)
    }

    /// The optional dependency this type comes from, if any.
    pub fn dependency(self) -> Option<Dependency> {
        match self {
            Scalar::DateTime | Scalar::Date => Some(Dependency::Chrono),
            Scalar::Uuid => Some(Dependency::Uuid),
            Scalar::Base64 => Some(Dependency::Base64),
            _ => None,
        }
    }
}

impl TypeRef {
    pub const STRING: TypeRef = TypeRef::Scalar(Scalar::String);
    pub const JSON: TypeRef = TypeRef::Scalar(Scalar::Json);
    pub const UNIT: TypeRef = TypeRef::Scalar(Scalar::Unit);

    /// The type as spelled in `spelling`.
    pub fn spelled(&self, spelling: Spelling) -> Spelled<'_> {
        Spelled(self, spelling)
    }

    /// The type as spelled inside `models.rs` (bare model names). `Display` gives the
    /// spelling everywhere else.
    pub fn in_models(&self) -> Spelled<'_> {
        self.spelled(Spelling::InModels)
    }

    pub fn optional(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }

    pub fn is_option(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }

    pub fn is_scalar(&self, scalar: Scalar) -> bool {
        *self == TypeRef::Scalar(scalar)
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, TypeRef::Scalar(s) if s.is_integer())
    }

    /// The type inside an `Option`, or the type itself.
    pub fn unwrapped(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) => inner,
            other => other,
        }
    }

    /// The model this type names directly, looking through `Option` and `Box` but not
    /// through `Vec`/`Map` (which already put their items on the heap).
    pub fn direct_model(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Option(inner) | TypeRef::Boxed(inner) => inner.direct_model(),
            _ => None,
        }
    }

    /// Every model named anywhere inside.
    pub fn models(&self, out: &mut Vec<String>) {
        self.visit(&mut |t| {
            if let TypeRef::Named(n) = t {
                out.push(n.clone());
            }
        });
    }

    /// Every scalar anywhere inside.
    pub fn scalars(&self, out: &mut Vec<Scalar>) {
        self.visit(&mut |t| {
            if let TypeRef::Scalar(s) = t {
                out.push(*s);
            }
        });
    }

    fn visit(&self, f: &mut impl FnMut(&TypeRef)) {
        f(self);
        match self {
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Boxed(i) => i.visit(f),
            TypeRef::Named(_) | TypeRef::Local(_) | TypeRef::Scalar(_) => {}
        }
    }

    /// Wraps the direct model in a `Box` (inside any `Option`), to break a recursive cycle.
    pub fn boxed(self) -> TypeRef {
        match self {
            TypeRef::Option(inner) => TypeRef::Option(Box::new(inner.boxed())),
            TypeRef::Named(_) => TypeRef::Boxed(Box::new(self)),
            other => other,
        }
    }
}

/// A type printed in one spelling.
pub struct Spelled<'a>(&'a TypeRef, Spelling);

impl fmt::Display for Spelled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Spelled(ty, spelling) = *self;
        match ty {
            TypeRef::Named(name) => match spelling {
                Spelling::InModels => f.write_str(name),
                Spelling::Qualified => write!(f, "models::{name}"),
            },
            TypeRef::Local(name) => f.write_str(name),
            TypeRef::Scalar(s) => f.write_str(s.as_str()),
            TypeRef::Vec(inner) => write!(f, "Vec<{}>", inner.spelled(spelling)),
            TypeRef::Map(inner) => write!(f, "::std::collections::HashMap<String, {}>", inner.spelled(spelling)),
            TypeRef::Option(inner) => write!(f, "Option<{}>", inner.spelled(spelling)),
            TypeRef::Boxed(inner) => write!(f, "Box<{}>", inner.spelled(spelling)),
        }
    }
}

/// The spelling outside `models.rs` (`models::Pet`).
impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.spelled(Spelling::Qualified).fmt(f)
    }
}

/// How a setter or method takes a value: strings (and raw byte bodies) by `impl Into<_>`,
/// so `&str` works, everything else as it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Argument {
    Exact(TypeRef),
    Into(TypeRef),
}

impl Argument {
    /// The argument for a value stored as `ty`.
    pub fn for_type(ty: &TypeRef) -> Argument {
        match ty {
            TypeRef::Scalar(Scalar::String) => Argument::Into(ty.clone()),
            other => Argument::Exact(other.clone()),
        }
    }

    /// The suffix turning the argument into the stored value (`.into()` or nothing).
    pub fn convert(&self) -> &'static str {
        match self {
            Argument::Exact(_) => "",
            Argument::Into(_) => ".into()",
        }
    }

    /// The argument type as spelled in `spelling`.
    pub fn spelled(&self, spelling: Spelling) -> SpelledArgument<'_> {
        SpelledArgument(self, spelling)
    }

    /// The argument type as spelled inside `models.rs`.
    pub fn in_models(&self) -> SpelledArgument<'_> {
        self.spelled(Spelling::InModels)
    }

    /// Whether the argument is any string (`impl Into<String>`).
    pub fn takes_text(&self) -> bool {
        *self == Argument::Into(TypeRef::STRING)
    }
}

/// The parameter type as written in a signature outside `models.rs`.
impl fmt::Display for Argument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.spelled(Spelling::Qualified).fmt(f)
    }
}

/// An argument type printed in one spelling.
pub struct SpelledArgument<'a>(&'a Argument, Spelling);

impl fmt::Display for SpelledArgument<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Argument::Exact(ty) => ty.spelled(self.1).fmt(f),
            Argument::Into(ty) => write!(f, "impl Into<{}>", ty.spelled(self.1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_both_spellings() {
        let ty = TypeRef::Option(Box::new(TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named("Pet".into())))))));
        assert_eq!(ty.to_string(), "Option<::std::collections::HashMap<String, Vec<models::Pet>>>");
        assert_eq!(ty.in_models().to_string(), "Option<::std::collections::HashMap<String, Vec<Pet>>>");
        assert_eq!(TypeRef::Local("GetPetResponse".into()).to_string(), "GetPetResponse");
    }

    #[test]
    fn arguments_take_strings_by_into() {
        assert_eq!(Argument::for_type(&TypeRef::STRING).to_string(), "impl Into<String>");
        let bytes = Argument::Into(TypeRef::Vec(Box::new(TypeRef::Scalar(Scalar::U8))));
        assert_eq!((bytes.to_string(), bytes.convert()), ("impl Into<Vec<u8>>".into(), ".into()"));
        let pet = TypeRef::Named("Pet".into());
        assert_eq!((Argument::for_type(&pet).to_string(), Argument::for_type(&pet).convert()), ("models::Pet".into(), ""));
    }
}
