use ::bytes::Bytes;
use ::reqwest::header::HeaderMap;
use ::reqwest::StatusCode;

use crate::error::Error;
use crate::raw::RawResponse;
use crate::sample::{ApiErrorBody, Problem};

fn response(status: u16, body: &'static str) -> RawResponse {
    RawResponse::new("getThing", StatusCode::from_u16(status).unwrap(), HeaderMap::new(), Bytes::from_static(body.as_bytes()))
}

#[test]
fn an_empty_body_decodes_as_null() {
    let decoded: Option<u32> = response(200, " \n").json().unwrap().into_body();
    assert_eq!(decoded, None);
    let unit: () = response(204, "").json().unwrap().into_body();
    assert_eq!(unit, ());
}

#[test]
fn a_body_that_does_not_decode_keeps_status_headers_and_bytes() {
    let Err(Error::Decode(err)) = response(200, "{\"id\": 1}").json::<Vec<u8>>() else { panic!("not a decode error") };
    assert_eq!(err.operation, "getThing");
    assert_eq!(err.status, StatusCode::OK);
    assert_eq!(&err.body[..], b"{\"id\": 1}");
}

#[test]
fn documented_error_bodies_decode_and_others_stay_raw() {
    let Error::Api(err) = response(400, r#"{"code":"bad"}"#).api_error(ApiErrorBody::Problem) else { panic!() };
    assert_eq!(err.body, ApiErrorBody::Problem(Problem { code: "bad".into(), detail: None }));
    let Error::Api(err) = response(400, "<html>oops</html>").api_error(ApiErrorBody::Problem) else { panic!() };
    assert_eq!(err.body, ApiErrorBody::Raw("<html>oops</html>".into()));
    let Error::Api(err) = response(503, "").unexpected() else { panic!() };
    assert_eq!(err.body, ApiErrorBody::Empty);
    assert_eq!(err.to_string(), "`getThing` failed with 503 Service Unavailable");
}

#[test]
fn api_errors_show_the_start_of_an_undecoded_body() {
    let long = "x".repeat(500);
    let raw = RawResponse::new("op", StatusCode::BAD_GATEWAY, HeaderMap::new(), Bytes::from(long)).unexpected();
    assert_eq!(raw.to_string(), format!("`op` failed with 502 Bad Gateway: {}…", "x".repeat(200)));
    let short = response(500, " oops\n").unexpected();
    assert_eq!(short.to_string(), "`getThing` failed with 500 Internal Server Error: oops");
}

#[test]
fn api_errors_say_the_apis_own_code_and_message() {
    let both = response(404, r#"{"code":"not.found","detail":"no such thing"}"#).api_error(ApiErrorBody::Problem);
    assert_eq!(both.to_string(), "`getThing` failed with 404 Not Found: no such thing (code not.found)");
    let code_only = response(409, r#"{"code":"taken"}"#).api_error(ApiErrorBody::Problem);
    assert_eq!(code_only.to_string(), "`getThing` failed with 409 Conflict: code taken");
    let blank_message = response(409, r#"{"code":"taken","detail":"  "}"#).api_error(ApiErrorBody::Problem);
    assert_eq!(blank_message.to_string(), "`getThing` failed with 409 Conflict: code taken");
}

#[test]
fn api_errors_keep_the_raw_body_decoded_or_not() {
    let text = r#"{"code":"taken", "extra": [1, 2]}"#;
    let Error::Api(decoded) = response(409, text).api_error(ApiErrorBody::Problem) else { panic!() };
    assert_eq!(decoded.code().as_deref(), Some("taken"));
    assert_eq!(decoded.message(), None);
    assert_eq!(decoded.raw_text(), text);
    assert_eq!(&decoded.raw_body()[..], text.as_bytes());
    let Error::Api(undecoded) = response(500, "<html>oops</html>").api_error(ApiErrorBody::Problem) else { panic!() };
    assert_eq!(undecoded.code(), None);
    assert_eq!(undecoded.raw_text(), "<html>oops</html>");
}

#[test]
fn errors_tell_their_status_and_api_error() {
    let err = response(409, "").unexpected();
    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    assert_eq!(err.api_error().map(|e| e.operation), Some("getThing"));
    assert_eq!(Error::Request("x".into()).status(), None);
}

#[test]
fn other_decodings_keep_status_and_headers() {
    assert_eq!(response(200, "héllo").text().unwrap().body, "héllo");
    assert_eq!(&response(200, "raw").bytes().body[..], b"raw");
    assert_eq!(response(202, "ignored").empty().status, StatusCode::ACCEPTED);
}
