//! The configuration file applied to a client: once when it is built, and again whenever
//! the file changes while `live_reload_config` is on (the default), so a running client
//! takes a new host or logging setup without a restart. A reload that fails (a broken
//! file, a log file that cannot be opened) changes nothing: the last good configuration
//! stays in force, and the error is logged and kept for [`Client::config_error`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use ::notify::Watcher as _;

use super::client::{Client, Inner};
use super::config::{Settings, process_env};
use super::config_logging;
use super::error::Error;

/// How long a change of the file is left to settle before it is read.
const SETTLE: ::std::time::Duration = ::std::time::Duration::from_millis(150);

/// A client's configuration file and what the builder chose where the file is silent.
pub(crate) struct Live {
    /// The file, if any was found (it need not exist).
    path: Option<PathBuf>,
    builder_base_url: Arc<str>,
    builder_log_bodies: bool,
    /// The builder's `allow_plain_http`, which the file's `host` obeys too.
    allow_plain_http: bool,
    /// Whether changes to the file still apply (`live_reload_config`).
    reloading: AtomicBool,
    last_error: Mutex<Option<String>>,
    /// Dropped with the client, which stops watching.
    watcher: Mutex<Option<::notify::RecommendedWatcher>>,
}

impl Live {
    /// Reads the configuration for a client being built: the settings, and the state kept
    /// for reloads. A broken file is an error here, before any client exists.
    pub(crate) fn load(explicit: Option<&Path>, builder_base_url: &str, builder_log_bodies: bool, allow_plain_http: bool) -> Result<(Live, Settings), Error> {
        let path = super::config::locate(explicit, &process_env);
        let settings = Settings::load(path.as_deref(), &process_env).map_err(Error::Config)?;
        config_logging::apply(&settings).map_err(Error::Config)?;
        let live = Live {
            path,
            builder_base_url: Arc::from(builder_base_url),
            builder_log_bodies,
            allow_plain_http,
            reloading: AtomicBool::new(settings.live_reload_config.unwrap_or(true)),
            last_error: Mutex::new(None),
            watcher: Mutex::new(None),
        };
        Ok((live, settings))
    }

    /// The base URL for these settings: the file's host, else the builder's choice. A
    /// host the builder would refuse (plain HTTP to another machine) is refused here too.
    pub(crate) fn base_url(&self, settings: &Settings) -> Result<Arc<str>, String> {
        match settings.host.as_deref() {
            None => Ok(Arc::clone(&self.builder_base_url)),
            Some(host) => {
                super::client::check_base_url(host, self.allow_plain_http).map_err(|e| format!("`host` of the configuration file: {e}"))?;
                Ok(Arc::from(host))
            }
        }
    }

    /// Whether bodies are logged (request, response) under these settings.
    pub(crate) fn log_bodies(&self, settings: &Settings) -> (bool, bool) {
        (settings.log_request_body.unwrap_or(self.builder_log_bodies), settings.log_response_body.unwrap_or(self.builder_log_bodies))
    }

    pub(crate) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub(crate) fn last_error(&self) -> Option<String> {
        self.last_error.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// Starts watching the client's file when live reload is on. The directory holding the
/// file must exist; the file itself may appear later.
pub(crate) fn watch(client: &Client) -> Result<(), Error> {
    let Some(live) = &client.inner().config else { return Ok(()) };
    let Some(path) = live.path.as_deref() else { return Ok(()) };
    if !live.reloading.load(Ordering::Relaxed) {
        return Ok(());
    }
    let dir = match path.parent() {
        Some(dir) if dir.as_os_str().is_empty() => Path::new("."),
        Some(dir) => dir,
        None => return Ok(()),
    };
    if !dir.is_dir() {
        ::tracing::debug!(path = %path.display(), "the configuration file's directory does not exist: not watching it");
        return Ok(());
    }
    let name = path.file_name().map(|n| n.to_os_string());
    let client: Weak<Inner> = client.downgrade();
    let mut watcher = ::notify::recommended_watcher(move |event: ::notify::Result<::notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() || !event.paths.iter().any(|p| p.file_name() == name.as_deref()) {
            return;
        }
        // A file is written in steps (truncated, then filled): let the writer finish, so
        // a half-written file is not taken for the new configuration.
        ::std::thread::sleep(SETTLE);
        if let Some(inner) = client.upgrade() {
            reload(&inner);
        }
    })
    .map_err(|e| Error::Config(format!("cannot watch the configuration file `{}`: {e}", path.display())))?;
    watcher
        .watch(dir, ::notify::RecursiveMode::NonRecursive)
        .map_err(|e| Error::Config(format!("cannot watch the configuration file `{}`: {e}", path.display())))?;
    *live.watcher.lock().unwrap_or_else(PoisonError::into_inner) = Some(watcher);
    Ok(())
}

/// Reads the file again and applies it, or keeps the last good configuration.
fn reload(inner: &Inner) {
    let Some(live) = &inner.config else { return };
    if !live.reloading.load(Ordering::Relaxed) {
        return;
    }
    let applied = Settings::load(live.path.as_deref(), &process_env).and_then(|settings| {
        let base_url = live.base_url(&settings)?;
        config_logging::apply(&settings)?;
        inner.set_base_url(base_url);
        let (request, response) = live.log_bodies(&settings);
        inner.set_log_bodies(request, response);
        live.reloading.store(settings.live_reload_config.unwrap_or(true), Ordering::Relaxed);
        Ok(())
    });
    let error = applied.err();
    if let Some(error) = &error {
        ::tracing::warn!(%error, "the configuration file did not load: keeping the last good configuration");
    }
    *live.last_error.lock().unwrap_or_else(PoisonError::into_inner) = error;
}
