//! Schema coverage: `tests/fixtures/coverage/schemas.yaml` uses every construct the
//! generator supports; these tests check the decision the IR records for each. (That the
//! crate compiles and passes clippy is checked by `corpus.rs`.)

use generator::ir::{BodyEncoding, Crate, Field, Operation, Outcome, ParamLocation, ParamStyle, StatusMatch, TypeDef, TypeKind};
use integration_tests::{lower_file, workspace_root};

fn coverage() -> Crate {
    lower_file(&workspace_root().join("tests/fixtures/coverage/schemas.yaml"))
}

fn model<'a>(krate: &'a Crate, name: &str) -> &'a TypeDef {
    krate.types.iter().find(|t| t.name == name).unwrap_or_else(|| {
        let names: Vec<&str> = krate.types.iter().map(|t| t.name.as_str()).collect();
        panic!("no model `{name}`; models: {names:?}")
    })
}

fn field<'a>(krate: &'a Crate, model_name: &str, wire: &str) -> &'a Field {
    let TypeKind::Struct { fields, .. } = &model(krate, model_name).kind else { panic!("`{model_name}` is not a struct") };
    fields.iter().find(|f| f.wire_name.as_str() == wire).unwrap_or_else(|| panic!("`{model_name}` has no field `{wire}`"))
}

fn operation<'a>(krate: &'a Crate, method: &str) -> &'a Operation {
    krate.operations.iter().find(|o| o.method_name == method).unwrap_or_else(|| panic!("no operation `{method}`"))
}

fn variant_names(t: &TypeDef) -> Vec<&str> {
    match &t.kind {
        TypeKind::Enum { variants, .. } => variants.iter().map(|v| v.name.as_str()).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| v.name.as_str()).collect(),
        TypeKind::TaggedUnion { variants, .. } => variants.iter().map(|v| v.name.as_str()).collect(),
        other => panic!("`{}` is not an enum: {other:?}", t.name),
    }
}

#[test]
fn all_of_merges_parts_and_shares_their_inline_types() {
    let krate = coverage();
    // Pet = NewPet + its own fields; NewPet's inline enum is one type, named after NewPet.
    assert_eq!(field(&krate, "Pet", "status").ty.in_models().to_string(), "Option<NewPetStatus>");
    assert_eq!(field(&krate, "Pet", "id").ty.in_models().to_string(), "Option<::uuid::Uuid>", "read-only, so optional");
    assert!(!krate.types.iter().any(|t| t.name == "PetStatus" || t.name == "PetCreatedStatus"), "no copies of merged inline types");
    // A later part redefines `location`: same Rust name, the new type.
    let location = field(&krate, "PetCreated", "location");
    assert_eq!((location.name.as_str(), location.ty.in_models().to_string().as_str()), ("location", "Option<String>"));
    // `required` on the composing schema applies to a property from a part.
    assert_eq!(field(&krate, "DeepAllOf", "location").ty.in_models().to_string(), "String");
    // A union part is flattened in.
    let TypeKind::Struct { fields, .. } = &model(&krate, "WithUnionPart").kind else { panic!("struct") };
    assert!(fields.iter().any(|f| f.ty.in_models().to_string() == "Scalar" && f.serde.0 == ["flatten"]), "{fields:?}");
}

#[test]
fn one_of_and_any_of_become_tagged_or_untagged_enums_with_distinct_variants() {
    let krate = coverage();
    let animal = model(&krate, "Animal");
    let TypeKind::TaggedUnion { tag, variants, unknown } = &animal.kind else { panic!("Animal is a tagged union") };
    assert_eq!(tag.as_str(), "type");
    let tags: Vec<(&str, &str)> = variants.iter().map(|v| (v.name.as_str(), v.tag_value.as_str())).collect();
    assert_eq!(tags, [("Doggo", "doggo"), ("Cat", "cat"), ("Lizard", "Lizard")], "mapping by pointer, by name, and the default");
    assert_eq!(unknown, "Unknown");
    // Tag inferred from a one-value enum every member requires.
    let TypeKind::TaggedUnion { tag, .. } = &model(&krate, "Shape").kind else { panic!("Shape is a tagged union") };
    assert_eq!(tag.as_str(), "kind");
    // Untagged: readable distinct names, and a date-time tried before a plain string.
    assert_eq!(variant_names(model(&krate, "Scalar")), ["DateTime", "Integer", "Array", "Object", "Object2", "String"]);
    assert_eq!(variant_names(model(&krate, "Either")), ["Dog", "Dog2"], "`Dog` and `dog` stay apart");
    // A tag value two members share cannot tell them apart: untagged.
    assert!(matches!(&model(&krate, "SameTag").kind, TypeKind::Union { .. }), "SameTag is untagged");
}

#[test]
fn nullable_read_only_write_only_and_defaults() {
    let krate = coverage();
    let nickname = field(&krate, "NewPet", "nickname");
    assert_eq!(nickname.ty.in_models().to_string(), "Option<Nickname>", "nullable through a one-part allOf around a $ref");
    let password = field(&krate, "NewPet", "password");
    assert_eq!(password.ty.in_models().to_string(), "Option<String>");
    assert!(password.docs.0.iter().any(|l| l.contains("Write-only")), "{:?}", password.docs);
    let created = field(&krate, "Pet", "created");
    assert!(created.docs.0.iter().any(|l| l.contains("Read-only")), "{:?}", created.docs);
    let label = field(&krate, "Defaults", "label");
    assert!(label.docs.0.iter().any(|l| l.contains(r#"Default: `"say \"hi\""`"#)), "{:?}", label.docs);
    assert_eq!(field(&krate, "NewPet", "status").ty.in_models().to_string(), "Option<NewPetStatus>", "an enum listing null is nullable");
}

#[test]
fn additional_properties_become_maps_values_or_nothing() {
    let krate = coverage();
    assert_eq!(field(&krate, "NewPet", "attributes").ty.in_models().to_string(), "Option<::std::collections::HashMap<String, String>>");
    assert_eq!(field(&krate, "NewPet", "scores").ty.in_models().to_string(), "Option<::std::collections::HashMap<String, NewPetScoresValue>>");
    assert_eq!(field(&krate, "NewPet", "metadata").ty.in_models().to_string(), "Option<::std::collections::HashMap<String, ::serde_json::Value>>");
    assert_eq!(field(&krate, "NewPet", "extra").ty.in_models().to_string(), "Option<::serde_json::Value>");
    let TypeKind::Struct { fields, .. } = &model(&krate, "Strict").kind else { panic!("`additionalProperties: false` with properties is a struct") };
    assert_eq!(fields.len(), 1);
}

#[test]
fn formats_map_to_checked_types_and_bytes_decode() {
    let krate = coverage();
    assert_eq!(field(&krate, "NewPet", "birthday").ty.in_models().to_string(), "Option<::chrono::NaiveDate>");
    assert_eq!(field(&krate, "NewPet", "photo").ty.in_models().to_string(), "Option<crate::models::Base64Bytes>");
    assert!(krate.features.base64 && krate.features.chrono && krate.features.uuid);
    let rendered = generator::render::render(&krate).expect("renders");
    let models = &rendered.file("src/models.rs").expect("models.rs").contents;
    assert!(models.contains("pub struct Base64Bytes(pub Vec<u8>);") && models.contains("engine.decode(text.trim())"), "a base64 newtype that decodes");
    assert!(rendered.file("Cargo.toml").expect("Cargo.toml").contents.contains("base64 = "));
}

#[test]
fn enums_with_colliding_empty_and_reserved_values_get_distinct_variants() {
    let krate = coverage();
    let colors = model(&krate, "Colors");
    assert_eq!(
        variant_names(colors),
        ["Red", "Red2", "Red3", "AB", "AB2", "AB3", "Empty", "Unknown", "SelfValue", "SelfValue2", "V1st", "Value", "Value2", "Value3"],
        "the duplicate `red` is listed once"
    );
    let TypeKind::Enum { unknown, .. } = &colors.kind else { panic!("enum") };
    assert_eq!(unknown, "UnknownValue", "the catch-all steps aside for a listed `Unknown`");
    assert_eq!(variant_names(model(&krate, "Levels")), ["Minus1", "V0", "V1", "V2", "V200"]);
    assert!(matches!(&model(&krate, "Flags").kind, TypeKind::Alias { ty } if ty.in_models().to_string() == "bool"));
    assert!(matches!(&model(&krate, "Mixed").kind, TypeKind::Alias { ty } if ty.in_models().to_string() == "::serde_json::Value"));
}

#[test]
fn percent_encoded_references_resolve() {
    let krate = coverage();
    assert_eq!(field(&krate, "HasOwner", "owner").ty.in_models().to_string(), "Option<PetOwner>");
}

#[test]
fn recursion_is_boxed_and_alias_cycles_become_newtypes() {
    let krate = coverage();
    assert_eq!(field(&krate, "Node", "parent").ty.in_models().to_string(), "Option<Box<Node>>");
    assert_eq!(field(&krate, "Node", "children").ty.in_models().to_string(), "Option<Vec<Node>>", "a Vec already breaks the cycle");
    assert_eq!(field(&krate, "Ping", "pong").ty.in_models().to_string(), "Box<Pong>");
    for name in ["Tree", "Forest", "Grove"] {
        assert!(matches!(model(&krate, name).kind, TypeKind::Newtype { .. }), "{name} refers to itself through aliases");
    }
}

#[test]
fn operations_cover_media_types_parameters_and_responses() {
    let krate = coverage();
    // No operationId: a stable name from method and path; path `id` and query `id` apart.
    let get = operation(&krate, "get_pets_by_id");
    let params: Vec<(&str, &str, ParamLocation, bool)> = get.params.iter().map(|p| (p.wire_name.as_str(), p.field.as_str(), p.location, p.required)).collect();
    assert!(params.contains(&("id", "id", ParamLocation::Path, true)) && params.contains(&("id", "id_query", ParamLocation::Query, false)), "{params:?}");
    assert!(params.contains(&("X-Trace", "x_trace", ParamLocation::Header, true)), "the operation's override of a path-level header");
    let replace = operation(&krate, "replace_pet");
    assert!(replace.params.iter().any(|p| p.wire_name.as_str() == "X-Trace" && !p.required), "the path-level header elsewhere");

    let list = operation(&krate, "list_pets");
    let style = |wire: &str| list.params.iter().find(|p| p.wire_name.as_str() == wire).map(|p| p.style).expect(wire);
    assert_eq!(
        [style("tags"), style("ids"), style("filter"), style("piped")],
        [ParamStyle::Repeated, ParamStyle::Joined, ParamStyle::Json, ParamStyle::PipeDelimited]
    );

    let body = |method: &str| operation(&krate, method).body.as_ref().map(|b| (b.encoding, b.content_type.as_str().to_string())).expect(method);
    assert_eq!(body("create_pet"), (BodyEncoding::Json, "application/json".into()));
    assert_eq!(body("replace_pet"), (BodyEncoding::Json, "application/vnd.pets.v1+json".into()));
    assert_eq!(body("search"), (BodyEncoding::Json, "application/json".into()), "`*/*` sends a concrete type");
    assert_eq!(body("upload_photo"), (BodyEncoding::Bytes, "application/octet-stream".into()));
    assert_eq!(body("upload_photo_form"), (BodyEncoding::Multipart, "multipart/form-data".into()));
    assert_eq!(body("add_note"), (BodyEncoding::Text, "text/plain".into()));
    assert_eq!(body("patch_notes"), (BodyEncoding::Form, "application/x-www-form-urlencoded".into()));

    // Several success bodies: an enum by status; `default` decodes the documented error.
    let create = operation(&krate, "create_pet");
    let variants: Vec<&str> = create.response_enum.as_ref().expect("response enum").variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(variants, ["Ok", "Created", "Accepted"]);
    let list_default = list.responses.iter().find(|c| c.status == StatusMatch::Default).expect("default case");
    assert_eq!(list_default.outcome, Outcome::ApiError { body: "Problem".to_string() });
    assert_eq!(operation(&krate, "upload_photo").ok_type.to_string(), "::bytes::Bytes");
    assert_eq!(operation(&krate, "delete_pets_by_id").ok_type.to_string(), "()");
}
