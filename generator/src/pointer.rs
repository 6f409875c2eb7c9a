//! JSON pointers (RFC 6901) in the `#/a/b~1c` fragment form used by `$ref` and error messages.

/// A pointer being built while walking a document. Cheap to extend: each step allocates one string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_string())
    }

    /// Parses `#/a/b` (as found in a local `$ref`). Returns `None` for anything else.
    pub fn parse(fragment: &str) -> Option<Self> {
        if fragment == "#" || fragment.starts_with("#/") {
            Some(Pointer(fragment.to_string()))
        } else {
            None
        }
    }

    pub fn push(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        // Loading pushes once per node of the document: skip the escaping copies when, as
        // for almost every token, there is nothing to escape.
        if token.contains(['~', '/']) {
            pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
        } else {
            pointer.push_str(token);
        }
        Pointer(pointer)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped tokens after `#`.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    /// The last token, unescaped (the component name for `#/components/schemas/Name`).
    pub fn last(&self) -> Option<String> {
        self.tokens().last()
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slash_and_tilde() {
        let p = Pointer::root().push("paths").push("/foo/{id}").push("a~b");
        assert_eq!(p.as_str(), "#/paths/~1foo~1{id}/a~0b");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["paths", "/foo/{id}", "a~b"]);
    }
}
