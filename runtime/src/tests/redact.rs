use ::reqwest::header::{HeaderMap, HeaderValue};

use crate::redact::{is_jwt, is_secret_key, redact_body, redact_headers, redact_tokens, redact_url};

#[test]
fn secret_query_parameters_are_redacted_case_insensitively() {
    let url = reqwest::Url::parse("https://api.example.com/x?API_KEY=s3cret&page=2").unwrap();
    let logged = redact_url(&url, &["api_key"]);
    assert!(!logged.contains("s3cret"), "{logged}");
    assert!(logged.contains("page=2"), "{logged}");
    // Named like a credential: redacted even when the API does not declare it.
    assert_eq!(redact_url(&url, &[]), "https://api.example.com/x?API_KEY=<redacted>&page=2");
    let url = reqwest::Url::parse("https://api.example.com/x?sig=s3cret&page=2").unwrap();
    assert_eq!(redact_url(&url, &["SIG"]), "https://api.example.com/x?sig=<redacted>&page=2");
    assert_eq!(redact_url(&url, &[]), url.to_string());
}

#[test]
fn credential_like_keys_are_recognised() {
    for key in ["jwt", "Token", "access_token", "refreshToken", "X-Csrf-Token", "client_secret", "password", "apiKey"] {
        assert!(is_secret_key(key), "{key}");
    }
    for key in ["id", "name", "tokens_used_count", "passwordHint"] {
        assert!(!is_secret_key(key), "{key}");
    }
}

#[test]
fn logged_json_bodies_hide_credential_values_at_any_depth() {
    let body = br#"{"jwt":"eyJ.secret","member":{"id":"m1","accessToken":"tok"},"list":[{"password":"pw"}],"token":{"nested":"kept"}}"#;
    let logged = redact_body(body);
    for secret in ["eyJ.secret", "\"tok\"", "\"pw\""] {
        assert!(!logged.contains(secret), "{logged}");
    }
    assert!(logged.contains("\"id\":\"m1\""), "{logged}");
    assert!(logged.contains("\"nested\":\"kept\""), "objects under a secret key are searched, not replaced: {logged}");
    assert_eq!(redact_body(b"not json"), "not json");
}

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdCJ9.c2lnbmF0dXJlLXNlY3JldA";

#[test]
fn tokens_in_url_paths_and_queries_are_redacted() {
    // Guest chat's event stream URL carries the JWT as a path segment.
    let url = reqwest::Url::parse(&format!("wss://streaming.mypurecloud.com/v2/token/{JWT}")).unwrap();
    assert_eq!(redact_url(&url, &[]), "wss://streaming.mypurecloud.com/v2/token/<redacted>");
    // A token after a segment named like one, JWT-shaped or not.
    let url = reqwest::Url::parse("https://h.example/a/token/opaque-123/b").unwrap();
    assert_eq!(redact_url(&url, &[]), "https://h.example/a/token/<redacted>/b");
    // Credential-like query parameters, declared or not; user info never shows.
    let url = reqwest::Url::parse(&format!("https://user:pw@h.example:8443/x?access_token=abc&id_token={JWT}&page=2")).unwrap();
    assert_eq!(redact_url(&url, &[]), "https://h.example:8443/x?access_token=<redacted>&id_token=<redacted>&page=2");
}

#[test]
fn jwts_are_recognised_by_shape() {
    assert!(is_jwt(JWT));
    assert!(is_jwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), "unsigned");
    for other in ["eyJ.x.y", "abc.def.ghi", "conversations", "1.2.3", "eyJhbGciOiJIUzI1NiJ9.eyJ+.x"] {
        assert!(!is_jwt(other), "{other}");
    }
    assert_eq!(redact_tokens(&format!("see {JWT}. done")), "see <redacted>. done");
}

#[test]
fn logged_bodies_hide_tokens_inside_urls() {
    let body = format!(r#"{{"id":"c1","eventStreamUri":"wss://streaming.example/v2/token/{JWT}"}}"#);
    let logged = redact_body(body.as_bytes());
    assert!(!logged.contains(JWT), "{logged}");
    assert!(logged.contains("wss://streaming.example/v2/token/<redacted>"), "{logged}");
    assert!(!redact_body(format!("plain {JWT}").as_bytes()).contains(JWT));
}

#[test]
fn logged_headers_hide_credentials() {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", HeaderValue::from_static("Bearer s3cret"));
    headers.insert("x-api-key", HeaderValue::from_static("k3y"));
    headers.insert("x-ultracart-simple-key", HeaderValue::from_static("s1mple"));
    headers.insert("x-csrf-token", HeaderValue::from_static("t0ken"));
    headers.insert("inin-correlation-id", HeaderValue::from_static("corr-1"));
    let logged = redact_headers(&headers, &["X-UltraCart-Simple-Key"]);
    for secret in ["s3cret", "k3y", "s1mple", "t0ken"] {
        assert!(!logged.contains(secret), "{logged}");
    }
    assert!(logged.contains("corr-1"), "{logged}");
}

/// The payloads the services really sent (`tests/fixtures/real/`), logged: no credential
/// survives, neither under a credential key nor inside a URL, and the rest still shows.
#[test]
fn logged_real_samples_hide_every_credential() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/real");
    let mut checked = 0;
    for api in std::fs::read_dir(&root).expect("tests/fixtures/real").flatten().filter(|e| e.path().is_dir()) {
        for file in std::fs::read_dir(api.path()).unwrap().flatten() {
            let body = std::fs::read(file.path()).unwrap();
            let logged = redact_body(&body);
            let name = file.path().display().to_string();
            assert_eq!(redact_tokens(&logged), logged, "{name}: a JWT survived in {logged}");
            let json: serde_json::Value = serde_json::from_str(&logged).unwrap_or(serde_json::Value::Null);
            if let Some(jwt) = json.get("jwt") {
                assert_eq!(jwt, "<redacted>", "{name}");
            }
            if let Some(uri) = json.get("eventStreamUri").and_then(|u| u.as_str()) {
                assert!(uri.ends_with("/token/<redacted>"), "{name}: {uri}");
            }
            if let Some(id) = json.get("id").and_then(|i| i.as_str()) {
                assert!(logged.contains(id), "{name}: ids still show");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} samples found under {}", root.display());
}

#[test]
fn a_secret_field_decodes_and_encodes_as_its_string_and_never_shows_in_debug() {
    #[derive(Debug, ::serde::Serialize, ::serde::Deserialize)]
    struct Created {
        id: String,
        jwt: Option<crate::credentials::Secret>,
    }
    let created: Created = ::serde_json::from_str(r#"{"id": "c1", "jwt": "eyJ.secret.sig"}"#).unwrap();
    assert_eq!(created.jwt.as_ref().map(crate::credentials::Secret::expose), Some("eyJ.secret.sig"));
    let shown = format!("{created:?}");
    assert!(!shown.contains("eyJ") && shown.contains("Secret(<redacted>)") && shown.contains("c1"), "{shown}");
    assert_eq!(::serde_json::to_string(&created).unwrap(), r#"{"id":"c1","jwt":"eyJ.secret.sig"}"#);
}
