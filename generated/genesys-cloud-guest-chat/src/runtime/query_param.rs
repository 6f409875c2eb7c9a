//! Query parameters.

use ::serde::Serialize;

use super::error::Error;
use super::params::{param_texts, Style};
use super::request::Request;

impl Request {
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error> {
        for text in param_texts(value, style)? {
            self.query.push((name, text));
        }
        Ok(())
    }
}
