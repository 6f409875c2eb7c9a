#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
{% if krate.has_client() %}
mod client;
mod error;
{%- endif %}
{%- if krate.features.events %}
#[cfg(feature = "events")]
pub mod events;
{%- endif %}
pub mod models;
{%- if !krate.operations.is_empty() %}
pub mod operations;
{%- endif %}
mod runtime;
{%- if !krate.operations_gate.is_open() %}

// Every operation is under a feature of its group: a build with none of them has nothing to call.
{{ krate.operations_gate.none_enabled() }}
compile_error!({{ krate.feature_grouping.none_enabled_error() }});
{%- endif %}
{%- if krate.has_client() %}

pub use client::{SecurityScheme{% if !krate.servers.is_empty() %}, Server{% endif %}};
pub use error::ApiErrorBody;
pub use runtime::client::{Client, ClientBuilder};
pub use runtime::error::{ApiError, DecodeError, Error};
pub use runtime::response::{ApiResponse, RateLimit};
pub use runtime::retry::RetryPolicy;
{%- endif %}
{%- if krate.features.secrets %}
pub use runtime::credentials::Secret;
{%- endif %}
