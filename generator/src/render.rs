//! Stage 3, *render*: the IR → the files of a crate.
//!
//! Templates print the IR; this module only adds what is specific to an output format
//! (TOML and Markdown escaping), then checks every Rust file with `syn` and formats it with
//! `prettyplease`. Invalid Rust from a template is a generator bug and reported as one.
//! The shared runtime's modules are copied as they are (`render/runtime.rs`).

use std::sync::Arc;
use std::thread;

use askama::Template;

mod finish;
mod format;
mod markup;
mod printed;
mod runtime;

use crate::error::{Error, Result};
use crate::ir::*;

/// One generated file, with its path relative to the crate directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RenderedFile {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RenderedCrate {
    pub name: String,
    pub files: Vec<RenderedFile>,
}

impl RenderedCrate {
    pub fn file(&self, path: &str) -> Option<&RenderedFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

#[derive(Template)]
#[template(path = "Cargo.toml", escape = "none")]
struct CargoToml<'a> {
    krate: &'a Crate,
    toml: TomlStrings,
    spec_file: &'a str,
}

/// The README escapes spec text through `markup` as it prints it.
#[derive(Template)]
#[template(path = "README.md", escape = "none")]
struct Readme<'a> {
    krate: &'a Crate,
}

macro_rules! rust_templates {
    ($($name:ident => $path:literal),* $(,)?) => {
        $(
            #[derive(Template)]
            #[template(path = $path, escape = "none")]
            struct $name<'a> {
                krate: &'a Crate,
            }
        )*
    };
}

rust_templates! {
    LibRs => "lib.rs",
    ClientRs => "client.rs",
    OperationsRs => "operations.rs",
    ModelsRs => "models.rs",
    ErrorRs => "error.rs",
    RuntimeModRs => "runtime_mod.rs",
    EventsRs => "events.rs",
}

pub use printed::Printed;

/// Each crate's record of how its Rust files were printed (see [`Printed::add_files`]).
pub const PRINTED_RECORD: &str = ".codegen/printed";

/// Renders one Rust file of a crate.
type RustTemplate = fn(&Crate) -> askama::Result<String>;

/// Rust files are printed in batches of at least this much source, in file order, each
/// batch's sources freed once it is printed, and each batch printed while the templates of
/// the next are rendered. A batch's items are shared out over every
/// core, and this is enough items to keep two cores evenly busy (one file at a time left
/// one core idle during the many small files); with every file of a big crate in one batch,
/// the sources and their printed items alive together were the generator's peak memory
/// (nexus.json: 3.0 MiB beside a 1.1 MiB IR). The project's crates print in one batch.
const BATCH_BYTES: usize = 256 * 1024;

/// Renders every file of the crate. `spec_file` is named in the manifest's header.
pub fn render_crate(krate: &Crate, spec_file: &str) -> Result<RenderedCrate> {
    Ok(render_crate_reusing(krate, spec_file, None)?.0)
}

/// [`render_crate`], taking the Rust items found in `known` from there instead of printing
/// them again; with `known`, also every item of this crate, printed, for the next run.
pub fn render_crate_reusing(krate: &Crate, spec_file: &str, known: Option<&Printed>) -> Result<(RenderedCrate, Option<Printed>)> {
    let mut files = vec![
        RenderedFile {
            path: "Cargo.toml".into(),
            contents: run("Cargo.toml", CargoToml { krate, toml: TomlStrings::new(&krate.package), spec_file: &markup::comment_text(spec_file) }.render())?,
        },
        RenderedFile {
            path: "README.md".into(),
            contents: run("README.md", Readme { krate }.render())?,
        },
    ];
    // A crate without operations (a spec of models or webhooks only) has no builders to
    // hold, so no `operations` module: an empty public module would only be noise.
    let operations: Option<(&str, RustTemplate)> =
        (!krate.operations.is_empty()).then_some(("src/operations.rs", |krate| OperationsRs { krate }.render()));
    let events: Option<(&str, RustTemplate)> = krate.features.events.then_some(("src/events.rs", |krate| EventsRs { krate }.render()));
    // A crate with nothing to call has no `Client`, so no `client.rs` or `error.rs` either.
    let client: Option<(&str, RustTemplate)> = krate.has_client().then_some(("src/client.rs", |krate| ClientRs { krate }.render()));
    let error: Option<(&str, RustTemplate)> = krate.has_client().then_some(("src/error.rs", |krate| ErrorRs { krate }.render()));
    let templates: Vec<(&str, RustTemplate)> = [("src/lib.rs", (|krate| LibRs { krate }.render()) as RustTemplate)]
        .into_iter()
        .chain(client)
        .chain(operations)
        .chain([("src/models.rs", (|krate| ModelsRs { krate }.render()) as RustTemplate)])
        .chain(error)
        .chain([("src/runtime/mod.rs", (|krate| RuntimeModRs { krate }.render()) as RustTemplate)])
        .chain(events)
        .collect();
    let mut next = known.map(|_| Printed::default());
    // Each Rust file's contents, in template order, whether taken as printed before or printed now.
    let mut contents: Vec<Option<String>> = vec![None; templates.len()];
    let mut sources = Vec::with_capacity(templates.len());
    // A batch prints on threads of its own while the next one's templates are rendered and
    // the one before it is finished.
    std::thread::scope(|scope| -> Result<()> {
        let mut printing: Option<Printing> = None;
        let mut batch: Vec<(usize, String)> = Vec::new();
        for (i, (path, template)) in templates.iter().enumerate() {
            let source = run(path, template(krate))?;
            let digest = printed::source_digest(&source);
            sources.push(digest);
            match known.and_then(|known| known.file(&digest)) {
                Some(printed) => contents[i] = Some(printed.to_string()),
                None => batch.push((i, source)),
            }
            let batched: usize = batch.iter().map(|(_, source)| source.len()).sum();
            if batch.is_empty() || batched < BATCH_BYTES && i + 1 < templates.len() {
                continue;
            }
            // The earlier batch is finished while this one prints.
            if let Some(done) = printing.replace(Printing::start(scope, std::mem::take(&mut batch), known)) {
                done.finish(&templates, &mut contents, &mut next, known)?;
            }
        }
        printing.map_or(Ok(()), |done| done.finish(&templates, &mut contents, &mut next, known))
    })?;
    let rust: Vec<RenderedFile> = templates
        .iter()
        .zip(contents)
        .map(|((path, _), contents)| RenderedFile { path: path.to_string(), contents: contents.unwrap_or_default() })
        .collect();
    let record: Vec<(&str, printed::Digest, &str)> = rust.iter().zip(sources).map(|(file, source)| (file.path.as_str(), source, file.contents.as_str())).collect();
    let record = RenderedFile { path: PRINTED_RECORD.to_string(), contents: printed::record(&record) };
    files.extend(rust);
    // The runtime's modules, as they are: not printed, so not in the record either.
    files.extend(krate.runtime.iter().map(|used| RenderedFile { path: runtime::path(used.module), contents: runtime::source(used.module).to_string() }));
    files.push(record);
    Ok((
        RenderedCrate {
            name: krate.package.name.clone(),
            files,
        },
        next,
    ))
}

/// A batch of Rust sources (each with its file's index) being printed.
struct Printing<'scope> {
    batch: Arc<Vec<(usize, String)>>,
    /// `None` when no thread could start: the batch is then printed when finished.
    thread: Option<thread::ScopedJoinHandle<'scope, format::Unparsed>>,
}

impl<'scope> Printing<'scope> {
    fn start<'env>(scope: &'scope thread::Scope<'scope, 'env>, batch: Vec<(usize, String)>, known: Option<&'env Printed>) -> Self {
        let batch = Arc::new(batch);
        let shared = Arc::clone(&batch);
        let thread = thread::Builder::new().spawn_scoped(scope, move || print_batch(&shared, known)).ok();
        Printing { batch, thread }
    }

    /// Waits for the batch and puts its files (header and spacing added) into `contents`,
    /// its printed items into `next`. A source is only kept while it may still be needed:
    /// its file did not print item by item.
    fn finish(self, templates: &[(&str, RustTemplate)], contents: &mut [Option<String>], next: &mut Option<Printed>, known: Option<&Printed>) -> Result<()> {
        // A thread that panicked has been reported by the panic hook; printing again here
        // either works or panics on the caller's thread, as printing did before threads.
        let (printed, printed_items) = match self.thread.and_then(|thread| thread.join().ok()) {
            Some(done) => done,
            None => print_batch(&self.batch, known),
        };
        if let (Some(next), Some(items)) = (next.as_mut(), printed_items) {
            next.merge(items);
        }
        let batch = Arc::try_unwrap(self.batch).unwrap_or_else(|shared| (*shared).clone());
        for ((file, source), printed) in batch.into_iter().zip(printed) {
            contents[file] = Some(finish::finish_rust(templates[file].0, printed.ok_or(source))?);
        }
        Ok(())
    }
}

fn print_batch(batch: &[(usize, String)], known: Option<&Printed>) -> format::Unparsed {
    format::unparse_all(&batch.iter().map(|(_, source)| source.as_str()).collect::<Vec<_>>(), known)
}

/// Renders with a spec file name derived from nothing (for tests and in-memory use).
pub fn render(krate: &Crate) -> Result<RenderedCrate> {
    render_crate(krate, "its OpenAPI spec")
}

fn run(path: &str, rendered: askama::Result<String>) -> Result<String> {
    rendered.map_err(|e| Error::Bug {
        file: path.to_string(),
        message: format!("template failed: {e}"),
    })
}

/// Parses with `syn` (so a template bug surfaces here, with the offending line) and
/// formats with `prettyplease`.
pub fn format_rust(path: &str, source: &str) -> Result<String> {
    let printed = format::unparse_all(&[source], None).0.pop().flatten();
    finish::finish_rust(path, printed.ok_or_else(|| source.to_string()))
}

/// Package strings as TOML string literals.
struct TomlStrings {
    description: String,
    license: String,
    repository: Option<String>,
    homepage: Option<String>,
    keywords: Vec<String>,
    categories: Vec<String>,
}

use markup::toml_str;

impl TomlStrings {
    fn new(p: &Package) -> Self {
        TomlStrings {
            description: toml_str(&p.description),
            license: toml_str(&p.license),
            repository: p.repository.as_deref().map(toml_str),
            homepage: p.homepage.as_deref().map(toml_str),
            keywords: p.keywords.iter().map(|k| toml_str(k)).collect(),
            categories: p.categories.iter().map(|c| toml_str(c)).collect(),
        }
    }
}
