//! Stage 2, *lower*: a loaded spec → the IR (`ir::Crate`). Every Rust decision is made here.
//!
//! The work is split by concern: `api` (metadata, servers, security), `types` (schemas →
//! models), `operations` and `params` (paths → builders), `pagination`, `events`, then
//! `models` and `cycles` turn models into final type definitions. `names` and `docs` hold
//! the identifier and doc-text rules everything else uses.

mod api;
mod cycles;
pub mod docs;
mod events;
mod models;
pub mod names;
mod operations;
mod pagination;
mod params;
mod refs;
mod runtime;
mod schema_view;
mod typeref;
mod types;

pub use api::{CodegenSettings, Overrides, set_version};

use crate::error::Result;
use crate::ir::{Crate, Features, TypeKind};
use crate::load::Spec;

/// Names the crate defines at its root or in `operations.rs`; builders and response enums
/// must not take them.
const CRATE_NAMES: &[&str] = &[
    "Client", "ClientBuilder", "Error", "ApiError", "ApiErrorBody", "ApiResponse", "Server", "SecurityScheme",
    "RetryPolicy", "Result", "Credentials", "Secret", "Option", "Some", "None", "Ok", "Err", "String", "Vec",
    "Box", "Default", "Clone", "Copy", "Send", "Sync", "Sized", "Unpin", "Drop", "Fn", "FnMut", "FnOnce",
    "From", "Into", "Iterator", "IntoIterator", "Future", "IntoFuture", "Stream", "Self", "Request",
];

pub fn lower(spec: &Spec, overrides: &Overrides) -> Result<Crate> {
    let settings = api::settings(spec)?;
    let package = api::package(spec, &settings, overrides)?;
    let (security_schemes, session) = api::security(spec)?;

    let mut types = types::Types::new(spec, names::Scope::new());
    types.lower_components()?;
    let mut module_scope = names::Scope::with_reserved(CRATE_NAMES);
    let lowered = operations::lower_operations(spec, &mut types, &security_schemes, &mut module_scope)?;
    let mut operations = lowered.operations;
    pagination::detect(spec, &types, &mut operations)?;
    let event_streams = events::lower(spec, &mut types, &operations, &security_schemes)?;
    types.check_alias_loops()?;
    let type_defs = models::finish(&types.models);

    let mut krate = Crate {
        package,
        api: api::info(spec),
        servers: api::servers(spec),
        default_headers: api::default_headers(&settings),
        security_schemes,
        session,
        operations,
        types: type_defs,
        error_bodies: lowered.error_bodies,
        event_streams,
        features: Features::default(),
        runtime: Vec::new(),
        example: None,
    };
    krate.features = features(&krate);
    krate.runtime = runtime::modules(&krate);
    krate.example = example(&krate);
    Ok(krate)
}

/// The first operation that can be called with string arguments alone, preferring reads.
fn example(krate: &Crate) -> Option<crate::ir::Example> {
    let callable = |op: &&crate::ir::Operation| {
        op.deprecated.is_none()
            && op.body.as_ref().is_none_or(|b| !b.required)
            && op.params.iter().filter(|p| p.required).all(|p| p.arg_type == "impl Into<String>")
    };
    let op = krate
        .operations
        .iter()
        .filter(callable)
        .find(|op| op.http_method == "GET")
        .or_else(|| krate.operations.iter().find(callable))?;
    let credentials = op
        .security
        .first()
        .map(|alt| {
            alt.iter()
                .filter_map(|variant| krate.security_schemes.iter().find(|s| &s.variant == variant))
                .map(|s| (s.field.clone(), s.kind == crate::ir::SchemeKind::Basic))
                .collect()
        })
        .unwrap_or_default();
    Some(crate::ir::Example {
        method_name: op.method_name.clone(),
        args: op.params.iter().filter(|p| p.required).map(|p| crate::ir::Lit(format!("<{}>", p.wire_name.as_str()))).collect(),
        credentials,
    })
}

/// Dependencies follow from what the rendered types mention, so there is one rule for all.
fn features(krate: &Crate) -> Features {
    let mut all_types: Vec<&str> = Vec::new();
    for t in &krate.types {
        match &t.kind {
            TypeKind::Struct { fields } => all_types.extend(fields.iter().map(|f| f.ty.as_str())),
            TypeKind::Union { variants, .. } => all_types.extend(variants.iter().filter_map(|v| v.ty.as_deref())),
            TypeKind::Alias { ty } | TypeKind::Newtype { ty } => all_types.push(ty),
            TypeKind::Enum { .. } => {}
        }
    }
    for op in &krate.operations {
        all_types.extend(op.params.iter().map(|p| p.ty.as_str()));
        all_types.extend(op.body.iter().map(|b| b.ty.as_str()));
        all_types.push(&op.ok_type);
        // Bodies of other statuses: response-enum payloads and error bodies.
        all_types.extend(op.responses.iter().filter_map(|c| c.ty.as_deref()));
    }
    let mentions = |needle: &str| all_types.iter().any(|t| t.contains(needle));
    Features {
        chrono: mentions("::chrono::"),
        uuid: mentions("::uuid::"),
        url: mentions("::url::"),
        base64: mentions(types::BASE64_TYPE),
        cookies: krate.session.as_ref().is_some_and(|s| s.cookies),
        multipart: krate.operations.iter().any(|o| o.body.as_ref().is_some_and(|b| b.encoding == crate::ir::BodyEncoding::Multipart)),
        form: krate.operations.iter().any(|o| o.body.as_ref().is_some_and(|b| b.encoding == crate::ir::BodyEncoding::Form)),
        websocket: krate.event_streams.iter().any(|e| matches!(e.transport, crate::ir::EventTransport::WebSocket { .. })),
        cometd: krate.event_streams.iter().any(|e| matches!(e.transport, crate::ir::EventTransport::CometD { .. })),
        events: !krate.event_streams.is_empty(),
    }
}
