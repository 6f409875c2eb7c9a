//! A Rust type under construction. Kept structured while lowering so later passes (boxing
//! recursive fields, deriving `Default`, choosing features) can inspect it; rendered to text
//! exactly once, when the IR is assembled.

/// Where a type is spelled: inside `models.rs` (bare model names) or elsewhere (`models::X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    InModels,
    Qualified,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A generated model, by its final Rust name.
    Named(String),
    /// A type from std or a dependency, spelled the same everywhere (`i64`, `::uuid::Uuid`).
    Builtin(&'static str),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Boxed(Box<TypeRef>),
}

pub const STRING: TypeRef = TypeRef::Builtin("String");
pub const JSON_VALUE: TypeRef = TypeRef::Builtin("::serde_json::Value");

impl TypeRef {
    pub fn render(&self, spelling: Spelling) -> String {
        match self {
            TypeRef::Named(name) => match spelling {
                Spelling::InModels => name.clone(),
                Spelling::Qualified => format!("models::{name}"),
            },
            TypeRef::Builtin(s) => s.to_string(),
            TypeRef::Vec(inner) => format!("Vec<{}>", inner.render(spelling)),
            TypeRef::Map(inner) => format!("::std::collections::HashMap<String, {}>", inner.render(spelling)),
            TypeRef::Option(inner) => format!("Option<{}>", inner.render(spelling)),
            TypeRef::Boxed(inner) => format!("Box<{}>", inner.render(spelling)),
        }
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
        match self {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Boxed(i) => i.models(out),
            TypeRef::Builtin(_) => {}
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
