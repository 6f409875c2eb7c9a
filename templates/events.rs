//! Event streams: messages the server pushes, decoded into the API's types.
//!
//! Each stream is opened by a `Client` method and is a [`Stream`](::futures_core::Stream)
//! of `Result<message, Error>`. A message that does not decode yields an
//! [`EventError::Decode`] item and the stream goes on; a broken connection or a refused
//! subscription yields one error and ends the stream. Nothing reconnects behind your back:
//! open the stream again when you want to, as the examples below do.
{%- for s in krate.event_streams %}
//!
//! ## `{{ s.name.code() }}`
//!
{%- match s.transport %}
{%- when EventTransport::WebSocket with { response_type, url_wire, .. } %}
//! [`Client::{{ s.method_name }}`] opens the WebSocket named by `{{ url_wire.code() }}` in a
//! response. To reconnect, open it again:
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
//! `{{ path.code() }}`. To start over after the stream ends, subscribe again:
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

#[allow(unused_imports)]
use crate::models;
use crate::{Client, Error};
{%- if krate.features.websocket %}

pub use ::tokio_tungstenite::tungstenite;
{%- endif %}

/// What went wrong with an event stream (inside [`Error::Event`]).
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
{%- if krate.features.websocket %}
    /// The response that should name the stream's URL does not.
    #[error("cannot open `{stream}`: the response has no `{field}`")]
    NoUrl { stream: &'static str, field: &'static str },
    /// The WebSocket could not be opened (URL, connection, TLS, handshake) or failed.
    #[error("the WebSocket of `{stream}` failed: {source}")]
    WebSocket {
        stream: &'static str,
        #[source]
        source: tungstenite::Error,
    },
{%- endif %}
{%- if krate.features.cometd %}
    /// The CometD server refused a handshake, subscription or connect, or did not answer
    /// in Bayeux.
    #[error("CometD `{channel}` of `{stream}` failed: {message}")]
    Bayeux { stream: &'static str, channel: String, message: String },
{%- endif %}
    /// A message that does not decode into the documented type. The stream goes on.
    #[error("cannot decode a message of `{stream}`: {source}")]
    Decode {
        stream: &'static str,
        /// The message exactly as received.
        text: String,
        #[source]
        source: ::serde_json::Error,
    },
}

impl From<EventError> for Error {
    fn from(err: EventError) -> Self {
        Error::Event(Box::new(err))
    }
}

{%- for s in krate.event_streams %}
{%- if let Some(u) = s.message_union %}

{{ u.docs }}
#[derive(Debug, Clone, PartialEq)]
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
{%- when EventTransport::WebSocket with { operation_method, response_type, url_field, url_wire, url_optional } %}
    ///
    /// Connects to the WebSocket named by `{{ url_wire.code() }}` in the response of
    /// [`Client::{{ operation_method }}`] and yields each message decoded as
    /// [`{{ s.message_type }}`]. Pings are answered while the stream is polled. The stream
    /// ends when the server closes the connection (see [`WebSocketEvents::close_frame`]),
    /// after one [`Error::Event`] if the connection fails. It does not reconnect (see the
    /// [module docs](self)).
    pub async fn {{ s.method_name }}(&self, response: &{{ response_type }}) -> Result<WebSocketEvents<{{ s.message_type }}>, Error> {
{%- if url_optional %}
        let url = response.{{ url_field }}.as_ref().map(url_text).ok_or(EventError::NoUrl { stream: {{ s.name }}, field: {{ url_wire }} })?;
{%- else %}
        let url = url_text(&response.{{ url_field }});
{%- endif %}
        WebSocketEvents::connect({{ s.name }}, url).await
    }
{%- when EventTransport::CometD with { path, channel, security } %}
    ///
    /// Subscribes to the CometD channel `{{ channel.code() }}` at `{{ path.code() }}` over
    /// this client's HTTP session (its credentials, cookies and CSRF token), long-polling
    /// for messages and yielding the `data` of each decoded as [`{{ s.message_type }}`].
    /// The handshake and subscription happen before this returns. When the server asks for
    /// a new handshake (`advice.reconnect = "handshake"`, or `402::Unknown client`), the
    /// stream handshakes and subscribes again by itself. It ends when the server advises
    /// `reconnect = "none"`, or after one [`Error::Event`] or HTTP error if the session
    /// fails. To go on, call this again (see the [module docs](self)). The client's
    /// timeout must be longer than the server's long-poll timeout (30 s by default in
    /// CometD).
    pub async fn {{ s.method_name }}(&self) -> Result<CometdEvents<{{ s.message_type }}>, Error> {
        let channel = cometd::Channel {
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
{%- if krate.features.websocket %}

fn decode<T: ::serde::de::DeserializeOwned>(stream: &'static str, text: &str) -> Result<T, Error> {
    ::serde_json::from_str(text).map_err(|source| EventError::Decode { stream, text: text.to_string(), source }.into())
}

/// The text of a URL field, whether it is a `String` or a `Url`.
fn url_text(url: &impl AsRef<str>) -> &str {
    url.as_ref()
}

type Socket = ::tokio_tungstenite::WebSocketStream<::tokio_tungstenite::MaybeTlsStream<::tokio::net::TcpStream>>;

/// The messages of a WebSocket event stream, decoded as `T`.
///
/// A [`Stream`](::futures_core::Stream): poll it (e.g. with `StreamExt::next`) to receive
/// messages; polling is also what answers the server's pings. Dropping it drops the
/// connection; [`WebSocketEvents::close`] closes it politely.
pub struct WebSocketEvents<T> {
    stream: &'static str,
    socket: Option<Socket>,
    close_frame: Option<tungstenite::protocol::CloseFrame>,
    message: ::std::marker::PhantomData<fn() -> T>,
}

impl<T> ::std::fmt::Debug for WebSocketEvents<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("WebSocketEvents")
            .field("stream", &self.stream)
            .field("open", &self.socket.is_some())
            .field("close_frame", &self.close_frame)
            .finish()
    }
}

impl<T> WebSocketEvents<T> {
    async fn connect(stream: &'static str, url: &str) -> Result<Self, Error> {
        let failed = |source| EventError::WebSocket { stream, source };
        let secure = url.get(..4).is_some_and(|scheme| scheme.eq_ignore_ascii_case("wss:"));
        let connector = if secure {
            ::tokio_tungstenite::Connector::Rustls(tls_config().map_err(failed)?)
        } else {
            ::tokio_tungstenite::Connector::Plain
        };
        let (socket, _) = ::tokio_tungstenite::connect_async_tls_with_config(url, None, true, Some(connector)).await.map_err(failed)?;
        ::tracing::debug!(stream, "event stream connected");
        Ok(WebSocketEvents {
            stream,
            socket: Some(socket),
            close_frame: None,
            message: ::std::marker::PhantomData,
        })
    }

    /// The close frame the server ended the stream with, once it has.
    pub fn close_frame(&self) -> Option<&tungstenite::protocol::CloseFrame> {
        self.close_frame.as_ref()
    }

    /// Closes the connection: sends a close frame and waits for the server's (put a
    /// timeout around it for a server that may never answer). Messages still in flight
    /// are discarded.
    pub async fn close(&mut self) -> Result<(), Error> {
        let Some(mut socket) = self.socket.take() else { return Ok(()) };
        let stream = self.stream;
        match socket.close(None).await {
            Ok(()) | Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {}
            Err(source) => return Err(EventError::WebSocket { stream, source }.into()),
        }
        while let Some(message) = ::futures_util::StreamExt::next(&mut socket).await {
            match message {
                Ok(tungstenite::Message::Close(frame)) => self.close_frame = frame,
                Ok(_) => {}
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => break,
                Err(source) => return Err(EventError::WebSocket { stream, source }.into()),
            }
        }
        Ok(())
    }
}

impl<T: ::serde::de::DeserializeOwned> ::futures_core::Stream for WebSocketEvents<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Option<Self::Item>> {
        use ::std::task::Poll;
        use tungstenite::Message;
        let this = self.get_mut();
        loop {
            let Some(socket) = this.socket.as_mut() else { return Poll::Ready(None) };
            let message = match ::futures_core::Stream::poll_next(::std::pin::Pin::new(socket), cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(message) => message,
            };
            match message {
                Some(Ok(Message::Text(text))) => return Poll::Ready(Some(decode(this.stream, text.as_str()))),
                Some(Ok(Message::Binary(bytes))) => {
                    let text = String::from_utf8_lossy(&bytes);
                    return Poll::Ready(Some(decode(this.stream, &text)));
                }
                // tungstenite queues the reply to a ping or close frame and sends it on the
                // next read, so keep polling: that both answers and reaches the next message.
                Some(Ok(Message::Close(frame))) => {
                    ::tracing::debug!(stream = this.stream, ?frame, "event stream closed by the server");
                    this.close_frame = frame;
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                None | Some(Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed)) => {
                    this.socket = None;
                    return Poll::Ready(None);
                }
                Some(Err(source)) => {
                    this.socket = None;
                    return Poll::Ready(Some(Err(EventError::WebSocket { stream: this.stream, source }.into())));
                }
            }
        }
    }
}

/// TLS for `wss://` with the same choices as the HTTP client: rustls with the aws-lc-rs
/// provider (named explicitly, so another provider elsewhere in the program cannot make
/// the choice ambiguous) and the platform's certificate verifier.
fn tls_config() -> Result<::std::sync::Arc<::rustls::ClientConfig>, tungstenite::Error> {
    use ::rustls_platform_verifier::BuilderVerifierExt;
    let tls = |e: ::rustls::Error| tungstenite::Error::Tls(tungstenite::error::TlsError::Rustls(Box::new(e)));
    let provider = ::std::sync::Arc::new(::rustls::crypto::aws_lc_rs::default_provider());
    let config = ::rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls)?
        .with_platform_verifier()
        .map_err(tls)?
        .with_no_client_auth();
    Ok(::std::sync::Arc::new(config))
}
{%- endif %}
{%- if krate.features.cometd %}

/// The messages of a CometD channel, decoded as `T`.
///
/// A [`Stream`](::futures_core::Stream) that long-polls while it is polled. Dropping it
/// stops polling; the server forgets the subscription after its timeout.
pub struct CometdEvents<T> {
    inner: ::std::pin::Pin<Box<dyn ::futures_core::Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> ::std::fmt::Debug for CometdEvents<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("CometdEvents").finish_non_exhaustive()
    }
}

impl<T: ::serde::de::DeserializeOwned + Send + 'static> CometdEvents<T> {
    async fn subscribe(client: Client, channel: cometd::Channel) -> Result<Self, Error> {
        let mut session = cometd::Session::new(client, channel);
        session.handshake_and_subscribe().await?;
        let inner = ::futures_util::stream::unfold(session, |mut session| async move {
            let item = session.next().await?;
            Some((item, session))
        });
        Ok(CometdEvents { inner: Box::pin(inner) })
    }
}

impl<T> ::futures_core::Stream for CometdEvents<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Option<Self::Item>> {
        self.get_mut().inner.as_mut().poll_next(cx)
    }
}

/// The Bayeux protocol (CometD 3), long-polling over the client's HTTP session.
mod cometd {
    use std::collections::VecDeque;
    use std::time::Duration;

    use ::serde_json::{json, Value};

    use super::EventError;
    use crate::runtime::Request;
    use crate::{Client, Error, SecurityScheme};

    /// New handshakes in a row, without a successful connect in between, before giving up.
    const MAX_HANDSHAKES: u32 = 5;

    /// What the generated code knows about one stream.
    pub struct Channel {
        pub stream: &'static str,
        pub path: &'static str,
        pub channel: &'static str,
        pub security: &'static [&'static [SecurityScheme]],
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Step {
        Handshake,
        Connect,
        Stop,
    }

    pub struct Session<T> {
        client: Client,
        channel: Channel,
        client_id: Option<String>,
        next_id: u64,
        /// `advice.interval`: how long to wait before the next connect.
        interval: Duration,
        handshakes: u32,
        step: Step,
        received: VecDeque<Result<T, Error>>,
    }

    impl<T: ::serde::de::DeserializeOwned> Session<T> {
        pub fn new(client: Client, channel: Channel) -> Self {
            Session {
                client,
                channel,
                client_id: None,
                next_id: 0,
                interval: Duration::ZERO,
                handshakes: 0,
                step: Step::Connect,
                received: VecDeque::new(),
            }
        }

        /// The next message, running the protocol as long as it takes.
        pub async fn next(&mut self) -> Option<Result<T, Error>> {
            loop {
                if let Some(item) = self.received.pop_front() {
                    return Some(item);
                }
                let step = match self.step {
                    Step::Stop => return None,
                    Step::Handshake => self.handshake_and_subscribe().await.map(|()| Step::Connect),
                    Step::Connect => self.connect().await,
                };
                match step {
                    Ok(step) => self.step = step,
                    Err(err) => {
                        self.step = Step::Stop;
                        return Some(Err(err));
                    }
                }
            }
        }

        /// `/meta/handshake` for a client id, then `/meta/subscribe` to the channel
        /// (again if the subscription is refused for want of a handshake).
        pub async fn handshake_and_subscribe(&mut self) -> Result<(), Error> {
            loop {
                self.handshake().await?;
                let mut subscribe = self.message("/meta/subscribe");
                subscribe["subscription"] = json!(self.channel.channel);
                let reply = self.exchange(subscribe).await?;
                if successful(&reply) {
                    return Ok(());
                }
                if !wants_handshake(&reply) {
                    return Err(self.refused(&reply));
                }
            }
        }

        async fn handshake(&mut self) -> Result<(), Error> {
            self.handshakes += 1;
            if self.handshakes > MAX_HANDSHAKES {
                return Err(self.failed("/meta/handshake", format!("the server asked for {MAX_HANDSHAKES} handshakes in a row")));
            }
            self.client_id = None;
            let mut handshake = self.message("/meta/handshake");
            handshake["version"] = json!("1.0");
            handshake["minimumVersion"] = json!("1.0");
            handshake["supportedConnectionTypes"] = json!(["long-polling"]);
            let reply = self.exchange(handshake).await?;
            if !successful(&reply) {
                return Err(self.refused(&reply));
            }
            match reply.get("clientId").and_then(Value::as_str) {
                Some(id) => self.client_id = Some(id.to_string()),
                None => return Err(self.failed("/meta/handshake", "the handshake reply has no clientId".to_string())),
            }
            ::tracing::debug!(stream = self.channel.stream, "CometD handshake done");
            Ok(())
        }

        async fn connect(&mut self) -> Result<Step, Error> {
            if !self.interval.is_zero() {
                ::tokio::time::sleep(self.interval).await;
            }
            let mut connect = self.message("/meta/connect");
            connect["connectionType"] = json!("long-polling");
            let reply = self.exchange(connect).await?;
            let reconnect = reply.pointer("/advice/reconnect").and_then(Value::as_str);
            if wants_handshake(&reply) {
                ::tracing::debug!(stream = self.channel.stream, "CometD server asks for a new handshake");
                return Ok(Step::Handshake);
            }
            if reconnect == Some("none") {
                return Ok(Step::Stop);
            }
            if successful(&reply) {
                self.handshakes = 0;
                return Ok(Step::Connect);
            }
            Err(self.refused(&reply))
        }

        /// A new message on a meta channel, with the next id and the client id.
        fn message(&mut self, meta: &str) -> Value {
            self.next_id += 1;
            let mut message = json!({ "channel": meta, "id": self.next_id.to_string() });
            if let Some(id) = &self.client_id {
                message["clientId"] = json!(id);
            }
            message
        }

        /// Sends one meta message and returns the server's reply to it. Channel messages
        /// that come with the reply are queued, so none is lost whatever the reply says.
        async fn exchange(&mut self, message: Value) -> Result<Value, Error> {
            let meta = message["channel"].as_str().unwrap_or_default().to_string();
            let mut request = Request::new(::reqwest::Method::POST, self.channel.stream, self.channel.security, false);
            request.push_path(self.channel.path);
            request.body_json(vec![message], "application/json")?;
            let response = self.client.execute(request).await?;
            let status = response.status();
            if status == ::reqwest::StatusCode::PAYMENT_REQUIRED {
                // Some servers say "unknown client" with the HTTP status rather than in Bayeux.
                return Ok(json!({ "channel": meta, "successful": false, "error": "402::Unknown client", "advice": { "reconnect": "handshake" } }));
            }
            if !status.is_success() {
                return Err(response.unexpected());
            }
            let messages = match response.json::<Value>()?.into_body() {
                Value::Array(messages) => messages,
                single @ Value::Object(_) => vec![single],
                other => return Err(self.failed(&meta, format!("the reply is not a list of Bayeux messages: {other}"))),
            };
            let mut reply = None;
            for message in messages {
                match message.get("channel").and_then(Value::as_str) {
                    Some(channel) if channel == meta => {
                        self.advise(&message);
                        reply = Some(message);
                    }
                    Some(channel) if channel == self.channel.channel => {
                        if let Some(data) = message.get("data") {
                            let decoded = ::serde_json::from_value(data.clone())
                                .map_err(|source| EventError::Decode { stream: self.channel.stream, text: data.to_string(), source }.into());
                            self.received.push_back(decoded);
                        }
                    }
                    _ => {}
                }
            }
            reply.ok_or_else(|| self.failed(&meta, "the server did not answer it".to_string()))
        }

        fn advise(&mut self, reply: &Value) {
            if let Some(interval) = reply.pointer("/advice/interval").and_then(Value::as_u64) {
                self.interval = Duration::from_millis(interval);
            }
        }

        fn refused(&self, reply: &Value) -> Error {
            let meta = reply.get("channel").and_then(Value::as_str).unwrap_or("/meta/?");
            let error = reply.get("error").and_then(Value::as_str).unwrap_or("refused without an error message");
            self.failed(meta, error.to_string())
        }

        fn failed(&self, meta: &str, message: String) -> Error {
            EventError::Bayeux { stream: self.channel.stream, channel: meta.to_string(), message }.into()
        }
    }

    fn successful(reply: &Value) -> bool {
        reply.get("successful").and_then(Value::as_bool) == Some(true)
    }

    /// `advice.reconnect = "handshake"`, or the `402::Unknown client` error: the server has
    /// forgotten the client id.
    fn wants_handshake(reply: &Value) -> bool {
        reply.pointer("/advice/reconnect").and_then(Value::as_str) == Some("handshake")
            || reply.get("error").and_then(Value::as_str).is_some_and(|e| e.starts_with("402"))
    }
}
{%- endif %}
