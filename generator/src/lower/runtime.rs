//! Which modules of the shared runtime a crate copies.
//!
//! The runtime (`runtime/src/`) is split so that every module is used whole by any crate
//! that needs it at all: a crate copies exactly the modules its operations, models,
//! session and event streams use, and the compiler's dead-code lint holds for the copies
//! like for any other code. The rules below read the finished IR; each names the code
//! that calls into the module.

use crate::ir::{
    CONFIG_FEATURE, EVENTS_FEATURE, BodyEncoding, Crate, Decode, EnumRepr, EventStream, EventTransport, Gate, Operation, Outcome, PageKind, ParamLocation, RuntimeModule as M,
    RuntimeUse, TypeDef, TypeKind,
};

pub fn modules(krate: &Crate) -> Vec<RuntimeUse> {
    // What only the event streams, or only the operations and models of some tag features,
    // need is compiled under those features (`lower/tag_features.rs`).
    let open_ops: Vec<&Operation> = krate.operations.iter().filter(|op| op.gate.is_open()).collect();
    let open_types: Vec<&TypeDef> = krate.types.iter().filter(|t| t.gate.is_open()).collect();
    // With tag features and no tag enabled the crate still has its `Client`.
    let keep_client = !krate.tag_features.is_empty() && !krate.operations.is_empty();
    let always = needed(krate, &Part { operations: open_ops.clone(), types: open_types.clone(), events: false, keep_client });
    let mut parts: Vec<(String, Vec<M>)> = krate
        .tag_features
        .iter()
        .map(|tag| {
            let gated = |gate: &Gate| gate.is_open() || gate.0.contains(&tag.feature);
            let operations = krate.operations.iter().filter(|op| gated(&op.gate)).collect();
            let types = krate.types.iter().filter(|t| gated(&t.gate)).collect();
            (tag.feature.clone(), needed(krate, &Part { operations, types, events: false, keep_client }))
        })
        .collect();
    parts.push((EVENTS_FEATURE.to_string(), needed(krate, &Part { operations: open_ops, types: open_types, events: true, keep_client })));
    let whole = Part { operations: krate.operations.iter().collect(), types: krate.types.iter().collect(), events: true, keep_client };
    needed(krate, &whole)
        .into_iter()
        .map(|module| {
            let feature = match module {
                M::Config | M::ConfigLogging | M::ConfigWatch => Gate::feature(CONFIG_FEATURE),
                _ if always.contains(&module) => Gate::default(),
                _ => Gate(parts.iter().filter(|(_, modules)| modules.contains(&module)).map(|(feature, _)| feature.clone()).collect()),
            };
            RuntimeUse { module, exports: exports(module, krate), feature }
        })
        .collect()
}

/// The operations and models of one build, and whether its event streams are in it.
struct Part<'a> {
    operations: Vec<&'a Operation>,
    types: Vec<&'a TypeDef>,
    events: bool,
    /// The crate has a `Client` even where this part has nothing to call.
    keep_client: bool,
}

fn needed(krate: &Crate, part: &Part<'_>) -> Vec<M> {
    let ops = &part.operations;
    let streams: &[EventStream] = if part.events { &krate.event_streams } else { &[] };
    let params = || ops.iter().flat_map(|o| &o.params);
    let has_param = |location: ParamLocation| params().any(|p| p.location == location);
    let body = |encoding: &[BodyEncoding]| ops.iter().any(|o| o.body.as_ref().is_some_and(|b| encoding.contains(&b.encoding)));
    let cases = || ops.iter().flat_map(|o| &o.responses);
    let decodes = |decode: Decode| cases().any(|c| c.success && c.decode == decode);
    let paging = || ops.iter().filter_map(|o| o.pagination.as_ref());
    let cometd = streams.iter().any(|s| matches!(s.transport, EventTransport::CometD { .. }));
    let websocket = streams.iter().any(|s| matches!(s.transport, EventTransport::WebSocket { .. }));
    let tagged_members = part.types.iter().any(|t| matches!(&t.kind, TypeKind::TaggedUnion { variants, .. } if !variants.is_empty()));
    let event_union_members = streams.iter().any(|s| s.message_union.as_ref().is_some_and(|u| !u.variants.is_empty()));
    // CometD sends its Bayeux messages as operations do: a JSON request, a JSON or
    // undocumented answer.
    let requests = !ops.is_empty() || cometd;
    // A crate with nothing to call (no operations, no event stream: a spec of models or
    // webhooks only) is its models: a `Client` would have nothing to send, and its
    // configuration would be dead code.
    let client = requests || !streams.is_empty() || part.keep_client;

    let outcome = |f: fn(&Outcome) -> bool| cases().any(|c| f(&c.outcome));
    let envelope_success = outcome(|o| matches!(o, Outcome::BodyUnlessError { .. } | Outcome::VariantUnlessError { .. }));
    let envelope_unexpected = outcome(|o| matches!(o, Outcome::UnexpectedOrEnvelope { .. }));

    let rules: [(M, bool); 45] = [
        (M::Api, client),
        (M::Client, client),
        (M::Error, client),
        (M::Response, client),
        (M::Retry, client),
        (M::Tls, client),
        // The crate's `Server` enum.
        (M::Servers, client && !krate.servers.is_empty()),
        // `Secret`, for the crate's credential store and for `x-secret` fields; the
        // setters' update of the store.
        (M::Credentials, (client && !krate.security_schemes.is_empty()) || krate.features.secrets),
        (M::CredentialUpdate, client && !krate.security_schemes.is_empty()),
        (M::SecretSerde, krate.features.secrets),
        (M::Request, requests),
        (M::Send, requests),
        (M::Raw, requests),
        (M::Redact, requests),
        (M::Params, params().next().is_some()),
        (M::PathParam, has_param(ParamLocation::Path)),
        (M::QueryParam, has_param(ParamLocation::Query)),
        (M::HeaderParam, has_param(ParamLocation::Header)),
        (M::CookieParam, has_param(ParamLocation::Cookie)),
        (M::JsonBody, body(&[BodyEncoding::Json]) || cometd),
        (M::FormBody, body(&[BodyEncoding::Form])),
        (M::MultipartBody, body(&[BodyEncoding::Multipart])),
        (M::RawBody, body(&[BodyEncoding::Bytes, BodyEncoding::Text])),
        (M::JsonResponse, decodes(Decode::Json) || cometd),
        (M::ErrorEnvelope, envelope_success || envelope_unexpected),
        (M::EnvelopeSuccess, envelope_success),
        (M::EnvelopeUnexpected, envelope_unexpected),
        (M::TextResponse, decodes(Decode::Text)),
        (M::BytesResponse, decodes(Decode::Bytes)),
        (M::EmptyResponse, decodes(Decode::Empty)),
        (M::ErrorResponse, cases().any(|c| matches!(c.outcome, Outcome::ApiError { .. })) || envelope_success || envelope_unexpected),
        (M::UnexpectedResponse, cases().any(|c| c.outcome == Outcome::Unexpected) || envelope_unexpected || cometd),
        (M::Pagination, paging().next().is_some()),
        (M::Cursor, paging().any(|p| matches!(p.kind, PageKind::Cursor { .. }))),
        (
            M::PageBound,
            paging().any(|p| match &p.kind {
                PageKind::PageNumber { last_page, .. } => last_page.0.is_some(),
                PageKind::Offset { full_page, .. } => full_page.0.is_some(),
                PageKind::Cursor { .. } => false,
            }),
        ),
        (M::StrEnum, part.types.iter().any(|t| matches!(t.kind, TypeKind::Enum { repr: EnumRepr::String, .. }))),
        (M::TaggedUnion, tagged_members),
        (M::UnionMember, tagged_members || event_union_members),
        (M::Csrf, krate.session.as_ref().is_some_and(|s| s.csrf.is_some())),
        (M::Events, !streams.is_empty()),
        (M::Websocket, websocket),
        (M::Cometd, cometd),
        // The configuration file, behind the `config` feature.
        (M::Config, client),
        (M::ConfigLogging, client),
        (M::ConfigWatch, client),
    ];
    rules.into_iter().filter(|(_, needed)| *needed).map(|(module, _)| module).collect()
}

impl Crate {
    /// Whether the crate has a `Client` (and with it `client.rs`, `error.rs` and the
    /// runtime's client code): decided by `modules`.
    pub fn has_client(&self) -> bool {
        self.runtime.iter().any(|used| used.module == M::Client)
    }
}

/// What the crate's operations, models and events name as `crate::runtime::<item>`.
fn exports(module: M, krate: &Crate) -> Vec<&'static str> {
    match module {
        M::Request if !krate.operations.is_empty() => vec!["Request"],
        M::Pagination => vec!["paginate"],
        M::Cursor => vec!["next_cursor"],
        M::PageBound => vec!["at_least"],
        M::StrEnum => vec!["StrEnumVisitor"],
        M::TaggedUnion => vec!["serialize_tagged"],
        M::UnionMember => vec!["from_json_value"],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::{RuntimeModule, Scalar, TypeKind, TypeRef};

    /// `x-secret: true` on a string property makes the field the runtime's `Secret`, and
    /// the crate copies the module that decodes it.
    #[test]
    fn a_secret_property_is_a_secret_field_and_brings_its_module() {
        let spec = r#"openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /sessions:
    post:
      operationId: createSession
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Session'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Session:
      type: object
      properties:
        id: {type: string}
        token: {type: string, x-secret: true}
"#;
        let loaded = crate::load::load_str(Path::new("secret.yaml"), spec).expect("loads");
        let krate = crate::lower::lower(&loaded, &crate::Overrides::default()).expect("lowers");
        let session = krate.types.iter().find(|t| t.name == "Session").expect("the model");
        let TypeKind::Struct { fields, .. } = &session.kind else { panic!("a struct") };
        let types: Vec<(&str, &TypeRef)> = fields.iter().map(|f| (f.name.as_str(), f.ty.unwrapped())).collect();
        assert_eq!(types, [("id", &TypeRef::STRING), ("token", &TypeRef::Scalar(Scalar::Secret))]);
        assert!(krate.features.secrets);
        let modules: Vec<RuntimeModule> = krate.runtime.iter().map(|r| r.module).collect();
        assert!(modules.contains(&RuntimeModule::SecretSerde) && modules.contains(&RuntimeModule::Credentials), "{modules:?}");
        // The bearer token's setters replace the credentials of a running client.
        assert!(modules.contains(&RuntimeModule::CredentialUpdate), "{modules:?}");
        // Without a security scheme the crate has no setter: only `Secret` (dead code else).
        let unsecured = spec.replace("  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n", "");
        let loaded = crate::load::load_str(Path::new("secret.yaml"), &unsecured).expect("loads");
        let krate = crate::lower::lower(&loaded, &crate::Overrides::default()).expect("lowers");
        assert!(krate.security_schemes.is_empty());
        let modules: Vec<RuntimeModule> = krate.runtime.iter().map(|r| r.module).collect();
        assert!(modules.contains(&RuntimeModule::Credentials) && !modules.contains(&RuntimeModule::CredentialUpdate), "{modules:?}");
    }
}
