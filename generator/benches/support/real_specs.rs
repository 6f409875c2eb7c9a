//! The specs the project generates, plus the large corpus spec when `../shared` is present.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub struct RealSpec {
    pub name: &'static str,
    pub file: PathBuf,
    pub text: String,
}

const PROJECT_SPECS: &[&str] = &["genesys-cloud-guest-chat", "ultracart-conversation", "genesys-engage-chat"];

/// The corpus spec of a real, large API (437 KB, 193 operations).
const NEXUS: &str = "nexus";

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent")
}

pub static SPECS: LazyLock<Vec<RealSpec>> = LazyLock::new(|| {
    let root = workspace_root();
    let mut specs: Vec<RealSpec> = PROJECT_SPECS
        .iter()
        .map(|name| {
            // A spec made of a vendored upstream document and an overlay is loaded through
            // its overlay (which reads the upstream it extends).
            let overlay = root.join("specs").join(format!("{name}.overlay.yaml"));
            let file = if overlay.is_file() { overlay } else { root.join("specs").join(format!("{name}.yaml")) };
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            RealSpec { name, file, text }
        })
        .collect();
    let nexus = root.join("..").join("shared").join("corpus").join("nexus.json");
    match std::fs::read_to_string(&nexus) {
        Ok(text) => specs.push(RealSpec { name: NEXUS, file: nexus, text }),
        Err(_) => eprintln!("NOTICE: {} is absent; benchmarking the project's specs only", nexus.display()),
    }
    specs
});

/// Names to pass as divan `args`.
pub fn names() -> Vec<&'static str> {
    SPECS.iter().map(|s| s.name).collect()
}

pub fn get(name: &str) -> &'static RealSpec {
    SPECS.iter().find(|s| s.name == name).expect("a name from `names()`")
}
