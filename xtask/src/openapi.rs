//! `cargo xtask openapi SPEC [--out FILE]`: the OpenAPI 3.0 document the generator reads.
//!
//! The load stage turns every input (an overlay on its upstream document, Swagger 2.0,
//! OpenAPI 3.1, references to other local files) into one OpenAPI 3.0 document with its
//! defects repaired (`generator::load`). Writing that document out shows what the
//! generated crate was made from, and feeds tools that read only OpenAPI 3.0 (other
//! generators, to compare their output with ours: BENCHMARKS.md).

use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    spec: PathBuf,
    out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let (mut spec, mut out) = (None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a value")?)),
            flag if flag.starts_with('-') => return Err(format!("unknown argument `{flag}`")),
            file if spec.is_none() => spec = Some(PathBuf::from(file)),
            extra => return Err(format!("one spec at a time (`{extra}` is a second)")),
        }
    }
    Ok(Args { spec: spec.ok_or("openapi needs a spec file")?, out })
}

pub fn run(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) => return super::usage_error(&e),
    };
    let spec = match generator::load::load_file(&args.spec) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let warnings = spec.warnings();
    if !warnings.is_empty() {
        super::codegen::print_warnings(&warnings, false);
    }
    let mut text = serde_json::to_string_pretty(&spec.tree()).expect("a JSON tree serializes");
    text.push('\n');
    let written = match &args.out {
        Some(out) => std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display())),
        None => {
            use std::io::Write;
            std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| format!("standard output: {e}"))
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
