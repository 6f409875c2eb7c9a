//! Generator speed on real specs: each stage (load, lower, render + format) and the whole
//! pipeline, on the project's three specs and the corpus's `nexus.json`.
//!
//! `cargo bench -p generator --bench pipeline`. divan prints time and allocation counts per
//! benchmark; afterwards this binary prints the peak heap of each stage, measured with a
//! counting allocator, and its ratio to the input size. See BENCHMARKS.md.

#[path = "support/peak_alloc.rs"]
mod peak_alloc;
#[path = "support/real_specs.rs"]
mod real_specs;
#[path = "support/stages.rs"]
mod stages;

use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler<peak_alloc::PeakAlloc> = AllocProfiler::new(peak_alloc::PeakAlloc);

#[divan::bench(args = real_specs::names())]
fn load(bencher: Bencher, name: &str) {
    let spec = real_specs::get(name);
    bencher.bench(|| stages::load(&spec.file, black_box(&spec.text)));
}

#[divan::bench(args = real_specs::names())]
fn lower(bencher: Bencher, name: &str) {
    let spec = real_specs::get(name);
    let loaded = stages::load(&spec.file, &spec.text);
    bencher.bench(|| stages::lower(black_box(&loaded)));
}

#[divan::bench(args = real_specs::names())]
fn render(bencher: Bencher, name: &str) {
    let spec = real_specs::get(name);
    let krate = stages::lower(&stages::load(&spec.file, &spec.text));
    bencher.bench(|| stages::render(black_box(&krate)));
}

#[divan::bench(args = real_specs::names())]
fn pipeline(bencher: Bencher, name: &str) {
    let spec = real_specs::get(name);
    bencher.bench(|| stages::pipeline(&spec.file, black_box(&spec.text)));
}

fn main() {
    divan::main();
    if stages::list_mode() {
        return;
    }
    let runs = if stages::test_mode() { 1 } else { 5 };
    println!(
        "\nTime (median of {runs} runs) / peak heap (high-water mark of bytes allocated and not yet freed during the stage) per stage"
    );
    println!("| spec | input | load | lower | render | pipeline | pipeline peak / input |");
    println!("|---|---|---|---|---|---|---|");
    for spec in real_specs::SPECS.iter() {
        let f = stages::measure(&spec.file, &spec.text, runs);
        let cell = |m: stages::Measure| format!("{} / {}", stages::ms(m.time), stages::mib(m.peak));
        println!(
            "| {} | {:.0} KB | {} | {} | {} | {} | {:.1}× |",
            spec.name,
            spec.text.len() as f64 / 1000.0,
            cell(f.load),
            cell(f.lower),
            cell(f.render),
            cell(f.total),
            f.total.peak as f64 / spec.text.len() as f64
        );
    }
}
