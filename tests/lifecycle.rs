//! Regenerating when an API changes: classification, versions, changelogs and publishing.
//!
//! - Change classes: `fixtures/lifecycle/base.yaml` is generated and recorded as published,
//!   then regenerated from one fixture per class of change; each test asserts the level of
//!   every change, the version step (before and after 1.0) and the changelog entry
//!   (snapshots in `snapshots/lifecycle__*.snap`).
//! - Version rules between releases, idempotence, `--bump`, the published state, and a
//!   corrupt record.
//! - End to end: the workspace copied into `target/e2e/workspace`, specs edited, the real
//!   `cargo xtask` run in the copy; then its versions, changelogs, `--check`, `publish`'s
//!   refusal, and `cargo check --workspace` of the copy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::diff::Level;
use generator::lifecycle::{self, Bump, Options, PublishState, Regenerated, Version};
use generator::load::Spec;
use integration_tests::{SPECS, workspace_root};

#[path = "support/workspace_copy.rs"]
mod workspace_copy;

const DATE: &str = "2024-05-01";

/// A crate directory under the system temp dir, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("lifecycle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A lifecycle fixture whose initial version (`x-codegen.version`) is `version`.
fn fixture(name: &str, version: &str) -> Spec {
    let path = workspace_root().join("tests/fixtures/lifecycle").join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).expect("read fixture").replace("version: 0.1.0", &format!("version: {version}"));
    generator::load::load_str(&path, &text).unwrap_or_else(|e| panic!("{e}"))
}

fn lower(spec: &Spec) -> generator::ir::Crate {
    generator::lower::lower(spec, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn regenerate(dir: &Path, spec: &Spec, bump: Option<Bump>, date: &str) -> Regenerated {
    let options = Options { date: date.to_string(), bump };
    lifecycle::regenerate(lower(spec), "spec.yaml", dir, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// Regenerates `dir` from `spec` and writes the result, as `cargo xtask codegen` does.
fn codegen(dir: &Path, spec: &Spec, bump: Option<Bump>) -> Regenerated {
    let regenerated = regenerate(dir, spec, bump, DATE);
    generator::output::apply(&[generator::output::plan(dir, &regenerated.krate)]).expect("write the crate");
    regenerated
}

/// Generates `base.yaml` at `version`, records it as published, then regenerates from `name`.
fn release_then(name: &str, version: &str) -> (Scratch, Regenerated) {
    let dir = Scratch::new(&format!("{name}-{version}"));
    codegen(&dir.0, &fixture("base", version), None);
    lifecycle::record_published(&dir.0).expect("record the release");
    let regenerated = codegen(&dir.0, &fixture(name, version), None);
    (dir, regenerated)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The newest entry of a crate's changelog.
fn newest_entry(dir: &Path) -> String {
    let log = read(&dir.join("CHANGELOG.md"));
    let entry = &log[log.find("\n## [").expect("the changelog has an entry") + 1..];
    let end = entry[1..].find("\n## [").map_or(entry.len(), |i| i + 2);
    format!("{}\n", entry[..end].trim_end())
}

fn cargo_version(dir: &Path) -> String {
    let manifest = read(&dir.join("Cargo.toml"));
    let line = manifest.lines().find(|l| l.starts_with("version = ")).expect("a version line");
    line.trim_start_matches("version = ").trim_matches('"').to_string()
}

fn texts(regenerated: &Regenerated) -> Vec<String> {
    regenerated.changes.iter().map(|c| c.text()).collect()
}

#[test]
fn additive_changes_bump_minor_or_patch_before_1_0() {
    for (from, to) in [("0.1.0", "0.1.1"), ("1.2.3", "1.3.0")] {
        let (dir, regenerated) = release_then("additive", from);
        assert_eq!((regenerated.version.as_str(), cargo_version(&dir.0).as_str()), (to, to), "from {from}");
        let levels: Vec<Level> = regenerated.changes.iter().map(|c| c.level()).collect();
        assert!(levels.iter().all(|l| *l == Level::Additive), "{:#?}", texts(&regenerated));
        for expected in ["Added `archive_note`", "Added optional parameter `sort` to `list_notes`", "Added type `Folder`", "Deprecated `get_note`"] {
            assert!(texts(&regenerated).iter().any(|t| t == expected), "missing `{expected}` in {:#?}", texts(&regenerated));
        }
        if from == "0.1.0" {
            insta::assert_snapshot!("additive", newest_entry(&dir.0));
        }
    }
}

#[test]
fn breaking_changes_bump_major_or_minor_before_1_0() {
    for (from, to) in [("0.1.0", "0.2.0"), ("1.2.3", "2.0.0")] {
        let (dir, regenerated) = release_then("breaking", from);
        assert_eq!((regenerated.version.as_str(), cargo_version(&dir.0).as_str()), (to, to), "from {from}");
        // The fixture also adds an enum value, fields and a server: members of
        // `#[non_exhaustive]` types, which break no one, so they stay additions; the breaking
        // changes beside them decide the version.
        for change in &regenerated.changes {
            let addition = change.text().starts_with("Added ");
            let expected = if addition { Level::Additive } else { Level::Breaking };
            assert_eq!(change.level(), expected, "{}", change.text());
        }
        for expected in ["Added enum value `Color::Yellow`", "Added field `Note::created`", "Added server `Server::Staging`"] {
            assert!(texts(&regenerated).iter().any(|t| t == expected), "missing `{expected}` in {:#?}", texts(&regenerated));
        }
        for expected in [
            "Breaking: removed `delete_note`",
            "Breaking: removed field `Note::views`",
            "Breaking: new required parameter `folder` of `get_note`",
            "Breaking: `NewNote::new` takes the new required field `title`",
            "Breaking: removed enum value `Color::Blue`",
        ] {
            assert!(texts(&regenerated).iter().any(|t| t == expected), "missing `{expected}` in {:#?}", texts(&regenerated));
        }
        if from == "0.1.0" {
            insta::assert_snapshot!("breaking", newest_entry(&dir.0));
        }
    }
}

#[test]
fn documentation_and_wire_changes_are_a_patch() {
    for (from, to) in [("0.1.0", "0.1.1"), ("1.2.3", "1.2.4")] {
        let (dir, regenerated) = release_then("patch", from);
        assert_eq!(regenerated.version, to, "from {from}");
        assert!(regenerated.changes.iter().all(|c| c.level() == Level::Patch), "{:#?}", texts(&regenerated));
        if from == "0.1.0" {
            insta::assert_snapshot!("patch", newest_entry(&dir.0));
        }
    }
}

#[test]
fn a_change_only_in_generated_code_is_a_patch() {
    let dir = Scratch::new("generator-only");
    codegen(&dir.0, &fixture("base", "1.0.0"), None);
    lifecycle::record_published(&dir.0).expect("record the release");
    // What another generator version wrote for the same API.
    let models = dir.0.join("src/models.rs");
    std::fs::write(&models, read(&models) + "// written by an older generator\n").unwrap();
    let regenerated = codegen(&dir.0, &fixture("base", "1.0.0"), None);
    assert_eq!(texts(&regenerated), ["Regenerated: the generated files changed, the API did not"]);
    assert_eq!(regenerated.version, "1.0.1");
}

#[test]
fn regenerating_again_changes_nothing_even_on_another_day() {
    let (dir, first) = release_then("breaking", "0.1.0");
    let again = regenerate(&dir.0, &fixture("breaking", "0.1.0"), None, "2030-01-01");
    assert!(again.changes.is_empty(), "{:#?}", texts(&again));
    assert_eq!(again.version, first.version);
    let plan = generator::output::plan(&dir.0, &again.krate);
    assert!(plan.is_empty(), "a second run would write {:?}", plan.paths());
}

#[test]
fn changes_between_two_releases_make_one_version_and_one_entry() {
    let dir = Scratch::new("pending");
    codegen(&dir.0, &fixture("base", "0.1.0"), None);
    lifecycle::record_published(&dir.0).expect("record the release");
    assert_eq!(codegen(&dir.0, &fixture("additive", "0.1.0"), None).version, "0.1.1");
    // A breaking change before 0.1.1 was published raises the pending version instead of adding one.
    assert_eq!(codegen(&dir.0, &fixture("breaking", "0.1.0"), None).version, "0.2.0");
    let log = read(&dir.0.join("CHANGELOG.md"));
    let versions: Vec<&str> = log.lines().filter(|l| l.starts_with("## [")).collect();
    assert_eq!(versions, [format!("## [0.2.0] - {DATE}"), format!("## [0.1.0] - {DATE}")]);
    let entry = newest_entry(&dir.0);
    assert!(entry.contains("- Added `archive_note`\n"), "{entry}");
    assert!(entry.find("- Breaking:").unwrap() < entry.find("- Added").unwrap(), "breaking changes come first:\n{entry}");
}

#[test]
fn a_crate_never_published_keeps_its_first_version() {
    let dir = Scratch::new("unpublished");
    codegen(&dir.0, &fixture("base", "0.1.0"), None);
    let regenerated = codegen(&dir.0, &fixture("breaking", "0.1.0"), None);
    assert!(!regenerated.changes.is_empty(), "the changes are still reported");
    assert_eq!(regenerated.version, "0.1.0");
    assert_eq!(newest_entry(&dir.0), format!("## [0.1.0] - {DATE}\n\n- Initial release.\n"));
    assert_eq!(lifecycle::publish_state(&dir.0).unwrap(), PublishState::NeverPublished);
}

#[test]
fn the_bump_flag_overrides_the_classification_without_repeating() {
    let dir = Scratch::new("bump");
    codegen(&dir.0, &fixture("base", "0.1.0"), None);
    lifecycle::record_published(&dir.0).expect("record the release");
    assert_eq!(lifecycle::publish_state(&dir.0).unwrap(), PublishState::AlreadyPublished);
    assert_eq!(codegen(&dir.0, &fixture("additive", "0.1.0"), Some(Bump::Major)).version, "1.0.0");
    assert_eq!(codegen(&dir.0, &fixture("additive", "0.1.0"), Some(Bump::Major)).version, "1.0.0", "the same flag again");
    assert_eq!(codegen(&dir.0, &fixture("additive", "0.1.0"), None).version, "1.0.0", "the override is kept");
    assert_eq!(lifecycle::publish_state(&dir.0).unwrap(), PublishState::Bumped { published: "0.1.0".into() });

    let kept = Scratch::new("bump-none");
    codegen(&kept.0, &fixture("base", "0.1.0"), None);
    lifecycle::record_published(&kept.0).expect("record the release");
    let log = read(&kept.0.join("CHANGELOG.md"));
    assert_eq!(codegen(&kept.0, &fixture("patch", "0.1.0"), Some(Bump::Keep)).version, "0.1.0");
    assert_eq!(read(&kept.0.join("CHANGELOG.md")), log, "no entry without a version");
    assert_eq!(lifecycle::publish_state(&kept.0).unwrap(), PublishState::NotBumped { published: "0.1.0".into() });
}

#[test]
fn version_rules() {
    let v = |s: &str| Version::parse(s).unwrap();
    let next = |before: &str, published: Option<&str>, initial: &str, level: Option<Level>, bump: Option<Bump>| {
        lifecycle::next_version(&v(before), published.map(v).as_ref(), &v(initial), level, bump).to_string()
    };
    use Level::*;
    // After a release: one step by the largest change (cargo's semver: 0.x moves the minor for breaks).
    assert_eq!(next("0.1.0", Some("0.1.0"), "0.1.0", Some(Breaking), None), "0.2.0");
    assert_eq!(next("0.1.0", Some("0.1.0"), "0.1.0", Some(Additive), None), "0.1.1");
    assert_eq!(next("0.0.3", Some("0.0.3"), "0.0.1", Some(Breaking), None), "0.0.4");
    assert_eq!(next("1.2.3", Some("1.2.3"), "0.1.0", Some(Breaking), None), "2.0.0");
    assert_eq!(next("1.2.3", Some("1.2.3"), "0.1.0", Some(Additive), None), "1.3.0");
    assert_eq!(next("1.2.3", Some("1.2.3"), "0.1.0", Some(Patch), None), "1.2.4");
    assert_eq!(next("1.0.0-rc.1", Some("1.0.0-rc.1"), "0.1.0", Some(Patch), None), "1.0.0");
    assert_eq!(next("1.2.3", Some("1.2.3"), "0.1.0", None, None), "1.2.3", "no change, no bump");
    // Pending (not yet published): grows only when the new change needs more.
    assert_eq!(next("1.3.0", Some("1.2.3"), "0.1.0", Some(Additive), None), "1.3.0");
    assert_eq!(next("1.3.0", Some("1.2.3"), "0.1.0", Some(Patch), None), "1.3.0");
    assert_eq!(next("1.3.0", Some("1.2.3"), "0.1.0", Some(Breaking), None), "2.0.0");
    // Never published: the first release absorbs everything.
    assert_eq!(next("0.1.0", None, "0.1.0", Some(Breaking), None), "0.1.0");
    // `x-codegen.version` is a floor; `--bump` steps from the last release, so repeating it is stable.
    assert_eq!(next("0.1.0", Some("0.1.0"), "1.0.0", None, None), "1.0.0");
    assert_eq!(next("1.2.3", Some("1.2.3"), "0.1.0", Some(Breaking), Some(Bump::Patch)), "1.2.4");
    assert_eq!(next("1.2.4", Some("1.2.3"), "0.1.0", None, Some(Bump::Patch)), "1.2.4");
    assert_eq!(next("1.2.3", Some("1.2.3"), "0.1.0", Some(Breaking), Some(Bump::Keep)), "1.2.3");
}

#[test]
fn an_unreadable_record_is_an_error_located_in_it() {
    let dir = Scratch::new("corrupt");
    codegen(&dir.0, &fixture("base", "0.1.0"), None);
    let record = dir.0.join(lifecycle::RECORD);
    std::fs::write(&record, "<<<<<<< HEAD\n").unwrap();
    let options = Options { date: DATE.to_string(), bump: None };
    let err = lifecycle::regenerate(lower(&fixture("additive", "0.1.0")), "spec.yaml", &dir.0, &options)
        .expect_err("a corrupt record is an error");
    let problem = err.problem().unwrap_or_else(|| panic!("not a located error: {err}"));
    assert_eq!(problem.file, record);
}

// ---- End to end ----------------------------------------------------------------------

/// The workspace sources mirrored into `target/e2e/workspace` (target dir `target/e2e/target`).
fn workspace_copy() -> PathBuf {
    workspace_copy::workspace_copy(workspace_root().join("target").join("e2e").join("workspace"))
}

/// Runs cargo in the copy with its own target dir and a fixed changelog date.
fn cargo_in(copy: &Path, args: &[&str]) -> Output {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("e2e").join("target"))
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .output()
        .expect("run cargo");
    eprintln!("$ cargo {}\n{}{}", args.join(" "), String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    output
}

/// Inserts `text` after the last of `anchors`, each searched for after the one before.
fn insert_after(path: &Path, anchors: &[&str], text: &str) {
    let mut spec = read(path);
    let mut at = 0;
    for anchor in anchors {
        let found = spec[at..].find(anchor).unwrap_or_else(|| panic!("{} no longer contains {anchor:?}: update this test", path.display()));
        at += found + anchor.len();
    }
    spec.insert_str(at, text);
    std::fs::write(path, spec).unwrap();
}

/// Every file of the generated crates, for "nothing was touched" comparisons.
fn generated_files(copy: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { walk(&path, out) } else { out.push((path.clone(), std::fs::read(&path).unwrap())) }
        }
    }
    let mut files = Vec::new();
    walk(&copy.join("generated"), &mut files);
    files.sort();
    files
}

#[test]
fn end_to_end_in_a_copy_of_the_workspace() {
    let copy = workspace_copy();
    let dir = |name: &str| copy.join("generated").join(name);
    // A spec with a vendored upstream is its overlay (`integration_tests::spec_path`).
    let spec = |name: &str| {
        let overlay = copy.join("specs").join(format!("{name}.overlay.yaml"));
        if overlay.is_file() { overlay } else { copy.join("specs").join(format!("{name}.yaml")) }
    };
    // Each crate as generated today is its last release.
    assert!(cargo_in(&copy, &["xtask", "codegen"]).status.success(), "cargo xtask codegen failed on the workspace as it is");
    let mut released = Vec::new();
    for name in SPECS {
        released.push(lifecycle::record_published(&dir(name)).expect("the crate has a record").version);
    }
    let step = |released: &str, level| lifecycle::next_version(&Version::parse(released).unwrap(), Some(&Version::parse(released).unwrap()), &Version::new(0, 0, 0), Some(level), None).to_string();
    let (guest_chat, ultracart, engage) = (SPECS[0], SPECS[1], SPECS[2]);
    assert_eq!((guest_chat, ultracart, engage), ("genesys-cloud-guest-chat", "ultracart-conversation", "genesys-engage-chat"));

    // A spec that does not load: nothing is written anywhere.
    let before = generated_files(&copy);
    let ultracart_spec = read(&spec(ultracart));
    std::fs::write(spec(ultracart), format!("{ultracart_spec}\n: [not yaml\n")).unwrap();
    let failed = cargo_in(&copy, &["xtask", "codegen"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(generated_files(&copy) == before, "a failed generation changed files");
    std::fs::write(spec(ultracart), ultracart_spec).unwrap();

    // A new response field in one API (an addition: the struct is `#[non_exhaustive]`, so no
    // user names all its fields), an operation gone from another. Both are overlays on their vendored upstream: one more
    // action each (guest chat's upstream is Swagger 2.0, hence `definitions`).
    let addition = "  - target: $.definitions.WebChatMessage.properties\n    description: Added by the lifecycle end-to-end test.\n    update:\n      topic:\n        type: string\n        description: What the message is about.\n";
    std::fs::write(spec(guest_chat), read(&spec(guest_chat)) + addition).unwrap();
    let removal = "  - target: $.paths['/conversation/conversations/{conversation_uuid}/markread'].put\n    description: Removed by the lifecycle end-to-end test.\n    remove: true\n";
    std::fs::write(spec(ultracart), read(&spec(ultracart)) + removal).unwrap();
    let run = cargo_in(&copy, &["xtask", "codegen"]);
    assert!(run.status.success(), "cargo xtask codegen failed");
    let stdout = String::from_utf8_lossy(&run.stdout);

    let guest_version = step(&released[0], Level::Additive);
    let ultracart_version = step(&released[1], Level::Breaking);
    assert_eq!(cargo_version(&dir(guest_chat)), guest_version);
    assert_eq!(cargo_version(&dir(ultracart)), ultracart_version);
    assert_eq!(cargo_version(&dir(engage)), released[2], "an unchanged API keeps its version");
    assert_eq!(newest_entry(&dir(guest_chat)), format!("## [{guest_version}] - 2001-09-09\n\n- Added field `WebChatMessage::topic`\n"));
    assert_eq!(newest_entry(&dir(ultracart)), format!("## [{ultracart_version}] - 2001-09-09\n\n- Breaking: removed `mark_read_conversation`\n"));
    assert!(stdout.contains(&format!("version {} -> {ultracart_version}\n  - Breaking: removed `mark_read_conversation`", released[1])), "{stdout}");
    assert!(stdout.contains(&format!("{engage}: up to date")), "{stdout}");

    // The printed items codegen keeps between runs only save time: a damaged file is
    // ignored, and the output is the same.
    let printed = workspace_root().join("target/e2e/target/codegen-printed").join(format!("{guest_chat}.bin"));
    assert!(std::fs::metadata(&printed).is_ok_and(|m| m.len() > 10_000), "codegen keeps its printed items in {}", printed.display());
    std::fs::write(&printed, b"damaged").unwrap();

    // Idempotent: a second run writes nothing and --check agrees.
    let again = cargo_in(&copy, &["xtask", "codegen"]);
    assert_eq!(String::from_utf8_lossy(&again.stdout).matches(": up to date").count(), SPECS.len());
    assert!(cargo_in(&copy, &["xtask", "codegen", "--check"]).status.success());
    // `--fresh` prints every file again, with the same output, and keeps what it printed.
    let fresh = cargo_in(&copy, &["xtask", "codegen", "--fresh"]);
    assert_eq!(String::from_utf8_lossy(&fresh.stdout).matches(": up to date").count(), SPECS.len());
    assert!(std::fs::metadata(&printed).is_ok_and(|m| m.len() > 10_000), "the damaged file was replaced");

    // Files are taken as printed only while they are: a generated file edited by hand is
    // stale for --check (its record of printed files does not hide the edit) and restored.
    let lib = dir(guest_chat).join("src/lib.rs");
    let generated = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{generated}// edited by hand\n")).unwrap();
    let check = cargo_in(&copy, &["xtask", "codegen", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains(&format!("generated/{guest_chat}/src/lib.rs")), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(cargo_in(&copy, &["xtask", "codegen"]).status.success());
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), generated, "restored");

    // A change released without a new version is refused before anything is packaged.
    insert_after(&spec(engage), &["\ninfo:\n", "\n  description: |\n"], "    Edited by the lifecycle end-to-end test.\n\n");
    assert!(cargo_in(&copy, &["xtask", "codegen", "--bump", "none"]).status.success());
    assert_eq!(cargo_version(&dir(engage)), released[2]);
    let publish = cargo_in(&copy, &["xtask", "publish"]);
    let stderr = String::from_utf8_lossy(&publish.stderr);
    assert_eq!(publish.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{engage}: changed since {} was published", released[2])), "{stderr}");
    assert!(!String::from_utf8_lossy(&publish.stdout).contains("$ cargo package"), "nothing may be packaged after a refusal");

    // The regenerated workspace still builds.
    let check = cargo_in(&copy, &["check", "--workspace", "--quiet"]);
    assert!(check.status.success(), "cargo check of the regenerated workspace failed");
}
