use ::bytes::Bytes;
use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

use crate::error::Error;
use crate::error_envelope::is_error_envelope;
use crate::raw::RawResponse;
use crate::sample::{ApiErrorBody, Envelope};

fn response(status: u16, body: &'static str) -> RawResponse {
    RawResponse::new("postThing", StatusCode::from_u16(status).unwrap(), HeaderMap::new(), Bytes::from_static(body.as_bytes()))
}

#[derive(Debug, PartialEq, ::serde::Deserialize)]
struct Status {
    #[serde(rename = "statusCode")]
    status_code: Option<i32>,
    status: Option<i32>,
}

#[test]
fn a_status_code_other_than_success_marks_the_envelope() {
    assert!(is_error_envelope(br#"{"statusCode": 3, "statusMessage": "no"}"#));
    assert!(is_error_envelope(br#"{"chats": [{"statusCode": 0}], "statusCode": 20}"#));
    assert!(!is_error_envelope(br#"{"statusCode": 0}"#));
    assert!(!is_error_envelope(br#"{"status": 0}"#), "no marker: not the envelope");
    assert!(!is_error_envelope(br#"{"statusCode": null}"#));
    assert!(!is_error_envelope(br#"{"messages": [{"statusCode": 3}]}"#), "only the top level counts");
    assert!(!is_error_envelope(b"[1, 2]"));
    assert!(!is_error_envelope(b"not json"));
    assert!(!is_error_envelope(b""));
}

#[test]
fn an_application_error_inside_http_200_is_an_api_error_with_code_meaning_and_message() {
    let err = response(200, r#"{"statusCode": 3, "statusMessage": "Operation forbidden"}"#).json_unless_error::<Status, _>(ApiErrorBody::Envelope).unwrap_err();
    let Error::Api(api) = err else { panic!("not an API error") };
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.body, ApiErrorBody::Envelope(Envelope { status_code: Some(3), status_message: Some("Operation forbidden".into()) }));
    assert_eq!(api.status_code(), Some(3));
    assert_eq!(api.code().as_deref(), Some("3"));
    assert_eq!(api.meaning(), Some("The operation is forbidden."));
    assert_eq!(api.message(), Some("Operation forbidden"));
}

#[test]
fn success_bodies_decode_as_documented() {
    let ok = response(200, r#"{"status": 0}"#).json_unless_error::<Status, _>(ApiErrorBody::Envelope).unwrap();
    assert_eq!(ok.body, Status { status_code: None, status: Some(0) });
    let ok = response(200, r#"{"statusCode": 0}"#).json_unless_error::<Status, _>(ApiErrorBody::Envelope).unwrap();
    assert_eq!(ok.body.status_code, Some(0));
}

#[test]
fn an_undocumented_status_decodes_the_envelope_and_keeps_other_bodies_raw() {
    let Error::Api(api) = response(404, r#"{"statusCode": 6, "statusMessage": "gone"}"#).unexpected_or_envelope(ApiErrorBody::Envelope) else { panic!() };
    assert_eq!(api.status_code(), Some(6));
    assert_eq!(api.meaning(), None, "a code the table does not list has no meaning");
    let Error::Api(api) = response(404, "<html>Not Found</html>").unexpected_or_envelope(ApiErrorBody::Envelope) else { panic!() };
    assert_eq!(api.body, ApiErrorBody::Raw("<html>Not Found</html>".into()));
    assert_eq!((api.code(), api.message()), (None, None));
}
