//! A big YAML document parsed as two halves on two cores.
//!
//! Parsing YAML is the longest step of loading a big spec that nothing else can overlap
//! (Stripe: 4.2 MB, 90 ms). Real specs are block mappings at the top (`paths:`,
//! `components:`), whose entries, and the entries of those entries, start on lines of their
//! own at one indentation. Cut at such a line, each side is a YAML document of its own: the
//! part before the cut, and the entries after it (at the inner indentation, then any at the
//! top). Both sides are parsed at once and their mappings joined.
//!
//! The cut is only ever a shortcut to the same tree. A line that looks like the start of an
//! entry but is not (inside a quoted scalar or a flow collection that spans lines) leaves the
//! part before it unfinished, so that part fails to parse; an alias to an anchor on the other
//! side fails too, as does a key on both sides. Any failure, any surprise in the shape of
//! what was parsed, and anything a cut could change (directives, a second document, more
//! aliasing than one document may have) sends the caller back to parsing the whole document,
//! which reports problems exactly as it always has (`yaml.rs`, whose differential test
//! holds the two ways to the same tree on every YAML spec of the corpus).

use serde_json::{Map, Value};

/// Below this a document parses in a few milliseconds: a thread would not pay for itself.
pub const MIN_BYTES: usize = 256 * 1024;

/// Where a document is cut.
#[derive(Debug, PartialEq, Eq)]
pub struct Cut<'a> {
    /// From the start to the cut: a whole document.
    pub before: &'a str,
    /// For a cut inside a top-level entry, that entry's remaining entries (its mapping is the
    /// last entry of `before`'s).
    pub inner: Option<&'a str>,
    /// The top-level entries after the cut (or after the entry the cut is in).
    pub after: &'a str,
}

/// A parsed part, with how many nodes its aliases added (the budget is per document).
pub type Parsed = (Value, usize);

/// The document of `text`, from its halves parsed side by side by `parse`, or `None` where
/// it must be parsed whole: not worth cutting, no place to cut, or anything but clean
/// mappings from the halves.
pub fn parse<E: Send>(text: &str, alias_budget: usize, parse: impl Fn(&str) -> Result<Parsed, E> + Sync) -> Option<Value> {
    let cut = cut(text)?;
    let (rest, before) = crate::parallel::join(|| parse_rest(&cut, &parse), || parse(cut.before).ok());
    let (Value::Object(mut root), before_aliased) = before? else { return None };
    let rest = rest?;
    if before_aliased + rest.aliased > alias_budget {
        return None;
    }
    if let Some(inner) = rest.inner {
        let Value::Object(cut_entry) = root.values_mut().next_back()? else { return None };
        join_disjoint(cut_entry, inner)?;
    }
    join_disjoint(&mut root, rest.after)?;
    Some(Value::Object(root))
}

/// What follows the cut, parsed.
struct Rest {
    /// The entries of [`Cut::inner`].
    inner: Option<Map<String, Value>>,
    /// The entries of [`Cut::after`].
    after: Map<String, Value>,
    /// The nodes both parts' aliases added.
    aliased: usize,
}

fn parse_rest<E>(cut: &Cut<'_>, parse: &impl Fn(&str) -> Result<Parsed, E>) -> Option<Rest> {
    let mapping = |text: &str| match parse(text).ok()? {
        (Value::Object(entries), aliased) => Some((entries, aliased)),
        _ => None,
    };
    let (inner, inner_aliased) = match cut.inner {
        Some(inner) => mapping(inner).map(|(entries, aliased)| (Some(entries), aliased))?,
        None => (None, 0),
    };
    let (after, after_aliased) = if has_content(cut.after) { mapping(cut.after)? } else { (Map::new(), 0) };
    Some(Rest { inner, after, aliased: inner_aliased + after_aliased })
}

/// `into` with `more`'s entries after its own, unless a key is in both (a duplicate the
/// whole document's parse reports).
fn join_disjoint(into: &mut Map<String, Value>, more: Map<String, Value>) -> Option<()> {
    if more.keys().any(|key| into.contains_key(key)) {
        return None;
    }
    into.extend(more);
    Some(())
}

/// Where to cut `text`: at the start of the entry nearest its middle, at the top level or
/// one level into the top-level entry that holds the middle.
pub fn cut(text: &str) -> Option<Cut<'_>> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let lines: Vec<(usize, &str)> = lines(text).collect();
    // The document must open with a top-level entry, after a `---` at most; what applies to
    // the whole stream (directives) or ends the document is left to the whole parse.
    let mut content = lines.iter().enumerate().filter(|(_, (_, line))| has_content(line));
    let (mut opening, mut opening_line) = content.next().map(|(i, (_, line))| (i, *line))?;
    let marker = opening_line.trim_end() == "---";
    if marker {
        (opening, opening_line) = content.next().map(|(i, (_, line))| (i, *line))?;
    }
    let ends_or_directs = |(i, line): (usize, &str)| line.starts_with('%') || line.starts_with("...") || (line.starts_with("---") && !(marker && i < opening));
    if entry_indent(opening_line) != Some(0) || lines.iter().enumerate().any(|(i, (_, line))| ends_or_directs((i, line))) {
        return None;
    }
    let top: Vec<usize> = (opening..lines.len()).filter(|&i| entry_indent(lines[i].1) == Some(0)).collect();
    let end_of = |t: usize| top.get(t + 1).map_or(text.len(), |&next| lines[next].0);
    let middle = text.len() / 2;
    let held = (0..top.len()).find(|&t| lines[top[t]].0 <= middle && middle < end_of(t))?;
    let (entry_start, entry_end) = (top[held], end_of(held));
    // The top-level boundaries around the middle, and the inner ones of the entry holding it.
    let mut candidates: Vec<(usize, bool)> = vec![(lines[entry_start].0, false), (entry_end, false)];
    candidates.extend(inner_starts(&lines, entry_start, entry_end).into_iter().flatten().map(|offset| (offset, true)));
    let (at, inside) = candidates.into_iter().filter(|&(offset, _)| offset > 0 && offset < text.len()).min_by_key(|&(offset, _)| offset.abs_diff(middle))?;
    Some(match inside {
        true => Cut { before: &text[..at], inner: Some(&text[at..entry_end]), after: &text[entry_end..] },
        false => Cut { before: &text[..at], inner: None, after: &text[at..] },
    })
}

/// The offsets of the entries of the top-level entry on line `start` (ending at byte
/// `end`), but its first: where its value is a block mapping on the lines below its key.
fn inner_starts(lines: &[(usize, &str)], start: usize, end: usize) -> Option<Vec<usize>> {
    if !lines[start].1.trim_end().ends_with(':') {
        return None;
    }
    let body = lines[start + 1..].iter().take_while(|(offset, _)| *offset < end);
    let mut entries = body.filter(|(_, line)| has_content(line));
    let (_, first) = entries.next()?;
    let indent = entry_indent(first).filter(|&indent| indent > 0)?;
    Some(entries.filter(|(_, line)| entry_indent(line) == Some(indent)).map(|(offset, _)| *offset).collect())
}

/// Each line with the offset it starts at (without its line break).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

/// Whether a line holds more than spaces and a comment.
fn has_content(text: &str) -> bool {
    text.lines().any(|line| {
        let trimmed = line.trim_start_matches(' ');
        !trimmed.is_empty() && !trimmed.starts_with('#')
    })
}

/// The indentation of a line that starts a mapping entry with a plain or quoted key: not a
/// sequence item, a comment, a flow collection, an explicit key, a tab, anchors, tags or
/// block scalar indicators.
fn entry_indent(line: &str) -> Option<usize> {
    let key = line.trim_start_matches(' ');
    let first = key.chars().next()?;
    (!"#-?:{}[],&*!|>%@`\t".contains(first) && key.contains(':')).then_some(line.len() - key.len())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn whole(text: &str) -> crate::error::Result<Parsed> {
        super::super::parse_whole(Path::new("t.yaml"), text, 96)
    }

    fn halves(text: &str) -> Option<Value> {
        parse(text, super::super::ALIAS_BUDGET, whole)
    }

    /// `head`, then entries made by `entry` until the text is big enough to cut, then `tail`.
    fn big(head: &str, entry: impl Fn(usize) -> String, tail: &str) -> String {
        let mut text = head.to_string();
        for i in 0.. {
            if text.len() >= MIN_BYTES {
                break;
            }
            text.push_str(&entry(i));
        }
        text.push_str(tail);
        text
    }

    /// `paths` with operations of every scalar style, `components` after them.
    fn spec() -> String {
        let path = |i: usize| {
            format!(
                "  '/p{i}/{{id}}':\n    get:\n      description: |\n        Line one\n\n        line: two\n      summary: \"quoted: {i}\"\n      tags: [a, b]\n      x-n: {i}\n"
            )
        };
        big("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n", path, "components:\n  schemas:\n    A: {type: string}\n")
    }

    #[test]
    fn halves_give_the_tree_of_the_whole_document() {
        let text = spec();
        let cut = cut(&text).expect("a big spec is cut");
        assert!(cut.inner.is_some(), "the middle is inside `paths`, so the cut is one level in");
        assert_eq!(halves(&text), Some(whole(&text).unwrap().0));
    }

    #[test]
    fn cuts_at_an_inner_entry_near_the_middle() {
        let text = spec();
        let cut = cut(&text).unwrap();
        assert!(cut.inner.unwrap().starts_with("  '/p"));
        assert_eq!(cut.after, "components:\n  schemas:\n    A: {type: string}\n");
        assert!(cut.before.len().abs_diff(text.len() / 2) < 200, "{} of {}", cut.before.len(), text.len());
    }

    #[test]
    fn does_not_cut_small_documents_streams_with_directives_or_documents() {
        let entry = |i: usize| format!("k{i}: {i}\n");
        assert_eq!(cut("a: 1\nb: 2\n"), None);
        assert_eq!(cut(&big("%YAML 1.2\n---\n", entry, "")), None);
        assert_eq!(cut(&big("a: 1\n", entry, "---\nc: 3\n")), None);
        assert_eq!(cut(&big("- a\n", |_| "- b\n".to_string(), "")), None);
        assert!(cut(&big("---\n", entry, "")).is_some(), "a `---` opening the document is no obstacle");
    }

    #[test]
    fn an_alias_of_an_anchor_before_the_cut_is_parsed_whole() {
        let text = big("base: &b {type: string}\n", |i| format!("k{i}: {i}\n"), "last: *b\n");
        assert!(cut(&text).is_some());
        assert_eq!(halves(&text), None);
        assert_eq!(whole(&text).unwrap().0["last"], serde_json::json!({"type": "string"}));
    }

    #[test]
    fn a_key_on_both_sides_is_parsed_whole_and_refused() {
        let text = big("k0: first\n", |i| format!("k{}: {i}\n", i + 1), "k0: again\n");
        assert_eq!(halves(&text), None);
        assert!(whole(&text).unwrap_err().to_string().contains("duplicate entry with key \"k0\""));
    }

    #[test]
    fn a_line_that_only_looks_like_an_entry_is_parsed_whole() {
        // A double-quoted scalar spanning the middle, whose continuation line starts where an
        // entry of `paths` would: cut there, the first half ends inside the quotes.
        let entry = |i: usize| format!("  /p{i}: {{}}\n");
        let half = big("paths:\n", entry, "");
        let text = format!("{half}  /middle: {{description: \"one\n  looks: like an entry\"}}\n{}", &half["paths:\n".len()..].replace("/p", "/q"));
        let cut = cut(&text).unwrap();
        assert!(cut.inner.unwrap().starts_with("  looks: like an entry"), "{:?}", &cut.inner.unwrap()[..30]);
        assert_eq!(halves(&text), None);
        assert_eq!(whole(&text).unwrap().0["paths"]["/middle"]["description"], "one looks: like an entry");
    }

    /// Every YAML spec of the corpora and the project: two halves, one tree. The big ones
    /// (Stripe, Asana, OpenAI, LaunchDarkly) are cut; the others are too small and say so.
    #[test]
    fn every_yaml_spec_parses_to_the_same_tree_in_halves() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let shared = root.join("../shared");
        if !shared.is_dir() {
            assert!(std::env::var_os("CI").is_none(), "../shared/ is missing, but CI always has it beside the checkout");
            eprintln!("NOTICE: ../shared/ is absent (a fresh clone without the reference data); skipping this test");
            return;
        }
        let mut cut_specs = 0;
        for dir in [shared.join("corpus-broad"), shared.join("corpus"), shared.join("upstream"), root.join("specs")] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for file in files.iter().filter(|f| matches!(f.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))) {
                let text = std::fs::read_to_string(file).unwrap();
                let Ok((tree, _)) = whole(&text) else { continue };
                match halves(&text) {
                    Some(halved) => {
                        assert!(halved == tree, "{}: the halves differ from the whole", file.display());
                        cut_specs += 1;
                    }
                    None => assert!(text.len() < MIN_BYTES || cut(&text).is_none(), "{}: cut but not joined", file.display()),
                }
            }
        }
        assert!(cut_specs >= 4, "the four big YAML specs of the broad corpus are cut, found {cut_specs}");
    }
}
