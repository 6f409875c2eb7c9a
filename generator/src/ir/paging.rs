//! A paging scheme, enough for `into_stream()` to drive a `Stream` of items. The parts
//! that differ between operations (is the items field an `Option`? is there a page count,
//! a limit?) are typed values that print their expression, so the template has one shape
//! per kind.

use std::fmt;

use serde::Serialize;

use super::{Lit, TypeRef};

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub kind: PageKind,
    /// The page's items, from the response body.
    pub items: PageItems,
    pub item_type: TypeRef,
}

/// A field of the response body, and whether it is an `Option`.
#[derive(Debug, Clone, Serialize)]
pub struct BodyField {
    pub name: String,
    pub optional: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageKind {
    /// A page number parameter (first page 1); stops at the page count if the response
    /// has one, else on an empty page.
    PageNumber {
        /// Builder field (and setter) of the page parameter, and its Rust type.
        page_field: String,
        page_type: TypeRef,
        last_page: LastPage,
    },
    /// An offset (or start index) advanced by the number of items received; stops on an
    /// empty page or one shorter than the limit.
    Offset {
        offset_field: String,
        offset_type: TypeRef,
        full_page: FullPage,
        /// The first offset when the caller sets none.
        first: i64,
    },
    /// An opaque cursor parameter fed from a response field (a cursor, or a URL whose
    /// query carries the cursor parameter).
    Cursor {
        cursor_field: String,
        /// The wire name, to find the cursor in a `next` URL.
        cursor_wire: Lit,
        next: NextCursor,
    },
}

/// The items field of `body`; prints as the `Vec` of items (empty when the field is absent).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct PageItems(pub BodyField);

impl fmt::Display for PageItems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            BodyField { name, optional: true } => write!(f, "body.{name}.unwrap_or_default()"),
            BodyField { name, optional: false } => write!(f, "body.{name}"),
        }
    }
}

/// The page-count field of `body`, if the response has one; prints as whether `page` was
/// the last page (never known without a count).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct LastPage(pub Option<BodyField>);

impl fmt::Display for LastPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(BodyField { name, optional: true }) => write!(f, "body.{name}.is_some_and(|count| crate::runtime::at_least(page, count))"),
            Some(BodyField { name, optional: false }) => write!(f, "crate::runtime::at_least(page, body.{name})"),
            None => f.write_str("false"),
        }
    }
}

/// The builder field of the limit parameter, if there is one; prints as whether the
/// `received` items filled a page (always, without a limit), after [`FullPage::binding`].
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct FullPage(pub Option<String>);

impl FullPage {
    /// The statement that reads the limit before the builder is sent (nothing without one).
    pub fn binding(&self) -> String {
        match &self.0 {
            Some(field) => format!("let limit = builder.{field};"),
            None => String::new(),
        }
    }
}

impl fmt::Display for FullPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(_) => f.write_str("limit.is_none_or(|limit| crate::runtime::at_least(received, limit))"),
            None => f.write_str("true"),
        }
    }
}

/// The response field with the next cursor (or next URL); prints as an `Option<&str>`.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct NextCursor(pub BodyField);

impl fmt::Display for NextCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            BodyField { name, optional: true } => write!(f, "body.{name}.as_deref()"),
            BodyField { name, optional: false } => write!(f, "Some(body.{name}.as_str())"),
        }
    }
}
