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
    assert_eq!(err.body, ApiErrorBody::Problem(Problem { code: "bad".into() }));
    let Error::Api(err) = response(400, "<html>oops</html>").api_error(ApiErrorBody::Problem) else { panic!() };
    assert_eq!(err.body, ApiErrorBody::Raw("<html>oops</html>".into()));
    let Error::Api(err) = response(503, "").unexpected() else { panic!() };
    assert_eq!(err.body, ApiErrorBody::Empty);
    assert_eq!(err.to_string(), "`getThing` failed with 503 Service Unavailable");
}

#[test]
fn api_errors_show_the_start_of_a_raw_body_and_decoded_bodies_in_full() {
    let long = "x".repeat(500);
    let raw = RawResponse::new("op", StatusCode::BAD_GATEWAY, HeaderMap::new(), Bytes::from(long)).unexpected();
    let shown = raw.to_string();
    assert_eq!(shown, format!("`op` failed with 502 Bad Gateway: {}", "x".repeat(200)));
    let decoded = response(409, r#"{"code":"taken"}"#).api_error(ApiErrorBody::Problem).to_string();
    assert!(decoded.ends_with(r#": Problem(Problem { code: "taken" })"#), "{decoded}");
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
