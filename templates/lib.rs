#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::doc_lazy_continuation)]

mod client;
mod error;
{%- if krate.features.events %}
pub mod events;
{%- endif %}
pub mod models;
pub mod operations;
mod response;
pub mod runtime;

pub use client::{Client, ClientBuilder, SecurityScheme{% if !krate.servers.is_empty() %}, Server{% endif %}};
pub use error::{ApiError, ApiErrorBody, DecodeError, Error};
pub use response::{ApiResponse, RateLimit};
pub use runtime::RetryPolicy;
