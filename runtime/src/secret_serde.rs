//! Credentials a service hands out in a response body (a guest chat `jwt`, a URL that
//! carries one): model fields the spec marks `x-secret: true` are a [`Secret`], which
//! decodes and encodes as the plain string but never shows in `Debug` output; the value is
//! read with [`Secret::expose`].

use super::credentials::Secret;

impl ::serde::Serialize for Secret {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> ::serde::Deserialize<'de> for Secret {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}
