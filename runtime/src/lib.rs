//! The fixed code every generated client crate shares.
//!
//! Each module here (all but this file, `sample.rs` and `tests/`) is copied verbatim into
//! the generated crates that need it, as `src/runtime/<module>.rs`; the generator embeds
//! the sources with `include_str!` and lists which module serves which need
//! (`generator/src/render/runtime.rs`). Modules refer to each other with `super::`, never
//! to the generated crate: what differs per API comes in through the [`api::Api`]
//! implementation the crate writes for [`api::ThisApi`]. Here, [`sample`] is that
//! implementation, the API the runtime is compiled and unit-tested against.
//!
//! Optional modules whose dependencies a crate may not have sit behind features; compile
//! and test with `--all-features` to cover them all.

// Items the generated code uses but the runtime does not (`Client::execute`, builder
// fields) are `pub(crate)`, since they must not become part of a generated crate's public
// API; here, where no generated code is, they look unused. Each generated crate is
// compiled with dead code denied on exactly the modules it copies.
#![allow(dead_code)]

pub mod api;
pub mod client;
pub mod credential_update;
pub mod credentials;
pub mod error;
pub mod params;
pub mod raw;
pub mod redact;
pub mod request;
pub mod response;
pub mod retry;
pub mod send;
pub mod secret_serde;
pub mod servers;
pub mod tls;

pub mod cookie_param;
pub mod header_param;
pub mod path_param;
pub mod query_param;

#[cfg(feature = "form")]
pub mod form_body;
pub mod json_body;
#[cfg(feature = "multipart")]
pub mod multipart_body;
pub mod raw_body;

pub mod bytes_response;
pub mod empty_response;
pub mod envelope_success;
pub mod envelope_unexpected;
pub mod error_envelope;
pub mod error_response;
pub mod json_response;
pub mod text_response;
pub mod unexpected_response;

pub mod cursor;
pub mod page_bound;
pub mod pagination;

pub mod str_enum;
pub mod tagged_union;
pub mod union_member;

pub mod csrf;

#[cfg(feature = "config")]
pub mod config;
#[cfg(feature = "config")]
pub mod config_logging;
#[cfg(feature = "config")]
pub mod config_watch;

pub mod events;
#[cfg(feature = "cometd")]
pub mod cometd;
#[cfg(feature = "websocket")]
pub mod websocket;

pub mod sample;

#[cfg(test)]
mod tests;
