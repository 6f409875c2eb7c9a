//! Keeping credentials out of logs: query parameters that carry them, and JSON values
//! under credential-like keys in logged bodies.

/// Removes the values of credential-bearing query parameters from a URL for logging.
pub fn redact_url(url: &::reqwest::Url, secret_params: &[&str]) -> String {
    if secret_params.is_empty() || url.query().is_none() {
        return url.to_string();
    }
    let mut redacted = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if secret_params.iter().any(|s| s.eq_ignore_ascii_case(&k)) { "<redacted>".to_string() } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    redacted.query_pairs_mut().clear().extend_pairs(pairs);
    redacted.to_string()
}

/// JSON keys whose values are credentials (a login response's token, a password in a
/// request): bodies are logged with these values replaced, so opting in to body logging
/// never leaks a secret the API hands out.
const SECRET_KEYS: &[&str] = &["jwt", "token", "password", "secret", "apikey", "accesstoken", "refreshtoken", "idtoken", "authorization", "clientsecret", "sessionid", "csrftoken"];

pub fn is_secret_key(key: &str) -> bool {
    let normalised: String = key.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    SECRET_KEYS.iter().any(|s| normalised == *s || normalised.ends_with(s))
}

/// A body as logged: JSON with credential values redacted, other text as is.
pub fn redact_body(body: &[u8]) -> String {
    fn redact(value: &mut ::serde_json::Value) {
        match value {
            ::serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if is_secret_key(key) && !v.is_object() && !v.is_array() {
                        *v = ::serde_json::Value::String("<redacted>".to_string());
                    } else {
                        redact(v);
                    }
                }
            }
            ::serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
            _ => {}
        }
    }
    match ::serde_json::from_slice::<::serde_json::Value>(body) {
        Ok(mut json) => {
            redact(&mut json);
            json.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}
