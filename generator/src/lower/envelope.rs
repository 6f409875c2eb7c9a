//! `x-error-envelope` on a component schema: a body shape that means failure at any
//! status. The extension:
//!
//! ```yaml
//! x-error-envelope:
//!   marker: statusCode      # a top-level property; a body with it set (non-null) is the envelope
//!   success: [0]            # marker values that mean success (an application status code); default none
//!   in-success: true        # also check bodies of success statuses (default false)
//!   code: statusCode        # the property holding the application status code (optional)
//!   message: statusMessage  # the property holding the envelope's message (optional)
//!   meanings: {1: "A required parameter is missing in the request."}  # the documented codes
//! ```
//!
//! Lowering makes every undocumented status decode the envelope when the body is one, and
//! with `in-success` every JSON success body be checked first: an envelope there is an
//! `Error::Api` with the success status. The documented error bodies are left as they are.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::{
    Decode, EnvelopeField, EnvelopeFieldKind, ErrorBody, ErrorEnvelope, Lit, Operation, Outcome, Scalar, TypeDef, TypeKind, TypeRef,
};
use crate::load::Spec;
use crate::pointer::Pointer;

pub const EXTENSION: &str = "x-error-envelope";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Declared {
    marker: String,
    #[serde(default)]
    success: Vec<i64>,
    #[serde(default)]
    in_success: bool,
    code: Option<String>,
    message: Option<String>,
    #[serde(default)]
    meanings: BTreeMap<i64, String>,
}

/// Finds the envelope among the component schemas, adds it to the error bodies if no
/// operation documents it, and rewrites the outcomes it changes.
pub fn lower(spec: &Spec, types: &[TypeDef], operations: &mut [Operation], error_bodies: &mut Vec<ErrorBody>) -> Result<Option<ErrorEnvelope>> {
    let mut found: Option<(Pointer, &TypeDef, Declared)> = None;
    for def in types {
        let Some(origin) = Pointer::parse(&def.origin) else { continue };
        if origin.tokens().count() != 3 || !def.origin.starts_with("#/components/schemas/") {
            continue;
        }
        let at = origin.push(EXTENSION);
        let Some(value) = spec.with_node(&at, |node| node.cloned()) else { continue };
        let declared = Declared::deserialize(value).map_err(|e| {
            Error::spec(&spec.file, at.as_str(), format!("invalid {EXTENSION}: {e}"), "expected `marker` and optional `success`, `in-success`, `code`, `message`, `meanings`")
        })?;
        if let Some((first, _, _)) = &found {
            return Err(Error::spec(&spec.file, at.as_str(), format!("a second {EXTENSION}; the first is at {}", first.as_str()), "an API has one error envelope"));
        }
        found = Some((at, def, declared));
    }
    let Some((at, def, declared)) = found else { return Ok(None) };
    let TypeKind::Struct { fields, .. } = &def.kind else {
        return Err(Error::spec(&spec.file, at.as_str(), format!("{EXTENSION} is on a schema that is not an object"), "put it on the error body's object schema"));
    };
    let field = |wire: &Option<String>, kind: EnvelopeFieldKind, key: &str| -> Result<Option<EnvelopeField>> {
        let Some(wire) = wire else { return Ok(None) };
        let Some(f) = fields.iter().find(|f| f.wire_name.0 == *wire) else {
            return Err(Error::spec(&spec.file, at.push(key).as_str(), format!("`{wire}` is not a property of the schema"), "name one of its properties"));
        };
        let inner = match &f.ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let fits = match kind {
            EnvelopeFieldKind::Code => matches!(inner, TypeRef::Scalar(Scalar::I8 | Scalar::I16 | Scalar::I32 | Scalar::I64 | Scalar::U8 | Scalar::U16 | Scalar::U32)),
            EnvelopeFieldKind::Message => matches!(inner, TypeRef::Scalar(Scalar::String)),
        };
        if !fits {
            let wanted = if kind == EnvelopeFieldKind::Code { "an integer" } else { "a string" };
            return Err(Error::spec(&spec.file, at.push(key).as_str(), format!("`{wire}` is not {wanted}"), format!("the {key} property must be {wanted}")));
        }
        Ok(Some(EnvelopeField { field: f.name.clone(), optional: f.ty.is_option(), kind }))
    };
    let code = field(&declared.code, EnvelopeFieldKind::Code, "code")?;
    let message = field(&declared.message, EnvelopeFieldKind::Message, "message")?;
    if !fields.iter().any(|f| f.wire_name.0 == declared.marker) {
        return Err(Error::spec(&spec.file, at.push("marker").as_str(), format!("`{}` is not a property of the schema", declared.marker), "name one of its properties"));
    }

    let ty = TypeRef::Named(def.name.clone());
    let variant = match error_bodies.iter().find(|e| e.ty == ty) {
        Some(existing) => existing.variant.clone(),
        None => {
            let mut name = def.name.clone();
            while matches!(name.as_str(), "Raw" | "Empty") || error_bodies.iter().any(|e| e.variant == name) {
                name.push_str("Body");
            }
            error_bodies.push(ErrorBody { variant: name.clone(), ty, code: None, message: None });
            name
        }
    };
    for op in operations.iter_mut() {
        for case in &mut op.responses {
            let rewritten = match &case.outcome {
                Outcome::Unexpected => Some(Outcome::UnexpectedOrEnvelope { envelope: variant.clone() }),
                Outcome::Body { decode: Decode::Json } if declared.in_success => Some(Outcome::BodyUnlessError { envelope: variant.clone() }),
                Outcome::Variant { decode: Decode::Json, response_enum, variant: v } if declared.in_success => {
                    Some(Outcome::VariantUnlessError { response_enum: response_enum.clone(), variant: v.clone(), envelope: variant.clone() })
                }
                _ => None,
            };
            if let Some(outcome) = rewritten {
                case.outcome = outcome;
            }
        }
    }
    Ok(Some(ErrorEnvelope {
        variant,
        marker: Lit(declared.marker),
        success: declared.success,
        in_success: declared.in_success,
        meanings: declared.meanings.into_iter().map(|(code, meaning)| (code, Lit(meaning))).collect(),
        code,
        message,
    }))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::error::Error;
    use crate::ir::{Crate, Outcome};

    fn lower(envelope: &str) -> crate::Result<Crate> {
        let spec = format!(
            r#"openapi: 3.0.3
info: {{title: t, version: '1'}}
servers: [{{url: 'https://example.com'}}]
paths:
  /things:
    get:
      operationId: getThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{items: {{type: array, items: {{type: string}}}}}}}}
components:
  schemas:
    Failure:
      type: object
      x-error-envelope: {envelope}
      properties:
        code: {{type: integer}}
        text: {{type: string}}
"#
        );
        let loaded = crate::load::load_str(Path::new("envelope.yaml"), &spec)?;
        crate::lower::lower(&loaded, &crate::Overrides::default())
    }

    fn pointer(result: crate::Result<Crate>) -> String {
        match result {
            Err(err @ Error::Spec(_)) => err.problem().map(|p| p.pointer.clone()).unwrap_or_default(),
            Err(other) => panic!("expected a located error, got {other}"),
            Ok(_) => panic!("expected an error"),
        }
    }

    #[test]
    fn success_bodies_are_checked_and_undocumented_statuses_decode_the_envelope() {
        let krate = lower("{marker: code, success: [0], in-success: true, code: code, message: text, meanings: {3: Forbidden}}").expect("lowers");
        let envelope = krate.error_envelope.as_ref().expect("an envelope");
        assert_eq!(envelope.variant, "Failure", "not documented by any operation, so added as an error body");
        assert_eq!(krate.error_bodies.iter().map(|e| e.variant.as_str()).collect::<Vec<_>>(), ["Failure"]);
        assert_eq!(envelope.code.as_ref().map(ToString::to_string).as_deref(), Some("envelope.code.map(i64::from)"));
        assert_eq!(envelope.message.as_ref().map(ToString::to_string).as_deref(), Some("envelope.text.as_deref()"));
        assert_eq!(envelope.meanings[0].0, 3);
        let outcomes: Vec<&Outcome> = krate.operations[0].responses.iter().map(|c| &c.outcome).collect();
        assert_eq!(outcomes, [&Outcome::BodyUnlessError { envelope: "Failure".into() }, &Outcome::UnexpectedOrEnvelope { envelope: "Failure".into() }]);

        let krate = lower("{marker: text}").expect("lowers");
        let first = &krate.operations[0].responses[0].outcome;
        assert!(matches!(first, Outcome::Body { .. }), "without in-success, success bodies are not checked: {first:?}");
    }

    #[test]
    fn malformed_declarations_are_located_errors() {
        let at = "#/components/schemas/Failure/x-error-envelope";
        assert_eq!(pointer(lower("{success: [0]}")), at);
        assert_eq!(pointer(lower("{marker: nope}")), format!("{at}/marker"));
        assert_eq!(pointer(lower("{marker: code, code: text}")), format!("{at}/code"));
        assert_eq!(pointer(lower("{marker: code, message: code}")), format!("{at}/message"));
        assert_eq!(pointer(lower("{marker: code, colour: red}")), at);
    }
}
