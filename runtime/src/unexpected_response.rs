//! Responses with a status the API does not document.

use super::error::Error;
use super::raw::RawResponse;

impl RawResponse {
    /// A status the spec does not document for this operation: an error with the raw body.
    pub fn unexpected(self) -> Error {
        let body = self.undocumented_body();
        self.into_error(body)
    }
}
