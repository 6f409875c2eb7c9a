//! `cargo xtask publish [--execute]`: release every generated crate that changed.
//!
//! Every check runs on every crate before anything is packaged, so a refusal uploads
//! nothing: the crate is up to date with its spec, its crates.io metadata is complete, and
//! its version moved past the last published one (`.codegen/published.json`); a crate that
//! is exactly what was last published is skipped. Then, in dependency order (read from the
//! crates' manifests), each crate is packaged with `cargo package` (which builds it from the
//! packaged files) and dry-run published. `--execute` publishes for real, with the token
//! cargo reads from `CARGO_REGISTRY_TOKEN`, and records the published state in the crate's
//! `.codegen/published.json`, to be committed.
//!
//! `--registry NAME` releases to a registry named in cargo's configuration instead of
//! crates.io (`[registries.NAME]`, or `CARGO_REGISTRIES_<NAME>_INDEX`); its token is the one
//! cargo reads for it, `CARGO_REGISTRIES_<NAME>_TOKEN`. The checks are the same either way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use generator::lifecycle::{self, PublishState};

use crate::codegen::{generate, spec_files, today, workspace_root};

/// Cargo metadata crates.io shows or needs; `cargo publish` itself insists on only two.
const METADATA: &[&str] = &["description", "license", "repository", "readme", "keywords", "categories", "documentation", "rust_version"];

/// A generated crate, as `cargo metadata` describes it.
#[derive(Debug)]
pub struct Package {
    pub name: String,
    version: String,
    dir: PathBuf,
    /// Other workspace packages it needs to build (normal and build dependencies).
    needs: Vec<String>,
    missing_metadata: Vec<&'static str>,
}

/// Where and whether to release.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    execute: bool,
    /// A registry from cargo's configuration; crates.io when absent.
    registry: Option<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args { execute: false, registry: None };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--execute" => parsed.execute = true,
            "--registry" => {
                let name = it.next().filter(|n| !n.is_empty() && !n.starts_with('-')).ok_or("--registry needs a registry name")?;
                parsed.registry = Some(name.clone());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// The environment variable cargo reads a registry's token from.
fn token_variable(registry: Option<&str>) -> String {
    match registry {
        None | Some("crates-io") => "CARGO_REGISTRY_TOKEN".to_string(),
        Some(name) => format!("CARGO_REGISTRIES_{}_TOKEN", name.to_uppercase().replace('-', "_")),
    }
}

pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(args) => args,
        Err(e) => return super::usage_error(&e),
    };
    let token = token_variable(args.registry.as_deref());
    if args.execute && std::env::var_os(&token).is_none_or(|t| t.is_empty()) {
        let registry = args.registry.as_deref().map_or("crates.io".to_string(), |name| format!("the `{name}` registry"));
        eprintln!("error: --execute needs a token for {registry} in {token}");
        return ExitCode::from(2);
    }
    let root = workspace_root();
    match plan(&root).and_then(|packages| release(&packages, &args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The crates to release, in dependency order, after every check passed.
fn plan(root: &Path) -> Result<Vec<Package>, String> {
    let packages = dependency_order(generated_packages(root)?)?;
    let stale = stale_dirs(root)?;
    let mut problems = Vec::new();
    let mut releases = Vec::new();
    for package in packages {
        let name = &package.name;
        if stale.contains(&package.dir) {
            problems.push(format!("{name}: not up to date with its spec (run `cargo xtask codegen` and commit)"));
        }
        if !package.missing_metadata.is_empty() {
            problems.push(format!("{name}: Cargo.toml lacks {} (set them in the spec's `x-codegen`)", package.missing_metadata.join(", ")));
        }
        match lifecycle::publish_state(&package.dir).map_err(|e| e.to_string())? {
            PublishState::AlreadyPublished => println!("{name} {}: already published, skipped", package.version),
            PublishState::NotBumped { published } => problems.push(format!(
                "{name}: changed since {published} was published but its version is still {} (run `cargo xtask codegen --bump patch`, or a larger step)",
                package.version
            )),
            PublishState::NeverPublished => {
                println!("{name} {}: first release", package.version);
                releases.push(package);
            }
            PublishState::Bumped { published } => {
                println!("{name} {published} -> {}", package.version);
                releases.push(package);
            }
        }
    }
    if problems.is_empty() {
        return Ok(releases);
    }
    Err(format!("nothing was packaged or published:\n  {}", problems.join("\n  ")))
}

/// Packages and (dry-run) publishes each crate in order.
fn release(packages: &[Package], args: &Args) -> Result<(), String> {
    let execute = args.execute;
    // Packaging for the registry it goes to: cargo checks the crate may be published there.
    let registry: Vec<&str> = args.registry.as_deref().map(|name| vec!["--registry", name]).unwrap_or_default();
    for package in packages {
        let name = package.name.as_str();
        // A rehearsal may run on uncommitted work; a real release only from committed files.
        let dirty: &[&str] = if execute { &[] } else { &["--allow-dirty"] };
        cargo(&[&["package", "-p", name], registry.as_slice(), dirty].concat())?;
        // `cargo package` has just built these exact files; building them again proves nothing.
        let publish: &[&str] = if execute { &["publish", "--no-verify", "-p", name] } else { &["publish", "--dry-run", "--no-verify", "-p", name] };
        cargo(&[publish, registry.as_slice(), dirty].concat())?;
        if execute {
            lifecycle::record_published(&package.dir).map_err(|e| e.to_string())?;
            let record = package.dir.join(lifecycle::PUBLISHED);
            println!("{name} {}: published; commit {}", package.version, record.strip_prefix(workspace_root()).unwrap_or(&record).display());
        }
    }
    if !execute {
        let registry = args.registry.as_deref().map(|name| format!(" --registry {name}")).unwrap_or_default();
        println!("dry run complete ({} crates); publish with `cargo xtask publish --execute{registry}`", packages.len());
    }
    Ok(())
}

/// Directories whose generated files are stale.
fn stale_dirs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let jobs: Vec<(PathBuf, Option<PathBuf>)> = spec_files(&root.join("specs")).map_err(|e| format!("cannot list specs/: {e}"))?.into_iter().map(|f| (f, None)).collect();
    let options = lifecycle::Options { date: today(), bump: None };
    // Printed afresh: what is published is checked against a full print, not a record.
    let rendered = generate(&jobs, None, &options, true, false).ok_or("a spec does not generate (see above)")?;
    Ok(rendered.into_iter().filter(|(dir, regenerated)| !generator::output::plan(dir, &regenerated.krate).is_empty()).map(|(dir, _)| dir).collect())
}

/// Workspace packages the generator owns (a `.codegen/files` beside their manifest).
pub fn generated_packages(root: &Path) -> Result<Vec<Package>, String> {
    let output = Command::new(cargo_bin())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let all = metadata["packages"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = all.iter().filter_map(|p| p["name"].as_str()).collect();
    let mut packages = Vec::new();
    for p in &all {
        let Some(dir) = p["manifest_path"].as_str().and_then(|m| Path::new(m).parent()) else { continue };
        if !dir.join(generator::output::MANIFEST).is_file() {
            continue;
        }
        let needs = p["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["kind"].as_str() != Some("dev"))
            .filter_map(|d| d["name"].as_str())
            .filter(|n| names.contains(n))
            .map(str::to_string)
            .collect();
        let present = |field: &str| match &p[field] {
            serde_json::Value::String(s) => !s.trim().is_empty(),
            serde_json::Value::Array(items) => !items.is_empty(),
            _ => false,
        };
        packages.push(Package {
            name: p["name"].as_str().unwrap_or_default().to_string(),
            version: p["version"].as_str().unwrap_or_default().to_string(),
            dir: dir.to_path_buf(),
            needs,
            missing_metadata: METADATA.iter().copied().filter(|f| !present(f)).collect(),
        });
    }
    Ok(packages)
}

/// Orders packages so each comes after the packages it needs (ties by name); a cycle is an error.
fn dependency_order(packages: Vec<Package>) -> Result<Vec<Package>, String> {
    let mut waiting: BTreeMap<String, Package> = packages.into_iter().map(|p| (p.name.clone(), p)).collect();
    let mut ordered: Vec<Package> = Vec::new();
    while !waiting.is_empty() {
        let ready = waiting
            .values()
            .find(|p| p.needs.iter().all(|n| !waiting.contains_key(n)))
            .map(|p| p.name.clone())
            .ok_or_else(|| format!("the generated crates depend on each other in a cycle: {}", waiting.keys().cloned().collect::<Vec<_>>().join(", ")))?;
        ordered.extend(waiting.remove(&ready));
    }
    Ok(ordered)
}

fn cargo(args: &[&str]) -> Result<(), String> {
    println!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo_bin()).args(args).current_dir(workspace_root()).status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`cargo {}` failed ({status})", args.join(" "))) }
}

fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, needs: &[&str]) -> Package {
        Package {
            name: name.to_string(),
            version: "0.1.0".to_string(),
            dir: PathBuf::from(name),
            needs: needs.iter().map(|n| n.to_string()).collect(),
            missing_metadata: Vec::new(),
        }
    }

    #[test]
    fn dependencies_come_first_and_ties_go_by_name() {
        let order = dependency_order(vec![package("c-client", &["a-models"]), package("b-other", &[]), package("a-models", &["z-base"]), package("z-base", &[])]).unwrap();
        let names: Vec<&str> = order.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["b-other", "z-base", "a-models", "c-client"]);
    }

    #[test]
    fn arguments_name_the_registry_and_its_token() {
        let args = |list: &[&str]| parse(&list.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_eq!(args(&[]), Ok(Args { execute: false, registry: None }));
        assert_eq!(args(&["--registry", "my-mirror", "--execute"]), Ok(Args { execute: true, registry: Some("my-mirror".into()) }));
        assert!(args(&["--registry"]).is_err());
        assert!(args(&["--registry", "--execute"]).is_err());
        assert!(args(&["--index", "https://example.org"]).is_err());
        assert_eq!(token_variable(None), "CARGO_REGISTRY_TOKEN");
        assert_eq!(token_variable(Some("crates-io")), "CARGO_REGISTRY_TOKEN", "cargo's own name for crates.io");
        assert_eq!(token_variable(Some("my-mirror")), "CARGO_REGISTRIES_MY_MIRROR_TOKEN");
    }

    #[test]
    fn a_dependency_cycle_is_an_error() {
        let err = dependency_order(vec![package("a", &["b"]), package("b", &["a"])]).unwrap_err();
        assert!(err.contains("cycle: a, b"), "{err}");
    }
}
