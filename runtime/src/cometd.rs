//! CometD (Bayeux) event streams: long-polling one channel over the client's own HTTP
//! session (its credentials, cookies and CSRF token).
//!
//! Each reply is read like any response body, so it is bounded by the client's
//! `ClientBuilder::max_response_bytes`: a larger one ends the stream with
//! [`Error::BodyTooLarge`] (see `in_transit` for why it is not polled again).

use std::collections::VecDeque;
use std::time::Duration;

use ::serde_json::{json, Value};

use super::api::{Api, Scheme, ThisApi};
use super::client::Client;
use super::error::Error;
use super::events::{decode_failed, event_error, EventFailure};
use super::request::Request;

/// How the runtime builds the crate's `EventError` for Bayeux failures (implemented by
/// the crate).
pub trait BayeuxFailure: EventFailure {
    /// The server refused a handshake, subscription or connect, or did not answer in Bayeux.
    fn refused(stream: &'static str, channel: String, message: String) -> Self;
}

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
    /// Handshakes, subscribes, and returns the stream of the channel's messages.
    pub(crate) async fn subscribe(client: Client, channel: Channel) -> Result<Self, Error> {
        let mut session = Session::new(client, channel);
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


/// New handshakes in a row, without a successful connect in between, before giving up.
const MAX_HANDSHAKES: u32 = 5;

/// What the generated code knows about one stream.
pub struct Channel {
    pub stream: &'static str,
    pub path: &'static str,
    pub channel: &'static str,
    pub security: &'static [&'static [Scheme]],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Handshake,
    Connect,
    Stop,
}

struct Session<T> {
    client: Client,
    channel: Channel,
    client_id: Option<String>,
    next_id: u64,
    /// `advice.interval`: how long to wait before the next connect.
    interval: Duration,
    handshakes: u32,
    /// Long polls in a row that failed in transit.
    failures: u32,
    step: Step,
    received: VecDeque<Result<T, Error>>,
}

impl<T: ::serde::de::DeserializeOwned> Session<T> {
    fn new(client: Client, channel: Channel) -> Self {
        Session {
            client,
            channel,
            client_id: None,
            next_id: 0,
            interval: Duration::ZERO,
            handshakes: 0,
            failures: 0,
            step: Step::Connect,
            received: VecDeque::new(),
        }
    }

    /// The next message, running the protocol as long as it takes.
    async fn next(&mut self) -> Option<Result<T, Error>> {
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
                Err(err) if self.step == Step::Connect && in_transit(&err) && self.failures < self.client.inner().retry.max_retries => {
                    // CometD's advice for a connect lost in transit: send it again after a
                    // backoff; a server that forgot the client then asks for a handshake.
                    self.failures += 1;
                    let wait = self.client.inner().retry.backoff(self.failures);
                    ::tracing::warn!(stream = self.channel.stream, error = %err, retry = self.failures, wait_ms = wait.as_millis() as u64, "CometD connect failed; retrying");
                    ::tokio::time::sleep(wait).await;
                }
                Err(err) => {
                    self.step = Step::Stop;
                    return Some(Err(err));
                }
            }
        }
    }

    /// `/meta/handshake` for a client id, then `/meta/subscribe` to the channel
    /// (again if the subscription is refused for want of a handshake).
    async fn handshake_and_subscribe(&mut self) -> Result<(), Error> {
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
            self.failures = 0;
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
                        let decoded = ::serde_json::from_value(data.clone()).map_err(|source| decode_failed(self.channel.stream, data.to_string(), source));
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
        event_error(<<ThisApi as Api>::EventError as BayeuxFailure>::refused(self.channel.stream, meta.to_string(), message))
    }
}

/// A failure of the long poll itself rather than an answer: worth sending it again. A poll
/// the server never answers ends at the client's deadline (`Deadline`) or its attempt
/// timeout (`Timeout`): either way nothing came back.
///
/// A reply over the size limit (`BodyTooLarge`) is not: the server counts its messages as
/// delivered, so polling again would silently skip them, and messages that large are
/// likely to come again (the same kind of notification, or a broken server). The stream
/// ends with the error; raising the limit is the caller's decision.
fn in_transit(err: &Error) -> bool {
    match err {
        Error::Timeout(_) | Error::Deadline { .. } | Error::Transport(_) => true,
        _ => err.status().is_some_and(|s| s.is_server_error() || s == ::reqwest::StatusCode::TOO_MANY_REQUESTS),
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
