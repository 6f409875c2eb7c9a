//! The value a table-driven client test passes for a parameter, by its wire name and type.
//! Shared by `build.rs` (which writes the calls) and the tests (which work out, from the
//! spec alone, what each call must send), so both sides agree without either copying the
//! other's output. Strings carry a space and a slash, so path encoding is exercised;
//! numbers differ per name, so two parameters swapped would show.

/// A string parameter's value.
pub fn string(name: &str) -> String {
    format!("{name} 1/2")
}

/// An integer parameter's value (fits every integer type): 1..=97, from the name.
pub fn integer(name: &str) -> i64 {
    name.bytes().fold(7_i64, |hash, byte| (hash * 31 + i64::from(byte)) % 97) + 1
}

/// A boolean parameter's value.
pub fn boolean(_name: &str) -> bool {
    true
}
