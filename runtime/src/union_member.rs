//! Decoding the members of unions told apart by a property.

/// Decodes a buffered JSON value into a union member, mapping the error into the caller's.
pub fn from_json_value<E: ::serde::de::Error, T: ::serde::de::DeserializeOwned>(value: ::serde_json::Value) -> Result<T, E> {
    ::serde_json::from_value(value).map_err(E::custom)
}
