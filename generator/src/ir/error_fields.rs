//! Where a documented error body keeps the API's own error code and message, and the
//! accessor expressions that read them (printed into `error.rs`'s `ApiErrorBody` impl).

use serde::Serialize;

use super::ErrorBody;

/// A path of struct fields from an error body down to a string or integer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldPath {
    /// The fields followed, outermost first; empty when the body itself is the value
    /// (a text error body).
    pub steps: Vec<FieldStep>,
    /// The value at the end is an integer (printed as its decimal text), not a `String`.
    pub integer: bool,
}

/// One field on a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
}

/// How far [`FieldPath::reach`] has got: still a place (every field so far required), or
/// already an `Option<&T>`.
enum Reached {
    Place(String),
    Optional(String),
}

impl FieldPath {
    /// The value at the end, from `body: &Body`. Written to read as by hand
    /// (`body.message.as_deref()`, never `Some(x).map(..)`), so clippy's style lints hold
    /// for the generated code. With `text`, an `Option<String>` at the end becomes
    /// `Option<&str>`.
    fn reach(&self, text: bool) -> Reached {
        let last = self.steps.len().saturating_sub(1);
        let mut reached = Reached::Place("body".to_string());
        for (i, step) in self.steps.iter().enumerate() {
            let deref = if i == last && text { "as_deref()" } else { "as_ref()" };
            let field = &step.field;
            reached = match (reached, step.optional) {
                (Reached::Place(place), false) => Reached::Place(format!("{place}.{field}")),
                (Reached::Place(place), true) => Reached::Optional(format!("{place}.{field}.{deref}")),
                (Reached::Optional(expr), true) => Reached::Optional(format!("{expr}.and_then(|v| v.{field}.{deref})")),
                (Reached::Optional(expr), false) if i == last && text => Reached::Optional(format!("{expr}.map(|v| v.{field}.as_str())")),
                (Reached::Optional(expr), false) => Reached::Optional(format!("{expr}.map(|v| &v.{field})")),
            };
        }
        reached
    }

    /// `Option<&str>` for a message (a `String` at the end).
    pub fn message_expr(&self) -> String {
        match self.reach(true) {
            Reached::Place(place) => format!("Some({place}.as_str())"),
            Reached::Optional(expr) => expr,
        }
    }

    /// `Option<Cow<'_, str>>` for a code: borrowed text, or an integer as text.
    pub fn code_expr(&self) -> String {
        match (self.reach(!self.integer), self.integer) {
            (Reached::Place(place), false) => format!("Some(::std::borrow::Cow::Borrowed({place}.as_str()))"),
            (Reached::Place(place), true) => format!("Some(::std::borrow::Cow::Owned({place}.to_string()))"),
            (Reached::Optional(expr), false) => format!("{expr}.map(::std::borrow::Cow::Borrowed)"),
            (Reached::Optional(expr), true) => format!("{expr}.map(|v| ::std::borrow::Cow::Owned(v.to_string()))"),
        }
    }
}

impl ErrorBody {
    /// The `code()` match arm of this variant.
    pub fn code_arm(&self) -> String {
        match &self.code {
            Some(path) => format!("ApiErrorBody::{}(body) => {},", self.variant, path.code_expr()),
            None => format!("ApiErrorBody::{}(_) => None,", self.variant),
        }
    }

    /// The `message()` match arm of this variant.
    pub fn message_arm(&self) -> String {
        match &self.message {
            Some(path) => format!("ApiErrorBody::{}(body) => {},", self.variant, path.message_expr()),
            None => format!("ApiErrorBody::{}(_) => None,", self.variant),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(steps: &[(&str, bool)], integer: bool) -> FieldPath {
        FieldPath { steps: steps.iter().map(|(f, o)| FieldStep { field: f.to_string(), optional: *o }).collect(), integer }
    }

    #[test]
    fn reads_optional_and_required_fields_at_any_depth() {
        assert_eq!(path(&[("message", true)], false).message_expr(), "body.message.as_deref()");
        assert_eq!(path(&[("message", false)], false).message_expr(), "Some(body.message.as_str())");
        assert_eq!(path(&[("error", true), ("developer_message", true)], false).message_expr(), "body.error.as_ref().and_then(|v| v.developer_message.as_deref())");
        assert_eq!(path(&[("error", false), ("text", false)], false).message_expr(), "Some(body.error.text.as_str())");
        assert_eq!(path(&[("error", true), ("text", false)], false).message_expr(), "body.error.as_ref().map(|v| v.text.as_str())");
        assert_eq!(path(&[], false).message_expr(), "Some(body.as_str())");
    }

    #[test]
    fn codes_borrow_text_and_print_integers() {
        assert_eq!(path(&[("code", true)], false).code_expr(), "body.code.as_deref().map(::std::borrow::Cow::Borrowed)");
        assert_eq!(path(&[("status_code", true)], true).code_expr(), "body.status_code.as_ref().map(|v| ::std::borrow::Cow::Owned(v.to_string()))");
        assert_eq!(path(&[("status_code", false)], true).code_expr(), "Some(::std::borrow::Cow::Owned(body.status_code.to_string()))");
        assert_eq!(path(&[], false).code_expr(), "Some(::std::borrow::Cow::Borrowed(body.as_str()))");
    }
}
