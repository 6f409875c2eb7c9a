//! `$ref` fragments are URI fragments, so `#/components/schemas/Pet%20Owner` may name the
//! schema `Pet Owner`. A reference that does not resolve as written but does once its
//! `%XX` escapes are decoded is rewritten to the decoded form, so every later stage can
//! compare references as plain JSON pointers. One that resolves as written is left alone
//! (a key may really contain `%20`).

use serde_json::Value;

use crate::pointer::Pointer;

pub fn decode_refs(raw: &mut Value) {
    let mut rewrites = Vec::new();
    super::references::for_each(raw, |at, target| {
        if let Value::String(target) = target
            && target.contains('%')
            && let Some(decoded) = decoded_if_needed(raw, target)
        {
            rewrites.push((at.pointer().push("$ref"), decoded));
        }
    });
    for (at, decoded) in rewrites {
        if let Some(slot) = raw.pointer_mut(&at.as_str()[1..]) {
            *slot = Value::String(decoded);
        }
    }
}

fn decoded_if_needed(raw: &Value, target: &str) -> Option<String> {
    let resolves = |t: &str| Pointer::parse(t).is_some_and(|p| super::resolve_pointer(raw, &p).is_some());
    if resolves(target) {
        return None;
    }
    let decoded = percent_decode(target)?;
    resolves(&decoded).then_some(decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_only_references_that_need_it() {
        let mut doc = serde_json::json!({
            "components": {"schemas": {"Pet Owner": {}, "a%20b": {}, "ü": {}}},
            "x": [{"$ref": "#/components/schemas/Pet%20Owner"}, {"$ref": "#/components/schemas/a%20b"}, {"$ref": "#/components/schemas/%C3%BC"}, {"$ref": "#/bad%zz"}],
        });
        decode_refs(&mut doc);
        let refs: Vec<&str> = doc["x"].as_array().unwrap().iter().map(|r| r["$ref"].as_str().unwrap()).collect();
        assert_eq!(refs, ["#/components/schemas/Pet Owner", "#/components/schemas/a%20b", "#/components/schemas/ü", "#/bad%zz"]);
    }
}
