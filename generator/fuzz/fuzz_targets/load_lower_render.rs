//! Arbitrary bytes through the whole generator: load → lower → render.
//!
//! Any input may be rejected, but only with a located spec error: a panic, a stack
//! overflow, a hang or an `Error::Bug` (invalid Rust from the templates) is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = std::path::Path::new("fuzz.yaml");
    let Ok(spec) = generator::load::load_str(path, &text) else { return };
    let Ok(krate) = generator::lower::lower(&spec, &generator::Overrides::default()) else { return };
    if let Err(e @ generator::Error::Bug { .. }) = generator::render::render(&krate) {
        panic!("{e}");
    }
});
