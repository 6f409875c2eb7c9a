//! Cargo features per tag (`generator/src/lower/tag_features.rs`) on small fixtures that
//! opt in with `x-codegen.tag-features`, one tagged and one whose operations have no tag
//! (features per path resource): what each operation and model is gated by, and that the
//! crates compile warning-free with every feature and with one alone.

mod scratch_workspace;

use generator::ir::{Crate, FeatureGrouping, RuntimeModule};
use generator::render::RenderedCrate;
use integration_tests::{SPECS, lower_file, spec_path, workspace_root};
use scratch_workspace::ScratchWorkspace;

const FIXTURE: &str = "tests/fixtures/tag_features/shop.yaml";
const UNTAGGED: &str = "tests/fixtures/tag_features/untagged.yaml";

fn lowered() -> Crate {
    lower_file(&workspace_root().join(FIXTURE))
}

fn lowered_untagged() -> Crate {
    lower_file(&workspace_root().join(UNTAGGED))
}

/// A scratch workspace holding the crate as `member`, which has passed clippy with its default
/// features, rustdoc (its README, with the table of features, is its documentation), and
/// clippy with each of `features` alone (and a TLS backend), warnings denied throughout.
fn compiled_whole_and_per_feature(workspace: &str, member: &str, rendered: &RenderedCrate, features: &[&str]) -> ScratchWorkspace {
    let mut workspace = ScratchWorkspace::new(workspace);
    workspace.add(member, rendered);
    workspace.clippy().unwrap_or_else(|e| panic!("default features:\n{e}"));
    workspace.doc().unwrap_or_else(|e| panic!("rustdoc:\n{e}"));
    for feature in features {
        workspace.clippy_with_features(member, &[feature, "rustls-aws-lc-rs"]).unwrap_or_else(|e| panic!("only `{feature}`:\n{e}"));
    }
    workspace
}

fn operation_gate(krate: &Crate, method: &str) -> Vec<String> {
    krate.operations.iter().find(|op| op.method_name == method).unwrap_or_else(|| panic!("no operation {method}")).gate.0.clone()
}

fn model_gate(krate: &Crate, name: &str) -> Vec<String> {
    krate.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no model {name}")).gate.0.clone()
}

#[test]
fn one_feature_per_tag_in_kebab_case_with_full_on_by_default() {
    let krate = lowered();
    assert_eq!(krate.feature_grouping, FeatureGrouping::Tag);
    let tags: Vec<(&str, &str, usize)> = krate.tag_features.iter().map(|t| (t.group.as_str(), t.feature.as_str(), t.operations)).collect();
    assert_eq!(tags, [("Orders", "orders", 2), ("Pet Store", "pet-store", 2), ("billing_v2", "billing-v2", 2)]);
    let default = krate.cargo_features.iter().find(|f| f.name == "default").expect("default");
    assert!(default.enables.contains(&"full".to_string()), "{default:?}");
    let full = krate.cargo_features.iter().find(|f| f.name == "full").expect("full");
    assert_eq!(full.enables, ["orders", "pet-store", "billing-v2"]);
}

#[test]
fn operations_are_gated_by_their_tags_and_untagged_ones_not_at_all() {
    let krate = lowered();
    assert_eq!(operation_gate(&krate, "list_orders"), ["orders"]);
    assert_eq!(operation_gate(&krate, "get_pet"), ["pet-store"]);
    // Two tags: either feature compiles it.
    assert_eq!(operation_gate(&krate, "create_invoice"), ["orders", "billing-v2"]);
    assert!(operation_gate(&krate, "health").is_empty());
    // `health` needs no feature, so the imports of operations.rs need none either.
    assert!(krate.operations_gate.is_open());
}

#[test]
fn models_follow_the_operations_that_reach_them() {
    let krate = lowered();
    assert_eq!(model_gate(&krate, "Order"), ["orders"]);
    // Only through `Order.status`: reached transitively.
    assert_eq!(model_gate(&krate, "OrderStatus"), ["orders"]);
    assert_eq!(model_gate(&krate, "Pet"), ["pet-store"]);
    // Named by `Unused`, which nothing reaches and so is always compiled: it must be too.
    assert!(model_gate(&krate, "PetKind").is_empty());
    assert_eq!(model_gate(&krate, "Invoice"), ["orders", "billing-v2"]);
    assert_eq!(model_gate(&krate, "Refund"), ["billing-v2"]);
    // Shared by every tag's operations: under any of them.
    assert_eq!(model_gate(&krate, "Money"), ["orders", "billing-v2"]);
    // Reached by the untagged operation, by an error body (and through it), or by nothing.
    for open in ["Health", "Currency", "Problem", "ProblemDetail", "Unused"] {
        assert!(model_gate(&krate, open).is_empty(), "{open} is gated");
    }
}

#[test]
fn the_secret_and_the_credential_setters_are_compiled_whatever_the_tags() {
    let krate = lowered();
    // `Pet.adoption_token` is a `Secret` under `pet-store` only, but the bearer token's
    // setters, ungated, store a `Secret` and update the client's credentials.
    assert!(krate.features.secrets);
    for module in [RuntimeModule::Credentials, RuntimeModule::CredentialUpdate, RuntimeModule::SecretSerde] {
        let used = krate.runtime.iter().find(|r| r.module == module).unwrap_or_else(|| panic!("no {module:?}"));
        assert!(used.feature.is_open(), "{module:?} is gated: {:?}", used.feature);
    }
}

#[test]
fn small_or_single_tag_specs_get_no_features_per_tag() {
    // The committed crates: UltraCart (128 operations, one tag), guest chat and Engage (few).
    for spec in SPECS {
        let krate = lower_file(&spec_path(spec));
        assert!(krate.tag_features.is_empty(), "{spec}");
        assert!(krate.operations.iter().all(|op| op.gate.is_open()) && krate.types.iter().all(|t| t.gate.is_open()), "{spec}");
    }
}

#[test]
fn the_crate_compiles_whole_and_with_one_tag_alone() {
    let rendered = generator::render::render(&lowered()).expect("renders");
    let readme = &rendered.file("README.md").expect("a README").contents;
    assert!(readme.contains("| `Pet Store` | `pet-store` | 2 |"), "{readme}");
    let workspace = compiled_whole_and_per_feature("tag-features", "shop-tags", &rendered, &["orders", "pet-store", "billing-v2"]);
    // The untagged operation alone.
    workspace.clippy_with_features("shop-tags", &["rustls-aws-lc-rs"]).unwrap_or_else(|e| panic!("no tag:\n{e}"));
}

#[test]
fn untagged_operations_get_one_feature_per_path_resource() {
    let krate = lowered_untagged();
    assert_eq!(krate.feature_grouping, FeatureGrouping::Resource);
    let features: Vec<(&str, &str, usize)> = krate.tag_features.iter().map(|t| (t.group.as_str(), t.feature.as_str(), t.operations)).collect();
    // `/v1` is the shared prefix; `customers/{id}/sources` is in `customers`; `events` is
    // the event streams' feature name, so the resource's is numbered.
    assert_eq!(features, [("customers", "customers", 2), ("events", "events-2", 1), ("payment_intents", "payment-intents", 1)]);
    let full = krate.cargo_features.iter().find(|f| f.name == "full").expect("full");
    assert_eq!(full.enables, ["customers", "events-2", "payment-intents"]);
    assert_eq!(operation_gate(&krate, "list_customers"), ["customers"]);
    assert_eq!(operation_gate(&krate, "create_source"), ["customers"]);
    assert_eq!(operation_gate(&krate, "confirm_payment_intent"), ["payment-intents"]);
    assert_eq!(operation_gate(&krate, "list_events"), ["events-2"]);
    // Every operation is gated, so the operations' imports are too.
    assert_eq!(krate.operations_gate.0, ["customers", "events-2", "payment-intents"]);
    assert_eq!(model_gate(&krate, "Source"), ["customers"]);
    // Reached by a payment intent's field too, and through it.
    assert_eq!(model_gate(&krate, "Customer"), ["customers", "payment-intents"]);
    assert_eq!(model_gate(&krate, "Address"), ["customers", "payment-intents"]);
    assert_eq!(model_gate(&krate, "PaymentIntent"), ["payment-intents"]);
    assert_eq!(model_gate(&krate, "Event"), ["events-2"]);
    // The error body of `listCustomers` is `ApiErrorBody`'s, always compiled.
    assert!(model_gate(&krate, "Problem").is_empty());
}

#[test]
fn runtime_modules_only_one_resource_needs_are_gated_by_it() {
    let krate = lowered_untagged();
    let gate = |module: RuntimeModule| krate.runtime.iter().find(|r| r.module == module).unwrap_or_else(|| panic!("no {module:?}")).feature.0.clone();
    assert_eq!(gate(RuntimeModule::FormBody), ["customers"]);
    assert_eq!(gate(RuntimeModule::QueryParam), ["customers"]);
    assert_eq!(gate(RuntimeModule::StrEnum), ["customers"]);
    // `Secret` is part of the crate's API whatever its features (`crate::Secret`), so its
    // module and serde impls are always compiled; with no security scheme there is no
    // setter, and so no credential update to leave unused.
    assert!(gate(RuntimeModule::Credentials).is_empty() && gate(RuntimeModule::SecretSerde).is_empty());
    assert!(!krate.runtime.iter().any(|r| r.module == RuntimeModule::CredentialUpdate));
}

#[test]
fn the_untagged_crate_compiles_whole_and_with_one_resource_alone() {
    let rendered = generator::render::render(&lowered_untagged()).expect("renders");
    let readme = &rendered.file("README.md").expect("a README").contents;
    assert!(readme.contains("### Features per resource"), "{readme}");
    assert!(readme.contains("| resource | feature | operations |\n|---|---|---|\n| `customers` | `customers` | 2 |"), "{readme}");
    assert!(readme.contains(r#"`default-features = false, features = ["customers", "rustls-aws-lc-rs"]`"#), "{readme}");
    assert!(readme.contains("| `full` (default) | every operation: one feature per resource, see below |"), "{readme}");
    // `customers` alone has no model with a secret field: the `Secret` type and its
    // modules must not warn there.
    let workspace = compiled_whole_and_per_feature("resource-features", "payments-resources", &rendered, &["customers", "events-2", "payment-intents"]);
    // Every operation is under a resource: with none, the crate says what to enable.
    let none = workspace.clippy_with_features("payments-resources", &["rustls-aws-lc-rs"]).expect_err("a build with no resource has nothing to call");
    assert!(none.contains("enable at least one feature per resource (or `full`): see the README's \"Features per resource\""), "{none}");
}
