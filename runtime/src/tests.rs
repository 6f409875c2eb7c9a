//! Unit tests of the runtime against the sample API (`sample.rs`).

mod params;
mod redact;
mod response;
mod retry;
