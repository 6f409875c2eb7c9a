//! An API's error envelope (`x-error-envelope` in the spec): a body shape that means
//! failure wherever it appears, whatever the HTTP status. Genesys Engage answers HTTP 200
//! with `{"statusCode": 3, "statusMessage": "..."}`; UltraCart wraps errors in
//! `{"error": {...}}` at statuses its document does not list.

use super::api::{Api, ThisApi};
use super::error::ApiError;

/// How to recognise the API's error envelope, implemented by the crate for [`ThisApi`].
pub trait ErrorEnvelope: Api {
    /// The top-level property whose presence (with a non-null value) marks the envelope.
    const MARKER: &'static str;
    /// Values of [`Self::MARKER`] that mean success (an application status code); empty
    /// when any value means failure.
    const SUCCESS: &'static [i64];
    /// What each application status code means, as the API's documentation says.
    const MEANINGS: &'static [(i64, &'static str)];
    /// The application status code of a decoded envelope. (Its message, like every
    /// error body's, is found by `ErrorBody::message`.)
    fn status_code(body: &Self::ErrorBody) -> Option<i64>;
}

/// Whether a body is the error envelope: a JSON object whose marker property is set and,
/// for a status code, not one of the success values. Reads only the object's top level.
pub fn is_error_envelope(body: &[u8]) -> bool {
    let mut deserializer = ::serde_json::Deserializer::from_slice(body);
    let marker = ::serde::Deserializer::deserialize_any(&mut deserializer, MarkerVisitor(ThisApi::MARKER));
    match marker {
        Ok(Marker::Absent) | Err(_) => false,
        Ok(Marker::Code(code)) => !ThisApi::SUCCESS.contains(&code),
        Ok(Marker::Other) => ThisApi::SUCCESS.is_empty(),
    }
}

/// What the marker property holds.
enum Marker {
    Absent,
    Code(i64),
    /// Set, but not an integer.
    Other,
}

struct MarkerVisitor(&'static str);

impl<'de> ::serde::de::Visitor<'de> for MarkerVisitor {
    type Value = Marker;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Marker, A::Error> {
        let mut found = Marker::Absent;
        while let Some(key) = map.next_key::<::std::borrow::Cow<'de, str>>()? {
            if key == self.0 {
                found = match map.next_value::<::serde_json::Value>()? {
                    ::serde_json::Value::Null => Marker::Absent,
                    value => value.as_i64().map_or(Marker::Other, Marker::Code),
                };
            } else {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    // Anything but an object is no envelope.
    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, _: A) -> Result<Marker, A::Error> {
        Ok(Marker::Absent)
    }
    fn visit_str<E>(self, _: &str) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
    fn visit_unit<E>(self) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
}

impl ApiError {
    /// The application status code of the API's error envelope (Engage's `statusCode`) as
    /// a number, when the body is that envelope and has one; [`ApiError::code`] gives the
    /// same as text, beside codes of other error bodies.
    pub fn status_code(&self) -> Option<i64> {
        ThisApi::status_code(&self.body)
    }

    /// What [`ApiError::status_code`] means, from the API's documentation (Engage: "The
    /// operation is forbidden." for 3).
    pub fn meaning(&self) -> Option<&'static str> {
        let code = self.status_code()?;
        ThisApi::MEANINGS.iter().find(|(c, _)| *c == code).map(|(_, meaning)| *meaning)
    }
}
