//! Parameters and the body as a request builder holds them. Both are builder fields;
//! required ones are arguments of the client method, optional ones start as `None` and get
//! a setter. Seen through [`Input`], the template prints each list without asking which is which.

use std::fmt;

use super::{Argument, Docs, Operation, Param, TypeRef};

/// The builder field (and setter, and argument) that holds the request body.
pub const BODY_FIELD: &str = "body";

/// A parameter or the body, as a builder field.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub field: &'a str,
    /// The field's type: the value's, in an `Option` unless required.
    pub stored: &'a TypeRef,
    pub arg: &'a Argument,
    pub required: bool,
    pub docs: &'a Docs,
}

impl Input<'_> {
    /// The field's initialiser in the client method.
    pub fn init(&self) -> FieldInit<'_> {
        FieldInit(*self)
    }
}

/// Prints a builder field's initialiser: `id`, `id: id.into()` or `page: None`.
pub struct FieldInit<'a>(Input<'a>);

impl fmt::Display for FieldInit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Input { field, arg, required, .. } = self.0;
        match (required, arg.convert()) {
            (false, _) => write!(f, "{field}: None"),
            (true, "") => f.write_str(field),
            (true, convert) => write!(f, "{field}: {field}{convert}"),
        }
    }
}

impl Operation {
    /// Every builder field after `client`: the parameters in order, then the body.
    pub fn inputs(&self) -> Vec<Input<'_>> {
        let params = self.params.iter().map(|p| Input { field: &p.field, stored: &p.stored, arg: &p.arg, required: p.required, docs: &p.docs });
        let body = self.body.iter().map(|b| Input { field: BODY_FIELD, stored: &b.stored, arg: &b.arg, required: b.required, docs: &b.docs });
        params.chain(body).collect()
    }

    /// The inputs the client method takes as arguments.
    pub fn arguments(&self) -> Vec<Input<'_>> {
        self.inputs().into_iter().filter(|i| i.required).collect()
    }

    /// The inputs set on the builder.
    pub fn setters(&self) -> Vec<Input<'_>> {
        self.inputs().into_iter().filter(|i| !i.required).collect()
    }

    /// The parameters written by name (query, header, cookie); path parameters are part
    /// of `path_parts`.
    pub fn named_params(&self) -> Vec<&Param> {
        self.params.iter().filter(|p| p.location != super::ParamLocation::Path).collect()
    }
}
