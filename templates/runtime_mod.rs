//! The shared runtime: the modules of the generator's `runtime` crate this crate uses,
//! copied verbatim. What is particular to this API reaches them through the
//! `api::Api` implementation in `client.rs`.
{% for m in krate.runtime %}
{{ m.cfg() }}
pub(crate) mod {{ m.module.name() }};
{%- endfor %}
{% for m in krate.runtime %}
{%- for e in m.exports %}
{{ m.cfg() }}
pub(crate) use self::{{ m.module.name() }}::{{ e }};
{%- endfor %}
{%- endfor %}
