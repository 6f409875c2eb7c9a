//! One request builder per operation, and the `Client` methods that start them.
//!
//! A method takes the required parameters; optional ones are set on the builder it
//! returns. Await the builder (or call `send`) for the typed body, or call
//! `send_with_response` for the status and headers too.

// Unused when no operation of the API takes or returns a model.
#[allow(unused_imports)]
use crate::models;
use crate::runtime::Request;
{% for op in krate.operations %}
{{ op.docs }}
#[derive({{ op.builder_derives|join(", ") }})]
#[must_use = "a request builder does nothing until it is sent or awaited"]
pub struct {{ op.builder }}<'a> {
    client: &'a crate::Client,
{%- for p in op.params %}
{%- if p.required %}
    {{ p.field }}: {{ p.ty }},
{%- else %}
    {{ p.field }}: Option<{{ p.ty }}>,
{%- endif %}
{%- endfor %}
{%- if let Some(body) = op.body %}
{%- if body.required %}
    body: {{ body.ty }},
{%- else %}
    body: Option<{{ body.ty }}>,
{%- endif %}
{%- endif %}
}

impl<'a> {{ op.builder }}<'a> {
{%- for p in op.params %}
{%- if !p.required %}
    {{ p.docs }}
    pub fn {{ p.field }}(mut self, value: {{ p.arg_type }}) -> Self {
        self.{{ p.field }} = Some(value{{ p.arg_convert }});
        self
    }
{%- endif %}
{%- endfor %}
{%- if let Some(body) = op.body %}
{%- if !body.required %}
    {{ body.docs }}
    pub fn body(mut self, value: {{ body.arg_type }}) -> Self {
        self.body = Some(value{{ body.arg_convert }});
        self
    }
{%- endif %}
{%- endif %}

    /// Sends the request and returns the decoded body.
    pub async fn send(self) -> Result<{{ op.ok_type }}, crate::Error> {
        self.send_with_response().await.map(crate::ApiResponse::into_body)
    }

    /// Sends the request and returns the status and headers along with the decoded body.
    // Specific statuses come before the ranges that contain them, on purpose.
    #[allow(clippy::match_overlapping_arm)]
    pub async fn send_with_response(self) -> Result<crate::ApiResponse<{{ op.ok_type }}>, crate::Error> {
        let client = self.client;
        let request = self.into_request()?;
        let response = client.execute(request).await?;
        match response.status().as_u16() {
{%- for case in op.responses %}
{%- if case.success %}
{%- match case.variant %}
{%- when Some with (variant) %}
{%- match case.decode %}
{%- when Decode::Empty %}
            {{ case.pattern }} => Ok(response.empty().map(|()| {{ op.ok_type }}::{{ variant }})),
{%- when Decode::Json %}
            {{ case.pattern }} => response.json().map(|r| r.map({{ op.ok_type }}::{{ variant }})),
{%- when Decode::Text %}
            {{ case.pattern }} => response.text().map(|r| r.map({{ op.ok_type }}::{{ variant }})),
{%- when Decode::Bytes %}
            {{ case.pattern }} => Ok(response.bytes().map({{ op.ok_type }}::{{ variant }})),
{%- endmatch %}
{%- when None %}
{%- match case.decode %}
{%- when Decode::Empty %}
            {{ case.pattern }} => Ok(response.empty()),
{%- when Decode::Json %}
            {{ case.pattern }} => response.json(),
{%- when Decode::Text %}
            {{ case.pattern }} => response.text(),
{%- when Decode::Bytes %}
            {{ case.pattern }} => Ok(response.bytes()),
{%- endmatch %}
{%- endmatch %}
{%- else %}
{%- if let Some(variant) = case.error_variant %}
            {{ case.pattern }} => Err(response.api_error(crate::ApiErrorBody::{{ variant }})),
{%- else %}
            {{ case.pattern }} => Err(response.unexpected()),
{%- endif %}
{%- endif %}
{%- endfor %}
        }
    }

{%- if let Some(paging) = op.pagination %}

    /// Fetches page after page, yielding the items one by one (use `futures::StreamExt`
    /// or `TryStreamExt` to consume it). The stream ends after the last page, or after
    /// the first error.
    pub fn into_stream(self) -> impl ::futures_core::Stream<Item = Result<{{ paging.item_type }}, crate::Error>> + 'a {
        crate::runtime::paginate(self, |builder: Self| async move {
{%- match paging.kind %}
{%- when PageKind::PageNumber with { page_field, page_type, page_count_field, page_count_optional } %}
            // The first page is asked for explicitly rather than left to a server default.
            let page: {{ page_type }} = builder.{{ page_field }}.unwrap_or(1);
            let builder = builder.{{ page_field }}(page);
            let next = builder.clone().{{ page_field }}(page + 1);
            let body = builder.send().await?;
{%- if let Some(count) = page_count_field %}
{%- if page_count_optional %}
            let last_page = body.{{ count }}.is_some_and(|count| crate::runtime::at_least(page, count));
{%- else %}
            let last_page = crate::runtime::at_least(page, body.{{ count }});
{%- endif %}
{%- else %}
            let last_page = false;
{%- endif %}
            let items = body.{{ paging.items_field }}{% if paging.items_optional %}.unwrap_or_default(){% endif %};
            let more = !items.is_empty() && !last_page;
            Ok((items, more.then_some(next)))
{%- when PageKind::Offset with { offset_field, offset_type, limit_field, first } %}
            // The first offset is sent explicitly rather than left to a server default.
            let offset: {{ offset_type }} = builder.{{ offset_field }}.unwrap_or({{ first }});
            let builder = builder.{{ offset_field }}(offset);
{%- if let Some(limit) = limit_field %}
            let limit = builder.{{ limit }};
{%- endif %}
            let body = builder.clone().send().await?;
            let items = body.{{ paging.items_field }}{% if paging.items_optional %}.unwrap_or_default(){% endif %};
            let received = items.len();
{%- if let Some(limit) = limit_field %}
            let full_page = limit.is_none_or(|limit| crate::runtime::at_least(received, limit));
{%- else %}
            let full_page = true;
{%- endif %}
            let next = {{ offset_type }}::try_from(received).ok().and_then(|n| offset.checked_add(n));
            let next = next.filter(|_| received > 0 && full_page).map(|n| builder.{{ offset_field }}(n));
            Ok((items, next))
{%- when PageKind::Cursor with { cursor_field, cursor_wire, next_field, next_optional } %}
            let current = builder.{{ cursor_field }}.clone();
            let body = builder.clone().send().await?;
{%- if next_optional %}
            let cursor = crate::runtime::next_cursor(body.{{ next_field }}.as_deref(), {{ cursor_wire }});
{%- else %}
            let cursor = crate::runtime::next_cursor(Some(body.{{ next_field }}.as_str()), {{ cursor_wire }});
{%- endif %}
            let items = body.{{ paging.items_field }}{% if paging.items_optional %}.unwrap_or_default(){% endif %};
            // A cursor that does not move would loop forever.
            let next = cursor.filter(|c| !items.is_empty() && current.as_ref() != Some(c)).map(|c| builder.{{ cursor_field }}(c));
            Ok((items, next))
{%- endmatch %}
        })
    }
{%- endif %}

    fn into_request(self) -> Result<Request, crate::Error> {
        let mut request = Request::new(
            ::reqwest::Method::{{ op.http_method }},
            {{ op.id }},
            &[{% for alt in op.security %}&[{% for s in alt %}crate::SecurityScheme::{{ s }}, {% endfor %}], {% endfor %}],
            {{ op.idempotent }},
        );
{%- for part in op.path_parts %}
{%- match part %}
{%- when PathPart::Literal with (text) %}
        request.push_path({{ text }});
{%- when PathPart::Param with (field) %}
        request.push_path_param(&self.{{ field }})?;
{%- endmatch %}
{%- endfor %}
{%- for p in op.params %}
{%- match p.location %}
{%- when ParamLocation::Path %}
{%- when ParamLocation::Query %}
{%- if p.required %}
        request.query({{ p.wire_name }}, &self.{{ p.field }}, {{ p.style }})?;
{%- else %}
        if let Some(value) = &self.{{ p.field }} {
            request.query({{ p.wire_name }}, value, {{ p.style }})?;
        }
{%- endif %}
{%- when ParamLocation::Header %}
{%- if p.required %}
        request.header({{ p.wire_name }}, &self.{{ p.field }}, {{ p.style }})?;
{%- else %}
        if let Some(value) = &self.{{ p.field }} {
            request.header({{ p.wire_name }}, value, {{ p.style }})?;
        }
{%- endif %}
{%- when ParamLocation::Cookie %}
{%- if p.required %}
        request.cookie({{ p.wire_name }}, &self.{{ p.field }}, {{ p.style }})?;
{%- else %}
        if let Some(value) = &self.{{ p.field }} {
            request.cookie({{ p.wire_name }}, value, {{ p.style }})?;
        }
{%- endif %}
{%- endmatch %}
{%- endfor %}
{%- if let Some(body) = op.body %}
{%- if body.required %}
        request.body_{{ body.encoding }}(self.body, {{ body.content_type }})?;
{%- else %}
        if let Some(body) = self.body {
            request.body_{{ body.encoding }}(body, {{ body.content_type }})?;
        }
{%- endif %}
{%- endif %}
        Ok(request)
    }
}

impl<'a> ::std::future::IntoFuture for {{ op.builder }}<'a> {
    type Output = Result<{{ op.ok_type }}, crate::Error>;
    type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl crate::Client {
    {{ op.docs }}
    {%- if let Some(note) = op.deprecated %}
    #[deprecated(note = {{ note }})]
    {%- endif %}
    pub fn {{ op.method_name }}(&self{% for p in op.params %}{% if p.required %}, {{ p.field }}: {{ p.arg_type }}{% endif %}{% endfor %}{% if let Some(body) = op.body %}{% if body.required %}, body: {{ body.arg_type }}{% endif %}{% endif %}) -> {{ op.builder }}<'_> {
        {{ op.builder }} {
            client: self,
{%- for p in op.params %}
{%- if p.required %}
            {%- if p.arg_convert.is_empty() %}
            {{ p.field }},
            {%- else %}
            {{ p.field }}: {{ p.field }}{{ p.arg_convert }},
            {%- endif %}
{%- else %}
            {{ p.field }}: None,
{%- endif %}
{%- endfor %}
{%- if let Some(body) = op.body %}
{%- if body.required %}
            {%- if body.arg_convert.is_empty() %}
            body,
            {%- else %}
            body: body{{ body.arg_convert }},
            {%- endif %}
{%- else %}
            body: None,
{%- endif %}
{%- endif %}
        }
    }
}
{%- if let Some(e) = op.response_enum %}

{{ e.docs }}
#[derive(Debug, Clone, PartialEq)]
pub enum {{ e.name }} {
{%- for v in e.variants %}
    {{ v.docs }}
    {%- if let Some(ty) = v.ty %}
    {{ v.name }}({{ ty }}),
    {%- else %}
    {{ v.name }},
    {%- endif %}
{%- endfor %}
}
{%- endif %}
{% endfor %}
