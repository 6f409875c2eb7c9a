//! One request builder per operation, and the `Client` methods that start them.
//!
//! A method takes the required parameters; optional ones are set on the builder it
//! returns. Await the builder (or call `send`) for the typed body, or call
//! `send_with_response` for the status and headers too.
//!
//! Response enums are `#[non_exhaustive]`: a later version may document more statuses.
{% if krate.operations_use_models %}
{{ krate.operations_models_gate }}use crate::models;
{%- endif %}
{{ krate.operations_gate }}use crate::runtime::Request;
{% for op in krate.operations %}
{{ op.docs }}
{{ op.gate }}#[derive({{ op.builder_derives|join(", ") }})]
#[must_use = "a request builder does nothing until it is sent or awaited"]
pub struct {{ op.builder }}<'a> {
    client: &'a crate::Client,
{%- for input in op.inputs() %}
    {{ input.field }}: {{ input.stored }},
{%- endfor %}
}

{{ op.gate }}impl<'a> {{ op.builder }}<'a> {
{%- for input in op.setters() %}
    {{ input.docs }}
    pub fn {{ input.field }}(mut self, value: {{ input.arg }}) -> Self {
        self.{{ input.field }} = Some(value{{ input.arg.convert() }});
        self
    }
{%- endfor %}

    /// Sends the request and returns the decoded body.
    pub async fn send(self) -> Result<{{ op.ok_type }}, crate::Error> {
        self.send_with_response().await.map(crate::ApiResponse::into_body)
    }

    /// Sends the request and returns the status and headers along with the decoded body.
{%- if op.arms_overlap %}
    // Specific statuses come before the ranges that contain them, on purpose.
    #[allow(clippy::match_overlapping_arm)]
{%- endif %}
    pub async fn send_with_response(self) -> Result<crate::ApiResponse<{{ op.ok_type }}>, crate::Error> {
        let client = self.client;
        let request = self.into_request()?;
        let response = client.execute(request).await?;
        match response.status().as_u16() {
{%- for case in op.responses %}
            {{ case.status }} => {{ case.outcome }},
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
{%- when PageKind::PageNumber with { page_field, page_type, last_page } %}
            // The first page is asked for explicitly rather than left to a server default.
            let page: {{ page_type }} = builder.{{ page_field }}.unwrap_or(1);
            let builder = builder.{{ page_field }}(page);
            let next = builder.clone().{{ page_field }}(page + 1);
            let body = builder.send().await?;
            let last_page = {{ last_page }};
            let items = {{ paging.items }};
            let more = !items.is_empty() && !last_page;
            Ok((items, more.then_some(next)))
{%- when PageKind::Offset with { offset_field, offset_type, full_page, first } %}
            // The first offset is sent explicitly rather than left to a server default.
            let offset: {{ offset_type }} = builder.{{ offset_field }}.unwrap_or({{ first }});
            let builder = builder.{{ offset_field }}(offset);
            {{ full_page.binding() }}
            let body = builder.clone().send().await?;
            let items = {{ paging.items }};
            let received = items.len();
            let full_page = {{ full_page }};
            let next = {{ offset_type }}::try_from(received).ok().and_then(|n| offset.checked_add(n));
            let next = next.filter(|_| received > 0 && full_page).map(|n| builder.{{ offset_field }}(n));
            Ok((items, next))
{%- when PageKind::Cursor with { cursor_field, cursor_wire, next } %}
            let current = builder.{{ cursor_field }}.clone();
            let body = builder.clone().send().await?;
            let cursor = crate::runtime::next_cursor({{ next }}, {{ cursor_wire }});
            let items = {{ paging.items }};
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
        request.{{ part }};
{%- endfor %}
{%- for write in op.writes() %}
{%- if write.required %}
        request.{{ write.call(write.source.as_str()) }}?;
{%- else %}
        if let Some({{ write.binding }}) = {{ write.source }} {
            request.{{ write.call(write.binding) }}?;
        }
{%- endif %}
{%- endfor %}
        Ok(request)
    }
}

{{ op.gate }}impl<'a> ::std::future::IntoFuture for {{ op.builder }}<'a> {
    type Output = Result<{{ op.ok_type }}, crate::Error>;
    type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

{{ op.gate }}impl crate::Client {
    {{ op.docs }}
    {%- if let Some(note) = op.deprecated %}
    #[deprecated(note = {{ note }})]
    {%- endif %}
    {{ op.long_signature }}
    pub fn {{ op.method_name }}(&self{% for input in op.arguments() %}, {{ input.field }}: {{ input.arg }}{% endfor %}) -> {{ op.builder }}<'_> {
        {{ op.builder }} {
            client: self,
{%- for input in op.inputs() %}
            {{ input.init() }},
{%- endfor %}
        }
    }
}
{%- if let Some(e) = op.response_enum %}

{{ e.docs }}
{{ op.gate }}#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum {{ e.name }} {
{%- for v in e.variants %}
    {{ v.docs }}
    {{ v }},
{%- endfor %}
}
{%- endif %}
{% endfor %}
