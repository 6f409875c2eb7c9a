//! Decoding JSON response bodies.

use super::error::{DecodeError, Error};
use super::raw::RawResponse;
use super::response::ApiResponse;

impl RawResponse {
    pub fn json<T: ::serde::de::DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        // An empty body decodes as JSON `null`, so `Option` and unit bodies accept it.
        let parsed = if self.body.iter().all(u8::is_ascii_whitespace) {
            ::serde_json::from_slice(b"null")
        } else {
            ::serde_json::from_slice(&self.body)
        };
        match parsed {
            Ok(body) => Ok(ApiResponse::new(self.status, self.headers, body)),
            Err(source) => Err(Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                headers: self.headers,
                body: self.body,
                source,
            }))),
        }
    }
}
