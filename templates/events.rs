//! Event streams: messages the server pushes, decoded into the API's types.
//!
//! Each stream is opened by a `Client` method and is a [`Stream`](::futures_core::Stream)
//! of `Result<message, Error>`. A message that does not decode yields an
//! [`EventError::Decode`] item and the stream goes on. Streams go through the client's own
//! HTTP client, so its proxy (the builder's, or `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`),
//! TLS and timeouts apply to them as to every call. A connection lost in the middle is
//! opened again with the client's retry backoff, as many times in a row as its
//! [`RetryPolicy`](crate::RetryPolicy) retries (each transport says below how); past that,
//! or when the server refuses the stream, it yields one error and ends. Open it again when
//! you want to, as the examples below do.
{%- if krate.features.websocket %}
//!
//! WebSocket streams are [`WebSocketEvents`]; the `tungstenite` crate they run on is
//! re-exported here, for the types of their close frames and errors.
{%- endif %}
{%- if krate.features.cometd %}
//!
//! CometD streams are [`CometdEvents`].
{%- endif %}
{%- for s in krate.event_streams %}
//!
//! ## `{{ s.name.code() }}`
//!
{%- match s.transport %}
{%- when EventTransport::WebSocket with { response_type, url_wire, .. } %}
//! [`Client::{{ s.method_name }}`] opens the WebSocket named by `{{ url_wire.code() }}` in a
//! response, sending none of the client's credentials: the URL authenticates by itself
//! (it may carry a token) and may name another host. A connection that breaks without a
//! close frame, or stays silent (no message, no ping) for
//! [`WebSocketEvents::idle_timeout`] (90 s by default), is opened again to the same URL,
//! which is all the stream allows (the URL's token came from the service and goes
//! nowhere else); messages sent meanwhile are lost, so read the transcript to catch up. A
//! close frame, or a handshake refused with a 4xx status (the token expired), ends the
//! stream. To start over, open it again:
//!
//! ```no_run
//! # async fn example(client: &{{ krate.package.lib_name }}::Client, response: &{{ krate.package.lib_name }}::{{ response_type }}) -> Result<(), {{ krate.package.lib_name }}::Error> {
//! use futures_util::StreamExt;
//!
//! loop {
//!     let mut events = client.{{ s.method_name }}(response).await?;
//!     while let Some(event) = events.next().await {
//!         match event {
//!             Ok(event) => println!("{event:?}"),
//!             Err(err) => eprintln!("{err}"),
//!         }
//!     }
//!     // Closed or broken: wait a little, then attach again (or return to stop).
//!     tokio::time::sleep(std::time::Duration::from_secs(1)).await;
//! }
//! # }
//! ```
{%- when EventTransport::CometD with { path, channel, .. } %}
//! [`Client::{{ s.method_name }}`] subscribes to CometD channel `{{ channel.code() }}` at
//! `{{ path.code() }}` on the API's own server, with the client's credentials and session.
//! The server's advice drives reconnection (`interval`, `reconnect: retry | handshake |
//! none`); a long poll that fails in transit (a timeout, a dropped connection, a 5xx) is
//! sent again with the client's retry backoff, then with a new handshake if the server
//! has forgotten the client. Each long poll is bounded by the client's timeout, which
//! must be longer than the server's long-poll timeout (CometD's default is 30 s; the
//! client's default timeout is 60 s). To start over after the stream ends, subscribe
//! again:
//!
//! ```no_run
//! # async fn example(client: &{{ krate.package.lib_name }}::Client) -> Result<(), {{ krate.package.lib_name }}::Error> {
//! use futures_util::StreamExt;
//!
//! loop {
//!     let mut messages = client.{{ s.method_name }}().await?;
//!     while let Some(message) = messages.next().await {
//!         match message {
//!             Ok(message) => println!("{message:?}"),
//!             Err(err) => eprintln!("{err}"),
//!         }
//!     }
//!     tokio::time::sleep(std::time::Duration::from_secs(1)).await;
//! }
//! # }
//! ```
{%- endmatch %}
{%- endfor %}

{%- if krate.events_use_models %}
use crate::models;
{%- endif %}
use crate::{Client, Error};
{%- if krate.features.websocket %}

pub use ::tokio_tungstenite::tungstenite;
pub use crate::runtime::websocket::WebSocketEvents;
{%- endif %}
{%- if krate.features.cometd %}
pub use crate::runtime::cometd::CometdEvents;
{%- endif %}

/// What went wrong with an event stream (inside [`Error::Event`]).
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
{%- if krate.features.websocket %}
    /// The response that should name the stream's URL does not.
    #[error("cannot open `{stream}`: the response has no `{field}`")]
    NoUrl {
        /// The stream's name (the operation that opens it).
        stream: &'static str,
        /// The response field that should hold the URL.
        field: &'static str,
    },
    /// The WebSocket could not be opened (URL, connection, TLS, handshake) or failed.
    #[error("the WebSocket of `{stream}` failed: {source}")]
    WebSocket {
        /// The stream's name (the operation that opens it).
        stream: &'static str,
        /// What tungstenite reported.
        #[source]
        source: tungstenite::Error,
    },
{%- endif %}
{%- if krate.features.cometd %}
    /// The CometD server refused a handshake, subscription or connect, or did not answer
    /// in Bayeux.
    #[error("CometD `{channel}` of `{stream}` failed: {message}")]
    Bayeux {
        /// The stream's name.
        stream: &'static str,
        /// The Bayeux channel of the failed exchange (`/meta/handshake`, ...).
        channel: String,
        /// The server's `error` text, or what was wrong with its answer.
        message: String,
    },
{%- endif %}
    /// A message that does not decode into the documented type. The stream goes on.
    #[error("cannot decode a message of `{stream}`: {source}")]
    Decode {
        /// The stream's name.
        stream: &'static str,
        /// The message exactly as received.
        text: String,
        /// Why it did not decode (with its line and column).
        #[source]
        source: ::serde_json::Error,
    },
}

impl From<EventError> for Error {
    fn from(err: EventError) -> Self {
        Error::Event(Box::new(err))
    }
}

impl crate::runtime::events::EventFailure for EventError {
    fn decode(stream: &'static str, text: String, source: ::serde_json::Error) -> Self {
        EventError::Decode { stream, text, source }
    }
}
{%- if krate.features.websocket %}

impl crate::runtime::websocket::WebSocketFailure for EventError {
    fn failed(stream: &'static str, source: tungstenite::Error) -> Self {
        EventError::WebSocket { stream, source }
    }
}
{%- endif %}
{%- if krate.features.cometd %}

impl crate::runtime::cometd::BayeuxFailure for EventError {
    fn refused(stream: &'static str, channel: String, message: String) -> Self {
        EventError::Bayeux { stream, channel, message }
    }
}
{%- endif %}

{%- for s in krate.event_streams %}
{%- if let Some(u) = s.message_union %}

{{ u.docs }}
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum {{ u.name }} {
{%- for v in u.variants %}
    {{ v.docs }}
    {{ v.name }}({{ v.ty }}),
{%- endfor %}
    /// A message of a kind this version of the crate does not know (or without a kind),
    /// kept as raw JSON.
    {{ u.unknown }}(::serde_json::Value),
}

impl {{ u.name }} {
    /// The properties leading from the message root to the string that names its kind.
    pub const KIND_PATH: &'static [&'static str] = &[{% for k in u.key_path %}{{ k }}, {% endfor %}];

    /// The kind of a message as received, if it has one.
    pub fn kind_of(message: &::serde_json::Value) -> Option<&str> {
        Self::KIND_PATH.iter().try_fold(message, |node, key| node.get(key))?.as_str()
    }
}

impl ::serde::Serialize for {{ u.name }} {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
{%- for v in u.variants %}
            Self::{{ v.name }}(value) => ::serde::Serialize::serialize(value, serializer),
{%- endfor %}
            Self::{{ u.unknown }}(value) => ::serde::Serialize::serialize(value, serializer),
        }
    }
}

impl<'de> ::serde::Deserialize<'de> for {{ u.name }} {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        let kind = Self::kind_of(&value).map(str::to_string);
        match kind.as_deref() {
{%- for v in u.variants %}
            Some({{ v.kind }}) => crate::runtime::from_json_value::<D::Error, _>(value).map(Self::{{ v.name }}),
{%- endfor %}
            _ => Ok(Self::{{ u.unknown }}(value)),
        }
    }
}
{%- endif %}
{%- endfor %}

impl Client {
{%- for s in krate.event_streams %}
    {{ s.docs }}
{%- match s.transport %}
{%- when EventTransport::WebSocket with { operation_method, response_type, url_field, url_wire, url_optional, url_reader } %}
    ///
    /// Connects to the WebSocket named by `{{ url_wire.code() }}` in the response of
    /// [`Client::{{ operation_method }}`] and yields each message decoded as
    /// [`{{ s.message_type }}`]. Pings are answered while the stream is polled. The stream
    /// ends when the server closes the connection (see [`WebSocketEvents::close_frame`]);
    /// a lost connection is opened again, and after the last failed attempt the stream
    /// yields one [`Error::Event`] and ends (see the [module docs](self)).
    pub async fn {{ s.method_name }}(&self, response: &{{ response_type }}) -> Result<WebSocketEvents<{{ s.message_type }}>, Error> {
{%- if url_optional %}
        let url = response.{{ url_field }}.as_ref().map({{ url_reader }}).ok_or(EventError::NoUrl { stream: {{ s.name }}, field: {{ url_wire }} })?;
{%- else %}
        let url = {{ url_reader }}(&response.{{ url_field }});
{%- endif %}
        WebSocketEvents::connect(self, {{ s.name }}, url).await
    }
{%- when EventTransport::CometD with { path, channel, security } %}
    ///
    /// Subscribes to the CometD channel `{{ channel.code() }}` at `{{ path.code() }}` over
    /// this client's HTTP session (its credentials, cookies and CSRF token), long-polling
    /// for messages and yielding the `data` of each decoded as [`{{ s.message_type }}`].
    /// The handshake and subscription happen before this returns. When the server asks for
    /// a new handshake (`advice.reconnect = "handshake"`, or `402::Unknown client`), the
    /// stream handshakes and subscribes again by itself, and a long poll that fails in
    /// transit is retried with backoff. It ends when the server advises
    /// `reconnect = "none"`, or after one [`Error::Event`] or HTTP error if the session
    /// fails for good. To go on, call this again (see the [module docs](self)). The
    /// client's timeout must be longer than the server's long-poll timeout (30 s by
    /// default in CometD).
    pub async fn {{ s.method_name }}(&self) -> Result<CometdEvents<{{ s.message_type }}>, Error> {
        let channel = crate::runtime::cometd::Channel {
            stream: {{ s.name }},
            path: {{ path }},
            channel: {{ channel }},
            security: &[{% for alt in security %}&[{% for scheme in alt %}crate::SecurityScheme::{{ scheme }}, {% endfor %}], {% endfor %}],
        };
        CometdEvents::subscribe(self.clone(), channel).await
    }
{%- endmatch %}
{%- endfor %}
}
