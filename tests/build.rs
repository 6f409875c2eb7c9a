//! Writes, for the table-driven client tests, one call per operation of a generated crate,
//! from its spec: `$OUT_DIR/<crate>_calls.rs` holds `CALLS`, `(operationId, fn)` pairs, each
//! `fn` calling the operation's method with every parameter set (required ones as
//! arguments, optional ones on the builder; values from `support/samples.rs`) and a
//! default body, and returning what came back (`Sent`: status, headers, decoded body).
//! The tests then work out from the spec
//! what each call must send and assert it (`client_ultracart.rs`), or have Prism judge it
//! (`contract_prism/ultracart.rs`).
//!
//! Only the Rust calls come from the lowered IR (method, argument order, setter names):
//! what a request must look like is read from the spec by the test itself.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "support/samples.rs"]
#[allow(dead_code)]
mod samples;

/// The crates whose operations are exercised from a table: `(crate, spec)`.
const TABLES: &[(&str, &str)] = &[("ultracart-conversation", "specs/ultracart-conversation.overlay.yaml")];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo::rerun-if-changed=support/samples.rs");
    for (name, spec) in TABLES {
        let spec = root.join(spec);
        println!("cargo::rerun-if-changed={}", spec.display());
        // The overlay reads the upstream it extends, which must be watched too.
        println!("cargo::rerun-if-changed={}", root.join("specs/upstream").display());
        let loaded = generator::load::load_file(&spec).unwrap_or_else(|e| panic!("{e}"));
        let krate = generator::lower::lower(&loaded, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        let path = out.join(format!("{}_calls.rs", name.replace('-', "_")));
        std::fs::write(&path, calls(&krate)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn calls(krate: &generator::ir::Crate) -> String {
    let lib = &krate.package.lib_name;
    let mut text = format!(
        "// Written by tests/build.rs from the spec of `{name}`: one call per operation.\n\n\
         /// What a call brought back: the status, the headers and the decoded body as JSON\n\
         /// (`null` for none), to compare with the raw body.\n\
         #[derive(Debug)]\n\
         #[allow(dead_code)] // each test binary reads what it checks\n\
         pub struct Sent {{ pub status: u16, pub headers: ::reqwest::header::HeaderMap, pub body: ::serde_json::Value }}\n\
         /// What a call returns: what came back, or the client's error.\n\
         pub type CallFuture<'a> = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Result<Sent, {lib}::Error>> + 'a>>;\n\
         /// Calls one operation with every parameter set.\n\
         pub type Call = fn(&{lib}::Client) -> CallFuture<'_>;\n\n\
         fn sent<T: ::serde::Serialize>(response: {lib}::ApiResponse<T>) -> Sent {{\n\
             let body = ::serde_json::to_value(&response.body).expect(\"a decoded body serialises\");\n\
             Sent {{ status: response.status.as_u16(), headers: response.headers, body }}\n\
         }}\n\n",
        name = krate.package.name
    );
    let mut table = String::from("/// `(operationId, call)` for every operation, in spec order.\npub const CALLS: &[(&str, Call)] = &[\n");
    for (i, op) in krate.operations.iter().enumerate() {
        let mut args = Vec::new();
        let mut setters = String::new();
        for p in &op.params {
            let value = sample(&p.ty.to_string(), p.wire_name.as_str());
            if p.required {
                args.push(value);
            } else {
                let _ = write!(setters, ".{}({value})", p.field);
            }
        }
        if let Some(body) = &op.body {
            let value = format!("<{} as ::std::default::Default>::default()", body.ty.to_string().replace("models::", &format!("{lib}::models::")));
            if body.required {
                args.push(value);
            } else {
                let _ = write!(setters, ".body({value})");
            }
        }
        let _ = writeln!(
            text,
            "// Integer samples are i64, cast to each parameter's type (i64 too, sometimes).\n#[allow(deprecated, clippy::unnecessary_cast)]\nfn call_{i}(client: &{lib}::Client) -> CallFuture<'_> {{\n    Box::pin(async move {{ client.{}({}){setters}.send_with_response().await.map(sent) }})\n}}\n",
            op.method_name,
            args.join(", ")
        );
        let _ = writeln!(table, "    ({:?}, call_{i}),", op.id.as_str());
    }
    table.push_str("];\n");
    text + &table
}

/// The Rust expression of a parameter's sample value, by its stored type.
fn sample(ty: &str, wire: &str) -> String {
    match ty {
        "String" => format!("support_samples::string({wire:?})"),
        "bool" => format!("support_samples::boolean({wire:?})"),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => format!("support_samples::integer({wire:?}) as {ty}"),
        // A type no sample exists for fails the build, naming it, rather than leaving an
        // operation out of the table.
        other => panic!("build.rs: no sample value for a parameter `{wire}` of type `{other}`; add one to support/samples.rs"),
    }
}
