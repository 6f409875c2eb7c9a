//! The shared runtime's modules (`runtime/src/`), embedded when the generator is built and
//! copied byte for byte into each crate that uses them (progenitor-client does the same).
//! They are not printed: the runtime crate is formatted and linted where it stands.

use crate::ir::RuntimeModule;

/// Where a crate keeps its copy of a runtime module.
pub fn path(module: RuntimeModule) -> String {
    format!("src/runtime/{}.rs", module.name())
}

macro_rules! sources {
    ($($module:ident => $file:literal,)*) => {
        /// The module's source, exactly as in `runtime/src/`.
        pub fn source(module: RuntimeModule) -> &'static str {
            match module {
                $(RuntimeModule::$module => include_str!(concat!("../../../runtime/src/", $file, ".rs")),)*
            }
        }
    };
}

sources! {
    Api => "api",
    Client => "client",
    Error => "error",
    Response => "response",
    Retry => "retry",
    Credentials => "credentials",
    CredentialUpdate => "credential_update",
    Request => "request",
    Send => "send",
    Servers => "servers",
    SecretSerde => "secret_serde",
    Tls => "tls",
    Raw => "raw",
    Redact => "redact",
    Params => "params",
    PathParam => "path_param",
    QueryParam => "query_param",
    HeaderParam => "header_param",
    CookieParam => "cookie_param",
    JsonBody => "json_body",
    FormBody => "form_body",
    MultipartBody => "multipart_body",
    RawBody => "raw_body",
    JsonResponse => "json_response",
    TextResponse => "text_response",
    BytesResponse => "bytes_response",
    EmptyResponse => "empty_response",
    ErrorResponse => "error_response",
    UnexpectedResponse => "unexpected_response",
    ErrorEnvelope => "error_envelope",
    EnvelopeSuccess => "envelope_success",
    EnvelopeUnexpected => "envelope_unexpected",
    Pagination => "pagination",
    Cursor => "cursor",
    PageBound => "page_bound",
    StrEnum => "str_enum",
    TaggedUnion => "tagged_union",
    UnionMember => "union_member",
    Csrf => "csrf",
    Events => "events",
    Websocket => "websocket",
    Cometd => "cometd",
    Config => "config",
    ConfigLogging => "config_logging",
    ConfigWatch => "config_watch",
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each module's embedded source is the runtime crate's file of the module's name,
    /// and the runtime crate compiles that file as that module.
    #[test]
    fn every_module_is_the_runtime_file_of_its_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let lib = std::fs::read_to_string(dir.join("lib.rs")).expect("runtime/src/lib.rs");
        for module in ALL {
            let file = std::fs::read_to_string(dir.join(format!("{}.rs", module.name()))).expect("the module's file");
            assert_eq!(source(*module), file, "{}", module.name());
            assert!(lib.contains(&format!("pub mod {};", module.name())), "runtime/src/lib.rs does not compile `{}`", module.name());
        }
    }

    const ALL: &[RuntimeModule] = &[
        RuntimeModule::Api,
        RuntimeModule::Client,
        RuntimeModule::Error,
        RuntimeModule::Response,
        RuntimeModule::Retry,
        RuntimeModule::Credentials,
        RuntimeModule::CredentialUpdate,
        RuntimeModule::Request,
        RuntimeModule::Send,
        RuntimeModule::Servers,
        RuntimeModule::SecretSerde,
        RuntimeModule::Tls,
        RuntimeModule::Raw,
        RuntimeModule::Redact,
        RuntimeModule::Params,
        RuntimeModule::PathParam,
        RuntimeModule::QueryParam,
        RuntimeModule::HeaderParam,
        RuntimeModule::CookieParam,
        RuntimeModule::JsonBody,
        RuntimeModule::FormBody,
        RuntimeModule::MultipartBody,
        RuntimeModule::RawBody,
        RuntimeModule::JsonResponse,
        RuntimeModule::TextResponse,
        RuntimeModule::BytesResponse,
        RuntimeModule::EmptyResponse,
        RuntimeModule::ErrorResponse,
        RuntimeModule::UnexpectedResponse,
        RuntimeModule::ErrorEnvelope,
        RuntimeModule::EnvelopeSuccess,
        RuntimeModule::EnvelopeUnexpected,
        RuntimeModule::Pagination,
        RuntimeModule::Cursor,
        RuntimeModule::PageBound,
        RuntimeModule::StrEnum,
        RuntimeModule::TaggedUnion,
        RuntimeModule::UnionMember,
        RuntimeModule::Csrf,
        RuntimeModule::Events,
        RuntimeModule::Websocket,
        RuntimeModule::Cometd,
        RuntimeModule::Config,
        RuntimeModule::ConfigLogging,
        RuntimeModule::ConfigWatch,
    ];
}
