//! Which modules of the shared runtime (`runtime/`) a crate copies, and what it names of them.

use serde::Serialize;

use super::Gate;

/// A module of the shared runtime (`runtime/src/<name>.rs`) a crate copies verbatim to
/// `src/runtime/<name>.rs`, with the items its other files name through `crate::runtime::`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuntimeUse {
    pub module: RuntimeModule,
    /// Items re-exported as `crate::runtime::<item>` because the crate's code names them.
    pub exports: Vec<&'static str>,
    /// The crate's cargo features the module is compiled under (any one of them);
    /// open when always.
    pub feature: Gate,
}

impl RuntimeUse {
    /// The `#[cfg]` attribute of the module's declaration, or nothing.
    pub fn cfg(&self) -> String {
        self.feature.to_string()
    }
}

/// The modules of the shared runtime, one per need (see `runtime/src/lib.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuntimeModule {
    Api,
    Client,
    Error,
    Response,
    Retry,
    Credentials,
    CredentialUpdate,
    Request,
    Send,
    Servers,
    SecretSerde,
    Tls,
    Raw,
    Redact,
    Params,
    PathParam,
    QueryParam,
    HeaderParam,
    CookieParam,
    JsonBody,
    FormBody,
    MultipartBody,
    RawBody,
    JsonResponse,
    TextResponse,
    BytesResponse,
    EmptyResponse,
    ErrorResponse,
    UnexpectedResponse,
    ErrorEnvelope,
    EnvelopeSuccess,
    EnvelopeUnexpected,
    Pagination,
    Cursor,
    PageBound,
    StrEnum,
    TaggedUnion,
    UnionMember,
    Csrf,
    Events,
    Websocket,
    Cometd,
    Config,
    ConfigLogging,
    ConfigWatch,
}

impl RuntimeModule {
    /// The module's name: its file stem in `runtime/src/` and in a crate's `src/runtime/`.
    pub fn name(self) -> &'static str {
        match self {
            RuntimeModule::Api => "api",
            RuntimeModule::Client => "client",
            RuntimeModule::Error => "error",
            RuntimeModule::Response => "response",
            RuntimeModule::Retry => "retry",
            RuntimeModule::Credentials => "credentials",
            RuntimeModule::CredentialUpdate => "credential_update",
            RuntimeModule::Request => "request",
            RuntimeModule::Send => "send",
            RuntimeModule::Servers => "servers",
            RuntimeModule::SecretSerde => "secret_serde",
            RuntimeModule::Tls => "tls",
            RuntimeModule::Raw => "raw",
            RuntimeModule::Redact => "redact",
            RuntimeModule::Params => "params",
            RuntimeModule::PathParam => "path_param",
            RuntimeModule::QueryParam => "query_param",
            RuntimeModule::HeaderParam => "header_param",
            RuntimeModule::CookieParam => "cookie_param",
            RuntimeModule::JsonBody => "json_body",
            RuntimeModule::FormBody => "form_body",
            RuntimeModule::MultipartBody => "multipart_body",
            RuntimeModule::RawBody => "raw_body",
            RuntimeModule::JsonResponse => "json_response",
            RuntimeModule::TextResponse => "text_response",
            RuntimeModule::BytesResponse => "bytes_response",
            RuntimeModule::EmptyResponse => "empty_response",
            RuntimeModule::ErrorResponse => "error_response",
            RuntimeModule::UnexpectedResponse => "unexpected_response",
            RuntimeModule::ErrorEnvelope => "error_envelope",
            RuntimeModule::EnvelopeSuccess => "envelope_success",
            RuntimeModule::EnvelopeUnexpected => "envelope_unexpected",
            RuntimeModule::Pagination => "pagination",
            RuntimeModule::Cursor => "cursor",
            RuntimeModule::PageBound => "page_bound",
            RuntimeModule::StrEnum => "str_enum",
            RuntimeModule::TaggedUnion => "tagged_union",
            RuntimeModule::UnionMember => "union_member",
            RuntimeModule::Csrf => "csrf",
            RuntimeModule::Events => "events",
            RuntimeModule::Websocket => "websocket",
            RuntimeModule::Cometd => "cometd",
            RuntimeModule::Config => "config",
            RuntimeModule::ConfigLogging => "config_logging",
            RuntimeModule::ConfigWatch => "config_watch",
        }
    }
}
