//! What the generated clients log: a tracing subscriber that writes plain text into memory,
//! for the tests that check log levels and that no credential is ever written.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// Everything written by tracing, up to the level given to [`Logs::subscriber`], while that
/// subscriber is the default.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    /// A text subscriber writing here; `TRACE` also checks the HTTP stack's own events.
    pub fn subscriber(&self, level: tracing::Level) -> impl tracing::Subscriber + Send + Sync + use<> {
        tracing_subscriber::fmt().with_max_level(level).with_ansi(false).with_writer(self.clone()).finish()
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// The lines written at `level` (`WARN`, `ERROR`, ...).
    #[allow(dead_code, reason = "client_traffic.rs checks levels, client_runtime.rs only text")]
    pub fn lines_at(&self, level: &str) -> Vec<String> {
        self.text().lines().filter(|l| l.split_whitespace().nth(1) == Some(level)).map(str::to_string).collect()
    }
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
