//! Which modules of the shared runtime a crate copies.
//!
//! The runtime (`runtime/src/`) is split so that every module is used whole by any crate
//! that needs it at all: a crate copies exactly the modules its operations, models,
//! session and event streams use, and the compiler's dead-code lint holds for the copies
//! like for any other code. The rules below read the finished IR; each names the code
//! that calls into the module.

use crate::ir::{
    BodyEncoding, Crate, Decode, EnumRepr, EventTransport, Outcome, PageKind, ParamLocation, RuntimeModule as M, RuntimeUse, TypeKind,
};

pub fn modules(krate: &Crate) -> Vec<RuntimeUse> {
    let ops = &krate.operations;
    let params = || ops.iter().flat_map(|o| &o.params);
    let has_param = |location: ParamLocation| params().any(|p| p.location == location);
    let body = |encoding: &[BodyEncoding]| ops.iter().any(|o| o.body.as_ref().is_some_and(|b| encoding.contains(&b.encoding)));
    let cases = || ops.iter().flat_map(|o| &o.responses);
    let decodes = |decode: Decode| cases().any(|c| c.success && c.decode == decode);
    let paging = || ops.iter().filter_map(|o| o.pagination.as_ref());
    let cometd = krate.event_streams.iter().any(|s| matches!(s.transport, EventTransport::CometD { .. }));
    let websocket = krate.event_streams.iter().any(|s| matches!(s.transport, EventTransport::WebSocket { .. }));
    let tagged_members = krate.types.iter().any(|t| matches!(&t.kind, TypeKind::TaggedUnion { variants, .. } if !variants.is_empty()));
    let event_union_members = krate.event_streams.iter().any(|s| s.message_union.as_ref().is_some_and(|u| !u.variants.is_empty()));
    // CometD sends its Bayeux messages as operations do: a JSON request, a JSON or
    // undocumented answer.
    let requests = !ops.is_empty() || cometd;
    // A crate with nothing to call (no operations, no event stream: a spec of models or
    // webhooks only) is its models: a `Client` would have nothing to send, and its
    // configuration would be dead code.
    let client = requests || !krate.event_streams.is_empty();

    let rules: [(M, bool); 36] = [
        (M::Api, client),
        (M::Client, client),
        (M::Error, client),
        (M::Response, client),
        (M::Retry, client),
        // The crate's `Server` enum.
        (M::Servers, client && !krate.servers.is_empty()),
        // The crate's credential store and setters.
        (M::Credentials, client && !krate.security_schemes.is_empty()),
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
        (M::TextResponse, decodes(Decode::Text)),
        (M::BytesResponse, decodes(Decode::Bytes)),
        (M::EmptyResponse, decodes(Decode::Empty)),
        (M::ErrorResponse, cases().any(|c| matches!(c.outcome, Outcome::ApiError { .. }))),
        (M::UnexpectedResponse, cases().any(|c| c.outcome == Outcome::Unexpected) || cometd),
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
        (M::StrEnum, krate.types.iter().any(|t| matches!(t.kind, TypeKind::Enum { repr: EnumRepr::String, .. }))),
        (M::TaggedUnion, tagged_members),
        (M::UnionMember, tagged_members || event_union_members),
        (M::Csrf, krate.session.as_ref().is_some_and(|s| s.csrf.is_some())),
        (M::Events, !krate.event_streams.is_empty()),
        (M::Websocket, websocket),
        (M::Cometd, cometd),
    ];
    rules
        .into_iter()
        .filter(|(_, needed)| *needed)
        .map(|(module, _)| RuntimeUse { module, exports: exports(module, krate) })
        .collect()
}

impl Crate {
    /// Whether the crate has a `Client` (and with it `client.rs`, `error.rs` and the
    /// runtime's client code): decided by [`modules`].
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
