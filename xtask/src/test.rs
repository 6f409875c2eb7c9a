//! `cargo xtask test`: every check CI runs, in one command a newcomer can run too.
//!
//! It installs the external tools the checks need (into `target/tools/`,
//! `tools/node_modules/` and, for cargo-installed binaries, a per-user cache outside the
//! checkout; never globally), then runs each step, keeps going after a failure
//! so one run shows everything, and ends with a `ci: N passed, M failed` line.

use std::path::Path;
use std::process::{Command, ExitCode};

use crate::codegen::{spec_files, workspace_root};

struct Step {
    name: &'static str,
    run: fn(&Path) -> Result<(), String>,
}

const STEPS: &[Step] = &[
    Step { name: "install tools", run: install_tools },
    Step { name: "install node tools (npm ci --prefix tools)", run: install_node_tools },
    Step { name: "install cargo tools (tools/cargo-tools.txt)", run: install_cargo_tools },
    Step { name: "validate specs (openapi-spec-validator)", run: validate_specs },
    Step { name: "generated crates up to date (codegen --check)", run: codegen_check },
    Step { name: "cargo test --workspace", run: cargo_test },
    Step { name: "cargo clippy -D warnings", run: clippy },
    Step { name: "cargo doc -D warnings", run: doc },
    Step { name: "runtime with every optional module (clippy and test, --all-features)", run: runtime_all_features },
    Step { name: "generated crates with their features: none, each alone, all (clippy, all targets)", run: feature_combinations },
    Step { name: "cargo package (every generated crate, built from its package)", run: package },
];

pub fn run(args: &[String]) -> ExitCode {
    if let Some(arg) = args.first() {
        eprintln!("error: `cargo xtask test` takes no arguments (got `{arg}`)");
        return ExitCode::from(2);
    }
    let root = workspace_root();
    let mut failed = Vec::new();
    for step in STEPS {
        println!("\n==> {}", step.name);
        match (step.run)(&root) {
            Ok(()) => println!("==> {}: ok", step.name),
            Err(e) => {
                eprintln!("==> {}: FAILED: {e}", step.name);
                failed.push(step.name);
            }
        }
    }
    println!();
    for name in &failed {
        println!("failed: {name}");
    }
    println!("ci: {} passed, {} failed", STEPS.len() - failed.len(), failed.len());
    if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Runs a command in the workspace root, streaming its output.
fn sh(root: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{program} {}` exited with {status}", args.join(" "))) }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn venv(root: &Path) -> std::path::PathBuf {
    root.join("target").join("tools").join("venv")
}

/// Python tools into a virtualenv under `target/`, reused when the requirements have not changed.
fn install_tools(root: &Path) -> Result<(), String> {
    let venv = venv(root);
    let requirements = root.join("tools").join("requirements.txt");
    let stamp = venv.join("installed-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        println!("python tools already installed in {}", venv.display());
    } else {
        let venv_str = venv.to_string_lossy().to_string();
        sh(root, "python3", &["-m", "venv", &venv_str], &[])?;
        let pip = venv.join("bin").join("pip").to_string_lossy().to_string();
        sh(root, &pip, &["install", "--quiet", "--disable-pip-version-check", "-r", &requirements.to_string_lossy()], &[])?;
        std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Node tools (Prism, for the contract test) into `tools/node_modules`, exactly as the
/// lockfile pins them. Skipped when the last install is newer than `package.json` and the
/// lockfile: npm rewrites `node_modules/.package-lock.json` at the end of every install.
fn install_node_tools(root: &Path) -> Result<(), String> {
    let tools = root.join("tools");
    let modules = tools.join("node_modules");
    let installed = modules.join(".package-lock.json");
    let up_to_date = modules.join(".bin").join("prism").exists()
        && [tools.join("package.json"), tools.join("package-lock.json")]
            .iter()
            .all(|input| newer_or_same(&installed, input));
    if up_to_date {
        println!("node tools already installed in {}", modules.display());
        return Ok(());
    }
    sh(root, "npm", &["ci", "--prefix", "tools", "--no-audit", "--no-fund"], &[])
        .map_err(|e| format!("{e} (the contract test needs Node.js 20+ and npm)"))
}

/// Binaries from crates.io (`tools/cargo-tools.txt`: `NAME VERSION` a line), each with
/// `cargo install --locked` into its own versioned directory under the user's cache, so a
/// second run (or another clone) finds it and skips the build; a new pin installs anew.
fn install_cargo_tools(root: &Path) -> Result<(), String> {
    for (name, version) in crate::cargo_tools::pins(root)? {
        let dir = crate::cargo_tools::install_dir(&name, &version)?;
        if dir.join("bin").join(&name).is_file() {
            println!("{name} {version} already installed in {}", dir.display());
            continue;
        }
        let dir = dir.to_string_lossy().to_string();
        sh(root, &cargo(), &["install", "--locked", "--quiet", "--version", &version, "--root", &dir, &name], &[])?;
    }
    Ok(())
}

/// Whether `path` exists and was modified no earlier than `than`.
fn newer_or_same(path: &Path, than: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(path), modified(than)), (Some(a), Some(b)) if a >= b)
}

fn validate_specs(root: &Path) -> Result<(), String> {
    let validator = venv(root).join("bin").join("openapi-spec-validator").to_string_lossy().to_string();
    let specs = spec_files(&root.join("specs")).map_err(|e| e.to_string())?;
    if specs.is_empty() {
        return Err("no specs found in specs/".to_string());
    }
    let mut args = Vec::new();
    for spec in specs {
        args.push(validated_document(root, &spec)?.to_string_lossy().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sh(root, &validator, &args, &[])
}

/// The file the validator checks for a spec: the spec itself, or for an overlay (which the
/// validator does not apply) the document the generator makes of it, written under
/// `target/validate-specs/`.
fn validated_document(root: &Path, spec: &Path) -> Result<std::path::PathBuf, String> {
    if !generator::load::overlay::is_overlay_file(spec) {
        return Ok(spec.to_path_buf());
    }
    let document = generator::load::load_file(spec).map_err(|e| e.to_string())?.tree();
    let dir = root.join("target").join("validate-specs");
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let file = dir.join(format!("{stem}.json"));
    std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, document.to_string())).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(file)
}

fn codegen_check(_root: &Path) -> Result<(), String> {
    match crate::codegen::run(&["--check".to_string()]) {
        code if code == ExitCode::SUCCESS => Ok(()),
        _ => Err("generated crates are stale: run `cargo xtask codegen` and commit the result".to_string()),
    }
}

fn cargo_test(root: &Path) -> Result<(), String> {
    sh(root, &cargo(), &["test", "--workspace", "--no-fail-fast"], &[])
}

fn clippy(root: &Path) -> Result<(), String> {
    sh(root, &cargo(), &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])
}

/// The runtime's optional modules (multipart, forms, cookies, WebSocket, CometD) sit
/// behind features the workspace build leaves off, so they get a run of their own.
fn runtime_all_features(root: &Path) -> Result<(), String> {
    sh(root, &cargo(), &["clippy", "-p", "client-runtime", "--all-features", "--all-targets", "--", "-D", "warnings"], &[])?;
    sh(root, &cargo(), &["test", "-p", "client-runtime", "--all-features"], &[])
}

/// Every cargo feature a generated crate offers compiles alone, as does the crate with
/// none and with all of them, examples included (an example that needs a feature says so
/// when run without it). One shared target directory, so each run only compiles what its
/// features change.
fn feature_combinations(root: &Path) -> Result<(), String> {
    let output = std::process::Command::new(cargo())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let generated = package["manifest_path"].as_str().and_then(|m| Path::new(m).parent()).is_some_and(|d| d.join(generator::output::MANIFEST).is_file());
        let Some(name) = package["name"].as_str().filter(|_| generated) else { continue };
        let features: Vec<&str> = package["features"].as_object().into_iter().flat_map(|f| f.keys()).map(String::as_str).filter(|f| *f != "default").collect();
        let mut runs: Vec<Vec<&str>> = vec![vec!["--no-default-features"], vec!["--all-features"]];
        runs.extend(features.iter().map(|f| vec!["--no-default-features", "--features", f]));
        for run in runs {
            let mut args = vec!["clippy", "-p", name, "--all-targets"];
            args.extend(run);
            args.extend(["--", "-D", "warnings"]);
            sh(root, &cargo(), &args, &[])?;
        }
    }
    Ok(())
}

fn doc(root: &Path) -> Result<(), String> {
    sh(root, &cargo(), &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])
}

/// Packages every generated crate and builds it from the packaged files, as crates.io will.
/// `--allow-dirty`: this checks the packages, it does not release them (`cargo xtask
/// publish --execute` refuses uncommitted files).
fn package(root: &Path) -> Result<(), String> {
    let packages = crate::publish::generated_packages(root)?;
    let mut args = vec!["package", "--allow-dirty"];
    for package in &packages {
        args.extend(["-p", package.name.as_str()]);
    }
    sh(root, &cargo(), &args, &[])
}
