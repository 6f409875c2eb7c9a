//! Cookie parameters.

use ::serde::Serialize;

use super::error::Error;
use super::params::{param_texts, Style};
use super::request::Request;

impl Request {
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T, style: Style) -> Result<(), Error> {
        let text = param_texts(value, style)?.join(",");
        self.cookies.push((name, text));
        Ok(())
    }
}
