//! The public API of each generated crate is exactly the one the generator records and the
//! README describes.
//!
//! rustdoc's JSON output lists what the crate really exposes (every cargo feature on, and
//! `#[doc(hidden)]` items included: hidden is still public). Against it:
//!
//! 1. Every path the generator derives from the IR (the version diff's record of models,
//!    operations, servers, credentials, error bodies and event streams, plus the templates'
//!    fixed conventions: `tests/public_api/expected.rs`) exists, and every public item the
//!    generator printed is one of them. An item the record does not have is one the version
//!    diff cannot see change.
//! 2. What the crate takes from its copied runtime (`src/runtime/`) or from another crate
//!    is public only where the README or its module's docs name it: an accidental
//!    `pub mod runtime` or `pub use` of machinery fails. Members of those types are the
//!    runtime's own documented API.
//! 3. Every item at the crate root is named in the README.
//! 4. No public signature names a type or trait of the crate that users cannot reach.
//! 5. Every item the README names in a code span (`ClientBuilder::retry_policy`,
//!    `Error::Deadline`, `.send_with_response()`) exists.
//!
//! Cost: rustdoc of the three crates in `target/public-api/` (its dependencies are checked
//! once there, about a minute of CPU on a cold directory; then a few seconds per crate).

#[path = "public_api/expected.rs"]
mod expected;
#[path = "public_api/readme.rs"]
mod readme;
#[path = "public_api/rustdoc.rs"]
mod rustdoc;

use integration_tests::{lower_file, spec_path, workspace_root};
use rustdoc::{Origin, PublicApi};

#[test]
fn genesys_cloud_guest_chat_exposes_its_documented_api() {
    check("genesys-cloud-guest-chat");
}

#[test]
fn ultracart_conversation_exposes_its_documented_api() {
    check("ultracart-conversation");
}

#[test]
fn genesys_engage_chat_exposes_its_documented_api() {
    check("genesys-engage-chat");
}

fn check(name: &str) {
    let krate = lower_file(&spec_path(name));
    let api = rustdoc::document(&workspace_root(), name);
    let problems = problems(&api, &expected::expected(&krate), &krate.package.lib_name);
    assert!(problems.is_empty(), "the public API of {name} is not the documented one:\n  {}", problems.join("\n  "));
}

fn problems(api: &PublicApi, expected: &std::collections::BTreeSet<String>, lib_name: &str) -> Vec<String> {
    let claims = readme::claims(&api.root_docs, lib_name);
    let mut problems = Vec::new();
    for path in expected {
        if !api.entries.contains_key(path) {
            problems.push(format!("`{path}`: the generator derives it (its record or conventions), the crate does not expose it"));
        }
    }
    for (path, entry) in &api.entries {
        let hidden = if entry.hidden { ", #[doc(hidden)]" } else { "" };
        let owner_origin = entry.owner.as_ref().map(|owner| api.entries[owner].origin);
        match (entry.origin, owner_origin) {
            (Origin::Generated, _) if !expected.contains(path) => problems.push(format!(
                "`{path}` ({}{hidden}): public, but not in the generator's record or conventions (tests/public_api/expected.rs)",
                entry.kind
            )),
            // A member of a runtime type (`ClientBuilder::timeout`): the runtime's API.
            (Origin::Runtime | Origin::External, Some(Origin::Runtime | Origin::External)) => {}
            (Origin::Runtime | Origin::External, _) if !described(api, path, lib_name) => problems.push(format!(
                "`{path}` ({}{hidden}, from {}): public, but neither the README nor its module's docs name it",
                entry.kind,
                if entry.origin == Origin::Runtime { "the copied runtime" } else { "another crate" }
            )),
            _ => {}
        }
        // Root items of the runtime or another crate answered to `described` above.
        if entry.origin == Origin::Generated && !path.contains("::") && !claims.mentioned.contains(path.as_str()) {
            problems.push(format!("`{path}` ({}): at the crate root, but the README never names it", entry.kind));
        }
    }
    problems.extend(api.leaks.iter().map(|leak| format!("{leak}, which no public path reaches")));
    for path in &claims.paths {
        let first = path.split("::").next().expect("a path has a first segment");
        let ours = first.starts_with(|c: char| c.is_ascii_uppercase()) || api.entries.contains_key(first);
        if ours && first != "Self" && !api.entries.contains_key(path) {
            problems.push(format!("the README names `{path}`, which the crate does not expose"));
        }
    }
    for method in &claims.methods {
        let exists = api.entries.iter().any(|(path, e)| e.kind == "function" && path.rsplit("::").next() == Some(method.as_str()));
        if !exists {
            problems.push(format!("the README calls `{method}(...)`, which no public type has"));
        }
    }
    problems
}

/// Whether the README or the docs of the item's module name the item in a code span.
fn described(api: &PublicApi, path: &str, lib_name: &str) -> bool {
    let name = path.rsplit("::").next().expect("a path has a last segment");
    [api.root_docs.as_str(), api.module_docs(path)].iter().any(|docs| readme::claims(docs, lib_name).mentioned.contains(name))
}
