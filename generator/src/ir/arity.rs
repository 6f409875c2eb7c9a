//! Functions that take the spec's required inputs one argument each.

use std::fmt;

use serde::Serialize;

/// Whether a function takes more arguments than clippy's `too_many_arguments` allows
/// (seven, `self` included): a client method with its operation's required parameters,
/// a `new` with its struct's required fields. Those stay arguments past the limit, since
/// a required input belongs in the signature, where the compiler checks it is given.
/// Prints as the lint's `allow` above such a function (and its reason), and as nothing
/// above any other, so no item carries an `allow` it does not need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LongSignature(pub bool);

impl LongSignature {
    /// Clippy's default `too-many-arguments-threshold`.
    const CLIPPY_LIMIT: usize = 7;

    /// The verdict for a function of `arguments` arguments, `self` included.
    pub fn of(arguments: usize) -> Self {
        LongSignature(arguments > Self::CLIPPY_LIMIT)
    }
}

impl fmt::Display for LongSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            true => f.write_str("#[allow(clippy::too_many_arguments, reason = \"one argument per required input of the spec\")]"),
            false => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_signature_past_clippys_limit_carries_the_allow() {
        assert_eq!(LongSignature::of(7).to_string(), "");
        assert!(LongSignature::of(8).to_string().starts_with("#[allow(clippy::too_many_arguments"));
    }
}
