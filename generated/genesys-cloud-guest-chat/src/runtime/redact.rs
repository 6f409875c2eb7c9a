//! Keeping credentials out of logs: in URLs (credential query parameters, tokens in the
//! path), in headers, and in logged bodies (values under credential-like keys, tokens
//! inside any text).

use ::reqwest::header::HeaderMap;

const REDACTED: &str = "<redacted>";

/// A URL as logged: the values of credential query parameters (the API's own, and any
/// named like a credential: `access_token`, `jwt`, ...) redacted, and so are path
/// segments that hold a token (JWT-shaped, or following a segment named like one, as in
/// guest chat's `.../token/<jwt>` event stream URL).
pub fn redact_url(url: &::reqwest::Url, secret_params: &[&str]) -> String {
    if url.cannot_be_a_base() {
        return redact_tokens(url.as_str());
    }
    // Scheme, host and port; user info is never logged.
    let mut out = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        out.push_str(&format!(":{port}"));
    }
    let mut after_secret_name = false;
    for (i, segment) in url.path().split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let hide = (after_secret_name || is_jwt(segment)) && !segment.is_empty();
        after_secret_name = is_secret_key(segment);
        out.push_str(if hide { REDACTED } else { segment });
    }
    if let Some(query) = url.query() {
        let secret = |key: &str| secret_params.iter().any(|s| s.eq_ignore_ascii_case(key)) || is_secret_key(key);
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if secret(key) => format!("{key}={REDACTED}"),
                _ => redact_tokens(pair),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    if let Some(fragment) = url.fragment() {
        out.push('#');
        out.push_str(&redact_tokens(fragment));
    }
    out
}

/// Headers as logged: values of credential headers (`Authorization`, cookies, the API's
/// key and CSRF headers, any named like a credential) redacted.
pub fn redact_headers(headers: &HeaderMap, secret_headers: &[&str]) -> String {
    const ALWAYS: &[&str] = &["authorization", "proxy-authorization", "cookie", "set-cookie"];
    let mut out = String::from("{");
    for (i, (name, value)) in headers.iter().enumerate() {
        let name = name.as_str();
        let secret = ALWAYS.contains(&name) || secret_headers.iter().any(|s| s.eq_ignore_ascii_case(name)) || is_secret_key(name);
        let value = if secret { REDACTED.to_string() } else { redact_tokens(&String::from_utf8_lossy(value.as_bytes())) };
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("{name:?}: {value:?}"));
    }
    out.push('}');
    out
}

/// JSON keys whose values are credentials (a login response's token, a password in a
/// request): bodies are logged with these values replaced, so opting in to body logging
/// never leaks a secret the API hands out.
const SECRET_KEYS: &[&str] = &["jwt", "token", "password", "secret", "apikey", "accesstoken", "refreshtoken", "idtoken", "authorization", "clientsecret", "sessionid", "csrftoken"];

pub fn is_secret_key(key: &str) -> bool {
    let normalised: String = key.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    SECRET_KEYS.iter().any(|s| normalised == *s || normalised.ends_with(s))
}

/// Whether `text` is a JSON Web Token: three base64url parts joined by dots (the last may
/// be empty, for an unsigned one), the first a JSON object (`eyJ` is `{"` encoded).
pub fn is_jwt(text: &str) -> bool {
    let base64url = |part: &str| part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts[0].len() >= 10
        && !parts[1].is_empty()
        && parts.iter().all(|p| base64url(p))
}

/// `text` with every JWT in it (in a URL, a header, free text) replaced by `<redacted>`.
pub fn redact_tokens(text: &str) -> String {
    if !text.contains("eyJ") {
        return text.to_string();
    }
    let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(token_char) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| !token_char(c)).unwrap_or(run.len());
        let word = &run[..end];
        // A sentence's full stop after a token is not part of it.
        let trimmed = word.trim_end_matches('.');
        if is_jwt(trimmed) {
            out.push_str(REDACTED);
            out.push_str(&word[trimmed.len()..]);
        } else {
            out.push_str(word);
        }
        rest = &run[end..];
    }
    out.push_str(rest);
    out
}

/// A body as logged: JSON with credential values redacted, and URLs in it redacted as
/// request URLs are (a guest chat `eventStreamUri` carries the JWT in its path); other
/// text with every JWT in it redacted.
pub fn redact_body(body: &[u8]) -> String {
    fn redact(value: &mut ::serde_json::Value) {
        match value {
            ::serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if is_secret_key(key) && !v.is_object() && !v.is_array() {
                        *v = ::serde_json::Value::String(REDACTED.to_string());
                    } else {
                        redact(v);
                    }
                }
            }
            ::serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
            // A URL loses what `redact_url` hides (a token in its path or query); other
            // text its JWTs.
            ::serde_json::Value::String(text) => {
                *text = match text.contains("://").then(|| ::reqwest::Url::parse(text).ok()).flatten() {
                    Some(url) => redact_url(&url, &[]),
                    None => redact_tokens(text),
                }
            }
            _ => {}
        }
    }
    match ::serde_json::from_slice::<::serde_json::Value>(body) {
        Ok(mut json) => {
            redact(&mut json);
            json.to_string()
        }
        Err(_) => redact_tokens(&String::from_utf8_lossy(body)),
    }
}
