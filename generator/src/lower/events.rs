//! Server-push streams declared with `x-event-stream`.

use crate::error::Result;
use crate::ir::{EventStream, Operation};
use crate::load::Spec;

use super::types::Types;

pub fn lower(_spec: &Spec, _types: &mut Types<'_>, _operations: &[Operation]) -> Result<Vec<EventStream>> {
    Ok(Vec::new())
}
