//! Cargo features an item is compiled under: the crate's features per tag (see
//! `lower/tag_features.rs`), and `events` for what only the event streams use.

use serde::Serialize;

/// The features any one of which compiles an item; none: always compiled. Prints as the
/// item's `#[cfg(...)]` attribute, or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Gate(pub Vec<String>);

impl Gate {
    /// Compiled in every build.
    pub fn is_open(&self) -> bool {
        self.0.is_empty()
    }

    /// The `#[cfg]` of code for builds where none of the features is on (nothing when open).
    pub fn none_enabled(&self) -> String {
        let features: Vec<String> = self.0.iter().map(|name| format!("feature = \"{name}\"")).collect();
        match features.is_empty() {
            true => String::new(),
            false => format!("#[cfg(not(any({})))]", features.join(", ")),
        }
    }

    /// Under one feature.
    pub fn feature(name: &str) -> Gate {
        Gate(vec![name.to_string()])
    }
}

impl std::fmt::Display for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let features: Vec<String> = self.0.iter().map(|name| format!("feature = \"{name}\"")).collect();
        match features.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "#[cfg({one})]"),
            many => write!(f, "#[cfg(any({}))]", many.join(", ")),
        }
    }
}

/// A cargo feature that compiles the operations of one tag of the spec, and the models
/// only they reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagFeature {
    /// The tag as the spec writes it.
    pub tag: String,
    /// The feature's name: the tag in kebab-case, made unique.
    pub feature: String,
    /// How many operations carry the tag.
    pub operations: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_nothing_one_feature_or_any_of_several() {
        assert_eq!(Gate::default().to_string(), "");
        assert_eq!(Gate::feature("events").to_string(), "#[cfg(feature = \"events\")]");
        let two = Gate(vec!["core-v1".into(), "apps-v1".into()]);
        assert_eq!(two.to_string(), "#[cfg(any(feature = \"core-v1\", feature = \"apps-v1\"))]");
        assert_eq!(two.none_enabled(), "#[cfg(not(any(feature = \"core-v1\", feature = \"apps-v1\")))]");
        assert_eq!(Gate::default().none_enabled(), "");
    }
}
