//! OpenAPI 3.0 → Rust client crates, in three visible stages:
//!
//! 1. [`load`]: read and check a spec (`openapiv3::OpenAPI` plus the raw tree for pointers).
//! 2. [`lower`]: build the intermediate model, [`ir::Crate`], where every Rust decision is made.
//! 3. [`render`]: print the IR through askama templates, check the Rust with `syn`, format it
//!    with `prettyplease`.
//!
//! [`output`] compares and writes the rendered files atomically. [`lifecycle`] decides the
//! version and changelog of a regenerated crate from what changed in its API ([`diff`]).
//! Each stage is a function of plain data; none of them touches the filesystem except
//! `load::load_file`, `output` and `lifecycle` (which reads a crate's recorded state).

pub mod changelog;
pub mod diff;
pub mod error;
pub mod ir;
pub mod lifecycle;
pub mod load;
pub mod lower;
pub mod output;
mod parallel;
pub mod pointer;
pub mod warning;
pub mod render;

pub use error::{Error, Result};
pub use lower::Overrides;

/// Runs load → lower → render for one spec file.
pub fn generate(spec_path: &std::path::Path, overrides: &Overrides) -> Result<render::RenderedCrate> {
    generate_with_warnings(spec_path, overrides).map(|(rendered, _)| rendered)
}

/// [`generate`], with the located warnings of loading and lowering.
pub fn generate_with_warnings(spec_path: &std::path::Path, overrides: &Overrides) -> Result<(render::RenderedCrate, Vec<warning::Warning>)> {
    let spec = load::load_file(spec_path)?;
    let krate = lower::lower(&spec, overrides).map_err(|e| spec.in_source(e))?;
    let warnings = spec.warnings();
    // The loaded spec is several times the size of its IR: free it before rendering.
    drop(spec);
    Ok((render::render(&krate)?, warnings))
}
