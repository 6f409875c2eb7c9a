//! Parameters and the body as a request builder holds them. Both are builder fields;
//! required ones are arguments of the client method, optional ones start as `None` and get
//! a setter. Seen through [`Input`], the template prints each list without asking which is which.

use std::fmt;

use super::{Argument, Body, Docs, Operation, Param, ParamLocation, TypeRef};

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

    /// What `into_request` writes besides the path: the parameters sent by name (query,
    /// header, cookie; path parameters are in `path_parts`), then the body.
    pub fn writes(&self) -> Vec<Write<'_>> {
        let params = self.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| Write {
            required: p.required,
            source: format!("&self.{}", p.field),
            binding: "value",
            call: Call::Param(p),
        });
        let body = self.body.iter().map(|b| Write { required: b.required, source: format!("self.{BODY_FIELD}"), binding: BODY_FIELD, call: Call::Body(b) });
        params.chain(body).collect()
    }
}

/// One input put on the request: when optional, only if set. Parameters are read by
/// reference, the body is moved (the builder is consumed by then).
pub struct Write<'a> {
    pub required: bool,
    /// The builder field as an expression (`&self.page`, `self.body`).
    pub source: String,
    /// What the value is called inside `if let Some(..)` when optional.
    pub binding: &'static str,
    call: Call<'a>,
}

enum Call<'a> {
    Param(&'a Param),
    Body(&'a Body),
}

impl Write<'_> {
    /// The `Request` method call that writes `value` (`query("page", value, ...)`).
    pub fn call(&self, value: &str) -> String {
        match self.call {
            Call::Param(p) => format!("{}({}, {value}, {})", p.location, p.wire_name, p.style),
            Call::Body(b) => format!("body_{}({value}, {})", b.encoding, b.content_type),
        }
    }
}
