//! Cargo features an item is compiled under: the crate's features per tag or per path
//! resource (see `lower/tag_features.rs`), and `events` for what only the event streams use.

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

/// A cargo feature that compiles the operations of one group (a tag of the spec, or a path
/// resource: see [`FeatureGrouping`]), and the models only they reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagFeature {
    /// The tag as the spec writes it, or the resource as its paths do (`payment_intents`).
    pub group: String,
    /// The feature's name: the group in kebab-case, made unique.
    pub feature: String,
    /// How many operations the group holds.
    pub operations: usize,
}

/// What a crate's features per group are groups of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureGrouping {
    /// The tags of the spec's operations.
    #[default]
    Tag,
    /// The path resources (`lower/resources.rs`), for a spec that tags no operation.
    Resource,
}

impl FeatureGrouping {
    /// Whether the grouping is by tag (the default, not serialised).
    pub fn is_tag(&self) -> bool {
        *self == FeatureGrouping::Tag
    }

    /// The message of a build with no feature of a crate whose operations are all gated.
    pub fn none_enabled_error(&self) -> super::Lit {
        super::Lit(format!("enable at least one feature per {} (or `full`): see the README's \"{}\"", self.noun(), self.heading()))
    }
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
