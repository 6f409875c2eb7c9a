//! The configuration file's `[logging]` section as `tracing-subscriber` output: this
//! crate's events at the configured level, as text or JSON, to standard error and/or a
//! file. Installed as the global subscriber the first time a configuration asks for
//! logging, and reloaded in place when the file changes. An application that installed
//! its own subscriber keeps it: the client then says so once and logs through it.

use std::sync::{Mutex, OnceLock};

use ::tracing_subscriber::fmt::writer::{BoxMakeWriter, MakeWriterExt as _};
use ::tracing_subscriber::layer::SubscriberExt as _;
use ::tracing_subscriber::util::SubscriberInitExt as _;
use ::tracing_subscriber::{Layer as _, Registry, filter, reload};

use super::config::{LogFormat, LogLevel, Settings};

type Filtered = ::tracing_subscriber::layer::Layered<reload::Layer<filter::Targets, Registry>, Registry>;
type Output = Box<dyn ::tracing_subscriber::Layer<Filtered> + Send + Sync>;

/// The reload handles of the subscriber this module installed; `None` when another
/// subscriber was there first.
struct Installed {
    filter: reload::Handle<filter::Targets, Registry>,
    output: reload::Handle<Output, Filtered>,
}

static INSTALLED: OnceLock<Option<Installed>> = OnceLock::new();
/// Serialises applying, so two clients reloading at once cannot interleave.
static APPLYING: Mutex<()> = Mutex::new(());

/// Applies the `[logging]` settings. Nothing is installed until a level other than
/// `none` is asked for.
pub fn apply(settings: &Settings) -> Result<(), String> {
    let _guard = APPLYING.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
    let level = settings.log_level.unwrap_or(LogLevel::None);
    if level == LogLevel::None && INSTALLED.get().is_none() {
        return Ok(());
    }
    let targets = filter::Targets::new().with_target(env!("CARGO_CRATE_NAME"), level_filter(level));
    let output = output(settings)?;
    match INSTALLED.get() {
        Some(Some(installed)) => {
            installed.filter.reload(targets).map_err(|e| format!("cannot change the log level: {e}"))?;
            installed.output.reload(output).map_err(|e| format!("cannot change the log output: {e}"))?;
        }
        Some(None) => {}
        None => {
            let (filter_layer, filter) = reload::Layer::new(targets);
            let (output_layer, output) = reload::Layer::new(output);
            let installed = ::tracing_subscriber::registry().with(filter_layer).with(output_layer).try_init().is_ok();
            if !installed {
                ::tracing::warn!("the application has its own tracing subscriber: the configuration file's [logging] output settings are not applied");
            }
            let _ = INSTALLED.set(installed.then_some(Installed { filter, output }));
        }
    }
    Ok(())
}

fn level_filter(level: LogLevel) -> filter::LevelFilter {
    match level {
        LogLevel::Trace => filter::LevelFilter::TRACE,
        LogLevel::Debug => filter::LevelFilter::DEBUG,
        LogLevel::Info => filter::LevelFilter::INFO,
        LogLevel::Warn => filter::LevelFilter::WARN,
        LogLevel::Error => filter::LevelFilter::ERROR,
        LogLevel::None => filter::LevelFilter::OFF,
    }
}

/// The formatting layer: text or JSON, to the console, a file (appended to; rotating it
/// is the user's, as in the seed SDK), both or neither.
fn output(settings: &Settings) -> Result<Output, String> {
    let file = match &settings.log_file_path {
        Some(path) => {
            let file = ::std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("cannot open the log file `{}`: {e}", path.display()))?;
            Some(Mutex::new(file))
        }
        None => None,
    };
    let writer = match (settings.log_to_console.unwrap_or(true), file) {
        (true, Some(file)) => BoxMakeWriter::new(::std::io::stderr.and(file)),
        (false, Some(file)) => BoxMakeWriter::new(file),
        (true, None) => BoxMakeWriter::new(::std::io::stderr),
        (false, None) => BoxMakeWriter::new(::std::io::sink),
    };
    let layer = ::tracing_subscriber::fmt::layer().with_ansi(false).with_writer(writer);
    Ok(match settings.log_format.unwrap_or(LogFormat::Text) {
        LogFormat::Text => layer.boxed(),
        LogFormat::Json => layer.json().boxed(),
    })
}
