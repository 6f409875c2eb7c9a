//! Synthetic OpenAPI 3.0 specs of a chosen size, for the scaling series.
//!
//! A spec of size `n` has `n` object schemas and `n` operations, each built from the same
//! few shapes real specs are made of: scalar fields of every format the generator maps,
//! an inline enum, an array, a reference to a parent schema (a tree, as in real specs),
//! a self-reference every tenth schema (the usual small cycle), path, query and header
//! parameters, JSON bodies, typed success responses and a shared error response. Every
//! item has a description, as documented APIs do. Growth is therefore uniform in `n`, so
//! any non-linear cost shows up as a fitted exponent above 1.

use serde_json::{Map, Value, json};

/// The spec as JSON text, ready for `generator::load::load_str`.
pub fn spec(n: usize) -> String {
    let mut schemas = Map::new();
    schemas.insert("Error".into(), error_schema());
    for i in 0..n {
        schemas.insert(schema_name(i), schema(i));
    }
    let mut paths = Map::new();
    for i in 0..n {
        let (path, item) = operation(i);
        paths.insert(path, item);
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": format!("Synthetic API of size {n}"),
            "version": "1.0.0",
            "description": "A generated spec whose every part grows with one size parameter."
        },
        "servers": [{ "url": "https://api.example.com/v1" }],
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": {
                    "description": "Any error.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            },
            "schemas": schemas
        }
    });
    serde_json::to_string_pretty(&doc).expect("a JSON value always serializes")
}

fn schema_name(i: usize) -> String {
    format!("Resource{i}")
}

fn schema_ref(i: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", schema_name(i)) })
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "An error body.",
        "required": ["code", "message"],
        "properties": {
            "code": { "type": "integer", "format": "int32", "description": "A machine-readable code." },
            "message": { "type": "string", "description": "What went wrong." }
        }
    })
}

fn schema(i: usize) -> Value {
    let mut properties = json!({
        "id": { "type": "string", "format": "uuid", "description": "The resource's identifier." },
        "name": { "type": "string", "description": format!("The name of resource {i}.") },
        "count": { "type": "integer", "format": "int32", "description": "How many there are." },
        "total": { "type": "integer", "format": "int64" },
        "score": { "type": "number", "format": "double", "description": "A score between 0 and 1." },
        "active": { "type": "boolean" },
        "createdAt": { "type": "string", "format": "date-time", "description": "When it was created." },
        "homepage": { "type": "string", "format": "uri" },
        "tags": { "type": "array", "items": { "type": "string" }, "description": "Free-form labels." },
        "status": {
            "type": "string",
            "enum": ["active", "suspended", "deleted"],
            "description": "The lifecycle state."
        },
        "attributes": { "type": "object", "additionalProperties": { "type": "string" } }
    });
    let props = properties.as_object_mut().expect("built as an object");
    if i > 0 {
        props.insert("parent".into(), schema_ref(i / 2));
    }
    if i % 10 == 0 {
        props.insert("children".into(), json!({ "type": "array", "items": schema_ref(i) }));
    }
    json!({
        "type": "object",
        "description": format!("Resource number {i}, with a description long enough to wrap like real documentation does in generated code."),
        "required": ["id", "name", "status"],
        "properties": properties
    })
}

fn operation(i: usize) -> (String, Value) {
    let body = json!({
        "required": true,
        "content": { "application/json": { "schema": schema_ref(i) } }
    });
    let ok = json!({
        "description": "The resource.",
        "content": { "application/json": { "schema": schema_ref(i) } }
    });
    let mut op = json!({
        "operationId": format!("operation{i}"),
        "summary": format!("Operation number {i}."),
        "description": "Does one thing to one resource, as most operations of a real API do.",
        "tags": [format!("group{}", i % 10)],
        "parameters": [
            { "name": "resourceId", "in": "path", "required": true, "schema": { "type": "string" }, "description": "Which resource." },
            { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32", "minimum": 1 }, "description": "At most this many." },
            { "name": "filter", "in": "query", "schema": { "type": "string" } },
            { "name": "X-Request-Id", "in": "header", "schema": { "type": "string" }, "description": "Correlates logs." }
        ],
        "responses": {
            "200": ok,
            "default": { "$ref": "#/components/responses/Error" }
        }
    });
    let method = ["get", "post", "put", "delete"][i % 4];
    if matches!(method, "post" | "put") {
        op["requestBody"] = body;
    }
    let mut item = Map::new();
    item.insert(method.into(), op);
    (format!("/collection{}/items{i}/{{resourceId}}", i % 10), Value::Object(item))
}
