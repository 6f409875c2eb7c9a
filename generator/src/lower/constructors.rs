//! Constructors for the structs users build.
//!
//! Structs are `#[non_exhaustive]` (so the API may add fields without breaking anyone), which
//! forbids struct literals outside the crate. Every struct a request can carry (reachable from
//! a parameter or a request body) gets `new(required fields...)` and a chainable
//! `with_<field>(value)` per optional field instead:
//!
//! ```text
//! WebChatMemberInfo::new("Ann").with_email("ann@example.com")
//! ```
//!
//! `with_` keeps setters apart from the public fields and from the getter-like methods Rust
//! readers expect a bare `email()` to be. Structs only ever received get no constructor, so
//! a required field added to a response is an addition, not a change of a signature.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Argument, Constructor, ConstructorParam, Docs, LongSignature, Operation, Setter, TypeDef, TypeKind, TypeRef};
use crate::lower::docs;

/// Gives every struct reachable from a request its constructor.
pub fn add(types: &mut [TypeDef], operations: &[Operation]) {
    let buildable: BTreeSet<String> = request_types(types, operations).into_iter().map(str::to_string).collect();
    for t in types.iter_mut().filter(|t| buildable.contains(&t.name)) {
        let name = t.name.clone();
        if let TypeKind::Struct { fields, constructor } = &mut t.kind {
            *constructor = Some(build(&name, fields));
        }
    }
}

/// Models a caller may have to build: those reachable from a parameter or request body.
pub fn request_types<'a>(types: &'a [TypeDef], operations: &[Operation]) -> BTreeSet<&'a str> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut pending: Vec<String> = Vec::new();
    for op in operations {
        op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty)).for_each(|ty| ty.models(&mut pending));
    }
    let mut reached = BTreeSet::new();
    while let Some(name) = pending.pop() {
        let Some(t) = by_name.get(name.as_str()) else { continue };
        if !reached.insert(t.name.as_str()) {
            continue;
        }
        match &t.kind {
            TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| f.ty.models(&mut pending)),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| v.ty.models(&mut pending)),
            TypeKind::TaggedUnion { variants, .. } => variants.iter().for_each(|v| v.ty.models(&mut pending)),
            TypeKind::Alias { ty } | TypeKind::Newtype { ty } => ty.models(&mut pending),
            TypeKind::Enum { .. } => {}
        }
    }
    reached
}

fn build(name: &str, fields: &[crate::ir::Field]) -> Constructor {
    let mut params = Vec::new();
    let mut setters = Vec::new();
    let mut inits = Vec::new();
    for f in fields {
        let stored = f.ty.unwrapped();
        let arg = argument(stored);
        let starts_empty = f.ty.is_option() || (matches!(f.ty, TypeRef::Map(_)) && f.serde.0.iter().any(|a| a == "flatten"));
        if starts_empty {
            let empty = if f.ty.is_option() { "None" } else { "Default::default()" };
            inits.push(format!("{}: {empty}", f.name));
            setters.push(Setter {
                field: f.name.clone(),
                name: format!("with_{}", f.name.trim_start_matches("r#")),
                value: match f.ty.is_option() {
                    true => format!("Some(value{})", arg.convert()),
                    false => format!("value{}", arg.convert()),
                },
                docs: setter_docs(&f.name, &f.docs, f.ty.is_option()),
                arg,
            });
        } else {
            let convert = arg.convert();
            inits.push(if convert.is_empty() { f.name.clone() } else { format!("{}: {}{convert}", f.name, f.name) });
            params.push(ConstructorParam { field: f.name.clone(), arg });
        }
    }
    let docs = constructor_docs(name, &params, !setters.is_empty());
    Constructor { docs, long_signature: LongSignature::of(params.len()), params, inits, setters }
}

/// Strings are taken as `impl Into<String>` (so `&str` works), boxed models as the model
/// itself; everything else as it is stored.
fn argument(stored: &TypeRef) -> Argument {
    match stored {
        TypeRef::Boxed(_) => Argument::Into(stored.clone()),
        other => Argument::for_type(other),
    }
}

fn constructor_docs(name: &str, params: &[ConstructorParam], has_setters: bool) -> Docs {
    let required: Vec<String> = params.iter().map(|p| format!("`{}`", p.field.trim_start_matches("r#"))).collect();
    let mut text = match required.is_empty() {
        true => format!("An empty `{name}`: no field is required."),
        false => format!("A `{name}` with its required fields: {}.", required.join(", ")),
    };
    if has_setters {
        text.push_str(" The optional fields start empty; set them with the chainable `with_*` methods.");
    }
    let mut out = Docs::default();
    docs::append(&mut out, &text);
    out
}

fn setter_docs(field: &str, field_docs: &Docs, optional: bool) -> Docs {
    let field = field.trim_start_matches("r#");
    let mut out = Docs::default();
    match optional {
        true => docs::append(&mut out, &format!("Sets `{field}` (it starts as `None`), returning the value for chaining.")),
        false => docs::append(&mut out, &format!("Sets `{field}` (it starts empty), returning the value for chaining.")),
    }
    out.0.push(String::new());
    out.0.extend(field_docs.0.iter().cloned());
    out
}
