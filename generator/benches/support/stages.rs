//! The generator's stages as the benchmarks call them, and one measured run of them all.

use std::path::Path;
use std::time::{Duration, Instant};

use generator::ir::Crate;
use generator::load::Spec;
use generator::render::RenderedCrate;

use crate::peak_alloc::peak_during;

pub fn load(file: &Path, text: &str) -> Spec {
    generator::load::load_str(file, text).unwrap_or_else(|e| panic!("{e}"))
}

pub fn lower(spec: &Spec) -> Crate {
    generator::lower::lower(spec, &generator::Overrides::default()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn render(krate: &Crate) -> RenderedCrate {
    generator::render::render_crate(krate, "spec.yaml").unwrap_or_else(|e| panic!("{e}"))
}

/// As `cargo xtask codegen` runs it: the loaded spec is freed once it is lowered.
pub fn pipeline(file: &Path, text: &str) -> RenderedCrate {
    let krate = lower(&load(file, text));
    render(&krate)
}

/// Time and peak heap of each stage and of the whole pipeline.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    pub load: Measure,
    pub lower: Measure,
    pub render: Measure,
    pub total: Measure,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Measure {
    pub time: Duration,
    /// Peak live heap during the stage, above what was live when it started.
    pub peak: usize,
}

/// One run of each stage on its own (the previous stage's output is live but not counted),
/// then of the whole pipeline in one go, each measured by `probe`.
fn each_stage<M>(file: &Path, text: &str, mut probe: impl FnMut(&mut dyn FnMut()) -> M) -> [M; 4] {
    let mut spec = None;
    let mut krate = None;
    let load_m = probe(&mut || spec = Some(load(file, text)));
    let spec = spec.expect("load ran");
    let lower_m = probe(&mut || krate = Some(lower(&spec)));
    let krate = krate.expect("lower ran");
    let render_m = probe(&mut || drop(render(&krate)));
    drop((krate, spec));
    let total_m = probe(&mut || drop(pipeline(file, text)));
    [load_m, lower_m, render_m, total_m]
}

/// Times are the median of `runs` runs without allocation counting (shared counters would
/// slow the formatting threads down); peaks come from one more run with counting on, and
/// include the output each stage returns (dropped right after).
pub fn measure(file: &Path, text: &str, runs: usize) -> Figures {
    let mut times: Vec<[Duration; 4]> = (0..runs.max(1))
        .map(|_| {
            each_stage(file, text, |f| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
        })
        .collect();
    let peaks = each_stage(file, text, |f| peak_during(f).1);
    let mut median = |stage: usize| {
        times.sort_by_key(|t| t[stage]);
        Measure { time: times[times.len() / 2][stage], peak: peaks[stage] }
    };
    Figures { load: median(0), lower: median(1), render: median(2), total: median(3) }
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

pub fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Whether divan runs each benchmark once as a test: asked with `--test`, or run without
/// `--bench` (which only `cargo bench` passes), as `cargo test --benches` does. Same rule as
/// divan's own.
pub fn test_mode() -> bool {
    let has = |flag: &str| std::env::args().any(|a| a == flag);
    has("--test") || !has("--bench")
}

/// Whether divan was asked only to list the benchmarks.
pub fn list_mode() -> bool {
    std::env::args().any(|a| a == "--list")
}
