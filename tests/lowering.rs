//! One fixture spec per lowering rule (tests/fixtures/lowering/), asserting the decisions
//! the IR records: names, optionality, boxing, enums, containers and formats.

use generator::ir::{Crate, Field, TypeDef, TypeKind};
use integration_tests::{lower_file, workspace_root};

fn fixture(name: &str) -> Crate {
    lower_file(&workspace_root().join("tests/fixtures/lowering").join(format!("{name}.yaml")))
}

fn model<'a>(krate: &'a Crate, name: &str) -> &'a TypeDef {
    krate.types.iter().find(|t| t.name == name).unwrap_or_else(|| {
        let names: Vec<&str> = krate.types.iter().map(|t| t.name.as_str()).collect();
        panic!("no model `{name}`; models: {names:?}")
    })
}

fn fields<'a>(krate: &'a Crate, name: &str) -> &'a [Field] {
    match &model(krate, name).kind {
        TypeKind::Struct { fields, .. } => fields,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn field<'a>(krate: &'a Crate, model_name: &str, wire: &str) -> &'a Field {
    fields(krate, model_name)
        .iter()
        .find(|f| f.wire_name.as_str() == wire)
        .unwrap_or_else(|| panic!("`{model_name}` has no field with wire name `{wire}`"))
}

#[test]
fn names_are_valid_unique_and_keep_wire_names() {
    let krate = fixture("naming");
    // `Option` would shadow the prelude inside models.rs; `option` then collides with it.
    assert_eq!(model(&krate, "OptionModel").origin, "#/components/schemas/Option");
    assert_eq!(model(&krate, "OptionModel2").origin, "#/components/schemas/option");
    // `Error` lives in `models`, apart from the crate's own `Error`, so it keeps its name.
    model(&krate, "Error");
    let names: Vec<(&str, &str)> = fields(&krate, "OptionModel").iter().map(|f| (f.wire_name.as_str(), f.name.as_str())).collect();
    assert_eq!(
        names,
        [("fooBar", "foo_bar"), ("foo_bar", "foo_bar_2"), ("foo-bar", "foo_bar_3"), ("type", "type_"), ("self", "self_"), ("2nd", "n2nd"), ("", "field")]
    );
    let renamed = field(&krate, "OptionModel", "fooBar");
    assert!(renamed.serde.0.contains(&r#"rename = "fooBar""#.to_string()), "{:?}", renamed.serde);
    let same = field(&krate, "OptionModel", "foo_bar");
    assert!(same.serde.0.contains(&r#"rename = "foo_bar""#.to_string()), "renamed to foo_bar_2 keeps its wire name");

    let get = krate.operations.iter().find(|o| o.id.as_str() == "getThing").unwrap();
    assert_eq!(get.method_name, "get_thing");
    assert_eq!(get.builder, "GetThing");
    let params: Vec<(&str, &str)> = get.params.iter().map(|p| (p.wire_name.as_str(), p.field.as_str())).collect();
    assert_eq!(params, [("thing-id", "thing_id"), ("type", "type_"), ("2fa", "n2fa")]);
    // An operation without an operationId is named from its method and path.
    assert!(krate.operations.iter().any(|o| o.method_name == "post_things"));
}

#[test]
fn optionality_follows_required_nullable_and_read_only() {
    let krate = fixture("optionality");
    assert_eq!(field(&krate, "Shape", "required_plain").ty.in_models().to_string(), "String");
    assert_eq!(field(&krate, "Shape", "required_nullable").ty.in_models().to_string(), "Option<String>");
    assert_eq!(field(&krate, "Shape", "required_read_only").ty.in_models().to_string(), "Option<String>");
    assert_eq!(field(&krate, "Shape", "optional_plain").ty.in_models().to_string(), "Option<i32>");
    let defaulted = field(&krate, "Shape", "optional_with_default");
    assert_eq!(defaulted.ty.in_models().to_string(), "Option<i64>");
    assert!(defaulted.docs.0.iter().any(|l| l.contains("Default: `25`")), "{:?}", defaulted.docs);
    // A required nullable field is still written (as null); an optional one is skipped.
    assert!(!field(&krate, "Shape", "required_nullable").serde.0.iter().any(|s| s.starts_with("skip_serializing_if")));
    assert!(field(&krate, "Shape", "optional_plain").serde.0.iter().any(|s| s.starts_with("skip_serializing_if")));
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let krate = fixture("recursion");
    assert_eq!(field(&krate, "Node", "parent").ty.in_models().to_string(), "Option<Box<Node>>");
    assert_eq!(field(&krate, "Node", "children").ty.in_models().to_string(), "Option<Vec<Node>>", "a Vec already puts items on the heap");
    assert_eq!(field(&krate, "Ping", "pong").ty.in_models().to_string(), "Box<Pong>");
    assert_eq!(field(&krate, "Pong", "ping").ty.in_models().to_string(), "Option<Box<Ping>>");
    // `type Tree = Vec<Tree>` is illegal, so the alias becomes a newtype.
    assert!(matches!(&model(&krate, "Tree").kind, TypeKind::Newtype { ty } if ty.in_models().to_string() == "Vec<Tree>"));
}

#[test]
fn enums_get_distinct_variants_and_a_catch_all() {
    let krate = fixture("enums");
    let TypeKind::Enum { variants, unknown, .. } = &model(&krate, "Colour").kind else { panic!("Colour is an enum") };
    let pairs: Vec<(&str, &str)> = variants.iter().map(|v| (v.name.as_str(), v.wire.as_str())).collect();
    assert_eq!(
        pairs,
        [("Red", "red"), ("Red2", "Red"), ("Red3", "RED"), ("Empty", ""), ("Unknown", "unknown"), ("GreenBlue", "green-blue"), ("V1st", "1st")]
    );
    assert_eq!(unknown, "UnknownValue", "the catch-all must not collide with the `unknown` value");

    let TypeKind::Enum { variants, .. } = &model(&krate, "Priority").kind else { panic!("Priority is an enum") };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["V1", "V2", "Minus1"]);

    let TypeKind::TaggedUnion { tag, variants, .. } = &model(&krate, "Pet").kind else { panic!("Pet is a tagged union") };
    assert_eq!(tag.as_str(), "kind");
    let tagged: Vec<(&str, &str, String)> = variants.iter().map(|v| (v.name.as_str(), v.tag_value.as_str(), v.ty.in_models().to_string())).collect();
    assert_eq!(tagged, [("Cat", "cat", "Cat".to_string()), ("Dog", "dog", "Dog".to_string())]);
    // The tag lives on the union; members do not repeat it.
    assert!(fields(&krate, "Cat").iter().all(|f| f.wire_name.as_str() != "kind"));

    let TypeKind::Union { variants, .. } = &model(&krate, "IdOrName").kind else { panic!("IdOrName is untagged") };
    let untagged: Vec<(&str, String)> = variants.iter().map(|v| (v.name.as_str(), v.ty.to_string())).collect();
    assert_eq!(untagged, [("Integer", "i64".to_string()), ("String", "String".to_string())]);
}

#[test]
fn arrays_and_maps() {
    let krate = fixture("containers");
    assert_eq!(field(&krate, "Bag", "tags").ty.in_models().to_string(), "Vec<String>");
    assert_eq!(field(&krate, "Bag", "counts").ty.in_models().to_string(), "::std::collections::HashMap<String, i32>");
    assert_eq!(field(&krate, "Bag", "anything").ty.in_models().to_string(), "::std::collections::HashMap<String, ::serde_json::Value>");
    // Inline item schemas get a model named from where they sit.
    assert_eq!(field(&krate, "Bag", "nested").ty.in_models().to_string(), "Vec<BagNestedItem>");
    assert_eq!(fields(&krate, "BagNestedItem")[0].ty.in_models().to_string(), "Option<String>");
    assert_eq!(field(&krate, "Bag", "free").ty.in_models().to_string(), "Option<::serde_json::Value>");
}

#[test]
fn formats_map_to_real_types() {
    let krate = fixture("formats");
    let expected = [
        ("when", "::chrono::DateTime<::chrono::FixedOffset>"),
        ("day", "::chrono::NaiveDate"),
        ("id", "::uuid::Uuid"),
        ("link", "String"),
        ("small", "i32"),
        ("big", "i64"),
        ("default_int", "i64"),
        ("ratio", "f32"),
        ("precise", "f64"),
        ("flag", "bool"),
        ("plain", "String"),
    ];
    for (wire, ty) in expected {
        assert_eq!(field(&krate, "Formats", wire).ty.in_models().to_string(), ty, "format of `{wire}`");
    }
    assert!(krate.features.chrono && krate.features.uuid, "dependencies follow the formats used");
    assert!(!krate.dependencies.iter().any(|d| d.name == "url"), "a `uri` is a URI reference kept as text: no `url` dependency");
}

/// Paging is recognised by convention on GET only; another method (a search sent as a
/// POST) pages when `x-pagination` declares it, resending its body with each page.
#[test]
fn a_post_pages_only_when_declared() {
    let spec = |declared: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{ title: Calls, version: '1' }}
paths:
  /calls/search:
    post:
      operationId: searchCalls
      {declared}
      parameters:
        - {{ name: _offset, in: query, schema: {{ type: integer }} }}
        - {{ name: _limit, in: query, schema: {{ type: integer }} }}
      requestBody:
        content:
          application/json:
            schema: {{ type: object, properties: {{ agent: {{ type: string }} }} }}
      responses:
        '200':
          description: A page of calls.
          content:
            application/json:
              schema:
                type: object
                properties:
                  calls: {{ type: array, items: {{ type: string }} }}
"#
        )
    };
    let undeclared = integration_tests::lower_str(&spec("")).unwrap_or_else(|e| panic!("{e}"));
    assert!(undeclared.operations[0].pagination.is_none(), "a POST is not taken to page by its parameter names");
    let declared = integration_tests::lower_str(&spec("x-pagination: { kind: offset }")).unwrap_or_else(|e| panic!("{e}"));
    let paging = declared.operations[0].pagination.as_ref().expect("declared paging");
    assert_eq!((paging.items.0.name.as_str(), paging.item_type.to_string().as_str()), ("calls", "String"));
    assert!(
        matches!(&paging.kind, generator::ir::PageKind::Offset { offset_field, full_page: generator::ir::FullPage(Some(limit)), .. } if offset_field == "offset" && limit == "limit"),
        "{:?}",
        paging.kind
    );
}

#[test]
fn structs_a_request_carries_get_new_and_setters_and_all_models_may_grow() {
    let krate = fixture("constructors");
    let constructor = |name: &str| match &model(&krate, name).kind {
        TypeKind::Struct { constructor, .. } => constructor.clone(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    };
    let new_pet = constructor("NewPet").expect("a request body gets a constructor");
    // Required fields, in the spec's order (not `required`'s), as arguments of `new`.
    let params: Vec<(String, String)> = new_pet.params.iter().map(|p| (p.field.clone(), p.arg.in_models().to_string())).collect();
    assert_eq!(params, [("name".to_string(), "impl Into<String>".to_string()), ("kind".to_string(), "Kind".to_string())]);
    let setters: Vec<(&str, String, &str)> = new_pet.setters.iter().map(|s| (s.name.as_str(), s.arg.in_models().to_string(), s.value.as_str())).collect();
    assert_eq!(
        setters,
        [
            ("with_tags", "Vec<String>".to_string(), "Some(value)"),
            ("with_owner", "Owner".to_string(), "Some(value)"),
            ("with_note", "impl Into<String>".to_string(), "Some(value.into())"),
        ]
    );
    assert_eq!(new_pet.inits, ["tags: None", "name: name.into()", "owner: None", "kind", "note: None"]);
    assert!(constructor("Owner").is_some(), "a struct nested in a request body is built by users too");
    assert!(constructor("Pet").is_none(), "a struct only received gets no constructor");
    for name in ["NewPet", "Owner", "Pet", "Kind"] {
        assert!(model(&krate, name).non_exhaustive, "`{name}` may grow");
    }
}

#[test]
fn items_the_spec_leaves_bare_get_a_sentence_that_says_what_they_are() {
    let krate = fixture("constructors");
    assert_eq!(field(&krate, "NewPet", "name").docs.0, ["What the pet answers to."], "spec text is kept");
    assert_eq!(field(&krate, "NewPet", "note").docs.0, ["The `note` property: a string, optional."]);
    assert_eq!(field(&krate, "NewPet", "tags").docs.0, ["The `tags` property: a list, each item a string, optional."]);
    assert_eq!(field(&krate, "NewPet", "owner").docs.0, ["The `owner` property: an `Owner`, optional."]);
    assert_eq!(field(&krate, "Pet", "born").docs.0, ["The `born` property: an RFC 3339 date-time with its offset, optional."]);
    assert_eq!(model(&krate, "Owner").docs.0, ["The schema at `#/components/schemas/Owner` of the API description."]);
    let TypeKind::Enum { variants, .. } = &model(&krate, "Kind").kind else { panic!("`Kind` is an enum") };
    assert_eq!(variants[0].docs.0, ["The value `\"cat\"`."]);
    let get = krate.operations.iter().find(|o| o.method_name == "get_pet").expect("get_pet");
    let verbose = get.params.iter().find(|p| p.field == "verbose").expect("verbose");
    assert_eq!(verbose.docs.0, ["The query parameter `verbose`: a boolean."]);
    let create = krate.operations.iter().find(|o| o.method_name == "create_pet").expect("create_pet");
    let body = create.body.as_ref().expect("a body");
    assert_eq!(body.docs.0, ["The request body, sent as `application/json`: a `NewPet`."]);
    let ok = get.responses.iter().find(|c| c.status.to_string() == "200").expect("a 200 case");
    assert_eq!(ok.docs.0, ["The response with status `200`."]);
}

/// A deprecated operation's `#[deprecated]` note is the API's own words where the spec gives
/// them (`x-deprecated-note`), a generic note otherwise; a note without `deprecated: true`
/// deprecates nothing, and one that is not text is a located error.
#[test]
fn deprecation_notes_come_from_the_spec() {
    let spec = |extra: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{ title: Chat, version: '1' }}
paths:
  /old:
    get:
      operationId: getOld
      deprecated: true
      {extra}
      responses: {{ '204': {{ description: Gone soon. }} }}
  /plain:
    get:
      operationId: getPlain
      responses: {{ '204': {{ description: Fine. }} }}
"#
        )
    };
    let note = |krate: &Crate, id: &str| krate.operations.iter().find(|op| op.id.0 == id).and_then(|op| op.deprecated.clone()).map(|lit| lit.0);
    let generic = integration_tests::lower_str(&spec("")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(note(&generic, "getOld").as_deref(), Some("this operation is deprecated by the API"));
    assert_eq!(note(&generic, "getPlain"), None);
    let own = integration_tests::lower_str(&spec("x-deprecated-note: 'Retired on 6 Nov 2025: use Web Messaging.'")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(note(&own, "getOld").as_deref(), Some("Retired on 6 Nov 2025: use Web Messaging."));
    let error = integration_tests::lower_str(&spec("x-deprecated-note: 3")).expect_err("a note must be text");
    assert_eq!(error.problem().map(|p| p.pointer.as_str()), Some("#/paths/~1old/get/x-deprecated-note"));
}
