//! `cargo xtask codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::lifecycle::{self, Bump, Regenerated};
use generator::output;
use generator::warning::Warning;

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent directory").to_path_buf()
}

struct Args {
    check: bool,
    fresh: bool,
    /// Any warning fails the run, as an error would.
    strict: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    bump: Option<Bump>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        check: false,
        fresh: false,
        strict: false,
        spec: None,
        out: None,
        name: None,
        bump: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--fresh" => parsed.fresh = true,
            "--strict" => parsed.strict = true,
            "--spec" => parsed.spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--name" => parsed.name = Some(value("--name")?),
            "--bump" => parsed.bump = Some(value("--bump")?.parse()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.spec.is_some() != parsed.out.is_some() {
        return Err("--spec and --out go together".to_string());
    }
    if parsed.name.is_some() && parsed.spec.is_none() {
        return Err("--name only applies with --spec".to_string());
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) => return super::usage_error(&e),
    };
    let jobs = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => vec![(spec.clone(), Some(out.clone()))],
        _ => match spec_files(&workspace_root().join("specs")) {
            Ok(files) => files.into_iter().map(|f| (f, None)).collect(),
            Err(e) => {
                eprintln!("error: cannot list specs/: {e}");
                return ExitCode::from(1);
            }
        },
    };
    let options = lifecycle::Options {
        date: today(),
        bump: args.bump,
    };
    // Generate everything in memory first: a failure anywhere leaves every file as it was.
    let Some(rendered) = generate(&jobs, args.name.as_deref(), &options, args.fresh, args.strict) else {
        eprintln!("nothing was written");
        return ExitCode::from(1);
    };
    // The items printed are kept for the next run while this one compares and writes.
    std::thread::scope(|scope| {
        scope.spawn(|| keep_printed_items(&rendered));
        compare_and_write(&args, &rendered, jobs.len())
    })
}

/// Writes each crate's printed items where the next run looks for them.
fn keep_printed_items(rendered: &[(PathBuf, Regenerated)]) {
    for (_, regenerated) in rendered {
        if let Some(printed) = &regenerated.printed {
            write_printed_items(&printed_items_file(&regenerated.krate.name), printed);
        }
    }
}

/// With `--check`, whether the crates on disk are as generated; else writes those that are not.
fn compare_and_write(args: &Args, rendered: &[(PathBuf, Regenerated)], specs: usize) -> ExitCode {
    let plans: Vec<output::Plan> = rendered.iter().map(|(dir, regenerated)| output::plan(dir, &regenerated.krate)).collect();
    if args.check {
        let stale: Vec<&Path> = plans.iter().flat_map(|p| p.paths()).collect();
        if stale.is_empty() {
            println!("generated crates are up to date ({specs} specs)");
            return ExitCode::SUCCESS;
        }
        eprintln!("stale generated files (run `cargo xtask codegen`):");
        for path in stale {
            eprintln!("  {}", path.strip_prefix(workspace_root()).unwrap_or(path).display());
        }
        for ((_, regenerated), plan) in rendered.iter().zip(&plans) {
            if !plan.is_empty() {
                eprint!("{}:\n{}", regenerated.krate.name, describe(regenerated));
            }
        }
        return ExitCode::from(1);
    }
    if let Err(e) = output::apply(&plans) {
        eprintln!("error: writing generated files failed: {e}");
        return ExitCode::from(1);
    }
    for ((dir, regenerated), plan) in rendered.iter().zip(&plans) {
        let shown = dir.strip_prefix(workspace_root()).unwrap_or(dir);
        if plan.is_empty() {
            println!("{}: up to date ({})", regenerated.krate.name, shown.display());
        } else {
            println!("{}: {} written, {} removed ({})", regenerated.krate.name, plan.writes.len(), plan.deletes.len(), shown.display());
            print!("{}", describe(regenerated));
        }
    }
    ExitCode::SUCCESS
}

/// Regenerates every `(spec, output dir)` job in memory, each into `generated/<crate>/`
/// unless its dir is given. Problems and warnings are printed, in job order; `None` if there
/// was a problem, or with `strict` a warning.
///
/// Jobs run side by side, one thread each: loading and lowering one spec is single-threaded
/// work that overlaps with formatting another, so the cores stay busy.
///
/// Rust printed before is reused (see `generator::render::Printed`): the items printed by the
/// last run, kept under the target directory, and the files of each crate that its record
/// of printed files (`.codegen/printed`) shows unchanged. `fresh` prints everything anew.
pub fn generate(jobs: &[(PathBuf, Option<PathBuf>)], name: Option<&str>, options: &lifecycle::Options, fresh: bool, strict: bool) -> Option<Vec<(PathBuf, Regenerated)>> {
    let overrides = generator::Overrides { crate_name: name.map(str::to_string) };
    let results: Vec<Result<Generated, String>> = std::thread::scope(|scope| {
        let threads: Vec<_> = jobs
            .iter()
            .map(|(spec, out)| {
                let overrides = &overrides;
                std::thread::Builder::new()
                    .stack_size(JOB_STACK)
                    .spawn_scoped(scope, move || generate_one(spec, out.as_deref(), overrides, options, fresh).map_err(|e| e.to_string()))
            })
            .collect();
        threads
            .into_iter()
            .zip(jobs)
            .map(|(thread, (spec, _))| match thread {
                // The panic hook has already described a panic; this names the spec.
                Ok(handle) => handle.join().unwrap_or_else(|_| Err(format!("{}: internal generator error", spec.display()))),
                Err(e) => Err(format!("{}: cannot start a thread: {e}", spec.display())),
            })
            .collect()
    });
    let mut rendered: Vec<(PathBuf, Regenerated)> = Vec::new();
    let mut failed = false;
    for ((spec, _), result) in jobs.iter().zip(results) {
        match result {
            Ok((dir, regenerated, warnings)) => {
                if !warnings.is_empty() {
                    failed |= strict;
                    print_warnings(&warnings, strict);
                }
                if let Some((other, _)) = rendered.iter().find(|(d, _)| *d == dir) {
                    eprintln!("error: {} and another spec both generate {}", spec.display(), other.display());
                    failed = true;
                }
                rendered.push((dir, regenerated));
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    (!failed).then_some(rendered)
}

/// One line per warning, file and pointer first, as errors are shown; then how many.
/// `warnings` is not empty.
pub(crate) fn print_warnings(warnings: &[Warning], strict: bool) {
    let label = if strict { "error" } else { "warning" };
    for warning in warnings {
        let file = warning.file.strip_prefix(workspace_root()).unwrap_or(&warning.file);
        eprintln!("{label}: {}: {}: {}", file.display(), warning.pointer, warning.message);
    }
    let file = warnings[0].file.strip_prefix(workspace_root()).unwrap_or(&warnings[0].file);
    let count = warnings.len();
    let plural = if count == 1 { "" } else { "s" };
    if strict {
        eprintln!("{}: {count} warning{plural}, which --strict makes errors", file.display());
    } else {
        eprintln!("{}: {count} warning{plural} (the spec was read as described; --strict refuses it)", file.display());
    }
}

/// As generous as the main worker's (see `main.rs`): deeply nested specs recurse deeply.
const JOB_STACK: usize = 256 * 1024 * 1024;

/// One spec's crate in memory: its directory, the crate, and the spec's warnings.
type Generated = (PathBuf, Regenerated, Vec<Warning>);

fn generate_one(spec: &Path, out: Option<&Path>, overrides: &generator::Overrides, options: &lifecycle::Options, fresh: bool) -> generator::Result<Generated> {
    // The loaded spec (its raw tree and typed model, several times its size) is freed as
    // soon as it is lowered, before rendering needs memory of its own.
    let loaded = generator::load::load_file(spec)?;
    let krate = generator::lower::lower(&loaded, overrides).map_err(|e| loaded.in_source(e))?;
    let warnings = loaded.warnings();
    drop(loaded);
    let name = &krate.package.name;
    let dir = out.map(Path::to_path_buf).unwrap_or_else(|| workspace_root().join("generated").join(name));
    let shown = spec.strip_prefix(workspace_root()).unwrap_or(spec);
    let mut known = if fresh { Default::default() } else { read_printed_items(&printed_items_file(name)).unwrap_or_default() };
    if !fresh {
        lifecycle::add_printed_files(&mut known, &dir);
    }
    let mut regenerated = lifecycle::regenerate_reusing(krate, &shown.display().to_string(), &dir, options, Some(&known))?;
    // Kept (by `keep_printed_items`) only when this run printed items and they differ from
    // those kept (a run that took every file as it was keeps the items of the last run that
    // printed).
    regenerated.printed = regenerated.printed.take().filter(|printed| !printed.is_empty() && !printed.same_items(&known));
    Ok((dir, regenerated, warnings))
}

/// Where a crate's printed items are kept between runs (see `generator::render::Printed`):
/// under the target directory, so `cargo clean` forgets them; never in the working tree.
fn printed_items_file(crate_name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    target.join("codegen-printed").join(format!("{crate_name}.bin"))
}

/// Printed items are only valid for the generator build that printed them: the file starts
/// with this binary's size and modification time, and a rebuilt xtask starts afresh.
fn build_stamp() -> Option<String> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("xtask build {} {}\n", meta.len(), modified.as_nanos()))
}

/// Anything missing, foreign, damaged or from another build reads as nothing known.
fn read_printed_items(path: &Path) -> Option<generator::render::Printed> {
    let bytes = std::fs::read(path).ok()?;
    generator::render::Printed::from_bytes(bytes.strip_prefix(build_stamp()?.as_bytes())?)
}

/// Best effort, and atomic (a concurrent reader sees the old file or the new one): a cache
/// that cannot be written costs the next run time, nothing else.
fn write_printed_items(path: &Path, printed: &generator::render::Printed) {
    let (Some(stamp), Some(dir)) = (build_stamp(), path.parent()) else { return };
    let mut bytes = stamp.into_bytes();
    bytes.extend(printed.to_bytes());
    // Unique per process and call: jobs run on threads of one process.
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = path.with_extension(format!("tmp{}-{call}", std::process::id()));
    let written = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&temporary, &bytes)).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// The version step and the classified changes, one per line.
fn describe(regenerated: &Regenerated) -> String {
    let mut text = match &regenerated.previous {
        None => format!("  version {} (first generation)\n", regenerated.version),
        Some(before) if *before == regenerated.version => format!("  version {before} (unchanged)\n"),
        Some(before) => format!("  version {before} -> {}\n", regenerated.version),
    };
    for change in &regenerated.changes {
        text.push_str(&format!("  - {}\n", change.text()));
    }
    text
}

/// The date for changelog entries: `SOURCE_DATE_EPOCH` (reproducible builds) or today, UTC.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0));
    generator::changelog::date_from_unix(seconds)
}

/// The spec files in a directory (YAML or JSON), sorted so output order is stable.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3.0 document without `paths`: one sensible reading (no operations), one warning.
    const WARNED: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-codegen: {crate: warned}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n";

    #[test]
    fn warnings_are_returned_and_strict_refuses_them() {
        let dir = std::env::temp_dir().join(format!("xtask-strict-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("warned.yaml");
        std::fs::write(&spec, WARNED).unwrap();
        let loaded = generator::load::load_file(&spec).unwrap();
        let warnings = loaded.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!((warnings[0].file.as_path(), warnings[0].pointer.as_str()), (spec.as_path(), "#"));
        assert!(warnings[0].message.contains("no `paths`"), "{}", warnings[0].message);

        let jobs = vec![(spec.clone(), Some(dir.join("out")))];
        let options = lifecycle::Options { date: "2026-01-01".to_string(), bump: None };
        let generated = generate(&jobs, None, &options, true, false).expect("a warning alone does not stop generation");
        assert_eq!(generated.len(), 1);
        assert!(generate(&jobs, None, &options, true, true).is_none(), "--strict makes the warning an error");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
