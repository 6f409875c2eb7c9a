//! Hostile input. Every invalid spec in `tests/fixtures/hostile/errors/` stops generation
//! with the exact error kind, file and JSON pointer listed here, and a hint; deep nesting
//! is refused without overflowing the stack. The valid-but-hostile specs in
//! `tests/fixtures/hostile/compiles/` lower to valid, unique identifiers that keep their
//! wire names, and their text stays data in every output format. (That those crates
//! compile is checked by `corpus.rs`, in its single cargo run.)

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use generator::Error;
use generator::ir::{Crate, TypeKind};
use integration_tests::{lower_file, workspace_root};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Spec,
    Unsupported,
}

/// One invalid spec and the error it must produce.
struct Case {
    file: &'static str,
    kind: Kind,
    pointer: &'static str,
    /// A fragment of the message that says what is wrong.
    says: &'static str,
}

const fn case(file: &'static str, kind: Kind, pointer: &'static str, says: &'static str) -> Case {
    Case { file, kind, pointer, says }
}

use Kind::{Spec, Unsupported};

const CASES: &[Case] = &[
    // Not a readable OpenAPI 3.0 document at all.
    case("bad-yaml.yaml", Spec, "#", "invalid YAML at line 3"),
    case("bad-json.json", Spec, "#", "invalid JSON at line 1"),
    case("duplicate-key.yaml", Spec, "#", "duplicate entry with key \"paths\""),
    case("alias-bomb.yaml", Spec, "#", "repetition limit exceeded"),
    case("not-utf8.yaml", Spec, "#", "not UTF-8"),
    case("empty.yaml", Spec, "#", "not a mapping"),
    case("not-a-mapping.yaml", Spec, "#", "not a mapping"),
    case("not-openapi.yaml", Spec, "#", "not an OpenAPI document"),
    case("swagger12.yaml", Unsupported, "#/swagger", "Swagger version \"1.2\" is not supported"),
    case("openapi4.yaml", Unsupported, "#/openapi", "4.0.0 is not supported"),
    case("openapi-number.yaml", Spec, "#/openapi", "must be a version string"),
    // Shape errors, located below openapiv3's flattened structs.
    case("invalid-shape.yaml", Spec, "#/paths/~1pets/get/responses/200/description", "expected a string"),
    case("parameter-in-body.yaml", Spec, "#/paths/~1pets/post/parameters/0", "unknown variant `body`"),
    case("unknown-type.yaml", Spec, "#/components/schemas/Pet/properties/name/type", "unknown type `strnig`"),
    // References.
    case("dangling-ref.yaml", Spec, "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref", "points at nothing"),
    case("external-ref.yaml", Spec, "#/components/schemas/Pet/$ref", "reference `common.yaml#/components/schemas/Pet`: cannot read"),
    case("remote-ref.yaml", Unsupported, "#/components/schemas/Pet/properties/owner/$ref", "remote reference `https://example.com/owner.yaml#/Owner`"),
    case("ref-cycle.yaml", Spec, "#/components/schemas/A/$ref", "reference cycle"),
    case("ref-to-non-schema.yaml", Spec, "#/info/title", "referenced from #/components/schemas/Pet/properties/owner as a schema"),
    // The range is named as the document spells it (`4xx`, not the typed model's `4XX`).
    case("range-response-not-a-response.yaml", Spec, "#/components/schemas/Pet", "referenced from #/paths/~1pets/get/responses/4xx as a response"),
    case("allof-cycle.yaml", Spec, "#/components/schemas/B/allOf/0", "allOf includes itself"),
    case("self-alias.yaml", Spec, "#/components/schemas/UserData", "defined only as itself"),
    // Operations and parameters.
    case("path-param-not-in-template.yaml", Spec, "#/paths/~1pets~1{id}/get/parameters/1", "`petId` does not appear in the path template"),
    case("duplicate-parameter.yaml", Spec, "#/paths/~1pets/get/parameters/1", "`limit` is declared twice"),
    case("form-body-not-object.yaml", Unsupported, "#/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded", "must be an object"),
    case("inline-member-without-tag.yaml", Spec, "#/components/schemas/Pet/oneOf/0", "cannot tell this member's `kind` value"),
    case("invalid-x-pagination.yaml", Spec, "#/paths/~1pets/get/x-pagination", "unknown field `page-parm`"),
    case("invalid-x-idempotent.yaml", Spec, "#/paths/~1pets/put/x-idempotent", "must be true or false"),
    // Traffic metadata the send path reads.
    case("invalid-x-rate-limit-headers.yaml", Spec, "#/x-rate-limit-headers", "unknown field `resets`"),
    case("invalid-x-correlation-header.yaml", Spec, "#/x-correlation-header", "must be the name of a response header"),
    // Security.
    case("unknown-security-scheme.yaml", Spec, "#/paths/~1pets/get/security/0/apiKey", "security scheme `apiKey` is not defined"),
    case("unsupported-http-scheme.yaml", Unsupported, "#/components/securitySchemes/digest/scheme", "`digest` is not supported"),
    // Generation settings that would end up in Cargo.toml.
    case("invalid-x-codegen.yaml", Spec, "#/x-codegen", "unknown field `crate-name`"),
    case("invalid-crate-name.yaml", Spec, "#/x-codegen/crate", "only ASCII letters, digits"),
    case("keyword-crate-name.yaml", Spec, "#/x-codegen/crate", "Cargo reserves it"),
    case("invalid-version.yaml", Spec, "#/x-codegen/version", "not a semantic version"),
];

/// Specs that are defective or read loosely but have one sensible reading: each generates,
/// with (at least) this located warning. That their crates compile is checked by `corpus.rs`.
const WARNED: &[(&str, &str, &str)] = &[
    ("path-param-undeclared.yaml", "#/paths/~1pets~1{id}/get", "declares no path parameter `id`: read as a required string"),
    ("unknown-http-scheme.yaml", "#/components/securitySchemes/dsn/scheme", "the whole `Authorization` header"),
    ("allof-non-object.yaml", "#/components/schemas/Full/allOf/2", "the model keeps the object parts"),
    ("no-paths.yaml", "#", "no `paths`"),
    ("duplicate-operation-id.yaml", "#/paths/~1b/get/operationId", "operationId `getThing` is already used by GET /a: this operation is named `getThing_get`"),
    ("required-in-properties.yaml", "#/paths/~1users/get/parameters/0/schema/properties/email/required", "read as an entry of the object's `required` list"),
    ("openapi31.yaml", "#/webhooks", "1 webhook(s) not generated"),
    ("openapi31.yaml", "#/components/schemas/Item/properties/value/type", "read as any JSON value"),
    ("swagger2.yaml", "#/paths/~1search/get/parameters/0/collectionFormat", "`tsv` has no OpenAPI 3.0 style"),
];

#[test]
fn every_warned_spec_generates_with_the_listed_located_warning() {
    let dir = workspace_root().join("tests/fixtures/warnings");
    for (file, pointer, says) in WARNED {
        let path = dir.join(file);
        let (_, warnings) = generator::generate_with_warnings(&path, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            warnings.iter().any(|w| w.file == path && w.pointer == *pointer && w.message.contains(says)),
            "{file}: expected a warning at {pointer} saying `{says}`, got:\n{}",
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
        );
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir).expect("the warnings fixtures").map(|e| e.expect("entry").file_name().to_string_lossy().to_string()).collect();
    let listed: BTreeSet<String> = WARNED.iter().map(|(file, _, _)| file.to_string()).collect();
    assert_eq!(on_disk, listed, "each fixture in tests/fixtures/warnings/ needs its expected warning in WARNED");
}

#[test]
fn a_multi_file_spec_is_bundled_into_one_crate() {
    let spec = workspace_root().join("tests/fixtures/multifile/api.yaml");
    let krate = lower_file(&spec);
    let names: Vec<&str> = krate.types.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Pet") && names.contains(&"Owner"), "{names:?}");
    let op = krate.operations.iter().find(|o| o.method_name == "get_pet").expect("the path item from paths/pet.yaml");
    assert_eq!(op.ok_type.to_string(), "models::Pet", "the file's schema is the component that refers to it");
}

#[test]
fn a_clean_spec_has_no_warnings() {
    for name in integration_tests::SPECS {
        let (_, warnings) = generator::generate_with_warnings(&integration_tests::spec_path(name), &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
    }
}

fn errors_dir() -> PathBuf {
    workspace_root().join("tests/fixtures/hostile/errors")
}

fn compiles_fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/hostile/compiles").join(name)
}

/// Asserts the error of `result` is `kind` at `pointer` in `file`, saying `says`, with a hint.
fn assert_located(result: generator::Result<generator::render::RenderedCrate>, file: &Path, kind: Kind, pointer: &str, says: &str) {
    let error = match result {
        Ok(_) => panic!("{}: generated a crate, but must fail at {pointer}", file.display()),
        Err(e) => e,
    };
    let (actual_kind, problem) = match &error {
        Error::Spec(p) => (Kind::Spec, p),
        Error::Unsupported(p) => (Kind::Unsupported, p),
        other => panic!("{}: expected a located error, got {other:?}", file.display()),
    };
    let name = file.display();
    assert_eq!(actual_kind, kind, "{name}: {error}");
    assert_eq!(problem.pointer, pointer, "{name}: {error}");
    assert_eq!(problem.file, file, "{name}: the error names the spec file");
    assert!(problem.message.contains(says), "{name}: message should say `{says}`: {error}");
    assert!(!problem.hint.trim().is_empty(), "{name}: every error says what to do: {error}");
    // The pointer leads to a node of the document (syntax errors point at the whole of it).
    let tree = std::fs::read_to_string(file).ok().and_then(|text| serde_yaml::from_str::<serde_json::Value>(&text).ok());
    match tree {
        Some(tree) if pointer != "#" => {
            let ptr = generator::pointer::Pointer::parse(pointer).expect("a `#/...` pointer");
            assert!(generator::load::resolve_pointer(&tree, &ptr).is_some(), "{name}: {pointer} resolves in the document");
        }
        _ => assert!(pointer == "#" || tree.is_some(), "{name}: an unreadable document can only be pointed at as a whole"),
    }
    let shown = error.to_string();
    assert!(shown.contains(&file.display().to_string()) && shown.contains(pointer), "{name}: the message shows file and pointer: {shown}");
}

#[test]
fn every_invalid_spec_stops_with_the_listed_located_error() {
    for case in CASES {
        let file = errors_dir().join(case.file);
        assert!(file.is_file(), "{} is listed but missing", file.display());
        let result = generator::generate(&file, &generator::Overrides::default());
        assert_located(result, &file, case.kind, case.pointer, case.says);
    }
}

#[test]
fn every_error_fixture_is_listed() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(errors_dir())
        .expect("the errors fixture directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    let listed: BTreeSet<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    assert_eq!(on_disk, listed, "each fixture in tests/fixtures/hostile/errors/ needs its expected error in CASES");
}

/// `depth` arrays nested in each other, as the value of an extension.
fn nested_json(depth: usize) -> String {
    format!(r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "x-deep": {}1{}}}"#, "[".repeat(depth), "]".repeat(depth))
}

fn generate_str(file: &str, text: &str) -> generator::Result<generator::render::RenderedCrate> {
    let spec = generator::load::load_str(Path::new(file), text)?;
    let krate = generator::lower::lower(&spec, &generator::Overrides::default())?;
    generator::render::render(&krate)
}

#[test]
fn ten_thousand_nested_arrays_or_objects_are_refused_not_overflowed() {
    // The test thread has the default 2 MiB stack: recursion on input depth would overflow.
    let json_arrays = nested_json(10_000);
    let json_objects = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "x-deep": {}1{}}}"#,
        r#"{"a":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    let yaml_flow = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    // Compact block sequences: `- - - 1` nests one sequence per dash, on one line.
    let yaml_block = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep:\n  {}1\n", "- ".repeat(10_000));
    for (name, text) in [("arrays.json", json_arrays), ("objects.json", json_objects), ("flow.yaml", yaml_flow), ("block.yaml", yaml_block)] {
        match generate_str(name, &text) {
            Err(Error::Spec(p)) => {
                // The JSON parser refuses the document as a whole; the YAML reader, which
                // builds the tree itself, names the node one level too deep.
                let located = p.pointer == "#" || p.pointer.starts_with(&format!("#/x-deep{}", "/0".repeat(generator::load::MAX_DEPTH - 1)));
                assert!(located, "{name}: refused as a whole or at the node too deep: {} {}", p.pointer, p.message);
                assert!(p.message.contains("recursion limit") || p.message.contains("nests deeper"), "{name}: {}", p.message);
            }
            other => panic!("{name}: expected a located spec error, got {:?}", other.map(|c| c.name)),
        }
    }
}

#[test]
fn nesting_just_inside_the_limit_is_lowered_without_overflow() {
    // Schemas nested through properties and items as deep as the load stage allows, lowered
    // and rendered on the 2 MiB stack of a test thread.
    let levels = generator::load::MAX_DEPTH / 2 - 4;
    let mut schema = String::from("{type: string}");
    for i in 0..levels {
        schema = if i % 2 == 0 { format!("{{type: object, properties: {{p{i}: {schema}}}}}") } else { format!("{{type: array, items: {schema}}}") };
    }
    // The same schema inline in a path item too (four levels deeper in the document): path
    // items are checked and deserialized on threads of their own (`parallel.rs`).
    let body = "requestBody: {content: {application/json: {schema: ";
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /deep:\n    post: {{operationId: deep, {body}{schema}}}}}}}, responses: {{'204': {{description: ok}}}}}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let rendered = generate_str("deep.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(rendered.file("src/models.rs").is_some_and(|f| f.contents.contains("pub struct Deep")));
    assert!(rendered.file("src/operations.rs").is_some_and(|f| f.contents.contains("pub fn deep(")));
    // One level more than allowed is refused where it happens, not somewhere arbitrary.
    let too_deep = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}1{}\n", "[".repeat(generator::load::MAX_DEPTH + 1), "]".repeat(generator::load::MAX_DEPTH + 1));
    match generate_str("deep.yaml", &too_deep) {
        Err(Error::Spec(p)) => {
            assert!(p.message.contains("nests deeper"), "{}", p.message);
            assert!(p.pointer.starts_with("#/x-deep/0/0/0"), "{}", p.pointer);
        }
        other => panic!("expected a spec error, got {:?}", other.map(|c| c.name)),
    }
}

fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
        "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "gen", "_",
    ];
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

fn assert_unique_identifiers<'a>(scope: &str, names: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for name in names {
        assert!(is_identifier(name), "{scope}: `{name}` is not a valid identifier");
        assert!(seen.insert(name), "{scope}: `{name}` is used twice");
    }
}

#[test]
fn hostile_names_become_valid_unique_identifiers_that_keep_their_wire_names() {
    let krate: Crate = lower_file(&compiles_fixture("identifiers.yaml"));
    assert_unique_identifiers("models", krate.types.iter().map(|t| t.name.as_str()));
    for t in &krate.types {
        match &t.kind {
            TypeKind::Struct { fields, .. } => assert_unique_identifiers(&t.name, fields.iter().map(|f| f.name.as_str())),
            TypeKind::Enum { variants, unknown, .. } => {
                assert_unique_identifiers(&t.name, variants.iter().map(|v| v.name.as_str()).chain([unknown.as_str()]))
            }
            TypeKind::Union { variants, unknown, .. } => {
                assert_unique_identifiers(&t.name, variants.iter().map(|v| v.name.as_str()).chain([unknown.as_str()]))
            }
            TypeKind::TaggedUnion { variants, unknown, .. } => {
                assert_unique_identifiers(&t.name, variants.iter().map(|v| v.name.as_str()).chain([unknown.as_str()]))
            }
            TypeKind::Alias { .. } | TypeKind::Newtype { .. } => {}
        }
    }
    assert_unique_identifiers("client methods", krate.operations.iter().map(|o| o.method_name.as_str()));
    assert_unique_identifiers(
        "operations module",
        krate.operations.iter().map(|o| o.builder.as_str()).chain(krate.operations.iter().filter_map(|o| o.response_enum.as_ref().map(|e| e.name.as_str()))),
    );
    for op in &krate.operations {
        assert_unique_identifiers(&op.builder, op.params.iter().map(|p| p.field.as_str()).chain(["client", "body"]));
    }

    // Names the crate or the prelude own are never taken by a schema or a builder.
    let models: Vec<&str> = krate.types.iter().map(|t| t.name.as_str()).collect();
    for reserved in ["Option", "Result", "String", "Vec", "Box", "Self", "Base64Bytes"] {
        assert!(!models.contains(&reserved), "a schema took the name `{reserved}`");
    }
    let builders: Vec<&str> = krate.operations.iter().map(|o| o.builder.as_str()).collect();
    for reserved in ["Client", "Request", "Error", "Result"] {
        assert!(!builders.contains(&reserved), "an operation took the name `{reserved}`");
    }
    let methods: Vec<&str> = krate.operations.iter().map(|o| o.method_name.as_str()).collect();
    for reserved in ["new", "builder", "base_url", "execute"] {
        assert!(!methods.contains(&reserved), "an operation took the client's method `{reserved}`");
    }

    // Every property keeps its wire name, however it was renamed.
    let collisions = krate.types.iter().find(|t| t.origin == "#/components/schemas/Collisions").expect("Collisions");
    let TypeKind::Struct { fields, .. } = &collisions.kind else { panic!("Collisions is a struct") };
    let wire: BTreeSet<&str> = fields.iter().filter(|f| !f.serde.0.contains(&"flatten".to_string())).map(|f| f.wire_name.as_str()).collect();
    let spec_names: BTreeSet<&str> = [
        "fooBar", "foo_bar", "foo-bar", "FOO_BAR", "type", "self", "Self", "super", "crate", "async", "await", "dyn", "try", "gen", "union", "", " ",
        "$ref", "$", "@type", "2nd", "123", "ü", "additional_properties", "r#type", "_", "__",
    ]
    .into();
    assert_eq!(wire, spec_names);
    for f in fields.iter().filter(|f| f.name != f.wire_name.as_str() && !f.serde.0.contains(&"flatten".to_string())) {
        let rename = format!("rename = {:?}", f.wire_name.as_str());
        assert!(f.serde.0.iter().any(|s| s.starts_with(&rename)), "`{}` keeps wire name {:?}: {:?}", f.name, f.wire_name.as_str(), f.serde);
    }

    // A path `id`, a query `id` and a header `id` are three setters, named by location.
    let new = krate.operations.iter().find(|o| o.id.as_str() == "new").expect("operation `new`");
    let fields: Vec<(&str, &str)> = new.params.iter().map(|p| (p.wire_name.as_str(), p.field.as_str())).collect();
    for expected in [("id", "id"), ("id", "id_query"), ("id", "id_header"), ("id", "id_cookie"), ("body", "body_query"), ("send", "send_query")] {
        assert!(fields.contains(&expected), "{expected:?} in {fields:?}");
    }
}

#[test]
fn injected_text_stays_data_in_toml_markdown_and_rust() {
    let spec_path = compiles_fixture("injection.yaml");
    let raw: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&spec_path).expect("read")).expect("yaml");
    let settings = &raw["x-codegen"];
    let rendered = generator::generate(&spec_path, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
    let file = |path: &str| rendered.file(path).unwrap_or_else(|| panic!("{path} is rendered")).contents.clone();

    // Cargo.toml: every x-codegen string reads back unchanged, and nothing else appeared.
    let manifest: toml::Table = file("Cargo.toml").parse().unwrap_or_else(|e| panic!("Cargo.toml parses: {e}"));
    let package = manifest["package"].as_table().expect("[package]");
    for key in ["description", "license", "repository", "homepage"] {
        assert_eq!(package[key].as_str(), settings[key].as_str(), "package.{key}");
    }
    let strings = |v: &toml::Value| -> Vec<String> { v.as_array().expect("array").iter().map(|s| s.as_str().expect("string").to_string()).collect() };
    let yaml_strings = |v: &serde_yaml::Value| -> Vec<String> { v.as_sequence().expect("list").iter().map(|s| s.as_str().expect("string").to_string()).collect() };
    assert_eq!(strings(&package["keywords"]), yaml_strings(&settings["keywords"]));
    assert_eq!(strings(&package["categories"]), yaml_strings(&settings["categories"]));
    let tables: BTreeSet<&str> = manifest.keys().map(String::as_str).collect();
    assert_eq!(tables, ["dependencies", "features", "package"].into(), "no table was injected");
    let features: BTreeSet<&str> = manifest["features"].as_table().expect("[features]").keys().map(String::as_str).collect();
    assert_eq!(features, ["config", "default", "native-tls", "rustls-aws-lc-rs", "rustls-ring"].into(), "only the generator's own features");
    assert!(!manifest["dependencies"].as_table().expect("deps").contains_key("evil"));

    // README.md: the title reads back as written, and the only code blocks are ours.
    let readme = file("README.md");
    let title = raw["info"]["title"].as_str().expect("title");
    let (code_blocks, text) = markdown_structure(&readme);
    assert!(text.contains(title), "the title reads back verbatim from the README's text");
    assert_eq!(code_blocks.iter().filter(|lang| lang.starts_with("rust")).collect::<Vec<_>>(), ["rust,no_run"], "one doctest, the quick start: {code_blocks:?}");
    assert!(code_blocks.iter().all(|lang| matches!(lang.as_str(), "rust,no_run" | "toml" | "text" | "ini")), "{code_blocks:?}");

    // Rust: template syntax arrives verbatim (never evaluated), wire strings are unchanged.
    let models = file("src/models.rs");
    assert!(models.contains("{{ x }}") && models.contains("{% x %}"), "template syntax in spec text is inert");
    let krate = lower_file(&spec_path);
    let choice = krate.types.iter().find(|t| t.name == "Choice").expect("Choice");
    let TypeKind::Enum { variants, .. } = &choice.kind else { panic!("Choice is an enum") };
    let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["a\"b", "*/", "{{ x }}", "{% if %}", "\\", "\n", "\u{202E}", "``` ", "#[doc]", "\"\"\"", "r#\"raw\"#"]);
    let op = krate.operations.iter().find(|o| o.http_method == generator::ir::HttpMethod::Get).expect("the GET operation");
    assert_eq!(op.path.as_str(), "/things/{id}/\"quoted\"/\\/\u{202E}/*/#frag");
    assert_eq!(op.id.as_str(), "get\"Thing */ {{ x }}");
    // No bidi control or bare CR survives into any Rust file (rustc rejects them in comments).
    for f in rendered.files.iter().filter(|f| f.path.ends_with(".rs")) {
        assert!(!f.contents.contains(['\u{202E}', '\u{2066}', '\r']), "{} holds a raw control character", f.path);
    }
}

/// The info strings of the README's code blocks, and all of its text as rendered.
fn markdown_structure(markdown: &str) -> (Vec<String>, String) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let mut blocks = Vec::new();
    let mut text = String::new();
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => blocks.push(lang.to_string()),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => blocks.push("<indented>".to_string()),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => panic!("the README holds raw HTML: {h}"),
            _ => {}
        }
    }
    (blocks, text)
}
