//! How an operation's responses are told apart and decoded. Each case prints as one match
//! arm: its status as the pattern, its outcome as the expression.

use std::fmt;

use serde::Serialize;

use super::{Docs, TypeRef};

/// Which statuses a case matches. Prints as the match pattern on the status code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` etc.: the hundreds digit.
    Range(u16),
    Default,
}

impl fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusMatch::Code(c) => write!(f, "{c}"),
            StatusMatch::Range(r) => write!(f, "{}..={}", r * 100, r * 100 + 99),
            StatusMatch::Default => f.write_str("_"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decode {
    /// No body expected (or one we ignore).
    Empty,
    Json,
    Text,
    Bytes,
}

/// How one documented response is handled.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseCase {
    pub status: StatusMatch,
    pub success: bool,
    pub decode: Decode,
    /// Body type when `decode` is `Json`.
    pub ty: Option<TypeRef>,
    /// What the arm returns.
    pub outcome: Outcome,
    pub docs: Docs,
}

/// What a response becomes. Prints as the match arm's expression, a
/// `Result<T, crate::Error>` over the runtime's `Response`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The operation's one success type, decoded as `decode`.
    Body { decode: Decode },
    /// A variant of the operation's response enum, holding the body decoded as `decode`.
    Variant { decode: Decode, response_enum: String, variant: String },
    /// An API error whose body decodes into this `ApiErrorBody` variant.
    ApiError { body: String },
    /// An API error that keeps the raw body.
    Unexpected,
    /// The success type decoded as JSON, unless the body is the API's error envelope
    /// (then an API error whose body is this `ApiErrorBody` variant).
    BodyUnlessError { envelope: String },
    /// Like `Variant`, for a JSON body that may be the error envelope.
    VariantUnlessError { response_enum: String, variant: String, envelope: String },
    /// An undocumented status: the error envelope when the body is one, else the raw body.
    UnexpectedOrEnvelope { envelope: String },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Body { decode: Decode::Empty } => f.write_str("Ok(response.empty())"),
            Outcome::Body { decode: Decode::Json } => f.write_str("response.json()"),
            Outcome::Body { decode: Decode::Text } => f.write_str("response.text()"),
            Outcome::Body { decode: Decode::Bytes } => f.write_str("Ok(response.bytes())"),
            Outcome::Variant { decode, response_enum, variant } => {
                let wrap = format!("{response_enum}::{variant}");
                match decode {
                    Decode::Empty => write!(f, "Ok(response.empty().map(|()| {wrap}))"),
                    Decode::Json => write!(f, "response.json().map(|r| r.map({wrap}))"),
                    Decode::Text => write!(f, "response.text().map(|r| r.map({wrap}))"),
                    Decode::Bytes => write!(f, "Ok(response.bytes().map({wrap}))"),
                }
            }
            Outcome::ApiError { body } => write!(f, "Err(response.api_error(crate::ApiErrorBody::{body}))"),
            Outcome::Unexpected => f.write_str("Err(response.unexpected())"),
            Outcome::BodyUnlessError { envelope } => write!(f, "response.json_unless_error(crate::ApiErrorBody::{envelope})"),
            Outcome::VariantUnlessError { response_enum, variant, envelope } => {
                write!(f, "response.json_unless_error(crate::ApiErrorBody::{envelope}).map(|r| r.map({response_enum}::{variant}))")
            }
            Outcome::UnexpectedOrEnvelope { envelope } => write!(f, "Err(response.unexpected_or_envelope(crate::ApiErrorBody::{envelope}))"),
        }
    }
}

/// Whether some specific status also falls in a range of another arm (`200` and
/// `200..=299`): clippy's `match_overlapping_arm` would flag it, though the specific arm
/// comes first on purpose.
pub fn arms_overlap(cases: &[ResponseCase]) -> bool {
    cases.iter().any(|c| match c.status {
        StatusMatch::Code(code) => cases.iter().any(|other| other.status == StatusMatch::Range(code / 100)),
        _ => false,
    })
}

/// Several success responses with different bodies become an enum, chosen by status.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseEnum {
    pub name: String,
    pub docs: Docs,
    pub variants: Vec<ResponseVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseVariant {
    pub name: String,
    /// Payload type; `None` for an empty body.
    pub ty: Option<TypeRef>,
    pub docs: Docs,
}

/// Prints the variant as declared in its enum (`Ok(models::Pet)`, `NoContent`).
impl fmt::Display for ResponseVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ty {
            Some(ty) => write!(f, "{}({ty})", self.name),
            None => f.write_str(&self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_print_their_arm_expression() {
        let variant = Outcome::Variant { decode: Decode::Json, response_enum: "GetPetResponse".into(), variant: "Ok".into() };
        assert_eq!(variant.to_string(), "response.json().map(|r| r.map(GetPetResponse::Ok))");
        assert_eq!(Outcome::ApiError { body: "Error".into() }.to_string(), "Err(response.api_error(crate::ApiErrorBody::Error))");
        assert_eq!(StatusMatch::Range(2).to_string(), "200..=299");
    }

    #[test]
    fn only_a_code_inside_a_range_overlaps() {
        let case = |status| ResponseCase { status, success: true, decode: Decode::Empty, ty: None, outcome: Outcome::Unexpected, docs: Docs::default() };
        assert!(!arms_overlap(&[case(StatusMatch::Code(200)), case(StatusMatch::Range(4)), case(StatusMatch::Default)]));
        assert!(arms_overlap(&[case(StatusMatch::Code(204)), case(StatusMatch::Range(2)), case(StatusMatch::Default)]));
    }
}
