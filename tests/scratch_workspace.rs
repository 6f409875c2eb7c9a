//! Compiling many generated crates for the price of one cargo run.
//!
//! Every crate goes into one Cargo workspace under `target/corpus-check/<name>/`, checked
//! with a target dir of its own (`target/corpus-check/target`): dependencies are shared
//! between the crates, repeated runs are incremental (files are written only when their
//! contents change, so unchanged crates stay fresh), and the run never waits on the lock
//! of the main workspace's target dir.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::render::RenderedCrate;
use integration_tests::workspace_root;

pub struct ScratchWorkspace {
    root: PathBuf,
    members: Vec<String>,
}

impl ScratchWorkspace {
    /// The workspace `target/corpus-check/<name>/`.
    pub fn new(name: &str) -> Self {
        let root = workspace_root().join("target").join("corpus-check").join(name);
        std::fs::create_dir_all(&root).expect("create the scratch workspace");
        ScratchWorkspace { root, members: Vec::new() }
    }

    /// Writes a rendered crate as a member named `dir` (only files whose contents changed).
    pub fn add(&mut self, dir: &str, krate: &RenderedCrate) {
        assert!(!self.members.iter().any(|m| m == dir), "two crates would share the directory `{dir}`");
        let plan = generator::output::plan(&self.root.join(dir), krate);
        generator::output::apply(&[plan]).unwrap_or_else(|e| panic!("writing {dir}: {e}"));
        self.members.push(dir.to_string());
    }

    /// Runs clippy (which type-checks too) on every member with warnings denied, and returns
    /// the compiler's diagnostics on failure.
    pub fn clippy(&self) -> Result<(), String> {
        // The library and any examples; a test build of the library would only repeat the
        // same code (generated crates have no tests of their own).
        self.cargo(&["clippy", "--workspace", "--lib", "--examples", "--keep-going", "--message-format=short"], &["--", "-D", "warnings"])
    }

    /// Runs clippy with warnings denied on one member's library, built with only `features`
    /// (no default ones): the small builds that features per tag allow.
    #[allow(dead_code, reason = "this module is shared by several tests; only tag_features.rs picks features")]
    pub fn clippy_with_features(&self, member: &str, features: &[&str]) -> Result<(), String> {
        let features = features.join(",");
        let args = ["clippy", "--package", member, "--lib", "--no-default-features", "--features", features.as_str(), "--message-format=short"];
        self.cargo(&args, &["--", "-D", "warnings"])
    }

    /// Type-checks every member's library with warnings denied: what the crates of big
    /// specs get, where clippy and rustdoc would cost several times as much.
    #[allow(dead_code, reason = "this module is shared by corpus.rs, which type-checks, and property.rs, which does not")]
    pub fn check(&self) -> Result<(), String> {
        self.cargo(&["check", "--workspace", "--lib", "--keep-going", "--message-format=short"], &[])
    }

    /// Documents every member with rustdoc warnings denied: spec text becomes doc comments
    /// and the README, and must not trip rustdoc's lints (links, HTML, bare URLs).
    pub fn doc(&self) -> Result<(), String> {
        self.cargo(&["doc", "--workspace", "--no-deps", "--keep-going", "--message-format=short"], &[])
    }

    fn cargo(&self, args: &[&str], trailing: &[&str]) -> Result<(), String> {
        self.write_manifest();
        let target = workspace_root().join("target").join("corpus-check").join("target");
        let output = Command::new(cargo())
            .args(args)
            .arg("--target-dir")
            .arg(&target)
            .args(trailing)
            .current_dir(&self.root)
            // The check must not depend on the caller's flags, and it owns its target dir.
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .unwrap_or_else(|e| panic!("run cargo {}: {e}", args[0]));
        if output.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let progress = ["Checking", "Compiling", "Documenting", "Blocking", "Generated", "Finished"];
        let diagnostics: Vec<&str> = stderr.lines().filter(|l| !progress.iter().any(|p| l.trim_start().starts_with(p))).collect();
        Err(diagnostics.join("\n"))
    }

    fn write_manifest(&self) {
        let members: Vec<String> = self.members.iter().map(|m| format!("    {m:?},")).collect();
        let manifest = format!(
            "# Written by tests/scratch_workspace.rs: every generated crate the tests compile.\n\
             [workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n",
            members.join("\n")
        );
        write_if_changed(&self.root.join("Cargo.toml"), &manifest);
        // Start from the main workspace's resolved versions, so the check uses what the
        // committed crates use and needs the registry only for dependencies they lack.
        let lock = self.root.join("Cargo.lock");
        if !lock.exists() {
            std::fs::copy(workspace_root().join("Cargo.lock"), &lock).expect("copy Cargo.lock");
        }
    }
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}
