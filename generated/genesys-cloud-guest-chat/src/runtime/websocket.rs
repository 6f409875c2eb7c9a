//! WebSocket event streams: a socket whose messages decode into the API's types.

use ::tokio_tungstenite::tungstenite;

use super::error::Error;
use super::events::{decode_failed, event_error, EventFailure};

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
    /// Opens the stream named `stream` at `url`.
    pub(crate) async fn connect(stream: &'static str, url: &str) -> Result<Self, Error> {
        let secure = url.get(..4).is_some_and(|scheme| scheme.eq_ignore_ascii_case("wss:"));
        let connector = if secure {
            ::tokio_tungstenite::Connector::Rustls(tls_config().map_err(|source| failed(stream, source))?)
        } else {
            ::tokio_tungstenite::Connector::Plain
        };
        let (socket, _) = ::tokio_tungstenite::connect_async_tls_with_config(url, None, true, Some(connector)).await.map_err(|source| failed(stream, source))?;
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
                Some(Ok(Message::Text(text))) => return Poll::Ready(Some(decode_message(this.stream, text.as_str()))),
                Some(Ok(Message::Binary(bytes))) => {
                    let text = String::from_utf8_lossy(&bytes);
                    return Poll::Ready(Some(decode_message(this.stream, &text)));
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
                    return Poll::Ready(Some(Err(failed(this.stream, source))));
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
