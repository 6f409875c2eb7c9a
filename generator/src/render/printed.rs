//! The printing cache: Rust printed before, taken instead of being parsed and printed again.
//!
//! Two levels, both keyed by a digest of the source the templates wrote:
//! - whole files: every crate carries `.codegen/printed` ([`record`]), per Rust file the
//!   digest of its source (with the printer's version) and of its contents; a file whose
//!   source and contents both still match is taken from disk as it is;
//! - items: the items of an earlier run ([`Printed::to_bytes`]), which the caller keeps
//!   (the xtask under `target/codegen-printed/`, stamped with its build), so an edited file
//!   prints only the items that changed.
//!
//! The output is byte-identical with or without either (`tests/freshness.rs` renders from
//! nothing and compares with `generated/`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use sha2::{Digest as _, Sha256};

/// The version of the printer: everything in `render/` that turns a template's output into
/// a file (`format.rs` cutting and putting together items, `finish.rs` adding the header and
/// blank lines). It is part of the digest of every file's source in the committed record of
/// printed files, so bump it with any change there that changes how some source prints, and
/// regenerate: files printed before are then printed again. Forgetting is caught: the
/// record would keep the old files, and `tests/freshness.rs`, which prints everything, would
/// find them stale. A change that prints nothing differently (a comment, a faster way to the
/// same bytes) leaves it, and the committed crates, alone.
pub(super) const PRINTER_VERSION: u32 = 1;

/// The crates that parse and print the Rust, at their locked versions (a test holds this
/// to `Cargo.lock`, so a dependency update cannot slip past it).
const PRINTER_CRATES: &str = "prettyplease 0.3.0, proc-macro2 1.0.107, syn 3.0.9";

/// Everything that decides how a source prints, as one digest.
static PRINTER: LazyLock<Digest> =
    LazyLock::new(|| Digest::of_parts(&[b"printer", &PRINTER_VERSION.to_le_bytes(), PRINTER_CRATES.as_bytes()]));

/// The digest that names a Rust file's source, as the templates wrote it, printed by this printer.
pub(super) fn source_digest(source: &str) -> Digest {
    Digest::of_parts(&[PRINTER.bytes(), source.as_bytes()])
}

/// Rust already printed, by a digest of its source text: items printed by an earlier run
/// (kept between runs by the caller; the xtask keeps them under `target/`), and whole files
/// as they are on disk (see [`Printed::add_files`]). Formatting is a pure function of the
/// source, so source whose text is unchanged need not be parsed and printed again:
/// regenerating after a small spec edit prints only the items the edit touched, and
/// regenerating an unchanged crate prints nothing. The output is byte-identical either way
/// (tested). Items are only valid for the generator build that printed them, which the
/// caller's file name or header must make sure of; files carry `PRINTER_VERSION` in the
/// digest of their source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    pub(super) items: BTreeMap<Digest, String>,
    /// Whole files, header and blank lines included, by [`super::finish::source_digest`].
    /// They are read from the crate's directory on each run, so never saved with the items.
    files: BTreeMap<Digest, String>,
}

/// A SHA-256 digest. It is the same on every machine and toolchain, which the record of
/// printed files needs (it is committed with each crate), and it takes about a millisecond
/// for all of a crate's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Digest([u8; 32]);

impl Digest {
    pub(super) fn of(text: &str) -> Digest {
        Digest(Sha256::digest(text.as_bytes()).into())
    }

    /// Of several parts, each length-prefixed so no two lists of parts digest alike.
    pub(super) fn of_parts(parts: &[&[u8]]) -> Digest {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        Digest(hasher.finalize().into())
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.0
    }

    pub(super) fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn from_hex(text: &str) -> Option<Digest> {
        let mut bytes = [0; 32];
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(Digest(bytes))
    }
}

const PRINTED_MAGIC: &[u8] = b"openapi-rust-codegen printed items v2\n";

/// The first lines of a crate's record of printed files ([`record`]).
const RECORD_HEADER: &str = "\
# How each Rust file of this crate was printed, for `cargo xtask codegen`: the SHA-256 of
# the source the templates wrote (with the printer's identity) and of the file. While both
# still match, the file is taken as it is instead of being printed again.
";

/// A crate's record of printed files: per Rust file, its path, the digest of its source
/// ([`super::finish::source_digest`]) and the digest of its contents. Read back by
/// [`Printed::add_files`].
pub(super) fn record(files: &[(&str, Digest, &str)]) -> String {
    let mut out = String::from(RECORD_HEADER);
    for (path, source, contents) in files {
        out.push_str(&format!("{path} {} {}\n", source.hex(), Digest::of(contents).hex()));
    }
    out
}

impl Printed {
    /// The number of items (files aside).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether both hold the same items (files aside).
    pub fn same_items(&self, other: &Printed) -> bool {
        self.items == other.items
    }

    /// Both sets' items and files (`other`'s win on a clash, which cannot differ anyway).
    pub fn merge(&mut self, other: Printed) {
        self.items.extend(other.items);
        self.files.extend(other.files);
    }

    pub(super) fn file(&self, source: &Digest) -> Option<&str> {
        self.files.get(source).map(String::as_str)
    }

    /// Adds the files of a crate that its record of printed files (`.codegen/printed`,
    /// written with every crate) lists, each as `read` finds it, when its contents are still
    /// the ones printed. A file edited by hand, a line that does not parse or a path that
    /// leaves the crate adds nothing: that file is printed again.
    pub fn add_files(&mut self, record: &str, read: impl Fn(&str) -> Option<String>) {
        for line in record.lines().filter(|line| !line.starts_with('#')) {
            let fields: Vec<&str> = line.split(' ').collect();
            let [path, source, contents] = fields[..] else { continue };
            let (Some(source), Some(contents_digest)) = (Digest::from_hex(source), Digest::from_hex(contents)) else { continue };
            if path.is_empty() || path.starts_with('/') || path.split(['/', '\\']).any(|part| part == "..") {
                continue;
            }
            if let Some(text) = read(path).filter(|text| Digest::of(text) == contents_digest) {
                self.files.insert(source, text);
            }
        }
    }

    /// A compact binary form of the items: a magic line, then per item its digest, length
    /// and text.
    pub fn to_bytes(&self) -> Vec<u8> {
        let size: usize = self.items.values().map(|t| t.len() + 36).sum();
        let mut out = Vec::with_capacity(PRINTED_MAGIC.len() + size);
        out.extend_from_slice(PRINTED_MAGIC);
        for (Digest(digest), text) in &self.items {
            out.extend_from_slice(digest);
            out.extend_from_slice(&u32::try_from(text.len()).unwrap_or(u32::MAX).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        out
    }

    /// `None` for anything [`Printed::to_bytes`] did not write (a truncated or foreign
    /// file is ignored, never trusted in part).
    pub fn from_bytes(bytes: &[u8]) -> Option<Printed> {
        let mut rest = bytes.strip_prefix(PRINTED_MAGIC)?;
        let mut items = BTreeMap::new();
        while !rest.is_empty() {
            let (head, tail) = rest.split_at_checked(36)?;
            let digest = Digest(head[0..32].try_into().ok()?);
            let len = u32::from_le_bytes(head[32..36].try_into().ok()?) as usize;
            let (text, tail) = tail.split_at_checked(len)?;
            items.insert(digest, std::str::from_utf8(text).ok()?.to_string());
            rest = tail;
        }
        Some(Printed { items, files: BTreeMap::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_items_survive_bytes_and_damage_is_refused() {
        let mut printed = Printed::default();
        printed.items.insert(Digest::of("fn f() {}"), "fn f() {}\n".to_string());
        printed.items.insert(Digest::of("struct S;"), "struct S;\n".to_string());
        let bytes = printed.to_bytes();
        assert_eq!(Printed::from_bytes(&bytes), Some(printed));
        assert_eq!(Printed::from_bytes(&bytes[..bytes.len() - 1]), None, "truncated");
        assert_eq!(Printed::from_bytes(b"something else"), None, "foreign");
        assert_eq!(Printed::from_bytes(PRINTED_MAGIC), Some(Printed::default()));
    }

    #[test]
    fn files_are_taken_only_while_their_contents_are_the_ones_recorded() {
        let (a, b) = (Digest::of("source a"), Digest::of("source b"));
        let record = record(&[("src/a.rs", a, "printed a\n"), ("src/b.rs", b, "printed b\n")]);
        assert!(record.starts_with('#') && record.lines().filter(|l| !l.starts_with('#')).count() == 2, "{record}");
        let read = |edited: &'static str| {
            move |path: &str| match path {
                "src/a.rs" => Some("printed a\n".to_string()),
                "src/b.rs" => Some(edited.to_string()),
                _ => None,
            }
        };
        let mut known = Printed::default();
        known.add_files(&record, read("printed b\n"));
        assert_eq!((known.file(&a), known.file(&b)), (Some("printed a\n"), Some("printed b\n")));
        // Edited by hand since it was printed: printed again.
        let mut known = Printed::default();
        known.add_files(&record, read("printed b, edited\n"));
        assert_eq!((known.file(&a), known.file(&b)), (Some("printed a\n"), None));
        // Files are never saved with the items.
        assert_eq!(Printed::from_bytes(&known.to_bytes()), Some(Printed::default()));
    }

    #[test]
    fn a_damaged_record_or_a_path_out_of_the_crate_adds_nothing() {
        let digest = Digest::of("source");
        let contents = Digest::of("text").hex();
        let read_anything = |_: &str| Some("text".to_string());
        for line in [
            format!("../outside.rs {} {contents}", digest.hex()),
            format!("/etc/outside.rs {} {contents}", digest.hex()),
            format!("src/a.rs {} {contents} extra", digest.hex()),
            format!("src/a.rs {} {contents}", &digest.hex()[1..]),
            format!("src/a.rs {}zz {}", &digest.hex()[2..], contents),
            format!("src/a.rs {contents}"),
        ] {
            let mut known = Printed::default();
            known.add_files(&line, read_anything);
            assert_eq!(known.file(&digest), None, "{line}");
        }
        let mut known = Printed::default();
        known.add_files(&format!("src/a.rs {} {contents}", digest.hex()), read_anything);
        assert_eq!(known.file(&digest), Some("text"), "the same line, undamaged");
    }

    #[test]
    fn digests_read_back_from_hex_and_parts_do_not_run_together() {
        let digest = Digest::of("x");
        assert_eq!(Digest::from_hex(&digest.hex()), Some(digest));
        assert_eq!(digest.hex().len(), 64);
        assert_ne!(Digest::of_parts(&[b"ab", b"c"]), Digest::of_parts(&[b"a", b"bc"]));
    }


    /// The `[[package]]` entries of the workspace's `Cargo.lock`: (name, version, dependencies).
    fn locked() -> Vec<(String, String, Vec<String>)> {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock")).expect("the workspace has a Cargo.lock");
        let field = |block: &str, key: &str| block.lines().find_map(|l| l.strip_prefix(&format!("{key} = \""))?.strip_suffix('"').map(str::to_string));
        lock.split("[[package]]")
            .skip(1)
            .map(|block| {
                let deps = block.split_once("dependencies = [").map_or(Vec::new(), |(_, rest)| {
                    rest.split(']').next().unwrap_or("").split(',').map(|d| d.trim().trim_matches('"').to_string()).filter(|d| !d.is_empty()).collect()
                });
                (field(block, "name").unwrap_or_default(), field(block, "version").unwrap_or_default(), deps)
            })
            .collect()
    }

    #[test]
    fn printer_crates_are_the_locked_versions() {
        let packages = locked();
        let version_of = |dep: &str| -> String {
            // A dependency is named `name` when one version is locked, `name version` when several are.
            let (name, version) = dep.split_once(' ').unwrap_or((dep, ""));
            let found: Vec<_> = packages.iter().filter(|(n, v, _)| n == name && (version.is_empty() || v == version)).collect();
            assert_eq!(found.len(), 1, "{dep} in Cargo.lock");
            format!("{name} {}", found[0].1)
        };
        let printer = packages.iter().find(|(name, _, _)| name == "prettyplease").expect("prettyplease is locked");
        let mut crates = vec![format!("prettyplease {}", printer.1)];
        let mut deps: Vec<String> = printer.2.iter().map(|d| version_of(d)).collect();
        deps.sort();
        crates.extend(deps);
        assert_eq!(
            PRINTER_CRATES,
            crates.join(", "),
            "the printing crates changed: update PRINTER_CRATES, then run `cargo xtask codegen` (files printed before are printed again)"
        );
    }

    #[test]
    fn the_source_digest_names_the_printer_and_the_source() {
        assert_eq!(source_digest("fn a() {}"), source_digest("fn a() {}"));
        assert_ne!(source_digest("fn a() {}"), source_digest("fn b() {}"));
        assert_ne!(source_digest("fn a() {}"), Digest::of_parts(&[b"fn a() {}"]), "the printer is part of it");
    }
}
