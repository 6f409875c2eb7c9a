//! How parameter values become text: path, query, header and cookie parameters alike.

use ::serde::Serialize;

use super::error::Error;

/// How a list or structured parameter value becomes text (OpenAPI `style` and `explode`),
/// as plain data so every crate uses the one type whatever styles its operations need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// What joins the items of a list into one value; `None` repeats the parameter once
    /// per item (`?id=1&id=2`).
    pub separator: Option<&'static str>,
    /// The whole value as JSON text (deepObject and object-valued parameters).
    pub json: bool,
}

/// The text items of a parameter value, from its JSON form, so every type that
/// serialises (numbers, dates, enums, lists of them) is written the same way it would be
/// in a body: strings as themselves, lists one item per element, objects as JSON text.
pub fn param_items<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, Error> {
    let json = ::serde_json::to_value(value).map_err(|e| Error::Request(format!("cannot encode a parameter: {e}")))?;
    Ok(match json {
        ::serde_json::Value::Null => Vec::new(),
        ::serde_json::Value::Array(items) => items.iter().map(scalar_text).collect(),
        other => vec![scalar_text(&other)],
    })
}

fn scalar_text(value: &::serde_json::Value) -> String {
    match value {
        ::serde_json::Value::String(s) => s.clone(),
        ::serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The texts a parameter is sent as: one per item for a repeated parameter, else one.
pub fn param_texts<T: Serialize + ?Sized>(value: &T, style: Style) -> Result<Vec<String>, Error> {
    if style.json {
        let json = ::serde_json::to_string(value).map_err(|e| Error::Request(format!("cannot encode a parameter: {e}")))?;
        return Ok(vec![json]);
    }
    let items = param_items(value)?;
    Ok(match style.separator {
        Some(separator) => vec![items.join(separator)],
        None => items,
    })
}
