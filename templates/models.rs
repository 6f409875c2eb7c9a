//! Data types of the API, one per schema (and per inline schema that needs a name).
//!
//! Enums keep values this version does not list in a catch-all variant, unions keep
//! members they do not recognise as raw JSON, and structs ignore unknown fields, so a
//! server that adds something new does not break decoding.
//!
//! Structs and enums are `#[non_exhaustive]`, so a later version can add fields and values
//! without breaking your code: build the structs a request carries with their `new`
//! constructor (the required fields) and `with_*` setters (the optional ones), and give a
//! `match` on an enum a wildcard arm.
{% for t in krate.types %}
{{ t.docs }}
{%- match t.kind %}
{%- when TypeKind::Struct with { fields, constructor } %}
{{ t.gate }}#[derive({{ t.derives|join(", ") }})]
{%- if t.non_exhaustive %}
#[non_exhaustive]
{%- endif %}
pub struct {{ t.name }} {
{%- for f in fields %}
    {{ f.docs }}
    {{ f.serde }}
    pub {{ f.name }}: {{ f.ty.in_models() }},
{%- endfor %}
}
{%- if let Some(c) = constructor %}

{{ t.gate }}impl {{ t.name }} {
    {{ c.docs }}
    {{ c.long_signature }}
    pub fn new({% for p in c.params %}{{ p.field }}: {{ p.arg.in_models() }}, {% endfor %}) -> Self {
        Self {
{%- for init in c.inits %}
            {{ init }},
{%- endfor %}
        }
    }
{%- for s in c.setters %}

    {{ s.docs }}
    pub fn {{ s.name }}(mut self, value: {{ s.arg.in_models() }}) -> Self {
        self.{{ s.field }} = {{ s.value }};
        self
    }
{%- endfor %}
}
{%- endif %}
{%- when TypeKind::Enum with { repr, variants, unknown } %}
{{ t.gate }}#[derive({{ t.derives|join(", ") }})]
{%- if t.non_exhaustive %}
#[non_exhaustive]
{%- endif %}
pub enum {{ t.name }} {
{%- for v in variants %}
    {{ v.docs }}
    {{ v.name }},
{%- endfor %}
    /// A value this version of the crate does not know, kept as received.
{%- match repr %}
{%- when EnumRepr::String %}
    {{ unknown }}(String),
}

{{ t.gate }}impl {{ t.name }} {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{%- for v in variants %}
            Self::{{ v.name }} => {{ v.wire }},
{%- endfor %}
            Self::{{ unknown }}(value) => value,
        }
    }
}

{{ t.gate }}impl From<&str> for {{ t.name }} {
    fn from(value: &str) -> Self {
        match value {
{%- for v in variants %}
            {{ v.wire }} => Self::{{ v.name }},
{%- endfor %}
            other => Self::{{ unknown }}(other.to_string()),
        }
    }
}

{{ t.gate }}impl ::std::fmt::Display for {{ t.name }} {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}

{{ t.gate }}impl ::serde::Serialize for {{ t.name }} {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

{{ t.gate }}impl<'de> ::serde::Deserialize<'de> for {{ t.name }} {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(crate::runtime::StrEnumVisitor::<Self>::new())
    }
}

{%- when EnumRepr::Integer %}
    {{ unknown }}(i64),
}

{{ t.gate }}impl {{ t.name }} {
    /// The value as sent on the wire.
    pub fn as_i64(&self) -> i64 {
        match self {
{%- for v in variants %}
            Self::{{ v.name }} => {{ v.wire.as_str() }},
{%- endfor %}
            Self::{{ unknown }}(value) => *value,
        }
    }
}

{{ t.gate }}impl From<i64> for {{ t.name }} {
    fn from(value: i64) -> Self {
        match value {
{%- for v in variants %}
            {{ v.wire.as_str() }} => Self::{{ v.name }},
{%- endfor %}
            other => Self::{{ unknown }}(other),
        }
    }
}

{{ t.gate }}impl ::std::fmt::Display for {{ t.name }} {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "{}", self.as_i64())
    }
}

{{ t.gate }}impl ::serde::Serialize for {{ t.name }} {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.as_i64())
    }
}

{{ t.gate }}impl<'de> ::serde::Deserialize<'de> for {{ t.name }} {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
    }
}

{%- endmatch %}
{%- when TypeKind::TaggedUnion with { tag, variants, unknown } %}
{{ t.gate }}#[derive({{ t.derives|join(", ") }})]
{%- if t.non_exhaustive %}
#[non_exhaustive]
{%- endif %}
pub enum {{ t.name }} {
{%- for v in variants %}
    {{ v.docs }}
    {{ v.name }}({{ v.ty.in_models() }}),
{%- endfor %}
    /// A member this version of the crate does not know, kept as raw JSON.
    {{ unknown }}(::serde_json::Value),
}

{{ t.gate }}impl {{ t.name }} {
    /// The property that names the member.
    pub const TAG: &'static str = {{ tag }};
}

{{ t.gate }}impl ::serde::Serialize for {{ t.name }} {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
{%- for v in variants %}
            Self::{{ v.name }}(value) => crate::runtime::serialize_tagged(serializer, Self::TAG, {{ v.tag_value }}, value),
{%- endfor %}
            Self::{{ unknown }}(value) => ::serde::Serialize::serialize(value, serializer),
        }
    }
}

{{ t.gate }}impl<'de> ::serde::Deserialize<'de> for {{ t.name }} {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        let tag = value.get(Self::TAG).and_then(::serde_json::Value::as_str).unwrap_or_default();
        match tag {
{%- for v in variants %}
            {{ v.tag_value }} => crate::runtime::from_json_value::<D::Error, _>(value).map(Self::{{ v.name }}),
{%- endfor %}
            _ => Ok(Self::{{ unknown }}(value)),
        }
    }
}
{%- when TypeKind::Union with { variants, unknown } %}
{{ t.gate }}#[derive({{ t.derives|join(", ") }})]
#[serde(untagged)]
{%- if t.non_exhaustive %}
#[non_exhaustive]
{%- endif %}
pub enum {{ t.name }} {
{%- for v in variants %}
    {{ v.docs }}
    {{ v.name }}({{ v.ty.in_models() }}),
{%- endfor %}
    /// A value that matches no member this version of the crate knows, kept as raw JSON.
    {{ unknown }}(::serde_json::Value),
}
{%- when TypeKind::Alias with { ty } %}
{{ t.gate }}pub type {{ t.name }} = {{ ty.in_models() }};
{%- when TypeKind::Newtype with { ty } %}
{{ t.gate }}#[derive({{ t.derives|join(", ") }})]
#[serde(transparent)]
pub struct {{ t.name }}(pub {{ ty.in_models() }});
{%- endmatch %}
{% endfor %}
{%- if krate.features.base64 %}

/// Binary data that travels as base64 text (`format: byte`): encoded when sent, decoded
/// when received. Decoding accepts the standard and URL-safe alphabets, padded or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Base64Bytes(bytes.to_vec())
    }
}

impl From<Base64Bytes> for Vec<u8> {
    fn from(value: Base64Bytes) -> Self {
        value.0
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The base64 text, as sent on the wire.
impl ::std::fmt::Display for Base64Bytes {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        use ::base64::Engine as _;
        f.write_str(&::base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl ::serde::Serialize for Base64Bytes {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> ::serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use ::base64::Engine as _;
        use ::base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text.trim()).ok())
            .map(Base64Bytes)
            .ok_or_else(|| ::serde::de::Error::custom("invalid base64 data"))
    }
}
{%- endif %}
