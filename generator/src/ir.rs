//! The intermediate model: everything a template needs, already decided.
//!
//! Lowering fills this in once: identifiers, Rust types as text, `Option`/`Box`, serde
//! attributes, doc text, HTTP details. Templates only print fields; they make no choices.
//! Everything derives `Serialize` so tests can snapshot the model itself, and everything
//! is ordered as in the spec, so output is deterministic.

use serde::Serialize;

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
        for line in &self.0 {
            // A leading space keeps `/// text` style once prettyplease turns these into comments.
            let text = format!(" {line}");
            writeln!(f, "#[doc = {}]", proc_macro2::Literal::string(&text))?;
        }
        Ok(())
    }
}

/// Docs rendered as inner attributes.
pub struct InnerDocs<'a>(&'a Docs);

impl std::fmt::Display for InnerDocs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.0.0 {
            let text = format!(" {line}");
            writeln!(f, "#![doc = {}]", proc_macro2::Literal::string(&text))?;
        }
        Ok(())
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
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    /// Every schema that some operation documents as an error body, in first-use order.
    pub error_bodies: Vec<ErrorBody>,
    pub event_streams: Vec<EventStream>,
    pub features: Features,
    /// The modules of the shared runtime this crate copies, in file order.
    pub runtime: Vec<RuntimeUse>,
    /// The call shown in the README's quick start.
    pub example: Option<Example>,
}

impl Crate {
    /// The CSRF token the API's session hands out, if it has one.
    pub fn csrf(&self) -> Option<&Csrf> {
        self.session.as_ref().and_then(|s| s.csrf.as_ref())
    }
}

/// A call that needs nothing but strings, for the README's quick start (a doctest).
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub method_name: String,
    /// Placeholder values for the required parameters.
    pub args: Vec<Lit>,
    /// Builder setters for the credentials the operation needs, and whether each is
    /// HTTP Basic (two arguments).
    pub credentials: Vec<(String, bool)>,
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
    /// `post_webchat_guest_conversations`.
    pub method_name: String,
    /// The request builder type (`PostWebchatGuestConversations`).
    pub builder: String,
    /// The builder's derives (`Clone` unless its body cannot be cloned).
    pub builder_derives: Vec<String>,
    /// `GET`, `POST`, ... as the `reqwest::Method` associated constant name.
    pub http_method: String,
    pub path: Lit,
    pub path_parts: Vec<PathPart>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// What `send()` returns on success, as a qualified Rust type (`()` for no body).
    pub ok_type: String,
    pub responses: Vec<ResponseCase>,
    /// The response-enum type when several success responses have different bodies.
    pub response_enum: Option<ResponseEnum>,
    pub deprecated: Option<Lit>,
    pub docs: Docs,
    /// Alternatives from `security`; each inner list must be satisfied together.
    /// Empty outer list: anonymous.
    pub security: Vec<Vec<String>>,
    /// Safe to retry automatically (GET, HEAD, OPTIONS, PUT, DELETE, or `x-idempotent: true`).
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
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
    /// The stored type, qualified (`String`, `i32`, `Vec<models::Sort>`).
    pub ty: String,
    /// The setter's argument type (`impl Into<String>` for strings).
    pub arg_type: String,
    /// Suffix converting the setter argument into `ty` (`.into()` or nothing).
    pub arg_convert: String,
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
    /// Qualified type of the body value.
    pub ty: String,
    pub arg_type: String,
    pub arg_convert: String,
    pub required: bool,
    pub docs: Docs,
}

/// Which statuses a case matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` etc.: the hundreds digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decode {
    /// No body expected (or one we ignore).
    Empty,
    Json,
    Text,
    Bytes,
}

/// How one documented response is handled.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseCase {
    pub status: StatusMatch,
    /// A Rust match pattern on the status code (`200`, `200..=299`, `_`).
    pub pattern: String,
    pub success: bool,
    pub decode: Decode,
    /// Qualified body type when `decode` is `Json`.
    pub ty: Option<String>,
    /// For success cases of a response enum: the variant.
    pub variant: Option<String>,
    /// For error cases: the `ApiErrorBody` variant the body decodes into.
    pub error_variant: Option<String>,
    pub docs: Docs,
}

/// Several success responses with different bodies become an enum, chosen by status.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseEnum {
    pub name: String,
    pub docs: Docs,
    pub variants: Vec<ResponseVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseVariant {
    pub name: String,
    /// Qualified payload type; `None` for an empty body.
    pub ty: Option<String>,
    pub docs: Docs,
}

/// A schema that documents an error body, as a variant of the crate's `ApiErrorBody`.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub variant: String,
    /// Qualified type.
    pub ty: String,
}

/// A paging scheme found on an operation, enough to drive a `Stream` of items.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub kind: PageKind,
    /// Field of the response body that holds the page's items.
    pub items_field: String,
    /// Qualified item type.
    pub item_type: String,
    /// Whether the items field is an `Option<Vec<_>>` rather than a `Vec<_>`.
    pub items_optional: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageKind {
    /// A page number parameter (first page 1); stops at the page count if the response
    /// has one, else on an empty page.
    PageNumber {
        /// Builder field (and setter) of the page parameter, and its Rust type.
        page_field: String,
        page_type: String,
        /// Response field with the number of pages, and whether it is an `Option`.
        page_count_field: Option<String>,
        page_count_optional: bool,
    },
    /// An offset (or start index) advanced by the number of items received; stops on an
    /// empty page or one shorter than the limit.
    Offset {
        offset_field: String,
        offset_type: String,
        limit_field: Option<String>,
        /// The first offset when the caller sets none.
        first: i64,
    },
    /// An opaque cursor parameter fed from a response field (a cursor, or a URL whose
    /// query carries the cursor parameter).
    Cursor {
        cursor_field: String,
        /// The wire name, to find the cursor in a `next` URL.
        cursor_wire: Lit,
        next_field: String,
        next_optional: bool,
    },
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
    /// The type every message decodes into, as `events.rs` spells it
    /// (`models::ChatNotification`, or the bare name of `message_union`).
    pub message_type: String,
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
        /// Qualified type of that response.
        response_type: String,
        /// The response field with the URL, its wire name, and whether it is an `Option`.
        url_field: String,
        url_wire: Lit,
        url_optional: bool,
    },
    /// A CometD (Bayeux) long-polling endpoint on the API server, one channel subscribed.
    CometD {
        path: Lit,
        channel: Lit,
        /// Alternatives of `SecurityScheme` variants, as for operations.
        security: Vec<Vec<String>>,
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
    /// Qualified payload type (the whole message decodes into it).
    pub ty: String,
    pub docs: Docs,
}

/// Optional dependencies the crate needs, decided once from the types and features used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Features {
    pub chrono: bool,
    pub uuid: bool,
    pub url: bool,
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

/// A module of the shared runtime (`runtime/src/<name>.rs`) a crate copies verbatim to
/// `src/runtime/<name>.rs`, with the items its other files name through `crate::runtime::`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuntimeUse {
    pub module: RuntimeModule,
    /// Items re-exported as `crate::runtime::<item>` because the crate's code names them.
    pub exports: Vec<&'static str>,
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
    Request,
    Send,
    Servers,
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
            RuntimeModule::Request => "request",
            RuntimeModule::Send => "send",
            RuntimeModule::Servers => "servers",
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
        }
    }
}

/// A named Rust type generated into `models.rs`.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema is in the spec.
    pub origin: String,
    pub docs: Docs,
    /// The full `#[derive(...)]` list.
    pub derives: Vec<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A closed set of wire values plus an `Unknown` catch-all variant.
    Enum {
        repr: EnumRepr,
        variants: Vec<EnumVariant>,
        /// The catch-all variant that keeps values this version does not list.
        unknown: String,
    },
    Union {
        /// `Some(tag)`: internally tagged by this property; `None`: untagged.
        tag: Option<Lit>,
        variants: Vec<UnionVariant>,
        /// The catch-all variant holding the raw JSON of members this version does not know.
        unknown: String,
    },
    /// `pub type Name = T;`
    Alias {
        ty: String,
    },
    /// `pub struct Name(pub T)`: an alias that refers to itself, which Rust forbids.
    Newtype {
        ty: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub name: String,
    /// The wire value: a string literal, or an integer as text.
    pub wire: Lit,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    /// The tag value for tagged unions.
    pub tag_value: Option<Lit>,
    /// Model-local payload type; `None` for a variant with no payload besides its tag.
    pub ty: Option<String>,
    pub docs: Docs,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub wire_name: Lit,
    pub name: String,
    /// Model-local Rust type, `Option`/`Box` included.
    pub ty: String,
    /// Serde attribute bodies, already escaped (`rename = "selfUri"`, `default`, ...).
    pub serde: Vec<String>,
    pub docs: Docs,
    pub deprecated: bool,
}
