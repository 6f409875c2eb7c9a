//! Paths and operations → client methods with request builders.

use std::collections::HashMap;

use openapiv3::{PathItem, ReferenceOr, StatusCode};

use super::names::{self, Scope};
use super::params::{is_json, lower_body, lower_param};
use super::refs;
use super::schema_view::SchemaRef;
use super::types::Types;
use crate::error::{Error, Result};
use crate::ir::{Decode, ErrorBody, Gate, HttpMethod, Lit, LongSignature, Operation, Outcome, ParamLocation, Phrase, Span, PathPart, ResponseCase, ResponseEnum, ResponseVariant, Scalar, Security, SecurityScheme, StatusMatch, TypeRef};
use crate::load::Spec;
use crate::load::locate::Kind;
use crate::lower::docs;
use crate::pointer::Pointer;

/// Fields and methods every request builder has; parameter setters may not take them.
const BUILDER_MEMBERS: &[&str] = &["client", "body", "send", "send_with_response", "into_stream", "into_request", "into_future", "clone", "fmt"];

/// Methods the generated `Client` defines itself; an operation may not take these names.
const CLIENT_METHODS: &[&str] = &[
    "new", "builder", "base_url", "http_client", "clone", "fmt", "credentials", "retry_policy", "log_bodies", "observe_response", "add_csrf", "execute", "config_path", "config_error",
];

pub struct Lowered {
    pub operations: Vec<Operation>,
    pub error_bodies: Vec<ErrorBody>,
}

pub fn lower_operations(spec: &Spec, types: &mut Types<'_>, schemes: &[SecurityScheme], module_scope: &mut Scope) -> Result<Lowered> {
    let mut method_scope = Scope::with_reserved(CLIENT_METHODS);
    for s in schemes {
        method_scope.claim(format!("set_{}", s.field));
        method_scope.claim(format!("clear_{}", s.field));
    }
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    let mut errors = ErrorBodies::default();
    let mut operations = Vec::new();
    // Each path item is deserialized (from its kept text) on another thread while the one
    // before it is lowered here.
    crate::parallel::ahead(spec.path_items(), |items| -> Result<()> {
        for (path, at, item) in items {
            let path = path.as_str();
            let (item, item_at) = refs::resolve_owned(spec, item?, &at, Kind::PathItem)?;
            for (key, op) in item.iter() {
                let op_at = item_at.push(key);
                let Some(method) = HttpMethod::from_key(key) else {
                    return Err(Error::Bug { file: spec.file.display().to_string(), message: format!("openapiv3 yielded an unknown method `{key}`") });
                };
                let mut id = match &op.operation_id {
                    Some(id) => id.clone(),
                    None => derived_id(method, path),
                };
                // Only ids the spec declares must be unique; derived ones (`/a-b` and `/a_b`
                // give the same) are told apart by the method scope, like any other name.
                let previous = match op.operation_id {
                    Some(_) => seen_ids.insert(id.clone(), format!("{method} {path}")),
                    None => None,
                };
                // A reused id (svix gives HEAD the id of the GET beside it) has one reading:
                // another operation, named with its method.
                if let Some(previous) = previous {
                    let renamed = format!("{id}_{key}");
                    spec.warn(&op_at.push("operationId"), format!("operationId `{id}` is already used by {previous}: this operation is named `{renamed}`"));
                    id = renamed;
                }
                let ctx = OpContext { spec, path, method, item_at: &item_at, at: &op_at, id: &id };
                let operation = lower_operation(&ctx, &item, op, types, schemes, module_scope, &mut method_scope, &mut errors)?;
                operations.push(operation);
            }
        }
        Ok(())
    })?;
    Ok(Lowered {
        operations,
        error_bodies: errors.list,
    })
}

struct OpContext<'a> {
    spec: &'a Spec,
    path: &'a str,
    method: HttpMethod,
    /// Where the path item is defined (the target, if `paths` refers to it).
    item_at: &'a Pointer,
    at: &'a Pointer,
    id: &'a str,
}

/// `GET /pets/{petId}/toys` → `get_pets_by_pet_id_toys`: stable, readable, and unique as
/// long as paths are.
fn derived_id(method: HttpMethod, path: &str) -> String {
    let mut words = vec![method.key().to_string()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                words.push("by".into());
                words.push(param.to_string());
            }
            None => words.push(segment.to_string()),
        }
    }
    names::snake(&words.join(" "), "operation")
}

#[allow(clippy::too_many_arguments)]
fn lower_operation(
    ctx: &OpContext<'_>,
    item: &PathItem,
    op: &openapiv3::Operation,
    types: &mut Types<'_>,
    schemes: &[SecurityScheme],
    module_scope: &mut Scope,
    method_scope: &mut Scope,
    errors: &mut ErrorBodies,
) -> Result<Operation> {
    let spec = ctx.spec;
    let method_name = method_scope.claim(names::snake(ctx.id, "operation"));
    let builder = module_scope.claim(names::type_name(ctx.id, "Operation"));

    // Path-level parameters apply unless the operation redefines the same name and location.
    let mut merged: Vec<(openapiv3::Parameter, Pointer)> = Vec::new();
    let same = |a: &openapiv3::Parameter, b: &openapiv3::Parameter| {
        a.parameter_data_ref().name == b.parameter_data_ref().name && std::mem::discriminant(a) == std::mem::discriminant(b)
    };
    for (i, p) in op.parameters.iter().enumerate() {
        let at = ctx.at.push("parameters").push(i.to_string());
        let (p, defined_at) = refs::resolve(spec, p, &at, Kind::Parameter)?;
        if merged.iter().any(|(q, _)| same(q, &p)) {
            return Err(Error::spec(
                &spec.file,
                at.as_str(),
                format!("parameter `{}` is declared twice in the same location", p.parameter_data_ref().name),
                "a parameter is identified by its name and `in`; remove or rename the duplicate",
            ));
        }
        merged.push((p, defined_at));
    }
    for (i, p) in item.parameters.iter().enumerate() {
        let (p, at) = refs::resolve(spec, p, &ctx.item_at.push("parameters").push(i.to_string()), Kind::Parameter)?;
        if !merged.iter().any(|(q, _)| same(q, &p)) {
            merged.push((p, at));
        }
    }
    declare_template_params(ctx, &mut merged);
    check_path_params(ctx, &merged)?;

    // Path parameters are positional and claim their names first; a query parameter of
    // the same name then becomes `{name}_query`, and so on.
    merged.sort_by_key(|(p, _)| match p {
        openapiv3::Parameter::Path { .. } => 0,
        openapiv3::Parameter::Query { .. } => 1,
        openapiv3::Parameter::Header { .. } => 2,
        openapiv3::Parameter::Cookie { .. } => 3,
    });
    let mut field_scope = Scope::with_reserved(BUILDER_MEMBERS);
    let mut params = Vec::new();
    for (p, at) in &merged {
        params.push(lower_param(types, &builder, p, at, &mut field_scope)?);
    }
    // Required parameters come first, in path order, so method arguments read naturally.
    let path_order: Vec<&str> = path_param_names(ctx.path);
    params.sort_by_key(|p| {
        let path_pos = path_order.iter().position(|n| *n == p.wire_name.as_str()).unwrap_or(usize::MAX);
        (!p.required, p.location != ParamLocation::Path, path_pos)
    });

    let body = match &op.request_body {
        Some(rb) => {
            let (rb, body_at) = refs::resolve(spec, rb, &ctx.at.push("requestBody"), Kind::RequestBody)?;
            lower_body(types, &builder, &rb, &body_at)?
        }
        None => None,
    };

    let path_parts = split_path(ctx.path, &params);
    let (responses, ok_type, response_enum) = lower_responses(ctx, op, types, &builder, module_scope, errors)?;
    let arms_overlap = crate::ir::response_arms_overlap(&responses);

    let security = match &op.security {
        Some(reqs) => security(ctx, reqs, &ctx.at.push("security"), schemes)?,
        None => match &spec.doc.security {
            Some(reqs) => security(ctx, reqs, &Pointer::root().push("security"), schemes)?,
            None => Vec::new(),
        },
    };

    let mut op_docs = docs::docs(op.summary.as_deref(), op.description.as_deref());
    let summary = readme_summary(&op_docs, op.deprecated);
    docs::append(&mut op_docs, &format!("`{} {}`", ctx.method, ctx.path));
    let idempotent = match op.extensions.get("x-idempotent") {
        Some(serde_json::Value::Bool(explicit)) => *explicit,
        None => ctx.method.is_idempotent(),
        Some(_) => {
            return Err(Error::spec(
                &spec.file,
                ctx.at.push("x-idempotent").as_str(),
                "x-idempotent must be true or false",
                "true: safe to send again after a 5xx or timeout; false: never (e.g. a PUT that creates)",
            ));
        }
    };

    let multipart = body.as_ref().is_some_and(|b| b.encoding == crate::ir::BodyEncoding::Multipart);
    let builder_derives = if multipart { vec!["Debug".to_string()] } else { vec!["Debug".to_string(), "Clone".to_string()] };
    let mut operation = Operation {
        id: Lit(ctx.id.to_string()),
        tags: op.tags.clone(),
        gate: Gate::default(),
        method_name,
        builder,
        builder_derives,
        http_method: ctx.method,
        path: Lit(ctx.path.to_string()),
        path_parts,
        params,
        body,
        ok_type,
        responses,
        arms_overlap,
        long_signature: LongSignature::default(),
        response_enum,
        deprecated: deprecation_note(ctx, op)?,
        docs: op_docs,
        summary,
        security,
        idempotent,
        pagination: None,
    };
    operation.long_signature = LongSignature::of(1 + operation.arguments().len());
    Ok(operation)
}

/// The `#[deprecated]` note of a deprecated operation: the API's own words where the spec
/// gives them in `x-deprecated-note` (what to use instead, when it goes away), else a
/// generic one. A note on an operation that is not deprecated deprecates nothing.
fn deprecation_note(ctx: &OpContext<'_>, op: &openapiv3::Operation) -> Result<Option<Lit>> {
    let at = ctx.at.push("x-deprecated-note");
    let note = match op.extensions.get("x-deprecated-note") {
        None => None,
        Some(serde_json::Value::String(note)) if !note.trim().is_empty() => Some(note.trim().to_string()),
        Some(_) => {
            return Err(Error::spec(&ctx.spec.file, at.as_str(), "x-deprecated-note must be a non-empty string", "say why the operation is deprecated and what replaces it"));
        }
    };
    if !op.deprecated {
        if note.is_some() {
            ctx.spec.warn(&at, "x-deprecated-note on an operation that is not `deprecated: true` is ignored");
        }
        return Ok(None);
    }
    Ok(Some(Lit(note.unwrap_or_else(|| "this operation is deprecated by the API".to_string()))))
}

/// The README's line for an operation: the first line of its spec docs (none without),
/// after a mark when it is deprecated.
fn readme_summary(spec_docs: &crate::ir::Docs, deprecated: bool) -> Phrase {
    let mut spans = Vec::new();
    if deprecated {
        spans.push(Span::Fixed("**Deprecated.** "));
    }
    spans.push(Span::Markdown(spec_docs.first_line()));
    Phrase(spans)
}

fn path_param_names(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect()
}

/// A `{name}` of the path template that no parameter declares (svix) has one reading: a
/// required string path parameter. It is declared here, with a warning.
fn declare_template_params(ctx: &OpContext<'_>, params: &mut Vec<(openapiv3::Parameter, Pointer)>) {
    for name in path_param_names(ctx.path) {
        let declared = params.iter().any(|(p, _)| matches!(p, openapiv3::Parameter::Path { .. }) && p.parameter_data_ref().name == name);
        if declared {
            continue;
        }
        ctx.spec.warn(ctx.at, format!("the path template has `{{{name}}}` but the operation declares no path parameter `{name}`: read as a required string"));
        let string = openapiv3::Schema { schema_data: Default::default(), schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(Default::default())) };
        let parameter_data = openapiv3::ParameterData {
            name: name.to_string(),
            description: None,
            required: true,
            deprecated: None,
            format: openapiv3::ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(string)),
            example: None,
            examples: Default::default(),
            explode: None,
            extensions: Default::default(),
        };
        params.push((openapiv3::Parameter::Path { parameter_data, style: openapiv3::PathStyle::Simple }, ctx.at.clone()));
    }
}

fn check_path_params(ctx: &OpContext<'_>, params: &[(openapiv3::Parameter, Pointer)]) -> Result<()> {
    let in_template = path_param_names(ctx.path);
    let declared: Vec<&str> = params
        .iter()
        .filter(|(p, _)| matches!(p, openapiv3::Parameter::Path { .. }))
        .map(|(p, _)| p.parameter_data_ref().name.as_str())
        .collect();
    if let Some(missing) = in_template.iter().find(|n| !declared.contains(n)) {
        return Err(Error::spec(
            &ctx.spec.file,
            ctx.at.as_str(),
            format!("the path template has `{{{missing}}}` but the operation declares no path parameter `{missing}`"),
            "declare it under `parameters` with `in: path` and `required: true`, or fix the template",
        ));
    }
    if let Some((_, at)) = params.iter().find(|(p, _)| {
        matches!(p, openapiv3::Parameter::Path { .. }) && !in_template.contains(&p.parameter_data_ref().name.as_str())
    }) {
        let name = params.iter().find(|(_, a)| a == at).map(|(p, _)| p.parameter_data_ref().name.clone()).unwrap_or_default();
        return Err(Error::spec(
            &ctx.spec.file,
            at.as_str(),
            format!("path parameter `{name}` does not appear in the path template `{}`", ctx.path),
            "rename it to match a `{...}` segment, or remove it",
        ));
    }
    Ok(())
}

fn split_path(path: &str, params: &[crate::ir::Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        if open > 0 {
            parts.push(PathPart::Literal(Lit(rest[..open].to_string())));
        }
        let name = &rest[open + 1..close];
        let field = params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name.as_str() == name)
            .map(|p| p.field.clone())
            .unwrap_or_default();
        parts.push(PathPart::Param(field));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(Lit(rest.to_string())));
    }
    parts
}

/// The keys of the responses object as the spec spells them (`2xx` or `2XX`), so pointers
/// built from the typed status codes resolve.
fn spelled_keys(spec: &Spec, responses_at: &Pointer) -> Vec<String> {
    spec.with_node(responses_at, |node| node.and_then(serde_json::Value::as_object).map(|map| map.keys().cloned().collect())).unwrap_or_default()
}

fn security(ctx: &OpContext<'_>, reqs: &[openapiv3::SecurityRequirement], at: &Pointer, schemes: &[SecurityScheme]) -> Result<Security> {
    super::api::requirements(&ctx.spec.file, reqs, at, schemes)
}

#[derive(Default)]
struct ErrorBodies {
    list: Vec<ErrorBody>,
    scope: Scope,
}

impl ErrorBodies {
    /// The `ApiErrorBody` variant for a type, added on first use.
    fn variant(&mut self, ty: &TypeRef) -> String {
        if let Some(existing) = self.list.iter().find(|e| e.ty == *ty) {
            return existing.variant.clone();
        }
        let base = match ty {
            TypeRef::Named(n) => n.clone(),
            TypeRef::Scalar(Scalar::Json) => "Json".to_string(),
            TypeRef::Scalar(Scalar::String) => "Text".to_string(),
            other => names::pascal(&other.in_models().to_string(), "Body"),
        };
        let base = if matches!(base.as_str(), "Raw" | "Empty") { format!("{base}Body") } else { base };
        let variant = self.scope.claim(base);
        self.list.push(ErrorBody {
            variant: variant.clone(),
            ty: ty.clone(),
            // Found once the models are final (`error_fields::locate`).
            code: None,
            message: None,
        });
        variant
    }
}

type LoweredResponses = (Vec<ResponseCase>, TypeRef, Option<ResponseEnum>);

fn lower_responses(
    ctx: &OpContext<'_>,
    op: &openapiv3::Operation,
    types: &mut Types<'_>,
    builder: &str,
    module_scope: &mut Scope,
    errors: &mut ErrorBodies,
) -> Result<LoweredResponses> {
    let spec = ctx.spec;
    let responses_at = ctx.at.push("responses");
    let mut entries: Vec<(StatusMatch, openapiv3::Response, Pointer)> = Vec::new();
    // Codes are spelled in digits whatever the document's quoting; only ranges vary (`2xx`).
    let has_range = op.responses.responses.keys().any(|code| matches!(code, StatusCode::Range(_)));
    let spelled = if has_range { spelled_keys(spec, &responses_at) } else { Vec::new() };
    for (code, r) in &op.responses.responses {
        let (status, key) = match code {
            StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
            StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
        };
        let key = spelled.iter().find(|k| k.eq_ignore_ascii_case(&key)).map_or(key.as_str(), String::as_str);
        let (response, at) = refs::resolve(spec, r, &responses_at.push(key), Kind::Response)?;
        entries.push((status, response, at));
    }
    let has_success = entries.iter().any(|(s, _, _)| is_success(s));
    if let Some(d) = &op.responses.default {
        let (resolved, at) = refs::resolve(spec, d, &responses_at.push("default"), Kind::Response)?;
        if !has_success {
            // Only `default` is documented: it describes success too.
            entries.push((StatusMatch::Range(2), resolved.clone(), at.clone()));
        }
        entries.push((StatusMatch::Default, resolved, at));
    }

    let success_count = entries.iter().filter(|(s, _, _)| is_success(s)).count();
    let mut cases = Vec::new();
    for (status, response, at) in &entries {
        let success = is_success(status);
        let hint = match (success, status) {
            (true, _) if success_count == 1 => format!("{builder}Response"),
            (_, StatusMatch::Code(c)) => format!("{builder}{}{c}", if success { "Response" } else { "Error" }),
            (_, StatusMatch::Range(r)) => format!("{builder}{}{r}xx", if success { "Response" } else { "Error" }),
            (_, StatusMatch::Default) => format!("{builder}DefaultError"),
        };
        let (decode, ty) = response_body(types, response, at, &hint)?;
        let outcome = match (&ty, success) {
            (_, true) => Outcome::Body { decode },
            (Some(t), false) => Outcome::ApiError { body: errors.variant(t) },
            (None, false) => Outcome::Unexpected,
        };
        cases.push(ResponseCase {
            status: status.clone(),
            success,
            decode,
            ty,
            outcome,
            docs: match docs::text(Some(&response.description)) {
                spec if spec.is_empty() => docs::text(Some(&format!("The response with status `{status}`."))),
                spec => spec,
            },
        });
    }
    // Any other status is an error with the raw body kept.
    if !cases.iter().any(|c| c.status == StatusMatch::Default) {
        cases.push(ResponseCase {
            status: StatusMatch::Default,
            success: false,
            decode: Decode::Text,
            ty: None,
            outcome: Outcome::Unexpected,
            docs: docs::text(Some("Any status the API description does not document.")),
        });
    }
    // Specific codes before ranges before `default`, so match arms never shadow each other.
    cases.sort_by_key(|c| match c.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });

    let distinct: Vec<(Decode, Option<TypeRef>)> = {
        let mut d: Vec<(Decode, Option<TypeRef>)> = Vec::new();
        for c in cases.iter().filter(|c| c.success) {
            let key = (c.decode, c.ty.clone());
            if !d.contains(&key) {
                d.push(key);
            }
        }
        d
    };
    // An operation without a body to return accepts any 2xx: a server answering 204 where
    // 200 is documented (or the reverse) has still succeeded.
    let all_empty = distinct.iter().all(|(d, _)| *d == Decode::Empty);
    if all_empty && !cases.iter().any(|c| c.status == StatusMatch::Range(2)) {
        let at = cases.iter().position(|c| c.status == StatusMatch::Default).unwrap_or(cases.len());
        cases.insert(at, ResponseCase {
            status: StatusMatch::Range(2),
            success: true,
            decode: Decode::Empty,
            ty: None,
            outcome: Outcome::Body { decode: Decode::Empty },
            docs: docs::text(Some("Any other success status; the operation returns nothing.")),
        });
    }
    let (ok_type, response_enum) = match distinct.as_slice() {
        [] => (TypeRef::UNIT, None),
        [(decode, ty)] => (ok_type_of(*decode, ty.as_ref()), None),
        _ => {
            let name = module_scope.claim(names::type_name(&format!("{builder}Response"), "Response"));
            let mut variant_scope = Scope::new();
            let mut variants = Vec::new();
            for c in cases.iter_mut().filter(|c| c.success) {
                let variant = variant_scope.claim(status_variant(&c.status));
                c.outcome = Outcome::Variant { decode: c.decode, response_enum: name.clone(), variant: variant.clone() };
                variants.push(ResponseVariant {
                    name: variant,
                    ty: match c.decode {
                        Decode::Empty => None,
                        d => Some(ok_type_of(d, c.ty.as_ref())),
                    },
                    docs: c.docs.clone(),
                });
            }
            let enum_docs = docs::text(Some(&format!("The success responses of [`{builder}`], by status.")));
            (TypeRef::Local(name.clone()), Some(ResponseEnum { name, docs: enum_docs, variants }))
        }
    };
    Ok((cases, ok_type, response_enum))
}

fn ok_type_of(decode: Decode, ty: Option<&TypeRef>) -> TypeRef {
    match decode {
        Decode::Empty => TypeRef::UNIT,
        Decode::Json => ty.cloned().unwrap_or(TypeRef::JSON),
        Decode::Text => TypeRef::STRING,
        Decode::Bytes => TypeRef::Scalar(Scalar::Bytes),
    }
}

fn status_variant(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritative".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(c) => format!("Status{c}"),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Other".into(),
    }
}

fn is_success(status: &StatusMatch) -> bool {
    match status {
        StatusMatch::Code(c) => (200..300).contains(c),
        StatusMatch::Range(r) => *r == 2,
        StatusMatch::Default => false,
    }
}

/// How a response body is decoded: JSON into a type, text, bytes, or nothing.
fn response_body(types: &mut Types<'_>, response: &openapiv3::Response, at: &Pointer, hint: &str) -> Result<(Decode, Option<TypeRef>)> {
    let Some((media, m)) = response
        .content
        .iter()
        .min_by_key(|(media, _)| if is_json(media) { 0 } else if media.starts_with("text/") { 1 } else { 2 })
    else {
        return Ok((Decode::Empty, None));
    };
    let media_at = at.push("content").push(media);
    if is_json(media) {
        let ty = match &m.schema {
            Some(s) => {
                let binary = matches!(s, ReferenceOr::Item(s) if super::schema_view::View::of(s).format.as_deref() == Some("binary"));
                if binary {
                    return Ok((Decode::Bytes, None));
                }
                types.type_of(SchemaRef::from(s), &media_at.push("schema"), hint)?
            }
            None => TypeRef::JSON,
        };
        Ok((Decode::Json, Some(ty)))
    } else if media.starts_with("text/") {
        Ok((Decode::Text, None))
    } else {
        Ok((Decode::Bytes, None))
    }
}
