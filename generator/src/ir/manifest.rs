//! The dependencies a generated crate declares in its `Cargo.toml`, decided from its
//! [`Features`](super::Features) by lowering. Each prints as its manifest line.

use std::fmt;

use serde::Serialize;

/// One `name = ...` line of `[dependencies]` or `[dev-dependencies]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CargoDependency {
    pub name: &'static str,
    pub version: &'static str,
    /// `default-features = false`.
    pub no_default_features: bool,
    pub features: Vec<&'static str>,
    /// Why the dependency is set up this way, printed as a comment above it.
    pub note: Option<&'static str>,
    /// `optional = true`: only compiled when a feature of the crate enables it.
    pub optional: bool,
}

/// The feature that compiles the configuration file's support (`runtime/src/config*.rs`).
pub const CONFIG_FEATURE: &str = "config";

/// The feature that compiles a crate's event streams (`events.rs` and its transports).
pub const EVENTS_FEATURE: &str = "events";

/// The feature that turns on every feature per tag (`Crate::tag_features`).
pub const FULL_FEATURE: &str = "full";

/// One `name = [...]` line of `[features]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CargoFeature {
    pub name: String,
    /// Features and `dep:` dependencies it turns on.
    pub enables: Vec<String>,
    /// What it is for, printed as a comment above it.
    pub note: &'static str,
}

impl fmt::Display for CargoFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.note.lines() {
            writeln!(f, "# {line}")?;
        }
        let quoted: Vec<String> = self.enables.iter().map(|e| format!("\"{e}\"")).collect();
        write!(f, "{} = [{}]", self.name, quoted.join(", "))
    }
}

impl CargoDependency {
    /// A dependency with its default features and nothing more.
    pub fn plain(name: &'static str, version: &'static str) -> CargoDependency {
        CargoDependency { name, version, no_default_features: false, features: Vec::new(), note: None, optional: false }
    }

    pub fn features(mut self, features: &[&'static str]) -> CargoDependency {
        self.features.extend_from_slice(features);
        self
    }

    pub fn no_default_features(mut self) -> CargoDependency {
        self.no_default_features = true;
        self
    }

    pub fn optional(mut self) -> CargoDependency {
        self.optional = true;
        self
    }

    pub fn note(mut self, note: &'static str) -> CargoDependency {
        self.note = Some(note);
        self
    }
}

/// The names and versions are the generator's own, so they need no TOML escaping.
impl fmt::Display for CargoDependency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.note.iter().flat_map(|note| note.lines()) {
            writeln!(f, "# {line}")?;
        }
        if !self.no_default_features && self.features.is_empty() && !self.optional {
            return write!(f, "{} = \"{}\"", self.name, self.version);
        }
        write!(f, "{} = {{ version = \"{}\"", self.name, self.version)?;
        if self.no_default_features {
            f.write_str(", default-features = false")?;
        }
        if !self.features.is_empty() {
            let quoted: Vec<String> = self.features.iter().map(|feature| format!("\"{feature}\"")).collect();
            write!(f, ", features = [{}]", quoted.join(", "))?;
        }
        if self.optional {
            f.write_str(", optional = true")?;
        }
        f.write_str(" }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_a_plain_version_or_an_inline_table() {
        assert_eq!(CargoDependency::plain("bytes", "1").to_string(), "bytes = \"1\"");
        let util = CargoDependency::plain("futures-util", "0.3").no_default_features();
        assert_eq!(util.to_string(), "futures-util = { version = \"0.3\", default-features = false }");
        let tokio = CargoDependency::plain("tokio", "1").features(&["time", "net"]).note("why\nand how");
        assert_eq!(tokio.to_string(), "# why\n# and how\ntokio = { version = \"1\", features = [\"time\", \"net\"] }");
        assert_eq!(CargoDependency::plain("notify", "8").optional().to_string(), "notify = { version = \"8\", optional = true }");
    }

    #[test]
    fn features_print_their_list_under_their_note() {
        let config = CargoFeature { name: "config".into(), enables: vec!["dep:notify".into(), "dep:rust-ini".into()], note: "the file" };
        assert_eq!(config.to_string(), "# the file\nconfig = [\"dep:notify\", \"dep:rust-ini\"]");
    }
}
