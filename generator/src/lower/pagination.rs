//! Paging schemes, detected from parameter names and the response envelope, or declared
//! with `x-pagination`. Filled in by the runtime work; detection finds nothing yet.

use crate::error::Result;
use crate::ir::Operation;
use crate::load::Spec;

use super::types::Types;

pub fn detect(_spec: &Spec, _types: &Types<'_>, _operations: &mut [Operation]) -> Result<()> {
    Ok(())
}
