//! `application/x-www-form-urlencoded` request bodies.

use ::reqwest::header::CONTENT_TYPE;
use ::serde::Serialize;

use super::error::Error;
use super::request::Request;

impl Request {
    pub fn body_form<T: Serialize>(&mut self, value: T, content_type: &'static str) -> Result<(), Error> {
        let text = ::serde_urlencoded::to_string(&value).map_err(|e| Error::Request(format!("cannot encode the body as a form: {e}")))?;
        let bytes = ::bytes::Bytes::from(text);
        self.body = Some(Box::new(move |builder| Ok(builder.header(CONTENT_TYPE, content_type).body(bytes.clone()))));
        Ok(())
    }
}
