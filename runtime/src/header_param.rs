//! Header parameters.

use ::reqwest::header::{HeaderName, HeaderValue};
use ::serde::Serialize;

use super::error::Error;
use super::params::{param_texts, Style};
use super::request::Request;

impl Request {
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error> {
        let text = param_texts(value, style)?.join(",");
        // The spec may name a header that HTTP forbids.
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Request(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_str(&text).map_err(|_| Error::Request(format!("header `{name}` cannot hold the value given")))?;
        self.headers.push((name, value));
        Ok(())
    }
}
