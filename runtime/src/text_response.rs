//! Response bodies as text.

use super::error::Error;
use super::raw::RawResponse;
use super::response::ApiResponse;

impl RawResponse {
    pub fn text(self) -> Result<ApiResponse<String>, Error> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(ApiResponse::new(self.status, self.headers, text))
    }
}
