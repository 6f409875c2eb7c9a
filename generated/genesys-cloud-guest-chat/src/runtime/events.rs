//! What every event stream shares: reporting failures through the crate's `EventError`.

use super::api::{Api, ThisApi};
use super::error::Error;

/// How the runtime builds the crate's `EventError` (implemented by the crate).
pub trait EventFailure {
    /// A message that does not decode into the documented type.
    fn decode(stream: &'static str, text: String, source: ::serde_json::Error) -> Self;
}

/// The crate's error for an event stream failure.
pub fn event_error(error: <ThisApi as Api>::EventError) -> Error {
    Error::Event(Box::new(error))
}

/// The error for a message that does not decode.
pub fn decode_failed(stream: &'static str, text: String, source: ::serde_json::Error) -> Error {
    event_error(<<ThisApi as Api>::EventError as EventFailure>::decode(stream, text, source))
}
