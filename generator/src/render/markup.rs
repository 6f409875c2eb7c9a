//! Spec text → TOML strings, TOML comments and Markdown that show it literally.
//!
//! Rust output needs none of this (string literals and `#[doc]` attributes are escaped by
//! `proc_macro2`). `Cargo.toml` and `README.md` are printed as text, so every spec string
//! that reaches them goes through one of these functions: none can end its string, start a
//! TOML table, or open a Markdown block — above all a code block, which rustdoc would run
//! as a doctest, since the README is the crate's documentation.

pub use crate::lower::docs::is_visible;

/// A TOML basic string. TOML requires escapes for `"`, `\` and every control character
/// but tab (DEL included, which JSON escaping would let through).
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a one-line TOML or Rust `//` comment: line breaks and other invisible
/// characters become spaces, so the comment cannot end early.
pub fn comment_text(s: &str) -> String {
    s.chars().map(|c| if is_visible(c) { c } else { ' ' }).collect()
}

/// The words of `text`, split on any whitespace, with invisible characters removed.
fn words(text: &str) -> Vec<String> {
    text.split(char::is_whitespace)
        .map(|w| w.chars().filter(|&c| is_visible(c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Running Markdown text on one line that displays `text` as written. Characters that
/// Markdown reads as inline syntax are backslash-escaped; so is whatever at the start of a
/// line would open a block (heading, list, quote, fence, table, HTML). URLs become
/// autolinks, which rustdoc's `bare_urls` lint asks for.
pub fn md_text(text: &str) -> String {
    let escaped: Vec<String> = words(text)
        .into_iter()
        .map(|word| {
            let plain_url = (word.starts_with("http://") || word.starts_with("https://"))
                && !word.contains(['<', '>', '`', '\\', '|', '[', ']']);
            if plain_url {
                format!("<{word}>")
            } else {
                escape_inline(&word)
            }
        })
        .collect();
    let line = escaped.join(" ");
    escape_line_start(&line)
}

fn escape_inline(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes the first character when it could start a block: ASCII punctuation (`-`, `+`,
/// `=`, `#`, `>`, ...) or the `.`/`)` after leading digits (an ordered list).
fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    match line[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => format!("{}\\{c}{}", &line[..digits], &line[digits + 1..]),
        Some(c) if digits == 0 && c.is_ascii_punctuation() && c != '\\' && c != '<' => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// A Markdown code span showing `text` literally, safe inside a table cell: its fence is
/// longer than any run of backticks inside, and `|` is escaped (GFM splits cells on it
/// even within code). Safe at a line start too: a fence of three or more backticks only
/// arises when the text holds backticks, which a code block's info string may not.
pub fn md_code(text: &str) -> String {
    let content = words(text).join(" ").replace('|', "\\|");
    if content.is_empty() {
        return "` `".to_string();
    }
    let longest_run = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A space on each side keeps a leading or trailing backtick from joining the fence.
    let pad = if content.starts_with('`') || content.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// Spec Markdown kept to one table cell: no line break or `|` can end the cell or row.
pub fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A README phrase: the generator's wording as it is, spec text escaped by its kind.
pub fn md_phrase(phrase: &crate::ir::Phrase) -> String {
    use crate::ir::Span;
    phrase
        .0
        .iter()
        .map(|span| match span {
            Span::Fixed(markdown) => markdown.to_string(),
            Span::Code(text) => md_code(text),
            Span::Markdown(text) => md_cell(text),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_quotes_and_every_control_character() {
        assert_eq!(toml_str("a\"b\\c\nd\u{7f}e\u{1}\tf"), "\"a\\\"b\\\\c\\nd\\u007Fe\\u0001\tf\"");
        assert_eq!(comment_text("a\nb\u{202E}c"), "a b c");
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(md_text("Pets *API* [x](y) <b> `c` | d"), r"Pets \*API\* \[x\](y) \<b\> \`c\` \| d");
        assert_eq!(md_text("# title"), r"\# title");
        assert_eq!(md_text("- item"), r"\- item");
        assert_eq!(md_text("1. first\n```rust\nfn main() {}\n```"), r"1\. first \`\`\`rust fn main() {} \`\`\`");
        assert_eq!(md_text("see https://example.com/a now"), "see <https://example.com/a> now");
        assert_eq!(md_text("a\u{202E}b\r\nc"), "ab c");
    }

    #[test]
    fn phrases_keep_the_wording_and_escape_the_spec_text() {
        use crate::ir::{Lit, Phrase, SchemeKind, Span};
        assert_eq!(md_phrase(&SchemeKind::Basic.sent_as()), "HTTP Basic (`Authorization: Basic ...`)");
        assert_eq!(md_phrase(&SchemeKind::ApiKeyHeader { name: Lit("X-Key|1".into()) }.sent_as()), r"header `X-Key\|1`");
        let summary = Phrase(vec![Span::Fixed("**Deprecated.** "), Span::Markdown("a | b\nc".into())]);
        assert_eq!(md_phrase(&summary), r"**Deprecated.** a \| b c");
    }

    #[test]
    fn code_spans_outgrow_the_backticks_they_hold() {
        assert_eq!(md_code("plain"), "`plain`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x``"), "``` `x`` ```");
        assert_eq!(md_code("a|b\nc"), r"`a\|b c`");
        assert_eq!(md_code(""), "` `");
    }
}
