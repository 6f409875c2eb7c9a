//! Credentials: secrets that never show up in `Debug` output or logs, and how a client
//! replaces them while requests are in flight.

use std::sync::Arc;

use super::api::{Api, ThisApi};
use super::client::Client;

/// A credential that never shows up in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential so that it never shows in `Debug` output or logs.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for putting on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

impl Client {
    /// Changes the client's credentials; requests already sent keep the ones they had.
    pub(crate) fn update_credentials(&self, update: impl FnOnce(&mut <ThisApi as Api>::Credentials)) {
        let mut credentials = self.inner().credentials.write().unwrap_or_else(::std::sync::PoisonError::into_inner);
        update(Arc::make_mut(&mut credentials));
    }
}
