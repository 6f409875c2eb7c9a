//! Success statuses whose body may still be the API's error envelope (an application
//! error inside HTTP 200).

use super::api::{Api, ThisApi};
use super::error::Error;
use super::error_envelope::is_error_envelope;
use super::raw::RawResponse;
use super::response::ApiResponse;

impl RawResponse {
    /// The body decoded as `T`, unless it is the error envelope: then an [`Error::Api`]
    /// with the success status, whose body decodes through `wrap`.
    pub fn json_unless_error<T: ::serde::de::DeserializeOwned, E: ::serde::de::DeserializeOwned>(
        self,
        wrap: fn(E) -> <ThisApi as Api>::ErrorBody,
    ) -> Result<ApiResponse<T>, Error> {
        if is_error_envelope(&self.body) {
            return Err(self.api_error(wrap));
        }
        self.json()
    }
}
