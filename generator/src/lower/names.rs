//! Spec names → valid, unique, readable Rust identifiers.
//!
//! One rule set for every kind of name: split into words on anything that is not an ASCII
//! letter or digit, case with `heck`, fix what Rust forbids (keywords, a leading digit, an
//! empty result), then make it unique within its scope with a numeric suffix. The wire
//! name is always kept separately, so a rename never changes what is sent.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves in any edition we target; a snake-case name equal to one gets `_`.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Type names that the generated code uses unqualified (the prelude) or that cannot be a
/// type at all. A schema with one of these names gets a suffix rather than shadowing it.
const RESERVED_TYPES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "ToString",
    "ToOwned", "Clone", "Copy", "Send", "Sized", "Sync", "Unpin", "Drop", "Fn", "FnMut",
    "FnOnce", "AsMut", "AsRef", "From", "Into", "DoubleEndedIterator", "ExactSizeIterator",
    "Extend", "IntoIterator", "Iterator", "Default", "Eq", "Ord", "PartialEq", "PartialOrd",
    "TryFrom", "TryInto", "FromIterator", "Future", "IntoFuture",
];

/// Splits a spec name into words heck can case: every run of characters that are not
/// ASCII alphanumerics is a word break. Non-ASCII letters are dropped rather than kept,
/// because identifiers with them trip lints and are hard to type.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Whether [`words`] gave only lowercase letters, digits and single spaces: then `heck`'s
/// case conversions (Unicode rules, a character at a time; Stripe names 100,000 fields and
/// values) come down to capitalising or joining the words, done directly. A test holds
/// both ways to the same names.
fn lowercase(words: &str) -> bool {
    words.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
}

/// Each word with its first letter in capitals, put together: `past due` → `PastDue`.
fn capitalised(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    for word in words.split(' ') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Whether `name` is a Rust keyword (strict, reserved or weak in some edition).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A snake_case identifier for fields, methods, parameters. `fallback` is used when the
/// name has no usable characters.
pub fn snake(raw: &str, fallback: &str) -> String {
    let words = words(raw);
    let mut name = match lowercase(&words) {
        true => words.replace(' ', "_"),
        false => words.to_snake_case(),
    };
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// An UpperCamelCase identifier for types and variants.
pub fn pascal(raw: &str, fallback: &str) -> String {
    let words = words(raw);
    let mut name = match lowercase(&words) {
        true => capitalised(&words),
        false => words.to_upper_camel_case(),
    };
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    name
}

/// An enum variant: like [`pascal`], except `Self`, which no variant may be called.
pub fn variant_name(raw: &str, fallback: &str) -> String {
    let name = pascal(raw, fallback);
    if name == "Self" { "SelfValue".to_string() } else { name }
}

/// A type name: like [`pascal`], and never one that would shadow a name the generated
/// code relies on.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let name = pascal(raw, fallback);
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// A set of names already taken in one scope (a module, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where these names are already taken (e.g. methods the client itself defines).
    pub fn with_reserved(names: &[&str]) -> Self {
        Scope {
            taken: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    /// Claims `name`, or `name2`, `name3`, ... if taken. Snake names get `_2` so the digit
    /// does not run into the last word.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let sep = if name.contains('_') || name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            "_"
        } else {
            ""
        };
        let base = name.trim_end_matches('_');
        (2..)
            .map(|i| format!("{base}{sep}{i}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_fixes_keywords_digits_and_symbols() {
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("selfUri", "field"), "self_uri");
        assert_eq!(snake("2fa-code", "field"), "n2fa_code");
        assert_eq!(snake("$ref", "field"), "ref_");
        assert_eq!(snake("", "field"), "field");
        assert_eq!(snake("日本", "field"), "field");
        assert_eq!(snake("X-UltraCart-Api-Version", "field"), "x_ultra_cart_api_version");
    }

    #[test]
    fn type_names_avoid_the_prelude() {
        assert_eq!(type_name("Option", "Type"), "OptionModel");
        assert_eq!(type_name("result", "Type"), "ResultModel");
        assert_eq!(type_name("Error", "Type"), "Error");
        assert_eq!(type_name("100-continue", "Type"), "V100Continue");
        assert_eq!(type_name("Self", "Type"), "SelfModel");
    }

    #[test]
    fn scopes_deduplicate_collisions() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(snake("fooBar", "f")), "foo_bar");
        assert_eq!(scope.claim(snake("foo_bar", "f")), "foo_bar_2");
        assert_eq!(scope.claim(snake("foo-bar", "f")), "foo_bar_3");
        let mut types = Scope::new();
        assert_eq!(types.claim(pascal("foo", "T")), "Foo");
        assert_eq!(types.claim(pascal("FOO", "T")), "Foo2");
    }

    #[test]
    fn lowercase_words_convert_as_heck_converts_them() {
        for raw in ["past_due", "a", "abc1def", "1abc", "x-y z", "payment_intent.succeeded", "v2 beta 3", "", "__", "type", "self"] {
            let words = words(raw);
            assert!(lowercase(&words), "{raw}");
            assert_eq!(capitalised(&words), words.to_upper_camel_case(), "{raw}");
            assert_eq!(words.replace(' ', "_"), words.to_snake_case(), "{raw}");
        }
        assert!(!lowercase(&words("PastDue")) && !lowercase(&words("HTTPServer")));
    }

}
