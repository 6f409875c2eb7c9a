//! The cargo-installed tools the checks need (`tools/cargo-tools.txt`) and where they live.
//! Shared with the tests crate (`tests/lib.rs` includes this file), so the place
//! `cargo xtask test` installs a tool is the place the tests look for it.

use std::path::{Path, PathBuf};

/// `(name, version)` for each line of `tools/cargo-tools.txt` (`NAME VERSION`; `#` comments).
pub fn pins(root: &Path) -> Result<Vec<(String, String)>, String> {
    let list = root.join("tools").join("cargo-tools.txt");
    let text = std::fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| match line.split_whitespace().collect::<Vec<_>>()[..] {
            [name, version] => Ok((name.to_string(), version.to_string())),
            _ => Err(format!("{}: `{line}` is not `NAME VERSION`", list.display())),
        })
        .collect()
}

/// The directory a tool is installed into, its own per version under the user's cache
/// (`${XDG_CACHE_HOME:-$HOME/.cache}/openapi-client-codegen/NAME-VERSION`), outside any
/// checkout, so a second run or another clone finds it.
pub fn install_dir(name: &str, version: &str) -> Result<PathBuf, String> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|home| Path::new(&home).join(".cache")))
        .ok_or("neither XDG_CACHE_HOME nor HOME is set: no place for the cargo tools")?;
    Ok(cache.join("openapi-client-codegen").join(format!("{name}-{version}")))
}
