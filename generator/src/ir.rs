//! The intermediate model: everything a template needs, already decided.
//!
//! Lowering fills this in once: identifiers, Rust types (as [`TypeRef`] structure, printed
//! by `Display`), `Option`/`Box`, serde attributes, doc text, HTTP details. Templates only
//! print fields; they make no choices.
//! Everything derives `Serialize` so tests can snapshot the model itself, and everything
//! is ordered as in the spec, so output is deterministic.

use serde::Serialize;

mod error_fields;
mod arity;
mod gate;
mod http;
mod input;
mod manifest;
mod model;
mod paging;
mod readme;
mod response;
mod runtime;
mod traffic;
mod typeref;

pub use error_fields::{FieldPath, FieldStep};
pub use arity::LongSignature;
pub use gate::{FeatureGrouping, Gate, TagFeature};
pub use http::HttpMethod;
pub use input::{FieldInit, Input, Write};
pub use manifest::{CONFIG_FEATURE, CargoDependency, CargoFeature, EVENTS_FEATURE, FULL_FEATURE};
pub use model::{Constructor, ConstructorParam, EnumRepr, EnumVariant, Field, Setter, SerdeAttrs, TaggedVariant, TypeDef, TypeKind, UnionVariant};
pub use readme::{Example, ExampleCall, ExampleCredential, ExampleServer, Phrase, Span};
pub use paging::{BodyField, FullPage, LastPage, NextCursor, PageItems, PageKind, Pagination};

pub use response::{Decode, Outcome, ResponseCase, ResponseEnum, ResponseVariant, StatusMatch, arms_overlap as response_arms_overlap};
pub use runtime::{RuntimeModule, RuntimeUse};
pub use traffic::{RateLimitHeaders, Traffic};
pub use typeref::{Argument, BASE64_NAME, Dependency, Scalar, Spelled, Spelling, TypeRef};

/// Doc text for one item, as plain lines. Renders as `#[doc = "..."]` attributes, so no
/// spec text can leave its comment (prettyplease prints them back as `///`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Docs(pub Vec<String>);

impl Docs {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The same text as inner attributes (`#![doc = ...]`), for crate and module docs.
    pub fn inner(&self) -> InnerDocs<'_> {
        InnerDocs(self)
    }

    /// The first non-blank line (for README tables and similar one-line summaries).
    pub fn first_line(&self) -> String {
        self.0.iter().find(|l| !l.trim().is_empty()).cloned().unwrap_or_default()
    }
}

impl std::fmt::Display for Docs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|line| doc_attribute(f, "#[doc = ", line))
    }
}

/// `{attribute}" {line}"]` and a line break: the line as a string literal escaped by
/// `proc_macro2`, after a space that keeps `/// text` style once prettyplease turns the
/// attribute into a comment. A line of printable ASCII without quotes or backslashes (most
/// of them) is its own literal, written without building one.
fn doc_attribute(f: &mut std::fmt::Formatter<'_>, attribute: &str, line: &str) -> std::fmt::Result {
    if line.bytes().all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\') {
        return writeln!(f, "{attribute}\" {line}\"]");
    }
    writeln!(f, "{attribute}{}]", proc_macro2::Literal::string(&format!(" {line}")))
}

/// Docs rendered as inner attributes.
pub struct InnerDocs<'a>(&'a Docs);

impl std::fmt::Display for InnerDocs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.0.iter().try_for_each(|line| doc_attribute(f, "#![doc = ", line))
    }
}

/// A string that renders as a Rust string literal, escaped by `proc_macro2`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lit(pub String);

impl std::fmt::Display for Lit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", proc_macro2::Literal::string(&self.0))
    }
}

impl Lit {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text for a code span inside a generated comment: without line breaks, control
    /// or bidi characters and backticks, any of which could end the comment or the span.
    pub fn code(&self) -> String {
        self.0
            .chars()
            .map(|c| if c.is_control() || matches!(c, '`' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') { ' ' } else { c })
            .collect()
    }
}

/// One generated crate.
#[derive(Debug, Clone, Serialize)]
pub struct Crate {
    pub package: Package,
    pub api: ApiInfo,
    pub servers: Vec<Server>,
    pub default_headers: Vec<DefaultHeader>,
    pub security_schemes: Vec<SecurityScheme>,
    pub session: Option<Session>,
    /// Rate-limit and correlation headers, and request headers never logged.
    pub traffic: Traffic,
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    /// Every schema that some operation documents as an error body, in first-use order.
    pub error_bodies: Vec<ErrorBody>,
    /// The API's error envelope (`x-error-envelope`), if it declares one.
    pub error_envelope: Option<ErrorEnvelope>,
    pub event_streams: Vec<EventStream>,
    pub features: Features,
    /// `[dependencies]` of the manifest, from `features`.
    pub dependencies: Vec<CargoDependency>,
    /// `[dev-dependencies]`, for the crate's examples.
    pub dev_dependencies: Vec<CargoDependency>,
    /// `[features]` of the manifest: what users may leave out or choose.
    pub cargo_features: Vec<CargoFeature>,
    /// One feature per tag (or per path resource, see `feature_grouping`), for a big API
    /// whose users may want only part of it (`lower/tag_features.rs`); empty for most crates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_features: Vec<TagFeature>,
    /// What the groups of `tag_features` are: tags (also where there are none) or resources.
    #[serde(skip_serializing_if = "FeatureGrouping::is_tag")]
    pub feature_grouping: FeatureGrouping,
    /// What `operations.rs` imports is compiled under: open unless every operation is gated.
    #[serde(skip_serializing_if = "Gate::is_open")]
    pub operations_gate: Gate,
    /// What its `use crate::models` is compiled under: the operations that name a model.
    #[serde(skip_serializing_if = "Gate::is_open")]
    pub operations_models_gate: Gate,
    /// Where the configuration file of the [`CONFIG_FEATURE`] is by default, relative to
    /// the home directory (`x-codegen.config-path`, else `.<crate>/config`).
    pub config_path: Lit,
    /// The configuration's environment variables start with this and `_`: the crate's
    /// name in capitals, `-` as `_` (as the runtime's `config::env_name` derives it).
    pub config_env_prefix: String,
    /// Whether `operations.rs` names a model, and so imports `models`.
    pub operations_use_models: bool,
    /// Whether `error.rs` names a model, and so imports `models`.
    pub error_uses_models: bool,
    /// Whether `events.rs` names a model, and so imports `models`.
    pub events_use_models: bool,
    /// The modules of the shared runtime this crate copies, in file order.
    pub runtime: Vec<RuntimeUse>,
    /// The README's operation table, by resource (one unnamed group for a short table).
    pub readme_groups: Vec<ReadmeGroup>,
    /// The README's quick start.
    pub example: Example,
}

/// A resource's rows in the README's operation table.
#[derive(Debug, Clone, Serialize)]
pub struct ReadmeGroup {
    /// The resource (`engagements`, `pbx/audio`); empty when the table is not grouped.
    pub resource: String,
    /// Indices into `Crate::operations`, in document order.
    pub operations: Vec<usize>,
}

impl Crate {
    /// The operations of one README group.
    pub fn group_operations(&self, group: &ReadmeGroup) -> Vec<&Operation> {
        group.operations.iter().filter_map(|&i| self.operations.get(i)).collect()
    }

    /// The CSRF token the API's session hands out, if it has one.
    pub fn csrf(&self) -> Option<&Csrf> {
        self.session.as_ref().and_then(|s| s.csrf.as_ref())
    }
}

/// Cargo metadata for the crate.
#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub name: String,
    /// The crate name as used in Rust paths (`genesys_cloud_guest_chat`).
    pub lib_name: String,
    pub version: String,
    pub description: String,
    pub license: String,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    pub keywords: Vec<String>,
    pub categories: Vec<String>,
    pub rust_version: String,
    /// The user agent sent by default: `name/version`.
    pub user_agent: Lit,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
    pub docs: Docs,
    pub external_docs: Option<String>,
}

/// A named server from `servers`, selectable by the client builder.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// The enum variant (`UsEast1`).
    pub variant: String,
    /// The name users know it by (`x-name`, else derived from the host).
    pub name: Lit,
    pub url: Lit,
    pub docs: Docs,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServerVariable {
    pub name: Lit,
    pub default: Lit,
    pub allowed: Vec<Lit>,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefaultHeader {
    pub name: Lit,
    pub value: Lit,
}

/// One entry of `components/securitySchemes`.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The key in the spec (`guestChatJwt`).
    pub key: Lit,
    /// Variant of the generated `SecurityScheme` enum (`GuestChatJwt`).
    pub variant: String,
    /// Field of the credential store and stem of its setter (`guest_chat_jwt`).
    pub field: String,
    pub kind: SchemeKind,
    pub docs: Docs,
}

/// One of the crate's security schemes, as a requirement names it; prints as its
/// `SecurityScheme` variant. Only [`SchemeId::of`] makes one, so it always names a scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SchemeId(String);

impl SchemeId {
    pub fn of(scheme: &SecurityScheme) -> SchemeId {
        SchemeId(scheme.variant.clone())
    }
}

impl std::fmt::Display for SchemeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Alternatives of a `security` requirement: any one inner list, satisfied together,
/// authorises the request. An empty outer list: anonymous.
pub type Security = Vec<Vec<SchemeId>>;

impl Crate {
    /// The scheme an id names.
    pub fn scheme(&self, id: &SchemeId) -> Option<&SecurityScheme> {
        self.security_schemes.iter().find(|s| s.variant == id.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (http bearer, OAuth 2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    ApiKeyHeader { name: Lit },
    ApiKeyQuery { name: Lit },
    ApiKeyCookie { name: Lit },
}

/// Session behaviour a server needs beyond a credential (`x-session` on a scheme).
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// Keep cookies (e.g. `JSESSIONID`) between requests.
    pub cookies: bool,
    pub csrf: Option<Csrf>,
}

/// A CSRF token that the server hands out in response headers and wants back.
#[derive(Debug, Clone, Serialize)]
pub struct Csrf {
    /// Response header whose value names the request header to send (`X-CSRF-HEADER`).
    pub name_header: Lit,
    /// Response header that carries the token (`X-CSRF-TOKEN`).
    pub token_header: Lit,
    /// HTTP methods that must carry the token.
    pub methods: Vec<Lit>,
}

/// One operation of the API: a method on the client plus its request builder.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    pub id: Lit,
    /// The spec's `tags`, as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The tag features that compile it (`lower/tag_features.rs`); open for most.
    #[serde(skip_serializing_if = "Gate::is_open")]
    pub gate: Gate,
    /// `post_webchat_guest_conversations`.
    pub method_name: String,
    /// The request builder type (`PostWebchatGuestConversations`).
    pub builder: String,
    /// The builder's derives (`Clone` unless its body cannot be cloned).
    pub builder_derives: Vec<String>,
    pub http_method: HttpMethod,
    pub path: Lit,
    pub path_parts: Vec<PathPart>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// What `send()` returns on success (`()` for no body).
    pub ok_type: TypeRef,
    /// Match arms in order: specific codes, ranges, then `_`.
    pub responses: Vec<ResponseCase>,
    /// A specific status also falls in a range arm, so the match carries
    /// `#[allow(clippy::match_overlapping_arm)]`.
    pub arms_overlap: bool,
    /// The client method takes more arguments (`&self` and the required inputs) than
    /// clippy allows.
    pub long_signature: LongSignature,
    /// The response-enum type when several success responses have different bodies.
    pub response_enum: Option<ResponseEnum>,
    pub deprecated: Option<Lit>,
    pub docs: Docs,
    /// The README's one-line description: the first line of the spec's summary or
    /// description, marked when deprecated.
    pub summary: Phrase,
    /// Alternatives from `security` (the operation's, else the document's).
    pub security: Security,
    /// Safe to send again after a 5xx or a timeout, when the server may have acted on it
    /// (GET, HEAD, OPTIONS, PUT, DELETE unless `x-idempotent: false`; others only with
    /// `x-idempotent: true`). A 429 and a failed connection are retried regardless.
    pub idempotent: bool,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathPart {
    Literal(Lit),
    /// The field name of a path parameter.
    Param(String),
}

/// Prints as the `Request` call that appends the part (`push_path("/pets/")`).
impl std::fmt::Display for PathPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathPart::Literal(text) => write!(f, "push_path({text})"),
            PathPart::Param(field) => write!(f, "push_path_param(&self.{field})?"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// Prints the spec's `in`, which for query, header and cookie parameters is also the
/// runtime's `Request` method that writes them.
impl std::fmt::Display for ParamLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        })
    }
}

/// How a parameter value becomes text on the wire (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyle {
    /// One value, or a comma-joined list (path `simple`, header `simple`, query `form` without explode).
    Joined,
    /// `?id=1&id=2` (query `form` with explode, the default for arrays).
    Repeated,
    SpaceDelimited,
    PipeDelimited,
    /// An object serialised as JSON text (deepObject and object-valued params).
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub wire_name: Lit,
    /// Builder field and setter name.
    pub field: String,
    pub location: ParamLocation,
    pub required: bool,
    /// The value's type (`String`, `i32`, `Vec<models::Sort>`).
    pub ty: TypeRef,
    /// The builder field's type: `ty`, in an `Option` unless required.
    pub stored: TypeRef,
    /// How the setter (or method) takes it (`impl Into<String>` for strings).
    pub arg: Argument,
    pub style: ParamStyle,
    /// The value is a list (rendered with `style`).
    pub is_list: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    Json,
    Form,
    Multipart,
    Bytes,
    Text,
}

/// Prints the name the runtime uses for this encoding (`request.body_json(...)`); bytes
/// and text are both sent as given (`body_raw`).
impl std::fmt::Display for BodyEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BodyEncoding::Json => "json",
            BodyEncoding::Form => "form",
            BodyEncoding::Multipart => "multipart",
            BodyEncoding::Bytes | BodyEncoding::Text => "raw",
        })
    }
}

/// Prints the runtime's `Style` value: plain data, so a crate never carries styles it
/// does not use.
impl std::fmt::Display for ParamStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (separator, json) = match self {
            ParamStyle::Joined => ("Some(\",\")", false),
            ParamStyle::Repeated => ("None", false),
            ParamStyle::SpaceDelimited => ("Some(\" \")", false),
            ParamStyle::PipeDelimited => ("Some(\"|\")", false),
            ParamStyle::Json => ("None", true),
        };
        write!(f, "crate::runtime::params::Style {{ separator: {separator}, json: {json} }}")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub content_type: Lit,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    /// The builder field's type: `ty`, in an `Option` unless required.
    pub stored: TypeRef,
    pub arg: Argument,
    pub required: bool,
    pub docs: Docs,
}

/// A schema that documents an error body, as a variant of the crate's `ApiErrorBody`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub variant: String,
    pub ty: TypeRef,
    /// Where the body keeps the API's own error code, found by its conventional name
    /// (`lower/error_fields.rs`).
    pub code: Option<FieldPath>,
    /// Where the body keeps the API's own error message.
    pub message: Option<FieldPath>,
}

/// A body shape that means failure at any status (`x-error-envelope` on a schema): an
/// application error inside HTTP 200 (Engage's `statusCode > 0`), or an error body at a
/// status the spec does not document (UltraCart's `ErrorResponse` on a 404).
#[derive(Debug, Clone, Serialize)]
pub struct ErrorEnvelope {
    /// The `ApiErrorBody` variant the envelope decodes into.
    pub variant: String,
    /// The top-level property whose presence marks a body as the envelope.
    pub marker: Lit,
    /// Values of the marker that mean success (an application status code); empty when
    /// any value means failure.
    pub success: Vec<i64>,
    /// Whether bodies of success statuses are checked too.
    pub in_success: bool,
    /// The documented meaning of each application status code.
    pub meanings: Vec<(i64, Lit)>,
    /// How to read the code and the message from the decoded envelope.
    pub code: Option<EnvelopeField>,
    pub message: Option<EnvelopeField>,
}

/// A field of the decoded envelope, read as `Option<i64>` (a code) or `Option<&str>` (a
/// message). Prints as the expression on the bound `envelope`.
#[derive(Debug, Clone, Serialize)]
pub struct EnvelopeField {
    pub field: String,
    pub optional: bool,
    pub kind: EnvelopeFieldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeFieldKind {
    Code,
    Message,
}

impl std::fmt::Display for EnvelopeField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let field = &self.field;
        match (self.kind, self.optional) {
            (EnvelopeFieldKind::Code, true) => write!(f, "envelope.{field}.map(i64::from)"),
            (EnvelopeFieldKind::Code, false) => write!(f, "Some(i64::from(envelope.{field}))"),
            (EnvelopeFieldKind::Message, true) => write!(f, "envelope.{field}.as_deref()"),
            (EnvelopeFieldKind::Message, false) => write!(f, "Some(envelope.{field}.as_str())"),
        }
    }
}

/// How an event stream's URL is read from its response field: text, or a `Secret` when
/// the URL carries a credential (`x-secret`). Prints as the function that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlReader {
    Text,
    Secret,
}

impl std::fmt::Display for UrlReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UrlReader::Text => "String::as_str",
            UrlReader::Secret => "crate::Secret::expose",
        })
    }
}

/// A server-push stream described with `x-event-stream` (WebSocket or CometD).
#[derive(Debug, Clone, Serialize)]
pub struct EventStream {
    /// The stream's name in the spec, for errors and logs.
    pub name: Lit,
    /// The `Client` method that opens the stream (`events`).
    pub method_name: String,
    pub docs: Docs,
    pub transport: EventTransport,
    /// The type every message decodes into (`models::ChatNotification`, or the
    /// [`TypeRef::Local`] name of `message_union`).
    pub message_type: TypeRef,
    /// A union keyed by a nested property, declared in the extension itself (OpenAPI's
    /// `discriminator` names top-level properties only); generated into `events.rs`.
    pub message_union: Option<EventUnion>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventTransport {
    /// A WebSocket whose URL is a field of an operation's response.
    WebSocket {
        /// The `Client` method of the operation whose response names the URL.
        operation_method: String,
        /// The type of that response.
        response_type: TypeRef,
        /// The response field with the URL, its wire name, and whether it is an `Option`.
        url_field: String,
        url_wire: Lit,
        url_optional: bool,
        /// How the URL is read from the field.
        url_reader: UrlReader,
    },
    /// A CometD (Bayeux) long-polling endpoint on the API server, one channel subscribed.
    CometD {
        path: Lit,
        channel: Lit,
        /// Alternatives of schemes, as for operations.
        security: Security,
    },
}

/// A union whose members are told apart by the string at `key_path` (`metadata.type`).
#[derive(Debug, Clone, Serialize)]
pub struct EventUnion {
    pub name: String,
    pub docs: Docs,
    /// Property names from the message root to the kind, outermost first.
    pub key_path: Vec<Lit>,
    pub variants: Vec<EventUnionVariant>,
    /// The catch-all variant holding the raw JSON of kinds this version does not know.
    pub unknown: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventUnionVariant {
    pub name: String,
    /// The value at the key path.
    pub kind: Lit,
    /// Payload type (the whole message decodes into it).
    pub ty: TypeRef,
    pub docs: Docs,
}

/// Optional dependencies the crate needs, decided once from the types and features used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Features {
    /// Some model field is a `Secret` (`x-secret`).
    pub secrets: bool,
    pub chrono: bool,
    pub uuid: bool,
    pub base64: bool,
    pub cookies: bool,
    pub multipart: bool,
    pub form: bool,
    /// A WebSocket event stream (tokio-tungstenite with rustls).
    pub websocket: bool,
    /// A CometD event stream.
    pub cometd: bool,
    /// Any event stream: `events.rs`, and a tokio runtime for the crate's examples.
    pub events: bool,
}
