//! JSON request bodies.

use ::reqwest::header::CONTENT_TYPE;
use ::serde::Serialize;

use super::error::Error;
use super::request::Request;

impl Request {
    pub fn body_json<T: Serialize>(&mut self, value: T, content_type: &'static str) -> Result<(), Error> {
        let bytes = ::bytes::Bytes::from(::serde_json::to_vec(&value).map_err(|e| Error::Request(format!("cannot encode the body as JSON: {e}")))?);
        self.body = Some(Box::new(move |builder| Ok(builder.header(CONTENT_TYPE, content_type).body(bytes.clone()))));
        Ok(())
    }
}
