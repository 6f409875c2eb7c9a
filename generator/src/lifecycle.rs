//! Regeneration over time: what a crate was generated as last time, what changed since, the
//! version that makes, and the changelog entry that says so.
//!
//! Each generated crate carries its state in files the generator owns:
//! - `.codegen/api.json` ([`Record`]): the version and the API [`Surface`] of the output;
//! - `CHANGELOG.md`: one entry per version, newest first.
//!
//! and one file that only `cargo xtask publish --execute` writes:
//! - `.codegen/published.json` ([`Published`]): the last version uploaded, with a digest of
//!   the files it was made of.
//!
//! Versions move relative to the last *published* one: regenerating twice between two
//! releases refines one pending version and one changelog entry instead of bumping twice,
//! and a crate that was never published stays at its initial version (`x-codegen.version`),
//! whatever changes before its first release. Everything here is a function of the spec,
//! those files and the options, so the same inputs give byte-identical output.

use std::path::Path;

pub use semver::Version;
use serde::{Deserialize, Serialize};

use crate::ir;
use crate::changelog::{Changelog, Entry};
use crate::diff::{self, Change, Level, Surface};
use crate::error::{Error, Result};
use crate::lower;
use crate::render::{self, Printed, RenderedCrate, RenderedFile};

/// The generator's record of what it generated (owned, rewritten on every change).
pub const RECORD: &str = ".codegen/api.json";
/// What was last published (written only by `cargo xtask publish --execute`).
pub const PUBLISHED: &str = ".codegen/published.json";
pub const CHANGELOG: &str = "CHANGELOG.md";

/// `.codegen/api.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub version: String,
    pub api: Surface,
}

/// `.codegen/published.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    pub version: String,
    /// [`files_digest`] of the crate directory when it was published.
    pub files: String,
}

/// A version bump chosen by hand instead of by the classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    Major,
    Minor,
    Patch,
    /// Record the changes without moving the version.
    Keep,
}

impl std::str::FromStr for Bump {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "major" => Ok(Bump::Major),
            "minor" => Ok(Bump::Minor),
            "patch" => Ok(Bump::Patch),
            "none" => Ok(Bump::Keep),
            other => Err(format!("`{other}` is not a bump (major, minor, patch or none)")),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// The date of a new changelog entry, `YYYY-MM-DD`.
    pub date: String,
    /// Overrides the bump the changes call for.
    pub bump: Option<Bump>,
}

/// The outcome of regenerating one crate.
#[derive(Debug, Clone)]
pub struct Regenerated {
    /// Every file the generator owns, the changelog and the record included.
    pub krate: RenderedCrate,
    /// The version recorded before, if the crate had been generated before.
    pub previous: Option<String>,
    pub version: String,
    /// What changed since the previous generation, breaking first.
    pub changes: Vec<Change>,
    /// The crate's Rust items, printed, when [`regenerate_reusing`] was asked for them.
    pub printed: Option<Printed>,
}

/// Generates a crate for `dir` from its lowered form, deciding its version and changelog
/// from the state found there. Only the IR is needed (the version is set on it here), so a
/// caller can free the loaded spec before anything is rendered.
pub fn regenerate(krate: ir::Crate, spec_file: &str, dir: &Path, options: &Options) -> Result<Regenerated> {
    regenerate_reusing(krate, spec_file, dir, options, None)
}

/// [`regenerate`], reusing the printed items of an earlier run (see [`Printed`]) and
/// returning this run's in [`Regenerated::printed`].
pub fn regenerate_reusing(mut krate: ir::Crate, spec_file: &str, dir: &Path, options: &Options, known: Option<&Printed>) -> Result<Regenerated> {
    let initial = Version::parse(&krate.package.version).map_err(|e| Error::Bug {
        file: spec_file.to_string(),
        message: format!("the lowered version `{}` is not a semantic version: {e}", krate.package.version),
    })?;
    let previous = read_record(dir)?;
    let published = read_published(dir)?;

    // A render made to compare with disk is reused when the version does not move, which is
    // the common case (regenerating an unchanged API), so each run renders once. Versions
    // are set on `krate` itself before each render: no copy of the IR is made.
    let mut rendered_at: Option<(Version, RenderedCrate)> = None;
    let mut printed = known.map(|_| Printed::default());
    let mut render = |krate: &ir::Crate| -> Result<RenderedCrate> {
        let (rendered, next) = render::render_crate_reusing(krate, spec_file, known)?;
        if let (Some(all), Some(next)) = (printed.as_mut(), next) {
            all.merge(next);
        }
        Ok(rendered)
    };
    // The version, the changes, the changelog and the record (`.codegen/api.json`).
    let (version, changes, log, record) = match &previous {
        None => {
            // A crate without a record keeps its initial version, known before anything is
            // rendered: it renders while its API surface is worked out and written down
            // (for a big spec, as long as 30 ms of printing).
            lower::set_version(&mut krate.package, &initial.to_string());
            let surface = || to_json(&Record { version: initial.to_string(), api: Surface::of(&krate) });
            let (record, rendered) = crate::parallel::join(surface, || render(&krate));
            rendered_at = Some((initial.clone(), rendered?));
            let mut log = read_changelog(dir);
            log.prepend(Entry { version: initial.to_string(), date: options.date.clone(), lines: vec!["Initial release.".to_string()] });
            (initial.clone(), Vec::new(), log, record)
        }
        Some((record, before)) => {
            let api = Surface::of(&krate);
            let mut changes = diff::diff(&record.api, &api);
            if changes.is_empty() {
                lower::set_version(&mut krate.package, &before.to_string());
                let rendered = render(&krate)?;
                if differs_from_disk(dir, &rendered) {
                    changes.push(Change::regenerated());
                }
                rendered_at = Some((before.clone(), rendered));
            }
            changes.sort_by_key(|c| std::cmp::Reverse(c.level()));
            let published = published.as_ref().map(|(_, v)| v);
            let version = next_version(before, published, &initial, diff::level(&changes), options.bump);
            let log = next_changelog(read_changelog(dir), before, published, &version, &changes, &options.date);
            let record = to_json(&Record { version: version.to_string(), api });
            (version, changes, log, record)
        }
    };

    let mut rendered = match rendered_at {
        Some((at, rendered)) if at == version => rendered,
        _ => {
            lower::set_version(&mut krate.package, &version.to_string());
            render(&krate)?
        }
    };
    rendered.files.push(RenderedFile { path: CHANGELOG.to_string(), contents: log.render(&krate.package.name) });
    rendered.files.push(RenderedFile { path: RECORD.to_string(), contents: record });
    Ok(Regenerated {
        krate: rendered,
        previous: previous.map(|(r, _)| r.version),
        version: version.to_string(),
        changes,
        printed,
    })
}

/// Adds to `known` the Rust files of the crate in `dir` that are still as its record of
/// printed files says they were printed (see [`Printed::add_files`]), so a regeneration
/// with [`regenerate_reusing`] takes them as they are. A crate without a record adds nothing.
pub fn add_printed_files(known: &mut Printed, dir: &Path) {
    if let Ok(record) = std::fs::read_to_string(dir.join(render::PRINTED_RECORD)) {
        known.add_files(&record, |path| std::fs::read_to_string(dir.join(path)).ok());
    }
}

/// The version after a regeneration, from the version recorded `before`, the last
/// `published` one, the `initial` version of the spec (`x-codegen.version`, also a floor)
/// and the largest change since `before`.
///
/// A version already published gets a new one by the change's level; an unpublished bump
/// grows only if the new change calls for more than it already has; a crate never
/// published keeps its initial version. `bump` replaces the computed step, from the last
/// published version (or the initial one), so repeating it does not bump again.
pub fn next_version(before: &Version, published: Option<&Version>, initial: &Version, level: Option<Level>, bump: Option<Bump>) -> Version {
    let released = published.is_some_and(|p| p >= before);
    let version = match (bump, level) {
        (Some(Bump::Keep), _) | (None, None) => before.clone(),
        (Some(bump), _) => step(if released { before } else { published.unwrap_or(initial) }, bump),
        (None, Some(level)) if released => step(before, bump_for(before, level)),
        (None, Some(level)) => match published {
            Some(published) => before.clone().max(step(published, bump_for(published, level))),
            None => before.clone(),
        },
    };
    version.max(initial.clone())
}

/// The bump a change of `level` calls for. Cargo's reading of semver: while the major
/// version is 0 the minor version is the breaking one, and `0.0.x` changes every time.
pub fn bump_for(version: &Version, level: Level) -> Bump {
    match (version.major, version.minor, level) {
        (0, 0, _) => Bump::Patch,
        (0, _, Level::Breaking) => Bump::Minor,
        (0, _, _) => Bump::Patch,
        (_, _, Level::Breaking) => Bump::Major,
        (_, _, Level::Additive) => Bump::Minor,
        (_, _, Level::Patch) => Bump::Patch,
    }
}

fn step(version: &Version, bump: Bump) -> Version {
    match bump {
        Bump::Major => Version::new(version.major + 1, 0, 0),
        Bump::Minor => Version::new(version.major, version.minor + 1, 0),
        // A pre-release (`1.0.0-rc.1`) is released as itself (`1.0.0`).
        Bump::Patch if !version.pre.is_empty() => Version::new(version.major, version.minor, version.patch),
        Bump::Patch => Version::new(version.major, version.minor, version.patch + 1),
        Bump::Keep => version.clone(),
    }
}

/// The changelog after a regeneration from `before` to `version`.
///
/// A new version after a published one gets a new entry. While a version is pending (not
/// published yet) its entry collects the changes of every regeneration; before the first
/// release that entry stays `Initial release.`. The date moves only when the entry does.
pub fn next_changelog(mut log: Changelog, before: &Version, published: Option<&Version>, version: &Version, changes: &[Change], date: &str) -> Changelog {
    if changes.is_empty() && version == before {
        return log;
    }
    let released = published.is_some_and(|p| p >= before);
    let mut lines: Vec<String> = changes.iter().map(Change::text).collect();
    lines.dedup();
    let pending = log.top.as_mut().filter(|top| !released && top.version == before.to_string());
    match pending {
        Some(top) => {
            let mut updated = top.clone();
            updated.version = version.to_string();
            if published.is_some() {
                updated.lines.extend(lines.into_iter().filter(|l| !top.lines.contains(l)));
                updated.lines.sort_by_key(|l| !l.starts_with("Breaking:"));
            }
            if updated != *top {
                updated.date = date.to_string();
                *top = updated;
            }
        }
        None if version == before => {}
        None => {
            if lines.is_empty() {
                lines.push("Version raised; the API is unchanged.".to_string());
            }
            log.prepend(Entry { version: version.to_string(), date: date.to_string(), lines });
        }
    }
    log
}

/// Whether the files on disk differ from a rendering (the changelog and records aside: the
/// record of printed files changes with the templates' source even when no output does).
fn differs_from_disk(dir: &Path, rendered: &RenderedCrate) -> bool {
    let changed = rendered
        .files
        .iter()
        .filter(|f| f.path != render::PRINTED_RECORD)
        .any(|f| std::fs::read_to_string(dir.join(&f.path)).ok().as_deref() != Some(f.contents.as_str()));
    let dropped = crate::output::owned_before(dir)
        .iter()
        .any(|path| ![crate::output::MANIFEST, RECORD, CHANGELOG].contains(&path.as_str()) && rendered.file(path).is_none());
    changed || dropped
}

fn read_changelog(dir: &Path) -> Changelog {
    let owned = crate::output::owned_before(dir).iter().any(|p| p == CHANGELOG);
    std::fs::read_to_string(dir.join(CHANGELOG)).map(|text| Changelog::parse(&text, owned)).unwrap_or_default()
}

/// The record in `dir` with its parsed version, if there is one.
pub fn read_record(dir: &Path) -> Result<Option<(Record, Version)>> {
    let Some(record): Option<Record> = read_json(&dir.join(RECORD))? else { return Ok(None) };
    let version = parse_version(&dir.join(RECORD), &record.version)?;
    Ok(Some((record, version)))
}

/// The published state in `dir`, if the crate was ever published.
pub fn read_published(dir: &Path) -> Result<Option<(Published, Version)>> {
    let Some(published): Option<Published> = read_json(&dir.join(PUBLISHED))? else { return Ok(None) };
    let version = parse_version(&dir.join(PUBLISHED), &published.version)?;
    Ok(Some((published, version)))
}

/// Records that the crate in `dir`, as it is on disk now, has been published.
pub fn record_published(dir: &Path) -> Result<Published> {
    let (record, _) = read_record(dir)?.ok_or_else(|| Error::spec(&dir.join(RECORD), "#", "the crate has no generation record", "run `cargo xtask codegen` first"))?;
    let published = Published { version: record.version, files: files_digest(dir)? };
    let path = dir.join(PUBLISHED);
    std::fs::write(&path, to_json(&published)).map_err(|source| Error::Io { path, source })?;
    Ok(published)
}

/// Where a crate stands against its last publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishState {
    NeverPublished,
    /// The version moved past the published one.
    Bumped { published: String },
    /// Exactly what was published: nothing to do.
    AlreadyPublished,
    /// The files changed since `published` but the version did not move past it.
    NotBumped { published: String },
}

/// Compares the crate in `dir` with its last publication.
pub fn publish_state(dir: &Path) -> Result<PublishState> {
    let Some((published, published_version)) = read_published(dir)? else { return Ok(PublishState::NeverPublished) };
    let version = read_record(dir)?.map(|(_, v)| v);
    Ok(match version {
        Some(v) if v > published_version => PublishState::Bumped { published: published.version },
        Some(v) if v == published_version && files_digest(dir)? == published.files => PublishState::AlreadyPublished,
        _ => PublishState::NotBumped { published: published.version },
    })
}

/// A digest of every file the generator owns in `dir` (paths and contents), the record of
/// printed files aside (it says how the files were made, not what they are).
pub fn files_digest(dir: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    let mut owned = crate::output::owned_before(dir);
    owned.retain(|path| path != render::PRINTED_RECORD);
    owned.sort();
    for path in owned {
        let full = dir.join(&path);
        let contents = std::fs::read(&full).map_err(|source| Error::Io { path: full, source })?;
        bytes.extend_from_slice(path.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&(contents.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&contents);
    }
    Ok(format!("fnv1a64:{:016x}", diff::fnv1a(&bytes)))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Io { path: path.to_path_buf(), source }),
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map(Some).map_err(|e| {
        let pointer = format!("#/{}", e.path().to_string().replace('.', "/"));
        Error::spec(path, &pointer, format!("unreadable: {}", e.inner()), "restore it from version control (it is written by `cargo xtask`)")
    })
}

fn parse_version(path: &Path, text: &str) -> Result<Version> {
    Version::parse(text).map_err(|e| Error::spec(path, "#/version", format!("`{text}` is not a semantic version: {e}"), "restore it from version control"))
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
