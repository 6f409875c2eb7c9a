//! How generation cost grows with the size of a spec: synthetic specs of 10, 100, 1 000 and
//! 10 000 operations and schemas (see `support/synthetic.rs`), the whole pipeline timed by
//! divan, then a table of time and peak heap per stage and the fitted growth exponent
//! (log-log least squares; 1.0 is linear).
//!
//! `cargo bench -p generator --bench scaling`. See BENCHMARKS.md.

#[path = "support/fit.rs"]
mod fit;
#[path = "support/peak_alloc.rs"]
mod peak_alloc;
#[path = "support/stages.rs"]
mod stages;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::sync::LazyLock;

use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler<peak_alloc::PeakAlloc> = AllocProfiler::new(peak_alloc::PeakAlloc);

/// `cargo test --benches` runs every benchmark once in an unoptimised build: small sizes only.
fn sizes() -> &'static [usize] {
    if stages::test_mode() { &[10, 100] } else { &[10, 100, 1_000, 10_000] }
}

static SPECS: LazyLock<Vec<(usize, String)>> = LazyLock::new(|| sizes().iter().map(|&n| (n, synthetic::spec(n))).collect());

fn text(n: usize) -> &'static str {
    &SPECS.iter().find(|(size, _)| *size == n).expect("a size from `sizes()`").1
}

const FILE: &str = "synthetic.json";

#[divan::bench(args = sizes(), max_time = 15)]
fn pipeline(bencher: Bencher, n: usize) {
    let text = text(n);
    bencher.bench(|| stages::pipeline(Path::new(FILE), black_box(text)));
}

fn main() {
    divan::main();
    if stages::list_mode() {
        return;
    }
    let mut rows = Vec::new();
    println!("\nScaling: time (median of 7 runs, 3 at 10 000) and peak heap (high-water mark of bytes allocated and not yet freed)");
    println!("| operations + schemas | input | load | lower | render | pipeline | pipeline peak |");
    println!("|---|---|---|---|---|---|---|");
    for &n in sizes() {
        let text = text(n);
        let runs = if stages::test_mode() {
            1
        } else if n >= 10_000 {
            3
        } else {
            7
        };
        let f = stages::measure(Path::new(FILE), text, runs);
        println!(
            "| {n} | {:.0} KB | {} | {} | {} | {} | {} |",
            text.len() as f64 / 1000.0,
            stages::ms(f.load.time),
            stages::ms(f.lower.time),
            stages::ms(f.render.time),
            stages::ms(f.total.time),
            stages::mib(f.total.peak)
        );
        rows.push((n as f64, f));
    }
    let series = |pick: fn(&stages::Figures) -> f64| -> Vec<(f64, f64)> { rows.iter().map(|(n, f)| (*n, pick(f))).collect() };
    let report = |label: &str, points: Vec<(f64, f64)>| {
        let local: Vec<String> = fit::local_exponents(&points).iter().map(|k| format!("{k:.2}")).collect();
        println!("| {label} | {:.3} | {} |", fit::exponent(&points), local.join(", "));
    };
    println!("\nFitted growth exponent k (cost ≈ c·n^k; 1.0 = linear)");
    println!("| series | k over all sizes | k between consecutive sizes |");
    println!("|---|---|---|");
    report("load time", series(|f| f.load.time.as_secs_f64()));
    report("lower time", series(|f| f.lower.time.as_secs_f64()));
    report("render time", series(|f| f.render.time.as_secs_f64()));
    report("pipeline time", series(|f| f.total.time.as_secs_f64()));
    report("pipeline peak heap", series(|f| f.total.peak as f64));
}
