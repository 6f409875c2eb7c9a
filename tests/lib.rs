//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

#[path = "../xtask/src/cargo_tools.rs"]
mod cargo_tools;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `../shared/` beside the checkout, which CI always has. A newcomer's clone may not: then
/// the caller prints a notice and skips, unless `CI` is set, where absence is a failure.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("../shared/ is missing, but CI always has it beside the checkout");
    }
    eprintln!("NOTICE: ../shared/ is absent (a fresh clone without the reference data); skipping this test");
    None
}

/// The three specs the project maintains, by crate name.
pub const SPECS: &[&str] = &["genesys-cloud-guest-chat", "ultracart-conversation", "genesys-engage-chat"];

/// Path of one of the project's specs: its overlay on a vendored upstream document
/// (`specs/<name>.overlay.yaml`) where it has one, else its hand-written `specs/<name>.yaml`.
pub fn spec_path(name: &str) -> PathBuf {
    let specs = workspace_root().join("specs");
    let overlay = specs.join(format!("{name}.overlay.yaml"));
    if overlay.is_file() { overlay } else { specs.join(format!("{name}.yaml")) }
}

/// Loads and lowers a spec file, panicking with the generator's message on failure
/// (for fixtures that must succeed).
pub fn lower_file(path: &Path) -> generator::ir::Crate {
    let spec = generator::load::load_file(path).unwrap_or_else(|e| panic!("{e}"));
    generator::lower::lower(&spec, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Loads and lowers a spec given as text.
pub fn lower_str(yaml: &str) -> generator::Result<generator::ir::Crate> {
    let spec = generator::load::load_str(Path::new("fixture.yaml"), yaml)?;
    generator::lower::lower(&spec, &generator::Overrides::default())
}

/// A binary pinned in `tools/cargo-tools.txt`, where `cargo xtask test` installs it
/// (`${XDG_CACHE_HOME:-$HOME/.cache}/openapi-client-codegen/NAME-VERSION/bin/NAME`).
/// A missing tool is a failure that says how to install it, never a skip: CI installs it.
pub fn cargo_tool(name: &str) -> PathBuf {
    let pins = cargo_tools::pins(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let Some((_, version)) = pins.iter().find(|(n, _)| n == name) else {
        panic!("tools/cargo-tools.txt pins no version of {name}");
    };
    let dir = cargo_tools::install_dir(name, version).unwrap_or_else(|e| panic!("{e}"));
    let binary = dir.join("bin").join(name);
    assert!(
        binary.is_file(),
        "{name} {version} is not installed (looked for {}): `cargo xtask test` installs it, or run\n  cargo install --locked --version {version} --root {} {name}",
        binary.display(),
        dir.display()
    );
    binary
}

/// The `User-Agent` a generated crate sends by default (`<crate>/<version>`), with the
/// version its manifest has now, so a version bump does not break the tests that check it.
pub fn user_agent(crate_name: &str) -> String {
    let manifest = workspace_root().join("generated").join(crate_name).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    let version = text
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{}: no version line", manifest.display()));
    format!("{crate_name}/{version}")
}
