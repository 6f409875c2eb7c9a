//! What the generated code needs beyond its own items: optional dependencies (from the
//! scalars its types use) and imports (from the types each module prints).

use crate::ir::{BodyEncoding, Crate, Dependency, EventTransport, Features, Scalar, TypeKind, TypeRef};

/// Whether a type printed in `operations.rs` (an input, a success body, a response-enum
/// payload, a page item) names a model: only then does the module import `models`.
pub fn operations_use_models(krate: &Crate) -> bool {
    names_a_model(krate.operations.iter().flat_map(|op| {
        let params = op.params.iter().map(|p| &p.ty);
        let body = op.body.iter().map(|b| &b.ty);
        let variants = op.response_enum.iter().flat_map(|e| &e.variants).filter_map(|v| v.ty.as_ref());
        let items = op.pagination.iter().map(|p| &p.item_type);
        params.chain(body).chain([&op.ok_type]).chain(variants).chain(items)
    }))
}

/// Whether a type printed in `error.rs` (an `ApiErrorBody` payload) names a model.
pub fn error_uses_models(krate: &Crate) -> bool {
    names_a_model(krate.error_bodies.iter().map(|e| &e.ty))
}

/// Whether a type printed in `events.rs` (a message type, an event-union payload, the
/// response a WebSocket's URL is read from) names a model.
pub fn events_use_models(krate: &Crate) -> bool {
    names_a_model(krate.event_streams.iter().flat_map(|s| {
        let union = s.message_union.iter().flat_map(|u| u.variants.iter().map(|v| &v.ty));
        let response = match &s.transport {
            EventTransport::WebSocket { response_type, .. } => Some(response_type),
            EventTransport::CometD { .. } => None,
        };
        std::iter::once(&s.message_type).chain(union).chain(response)
    }))
}

fn names_a_model<'a>(types: impl IntoIterator<Item = &'a TypeRef>) -> bool {
    let mut named = Vec::new();
    types.into_iter().for_each(|ty| ty.models(&mut named));
    !named.is_empty()
}

/// Dependencies follow from the scalars the crate's types use, so there is one rule for all.
pub fn features(krate: &Crate) -> Features {
    let mut all_types: Vec<&TypeRef> = Vec::new();
    for t in &krate.types {
        match &t.kind {
            TypeKind::Struct { fields, .. } => all_types.extend(fields.iter().map(|f| &f.ty)),
            TypeKind::Union { variants, .. } => all_types.extend(variants.iter().map(|v| &v.ty)),
            TypeKind::TaggedUnion { variants, .. } => all_types.extend(variants.iter().map(|v| &v.ty)),
            TypeKind::Alias { ty } | TypeKind::Newtype { ty } => all_types.push(ty),
            TypeKind::Enum { .. } => {}
        }
    }
    for op in &krate.operations {
        all_types.extend(op.params.iter().map(|p| &p.ty));
        all_types.extend(op.body.iter().map(|b| &b.ty));
        all_types.push(&op.ok_type);
        // Bodies of other statuses: response-enum payloads and error bodies.
        all_types.extend(op.responses.iter().filter_map(|c| c.ty.as_ref()));
    }
    let mut scalars: Vec<Scalar> = Vec::new();
    for ty in all_types {
        ty.scalars(&mut scalars);
    }
    let needs = |dependency: Dependency| scalars.iter().any(|s| s.dependency() == Some(dependency));
    Features {
        secrets: scalars.contains(&Scalar::Secret),
        chrono: needs(Dependency::Chrono),
        uuid: needs(Dependency::Uuid),
        base64: needs(Dependency::Base64),
        cookies: krate.session.as_ref().is_some_and(|s| s.cookies),
        multipart: krate.operations.iter().any(|o| o.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Multipart)),
        form: krate.operations.iter().any(|o| o.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Form)),
        websocket: krate.event_streams.iter().any(|e| matches!(e.transport, EventTransport::WebSocket { .. })),
        cometd: krate.event_streams.iter().any(|e| matches!(e.transport, EventTransport::CometD { .. })),
        events: !krate.event_streams.is_empty(),
    }
}
