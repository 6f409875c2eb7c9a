//! Server-push streams declared with `x-event-stream`.
//!
//! OpenAPI 3.0 cannot describe a WebSocket or a CometD channel, so a spec states them with
//! one extension, either on the operation whose response names the stream's URL
//! (WebSocket) or at the document root (CometD, on the API server itself). The value is
//! one stream or a list of them:
//!
//! ```yaml
//! # On an operation: the stream's URL is a field of the operation's success response.
//! x-event-stream:
//!   name: events                  # the `Client` method that opens it (snake_cased)
//!   transport: websocket
//!   url-field: eventStreamUri     # a string (or `format: uri`) property of the response
//!   description: ...              # optional, becomes the method's docs
//!   message: {$ref: '#/components/schemas/Event'}
//!
//! # At the root: a CometD (Bayeux) endpoint and the channel to subscribe to.
//! x-event-stream:
//!   name: chat-notifications
//!   transport: cometd
//!   path: /api/v2/notifications   # endpoint path below the server URL
//!   channel: /v2/me/chats         # messages on it have their `data` decoded as `message`
//!   message: {$ref: '#/components/schemas/ChatNotification'}
//! ```
//!
//! `message` is the schema every message decodes into (a `discriminator` union works as
//! usual). When the kind of a message sits in a nested property, which OpenAPI's
//! `discriminator` cannot name, `message` declares the union itself; the payloads stay
//! component schemas and the union is generated into `events.rs`:
//!
//! ```yaml
//!   message:
//!     name: WebChatEvent          # the Rust enum
//!     description: ...
//!     kind-path: [metadata, type] # properties from the message root to the kind string
//!     kinds:                      # kind value -> schema of the whole message
//!       message: {$ref: '#/components/schemas/WebChatMessageEvent'}
//!       member-change: {$ref: '#/components/schemas/WebChatMemberChangeEvent'}
//! ```
//!
//! Messages of a kind not listed decode into a catch-all variant holding the raw JSON.

use serde::Deserialize;
use serde_json::Value;

use super::models::field_is_optional;
use super::names::{self, Scope};
use super::schema_view::SchemaRef;
use super::types::{ModelKind, Types};
use crate::error::{Error, Result};
use crate::ir::{Docs, EventStream, EventTransport, EventUnion, EventUnionVariant, Lit, Operation, Scalar, Security, SecurityScheme, TypeRef, UrlReader};
use crate::load::Spec;
use crate::lower::docs;
use crate::pointer::Pointer;

const EXTENSION: &str = "x-event-stream";

/// Methods the generated `Client` already has; a stream must not take their names.
const CLIENT_METHODS: &[&str] = &[
    "new", "builder", "base_url", "http_client", "clone", "fmt", "credentials", "retry_policy", "log_bodies",
    "execute", "observe_response", "add_csrf", "config_path", "config_error",
];

/// Names `events.rs` defines itself; a declared union must not take them.
const EVENTS_NAMES: &[&str] = &["EventError", "WebSocketEvents", "CometdEvents", "Error", "Client", "Result", "Option", "String", "Vec", "Box", "Self"];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Declared {
    name: String,
    transport: Transport,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    url_field: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    message: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Transport {
    Websocket,
    Cometd,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct DeclaredUnion {
    name: String,
    #[serde(default)]
    description: Option<String>,
    kind_path: Vec<String>,
    kinds: serde_json::Map<String, Value>,
}

/// Where a declaration sits: the root, or an operation (with the operation).
enum Site<'a> {
    Root,
    Operation(&'a Operation),
}

pub fn lower(spec: &Spec, types: &mut Types<'_>, operations: &[Operation], schemes: &[SecurityScheme]) -> Result<Vec<EventStream>> {
    let mut sites: Vec<(Site<'_>, Pointer)> = vec![(Site::Root, Pointer::root())];
    sites.extend(operations.iter().map(|op| {
        let at = Pointer::root().push("paths").push(op.path.as_str()).push(op.http_method.key());
        (Site::Operation(op), at)
    }));
    let mut methods = Scope::with_reserved(CLIENT_METHODS);
    for op in operations {
        methods.claim(op.method_name.clone());
    }
    let mut union_names = Scope::with_reserved(EVENTS_NAMES);
    let mut streams = Vec::new();
    for (site, at) in sites {
        let at = at.push(EXTENSION);
        let Some(value) = spec.with_node(&at, |node| node.cloned()) else { continue };
        let entries: Vec<(Value, Pointer)> = match value {
            Value::Array(items) => items.into_iter().enumerate().map(|(i, v)| (v, at.push(i.to_string()))).collect(),
            other => vec![(other, at.clone())],
        };
        for (entry, at) in entries {
            let declared: Declared = serde_json::from_value(entry)
                .map_err(|e| Error::spec(&spec.file, at.as_str(), format!("invalid {EXTENSION}: {e}"), "see the shape documented in generator/src/lower/events.rs"))?;
            streams.push(lower_one(spec, types, &site, declared, &at, &mut methods, &mut union_names, schemes)?);
        }
    }
    Ok(streams)
}

#[allow(clippy::too_many_arguments)]
fn lower_one(
    spec: &Spec,
    types: &mut Types<'_>,
    site: &Site<'_>,
    declared: Declared,
    at: &Pointer,
    methods: &mut Scope,
    union_names: &mut Scope,
    schemes: &[SecurityScheme],
) -> Result<EventStream> {
    let file = &spec.file;
    let method_name = names::snake(&declared.name, "events");
    if methods.contains(&method_name) || method_name.starts_with("set_") || method_name.starts_with("clear_") {
        return Err(Error::spec(
            file,
            at.push("name").as_str(),
            format!("the stream's method `{method_name}` is already a method of the client"),
            "give the stream another name",
        ));
    }
    methods.claim(method_name.clone());
    let transport = match (declared.transport, site) {
        (Transport::Websocket, Site::Operation(op)) => websocket(spec, types, op, &declared, at)?,
        (Transport::Cometd, Site::Root) => cometd(spec, &declared, at, schemes)?,
        (Transport::Websocket, Site::Root) => {
            return Err(Error::unsupported(
                file,
                at.push("transport").as_str(),
                "a WebSocket stream at the document root has no URL to connect to",
                "declare it on the operation whose response carries the URL, with `url-field`",
            ));
        }
        (Transport::Cometd, Site::Operation(_)) => {
            return Err(Error::spec(
                file,
                at.push("transport").as_str(),
                "a CometD stream belongs at the document root (its endpoint is a path on the API server)",
                "move this x-event-stream to the root of the document",
            ));
        }
    };
    let (message_type, message_union) = message(spec, types, &declared.message, &at.push("message"), union_names)?;
    let mut docs = docs::text(declared.description.as_deref());
    if docs.is_empty() {
        docs::append(&mut docs, &format!("Opens the `{}` event stream.", declared.name));
    }
    Ok(EventStream {
        name: Lit(declared.name),
        method_name,
        docs,
        transport,
        message_type,
        message_union,
    })
}

fn websocket(spec: &Spec, types: &Types<'_>, op: &Operation, declared: &Declared, at: &Pointer) -> Result<EventTransport> {
    let file = &spec.file;
    let Some(url_wire) = &declared.url_field else {
        return Err(Error::spec(file, at.as_str(), "a WebSocket stream needs `url-field`", "name the response property that holds the stream's URL"));
    };
    let field_at = at.push("url-field");
    let struct_name = match &op.ok_type {
        TypeRef::Named(name) => struct_behind(types, name),
        _ => None,
    };
    let Some(struct_name) = struct_name else {
        return Err(Error::unsupported(
            file,
            field_at.as_str(),
            format!("`{}` does not return one JSON object to read `{url_wire}` from", op.id.as_str()),
            "the operation needs a single success response whose body is an object schema",
        ));
    };
    let Some(ModelKind::Struct { fields }) = types.get(&struct_name).map(|m| &m.kind) else {
        unreachable!("struct_behind returns structs only")
    };
    let Some(field) = fields.iter().find(|f| &f.wire == url_wire) else {
        return Err(Error::spec(file, field_at.as_str(), format!("the response `{struct_name}` has no property `{url_wire}`"), "name a property of the response"));
    };
    let url_reader = match field.ty.unwrapped() {
        TypeRef::Scalar(Scalar::String) => Some(UrlReader::Text),
        TypeRef::Scalar(Scalar::Secret) => Some(UrlReader::Secret),
        _ => None,
    };
    let Some(url_reader) = url_reader else {
        return Err(Error::spec(file, field_at.as_str(), format!("`{url_wire}` is not a string"), "the URL property must be `type: string` (optionally `format: uri`)"));
    };
    Ok(EventTransport::WebSocket {
        operation_method: op.method_name.clone(),
        response_type: TypeRef::Named(struct_name),
        url_field: field.name.clone(),
        url_wire: Lit(url_wire.clone()),
        url_optional: field_is_optional(field),
        url_reader,
    })
}

/// The struct a model name stands for, looking through aliases.
fn struct_behind(types: &Types<'_>, name: &str) -> Option<String> {
    let mut current = name.to_string();
    for _ in 0..16 {
        match &types.get(&current)?.kind {
            ModelKind::Struct { .. } => return Some(current),
            ModelKind::Alias(TypeRef::Named(next)) => current = next.clone(),
            _ => return None,
        }
    }
    None
}

fn cometd(spec: &Spec, declared: &Declared, at: &Pointer, schemes: &[SecurityScheme]) -> Result<EventTransport> {
    let file = &spec.file;
    let require = |value: &Option<String>, key: &str, what: &str| -> Result<String> {
        match value {
            Some(v) if v.starts_with('/') => Ok(v.clone()),
            Some(_) => Err(Error::spec(file, at.push(key).as_str(), format!("`{key}` must start with `/`"), what.to_string())),
            None => Err(Error::spec(file, at.as_str(), format!("a CometD stream needs `{key}`"), what.to_string())),
        }
    };
    let path = require(&declared.path, "path", "the endpoint's path below the server URL, e.g. `/cometd`")?;
    let channel = require(&declared.channel, "channel", "the channel to subscribe to, e.g. `/chat/room`")?;
    if channel.starts_with("/meta/") || channel.contains('*') {
        return Err(Error::unsupported(
            file,
            at.push("channel").as_str(),
            "only one plain channel can be subscribed (no `/meta/` channels, no wildcards)",
            "name the channel the messages arrive on",
        ));
    }
    if declared.url_field.is_some() {
        return Err(Error::spec(file, at.push("url-field").as_str(), "`url-field` is for WebSocket streams", "remove it"));
    }
    Ok(EventTransport::CometD {
        path: Lit(path),
        channel: Lit(channel),
        security: root_security(spec, schemes)?,
    })
}

/// The document's `security`, as alternatives of scheme variants (what operations without
/// their own `security` use, and what the CometD endpoint needs).
fn root_security(spec: &Spec, schemes: &[SecurityScheme]) -> Result<Security> {
    match &spec.doc.security {
        Some(reqs) => super::api::requirements(&spec.file, reqs, &Pointer::root().push("security"), schemes),
        None => Ok(Vec::new()),
    }
}

/// The message type: a schema reference, or a union keyed by a nested property.
fn message(spec: &Spec, types: &mut Types<'_>, message: &Value, at: &Pointer, union_names: &mut Scope) -> Result<(TypeRef, Option<EventUnion>)> {
    if message.get("$ref").is_some() {
        let ty = schema_ref(spec, types, message, at, "Event")?;
        return Ok((ty, None));
    }
    let declared: DeclaredUnion = serde_json::from_value(message.clone()).map_err(|e| {
        Error::spec(&spec.file, at.as_str(), format!("invalid message: {e}"), "give either `$ref` to a schema, or `name`, `kind-path` and `kinds`")
    })?;
    let file = &spec.file;
    if declared.kind_path.is_empty() || declared.kind_path.iter().any(String::is_empty) {
        return Err(Error::spec(file, at.push("kind-path").as_str(), "`kind-path` must list at least one property name", "e.g. `[metadata, type]`"));
    }
    if declared.kinds.is_empty() {
        return Err(Error::spec(file, at.push("kinds").as_str(), "`kinds` is empty", "map each kind value to the schema of its messages"));
    }
    let name = names::type_name(&declared.name, "Event");
    if union_names.contains(&name) {
        return Err(Error::spec(file, at.push("name").as_str(), format!("the name `{name}` is already taken in the `events` module"), "choose another name"));
    }
    union_names.claim(name.clone());
    let mut variant_names = Scope::new();
    let mut variants = Vec::new();
    for (kind, schema) in &declared.kinds {
        let kind_at = at.push("kinds").push(kind);
        let ty = schema_ref(spec, types, schema, &kind_at, &format!("{name}{}", names::pascal(kind, "Kind")))?;
        variants.push(EventUnionVariant {
            name: variant_names.claim(names::variant_name(kind, "Kind")),
            kind: Lit(kind.clone()),
            ty,
            docs: Docs(vec![format!("A message whose `{}` is `{kind}`.", declared.kind_path.join("."))]),
        });
    }
    let unknown = ["Unknown", "UnknownKind", "Other", "Unlisted"]
        .into_iter()
        .find(|c| !variant_names.contains(c))
        .unwrap_or("UnknownVariant")
        .to_string();
    let mut docs = docs::text(declared.description.as_deref());
    docs::append(
        &mut docs,
        &format!("Told apart by the string at `{}`; a message of another kind is kept as raw JSON.", declared.kind_path.join(".")),
    );
    let union = EventUnion {
        name: name.clone(),
        docs,
        key_path: declared.kind_path.into_iter().map(Lit).collect(),
        variants,
        unknown,
    };
    Ok((TypeRef::Local(name), Some(union)))
}

/// The Rust type of `{$ref: ...}`.
fn schema_ref(spec: &Spec, types: &mut Types<'_>, value: &Value, at: &Pointer, hint: &str) -> Result<TypeRef> {
    let target = match value {
        Value::Object(map) if map.len() == 1 => map.get("$ref").and_then(Value::as_str),
        _ => None,
    };
    let Some(target) = target else {
        return Err(Error::spec(&spec.file, at.as_str(), "expected `{$ref: ...}` to a schema", "reference a component schema"));
    };
    if !target.starts_with("#/") || !spec.with_node(&Pointer::parse(target).unwrap_or_else(Pointer::root), |node| node.is_some()) {
        return Err(Error::spec(&spec.file, at.push("$ref").as_str(), format!("`{target}` does not point at a schema in this document"), "reference a component schema"));
    }
    types.type_of(SchemaRef::Ref(target), &at.push("$ref"), hint)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::error::Error;
    use crate::ir::{Crate, EventTransport, TypeRef};

    /// A spec with one operation returning `{url, other: integer}`; `root` and `op` are
    /// spliced in at the document root and into the operation (as YAML at that indent).
    fn spec(root: &str, op: &str) -> String {
        format!(
            r##"openapi: 3.0.3
info: {{title: t, version: '1'}}
servers: [{{url: 'https://api.example.com'}}]
{root}
paths:
  /sessions:
    post:
      operationId: createSession
{op}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Session'}}
components:
  schemas:
    Session:
      type: object
      properties:
        url: {{type: string, format: uri}}
        other: {{type: integer}}
    Event:
      type: object
      properties:
        kind: {{type: string}}
"##
        )
    }

    fn lower(root: &str, op: &str) -> crate::Result<Crate> {
        let spec = crate::load::load_str(Path::new("events.yaml"), &spec(root, op))?;
        crate::lower::lower(&spec, &crate::Overrides::default())
    }

    /// The pointer of a spec or unsupported error.
    fn pointer(result: crate::Result<Crate>) -> String {
        match result {
            Err(err @ (Error::Spec(_) | Error::Unsupported(_))) => err.problem().map(|p| p.pointer.clone()).unwrap_or_default(),
            Err(other) => panic!("expected a located error, got {other}"),
            Ok(_) => panic!("expected an error"),
        }
    }

    const WS: &str = "      x-event-stream: {name: events, transport: websocket, url-field: url, message: {$ref: '#/components/schemas/Event'}}";
    const OP_AT: &str = "#/paths/~1sessions/post/x-event-stream";

    #[test]
    fn a_websocket_stream_names_its_response_field() {
        let krate = lower("", WS).expect("lowers");
        let [stream] = krate.event_streams.as_slice() else { panic!("one stream") };
        assert_eq!((stream.method_name.as_str(), stream.message_type.to_string().as_str()), ("events", "models::Event"));
        let EventTransport::WebSocket { operation_method, response_type, url_field, url_optional, .. } = &stream.transport else {
            panic!("a WebSocket stream")
        };
        assert_eq!((operation_method.as_str(), response_type.to_string().as_str(), url_field.as_str(), *url_optional), ("create_session", "models::Session", "url", true));
        assert!(krate.features.websocket && krate.features.events && !krate.features.cometd);
    }

    #[test]
    fn a_cometd_stream_at_the_root_uses_the_root_security_and_a_declared_union() {
        let root = r##"security: [{basic: []}]
x-event-stream:
  - name: notifications
    transport: cometd
    path: /cometd
    channel: /chat
    message:
      name: ChatEvent
      kind-path: [meta, type]
      kinds:
        said: {$ref: '#/components/schemas/Event'}
        left-room: {$ref: '#/components/schemas/Session'}"##;
        let spec = spec(root, "").replace("  schemas:", "  securitySchemes:\n    basic: {type: http, scheme: basic}\n  schemas:");
        let loaded = crate::load::load_str(Path::new("events.yaml"), &spec).expect("loads");
        let krate = crate::lower::lower(&loaded, &crate::Overrides::default()).expect("lowers");
        let [stream] = krate.event_streams.as_slice() else { panic!("one stream") };
        let EventTransport::CometD { path, channel, security } = &stream.transport else { panic!("a CometD stream") };
        assert_eq!((path.as_str(), channel.as_str()), ("/cometd", "/chat"));
        let security: Vec<Vec<String>> = security.iter().map(|alt| alt.iter().map(ToString::to_string).collect()).collect();
        assert_eq!(security, [["Basic"]]);
        let union = stream.message_union.as_ref().expect("a declared union");
        assert_eq!(stream.message_type, TypeRef::Local("ChatEvent".into()));
        let keys: Vec<&str> = union.key_path.iter().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["meta", "type"]);
        let variants: Vec<(&str, &str, String)> = union.variants.iter().map(|v| (v.name.as_str(), v.kind.as_str(), v.ty.to_string())).collect();
        assert_eq!(variants, [("Said", "said", "models::Event".to_string()), ("LeftRoom", "left-room", "models::Session".to_string())]);
        assert_eq!(union.unknown, "Unknown");
        assert!(krate.features.cometd && !krate.features.websocket);
    }

    #[test]
    fn misplaced_or_malformed_declarations_are_located_errors() {
        let ws_root = "x-event-stream: {name: events, transport: websocket, url-field: url, message: {$ref: '#/components/schemas/Event'}}";
        assert_eq!(pointer(lower(ws_root, "")), "#/x-event-stream/transport");
        let cometd_op = "      x-event-stream: {name: n, transport: cometd, path: /c, channel: /x, message: {$ref: '#/components/schemas/Event'}}";
        assert_eq!(pointer(lower("", cometd_op)), format!("{OP_AT}/transport"));
        assert_eq!(pointer(lower("", &WS.replace("websocket", "sse"))), OP_AT);
        assert_eq!(pointer(lower("", &WS.replace("url-field: url", "url-field: nope"))), format!("{OP_AT}/url-field"));
        assert_eq!(pointer(lower("", &WS.replace("url-field: url", "url-field: other"))), format!("{OP_AT}/url-field"));
        assert_eq!(pointer(lower("", &WS.replace("name: events", "name: create-session"))), format!("{OP_AT}/name"));
        assert_eq!(pointer(lower("", &WS.replace("#/components/schemas/Event", "#/components/schemas/Nope"))), format!("{OP_AT}/message/$ref"));
        let no_path = "x-event-stream: {name: n, transport: cometd, channel: /x, message: {$ref: '#/components/schemas/Event'}}";
        assert_eq!(pointer(lower(no_path, "")), "#/x-event-stream");
        let wildcard = "x-event-stream: {name: n, transport: cometd, path: /c, channel: '/x/*', message: {$ref: '#/components/schemas/Event'}}";
        assert_eq!(pointer(lower(wildcard, "")), "#/x-event-stream/channel");
        let empty_path = "x-event-stream: {name: n, transport: cometd, path: /c, channel: /x, message: {name: E, kind-path: [], kinds: {a: {$ref: '#/components/schemas/Event'}}}}";
        assert_eq!(pointer(lower(empty_path, "")), "#/x-event-stream/message/kind-path");
        let bad_kind = "x-event-stream: {name: n, transport: cometd, path: /c, channel: /x, message: {name: E, kind-path: [t], kinds: {a: {type: string}}}}";
        assert_eq!(pointer(lower(bad_kind, "")), "#/x-event-stream/message/kinds/a");
    }
}
