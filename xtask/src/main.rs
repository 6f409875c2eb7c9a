//! `cargo xtask`: the project's commands.
//!
//! - `codegen`: regenerate every crate described in `specs/` into `generated/`.
//! - `codegen --check`: regenerate in memory and list stale files (exit 1 if any).
//! - `codegen --spec FILE --out DIR [--name CRATE]`: generate one crate from any spec.
//! - `codegen --bump major|minor|patch|none`: choose the version step instead of the diff.
//! - `codegen --strict`: a warning (a spec read loosely, see `generator::warning`) is an error.
//! - `openapi SPEC [--out FILE]`: write the OpenAPI 3.0 document the generator reads (after
//!   overlays, Swagger 2.0 or 3.1 conversion and repairs) as JSON.
//! - `publish [--execute] [--registry NAME]`: check and package every generated crate; upload
//!   with `--execute` (to crates.io, or to a registry named in cargo's configuration).
//! - `corpus-check [--all]`: generate and type-check the broad corpus; `--all` adds the big
//!   specs that CI leaves out for their cost.
//! - `test`: everything CI runs (see README.md).
//!
//! Exit codes: 0 success, 1 a spec error (or, with `--strict`, a warning) or stale output,
//! 2 a usage error. Never a panic.

mod cargo_tools;
mod codegen;
mod corpus_check;
mod openapi;
mod publish;
mod test;

use std::process::ExitCode;

/// See BENCHMARKS.md: allocation is a third of code generation's work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--fresh] [--strict] [--bump major|minor|patch|none]
  cargo xtask codegen --spec FILE --out DIR [--name CRATE] [--fresh] [--strict] [--bump ...]
  cargo xtask openapi SPEC [--out FILE]
  cargo xtask publish [--execute] [--registry NAME]
  cargo xtask corpus-check [--all]
  cargo xtask test";

/// A command line a command cannot read: the problem, then how to write one (exit code 2).
fn usage_error(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str);
    let rest = &args[args.len().min(1)..];
    // Deeply nested specs recurse deeply; a big stack keeps them from overflowing ours,
    // and catching panics keeps the promise of exit code 1 rather than 101.
    let rest = rest.to_vec();
    let command = command.map(str::to_string);
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || {
        std::panic::set_hook(Box::new(|info| {
            eprintln!("error: internal generator error (a bug, please report it with the spec): {info}");
        }));
        match command.as_deref() {
            Some("codegen") => codegen::run(&rest),
            Some("openapi") => openapi::run(&rest),
            Some("publish") => publish::run(&rest),
            Some("corpus-check") => corpus_check::run(&rest),
            Some("test") => test::run(&rest),
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                ExitCode::SUCCESS
            }
            _ => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        }
    });
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => ExitCode::from(1),
    }
}
