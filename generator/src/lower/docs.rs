//! Spec text → rustdoc that renders as the author meant and passes `cargo doc -D warnings`.
//!
//! Spec descriptions are Markdown written for web renderers. Rustdoc reads them with extra
//! rules: an indented block or an unlabelled fence is a doctest, `[word]` is an intra-doc
//! link, `<Word>` is an HTML tag, a bare URL is a lint. Each rule is neutralised here, once,
//! so every generated item's docs are safe whatever the spec says.

use std::borrow::Cow;

use crate::ir::Docs;

/// Builds docs from an optional summary and description (either may be missing or blank).
pub fn docs(summary: Option<&str>, description: Option<&str>) -> Docs {
    let mut lines = Vec::new();
    let summary = summary.map(str::trim).filter(|s| !s.is_empty());
    let description = description.map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = summary {
        lines.extend(markdown_lines(s));
    }
    if let Some(d) = description {
        if summary.is_some_and(|s| s == d) {
            return Docs(lines);
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(markdown_lines(d));
    }
    Docs(lines)
}

/// Docs from one text.
pub fn text(text: Option<&str>) -> Docs {
    docs(None, text)
}

/// Appends a paragraph to existing docs.
pub fn append(docs: &mut Docs, paragraph: &str) {
    if !docs.0.is_empty() {
        docs.0.push(String::new());
    }
    docs.0.extend(markdown_lines(paragraph));
}

/// Characters that change how the text around them is displayed (bidirectional overrides
/// and isolates, direction marks): rustc rejects them in comments (where prettyplease
/// turns doc attributes), and they can make text read differently from what it is.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a character is shown as itself: not a control character (a bare CR ends a doc
/// comment), not a bidi control, not a line or paragraph separator, not a BOM.
pub fn is_visible(c: char) -> bool {
    !c.is_control() && !is_bidi_control(c) && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

fn markdown_lines(text: &str) -> Vec<String> {
    // Big specs repeat thousands of descriptions: most have nothing to normalise.
    let text: Cow<'_, str> = match text.chars().all(|c| c == '\n' || (c != '\t' && is_visible(c))) {
        true => Cow::Borrowed(text),
        false => {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            // Tabs become spaces; every other invisible character goes (line breaks stay).
            Cow::Owned(text.chars().filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if is_visible(c) => Some(c),
                _ => None,
            }).collect())
        }
    };
    let mut out = Vec::new();
    let mut in_fence = false;
    // The content column of the list item whose paragraph is open: its continuation
    // lines are indented to it, since the trimming below would leave them lazy.
    let mut list_item: Option<usize> = None;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            list_item = None;
            if in_fence {
                out.push("```".to_string());
            } else {
                // Any fence becomes `text`: spec examples are JSON, shell, ... never Rust
                // we could compile as a doctest.
                out.push("```text".to_string());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_string());
        } else {
            // Leading indentation would make an indented (doctest) code block.
            let line = escape_inline(trimmed.trim_end());
            if line.is_empty() {
                list_item = None;
            } else if let Some(column) = list_item_content(&line) {
                list_item = Some(column);
            } else if let Some(column) = list_item {
                if continues_paragraph(&line) {
                    out.push(format!("{}{line}", " ".repeat(column)));
                    continue;
                }
                list_item = None;
            }
            out.push(line);
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    // Collapse runs of blank lines and trim blank edges.
    let mut collapsed: Vec<String> = Vec::with_capacity(out.len());
    for line in out {
        if line.is_empty() && collapsed.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        collapsed.push(line);
    }
    while collapsed.last().is_some_and(|l| l.is_empty()) {
        collapsed.pop();
    }
    collapsed
}

/// Where the text of a list item starting this line begins (`- `, `* `, `+ `, `1. `,
/// `1) `, with the spaces after the marker), or `None` for any other line.
fn list_item_content(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match (digits, line.as_bytes().get(digits)) {
        (0, Some(b'-' | b'*' | b'+')) => 1,
        (1..=9, Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|&b| b == b' ').count();
    match spaces {
        0 => None,
        // Five spaces or more: the text is an indented code block after one space.
        1..=4 if spaces < line.len() - marker => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Whether a line after a list item's text continues its paragraph (rather than
/// starting a heading or drawing a rule, which indenting would turn into a setext
/// heading inside the item).
fn continues_paragraph(line: &str) -> bool {
    let rule = line.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | ' '));
    !line.starts_with('#') && !rule
}

/// Escapes what rustdoc would misread in running text: brackets that are not part of an
/// inline `[text](url)` link, `<` that is not an autolink, and bare URLs.
fn escape_inline(line: &str) -> String {
    // Most lines hold nothing rustdoc could misread.
    if !line.contains(['`', '[', ']', '<', '>']) && !line.contains("http://") && !line.contains("https://") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                if let Some(end) = inline_link_end(&chars, i) {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                if let Some(end) = autolink_end(&chars, i) {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars, i) && !prev_is_word(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the doc block.
        out.push('`');
    }
    out
}

/// Whether the character before `i` makes the `http` there part of something else (a word,
/// or a path). An opening parenthesis does not: `(https://...)` is a bare URL to rustdoc,
/// and so is the target of a link that is not one (`[text](https://... =128px)`).
fn prev_is_word(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '/')
}

/// Called at every `h` of every doc line, so it compares in place rather than copying.
fn starts_url(chars: &[char], i: usize) -> bool {
    let at = |prefix: &str| prefix.chars().enumerate().all(|(k, p)| chars.get(i + k) == Some(&p));
    at("http://") || at("https://")
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"' | '`' | '[' | ']') {
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '\'' | '!' | '?') {
        end -= 1;
    }
    end
}

/// `[text](target)` with a non-empty target on one line: returns the index after `)`.
fn inline_link_end(chars: &[char], open: usize) -> Option<usize> {
    let close = (open + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars[open + 1..close].contains(&'[') {
        return None;
    }
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let target: String = chars[close + 2..end].iter().collect();
    if target.trim().is_empty() || target.contains(' ') || !(target.contains("://") || target.starts_with('#') || target.starts_with('/')) {
        return None;
    }
    Some(end + 1)
}

/// `<https://...>`: returns the index after `>`.
fn autolink_end(chars: &[char], open: usize) -> Option<usize> {
    if !starts_url(chars, open + 1) {
        return None;
    }
    let close = (open + 1..chars.len()).find(|&j| chars[j] == '>')?;
    if chars[open + 1..close].iter().any(|c| c.is_whitespace()) {
        return None;
    }
    Some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> String {
        text(Some(s)).0.join("\n")
    }

    #[test]
    fn neutralises_rustdoc_specials() {
        assert_eq!(one("List<String> of [ids]"), "List&lt;String&gt; of \\[ids\\]");
        assert_eq!(one("See https://example.com/a."), "See <https://example.com/a>.");
        assert_eq!(one("Alertmanager (https://github.com/prometheus/alertmanager)"), "Alertmanager (<https://github.com/prometheus/alertmanager>)");
        assert_eq!(
            one("[![Run](https://x.io/b.svg)](https://y.io/c?a=1&b=2) and [a](https://x.io/b.svg =128px)"),
            // The outer link holds another, which the inner link check does not take: its
            // brackets are escaped and its target, bare to rustdoc, becomes an autolink.
            "\\[![Run](https://x.io/b.svg)\\](<https://y.io/c?a=1&b=2>) and \\[a\\](<https://x.io/b.svg> =128px)"
        );
        assert_eq!(one("See [docs](https://example.com)"), "See [docs](https://example.com)");
        assert_eq!(one("<https://example.com>"), "<https://example.com>");
        assert_eq!(one("`a[0]` and `<T>`"), "`a[0]` and `<T>`");
    }

    #[test]
    fn fences_become_text_and_indentation_goes() {
        assert_eq!(one("x\n```\nfn main() {}\n```"), "x\n```text\nfn main() {}\n```");
        assert_eq!(one("a\n\n    indented code"), "a\n\nindented code");
        assert_eq!(one("```json\n{}"), "```text\n{}\n```");
    }

    #[test]
    fn list_items_continue_at_their_text() {
        // Spec text wraps list items without indenting (or with indentation the
        // trimming drops); rustdoc and clippy want the continuation under the text.
        assert_eq!(one("- one\nwrapped\n- two"), "- one\n  wrapped\n- two");
        assert_eq!(one("10.  ten\n    more"), "10.  ten\n     more");
        assert_eq!(one("* a\n\nafter"), "* a\n\nafter");
        assert_eq!(one("- a\n---\n# Head\nb"), "- a\n---\n# Head\nb");
        assert_eq!(one("- a\n```\ncode\n```\nb"), "- a\n```text\ncode\n```\nb");
        assert_eq!(one("-not a list\nnext"), "-not a list\nnext");
        assert_eq!(one("2024 was\nfine"), "2024 was\nfine");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(one("a\u{202E}b\u{0}c\td\u{2028}e"), "abc de");
        assert_eq!(one("one\rtwo"), "one\ntwo");
    }

    #[test]
    fn summary_and_description_are_paragraphs() {
        let d = docs(Some("Get a thing."), Some("Longer text."));
        assert_eq!(d.0, ["Get a thing.", "", "Longer text."]);
        assert_eq!(docs(Some("Same"), Some("Same")).0, ["Same"]);
    }
}
