//! Where each documented error body keeps the API's own error code and message, so an
//! `ApiError` can say them (`` `op` failed with 404 Not Found: not found (code not.found) ``)
//! instead of dumping the body.
//!
//! One rule, by conventional property names, since error schemas name these fields in a
//! few common ways and no spec marks them: Genesys' `ErrorBody` has `code`/`message`,
//! Engage's `ErrorResponse` `statusCode`/`statusMessage`, UltraCart's `ErrorResponse` an
//! `error` object with `error_code`/`developer_message`/`user_message`, OAuth and RFC 7807
//! bodies `error`/`error_description` and `detail`/`title`. Names compare without case
//! and separators. The body's own fields are searched first, then those of the structs it
//! holds directly (not through lists), so a nested envelope is found but an unrelated
//! model deep inside is not; at each depth the earlier name in the lists below wins.

use crate::ir::{Crate, EnvelopeField, FieldPath, FieldStep, Scalar, TypeDef, TypeKind, TypeRef};

/// Message names, best first: the developer's text before the end user's.
const MESSAGE_NAMES: &[&str] = &["developermessage", "message", "errormessage", "statusmessage", "errordescription", "detail", "usermessage", "title"];

/// Code names, best first. `error` counts only as text (OAuth's `invalid_grant`); an
/// object named `error` is an envelope to search.
const CODE_NAMES: &[&str] = &["errorcode", "code", "statuscode", "error"];

/// How deep into nested structs the search goes (the body's own fields are depth 1).
const MAX_DEPTH: usize = 2;

/// Fills in `code` and `message` of every error body of the crate.
pub fn locate(krate: &mut Crate) {
    let types = &krate.types;
    for body in &mut krate.error_bodies {
        if body.ty.is_scalar(Scalar::String) {
            // A plain-text error body is its own message.
            body.message = Some(FieldPath { steps: Vec::new(), integer: false });
            continue;
        }
        body.message = find(types, &body.ty, MESSAGE_NAMES, Leaf::Text);
        body.code = find(types, &body.ty, CODE_NAMES, Leaf::TextOrInteger);
        // What the spec declares for its error envelope beats the conventional names.
        if let Some(envelope) = krate.error_envelope.as_ref().filter(|e| e.variant == body.variant) {
            let declared = |field: &EnvelopeField, integer| FieldPath { steps: vec![FieldStep { field: field.field.clone(), optional: field.optional }], integer };
            if let Some(code) = &envelope.code {
                body.code = Some(declared(code, true));
            }
            if let Some(message) = &envelope.message {
                body.message = Some(declared(message, false));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Text,
    TextOrInteger,
}

fn normalised(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The struct a type names directly (through `Option`, `Box` and aliases).
fn struct_fields<'a>(types: &'a [TypeDef], ty: &TypeRef) -> Option<&'a [crate::ir::Field]> {
    let mut name = ty.direct_model()?;
    // Aliases may chain; the loop check in lowering guarantees they end.
    for _ in 0..types.len() {
        let def = types.iter().find(|t| t.name == name)?;
        match &def.kind {
            TypeKind::Struct { fields, .. } => return Some(fields),
            TypeKind::Alias { ty } | TypeKind::Newtype { ty } => name = ty.direct_model()?,
            _ => return None,
        }
    }
    None
}

/// The leaf kind of a field's type, if it can be a code or message.
fn leaf(ty: &TypeRef, wanted: Leaf) -> Option<bool> {
    let inner = match ty.unwrapped() {
        TypeRef::Boxed(inner) => inner.as_ref(),
        other => other,
    };
    match inner {
        TypeRef::Scalar(Scalar::String) => Some(false),
        TypeRef::Scalar(s) if s.is_integer() && wanted == Leaf::TextOrInteger => Some(true),
        _ => None,
    }
}

/// Breadth first: the best-named field at the shallowest depth.
fn find(types: &[TypeDef], ty: &TypeRef, names: &[&str], wanted: Leaf) -> Option<FieldPath> {
    let mut level: Vec<(Vec<FieldStep>, &TypeRef)> = vec![(Vec::new(), ty)];
    for _ in 0..MAX_DEPTH {
        let mut best: Option<(usize, FieldPath)> = None;
        let mut next = Vec::new();
        for (steps, ty) in &level {
            let Some(fields) = struct_fields(types, ty) else { continue };
            for field in fields {
                let mut path = steps.clone();
                path.push(FieldStep { field: field.name.clone(), optional: field.ty.is_option() });
                if let Some(integer) = leaf(&field.ty, wanted) {
                    let rank = names.iter().position(|n| *n == normalised(field.wire_name.as_str()));
                    if let Some(rank) = rank.filter(|r| best.as_ref().is_none_or(|(b, _)| r < b)) {
                        best = Some((rank, FieldPath { steps: path, integer }));
                    }
                } else if struct_fields(types, &field.ty).is_some() {
                    next.push((path, &field.ty));
                }
            }
        }
        if let Some((_, path)) = best {
            return Some(path);
        }
        level = next;
    }
    None
}
