//! Statuses the API does not document whose body is its error envelope (UltraCart's
//! `ErrorResponse` on a 404): decoded rather than kept as text.

use super::api::{Api, ThisApi};
use super::error::Error;
use super::error_envelope::is_error_envelope;
use super::raw::RawResponse;

impl RawResponse {
    /// An undocumented status: the error envelope decoded through `wrap` when the body is
    /// one, the raw text otherwise.
    pub fn unexpected_or_envelope<E: ::serde::de::DeserializeOwned>(self, wrap: fn(E) -> <ThisApi as Api>::ErrorBody) -> Error {
        if is_error_envelope(&self.body) {
            self.api_error(wrap)
        } else {
            self.unexpected()
        }
    }
}
