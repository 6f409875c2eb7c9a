use crate::redact::{is_secret_key, redact_body, redact_url};

#[test]
fn secret_query_parameters_are_redacted_case_insensitively() {
    let url = reqwest::Url::parse("https://api.example.com/x?API_KEY=s3cret&page=2").unwrap();
    let logged = redact_url(&url, &["api_key"]);
    assert!(!logged.contains("s3cret"), "{logged}");
    assert!(logged.contains("page=2"), "{logged}");
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
