//! A Rust type as the API record (`.codegen/api.json`) shows it.
//!
//! The record keeps types as text, which is what a reader of the file and of the changelog
//! wants, and what older records hold. A type built from this generation's IR also keeps
//! its structure, so the diff can ask structural questions of the new side ("is it the old
//! type made optional?") by printing, never by reading Rust text back.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ir::{Spelling, TypeRef};

#[derive(Debug, Clone, Default)]
pub struct RecordedType {
    text: String,
    /// The structure and the spelling it was printed in; `None` when read from a record.
    shape: Option<(TypeRef, Spelling)>,
}

impl RecordedType {
    pub fn of(ty: &TypeRef, spelling: Spelling) -> RecordedType {
        RecordedType { text: ty.spelled(spelling).to_string(), shape: Some((ty.clone(), spelling)) }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether this (new) type is `Option<old>`.
    pub fn is_optional_of(&self, old: &RecordedType) -> bool {
        match &self.shape {
            Some((TypeRef::Option(inner), spelling)) => inner.spelled(*spelling).to_string() == old.text,
            _ => false,
        }
    }

    /// Whether this (new) type is `old` without its `Option`.
    pub fn is_required_of(&self, old: &RecordedType) -> bool {
        match &self.shape {
            Some((ty, spelling)) if !ty.is_option() => ty.clone().optional().spelled(*spelling).to_string() == old.text,
            _ => false,
        }
    }

    /// Whether the type is known to be something other than an `Option` (only a type of
    /// this generation is known at all).
    pub fn is_known_required(&self) -> bool {
        self.shape.as_ref().is_some_and(|(ty, _)| !ty.is_option())
    }
}

/// Types are equal when they print the same: a record holds no more than that.
impl PartialEq for RecordedType {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for RecordedType {}

impl Serialize for RecordedType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for RecordedType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(RecordedType { text: String::deserialize(deserializer)?, shape: None })
    }
}

/// A type known only by its text, as a record read from disk has it.
impl From<&str> for RecordedType {
    fn from(text: &str) -> Self {
        RecordedType { text: text.to_string(), shape: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Scalar;

    #[test]
    fn optionality_is_read_from_the_new_structure() {
        let name = TypeRef::Named("Pet".into());
        let recorded_optional: RecordedType = "Option<Pet>".into();
        let recorded_plain: RecordedType = "Pet".into();
        let new_plain = RecordedType::of(&name, Spelling::InModels);
        let new_optional = RecordedType::of(&name.clone().optional(), Spelling::InModels);
        assert!(new_plain.is_required_of(&recorded_optional) && !new_plain.is_optional_of(&recorded_optional));
        assert!(new_optional.is_optional_of(&recorded_plain) && !new_optional.is_required_of(&recorded_plain));
        let other = RecordedType::of(&TypeRef::Scalar(Scalar::I64), Spelling::InModels);
        assert!(!other.is_required_of(&recorded_optional) && !other.is_optional_of(&recorded_plain));
        assert!(new_plain.is_known_required() && !recorded_plain.is_known_required());
    }
}
