//! How a client replaces its credentials while requests are in flight: what the
//! credential setters of a crate with security schemes call.

use std::sync::Arc;

use super::api::{Api, ThisApi};
use super::client::Client;

impl Client {
    /// Changes the client's credentials; requests already sent keep the ones they had.
    pub(crate) fn update_credentials(&self, update: impl FnOnce(&mut <ThisApi as Api>::Credentials)) {
        let mut credentials = self.inner().credentials.write().unwrap_or_else(::std::sync::PoisonError::into_inner);
        update(Arc::make_mut(&mut credentials));
    }
}
