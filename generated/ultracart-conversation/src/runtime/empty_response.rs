//! Responses whose body is ignored.

use super::raw::RawResponse;
use super::response::ApiResponse;

impl RawResponse {
    pub fn empty(self) -> ApiResponse<()> {
        ApiResponse::new(self.status, self.headers, ())
    }
}
