//! The version the API diff chooses is at least what Rust's SemVer rules require.
//!
//! For each class of spec change, `fixtures/lifecycle/base.yaml` (at version 1.0.0, so the
//! three levels are three different bumps) is generated through the lifecycle, as `cargo
//! xtask codegen` does, and recorded as published; a copy is then regenerated from the spec
//! with that one change. `cargo-semver-checks` (pinned in `tools/cargo-tools.txt`) compares
//! the two crates' public APIs from their rustdoc JSON and says which step the changes need;
//! the level the diff gave (and so the version `cargo xtask codegen` chose) must be at least
//! that. It is asked as if the release were a patch (`--release-type patch`): told the
//! real version, it would skip every check a major version already allows, and so could
//! never disagree with a major bump.
//!
//! Cost: every crate is documented once per side, against one shared target directory
//! (`target/semver-checks/`), so the dependencies build once; the cases run one at a time
//! (the machine has two cores and rustdoc uses both).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::diff::Level;
use generator::lifecycle::{self, Options, Regenerated};
use integration_tests::{cargo_tool, workspace_root};

/// One class of spec change: text replacements applied to the base spec, each of which
/// must match exactly once, the level the diff must give, and what cargo-semver-checks
/// reports. The last is pinned so that a tool that silently checks nothing (as it does when
/// told the release is major) fails the test instead of agreeing with everything.
/// `Nothing` for an addition: the tool has no lint that asks a minor version for a new item.
/// `Nothing` for a changed field type: it has no lint for that, and the diff's `Breaking`
/// follows Rust's rules (any code reading the field may stop compiling).
struct Case {
    name: &'static str,
    edits: &'static [(&'static str, &'static str)],
    level: Level,
    tool: Required,
}

const NOTE_VIEWS: &str = "        views: { type: integer }\n";
const NEW_NOTE_COLOR: &str = "        color: { $ref: '#/components/schemas/Color' }\n    Color:";

const CASES: &[Case] = &[
    Case {
        name: "add optional property to a request body",
        edits: &[(NEW_NOTE_COLOR, "        color: { $ref: '#/components/schemas/Color' }\n        title: { type: string }\n    Color:")],
        level: Level::Additive,
        tool: Required::Nothing,
    },
    Case {
        name: "add required property to a request body",
        edits: &[
            (NEW_NOTE_COLOR, "        color: { $ref: '#/components/schemas/Color' }\n        title: { type: string }\n    Color:"),
            ("      required: [text]\n", "      required: [text, title]\n"),
        ],
        level: Level::Breaking,
        tool: Required::Major,
    },
    Case {
        name: "add required property to a response",
        edits: &[
            (NOTE_VIEWS, "        views: { type: integer }\n        created: { type: string }\n"),
            ("      required: [id, text]\n", "      required: [id, text, created]\n"),
        ],
        level: Level::Additive,
        tool: Required::Nothing,
    },
    Case {
        name: "add enum value",
        edits: &[("      enum: [red, green, blue]", "      enum: [red, green, blue, yellow]")],
        level: Level::Additive,
        tool: Required::Nothing,
    },
    Case {
        name: "remove enum value",
        edits: &[("      enum: [red, green, blue]", "      enum: [red, green]")],
        level: Level::Breaking,
        tool: Required::Major,
    },
    Case { name: "remove property", edits: &[(NOTE_VIEWS, "")], level: Level::Breaking, tool: Required::Major },
    Case {
        name: "change property type",
        edits: &[(NOTE_VIEWS, "        views: { type: string }\n")],
        level: Level::Breaking,
        tool: Required::Nothing,
    },
    Case {
        name: "make a required property optional",
        edits: &[("      required: [text]\n", "      required: []\n")],
        level: Level::Breaking,
        tool: Required::Major,
    },
    Case {
        name: "add operation",
        edits: &[(
            "  /notes/{id}:\n",
            "  /notes/{id}/archive:\n    post:\n      operationId: archiveNote\n      summary: Archive a note.\n      parameters:\n        - { name: id, in: path, required: true, schema: { type: string } }\n      responses:\n        '204': { description: Archived. }\n  /notes/{id}:\n",
        )],
        level: Level::Additive,
        tool: Required::Nothing,
    },
    Case {
        name: "remove operation",
        edits: &[(
            "    delete:\n      operationId: deleteNote\n      summary: Delete a note.\n      responses:\n        '204': { description: Deleted. }\n",
            "",
        )],
        level: Level::Breaking,
        tool: Required::Major,
    },
    Case {
        name: "add optional parameter",
        edits: &[(
            "        - { name: limit, in: query, schema: { type: integer } }\n",
            "        - { name: limit, in: query, schema: { type: integer } }\n        - { name: page, in: query, schema: { type: integer } }\n",
        )],
        level: Level::Additive,
        tool: Required::Nothing,
    },
    Case {
        name: "add required parameter",
        edits: &[(
            "        - { name: limit, in: query, schema: { type: integer } }\n",
            "        - { name: limit, in: query, schema: { type: integer } }\n        - { name: folder, in: query, required: true, schema: { type: string } }\n",
        )],
        level: Level::Breaking,
        tool: Required::Major,
    },
    Case {
        name: "remove optional parameter",
        edits: &[("        - { name: limit, in: query, schema: { type: integer } }\n", "")],
        level: Level::Breaking,
        tool: Required::Major,
    },
    Case {
        name: "change documentation only",
        edits: &[("      summary: Get a note.\n", "      summary: Get one note by its identifier.\n")],
        level: Level::Patch,
        tool: Required::Nothing,
    },
];

/// What cargo-semver-checks says the changes need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Required {
    Nothing,
    Minor,
    Major,
}

impl Required {
    /// The diff's level a bump must be at least, for a crate past 1.0.
    fn level(self) -> Level {
        match self {
            Required::Nothing => Level::Patch,
            Required::Minor => Level::Additive,
            Required::Major => Level::Breaking,
        }
    }
}

#[test]
fn the_chosen_version_is_at_least_what_cargo_semver_checks_requires() {
    let semver_checks = cargo_tool("cargo-semver-checks");
    let scratch = Scratch::new();
    let target = workspace_root().join("target").join("semver-checks");
    let base = scratch.0.join("base");
    let base_spec = base_spec();
    codegen(&base, &base_spec);
    lifecycle::record_published(&base).expect("record the base as published");
    add_lockfile(&base);

    let mut failures = Vec::new();
    for case in CASES {
        let started = Instant::now();
        let dir = scratch.0.join(case.name.replace(' ', "-"));
        copy_dir(&base, &dir);
        let regenerated = codegen(&dir, &edited(&base_spec, case));
        let chosen = regenerated.changes.iter().map(|c| c.level()).max().unwrap_or(Level::Patch);
        let output = Command::new(&semver_checks)
            .args(["semver-checks", "check-release", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&base)
            .args(["--release-type", "patch"])
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTDOCFLAGS")
            .output()
            .expect("run cargo-semver-checks");
        let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let required = required(&report).unwrap_or_else(|| panic!("{}: no summary from cargo-semver-checks:\n{report}", case.name));
        println!(
            "{:<42} diff: {:<8} version {} -> {}  semver-checks: {:<7} {:>5.1} s  lints: {}",
            case.name,
            format!("{chosen:?}"),
            regenerated.previous.as_deref().unwrap_or("-"),
            regenerated.version,
            format!("{required:?}"),
            started.elapsed().as_secs_f64(),
            lints(&report).join(", ")
        );
        let changes: Vec<String> = regenerated.changes.iter().map(|c| c.text()).collect();
        if chosen != case.level {
            failures.push(format!("{}: the diff gave {chosen:?}, the case expects {:?}: {changes:#?}", case.name, case.level));
        }
        if required != case.tool {
            failures.push(format!("{}: cargo-semver-checks reports {required:?}, the case expects {:?}:\n{report}", case.name, case.tool));
        }
        if chosen < required.level() {
            failures.push(format!("{}: the diff gave {chosen:?} ({changes:?}), cargo-semver-checks requires {required:?}:\n{report}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The base spec, released at 1.0.0 so that breaking, additive and patch changes are three
/// different bumps (major, minor, patch).
fn base_spec() -> String {
    let path = workspace_root().join("tests/fixtures/lifecycle/base.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    replace_once(&text, "  version: 0.1.0\n", "  version: 1.0.0\n", "base")
}

fn edited(base: &str, case: &Case) -> String {
    case.edits.iter().fold(base.to_string(), |text, (from, to)| replace_once(&text, from, to, case.name))
}

fn replace_once(text: &str, from: &str, to: &str, case: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{case}: `{from}` must occur exactly once in the spec");
    text.replacen(from, to, 1)
}

/// Generates the crate in `dir` from `spec` and writes it, as `cargo xtask codegen` does.
fn codegen(dir: &Path, spec: &str) -> Regenerated {
    let spec = generator::load::load_str(Path::new("spec.yaml"), spec).unwrap_or_else(|e| panic!("{e}"));
    let krate = generator::lower::lower(&spec, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
    let options = Options { date: "2024-05-01".to_string(), bump: None };
    let regenerated = lifecycle::regenerate(krate, "spec.yaml", dir, &options).unwrap_or_else(|e| panic!("{e}"));
    generator::output::apply(&[generator::output::plan(dir, &regenerated.krate)]).expect("write the crate");
    regenerated
}

/// The workspace's lockfile, so every crate resolves the dependency versions the workspace
/// already built instead of asking the registry (cargo drops the entries it does not need).
fn add_lockfile(dir: &Path) {
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// The step cargo-semver-checks asks for, from its summary line.
fn required(report: &str) -> Option<Required> {
    report.lines().find_map(|line| {
        let line = line.trim();
        if !line.starts_with("Summary") {
            return None;
        }
        if line.contains("requires new major version") {
            Some(Required::Major)
        } else if line.contains("requires new minor version") {
            Some(Required::Minor)
        } else if line.contains("no semver update required") {
            Some(Required::Nothing)
        } else {
            None
        }
    })
}

/// The names of the lints that failed (`--- failure enum_variant_added: ...`).
fn lints(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure ")?.split(':').next())
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the case's directory");
    for entry in std::fs::read_dir(from).expect("read the base crate") {
        let path = entry.expect("a directory entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a file of the base crate");
        }
    }
}

/// Crate directories under the system temp dir (outside any workspace), removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("semver-checks-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
