use ::reqwest::header::{HeaderMap, HeaderValue};
use ::reqwest::Method;

use crate::api::Session as _;
use crate::client::Client;
use crate::credentials::Secret;
use crate::csrf::Csrf;
use crate::error::Error;
use crate::request::Request;
use crate::sample::{SampleCredentials, SecurityScheme, Server};

#[test]
fn the_base_url_comes_from_the_server_unless_set() {
    assert_eq!(Client::builder().build().unwrap().base_url(), "https://api.example.com/v1");
    let mut builder = Client::builder();
    builder.server = Server::Regional;
    builder.server_variables.push(("region".into(), "us".into()));
    assert_eq!(builder.build().unwrap().base_url(), "https://us.api.example.com/v1");
    let client = Client::builder().base_url("http://localhost:8080/api/").build().unwrap();
    assert_eq!(client.base_url(), "http://localhost:8080/api", "a trailing slash would double the path's");
}

#[test]
fn unusable_settings_are_config_errors() {
    assert!(matches!(Client::builder().base_url("not a url").build(), Err(Error::Config(_))));
    assert!(matches!(Client::builder().default_header("bad name", "v").build(), Err(Error::Config(_))));
    assert!(matches!(Client::builder().default_header("X-Ok", "bad\nvalue").build(), Err(Error::Config(_))));
}

#[test]
fn debug_output_names_credentials_but_never_shows_them() {
    let mut builder = Client::builder();
    builder.credentials.bearer = Some(Secret::new("tok-SECRET"));
    builder.credentials.basic = Some(("user".into(), Secret::new("pw-SECRET")));
    let shown = format!("{builder:?}");
    let client = builder.build().unwrap();
    let shown = format!("{shown} {client:?} {:?}", Secret::new("x-SECRET"));
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("bearer") && shown.contains("basic"), "{shown}");
}

#[test]
fn credentials_change_for_later_requests_only() {
    let client = Client::builder().build().unwrap();
    let before = client.inner().credentials.read().unwrap().clone();
    client.update_credentials(|c: &mut SampleCredentials| c.header_key = Some(Secret::new("k")));
    assert!(before.header_key.is_none(), "a request in flight keeps what it took");
    assert!(client.inner().credentials.read().unwrap().header_key.is_some());
}

#[tokio::test]
async fn missing_credentials_name_every_alternative() {
    static SECURITY: &[&[SecurityScheme]] = &[&[SecurityScheme::Bearer], &[SecurityScheme::Basic, SecurityScheme::HeaderKey]];
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    client.update_credentials(|c| c.basic = Some(("u".into(), Secret::new("p"))));
    let err = client.execute(Request::new(Method::GET, "getThing", SECURITY, true)).await.unwrap_err();
    assert_eq!(err.to_string(), "`getThing` needs credentials: set bearer or basic + headerKey");
}

#[test]
fn the_csrf_token_handed_out_goes_back_on_unsafe_methods_only() {
    let session = Csrf::default();
    // Through `tls.rs`: with `rustls-ring` alone, reqwest has no provider of its own.
    let http = crate::tls::configure(reqwest::Client::builder()).unwrap().build().unwrap();
    let sent = |method: Method| {
        let builder = session.decorate(&method, http.request(method.clone(), "http://localhost/"));
        builder.build().unwrap().headers().get("x-my-token").cloned()
    };
    assert_eq!(sent(Method::POST), None, "no token before the server hands one out");
    let mut headers = HeaderMap::new();
    headers.insert("x-csrf-header", HeaderValue::from_static("X-My-Token"));
    headers.insert("x-csrf-token", HeaderValue::from_static("t0k"));
    session.observe(&headers);
    assert_eq!(sent(Method::POST).unwrap(), "t0k");
    assert!(sent(Method::POST).unwrap().is_sensitive(), "kept out of reqwest's debug output");
    assert_eq!(sent(Method::GET), None);
}

#[test]
fn plain_http_is_refused_except_to_this_machine_or_when_allowed() {
    for url in ["http://gws.example.com:8080", "http://10.0.0.7", "HTTP://Example.COM"] {
        let Err(Error::Config(message)) = Client::builder().base_url(url).build() else { panic!("{url} accepted") };
        assert!(message.contains("plain HTTP") && message.contains("allow_plain_http"), "{message}");
        assert!(Client::builder().base_url(url).allow_plain_http(true).build().is_ok(), "{url}");
    }
    for url in ["http://localhost:8080", "http://127.0.0.1:9", "http://127.3.4.5", "http://[::1]:80", "http://gws.localhost", "https://gws.example.com"] {
        assert!(Client::builder().base_url(url).build().is_ok(), "{url} refused");
    }
}

#[test]
fn a_user_supplied_http_client_is_refused_for_an_api_with_a_session_cookie() {
    let Err(Error::Config(message)) = Client::builder().http_client(::reqwest::Client::new()).build() else { panic!("accepted") };
    assert!(message.contains("cookie") && message.contains("http_client"), "{message}");
}
