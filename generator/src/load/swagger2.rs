//! Swagger 2.0 → the OpenAPI 3.0 document the rest of the pipeline reads.
//!
//! The conversion is the one the OpenAPI 3.0 specification describes, node by node:
//! - `host`, `basePath` and `schemes` become `servers`, unless the document already lists
//!   OpenAPI 3.0 `servers` (an overlay adds them where one host is not the whole story,
//!   e.g. one per region): those are what the writer meant, and are kept;
//! - `definitions`, global `parameters` and `responses` move under `components`, and every
//!   `$ref` to them is rewritten; `securityDefinitions` become `securitySchemes` (the four
//!   OAuth 2.0 flows by their 3.0 names; a scheme already in its 3.0 form, `http` or
//!   `openIdConnect`, which 2.0 cannot say and an overlay writes in, is kept as it is);
//! - a `body` parameter becomes the `requestBody` in every media type the operation
//!   `consumes`; `formData` parameters become the properties of one form body
//!   (`multipart/form-data` if a parameter is a `file` or the operation consumes only that,
//!   `application/x-www-form-urlencoded` otherwise);
//! - other parameters keep their place with their type under `schema`, and
//!   `collectionFormat` becomes `style`/`explode`;
//! - a response's `schema` is served in every media type the operation `produces`;
//! - in schemas, `x-nullable` becomes `nullable`, `type: file` a binary string, a
//!   discriminator's property name a discriminator object, and a `$ref` with a description
//!   beside it a one-part `allOf` (3.0 ignores siblings of `$ref`; the description is kept).
//!
//! Problems are reported at the node of the Swagger document the user wrote.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::schemas;
use crate::error::{Error, Result};
use crate::pointer::Pointer;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
/// Parameter fields that describe the value, which 3.0 moves under `schema`.
const VALUE_FIELDS: &[&str] = &[
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
    "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf", "x-nullable",
];

struct Converter<'a> {
    file: &'a Path,
    warn: &'a mut dyn FnMut(&Pointer, String),
    /// The document's global `parameters`, as written (operations refer to them).
    global_parameters: Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

pub fn convert(file: &Path, doc: Value, warn: &mut dyn FnMut(&Pointer, String)) -> Result<Value> {
    let Value::Object(mut root) = doc else { return Ok(doc) };
    let global_parameters = take_object(&mut root, "parameters");
    let mut converter = Converter {
        file,
        warn,
        consumes: media_types(root.get("consumes")),
        produces: media_types(root.get("produces")),
        global_parameters,
    };
    let mut out = Map::new();
    out.insert("openapi".to_string(), Value::from("3.0.3"));
    let servers = if root.contains_key("servers") { Vec::new() } else { servers(&root) };
    let mut components = Map::new();
    components.insert("schemas".to_string(), Value::Object(take_object(&mut root, "definitions")));
    let mut parameters = Map::new();
    let mut request_bodies = Map::new();
    let globals = converter.global_parameters.clone();
    for (name, parameter) in &globals {
        let at = Pointer::root().push("parameters").push(name);
        match parameter.get("in").and_then(Value::as_str) {
            Some("body") => {
                request_bodies.insert(name.clone(), converter.body(parameter, &converter.consumes.clone()));
            }
            // Inlined into each operation's form body, where the operation refers to it.
            Some("formData") => {}
            _ => {
                parameters.insert(name.clone(), converter.parameter(&at, parameter)?);
            }
        }
    }
    components.insert("parameters".to_string(), Value::Object(parameters));
    components.insert("requestBodies".to_string(), Value::Object(request_bodies));
    let mut responses = Map::new();
    for (name, response) in take_object(&mut root, "responses") {
        let produces = converter.produces.clone();
        responses.insert(name, converter.response(response, &produces));
    }
    components.insert("responses".to_string(), Value::Object(responses));
    let mut schemes = Map::new();
    for (name, scheme) in take_object(&mut root, "securityDefinitions") {
        let at = Pointer::root().push("securityDefinitions").push(&name);
        schemes.insert(name, converter.security_scheme(&at, scheme)?);
    }
    components.insert("securitySchemes".to_string(), Value::Object(schemes));

    let mut paths = Map::new();
    for (path, item) in take_object(&mut root, "paths") {
        let at = Pointer::root().push("paths").push(&path);
        let item = if path.starts_with("x-") { item } else { converter.path_item(&at, item)? };
        paths.insert(path, item);
    }
    for (key, value) in root {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            _ => {
                out.insert(key, value);
            }
        }
    }
    if !servers.is_empty() {
        out.insert("servers".to_string(), Value::Array(servers));
    }
    out.insert("paths".to_string(), Value::Object(paths));
    out.insert("components".to_string(), Value::Object(components));
    let mut doc = Value::Object(out);
    schemas::for_each_in_document(&mut doc, &mut |_, schema| convert_schema(schema));
    rewrite_refs(&mut doc, &globals);
    Ok(doc)
}

fn take_object(root: &mut Map<String, Value>, key: &str) -> Map<String, Value> {
    match root.remove(key) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn media_types(node: Option<&Value>) -> Vec<String> {
    node.and_then(Value::as_array).map(|list| list.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

/// `schemes` × `host` + `basePath`; without a host, the base path alone (relative to where
/// the document is served, as Swagger 2.0 says).
fn servers(root: &Map<String, Value>) -> Vec<Value> {
    let base = root.get("basePath").and_then(Value::as_str).unwrap_or("").trim_end_matches('/').to_string();
    let Some(host) = root.get("host").and_then(Value::as_str) else {
        return if base.is_empty() { Vec::new() } else { vec![json!({"url": base})] };
    };
    let mut schemes = media_types(root.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".to_string());
    }
    // The secure scheme first: it is the default server.
    schemes.sort_by_key(|s| !s.ends_with('s'));
    schemes.into_iter().map(|scheme| json!({"url": format!("{scheme}://{host}{base}")})).collect()
}

impl Converter<'_> {
    fn path_item(&mut self, at: &Pointer, item: Value) -> Result<Value> {
        let Value::Object(mut item) = item else { return Ok(item) };
        let shared: Vec<Value> = match item.remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let mut out = Map::new();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let operation = self.operation(&at.push(&key), at, value, &shared)?;
                out.insert(key, operation);
            } else {
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }

    fn operation(&mut self, at: &Pointer, item_at: &Pointer, operation: Value, shared: &[Value]) -> Result<Value> {
        let Value::Object(mut operation) = operation else { return Ok(operation) };
        let consumes = operation.remove("consumes").map(|c| media_types(Some(&c))).unwrap_or_else(|| self.consumes.clone());
        let produces = operation.remove("produces").map(|p| media_types(Some(&p))).unwrap_or_else(|| self.produces.clone());
        operation.remove("schemes");
        let own: Vec<Value> = match operation.remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        // The operation's own parameters override the path item's of the same name and place.
        let mut all: Vec<(Pointer, Value)> = Vec::new();
        let globals = &self.global_parameters;
        let own_keys: Vec<_> = own.iter().map(|p| parameter_key(p, globals)).collect();
        let overridden: Vec<bool> = shared.iter().map(|p| own_keys.contains(&parameter_key(p, globals))).collect();
        for (i, p) in shared.iter().enumerate() {
            if !overridden[i] {
                all.push((item_at.push("parameters").push(i.to_string()), p.clone()));
            }
        }
        all.extend(own.into_iter().enumerate().map(|(i, p)| (at.push("parameters").push(i.to_string()), p)));

        let mut parameters = Vec::new();
        let mut body = None;
        let mut form: Vec<(Pointer, Value)> = Vec::new();
        for (p_at, parameter) in all {
            let global = global_name(&parameter);
            let resolved = resolve_parameter(&parameter, &self.global_parameters).clone();
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    if body.is_some() {
                        (self.warn)(&p_at, "a second `body` parameter is ignored: an operation has one body".to_string());
                        continue;
                    }
                    body = Some(match &global {
                        Some(name) => json!({"$ref": format!("#/components/requestBodies/{name}")}),
                        None => self.body(&resolved, &consumes),
                    });
                }
                Some("formData") => form.push((p_at, resolved)),
                _ if global.is_some() => parameters.push(parameter),
                _ => parameters.push(self.parameter(&p_at, &parameter)?),
            }
        }
        if !form.is_empty() {
            if body.is_some() {
                (self.warn)(&form[0].0, "`formData` parameters beside a `body` parameter are ignored: an operation has one body".to_string());
            } else {
                body = Some(self.form_body(&form, &consumes));
            }
        }
        if !parameters.is_empty() {
            operation.insert("parameters".to_string(), Value::Array(parameters));
        }
        if let Some(body) = body {
            operation.insert("requestBody".to_string(), body);
        }
        if let Some(Value::Object(responses)) = operation.remove("responses") {
            let converted = responses.into_iter().map(|(code, r)| if code.starts_with("x-") { (code, r) } else { (code, self.response(r, &produces)) }).collect();
            operation.insert("responses".to_string(), Value::Object(converted));
        }
        Ok(Value::Object(operation))
    }

    /// A non-body parameter: its value fields under `schema`, its collection format as a style.
    fn parameter(&mut self, at: &Pointer, parameter: &Value) -> Result<Value> {
        let Value::Object(parameter) = parameter else { return Ok(parameter.clone()) };
        if parameter.contains_key("$ref") {
            return Ok(Value::Object(parameter.clone()));
        }
        let place = parameter.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
        if !matches!(place.as_str(), "query" | "header" | "path" | "cookie") {
            return Err(Error::spec(
                self.file,
                at.push("in").as_str(),
                format!("parameter location `{place}` is not a Swagger 2.0 location"),
                "use one of query, header, path, formData, body",
            ));
        }
        let mut out = Map::new();
        let mut schema = Map::new();
        let mut collection = None;
        for (key, value) in parameter {
            if key == "collectionFormat" {
                collection = value.as_str().map(str::to_string);
            } else if key == "allowEmptyValue" && place != "query" {
            } else if VALUE_FIELDS.contains(&key.as_str()) {
                schema.insert(key.clone(), value.clone());
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        let is_array = schema.get("type").is_some_and(|t| t == "array");
        if is_array {
            let (style, explode) = match collection.as_deref().unwrap_or("csv") {
                "multi" if place == "query" => ("form", true),
                "ssv" if place == "query" => ("spaceDelimited", false),
                "pipes" if place == "query" => ("pipeDelimited", false),
                "csv" if place == "query" => ("form", false),
                "csv" => ("simple", false),
                other => {
                    (self.warn)(&at.push("collectionFormat"), format!("collection format `{other}` has no OpenAPI 3.0 style in the {place}: values are sent comma-separated"));
                    if place == "query" { ("form", false) } else { ("simple", false) }
                }
            };
            out.insert("style".to_string(), Value::from(style));
            out.insert("explode".to_string(), Value::Bool(explode));
        }
        if place == "path" {
            out.insert("required".to_string(), Value::Bool(true));
        }
        out.insert("schema".to_string(), Value::Object(schema));
        Ok(Value::Object(out))
    }

    fn body(&mut self, parameter: &Value, consumes: &[String]) -> Value {
        let schema = parameter.get("schema").cloned().unwrap_or_else(|| json!({}));
        let mut body = Map::new();
        if let Some(description) = parameter.get("description") {
            body.insert("description".to_string(), description.clone());
        }
        let types: Vec<String> = match consumes.iter().filter(|c| !is_form(c)).cloned().collect::<Vec<_>>() {
            list if list.is_empty() => vec!["application/json".to_string()],
            list => list,
        };
        let content: Map<String, Value> = types.into_iter().map(|t| (t, json!({"schema": schema}))).collect();
        body.insert("content".to_string(), Value::Object(content));
        body.insert("required".to_string(), Value::Bool(parameter.get("required").and_then(Value::as_bool).unwrap_or(false)));
        for (key, value) in parameter.as_object().into_iter().flatten() {
            if key.starts_with("x-") {
                body.insert(key.clone(), value.clone());
            }
        }
        Value::Object(body)
    }

    fn form_body(&mut self, form: &[(Pointer, Value)], consumes: &[String]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut has_file = false;
        for (_, parameter) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
            let mut schema: Map<String, Value> = parameter.as_object().into_iter().flatten().filter(|(k, _)| VALUE_FIELDS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
            has_file |= schema.get("type").is_some_and(|t| t == "file");
            if let Some(description) = parameter.get("description") {
                schema.insert("description".to_string(), description.clone());
            }
            if parameter.get("required").and_then(Value::as_bool).unwrap_or(false) {
                required.push(Value::from(name));
            }
            properties.insert(name.to_string(), Value::Object(schema));
        }
        let media = if has_file || (consumes.iter().any(|c| c.starts_with("multipart/form-data")) && !consumes.iter().any(|c| c.starts_with("application/x-www-form-urlencoded"))) {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut schema = json!({"type": "object", "properties": properties});
        let body_required = !required.is_empty();
        if body_required {
            schema["required"] = Value::Array(required);
        }
        json!({"content": {media: {"schema": schema}}, "required": body_required})
    }

    fn response(&mut self, response: Value, produces: &[String]) -> Value {
        let Value::Object(mut response) = response else { return response };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        let examples = response.remove("examples");
        if let Some(schema) = response.remove("schema") {
            let types: Vec<String> = if produces.is_empty() { vec!["application/json".to_string()] } else { produces.to_vec() };
            let content: Map<String, Value> = types
                .into_iter()
                .map(|t| {
                    let mut media = json!({"schema": schema});
                    if let Some(example) = examples.as_ref().and_then(|e| e.get(&t)) {
                        media["example"] = example.clone();
                    }
                    (t, media)
                })
                .collect();
            response.insert("content".to_string(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = response.remove("headers") {
            let converted: Map<String, Value> = headers
                .into_iter()
                .map(|(name, header)| {
                    let mut out = Map::new();
                    let mut schema = Map::new();
                    for (key, value) in header.as_object().into_iter().flatten() {
                        if key == "description" || key.starts_with("x-") {
                            out.insert(key.clone(), value.clone());
                        } else if key != "collectionFormat" {
                            schema.insert(key.clone(), value.clone());
                        }
                    }
                    out.insert("schema".to_string(), Value::Object(schema));
                    (name, Value::Object(out))
                })
                .collect();
            response.insert("headers".to_string(), Value::Object(converted));
        }
        response.entry("description").or_insert_with(|| Value::from(""));
        Value::Object(response)
    }

    fn security_scheme(&mut self, at: &Pointer, scheme: Value) -> Result<Value> {
        let Value::Object(scheme) = scheme else { return Ok(scheme) };
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or_default();
        let mut out: Map<String, Value> = scheme.iter().filter(|(k, _)| k.starts_with("x-") || *k == "description").map(|(k, v)| (k.clone(), v.clone())).collect();
        match kind {
            "basic" => {
                out.insert("type".to_string(), Value::from("http"));
                out.insert("scheme".to_string(), Value::from("basic"));
            }
            // Written in the 3.0 form already (bearer tokens, OpenID Connect): one meaning.
            "http" | "openIdConnect" => return Ok(Value::Object(scheme)),
            "apiKey" => {
                for key in ["type", "name", "in"] {
                    if let Some(value) = scheme.get(key) {
                        out.insert(key.to_string(), value.clone());
                    }
                }
            }
            "oauth2" => {
                let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or_default();
                let name = match flow {
                    "implicit" => "implicit",
                    "password" => "password",
                    "application" => "clientCredentials",
                    "accessCode" => "authorizationCode",
                    other => {
                        return Err(Error::spec(self.file, at.push("flow").as_str(), format!("OAuth 2.0 flow `{other}` is not a Swagger 2.0 flow"), "use implicit, password, application or accessCode"));
                    }
                };
                let mut details = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(value) = scheme.get(key) {
                        details.insert(key.to_string(), value.clone());
                    }
                }
                details.insert("scopes".to_string(), scheme.get("scopes").cloned().unwrap_or_else(|| json!({})));
                out.insert("type".to_string(), Value::from("oauth2"));
                out.insert("flows".to_string(), json!({ name: details }));
            }
            other => {
                return Err(Error::spec(self.file, at.push("type").as_str(), format!("security scheme type `{other}` is not a Swagger 2.0 type"), "use basic, apiKey or oauth2 (or the OpenAPI 3.0 http or openIdConnect)"));
            }
        }
        Ok(Value::Object(out))
    }
}

fn is_form(media: &str) -> bool {
    media.starts_with("multipart/form-data") || media.starts_with("application/x-www-form-urlencoded")
}

/// The name of the global parameter a `$ref` names (`#/parameters/name`).
fn global_name(parameter: &Value) -> Option<String> {
    global_name_of(parameter.get("$ref")?.as_str()?)
}

/// The name of the global parameter a `$ref` target names (`#/parameters/{name}`).
fn global_name_of(target: &str) -> Option<String> {
    let name = target.strip_prefix("#/parameters/").filter(|name| !name.contains('/'))?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// A parameter, or the global one its `$ref` names (as written, if it names none).
fn resolve_parameter<'a>(parameter: &'a Value, globals: &'a Map<String, Value>) -> &'a Value {
    global_name(parameter).and_then(|name| globals.get(&name)).unwrap_or(parameter)
}

/// What tells parameters apart: name and place (of the global one a `$ref` names).
fn parameter_key<'a>(parameter: &'a Value, globals: &'a Map<String, Value>) -> (Option<&'a Value>, Option<&'a Value>) {
    let parameter = resolve_parameter(parameter, globals);
    (parameter.get("name"), parameter.get("in"))
}

/// Annotations a Swagger document writes beside a `$ref` for the place it is used.
const REF_ANNOTATIONS: &[&str] = &["description", "title", "readOnly"];

/// Swagger 2.0 schema keywords in their 3.0 spelling.
fn convert_schema(schema: &mut Map<String, Value>) {
    if let Some(nullable) = schema.remove("x-nullable") {
        schema.insert("nullable".to_string(), nullable);
    }
    if schema.get("type").is_some_and(|t| t == "file") {
        schema.insert("type".to_string(), Value::from("string"));
        schema.insert("format".to_string(), Value::from("binary"));
    }
    // A description beside a `$ref` documents this use of the referenced model (Swagger
    // tools write one on every model-typed property). OpenAPI 3.0 ignores siblings of `$ref`,
    // so the reference moves into a one-part `allOf`, which keeps them and means the same type.
    if schema.contains_key("$ref") && REF_ANNOTATIONS.iter().any(|k| schema.contains_key(*k))
        && let Some(reference) = schema.remove("$ref")
    {
        schema.insert("allOf".to_string(), json!([{"$ref": reference}]));
    }
    if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
        schema.insert("discriminator".to_string(), json!({"propertyName": property}));
    }
}

/// Every reference to a moved node, to its new place.
fn rewrite_refs(doc: &mut Value, globals: &Map<String, Value>) {
    super::references::for_each_mut(doc, |reference| {
        let Value::String(target) = reference else { return };
        let moved = if let Some(rest) = target.strip_prefix("#/definitions/") {
            format!("#/components/schemas/{rest}")
        } else if let Some(rest) = target.strip_prefix("#/responses/") {
            format!("#/components/responses/{rest}")
        } else if let Some(rest) = target.strip_prefix("#/parameters/") {
            let name = global_name_of(target).unwrap_or_default();
            let body = globals.get(&name).and_then(|p| p.get("in")).is_some_and(|i| i == "body");
            if body { format!("#/components/requestBodies/{rest}") } else { format!("#/components/parameters/{rest}") }
        } else {
            return;
        };
        *target = moved;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(doc: Value) -> (Value, Vec<String>) {
        let mut warnings = Vec::new();
        let out = convert(Path::new("s.json"), doc, &mut |at, message| warnings.push(format!("{at}: {message}"))).expect("converts");
        (out, warnings)
    }

    #[test]
    fn converts_the_document_as_openapi_3_describes() {
        let (doc, warnings) = converted(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "host": "api.example.com", "basePath": "/v2/", "schemes": ["http", "https"],
            "consumes": ["application/json"], "produces": ["application/json"],
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "oauth": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "read"}},
            },
            "parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer"}, "Pet": {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}},
            "responses": {"NotFound": {"description": "missing", "schema": {"$ref": "#/definitions/Error"}}},
            "definitions": {
                "Pet": {"type": "object", "discriminator": "kind", "properties": {"kind": {"type": "string"}, "owner": {"$ref": "#/definitions/Owner", "x-nullable": true}, "vet": {"$ref": "#/definitions/Owner", "description": "Who treats it"}}},
                "Owner": {"type": "object"}, "Error": {"type": "object"},
            },
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
                "put": {
                    "parameters": [{"$ref": "#/parameters/Pet"}, {"$ref": "#/parameters/Limit"}, {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"}, {"name": "ids", "in": "header", "type": "array", "items": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}, "headers": {"X-Rate": {"type": "integer"}}}, "404": {"$ref": "#/responses/NotFound"}},
                },
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [{"name": "file", "in": "formData", "type": "file", "required": true}, {"name": "note", "in": "formData", "type": "string"}],
                    "responses": {"204": {"description": "done"}},
                },
            }},
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["servers"], json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}]));
        let c = &doc["components"];
        assert_eq!(c["securitySchemes"]["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(c["securitySchemes"]["oauth"]["flows"]["authorizationCode"]["tokenUrl"], "https://t");
        assert_eq!(c["parameters"]["Limit"], json!({"name": "limit", "in": "query", "schema": {"type": "integer"}}));
        assert_eq!(c["requestBodies"]["Pet"], json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": false}));
        assert_eq!(c["responses"]["NotFound"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Error");
        assert_eq!(c["schemas"]["Pet"]["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(c["schemas"]["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/Owner", "nullable": true}));
        assert_eq!(c["schemas"]["Pet"]["properties"]["vet"], json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "description": "Who treats it"}), "the description stays with the use");
        let put = &doc["paths"]["/pets/{id}"]["put"];
        assert_eq!(put["requestBody"], json!({"$ref": "#/components/requestBodies/Pet"}));
        assert_eq!(
            put["parameters"],
            json!([
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"$ref": "#/components/parameters/Limit"},
                {"name": "tags", "in": "query", "style": "form", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "ids", "in": "header", "style": "simple", "explode": false, "schema": {"type": "array", "items": {"type": "integer"}}},
            ])
        );
        assert_eq!(put["responses"]["200"]["headers"]["X-Rate"], json!({"schema": {"type": "integer"}}));
        assert_eq!(put["responses"]["404"], json!({"$ref": "#/components/responses/NotFound"}));
        let post = &doc["paths"]["/pets/{id}"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}}}}})
        );
        assert!(doc.get("definitions").is_none() && doc.get("host").is_none() && doc.get("swagger").is_none());
    }

    /// An overlay on a Swagger 2.0 document can say what 2.0 cannot: several servers, an
    /// HTTP bearer scheme. Those 3.0 constructs are kept, not replaced or refused.
    #[test]
    fn keeps_servers_and_schemes_written_in_their_3_0_form() {
        let (doc, warnings) = converted(json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "api.example.com", "schemes": ["https"],
            "servers": [{"url": "https://api.example.com", "x-name": "us"}, {"url": "https://api.example.eu", "x-name": "eu"}],
            "securityDefinitions": {
                "jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "d"},
                "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://id.example.com/.well-known/openid-configuration"},
            },
            "paths": {},
        }));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc["servers"], json!([{"url": "https://api.example.com", "x-name": "us"}, {"url": "https://api.example.eu", "x-name": "eu"}]));
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["jwt"], json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "d"}));
        assert_eq!(schemes["oidc"]["openIdConnectUrl"], "https://id.example.com/.well-known/openid-configuration");
    }

    #[test]
    fn warns_where_3_0_has_no_equal_and_refuses_what_2_0_forbids() {
        let (_, warnings) = converted(json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "t", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"},
            {"name": "b", "in": "body", "schema": {}}, {"name": "c", "in": "body", "schema": {}},
        ], "responses": {}}}}}));
        assert_eq!(
            warnings,
            [
                "#/paths/~1a/get/parameters/0/collectionFormat: collection format `tsv` has no OpenAPI 3.0 style in the query: values are sent comma-separated",
                "#/paths/~1a/get/parameters/2: a second `body` parameter is ignored: an operation has one body",
            ]
        );
        let error = convert(Path::new("s.json"), json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "cookie2"}]}}}}), &mut |_, _| {}).unwrap_err();
        assert_eq!(error.problem().map(|p| p.pointer.as_str()), Some("#/paths/~1a/get/parameters/0/in"));
    }
}
