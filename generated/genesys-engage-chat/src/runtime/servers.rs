//! The servers an API is published on: filling in a URL template, and naming the known
//! servers when asked for an unknown one. The crate's `Server` enum lists them.

use super::error::Error;

/// `template` with every `{variable}` set to its value in `overrides`, else to its default.
pub fn fill_url(template: &str, variables: &[(&str, &str)], overrides: &[(&str, &str)]) -> String {
    let mut url = template.to_string();
    for (name, default) in variables {
        let value = overrides.iter().find(|(n, _)| n == name).map_or(*default, |(_, v)| *v);
        url = url.replace(&["{", name, "}"].concat(), value);
    }
    url
}

/// The error for a server name that is not one of `known`.
pub fn unknown_server<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Error {
    let known: Vec<&str> = known.into_iter().collect();
    Error::Config(format!("unknown server `{name}`; known: {}", known.join(", ")))
}
