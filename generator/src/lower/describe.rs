//! Sentences for items the spec says nothing about, so every public item of a generated
//! crate is documented (`missing_docs` is denied there) with something a reader can use:
//! what the item is on the wire and what values it takes, never "The foo field.".

use crate::ir::{Docs, Lit, Scalar, SchemeKind, TypeRef};
use crate::lower::docs;

/// What a value of `ty` is, in words (`a string`, `a list of `Pet``).
pub fn kind_of(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) | TypeRef::Local(name) => {
            let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
            format!("{article} `{name}`")
        }
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => kind_of(inner),
        TypeRef::Vec(inner) => format!("a list, each item {}", kind_of(inner)),
        TypeRef::Map(inner) => format!("an object, each property's value {}", kind_of(inner)),
        TypeRef::Scalar(scalar) => match scalar {
            Scalar::Unit => "nothing".to_string(),
            Scalar::String => "a string".to_string(),
            Scalar::Bool => "a boolean".to_string(),
            Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64 | Scalar::U8 | Scalar::U16 | Scalar::U32 | Scalar::U64 => {
                format!("an integer (`{}`)", scalar.as_str())
            }
            Scalar::F32 | Scalar::F64 => "a number".to_string(),
            Scalar::Json => "any JSON value".to_string(),
            Scalar::Bytes => "raw bytes".to_string(),
            Scalar::MultipartForm => "a multipart form".to_string(),
            Scalar::DateTime => "an RFC 3339 date-time with its offset".to_string(),
            Scalar::Date => "an RFC 3339 date (`YYYY-MM-DD`)".to_string(),
            Scalar::Uuid => "a UUID".to_string(),
            Scalar::Base64 => "binary data sent as base64 text".to_string(),
            Scalar::Secret => "a credential, as text that never shows in `Debug` output".to_string(),
        },
    }
}

/// What a struct field is, when its schema has no description.
pub struct FieldFacts<'a> {
    pub wire: &'a str,
    pub ty: &'a TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub flatten: bool,
}

/// `docs` as they are, or a generated sentence for a field when they are empty.
pub fn field(docs: &Docs, facts: &FieldFacts<'_>) -> Docs {
    if !docs.is_empty() {
        return docs.clone();
    }
    if facts.flatten {
        return sentence(&format!("Further properties of this object, each {}.", kind_of(facts.ty)));
    }
    let mut text = format!("The `{}` property: {}", Lit(facts.wire.to_string()).code(), kind_of(facts.ty));
    match facts.required {
        true => text.push_str(", required"),
        false => text.push_str(", optional"),
    }
    if facts.nullable {
        text.push_str(", may be null");
    }
    if facts.read_only {
        text.push_str(", set by the server only (never sent)");
    }
    if facts.write_only {
        text.push_str(", sent only (never returned)");
    }
    text.push('.');
    sentence(&text)
}

/// `docs`, or the sentence for an enum value without a description.
pub fn enum_value(docs: &Docs, wire: &Lit, string: bool) -> Docs {
    match (docs.is_empty(), string) {
        (false, _) => docs.clone(),
        (true, true) => sentence(&format!("The value `\"{}\"`.", wire.code())),
        (true, false) => sentence(&format!("The value `{}`.", wire.code())),
    }
}

/// `docs`, or the sentence for a union member without a description.
pub fn union_member(docs: &Docs, ty: &TypeRef, tag: Option<(&Lit, &Lit)>) -> Docs {
    if !docs.is_empty() {
        return docs.clone();
    }
    match tag {
        Some((tag, value)) => sentence(&format!("The member whose `{}` is `\"{}\"`: {}.", tag.code(), value.code(), kind_of(ty))),
        None => sentence(&format!("A value that decodes as {}.", kind_of(ty))),
    }
}

/// `docs`, or the sentence for a schema without a description.
pub fn model(docs: &Docs, origin: &str) -> Docs {
    match docs.is_empty() {
        true => sentence(&format!("The schema at `{}` of the API description.", Lit(origin.to_string()).code())),
        false => docs.clone(),
    }
}

/// `docs`, or the sentence for a parameter without a description.
pub fn parameter(docs: &Docs, wire: &Lit, location: &str, ty: &TypeRef) -> Docs {
    match docs.is_empty() {
        true => sentence(&format!("The {location} parameter `{}`: {}.", wire.code(), kind_of(ty))),
        false => docs.clone(),
    }
}

/// `docs`, or the sentence for a request body without a description.
pub fn body(docs: &Docs, content_type: &Lit, ty: &TypeRef) -> Docs {
    match docs.is_empty() {
        true => sentence(&format!("The request body, sent as `{}`: {}.", content_type.code(), kind_of(ty))),
        false => docs.clone(),
    }
}

/// `docs`, or the sentence for a security scheme without a description: how its
/// credential is sent.
pub fn security_scheme(docs: &Docs, key: &Lit, kind: &SchemeKind) -> Docs {
    if !docs.is_empty() {
        return docs.clone();
    }
    let sent = match kind {
        SchemeKind::Bearer => "a token sent as `Authorization: Bearer …`".to_string(),
        SchemeKind::Basic => "a user name and password sent as `Authorization: Basic …`".to_string(),
        SchemeKind::ApiKeyHeader { name } => format!("a key sent in the `{}` header", name.code()),
        SchemeKind::ApiKeyQuery { name } => format!("a key sent as the query parameter `{}`", name.code()),
        SchemeKind::ApiKeyCookie { name } => format!("a key sent as the cookie `{}`", name.code()),
    };
    sentence(&format!("The scheme `{}` of the API description: {sent}.", key.code()))
}

/// `docs`, or the sentence for a server without a description: its URL.
pub fn server(docs: &Docs, url: &Lit) -> Docs {
    match docs.is_empty() {
        true => sentence(&format!("The server at `{}`.", url.code())),
        false => docs.clone(),
    }
}

fn sentence(text: &str) -> Docs {
    let mut out = Docs::default();
    docs::append(&mut out, text);
    out
}
