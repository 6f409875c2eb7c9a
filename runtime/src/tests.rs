//! Unit tests of the runtime against the sample API (`sample.rs`).

mod client;
mod envelope;
#[cfg(feature = "config")]
mod config;
mod params;
mod raw;
mod redact;
mod response;
mod retry;
mod servers;
#[cfg(feature = "websocket")]
mod websocket;
