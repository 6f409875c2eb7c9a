//! Large enum variants: which payloads of a generated enum go behind a `Box`.
//!
//! An enum is as big as its biggest variant, so one large member makes every value of the
//! enum large (clippy's `large_enum_variant` flags a gap of 200 bytes or more between the
//! largest and the second-largest variant). The exact size of a Rust type is the
//! compiler's to know, so each type gets bounds here, for a 64-bit target and the
//! dependency versions of the lock file, as clippy sees the crate: `low` no bigger than
//! the real size, `high` no smaller (the same, but where the layout is the compiler's
//! choice, as for an enum's tag). The real gap is then at most the largest `high` less
//! the second-largest `low`; while that could reach the limit, the payload with the
//! largest `high` is boxed, if it names a model (only a model can be that big: strings,
//! vectors, maps and scalars are at most 48 bytes). Members of much the same size stay
//! inline, however large: boxing one would open the gap to the next.
//!
//! The enums are the unions of `models.rs` (tagged or not), `ApiErrorBody`, the response
//! enums of `operations.rs` and the event unions of `events.rs`. Boxing a union member
//! shrinks the union, which may change the decision for a union holding it, so unions are
//! decided again until nothing changes (boxes are only ever added, so this ends).

use std::collections::HashMap;

use crate::ir::{Crate, EnumRepr, Scalar, TypeDef, TypeKind, TypeRef};

/// The gap between the largest and the second-largest variant that clippy flags.
const LIMIT: u64 = 200;

/// Boxes the large payloads of every enum of the crate.
pub fn box_large_variants(krate: &mut Crate) {
    loop {
        let sizes = Sizes::new(&krate.types);
        let mut boxed = Vec::new();
        for t in &krate.types {
            let payloads: Vec<Option<&TypeRef>> = match &t.kind {
                TypeKind::Union { variants, .. } => variants.iter().map(|v| Some(&v.ty)).chain([Some(&TypeRef::JSON)]).collect(),
                TypeKind::TaggedUnion { variants, .. } => variants.iter().map(|v| Some(&v.ty)).chain([Some(&TypeRef::JSON)]).collect(),
                _ => continue,
            };
            let to_box = sizes.too_large(&payloads);
            if !to_box.is_empty() {
                boxed.push((t.name.clone(), to_box));
            }
        }
        if boxed.is_empty() {
            break;
        }
        for (name, to_box) in boxed {
            let Some(t) = krate.types.iter_mut().find(|t| t.name == name) else { continue };
            match &mut t.kind {
                TypeKind::Union { variants, .. } => to_box.iter().for_each(|&i| box_in_place(&mut variants[i].ty)),
                TypeKind::TaggedUnion { variants, .. } => to_box.iter().for_each(|&i| box_in_place(&mut variants[i].ty)),
                _ => {}
            }
        }
    }

    let sizes = Sizes::new(&krate.types);
    // `ApiErrorBody`: the documented bodies, then `Raw(String)` and `Empty`.
    let payloads: Vec<Option<&TypeRef>> =
        krate.error_bodies.iter().map(|e| Some(&e.ty)).chain([Some(&TypeRef::STRING), None]).collect();
    for i in sizes.too_large(&payloads) {
        box_in_place(&mut krate.error_bodies[i].ty);
    }
    for op in &mut krate.operations {
        let Some(response_enum) = &mut op.response_enum else { continue };
        let payloads: Vec<Option<&TypeRef>> = response_enum.variants.iter().map(|v| v.ty.as_ref()).collect();
        for i in sizes.too_large(&payloads) {
            if let Some(ty) = &mut response_enum.variants[i].ty {
                box_in_place(ty);
            }
        }
    }
    for stream in &mut krate.event_streams {
        let Some(union) = &mut stream.message_union else { continue };
        let payloads: Vec<Option<&TypeRef>> = union.variants.iter().map(|v| Some(&v.ty)).chain([Some(&TypeRef::JSON)]).collect();
        for i in sizes.too_large(&payloads) {
            box_in_place(&mut union.variants[i].ty);
        }
    }
}

fn box_in_place(ty: &mut TypeRef) {
    *ty = std::mem::replace(ty, TypeRef::UNIT).boxed();
}

/// Bounds on the size of a type, in bytes, and what an `Option` of it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    low: u64,
    high: u64,
    /// The alignment (every type here has a known one): an `Option` without a niche adds
    /// that much, and a struct is padded to a multiple of its largest.
    align: u64,
    niches: Niches,
}

/// Bit patterns a type's own values never take (a null pointer; a capacity above
/// `isize::MAX`; an enum tag's spare values): while there is one, `Option` of the type is
/// no bigger and uses one up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Niches {
    /// None: an `Option` adds a tag (integers, floats, byte arrays).
    Without,
    /// Whatever the compiler finds (a dependency's private layout, the tag of an enum it
    /// may lay out around a member's niche).
    Unsure,
    /// This many, guaranteed by std or the dependency.
    Spare(u64),
}

/// The niches of a capacity, a `bool`'s or an enum tag's spare values: more than any
/// nesting of `Option`s uses up.
const MANY: Niches = Niches::Spare(250);

impl Bounds {
    const fn exact(size: u64, align: u64, niches: Niches) -> Bounds {
        Bounds { low: size, high: size, align, niches }
    }

    /// A type whose size this module does not know (another module's enum, reqwest's
    /// form): never counted as small, never boxed.
    const UNKNOWN: Bounds = Bounds { low: 0, high: u64::MAX / 4, align: 8, niches: Niches::Unsure };
}

/// Size bounds of the crate's models, computed once per decision round.
struct Sizes<'a> {
    by_name: HashMap<&'a str, &'a TypeDef>,
    known: std::cell::RefCell<HashMap<&'a str, Bounds>>,
}

impl<'a> Sizes<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Sizes { by_name: types.iter().map(|t| (t.name.as_str(), t)).collect(), known: Default::default() }
    }

    /// The variants (by index) whose payloads to box so that no gap reaches [`LIMIT`];
    /// `None` is a variant without a payload.
    fn too_large(&self, payloads: &[Option<&TypeRef>]) -> Vec<usize> {
        let mut bounds: Vec<Bounds> = payloads.iter().map(|p| p.map_or(Bounds::exact(0, 1, Niches::Without), |ty| self.of(ty))).collect();
        let mut boxed = Vec::new();
        while let Some(largest) = (0..bounds.len()).max_by_key(|&i| (bounds[i].high, std::cmp::Reverse(i))) {
            let mut lows: Vec<u64> = bounds.iter().map(|b| b.low).collect();
            lows.sort_unstable_by(|a, b| b.cmp(a));
            let second_low = lows.get(1).copied().unwrap_or(0);
            let boxable = payloads[largest].is_some_and(|ty| ty.direct_model().is_some()) && !boxed.contains(&largest);
            if bounds[largest].high < second_low + LIMIT || !boxable {
                break;
            }
            // `Box<T>` (or `Option<Box<T>>`): one pointer, which `Option` fits in.
            bounds[largest] = Bounds::exact(8, 8, Niches::Spare(1));
            boxed.push(largest);
        }
        boxed.sort_unstable();
        boxed
    }

    fn of(&self, ty: &TypeRef) -> Bounds {
        match ty {
            TypeRef::Named(name) => self.model(name),
            // Response enums and event unions are never a payload of another enum.
            TypeRef::Local(_) => Bounds::UNKNOWN,
            TypeRef::Scalar(s) => scalar(*s),
            TypeRef::Vec(_) => Bounds::exact(24, 8, MANY),
            // `HashMap`: a hasher's two keys and a table of a pointer and three counts.
            TypeRef::Map(_) => Bounds::exact(48, 8, Niches::Spare(1)),
            TypeRef::Boxed(_) => Bounds::exact(8, 8, Niches::Spare(1)),
            TypeRef::Option(inner) => {
                let inner = self.of(inner);
                // Without a niche, a tag padded to the alignment.
                let tagged = Bounds { low: inner.low + inner.align, high: inner.high.saturating_add(inner.align), align: inner.align, niches: MANY };
                match inner.niches {
                    Niches::Spare(n) if n > 0 => Bounds { niches: Niches::Spare(n - 1), ..inner },
                    Niches::Spare(_) | Niches::Without => tagged,
                    Niches::Unsure => Bounds { low: inner.low, niches: Niches::Unsure, ..tagged },
                }
            }
        }
    }

    fn model(&self, name: &str) -> Bounds {
        if let Some(known) = self.known.borrow().get(name) {
            return *known;
        }
        let Some(t) = self.by_name.get(name).copied() else { return Bounds::UNKNOWN };
        // A model never contains itself by value (`cycles.rs` boxes those edges); the
        // placeholder only stops a malformed graph from recursing forever.
        self.known.borrow_mut().insert(t.name.as_str(), Bounds::UNKNOWN);
        let bounds = match &t.kind {
            TypeKind::Struct { fields, .. } => {
                let fields: Vec<Bounds> = fields.iter().map(|f| self.of(&f.ty)).collect();
                let align = fields.iter().map(|b| b.align).max().unwrap_or(1);
                // A struct's size is a multiple of its alignment; rustc orders fields by
                // alignment, so that rounding of the total is the only padding.
                let round = |total: u64| total.div_ceil(align).saturating_mul(align);
                let high = fields.iter().fold(0u64, |sum, b| sum.saturating_add(b.high));
                Bounds { low: round(fields.iter().map(|b| b.low).sum()), high: round(high), align, niches: struct_niches(&fields) }
            }
            // Unit variants and the catch-all `Unknown(String)`: the unit variants take
            // values of the string's capacity that no string has, so it is a string's size
            // (and leaves such values for an `Option`).
            TypeKind::Enum { repr: EnumRepr::String, .. } => Bounds::exact(24, 8, MANY),
            // Unit variants and `Unknown(i64)`: a tag beside the integer, with values to spare.
            TypeKind::Enum { repr: EnumRepr::Integer, .. } => Bounds::exact(16, 8, MANY),
            TypeKind::Union { variants, .. } => self.union(variants.iter().map(|v| &v.ty)),
            TypeKind::TaggedUnion { variants, .. } => self.union(variants.iter().map(|v| &v.ty)),
            TypeKind::Alias { ty } | TypeKind::Newtype { ty } => self.of(ty),
        };
        self.known.borrow_mut().insert(t.name.as_str(), bounds);
        bounds
    }

    /// A union's members and its catch-all `serde_json::Value`, plus at most a tag.
    fn union<'t>(&self, members: impl Iterator<Item = &'t TypeRef>) -> Bounds {
        let members: Vec<Bounds> = members.chain([&TypeRef::JSON]).map(|ty| self.of(ty)).collect();
        let low = members.iter().map(|b| b.low).max().unwrap_or(0);
        let align = members.iter().map(|b| b.align).max().unwrap_or(1);
        let high = members.iter().map(|b| b.high).max().unwrap_or(0).saturating_add(align);
        Bounds { low, high, align, niches: Niches::Unsure }
    }
}

/// A struct offers the niches of the field with the most.
fn struct_niches(fields: &[Bounds]) -> Niches {
    let most = fields.iter().filter_map(|b| match b.niches {
        Niches::Spare(n) if n > 0 => Some(n),
        _ => None,
    }).max();
    match most {
        Some(n) => Niches::Spare(n),
        None if fields.iter().any(|b| b.niches == Niches::Unsure) => Niches::Unsure,
        None => Niches::Without,
    }
}

/// Sizes of std and dependency types on a 64-bit target.
fn scalar(s: Scalar) -> Bounds {
    match s {
        Scalar::Unit => Bounds::exact(0, 1, Niches::Without),
        Scalar::Bool => Bounds::exact(1, 1, MANY),
        Scalar::I8 | Scalar::U8 => Bounds::exact(1, 1, Niches::Without),
        Scalar::I16 | Scalar::U16 => Bounds::exact(2, 2, Niches::Without),
        Scalar::I32 | Scalar::U32 | Scalar::F32 => Bounds::exact(4, 4, Niches::Without),
        Scalar::I64 | Scalar::U64 | Scalar::F64 => Bounds::exact(8, 8, Niches::Without),
        // A capacity, a pointer and a length (`Secret` and `Base64Bytes` wrap one).
        Scalar::String | Scalar::Secret | Scalar::Base64 => Bounds::exact(24, 8, MANY),
        // As the crate builds on its own, where clippy measures it (a dependency that
        // turns on `preserve_order` makes it bigger in a user's build).
        Scalar::Json => Bounds::exact(32, 8, MANY),
        // Its vtable pointer is never null.
        Scalar::Bytes => Bounds::exact(32, 8, Niches::Spare(1)),
        // A request body only, never an enum's payload.
        Scalar::MultipartForm => Bounds::UNKNOWN,
        // A date, a time and an offset, four-byte aligned; the date is a `NonZeroI32`
        // (chrono 0.4.35 on, as the lock file has it), whose zero `Option` takes.
        Scalar::DateTime => Bounds::exact(16, 4, Niches::Spare(1)),
        Scalar::Date => Bounds::exact(4, 4, Niches::Spare(1)),
        Scalar::Uuid => Bounds::exact(16, 1, Niches::Without),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, SerdeAttrs, Lit};

    fn strukt(name: &str, fields: usize) -> TypeDef {
        let fields = (0..fields)
            .map(|i| Field { wire_name: Lit(format!("f{i}")), name: format!("f{i}"), ty: TypeRef::STRING.optional(), serde: SerdeAttrs::default(), docs: Docs::default(), deprecated: false })
            .collect();
        TypeDef { name: name.into(), origin: String::new(), docs: Docs::default(), derives: Vec::new(), non_exhaustive: true, kind: TypeKind::Struct { fields, constructor: None }, gate: Default::default() }
    }

    fn boxed_of(types: &[TypeDef], payloads: &[Option<TypeRef>]) -> Vec<usize> {
        let payloads: Vec<Option<&TypeRef>> = payloads.iter().map(Option::as_ref).collect();
        Sizes::new(types).too_large(&payloads)
    }

    #[test]
    fn a_large_struct_beside_small_variants_is_boxed() {
        // Ten optional strings: 240 bytes, against `Raw(String)` and `Empty`.
        let types = [strukt("Big", 10)];
        assert_eq!(boxed_of(&types, &[Some(TypeRef::Named("Big".into())), Some(TypeRef::STRING), None]), [0]);
    }

    #[test]
    fn members_of_much_the_same_size_stay_inline() {
        let types = [strukt("A", 10), strukt("B", 12), strukt("Small", 2)];
        let named = |n: &str| Some(TypeRef::Named(n.into()));
        assert!(boxed_of(&types, &[named("A"), named("B"), Some(TypeRef::JSON)]).is_empty());
        assert!(boxed_of(&types, &[named("Small"), Some(TypeRef::STRING)]).is_empty());
        // Two large members of much the same size: the gap clippy measures is small.
        assert!(boxed_of(&types, &[named("A"), named("Small"), named("B")]).is_empty());
    }

    #[test]
    fn an_option_costs_nothing_where_its_type_has_a_niche() {
        let sizes = Sizes::new(&[]);
        let size = |ty: TypeRef| {
            let b = sizes.of(&ty);
            (b.low, b.high)
        };
        let boxed = TypeRef::Boxed(Box::new(TypeRef::Named("T".into())));
        assert_eq!(size(TypeRef::STRING.optional()), (24, 24));
        assert_eq!(size(TypeRef::Scalar(Scalar::DateTime).optional()), (16, 16));
        assert_eq!(size(TypeRef::Scalar(Scalar::I64).optional()), (16, 16));
        // A `Box` has one niche, which the first `Option` uses up.
        assert_eq!(size(TypeRef::Option(Box::new(boxed.clone().optional()))), (16, 16));
        assert_eq!(size(boxed.optional()), (8, 8));
    }

    #[test]
    fn boxing_goes_on_while_a_gap_remains() {
        let types = [strukt("Big", 10), strukt("Huge", 30)];
        let named = |n: &str| Some(TypeRef::Named(n.into()));
        // Huge (720) is boxed first; then Big (240) is still 200 past the string.
        assert_eq!(boxed_of(&types, &[named("Big"), named("Huge"), Some(TypeRef::STRING)]), [0, 1]);
        // Only a model is boxed: a payload of unknown size (a local enum) is left as it is.
        assert!(boxed_of(&types, &[Some(TypeRef::UNIT), Some(TypeRef::Local("GetPetResponse".into()))]).is_empty());
    }
}
