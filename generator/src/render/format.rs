//! Printing generated Rust item by item, over every core.
//!
//! Parsing with `syn` and printing with `prettyplease` is most of the generator's time and
//! memory, and both cost the same per item whether the item stands alone or in a file. So
//! each source is cut at its top-level item boundaries (found by a small lexer that tracks
//! bracket depth outside comments and literals), and the items are parsed and printed in
//! contiguous runs, each taken by whichever core is free. prettyplease ends every top-level
//! item with a line break and starts the next at column 0, so a file's printed items put
//! side by side are the file printed whole; and only one item's syntax tree is alive per thread at a
//! time, instead of the whole file's.
//!
//! Every group is parsed on a scoped thread with a generous stack. proc-macro2 is built
//! without `span-locations`: with it, every parse also counts characters for line and
//! column numbers and keeps a copy of the source in a thread-local map; a parse error
//! instead names the line where the item that does not parse starts.
//!
//! Anything unexpected (an item that does not parse alone, a thread that cannot start)
//! gives `None` for the files concerned, and the caller formats those whole, which also
//! reports parse errors.

use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use super::printed::{Digest, Printed};

/// Less work than this (about 3 ms of formatting) is not worth one more thread (tens of
/// microseconds to start).
const MIN_BYTES_PER_THREAD: usize = 16 * 1024;

/// Items are handed out in runs of about this many bytes (a few milliseconds of printing)
/// to whichever thread is free. A fixed share per thread left one core idle for up to
/// 50 ms at the end of a big file, as bytes are not time.
const RUN_BYTES: usize = 32 * 1024;

/// Generated code nests only as deep as the spec's types do; `syn` and `prettyplease`
/// recurse once per level, so helper threads get a stack as generous as that could need.
const HELPER_STACK: usize = 64 * 1024 * 1024;

/// What [`unparse_all`] gives: each source printed (or `None`), and with known items, every item printed.
pub(super) type Unparsed = (Vec<Option<String>>, Option<Printed>);

/// Each source printed by prettyplease, or `None` for one that must be printed whole. The
/// items of all sources are shared out together, so a crate of many small files keeps
/// every core busy as well as one big file does. Items found in `known` are taken from it
/// instead of being printed again; with `known`, the result also holds every item of these
/// sources, printed, for the next run.
pub(super) fn unparse_all(sources: &[&str], known: Option<&Printed>) -> Unparsed {
    let items: Vec<(usize, &str)> =
        sources.iter().enumerate().flat_map(|(file, source)| split_items(source).into_iter().map(move |item| (file, item))).collect();
    let total: usize = items.iter().map(|(_, item)| item.len()).sum();
    let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = cores.min(total / MIN_BYTES_PER_THREAD).max(1);
    let indexed: Vec<(usize, &str)> = items.iter().enumerate().map(|(i, (_, item))| (i, *item)).collect();
    let runs = group_by_size(&indexed, total.div_ceil(RUN_BYTES).max(threads));
    let next_run = AtomicUsize::new(0);
    let print_runs = || {
        let mut done = Vec::new();
        while let Some(run) = runs.get(next_run.fetch_add(1, Ordering::Relaxed)) {
            done.extend(print_run(run, known));
        }
        done
    };
    let mut printed: Vec<Option<Done>> = (0..items.len()).map(|_| None).collect();
    thread::scope(|scope| {
        let helpers: Vec<_> = (0..threads).map(|_| thread::Builder::new().stack_size(HELPER_STACK).spawn_scoped(scope, print_runs)).collect();
        // A thread that could not start leaves its runs to the others; one that did not
        // finish leaves the items it took unprinted, so their files are printed whole.
        for helper in helpers {
            if let Some(done) = helper.ok().and_then(|h| h.join().ok()) {
                done.into_iter().for_each(|(i, item)| printed[i] = Some(item));
            }
        }
    });
    // Each printed item is freed once it is part of its file (or kept for the next run);
    // each file is allocated once, at its final size.
    let mut sizes = vec![0; sources.len()];
    for ((file, _), done) in items.iter().zip(&printed) {
        sizes[*file] += done.as_ref().and_then(|done| done.text.as_ref()).map_or(0, |t| t.len());
    }
    let mut out: Vec<String> = sizes.into_iter().map(String::with_capacity).collect();
    let mut failed = vec![false; sources.len()];
    let mut next = known.map(|_| Printed::default());
    for ((file, _), done) in items.iter().zip(printed) {
        match done {
            Some(Done { digest, text: Some(text) }) => {
                out[*file].push_str(&text);
                if let (Some(next), Some(digest)) = (next.as_mut(), digest) {
                    next.items.insert(digest, text.into_owned());
                }
            }
            _ => failed[*file] = true,
        }
    }
    (out.into_iter().zip(failed).map(|(text, failed)| (!failed).then_some(text)).collect(), next)
}

/// An item, printed (`None` if it does not parse alone) or taken as printed before, with
/// its source's digest when printed items are reused or asked for.
struct Done<'k> {
    digest: Option<Digest>,
    text: Option<Cow<'k, str>>,
}

/// The run's items (each with its index), each taken from `known` or parsed and printed,
/// one by one: only one item's syntax tree is alive at a time.
fn print_run<'k>(items: &[(usize, &str)], known: Option<&'k Printed>) -> Vec<(usize, Done<'k>)> {
    items
        .iter()
        .map(|&(i, item)| {
            let digest = known.map(|_| Digest::of(item));
            let text = match known.zip(digest).and_then(|(known, digest)| known.items.get(&digest)) {
                Some(text) => Some(Cow::Borrowed(text.as_str())),
                None => syn::parse_file(item).ok().map(|parsed| Cow::Owned(prettyplease::unparse(&parsed))),
            };
            (i, Done { digest, text })
        })
        .collect()
}

/// The line (from 1) where the first top-level item that does not parse on its own starts.
pub(super) fn first_unparsable_line(source: &str) -> Option<usize> {
    let mut offset = 0;
    for item in split_items(source) {
        if syn::parse_file(item).is_err() {
            let leading = item.len() - item.trim_start().len();
            return Some(source[..offset + leading].matches('\n').count() + 1);
        }
        offset += item.len();
    }
    None
}

/// Contiguous runs of items with about the same number of bytes each.
fn group_by_size<'a>(items: &'a [(usize, &'a str)], groups: usize) -> Vec<&'a [(usize, &'a str)]> {
    let total: usize = items.iter().map(|(_, item)| item.len()).sum();
    let target = total.div_ceil(groups.max(1));
    let mut out = Vec::with_capacity(groups);
    let (mut start, mut size) = (0, 0);
    for (i, (_, item)) in items.iter().enumerate() {
        if size >= target && out.len() + 1 < groups {
            out.push(&items[start..i]);
            (start, size) = (i, 0);
        }
        size += item.len();
    }
    out.push(&items[start..]);
    out
}

/// The source cut after every top-level item: after a `;` or a closing `}` (with the `;`
/// that may follow it) at bracket depth 0. Leading inner attributes and doc comments stay
/// with the first item, outer ones with the item they precede; text after the last item
/// goes with it.
fn split_items(source: &str) -> Vec<&str> {
    let b = source.as_bytes();
    let mut items = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        let end_of_item = match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(b, i);
                continue;
            }
            b'"' => {
                i = skip_string(b, i + 1);
                continue;
            }
            b'r' if starts_raw_string(b, i) => {
                i = skip_raw_string(b, i + 1);
                continue;
            }
            b'\'' => {
                i = skip_char_or_lifetime(source, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                false
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                false
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let after = i + 1 + b[i + 1..].iter().take_while(|c| c.is_ascii_whitespace()).count();
                    if b.get(after) == Some(&b';') {
                        i = after;
                    }
                }
                depth == 0
            }
            b';' => depth == 0,
            _ => false,
        };
        i += 1;
        if end_of_item {
            items.push(&source[start..i]);
            start = i;
        }
    }
    if start < source.len() {
        match items.pop() {
            Some(last) => items.push(&source[start - last.len()..]),
            None => items.push(source),
        }
    }
    items
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut at = from;
    while let Some(p) = b.get(at..)?.iter().position(|&c| c == first) {
        let start = at + p;
        if b[start + 1..].starts_with(rest) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Block comments nest in Rust.
fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut open = 0usize;
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            open += 1;
            i += 2;
        } else if b[i..].starts_with(b"*/") {
            open -= 1;
            i += 2;
            if open == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// From just after the opening quote to just after the closing one.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while let Some(p) = b.get(i..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
        match b[i + p] {
            b'\\' => i += p + 2,
            _ => return i + p + 1,
        }
    }
    b.len()
}

/// `r"`, `r#"`, `br"`…, but not a raw identifier (`r#type`) or an identifier ending in `r`.
fn starts_raw_string(b: &[u8], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map(|p| b[p]);
    let is_ident = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    let prefix_ok = !is_ident(before(1)) || (before(1) == Some(b'b') && !is_ident(before(2)));
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    prefix_ok && b.get(i + 1 + hashes) == Some(&b'"')
}

/// From just after the `r` to just after the closing quote and its hashes.
fn skip_raw_string(b: &[u8], i: usize) -> usize {
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    find(b, i + hashes + 1, &close).map_or(b.len(), |p| p + close.len())
}

/// A char literal (`'x'`, `'\n'`, `'\u{7f}'`, `'{'`) is skipped whole; a lifetime (`'a`)
/// only by its quote.
fn skip_char_or_lifetime(source: &str, i: usize) -> usize {
    let b = source.as_bytes();
    if b.get(i + 1) == Some(&b'\\') {
        return find(b, i + 3, b"'").map_or(b.len(), |p| p + 1);
    }
    let Some(c) = source.get(i + 1..).and_then(|rest| rest.chars().next()) else {
        return i + 1;
    };
    let after = i + 1 + c.len_utf8();
    if b.get(after) == Some(&b'\'') { after + 1 } else { i + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_after_each_top_level_item_and_keeps_docs_with_the_next() {
        let source = "//! Crate docs.\n#![allow(x)]\nuse a::{b, c};\n/// Docs.\npub struct A { f: [u8; 4] }\nconst C: A = A { f: [0; 4] };\nfn f<'a>(x: &'a str) -> char { '}' }\n// trailing";
        let items = split_items(source);
        assert_eq!(
            items,
            [
                "//! Crate docs.\n#![allow(x)]\nuse a::{b, c};",
                "\n/// Docs.\npub struct A { f: [u8; 4] }",
                "\nconst C: A = A { f: [0; 4] };",
                "\nfn f<'a>(x: &'a str) -> char { '}' }\n// trailing",
            ]
        );
        assert_eq!(items.concat(), source);
    }

    #[test]
    fn find_finds_the_first_match_from_an_offset() {
        assert_eq!(find(b"a\"#x\"#\"#", 0, b"\"#"), Some(1));
        assert_eq!(find(b"a\"#x\"#\"#", 2, b"\"#"), Some(4));
        assert_eq!(find(b"abc", 0, b"\n"), None);
        assert_eq!(find(b"abc", 3, b"c"), None);
        assert_eq!(find(b"ab", 0, b""), None);
    }

    #[test]
    fn brackets_inside_literals_and_comments_do_not_count() {
        let source = "fn a() { let _ = \"}\\\"{\"; /* } /* { */ } */ let _ = r#\"}\"#; let _ = '\\''; } // {\nfn b() {}";
        let items = split_items(source);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].ends_with("; }"), "{items:?}");
        assert_eq!(items[1], " // {\nfn b() {}");
    }

    fn whole(source: &str) -> String {
        prettyplease::unparse(&syn::parse_file(source).unwrap())
    }

    #[test]
    fn printing_item_by_item_matches_printing_the_whole_file() {
        let source = "#![allow(dead_code)]\n/// A.\n#[derive(Debug)] pub struct A { x: u32 }\nimpl A { pub fn new() -> Self { Self { x: 1 } } const B: u8 = 2; }\nmacro_rules! m { () => {}; }\nm!();\nenum E { V(u8), W { y: String } }";
        let other = "//! Other.\nuse std::fmt;\nfn f() -> fmt::Result { Ok(()) }";
        assert_eq!(unparse_all(&[source, other], None).0, [Some(whole(source)), Some(whole(other))]);
        let items: Vec<(usize, &str)> = split_items(source).into_iter().enumerate().collect();
        for groups in 1..5 {
            let printed: Option<String> =
                group_by_size(&items, groups).iter().flat_map(|group| print_run(group, None)).map(|(_, item)| item.text).collect();
            assert_eq!(printed, Some(whole(source)), "{groups} groups");
        }
    }

    #[test]
    fn groups_cover_every_item_once_in_order() {
        let items: Vec<(usize, &str)> = ["a;", "bb;", "ccc;", "d;", "ee;"].into_iter().enumerate().collect();
        for groups in 1..7 {
            let cut = group_by_size(&items, groups);
            assert!(cut.len() <= groups.max(1), "{groups}: {cut:?}");
            assert_eq!(cut.concat(), items, "{groups} groups");
        }
    }

    #[test]
    fn a_source_that_does_not_parse_is_left_to_the_caller_and_only_it() {
        let broken = "fn a() {} fn b( {}";
        let fine = "fn c() {}";
        assert_eq!(unparse_all(&[broken, fine], None).0, [None, Some(whole(fine))]);
    }

    #[test]
    fn known_items_are_reused_and_the_output_is_the_same() {
        let first = "/// A.\npub struct A { x: u32 }\nfn f() -> u8 { 1 }";
        let (cold, printed) = unparse_all(&[first], Some(&Printed::default()));
        let printed = printed.expect("asked for");
        assert_eq!(printed.len(), 2);
        assert_eq!(cold, [Some(whole(first))]);
        // One item changed: the other comes from `printed`, and only the new one is added.
        let second = "/// A.\npub struct A { x: u32 }\nfn f() -> u16 { 2 }";
        let (warm, next) = unparse_all(&[second], Some(&printed));
        assert_eq!(warm, [Some(whole(second))]);
        assert_eq!(next.expect("asked for").len(), 2);
        // A known item is really taken from the set: a doctored entry shows up in the output.
        let mut doctored = printed.clone();
        let key = Digest::of("/// A.\npub struct A { x: u32 }");
        doctored.items.insert(key, "struct Doctored;\n".to_string());
        assert_eq!(unparse_all(&[first], Some(&doctored)).0, [Some(format!("struct Doctored;\n{}", whole("fn f() -> u8 { 1 }")))]);
    }

    #[test]
    fn a_parse_error_is_placed_at_the_line_its_item_starts() {
        let source = "fn a() {}\n\n/// Docs.\nfn b() {\n    let x = ;\n}\nfn c() {}\n";
        assert_eq!(first_unparsable_line(source), Some(3));
        assert_eq!(first_unparsable_line("fn a() {}\nfn b() {}"), None);
    }
}
