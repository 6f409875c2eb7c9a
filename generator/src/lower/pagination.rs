//! Paging schemes: declared with `x-pagination` on an operation, or recognised from the
//! parameter names and the response envelope. One table of conventional names drives the
//! recognition, so any API that follows a common convention gets `into_stream()`.
//!
//! ```yaml
//! x-pagination:            # every key optional; given keys override detection
//!   kind: page-number      # page-number | offset | cursor | none
//!   page-param: pageNumber
//!   page-count-field: pageCount
//!   offset-param: _offset
//!   limit-param: _limit
//!   first: 0
//!   cursor-param: after
//!   next-field: next
//!   items-field: entities
//! ```

use serde::Deserialize;

use super::models::field_is_optional;
use super::types::{ModelField, ModelKind, Types};
use crate::error::{Error, Result};
use crate::ir::{BodyField, FullPage, HttpMethod, LastPage, Lit, NextCursor, Operation, PageItems, PageKind, Pagination, ParamLocation, TypeRef};
use crate::load::Spec;
use crate::pointer::Pointer;

const PAGE_PARAMS: &[&str] = &["pageNumber", "page", "page_number", "pageNo"];
const PAGE_COUNT_FIELDS: &[&str] = &["pageCount", "page_count", "totalPages", "total_pages", "pages"];
const OFFSET_PARAMS: &[&str] = &["offset", "_offset", "startIndex", "start_index", "start", "skip"];
const LIMIT_PARAMS: &[&str] = &["limit", "_limit", "count", "maxResults", "max_results", "pageSize", "page_size", "per_page", "size"];
const CURSOR_PARAMS: &[&str] = &["after", "cursor", "page_token", "pageToken", "next_page_token", "nextPageToken", "starting_after", "continuation", "continuationToken"];
const NEXT_FIELDS: &[&str] = &["next", "next_page", "nextPage", "next_cursor", "nextCursor", "cursor", "next_page_token", "nextPageToken", "continuation", "continuationToken"];
const ITEM_FIELDS: &[&str] = &["entities", "items", "data", "results", "values", "records", "elements"];

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Declared {
    kind: Option<String>,
    page_param: Option<String>,
    page_count_field: Option<String>,
    offset_param: Option<String>,
    limit_param: Option<String>,
    first: Option<i64>,
    cursor_param: Option<String>,
    next_field: Option<String>,
    items_field: Option<String>,
}

pub fn detect(spec: &Spec, types: &Types<'_>, operations: &mut [Operation]) -> Result<()> {
    for op in operations.iter_mut() {
        let at = operation_pointer(spec, op);
        let declared: Declared = match spec.with_node(&at.push("x-pagination"), |node| node.map(Declared::deserialize)) {
            Some(v) => v.map_err(|e| {
                Error::spec(&spec.file, at.push("x-pagination").as_str(), format!("invalid x-pagination: {e}"), "see the keys documented in ARCHITECTURE.md")
            })?,
            None => Declared::default(),
        };
        // Only a GET is taken to page by convention; another method (a search sent as a
        // POST) pages when its `x-pagination` says so, and each page resends its body.
        if declared.kind.as_deref() == Some("none") || (op.http_method != HttpMethod::Get && declared.kind.is_none()) {
            continue;
        }
        op.pagination = detect_one(types, op, &declared);
        if op.pagination.is_none() && declared.kind.is_some() {
            return Err(Error::spec(
                &spec.file,
                at.push("x-pagination").as_str(),
                "x-pagination is declared, but the parameters or the response do not fit it",
                "name the parameters and fields explicitly (page-param, items-field, ...); they must exist and be optional",
            ));
        }
    }
    Ok(())
}

fn operation_pointer(_spec: &Spec, op: &Operation) -> Pointer {
    Pointer::root().push("paths").push(op.path.as_str()).push(op.http_method.key())
}

/// The response struct's fields, when the single success body is a named struct.
fn response_fields<'t>(types: &'t Types<'_>, op: &Operation) -> Option<&'t [ModelField]> {
    let TypeRef::Named(name) = &op.ok_type else { return None };
    let mut current = name.clone();
    for _ in 0..16 {
        match &types.get(&current)?.kind {
            ModelKind::Struct { fields } => return Some(fields),
            ModelKind::Alias(TypeRef::Named(next)) => current = next.clone(),
            _ => return None,
        }
    }
    None
}

fn detect_one(types: &Types<'_>, op: &Operation, declared: &Declared) -> Option<Pagination> {
    let fields = response_fields(types, op)?;
    let field = |wanted: &[&str], explicit: &Option<String>| -> Option<&ModelField> {
        match explicit {
            Some(name) => fields.iter().find(|f| &f.wire == name),
            None => wanted.iter().find_map(|w| fields.iter().find(|f| f.wire == *w)),
        }
    };
    let items = match &declared.items_field {
        Some(_) => field(&[], &declared.items_field),
        None => field(ITEM_FIELDS, &None).or_else(|| {
            let arrays: Vec<&ModelField> = fields.iter().filter(|f| matches!(f.ty, TypeRef::Vec(_))).collect();
            (arrays.len() == 1).then(|| arrays[0])
        }),
    }?;
    let TypeRef::Vec(item_type) = &items.ty else { return None };
    // Only optional parameters can be advanced by the stream.
    let param = |wanted: &[&str], explicit: &Option<String>| {
        let names: Vec<&str> = match explicit {
            Some(n) => vec![n.as_str()],
            None => wanted.to_vec(),
        };
        names.into_iter().find_map(|n| op.params.iter().find(|p| p.location == ParamLocation::Query && !p.required && p.wire_name.as_str() == n))
    };
    let wants = |kind: &str| declared.kind.as_deref().is_none_or(|k| k == kind);

    let kind = if let (true, Some(cursor), Some(next)) = (wants("cursor"), param(CURSOR_PARAMS, &declared.cursor_param), field(NEXT_FIELDS, &declared.next_field))
        && cursor.ty == TypeRef::STRING
        && next.ty == TypeRef::STRING
    {
        PageKind::Cursor {
            cursor_field: cursor.field.clone(),
            cursor_wire: Lit(cursor.wire_name.as_str().to_string()),
            next: NextCursor(body_field(next)),
        }
    } else if let (true, Some(page)) = (wants("page-number"), param(PAGE_PARAMS, &declared.page_param))
        && page.ty.is_integer()
    {
        let count = field(PAGE_COUNT_FIELDS, &declared.page_count_field).filter(|f| f.ty.is_integer());
        PageKind::PageNumber {
            page_field: page.field.clone(),
            page_type: page.ty.clone(),
            last_page: LastPage(count.map(body_field)),
        }
    } else if let (true, Some(offset)) = (wants("offset"), param(OFFSET_PARAMS, &declared.offset_param))
        && offset.ty.is_integer()
    {
        let limit = param(LIMIT_PARAMS, &declared.limit_param).filter(|p| p.ty.is_integer());
        PageKind::Offset {
            offset_field: offset.field.clone(),
            offset_type: offset.ty.clone(),
            full_page: FullPage(limit.map(|p| p.field.clone())),
            first: declared.first.unwrap_or(0),
        }
    } else {
        return None;
    };
    Some(Pagination {
        kind,
        items: PageItems(body_field(items)),
        item_type: (**item_type).clone(),
    })
}

fn body_field(field: &ModelField) -> BodyField {
    BodyField { name: field.name.clone(), optional: field_is_optional(field) }
}
