//! The public API the generator says a crate has: every path derived from the crate's IR,
//! through the record the version diff keeps (`diff::Surface`, `.codegen/api.json`) where
//! the record has it, and through the templates' fixed conventions (named here, once, with
//! the IR fields that decide them) for the rest.
//!
//! Everything listed here must exist; every public item the generator printed
//! (not the copied runtime) must be listed here. So a type, member or method a template
//! starts to print publicly fails the test until it is added here on purpose.

use std::collections::BTreeSet;

use generator::diff::Surface;
use generator::ir::{Crate, EventTransport, TypeKind};

/// Each expected path (from the crate root, as [`super::rustdoc::PublicApi`] spells it).
pub fn expected(krate: &Crate) -> BTreeSet<String> {
    let surface = Surface::of(krate);
    let mut paths = BTreeSet::new();
    let mut add = |path: String| {
        paths.insert(path);
    };

    // The record: models with their members, operations with their inputs, servers,
    // credentials, error bodies, event streams.
    add("models".into());
    for (name, t) in &surface.types {
        // Models by name; an event stream's message union by its path (`events::…`).
        let path = if name.contains("::") { name.clone() } else { format!("models::{name}") };
        for member in t.members.keys() {
            add(format!("{path}::{member}"));
        }
        add(path);
    }
    if !surface.operations.is_empty() {
        add("operations".into());
    }
    for (method, op) in &surface.operations {
        add(format!("Client::{method}"));
        let builder = &krate.operations.iter().find(|o| &o.method_name == method).expect("the record's operation is in the IR").builder;
        add(format!("operations::{builder}"));
        for name in ["send", "send_with_response"] {
            add(format!("operations::{builder}::{name}"));
        }
        if op.stream_item.is_some() {
            add(format!("operations::{builder}::into_stream"));
        }
    }
    for server in &surface.servers {
        add(format!("Server::{server}"));
    }
    for scheme in &surface.security_schemes {
        add(format!("ClientBuilder::{scheme}"));
        add(format!("Client::set_{scheme}"));
        add(format!("Client::clear_{scheme}"));
    }
    for variant in surface.error_bodies.keys() {
        add(format!("ApiErrorBody::{variant}"));
    }
    for method in surface.event_streams.keys() {
        add(format!("Client::{method}"));
    }

    // What the record keys by Rust name but the IR names: builder setters, response
    // enums, the catch-all variants, constructors' setters.
    for op in &krate.operations {
        for input in op.inputs().iter().filter(|input| !input.required) {
            add(format!("operations::{}::{}", op.builder, input.field));
        }
        if let Some(e) = &op.response_enum {
            add(format!("operations::{}", e.name));
            for v in &e.variants {
                add(format!("operations::{}::{}", e.name, v.name));
            }
        }
    }
    for t in &krate.types {
        let name = &t.name;
        match &t.kind {
            TypeKind::Struct { constructor: Some(c), .. } => {
                add(format!("models::{name}::new"));
                for setter in &c.setters {
                    add(format!("models::{name}::{}", setter.name));
                }
            }
            TypeKind::Enum { repr, unknown, .. } => {
                add(format!("models::{name}::{unknown}"));
                let accessor = match repr {
                    generator::ir::EnumRepr::String => "as_str",
                    generator::ir::EnumRepr::Integer => "as_i64",
                };
                add(format!("models::{name}::{accessor}"));
            }
            TypeKind::TaggedUnion { unknown, .. } => {
                add(format!("models::{name}::{unknown}"));
                add(format!("models::{name}::TAG"));
            }
            TypeKind::Union { unknown, .. } => add(format!("models::{name}::{unknown}")),
            _ => {}
        }
    }
    if krate.features.base64 {
        add("models::Base64Bytes".into());
        add("models::Base64Bytes::as_bytes".into());
    }

    // The crate-level types `client.rs` and `error.rs` print around the runtime's client.
    if krate.has_client() {
        add("SecurityScheme".into());
        add("SecurityScheme::name".into());
        for scheme in &krate.security_schemes {
            add(format!("SecurityScheme::{}", scheme.variant));
        }
        add("ApiErrorBody".into());
        add("ApiErrorBody::Raw".into());
        add("ApiErrorBody::Empty".into());
        add("Client::new".into());
        if !krate.servers.is_empty() {
            add("Server".into());
            for name in ["ALL", "name", "from_name", "url_template", "variables", "url"] {
                add(format!("Server::{name}"));
            }
            for name in ["server", "server_named", "server_variable"] {
                add(format!("ClientBuilder::{name}"));
            }
        }
    }

    // `events.rs`: the stream's error, the typed message unions and the transport's
    // stream type (the runtime's, re-exported).
    if krate.features.events {
        add("events".into());
        add("events::EventError".into());
        add("events::EventError::Decode".into());
        for stream in &krate.event_streams {
            match stream.transport {
                EventTransport::WebSocket { .. } => {
                    for name in ["NoUrl", "WebSocket"] {
                        add(format!("events::EventError::{name}"));
                    }
                }
                EventTransport::CometD { .. } => add("events::EventError::Bayeux".into()),
            }
            if let Some(union) = &stream.message_union {
                let name = &union.name;
                add(format!("events::{name}"));
                add(format!("events::{name}::{}", union.unknown));
                add(format!("events::{name}::KIND_PATH"));
                add(format!("events::{name}::kind_of"));
                for v in &union.variants {
                    add(format!("events::{name}::{}", v.name));
                }
            }
        }
    }
    paths
}
