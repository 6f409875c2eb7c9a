//! A response with its body read, before decoding. Each way of decoding it lives in a
//! file of its own (`json_response.rs`, `error_response.rs`, ...).

use ::bytes::Bytes;
use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

use super::api::{Api, ErrorBody as _, ThisApi};
use super::error::{ApiError, Error};
use super::response::ApiResponse;

#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse { operation, status, headers, body }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body of an error response the API does not document (or that does not decode
    /// as documented), kept as text.
    pub(crate) fn undocumented_body(&self) -> <ThisApi as Api>::ErrorBody {
        if self.body.is_empty() {
            <ThisApi as Api>::ErrorBody::empty()
        } else {
            <ThisApi as Api>::ErrorBody::raw(String::from_utf8_lossy(&self.body).into_owned())
        }
    }

    pub(crate) fn into_error(self, body: <ThisApi as Api>::ErrorBody) -> Error {
        Error::Api(Box::new(ApiError { operation: self.operation, status: self.status, headers: self.headers, body, raw: self.body }))
    }
}

impl<T> ApiResponse<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        ApiResponse { status, headers, body }
    }
}
