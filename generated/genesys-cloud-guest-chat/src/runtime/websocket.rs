//! WebSocket event streams: a socket whose messages decode into the API's types.
//!
//! The socket is opened through the client's own HTTP client, as an HTTP/1.1 upgrade, so
//! it takes the same road as every REST call: the builder's proxy or `HTTP(S)_PROXY` /
//! `NO_PROXY`, its TLS settings, its connect timeout and its request timeout for the
//! handshake. No credential of the client goes with the handshake: a stream URL (guest
//! chat's `eventStreamUri`) authenticates by itself and may name another host.
//!
//! A connection lost without a close frame (a dropped TCP connection, a failed frame, or
//! nothing at all for the idle timeout) is opened again to the same URL, with the
//! client's retry backoff, as many times in a row as its retry policy allows; messages
//! sent meanwhile are lost (read the transcript to catch up). A close frame from the
//! server ends the stream, and so does a handshake refused with a 4xx status (the URL's
//! token is no longer valid): neither is helped by trying again.
//!
//! Messages (and each of their frames) are bounded by the client's
//! `ClientBuilder::max_response_bytes`, the limit of everything read from the service: a
//! larger one ends the stream with [`Error::BodyTooLarge`], as a larger response body fails
//! a call. It ends rather than reconnects: the connection stops mid-message and cannot go
//! on, a new one would silently skip the message (the server does not send it again), and
//! a server that sends one message that large is likely to send more (the same kind of
//! event, or a broken server), so reconnecting would only spend the retry budget hiding the
//! loss. Raising the limit is the caller's decision.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use ::reqwest::header::{CONNECTION, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION, UPGRADE};
use ::tokio_tungstenite::tungstenite;

use super::client::Client;
use super::error::Error;
use super::events::{decode_failed, event_error, EventFailure};
use super::raw::RawResponse;
use super::retry::RetryPolicy;
use super::send::read_body;

/// How the runtime builds the crate's `EventError` for WebSocket failures (implemented
/// by the crate).
pub trait WebSocketFailure: EventFailure {
    /// The WebSocket could not be opened or failed.
    fn failed(stream: &'static str, source: tungstenite::Error) -> Self;
}

fn failed(stream: &'static str, source: tungstenite::Error) -> Error {
    event_error(WebSocketFailure::failed(stream, source))
}

/// A message decoded as `T`, or the decode error the stream yields instead.
fn decode_message<T: ::serde::de::DeserializeOwned>(stream: &'static str, text: &str) -> Result<T, Error> {
    ::serde_json::from_str(text).map_err(|source| decode_failed(stream, text.to_string(), source))
}

/// How long a stream may stay silent (no message, no ping) before it counts as lost:
/// three missed heartbeats of a server that sends one every 30 seconds.
const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

type Socket = ::tokio_tungstenite::WebSocketStream<::reqwest::Upgraded>;
type Reconnect = Pin<Box<dyn Future<Output = (Result<Socket, Error>, u32)> + Send>>;

/// The messages of a WebSocket event stream, decoded as `T`.
///
/// A [`Stream`](::futures_core::Stream): poll it (e.g. with `StreamExt::next`) to receive
/// messages; polling is also what answers the server's pings. Dropping it drops the
/// connection; [`WebSocketEvents::close`] closes it politely. A lost connection is opened
/// again (see [`WebSocketEvents::reconnects`]).
pub struct WebSocketEvents<T> {
    stream: &'static str,
    http: ::reqwest::Client,
    /// The stream's URL as an `http(s)` URL. It may carry a credential: never logged.
    url: ::reqwest::Url,
    /// Bounds each opening handshake, the first and every reconnect.
    handshake_timeout: Option<Duration>,
    /// The largest message (and frame) read: the client's `max_response_bytes`.
    max_message_bytes: u64,
    retry: RetryPolicy,
    socket: Option<Socket>,
    close_frame: Option<tungstenite::protocol::CloseFrame>,
    idle_timeout: Option<Duration>,
    idle: Option<Pin<Box<::tokio::time::Sleep>>>,
    /// Reconnects allowed in a row, and used since the last message.
    max_reconnects: u32,
    reconnects: u32,
    reconnecting: Option<Reconnect>,
    message: ::std::marker::PhantomData<fn() -> T>,
}

impl<T> ::std::fmt::Debug for WebSocketEvents<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("WebSocketEvents")
            .field("stream", &self.stream)
            .field("host", &self.url.host_str())
            .field("open", &self.socket.is_some())
            .field("close_frame", &self.close_frame)
            .field("idle_timeout", &self.idle_timeout)
            .field("reconnects", &self.reconnects)
            .finish_non_exhaustive()
    }
}

impl<T> WebSocketEvents<T> {
    /// Opens the stream named `stream` at `url` (`ws://`, `wss://`, or their `http(s)`
    /// spellings) through `client`'s HTTP client.
    pub(crate) async fn connect(client: &Client, stream: &'static str, url: &str) -> Result<Self, Error> {
        let url = http_url(url).ok_or_else(|| Error::Request(format!("`{stream}`: the stream URL is not a ws://, wss://, http:// or https:// URL")))?;
        let http = client.inner().http.clone();
        // The handshake is one request: bounded like an attempt of any call, by the
        // attempt timeout, else the operation deadline.
        let handshake_timeout = client.inner().attempt_timeout.or(client.inner().deadline);
        let max_message_bytes = client.inner().max_response_bytes;
        let socket = open(&http, &url, stream, handshake_timeout, max_message_bytes).await?;
        ::tracing::debug!(stream, host = url.host_str(), "event stream connected");
        let retry = client.inner().retry.clone();
        let mut events = WebSocketEvents {
            stream,
            http,
            url,
            handshake_timeout,
            max_message_bytes,
            max_reconnects: retry.max_retries,
            retry,
            socket: Some(socket),
            close_frame: None,
            idle_timeout: Some(DEFAULT_IDLE_TIMEOUT),
            idle: None,
            reconnects: 0,
            reconnecting: None,
            message: ::std::marker::PhantomData,
        };
        events.touch();
        Ok(events)
    }

    /// How long the stream may stay silent (no message, no ping) before the connection
    /// counts as lost and is opened again (90 s unless set: three missed heartbeats of a
    /// server that sends one every 30 s; `None` waits forever).
    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.idle_timeout = timeout;
        self.idle = None;
        self.touch();
        self
    }

    /// How many times in a row a lost connection is opened again before the stream ends
    /// with the error (default: the client's `RetryPolicy::max_retries`; 0 never
    /// reconnects). The count starts again with every message received.
    pub fn reconnects(mut self, max: u32) -> Self {
        self.max_reconnects = max;
        self
    }

    /// The close frame the server ended the stream with, once it has.
    pub fn close_frame(&self) -> Option<&tungstenite::protocol::CloseFrame> {
        self.close_frame.as_ref()
    }

    /// Closes the connection: sends a close frame and waits for the server's (put a
    /// timeout around it for a server that may never answer). Messages still in flight
    /// are discarded.
    pub async fn close(&mut self) -> Result<(), Error> {
        self.reconnecting = None;
        self.idle = None;
        let Some(mut socket) = self.socket.take() else { return Ok(()) };
        let stream = self.stream;
        match socket.close(None).await {
            Ok(()) | Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {}
            Err(source) => return Err(failed(stream, source)),
        }
        while let Some(message) = ::futures_util::StreamExt::next(&mut socket).await {
            match message {
                Ok(tungstenite::Message::Close(frame)) => self.close_frame = frame,
                Ok(_) => {}
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => break,
                Err(source) => return Err(failed(stream, source)),
            }
        }
        Ok(())
    }

    /// Something arrived: the idle timer starts again.
    fn touch(&mut self) {
        let Some(timeout) = self.idle_timeout else {
            self.idle = None;
            return;
        };
        let deadline = ::tokio::time::Instant::now() + timeout;
        match &mut self.idle {
            Some(sleep) => sleep.as_mut().reset(deadline),
            None => self.idle = Some(Box::pin(::tokio::time::sleep_until(deadline))),
        }
    }

    /// The connection is gone without a close frame: open it again if the budget allows,
    /// else end the stream with `cause`.
    fn lost(&mut self, cause: Error) -> Option<Error> {
        self.socket = None;
        self.idle = None;
        if self.reconnects >= self.max_reconnects {
            ::tracing::warn!(stream = self.stream, error = %cause, "event stream lost");
            return Some(cause);
        }
        ::tracing::warn!(stream = self.stream, error = %cause, "event stream lost; reconnecting");
        let (http, url, retry, stream, timeout, limit) =
            (self.http.clone(), self.url.clone(), self.retry.clone(), self.stream, self.handshake_timeout, self.max_message_bytes);
        let (first, last) = (self.reconnects + 1, self.max_reconnects);
        self.reconnecting = Some(Box::pin(async move {
            let mut attempt = first;
            loop {
                ::tokio::time::sleep(retry.backoff(attempt)).await;
                match open(&http, &url, stream, timeout, limit).await {
                    Ok(socket) => return (Ok(socket), attempt),
                    Err(err) if attempt >= last || refused(&err) => return (Err(err), attempt),
                    Err(err) => ::tracing::warn!(stream, attempt, error = %err, "event stream reconnect failed"),
                }
                attempt += 1;
            }
        }));
        None
    }
}

/// A handshake the server refused with a client error: the URL (its token) is no longer
/// good, so trying again cannot help.
fn refused(err: &Error) -> bool {
    err.status().is_some_and(|s| s.is_client_error() && s != ::reqwest::StatusCode::TOO_MANY_REQUESTS)
}

/// `ws://` and `wss://` as the `http://` and `https://` URLs the upgrade request goes to.
fn http_url(url: &str) -> Option<::reqwest::Url> {
    let mut parsed = ::reqwest::Url::parse(url).ok()?;
    let scheme = match parsed.scheme() {
        "ws" | "http" => "http",
        "wss" | "https" => "https",
        _ => return None,
    };
    parsed.set_scheme(scheme).ok()?;
    Some(parsed)
}

/// The opening handshake (RFC 6455 §4.1) as an HTTP/1.1 upgrade request on the client's
/// HTTP client, then the upgraded connection as a WebSocket whose messages and frames are
/// at most `limit` bytes.
async fn open(http: &::reqwest::Client, url: &::reqwest::Url, stream: &'static str, timeout: Option<Duration>, limit: u64) -> Result<Socket, Error> {
    let key = tungstenite::handshake::client::generate_key();
    let mut request = http.get(url.clone());
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let mut response = request
        .version(::reqwest::Version::HTTP_11)
        .header(CONNECTION, "Upgrade")
        .header(UPGRADE, "websocket")
        .header(SEC_WEBSOCKET_VERSION, "13")
        .header(SEC_WEBSOCKET_KEY, &key)
        .send()
        .await
        .map_err(transport)?;
    let status = response.status();
    if status != ::reqwest::StatusCode::SWITCHING_PROTOCOLS {
        let headers = response.headers().clone();
        let body = read_body(&mut response, limit, stream).await?;
        let raw = RawResponse::new(stream, status, headers, body);
        let body = raw.undocumented_body();
        return Err(raw.into_error(body));
    }
    let expected = tungstenite::handshake::derive_accept_key(key.as_bytes());
    if response.headers().get(SEC_WEBSOCKET_ACCEPT).is_none_or(|accept| accept.as_bytes() != expected.as_bytes()) {
        return Err(failed(stream, tungstenite::Error::Protocol(tungstenite::error::ProtocolError::SecWebSocketAcceptKeyMismatch)));
    }
    let upgraded = response.upgrade().await.map_err(transport)?;
    Ok(::tokio_tungstenite::WebSocketStream::from_raw_socket(upgraded, tungstenite::protocol::Role::Client, Some(socket_config(limit))).await)
}

/// tungstenite's settings with messages and frames bounded by `limit` (its own defaults
/// are 64 MiB and 16 MiB). A frame gets the message's limit: it can be no larger anyway.
pub(crate) fn socket_config(limit: u64) -> tungstenite::protocol::WebSocketConfig {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    tungstenite::protocol::WebSocketConfig::default().max_message_size(Some(limit)).max_frame_size(Some(limit))
}

fn transport(err: ::reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout(err)
    } else {
        Error::Transport(err)
    }
}

impl<T: ::serde::de::DeserializeOwned> ::futures_core::Stream for WebSocketEvents<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        use tungstenite::Message;
        let this = self.get_mut();
        loop {
            if let Some(reconnecting) = this.reconnecting.as_mut() {
                let (result, attempts) = match reconnecting.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(done) => done,
                };
                this.reconnecting = None;
                this.reconnects = attempts;
                match result {
                    Ok(socket) => {
                        ::tracing::info!(stream = this.stream, attempts, "event stream reconnected");
                        this.socket = Some(socket);
                        this.touch();
                    }
                    Err(err) => return Poll::Ready(Some(Err(err))),
                }
            }
            let Some(socket) = this.socket.as_mut() else { return Poll::Ready(None) };
            let message = match ::futures_core::Stream::poll_next(Pin::new(socket), cx) {
                Poll::Ready(message) => message,
                Poll::Pending => {
                    let idle = this.idle.as_mut().is_some_and(|sleep| sleep.as_mut().poll(cx).is_ready());
                    if !idle {
                        return Poll::Pending;
                    }
                    let silent = this.idle_timeout.unwrap_or_default();
                    let cause = ::std::io::Error::new(::std::io::ErrorKind::TimedOut, format!("nothing received for {silent:?}"));
                    match this.lost(failed(this.stream, tungstenite::Error::Io(cause))) {
                        Some(err) => return Poll::Ready(Some(Err(err))),
                        None => continue,
                    }
                }
            };
            this.touch();
            match message {
                Some(Ok(Message::Text(text))) => {
                    this.reconnects = 0;
                    return Poll::Ready(Some(decode_message(this.stream, text.as_str())));
                }
                Some(Ok(Message::Binary(bytes))) => {
                    this.reconnects = 0;
                    let text = String::from_utf8_lossy(&bytes);
                    return Poll::Ready(Some(decode_message(this.stream, &text)));
                }
                // tungstenite queues the reply to a ping or close frame and sends it on the
                // next read, so keep polling: that both answers and reaches the next message.
                Some(Ok(Message::Close(frame))) => {
                    ::tracing::debug!(stream = this.stream, ?frame, "event stream closed by the server");
                    this.close_frame = frame;
                    this.idle = None;
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => {}
                None | Some(Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed)) if this.close_frame.is_some() => {
                    this.socket = None;
                    return Poll::Ready(None);
                }
                None | Some(Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed)) => {
                    let cause = ::std::io::Error::new(::std::io::ErrorKind::UnexpectedEof, "the connection ended without a close frame");
                    if let Some(err) = this.lost(failed(this.stream, tungstenite::Error::Io(cause))) {
                        return Poll::Ready(Some(Err(err)));
                    }
                }
                Some(Err(tungstenite::Error::Capacity(tungstenite::error::CapacityError::MessageTooLong { .. }))) => {
                    // Ends the stream: see the module's documentation for why it does not
                    // reconnect. The connection is dropped mid-message, without a close frame.
                    ::tracing::warn!(stream = this.stream, limit = this.max_message_bytes, "event stream message over the size limit; stream ended");
                    this.socket = None;
                    this.idle = None;
                    return Poll::Ready(Some(Err(Error::BodyTooLarge { operation: this.stream, limit: this.max_message_bytes })));
                }
                Some(Err(source)) => {
                    if let Some(err) = this.lost(failed(this.stream, source)) {
                        return Poll::Ready(Some(Err(err)));
                    }
                }
            }
        }
    }
}
