//! The raw response bodies behind the decoded values, and the check that decoding kept
//! every property Prism sent.
//!
//! The generated clients log each response body (with `log_bodies(true)`: at DEBUG, or at
//! ERROR with an error status) before decoding it. A tracing subscriber records them, so
//! the test can compare what came over the wire with what the models kept: a property that
//! is in the spec but dropped by the model (a wrong `rename`, a missing field) decodes
//! without error into `None`, and only this comparison notices it.
//!
//! The subscriber is the process-wide default, and keeps the bodies per thread
//! (`#[tokio::test]` runs a test's requests on the test's own thread). A thread-local
//! default would race: tracing caches each log statement's interest process-wide, and a
//! thread without a subscriber can cache "never" for a statement another test listens to.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::ThreadId;

use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The messages of the clients' log events that carry a response body (a success at
/// DEBUG, an error status at ERROR), and their body field.
const RESPONSE_BODY_MESSAGES: &[&str] = &["response body", "error response"];
const BODY_FIELD: &str = "body";

/// The response bodies the generated clients logged, by the thread that logged them.
#[derive(Clone, Default)]
pub struct ResponseBodies(Arc<Mutex<HashMap<ThreadId, Vec<String>>>>);

impl ResponseBodies {
    /// The process-wide recorder, installed as the default subscriber on first use.
    pub fn installed() -> ResponseBodies {
        static RECORDER: OnceLock<ResponseBodies> = OnceLock::new();
        RECORDER
            .get_or_init(|| {
                let recorder = ResponseBodies::default();
                tracing::subscriber::set_global_default(recorder.clone())
                    .expect("no other global tracing subscriber in the contract test");
                recorder
            })
            .clone()
    }

    /// The body most recently logged on this thread, forgetting every body logged on it so far.
    pub fn take_last(&self) -> Option<String> {
        let thread = std::thread::current().id();
        self.0.lock().ok().and_then(|mut bodies| bodies.remove(&thread)).and_then(|bodies| bodies.into_iter().last())
    }
}

/// The paths of the properties with a value in `raw` that `decoded` (the decoded model,
/// serialised again) does not have.
pub fn dropped_properties(raw: &Value, decoded: &Value) -> Vec<String> {
    let mut dropped = Vec::new();
    collect_dropped(raw, decoded, "", &mut dropped);
    dropped
}

fn collect_dropped(raw: &Value, decoded: &Value, path: &str, dropped: &mut Vec<String>) {
    match (raw, decoded) {
        (Value::Object(raw), Value::Object(decoded)) => {
            for (key, value) in raw.iter().filter(|(_, value)| !value.is_null()) {
                let child = format!("{path}/{key}");
                match decoded.get(key) {
                    Some(decoded) => collect_dropped(value, decoded, &child, dropped),
                    None => dropped.push(child),
                }
            }
        }
        (Value::Array(raw), Value::Array(decoded)) => {
            for (index, (raw, decoded)) in raw.iter().zip(decoded).enumerate() {
                collect_dropped(raw, decoded, &format!("{path}/{index}"), dropped);
            }
        }
        _ => {}
    }
}

impl Subscriber for ResponseBodies {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BodyEvent::default();
        event.record(&mut fields);
        if fields.message.as_deref().is_some_and(|m| RESPONSE_BODY_MESSAGES.contains(&m)) {
            if let (Some(body), Ok(mut bodies)) = (fields.body, self.0.lock()) {
                bodies.entry(std::thread::current().id()).or_default().push(body);
            }
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[derive(Default)]
struct BodyEvent {
    message: Option<String>,
    body: Option<String>,
}

impl Visit for BodyEvent {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        match field.name() {
            "message" => self.message = Some(format!("{value:?}")),
            BODY_FIELD => self.body = Some(format!("{value:?}")),
            _ => {}
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }
}
