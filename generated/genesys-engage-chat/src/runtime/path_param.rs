//! Path parameters.

use ::serde::Serialize;

use super::error::Error;
use super::params::{param_texts, Style};
use super::request::Request;

/// Path parameters use OpenAPI's `simple` style: list items joined with commas.
const SIMPLE: Style = Style { separator: Some(","), json: false };

impl Request {
    pub fn push_path_param<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        encode_path_segment(&param_texts(value, SIMPLE)?.concat(), &mut self.path);
        Ok(())
    }
}

/// Percent-encodes a path parameter: everything but RFC 3986 unreserved characters.
pub fn encode_path_segment(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}
