//! Cursor pagination: where the next page's cursor comes from.

/// The cursor for the next page from a response's `next` field: the value itself, or, when
/// the server sends a URL, that URL's `param` query value.
pub fn next_cursor(next: Option<&str>, param: &str) -> Option<String> {
    let next = next.map(str::trim).filter(|n| !n.is_empty())?;
    if !next.contains('?') {
        return Some(next.to_string());
    }
    let absolute = if next.contains("://") { next.to_string() } else { format!("http://relative{next}") };
    let url = ::reqwest::Url::parse(&absolute).ok()?;
    let found = url.query_pairs().find(|(k, _)| k == param).map(|(_, v)| v.into_owned());
    found
}
