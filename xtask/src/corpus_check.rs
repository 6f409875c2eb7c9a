//! `cargo xtask corpus-check [--all]`: the broad corpus (`../shared/corpus-broad/`) generated
//! and its crates compiled (clippy and rustdoc), as `tests/corpus.rs` does on every run, and
//! with `--all` the crates of the big specs type-checked too (over 1 MB each: minutes of `cargo check` apiece on two cores,
//! so not on every run; see README.md). A separate command rather than an ignored test, so
//! nothing that is left out reports success.

use std::process::{Command, ExitCode};

pub fn run(args: &[String]) -> ExitCode {
    let all = match args {
        [] => false,
        [flag] if flag == "--all" => true,
        _ => return super::usage_error("corpus-check takes only --all"),
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    // Both broad-corpus tests: the generation table, then the compile checks.
    command.args(["test", "-p", "integration-tests", "--test", "corpus", "broad_corpus", "--", "--nocapture"]).current_dir(super::codegen::workspace_root());
    if all {
        command.env("CORPUS_CHECK_ALL", "1");
    }
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::from(1)
        }
    }
}
