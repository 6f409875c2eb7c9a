//! A user's project: a crate outside the workspace that depends on the generated crates by
//! version from the loopback registry, as anyone would from crates.io.

use std::path::{Path, PathBuf};

use integration_tests::workspace_root;

pub struct Consumer {
    pub dir: PathBuf,
}

impl Consumer {
    /// An empty project in `dir` (whatever was there is removed).
    pub fn new(dir: PathBuf) -> Consumer {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::create_dir_all(dir.join("src")).unwrap();
        Consumer { dir }
    }

    /// Writes the manifest, depending on exactly `crates` (name, version) from `registry`,
    /// and `lib.rs`.
    ///
    /// The project starts from the workspace's `Cargo.lock` every time, so its crates.io
    /// dependencies resolve to the versions the workspace uses, which the local cargo cache
    /// holds, and only the registry's crates are new to the resolver. (Moving a locked
    /// registry crate to a new version instead would unlock its dependencies too, and make
    /// cargo refresh crates.io's index.)
    pub fn write(&self, registry: &str, crates: &[(&str, String)], lib: &str) {
        std::fs::copy(workspace_root().join("Cargo.lock"), self.dir.join("Cargo.lock")).expect("copy Cargo.lock");
        let dependencies: Vec<String> = crates.iter().map(|(name, version)| format!("{name} = {{ version = \"={version}\", registry = \"{registry}\" }}")).collect();
        let manifest = format!(
            "[package]\nname = \"registry-consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{}\n\n# Not a member of the workspace the directory is in.\n[workspace]\n",
            dependencies.join("\n")
        );
        write(&self.dir.join("Cargo.toml"), &manifest);
        write(&self.dir.join("src").join("lib.rs"), lib);
    }

    /// The packages of `Cargo.lock` by name: (version, source).
    pub fn locked(&self, name: &str) -> Vec<(String, String)> {
        let text = std::fs::read_to_string(self.dir.join("Cargo.lock")).expect("the consumer has a Cargo.lock");
        let lock: toml::Table = toml::from_str(&text).expect("Cargo.lock is TOML");
        let packages = lock["package"].as_array().expect("Cargo.lock lists packages");
        packages
            .iter()
            .filter(|p| p["name"].as_str() == Some(name))
            .map(|p| {
                let field = |key: &str| p.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                (field("version"), field("source"))
            })
            .collect()
    }
}

/// The library name of a crate (`genesys-engage-chat` -> `genesys_engage_chat`).
pub fn lib_name(name: &str) -> String {
    name.replace('-', "_")
}

fn write(path: &Path, contents: &str) {
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
