//! Parameters and request bodies of one operation → builder fields.

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::names::{self, Scope};
use super::schema_view::SchemaRef;
use super::types::Types;
use crate::error::{Error, Result};
use crate::ir::{Argument, Body, BodyEncoding, Lit, Param, ParamLocation, ParamStyle, Scalar, TypeRef};
use crate::lower::{describe, docs};
use crate::pointer::Pointer;

pub fn lower_param(types: &mut Types<'_>, builder: &str, p: &Parameter, at: &Pointer, scope: &mut Scope) -> Result<Param> {
    let data = p.parameter_data_ref();
    let (location, query_style) = match p {
        Parameter::Path { .. } => (ParamLocation::Path, None),
        Parameter::Query { style, .. } => (ParamLocation::Query, Some(style)),
        Parameter::Header { .. } => (ParamLocation::Header, None),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, None),
    };
    let hint = format!("{builder}{}", names::pascal(&data.name, "Param"));
    let (ty, schema_docs, default, by_content) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let schema_ref = SchemaRef::from(schema);
            let ty = types.type_of(schema_ref, &at.push("schema"), &hint)?;
            let resolved = types.resolve(schema_ref, at)?;
            (ty, resolved.schema_data.description.clone(), resolved.schema_data.default.clone(), false)
        }
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((media, m)) => {
                let ty = match &m.schema {
                    Some(s) => types.type_of(SchemaRef::from(s), &at.push("content").push(media).push("schema"), &hint)?,
                    None => TypeRef::JSON,
                };
                (ty, None, None, true)
            }
            None => (TypeRef::STRING, None, None, false),
        },
    };
    let is_list = matches!(ty, TypeRef::Vec(_));
    let is_structured = matches!(ty, TypeRef::Map(_) | TypeRef::Named(_) | TypeRef::Scalar(Scalar::Json)) && !types.is_scalar_model(&ty);
    let style = if by_content || is_structured {
        ParamStyle::Json
    } else {
        match query_style {
            Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
            Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
            Some(QueryStyle::DeepObject) => ParamStyle::Json,
            Some(QueryStyle::Form) if is_list && data.explode.unwrap_or(true) => ParamStyle::Repeated,
            _ => ParamStyle::Joined,
        }
    };
    let required = data.required || location == ParamLocation::Path;
    let spec_docs = docs::text(data.description.as_deref().or(schema_docs.as_deref()));
    let mut param_docs = describe::parameter(&spec_docs, &Lit(data.name.clone()), &location.to_string(), &ty);
    if let Some(default) = default {
        docs::append(&mut param_docs, &format!("Default: `{default}`."));
    }
    if data.deprecated == Some(true) {
        docs::append(&mut param_docs, "Deprecated.");
    }
    Ok(Param {
        wire_name: Lit(data.name.clone()),
        field: claim_field(scope, &data.name, location),
        location,
        required,
        arg: Argument::for_type(&ty),
        stored: stored(&ty, required),
        ty,
        style,
        is_list,
        docs: param_docs,
    })
}

/// A builder field for a parameter; a name already taken by a parameter elsewhere gets
/// the location as a suffix (`id` in the path, `id_query` in the query).
fn claim_field(scope: &mut Scope, wire: &str, location: ParamLocation) -> String {
    let base = names::snake(wire, "param");
    if !scope.contains(&base) {
        return scope.claim(base);
    }
    let suffix = match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    scope.claim(format!("{}_{suffix}", base.trim_end_matches('_')))
}

/// Picks the request media type we encode: JSON first, then forms, bytes, text.
pub fn lower_body(types: &mut Types<'_>, builder: &str, body: &openapiv3::RequestBody, at: &Pointer) -> Result<Option<Body>> {
    let Some((media, encoding)) = pick_request_media(&body.content) else {
        return Ok(None);
    };
    let media_type = &body.content[media.as_str()];
    let media_at = at.push("content").push(&media);
    let schema_ty = match &media_type.schema {
        Some(s) => Some(types.type_of(SchemaRef::from(s), &media_at.push("schema"), &format!("{builder}Body"))?),
        None => None,
    };
    let ty = match encoding {
        BodyEncoding::Json | BodyEncoding::Form => schema_ty.unwrap_or(TypeRef::JSON),
        BodyEncoding::Multipart => TypeRef::Scalar(Scalar::MultipartForm),
        BodyEncoding::Bytes => TypeRef::Vec(Box::new(TypeRef::Scalar(Scalar::U8))),
        BodyEncoding::Text => TypeRef::STRING,
    };
    if encoding == BodyEncoding::Form && !matches!(ty, TypeRef::Named(_) | TypeRef::Map(_)) {
        return Err(Error::unsupported(
            types.file(),
            media_at.as_str(),
            "a form-encoded body must be an object",
            "give the body schema `type: object` with properties",
        ));
    }
    // Raw bytes are taken as anything that becomes a `Vec<u8>` (a `&[u8]` too).
    let arg = match encoding {
        BodyEncoding::Bytes => Argument::Into(ty.clone()),
        _ => Argument::for_type(&ty),
    };
    // A range such as `*/*` says what the server accepts; a request names one type.
    let content_type = if media.contains('*') {
        match encoding {
            BodyEncoding::Json => "application/json",
            BodyEncoding::Form => "application/x-www-form-urlencoded",
            BodyEncoding::Multipart => "multipart/form-data",
            BodyEncoding::Bytes => "application/octet-stream",
            BodyEncoding::Text => "text/plain",
        }
        .to_string()
    } else {
        media.clone()
    };
    let body_docs = describe::body(&docs::text(body.description.as_deref()), &Lit(content_type.clone()), &ty);
    Ok(Some(Body {
        encoding,
        stored: stored(&ty, body.required),
        ty,
        arg,
        required: body.required,
        docs: body_docs,
        content_type: Lit(content_type),
    }))
}

/// The builder field's type: an optional input is `None` until its setter is called.
fn stored(ty: &TypeRef, required: bool) -> TypeRef {
    match required {
        true => ty.clone(),
        false => TypeRef::Option(Box::new(ty.clone())),
    }
}

pub fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json" || essence == "*/*"
}

fn pick_request_media(content: &openapiv3::Content) -> Option<(String, BodyEncoding)> {
    let classify = |media: &str, m: &openapiv3::MediaType| -> (u8, BodyEncoding) {
        let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let binary = m.schema.as_ref().is_some_and(|s| matches!(s, ReferenceOr::Item(s) if is_binary(s)));
        if is_json(media) && !binary {
            (0, BodyEncoding::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            (1, BodyEncoding::Form)
        } else if essence == "multipart/form-data" {
            (2, BodyEncoding::Multipart)
        } else if essence.starts_with("text/") && !binary {
            (4, BodyEncoding::Text)
        } else {
            (3, BodyEncoding::Bytes)
        }
    };
    content
        .iter()
        .map(|(media, m)| (classify(media, m), media))
        .min_by_key(|((rank, _), _)| *rank)
        .map(|((_, enc), media)| (media.clone(), enc))
}

fn is_binary(s: &openapiv3::Schema) -> bool {
    matches!(super::schema_view::View::of(s).format.as_deref(), Some("binary"))
}
