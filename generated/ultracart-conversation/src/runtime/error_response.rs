//! Error responses whose body the API documents.

use super::api::{Api, ThisApi};
use super::error::Error;
use super::raw::RawResponse;

impl RawResponse {
    /// An error response whose body should decode as `T`; the raw text is kept if it does not.
    pub fn api_error<T: ::serde::de::DeserializeOwned>(self, wrap: fn(T) -> <ThisApi as Api>::ErrorBody) -> Error {
        let body = match ::serde_json::from_slice::<T>(&self.body) {
            Ok(decoded) => wrap(decoded),
            Err(_) => self.undocumented_body(),
        };
        self.into_error(body)
    }
}
