//! Spec fidelity: a spec with a machine-readable upstream says what its upstream says,
//! except for deliberate differences written down with their reasons.
//!
//! Such a spec is kept as **upstream plus overlay** (guest chat, UltraCart): `specs/upstream/`
//! holds the vendor's document byte for byte and `specs/<crate>.overlay.yaml` our differences
//! as Overlay 1.0.0 actions, each with a `description`. Generation applies the overlay, and an
//! action whose target matches nothing fails it with the action's location: that is the drift
//! check, and the tests here hold it to that: every action applies and explains itself, the
//! vendored file is the one its provenance names, and a changed upstream fails naming the
//! action written for what changed. (Engage has no machine-readable upstream; its spec is
//! hand-written from cited documentation.)

use integration_tests::{shared_dir, workspace_root};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The specs kept as a vendored upstream document plus an overlay, as `(spec, vendored file
/// under specs/upstream/, the same document in ../shared/upstream/)`.
const OVERLAID: [(&str, &str, &str); 2] = [
    (
        "genesys-cloud-guest-chat",
        "genesys-cloud-guest-chat-18.0.0.json",
        "genesys-cloud-guest-chat.swagger-18.0.0.json",
    ),
    (
        "ultracart-conversation",
        "ultracart-conversation-4.1.70.json",
        "ultracart-conversation.upstream-4.1.70.json",
    ),
];

fn overlay_file(spec: &str) -> PathBuf {
    workspace_root().join("specs").join(format!("{spec}.overlay.yaml"))
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every action matches something in the vendored upstream (loading fails naming the first
/// that does not), and every action says why it is there.
#[test]
fn every_action_applies_and_gives_its_reason() {
    for (spec, vendored, _) in OVERLAID {
        let file = overlay_file(spec);
        let overlay = load_yaml(&file);
        assert_eq!(
            overlay["extends"].as_str(),
            Some(format!("upstream/{vendored}").as_str()),
            "{}: `extends` names the vendored document",
            file.display()
        );
        let actions = overlay["actions"].as_array().expect("a list of actions");
        for (i, action) in actions.iter().enumerate() {
            let reason = action["description"].as_str().unwrap_or_default();
            assert!(
                reason.split_whitespace().count() >= 5,
                "{}: #/actions/{i} (target `{}`) needs a `description` with its reason and evidence",
                file.display(),
                action["target"]
            );
        }
        generator::load::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The vendored file is the upstream document as published: the SHA-256 its provenance
/// (specs/upstream/README.md) records, and the same bytes as the reference copy.
#[test]
fn vendored_upstream_is_the_document_its_provenance_names() {
    let readme = std::fs::read_to_string(workspace_root().join("specs/upstream/README.md")).expect("specs/upstream/README.md");
    for (_, vendored, reference) in OVERLAID {
        let path = workspace_root().join("specs/upstream").join(vendored);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{vendored}` |")))
            .unwrap_or_else(|| panic!("specs/upstream/README.md has no row for {vendored}"));
        assert!(
            row.contains(&format!("`{digest}`")),
            "{vendored}: its SHA-256 is {digest}, not the one specs/upstream/README.md records: \
             vendored documents are never edited (put changes in the overlay)"
        );
        if let Some(shared) = shared_dir() {
            let original = std::fs::read(shared.join("upstream").join(reference)).expect("the reference copy");
            assert!(original == bytes, "{vendored} differs from ../shared/upstream/{reference}");
        }
    }
}

/// `(spec, vendored file, the target of the action written for it, a change of the upstream
/// that takes away what that action targets; true if it found it)`.
type DriftCase = (&'static str, &'static str, &'static str, fn(&mut Value) -> bool);

/// What a new upstream release looks like to the overlay: the document without what an
/// action was written for fails to load, naming that action. One case per overlay: an
/// UltraCart operation gone, and guest chat's `WebChatMemberInfo` no longer requiring `role`
/// (the real-service correction would then be upstream's own, and the action must go).
#[test]
fn an_upstream_without_what_an_action_targets_fails_naming_it() {
    let cases: [DriftCase; 2] = [
        ("ultracart-conversation", "ultracart-conversation-4.1.70.json", "$.paths['/conversation/pbx/call/search'].post", |upstream| {
            upstream["paths"].as_object_mut().unwrap().remove("/conversation/pbx/call/search").is_some()
        }),
        ("genesys-cloud-guest-chat", "genesys-cloud-guest-chat-18.0.0.json", "$.definitions.WebChatMemberInfo.required", |upstream| {
            upstream["definitions"]["WebChatMemberInfo"].as_object_mut().unwrap().remove("required").is_some()
        }),
    ];
    for (spec, vendored, target, drift) in cases {
        let dir = std::env::temp_dir().join(format!("overlay-drift-{spec}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("upstream")).unwrap();
        let mut upstream: Value = serde_json::from_slice(&std::fs::read(workspace_root().join("specs/upstream").join(vendored)).unwrap()).unwrap();
        assert!(drift(&mut upstream), "{spec}: what the action targets is in the vendored upstream");
        std::fs::write(dir.join("upstream").join(vendored), upstream.to_string()).unwrap();
        let file = dir.join(format!("{spec}.overlay.yaml"));
        std::fs::copy(overlay_file(spec), &file).unwrap();

        let error = generator::load::load_file(&file).expect_err("an action matches nothing");
        let _ = std::fs::remove_dir_all(&dir);
        let problem = error.problem().expect("a located problem");
        let overlay = load_yaml(&overlay_file(spec));
        let index = overlay["actions"]
            .as_array()
            .unwrap()
            .iter()
            .position(|a| a["target"] == target)
            .unwrap_or_else(|| panic!("{spec}: the overlay has an action with target `{target}`"));
        assert_eq!(problem.file, file);
        assert_eq!(problem.pointer, format!("#/actions/{index}"));
        assert_eq!(problem.message, format!("action {index} (target `{target}`) matches nothing in the upstream document"));
    }
}
