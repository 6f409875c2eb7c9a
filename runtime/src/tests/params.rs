use ::reqwest::Method;
use serde_json::json;

use crate::params::{param_items, param_texts, Style};
use crate::path_param::encode_path_segment;
use crate::request::Request;

const JOINED: Style = Style { separator: Some(","), json: false };
const REPEATED: Style = Style { separator: None, json: false };

#[test]
fn items_follow_the_json_form_of_the_value() {
    assert_eq!(param_items("plain text").unwrap(), ["plain text"]);
    assert_eq!(param_items(&42).unwrap(), ["42"]);
    assert_eq!(param_items(&true).unwrap(), ["true"]);
    assert_eq!(param_items(&vec!["a", "b"]).unwrap(), ["a", "b"]);
    assert_eq!(param_items(&json!({"k": 1})).unwrap(), [r#"{"k":1}"#]);
    assert!(param_items(&Option::<u8>::None).unwrap().is_empty());
}

#[test]
fn styles_join_repeat_or_encode_as_json() {
    let list = vec![1, 2, 3];
    assert_eq!(param_texts(&list, JOINED).unwrap(), ["1,2,3"]);
    assert_eq!(param_texts(&list, Style { separator: Some("|"), json: false }).unwrap(), ["1|2|3"]);
    assert_eq!(param_texts(&list, Style { separator: Some(" "), json: false }).unwrap(), ["1 2 3"]);
    assert_eq!(param_texts(&list, REPEATED).unwrap(), ["1", "2", "3"]);
    assert_eq!(param_texts(&list, Style { separator: None, json: true }).unwrap(), ["[1,2,3]"]);
    assert_eq!(param_texts("x", Style { separator: None, json: true }).unwrap(), [r#""x""#]);
}

#[test]
fn path_segments_keep_only_unreserved_characters() {
    let mut out = String::new();
    encode_path_segment("a b/c?d#e%f~g_h.i-j é", &mut out);
    assert_eq!(out, "a%20b%2Fc%3Fd%23e%25f~g_h.i-j%20%C3%A9");
}

#[test]
fn parameters_land_where_they_belong() {
    let mut request = Request::new(Method::GET, "listThings", &[], true);
    request.push_path("/things/");
    request.push_path_param(&vec!["a/b", "c"]).unwrap();
    request.query("tag", &vec!["x", "y"], REPEATED).unwrap();
    request.query("limit", &10, JOINED).unwrap();
    request.header("X-Trace", &vec![1, 2], JOINED).unwrap();
    request.cookie("pref", &"dark", JOINED).unwrap();
    assert_eq!(request.path, "/things/a%2Fb%2Cc");
    assert_eq!(request.query, [("tag", "x".to_string()), ("tag", "y".to_string()), ("limit", "10".to_string())]);
    assert_eq!(request.headers.len(), 1);
    assert_eq!(request.headers[0].0.as_str(), "x-trace");
    assert_eq!(request.headers[0].1, "1,2");
    assert_eq!(request.cookies, [("pref", "dark".to_string())]);
}

#[test]
fn a_header_http_forbids_is_a_request_error() {
    let mut request = Request::new(Method::GET, "op", &[], true);
    assert!(matches!(request.header("Bad Name", &"v", JOINED), Err(crate::error::Error::Request(_))));
    assert!(matches!(request.header("X-Ok", &"line\nbreak", JOINED), Err(crate::error::Error::Request(_))));
}

#[test]
fn cursors_come_from_values_or_next_urls() {
    use crate::cursor::next_cursor;
    assert_eq!(next_cursor(Some("abc"), "cursor"), Some("abc".to_string()));
    assert_eq!(next_cursor(Some("  "), "cursor"), None);
    assert_eq!(next_cursor(None, "cursor"), None);
    assert_eq!(next_cursor(Some("https://api.example.com/items?cursor=n%202&limit=5"), "cursor"), Some("n 2".to_string()));
    assert_eq!(next_cursor(Some("/items?limit=5&cursor=xyz"), "cursor"), Some("xyz".to_string()));
    assert_eq!(next_cursor(Some("/items?limit=5"), "cursor"), None);
}

#[test]
fn page_bounds_compare_across_integer_types() {
    use crate::page_bound::at_least;
    assert!(at_least(3u8, 3i64));
    assert!(!at_least(2usize, 3i32));
    assert!(at_least(u64::MAX, -1i64));
    assert!(!at_least(u128::MAX, 0u8), "a value beyond i128 is not claimed to be at least anything");
}
