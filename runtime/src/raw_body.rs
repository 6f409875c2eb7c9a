//! Request bodies sent as given: bytes or text.

use ::reqwest::header::CONTENT_TYPE;

use super::error::Error;
use super::request::Request;

impl Request {
    pub fn body_raw(&mut self, value: impl Into<::bytes::Bytes>, content_type: &'static str) -> Result<(), Error> {
        let bytes = value.into();
        self.body = Some(Box::new(move |builder| Ok(builder.header(CONTENT_TYPE, content_type).body(bytes.clone()))));
        Ok(())
    }
}
