//! A bounded, deterministic property test of the whole generator: a few hundred seeded
//! mutations of the project's specs, the corpus and the fixtures (nodes deleted,
//! duplicated, moved, retargeted, retyped, strings replaced by hostile text), each run
//! through load → lower → render. Whatever the input, the generator must not panic, hang
//! or report a bug of its own, and every error it reports must carry a pointer that
//! resolves in the document (or is `#`).
//!
//! A failure names the spec, the case number and the mutations, so it reproduces exactly.
//! `PROPERTY_CASES=N` raises the number of cases per spec for a longer local run. The mutants
//! that generate are compiled too, one per seed spec (`PROPERTY_COMPILE_CASES=N` for more).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

mod scratch_workspace;

use generator::Error;
use generator::pointer::Pointer;
use scratch_workspace::ScratchWorkspace;
use integration_tests::{shared_dir, workspace_root};
use serde_json::Value;

/// Cases per spec in CI: enough to cover every mutation on every spec several times while
/// the whole test stays around a minute on two cores.
const DEFAULT_CASES: usize = 24;

/// A generation taking longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

/// SplitMix64: tiny, seedable, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

const HOSTILE_STRINGS: &[&str] = &[
    "", " ", "\"", "\\", "*/", "/*", "\n", "\r\n", "\u{0}", "\u{202E}", "{{ x }}", "{% if %}", "```", "#[doc]", "Self", "self", "type", "123",
    "$ref", "#/components/schemas/Missing", "#/", "#", "x://external#/a", "Option", "Result", "Client", "ü", "-", "a/b~c", "{id}", "{", "}",
];

const TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object", "null", "strnig"];

/// Builds a random value for a schema keyword.
type MakeValue = fn(&mut Rng) -> Value;

const KEYWORDS: &[(&str, MakeValue)] = &[
    ("nullable", |_| Value::Bool(true)),
    ("readOnly", |_| Value::Bool(true)),
    ("writeOnly", |_| Value::Bool(true)),
    ("enum", |r| serde_json::json!([HOSTILE_STRINGS[r.below(HOSTILE_STRINGS.len())], "a", 1, null])),
    ("additionalProperties", |r| if r.below(2) == 0 { Value::Bool(false) } else { serde_json::json!({"type": "integer"}) }),
    ("allOf", |_| serde_json::json!([{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "string"}])),
    ("oneOf", |_| serde_json::json!([{"type": "string"}, {"type": "object", "properties": {"k": {"type": "string", "enum": ["x"]}}}])),
    ("anyOf", |_| serde_json::json!([{"type": "integer"}, {"type": "string", "format": "date-time"}])),
    ("discriminator", |_| serde_json::json!({"propertyName": "k", "mapping": {"x": "#/components/schemas/Missing"}})),
    ("format", |r| Value::from(["byte", "binary", "date-time", "date", "uuid", "uri", "int32", "float"][r.below(8)])),
    ("items", |_| serde_json::json!({"$ref": "#"})),
    ("default", |_| serde_json::json!({"*/": ["\"", "{{ x }}"]})),
];

/// Every node's path in the tree, root first.
fn paths(root: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![(root, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut p = path.clone();
                    p.push(k.clone());
                    stack.push((v, p));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i.to_string());
                    stack.push((v, p));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out.sort();
    out
}

fn get_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |node, token| match node {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(move |i| items.get_mut(i)),
        _ => None,
    })
}

fn get<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(root, |node, token| match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

fn pointer_of(path: &[String]) -> String {
    path.iter().fold(Pointer::root(), |p, t| p.push(t)).to_string()
}

/// Applies one random mutation and describes it.
fn mutate(doc: &mut Value, rng: &mut Rng) -> String {
    let all = paths(doc);
    let Some(target) = rng.pick(&all).cloned() else { return "nothing to mutate".into() };
    let at = pointer_of(&target);
    match rng.below(8) {
        0 => {
            // Delete the node.
            let Some((last, parent)) = target.split_last() else { return "kept the root".into() };
            match get_mut(doc, parent) {
                Some(Value::Object(map)) => {
                    map.shift_remove(last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
            format!("delete {at}")
        }
        1 => {
            // Copy the node over another one (duplicates, moves, cross-links).
            let Some(source) = get(doc, &target).cloned() else { return "no source".into() };
            let Some(dest) = rng.pick(&all).cloned() else { return "no destination".into() };
            if let Some(slot) = get_mut(doc, &dest) {
                *slot = source;
            }
            format!("copy {at} over {}", pointer_of(&dest))
        }
        2 => {
            // Retarget a reference: to another node, to nothing, or out of the file.
            let refs: Vec<Vec<String>> = all.iter().filter(|p| p.last().is_some_and(|t| t == "$ref")).cloned().collect();
            let Some(r) = rng.pick(&refs).cloned() else { return "no $ref".into() };
            let new_target = match rng.below(3) {
                0 => pointer_of(rng.pick(&all).map(Vec::as_slice).unwrap_or(&[])),
                1 => "#/components/schemas/Missing".to_string(),
                _ => "other.yaml#/components/schemas/Pet".to_string(),
            };
            if let Some(slot) = get_mut(doc, &r) {
                *slot = Value::from(new_target.clone());
            }
            format!("retarget {} to {new_target}", pointer_of(&r))
        }
        3 => {
            // Change a `type`, or the kind of a value.
            let types: Vec<Vec<String>> = all.iter().filter(|p| p.last().is_some_and(|t| t == "type")).cloned().collect();
            let chosen = rng.pick(&types).cloned().unwrap_or(target);
            let new = match get(doc, &chosen) {
                Some(Value::String(_)) if chosen.last().is_some_and(|t| t == "type") => Value::from(TYPES[rng.below(TYPES.len())]),
                Some(Value::Object(_)) => serde_json::json!(["was", "an", "object"]),
                Some(Value::Array(_)) => serde_json::json!({"was": "an array"}),
                Some(Value::String(_)) => Value::from(42),
                _ => Value::from("was a scalar"),
            };
            let shown = new.to_string();
            if let Some(slot) = get_mut(doc, &chosen) {
                *slot = new;
            }
            format!("set {} to {shown}", pointer_of(&chosen))
        }
        4 => {
            // Replace a string, or rename a key, with hostile text.
            let text = HOSTILE_STRINGS[rng.below(HOSTILE_STRINGS.len())];
            let Some((last, parent)) = target.split_last() else { return "kept the root".into() };
            if rng.below(2) == 0 {
                if let Some(Value::Object(map)) = get_mut(doc, parent) {
                    if let Some(value) = map.shift_remove(last) {
                        map.insert(text.to_string(), value);
                    }
                }
                format!("rename {at} to {text:?}")
            } else {
                if let Some(slot) = get_mut(doc, &target) {
                    *slot = Value::from(text);
                }
                format!("set {at} to {text:?}")
            }
        }
        5 => {
            // Add a schema keyword to an object node.
            let (keyword, make) = KEYWORDS[rng.below(KEYWORDS.len())];
            let value = make(rng);
            let objects: Vec<Vec<String>> = all.iter().filter(|p| get(doc, p).is_some_and(Value::is_object)).cloned().collect();
            let Some(node) = rng.pick(&objects).cloned() else { return "no object".into() };
            if let Some(Value::Object(map)) = get_mut(doc, &node) {
                map.insert(keyword.to_string(), value);
            }
            format!("add {keyword} to {}", pointer_of(&node))
        }
        6 => {
            // Make a schema refer to itself or to its parent (recursion, alias cycles).
            let schemas: Vec<Vec<String>> = all.iter().filter(|p| p.len() == 3 && p[0] == "components" && p[1] == "schemas").cloned().collect();
            let Some(schema) = rng.pick(&schemas).cloned() else { return "no component schema".into() };
            let own = pointer_of(&schema);
            if let Some(Value::Object(map)) = get_mut(doc, &schema) {
                let mutation = rng.below(3);
                match mutation {
                    0 => {
                        map.insert("items".into(), serde_json::json!({"$ref": own}));
                        map.insert("type".into(), Value::from("array"));
                    }
                    1 => {
                        map.insert("allOf".into(), serde_json::json!([{"$ref": own}]));
                    }
                    _ => {
                        map.insert("properties".into(), serde_json::json!({"self": {"$ref": own}, "many": {"type": "object", "additionalProperties": {"$ref": own}}}));
                    }
                }
            }
            format!("make {own} recursive")
        }
        _ => {
            // Empty a container.
            match get_mut(doc, &target) {
                Some(Value::Object(map)) => map.clear(),
                Some(Value::Array(items)) => items.clear(),
                _ => {}
            }
            format!("empty {at}")
        }
    }
}

fn seed_specs() -> Vec<PathBuf> {
    let mut dirs = vec![workspace_root().join("specs"), workspace_root().join("tests/fixtures/coverage"), workspace_root().join("tests/fixtures/hostile/compiles")];
    if let Some(shared) = shared_dir() {
        dirs.push(shared.join("corpus"));
    }
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|e| e.expect("entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "json")))
        .collect();
    files.sort();
    files
}

fn load_tree(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::load::load_str(path, &text).unwrap_or_else(|e| panic!("seed specs are valid: {e}")).tree()
}

/// What went wrong with one case, if anything, and whether generation stopped with an error.
fn check_case(name: &str, text: &str, doc: &Value) -> (Option<String>, bool) {
    let outcome = std::panic::catch_unwind(|| {
        let spec = generator::load::load_str(Path::new(name), text)?;
        let krate = generator::lower::lower(&spec, &generator::Overrides::default())?;
        generator::render::render(&krate).map(|_| ())
    });
    let problem = match &outcome {
        Err(panic) => Some(format!("panicked: {}", panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default())),
        Ok(Ok(())) => None,
        Ok(Err(Error::Bug { file, message })) => Some(format!("reported a generator bug in {file}: {message}")),
        Ok(Err(Error::Io { .. })) => Some("reported an I/O error for text in memory".to_string()),
        Ok(Err(Error::Spec(p) | Error::Unsupported(p))) => {
            let resolves = Pointer::parse(&p.pointer).is_some_and(|ptr| p.pointer == "#" || generator::load::resolve_pointer(doc, &ptr).is_some());
            (!resolves).then(|| format!("error pointer {} does not resolve: {}", p.pointer, p.message))
        }
    };
    (problem, matches!(outcome, Ok(Err(_))))
}

/// One mutated spec: its name for messages, its text, its tree and the mutations applied.
struct Mutant {
    file: String,
    text: String,
    doc: Value,
    steps: Vec<String>,
}

/// The cases for every seed spec, `cases` per spec (a quarter of that for big specs, which
/// take longer each), in a fixed order.
fn mutants(cases: usize) -> impl Iterator<Item = Mutant> {
    let specs = seed_specs();
    assert!(specs.len() >= 5, "seed specs found: {specs:?}");
    specs.into_iter().flat_map(move |path| {
        let seed_doc = load_tree(&path);
        let name = path.file_name().expect("file name").to_string_lossy().to_string();
        let size = serde_json::to_string(&seed_doc).map(|s| s.len()).unwrap_or(0);
        let spec_cases = if size > 100_000 { cases.div_ceil(4) } else { cases };
        (0..spec_cases).map(move |case| {
            let name_hash = name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            let mut rng = Rng(0x5EED ^ (case as u64).wrapping_mul(0x1000_0001) ^ name_hash);
            let mut doc = seed_doc.clone();
            let steps: Vec<String> = (0..1 + rng.below(3)).map(|_| mutate(&mut doc, &mut rng)).collect();
            let as_yaml = rng.below(4) == 0;
            let text = if as_yaml { serde_yaml::to_string(&doc).expect("yaml") } else { serde_json::to_string(&doc).expect("json") };
            let file = format!("{name}#case{case}.{}", if as_yaml { "yaml" } else { "json" });
            Mutant { file, text, doc, steps }
        })
    })
}

fn cases_from_env(variable: &str, default: usize) -> usize {
    std::env::var(variable).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_specs_never_panic_and_errors_point_into_the_document() {
    let mut failures = Vec::new();
    let mut errors_seen = 0;
    let mut total = 0;
    for Mutant { file, text, doc, steps } in mutants(cases_from_env("PROPERTY_CASES", DEFAULT_CASES)) {
        if std::env::var_os("PROPERTY_VERBOSE").is_some() {
            eprintln!("{file}: {}", steps.join("; "));
            let _ = std::fs::write(std::env::temp_dir().join("property-last-case"), &text);
        }
        // On a worker thread, so a hang shows as a timeout naming the case.
        let (tx, rx) = mpsc::channel();
        let worker_file = file.clone();
        std::thread::spawn(move || {
            let _ = tx.send(check_case(&worker_file, &text, &doc));
        });
        let (problem, errored) = match rx.recv_timeout(TIMEOUT) {
            Ok(outcome) => outcome,
            Err(_) => (Some(format!("did not finish within {TIMEOUT:?}")), false),
        };
        total += 1;
        errors_seen += usize::from(errored);
        if let Some(problem) = problem {
            failures.push(format!("{file} after [{}]: {problem}", steps.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} of {total} cases failed:\n{}", failures.len(), failures.join("\n"));
    // The mutations must actually provoke errors, or this test checks nothing about them.
    assert!(errors_seen > 0 || total == 0, "no mutation produced an invalid document");
    eprintln!("{total} mutated specs checked, {errors_seen} of them rejected with a located error");
}

/// The mutated specs that generate must also compile, pass clippy and document, in one
/// scratch workspace (`target/corpus-check/mutants/`): one case per seed spec on every run
/// (about a minute with the corpus's dependencies built); `PROPERTY_COMPILE_CASES=N` for
/// more in a longer local run.
#[test]
fn mutated_specs_that_generate_also_compile() {
    let mut workspace = ScratchWorkspace::new("mutants");
    let mut added = Vec::new();
    for (i, Mutant { file, text, steps, .. }) in mutants(cases_from_env("PROPERTY_COMPILE_CASES", 1)).enumerate() {
        let dir = format!("mutant-{i}");
        let generated = generator::load::load_str(Path::new(&file), &text).and_then(|spec| {
            let overrides = generator::Overrides { crate_name: Some(dir.clone()) };
            generator::render::render(&generator::lower::lower(&spec, &overrides)?)
        });
        if let Ok(rendered) = generated {
            workspace.add(&dir, &rendered);
            added.push(format!("{dir}: {file} after [{}]", steps.join("; ")));
        }
    }
    eprintln!("{} mutated crates to compile", added.len());
    assert!(!added.is_empty(), "no mutant generated, so nothing would be compiled");
    if let Err(diagnostics) = workspace.clippy() {
        panic!("mutated crates that do not compile:\n{diagnostics}\n\nwhich are:\n{}", added.join("\n"));
    }
    if let Err(diagnostics) = workspace.doc() {
        panic!("mutated crates that do not document:\n{diagnostics}\n\nwhich are:\n{}", added.join("\n"));
    }
}
