//! A ratio that survives a busy machine: the two variants run in alternating rounds, so a
//! burst of load elsewhere slows both rather than one, and the median round is reported.

use std::time::{Duration, Instant};

/// Median time per call of `a` and of `b` over `rounds` alternating rounds of `calls`
/// calls each.
pub fn compare(rounds: usize, calls: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (Duration, Duration) {
    let per_call = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..calls {
            f();
        }
        start.elapsed() / calls as u32
    };
    let (mut times_a, mut times_b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds {
        // Alternate which goes first, so neither always runs on a warmer cache.
        if round % 2 == 0 {
            times_a.push(per_call(&mut a));
            times_b.push(per_call(&mut b));
        } else {
            times_b.push(per_call(&mut b));
            times_a.push(per_call(&mut a));
        }
    }
    (median(times_a), median(times_b))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Prints the comparison as a Markdown table row: `| label | a | b | b / a | target |`.
pub fn report(label: &str, (a, b): (Duration, Duration), target: f64) {
    let ratio = b.as_secs_f64() / a.as_secs_f64();
    let verdict = if ratio <= target { "met" } else { "NOT met" };
    println!("| {label} | {a:.2?} | {b:.2?} | {ratio:.3}× | ≤ {target}× {verdict} |");
}

/// Whether divan runs each benchmark once as a test (asked with `--test`, or run without the
/// `--bench` that only `cargo bench` passes, as by `cargo test --benches`) or only lists
/// them: then the interleaved comparison is skipped.
pub fn quick_mode() -> bool {
    let has = |flag: &str| std::env::args().any(|a| a == flag);
    has("--test") || has("--list") || !has("--bench")
}
