//! Stage 2, *lower*: a loaded spec → the IR (`ir::Crate`). Every Rust decision is made here.
//!
//! The work is split by concern: `api` (metadata, servers, security), `types` (schemas →
//! models), `operations` and `params` (paths → builders), `pagination`, `events`, then
//! `models` and `cycles` turn models into final type definitions, `sizes` boxes large
//! enum variants; `needs` derives dependency features and imports, `manifest` the
//! dependencies, `example` the README's quick start. `names` and `docs` hold the
//! identifier and doc-text rules everything else uses.

mod api;
mod constructors;
pub(crate) use constructors::request_types;
mod cycles;
mod describe;
pub mod docs;
mod envelope;
mod error_fields;
mod events;
mod example;
mod manifest;
mod models;
pub mod names;
mod needs;
mod operations;
mod pagination;
mod params;
mod refs;
mod resources;
mod runtime;
mod schema_view;
mod sizes;
mod tag_features;
mod traffic;
mod types;

pub use api::{CodegenSettings, Overrides, set_version};

use crate::error::Result;
use crate::ir::{Crate, Example, ExampleServer, FeatureGrouping, Features, Gate, Lit};
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
    let config_path = Lit(api::config_path(spec, &settings, &package)?);
    let config_env_prefix = package.name.to_ascii_uppercase().replace('-', "_");
    let (security_schemes, session) = api::security(spec)?;
    let traffic = traffic::traffic(spec, &security_schemes, session.as_ref())?;

    let mut types = types::Types::new(spec, names::Scope::new());
    types.lower_components()?;
    let mut module_scope = names::Scope::with_reserved(CRATE_NAMES);
    let lowered = operations::lower_operations(spec, &mut types, &security_schemes, &mut module_scope)?;
    let mut operations = lowered.operations;
    pagination::detect(spec, &types, &mut operations)?;
    let event_streams = events::lower(spec, &mut types, &operations, &security_schemes)?;
    types.check_alias_loops()?;
    let mut type_defs = models::finish(&types.models);
    constructors::add(&mut type_defs, &operations);
    let mut error_bodies = lowered.error_bodies;
    let error_envelope = envelope::lower(spec, &type_defs, &mut operations, &mut error_bodies)?;

    let mut krate = Crate {
        package,
        api: api::info(spec),
        servers: api::servers(spec),
        default_headers: api::default_headers(&settings),
        security_schemes,
        session,
        traffic,
        operations,
        types: type_defs,
        error_bodies,
        error_envelope,
        event_streams,
        features: Features::default(),
        dependencies: Vec::new(),
        dev_dependencies: Vec::new(),
        cargo_features: Vec::new(),
        tag_features: Vec::new(),
        feature_grouping: FeatureGrouping::Tag,
        operations_gate: Gate::default(),
        operations_models_gate: Gate::default(),
        config_env_prefix,
        config_path,
        operations_use_models: false,
        error_uses_models: false,
        events_use_models: false,
        runtime: Vec::new(),
        readme_groups: Vec::new(),
        example: Example { server: ExampleServer::Placeholder, credentials: Vec::new(), call: None },
    };
    error_fields::locate(&mut krate);
    sizes::box_large_variants(&mut krate);
    if let Some(plan) = tag_features::plan(&krate.operations, settings.tag_features) {
        let tags = plan.features();
        if !tags.is_empty() {
            plan.apply(&mut krate, &tags);
            krate.tag_features = tags;
            krate.feature_grouping = plan.grouping;
        }
    }
    krate.features = needs::features(&krate);
    krate.dependencies = manifest::dependencies(&krate.features);
    krate.cargo_features = manifest::cargo_features(&krate.features, &krate.tag_features, krate.feature_grouping);
    krate.dev_dependencies = manifest::dev_dependencies(&krate.features);
    krate.operations_use_models = needs::operations_use_models(&krate);
    krate.error_uses_models = needs::error_uses_models(&krate);
    krate.events_use_models = needs::events_use_models(&krate);
    krate.runtime = runtime::modules(&krate);
    krate.readme_groups = resources::readme_groups(&krate.operations);
    krate.example = example::example(&krate);
    Ok(krate)
}
