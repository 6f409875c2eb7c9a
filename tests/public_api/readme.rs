//! What a crate's README (its root documentation) says about its Rust API: the code spans
//! that name an item (`ClientBuilder::retry_policy`, `Error::Deadline`, `RetryPolicy`) or
//! call a method (`.send_with_response()`, `into_stream()`).
//!
//! Code blocks are not read: they are doctests, compiled by `cargo test` and `cargo doc`.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Parser};

/// The names and calls in the code spans of a crate's or module's documentation.
#[derive(Debug, Default)]
pub struct Claims {
    /// Paths with `::` (`Client::builder`, `Error::Api`), crate name removed.
    pub paths: BTreeSet<String>,
    /// Methods called in a span (`name(`), with or without a receiver.
    pub methods: BTreeSet<String>,
    /// Every identifier in a code span: what the README mentions at all.
    pub mentioned: BTreeSet<String>,
}

pub fn claims(docs: &str, lib_name: &str) -> Claims {
    let mut claims = Claims::default();
    for event in Parser::new(docs) {
        if let Event::Code(span) = event {
            read_span(&span, lib_name, &mut claims);
        }
    }
    claims
}

/// Reads a span as Rust: identifiers joined by `::` make a path, an identifier followed by
/// `(` a call. Anything else in the span (URLs, JSON, header names) yields neither.
fn read_span(span: &str, lib_name: &str, claims: &mut Claims) {
    let mut rest = span;
    while let Some(start) = rest.find(is_ident_start) {
        let after_dot = rest[..start].ends_with('.');
        let in_word = rest[..start].ends_with('-');
        let mut segments = Vec::new();
        let mut cursor = &rest[start..];
        loop {
            let end = cursor.find(|c: char| !is_ident_char(c)).unwrap_or(cursor.len());
            segments.push(&cursor[..end]);
            cursor = &cursor[end..];
            match cursor.strip_prefix("::") {
                Some(next) if next.starts_with(is_ident_start) => cursor = next,
                _ => break,
            }
        }
        if in_word || cursor.starts_with('-') {
            // A header name (`X-RateLimit-Reset`) or another hyphenated word, not Rust.
            rest = cursor;
            continue;
        }
        claims.mentioned.extend(segments.iter().map(|s| s.to_string()));
        if segments.first() == Some(&lib_name) {
            segments.remove(0);
        }
        let call = cursor.starts_with('(');
        if segments.len() > 1 {
            claims.paths.insert(segments.join("::"));
        } else if call && segments[0].starts_with(|c: char| c.is_ascii_lowercase()) && (after_dot || span.trim_end().ends_with(')')) {
            // `name()` alone or `.name(...)` in a chain; a bare `f(x)` in prose-like spans
            // of the spec's own text would be too loose a claim, and `Secret(<redacted>)`
            // is `Debug` output.
            claims.methods.insert(segments[0].to_string());
        }
        rest = cursor;
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_read_as_paths_and_calls() {
        let c = claims(
            "Use `Client::builder().server(Server::...)`, `my_crate::Error`, `ApiError::rate_limit().retry_after`, \
             `into_stream()` and `GET /api/v2/{id}` or `X-RateLimit-*`; shown as `Secret(<redacted>)`.",
            "my_crate",
        );
        assert_eq!(c.paths, ["ApiError::rate_limit", "Client::builder"].into_iter().map(String::from).collect());
        assert_eq!(c.methods, ["into_stream", "server"].into_iter().map(String::from).collect());
        assert!(c.mentioned.contains("Server") && c.mentioned.contains("Error") && c.mentioned.contains("retry_after"));
        assert!(!c.mentioned.contains("RateLimit"), "a header name is not a mention of a type");
    }
}
