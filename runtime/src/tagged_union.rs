//! Serialising internally tagged unions.

/// Serialises `value` (a struct) with the union's tag property added.
pub fn serialize_tagged<S: ::serde::Serializer, T: ::serde::Serialize>(serializer: S, tag: &str, tag_value: &str, value: &T) -> Result<S::Ok, S::Error> {
    use ::serde::ser::Error as _;
    let mut json = ::serde_json::to_value(value).map_err(S::Error::custom)?;
    match &mut json {
        ::serde_json::Value::Object(map) => {
            map.insert(tag.to_string(), ::serde_json::Value::String(tag_value.to_string()));
        }
        _ => return Err(S::Error::custom("a tagged union member must serialise as an object")),
    }
    ::serde::Serialize::serialize(&json, serializer)
}
