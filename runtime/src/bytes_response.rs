//! Response bodies as bytes.

use ::bytes::Bytes;

use super::raw::RawResponse;
use super::response::ApiResponse;

impl RawResponse {
    pub fn bytes(self) -> ApiResponse<Bytes> {
        ApiResponse::new(self.status, self.headers, self.body)
    }
}
