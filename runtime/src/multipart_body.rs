//! `multipart/form-data` request bodies.

use super::error::Error;
use super::request::Request;

impl Request {
    /// reqwest sets the content type itself, with the boundary it chose.
    pub fn body_multipart(&mut self, value: ::reqwest::multipart::Form, _content_type: &'static str) -> Result<(), Error> {
        // A multipart body cannot be replayed, so such requests are never retried.
        self.idempotent = false;
        let mut form = Some(value);
        self.body = Some(Box::new(move |builder| match form.take() {
            Some(form) => Ok(builder.multipart(form)),
            None => Err(Error::Request("a multipart body can only be sent once".to_string())),
        }));
        Ok(())
    }
}
