//! Structure-aware, cheaply: the fuzz input is spliced into a valid spec, so most inputs
//! still parse and reach lowering and rendering, where arbitrary bytes rarely get.
//!
//! The first byte picks a seed spec, the next two an offset into it; the rest of the input
//! is inserted there as text.

#![no_main]

use libfuzzer_sys::fuzz_target;

const SEEDS: &[&str] = &[
    include_str!("../../../specs/upstream/genesys-cloud-guest-chat-18.0.0.json"),
    include_str!("../../../specs/upstream/ultracart-conversation-4.1.70.json"),
    include_str!("../../../specs/genesys-engage-chat.yaml"),
    include_str!("../../../tests/fixtures/coverage/schemas.yaml"),
    include_str!("../../../tests/fixtures/hostile/compiles/identifiers.yaml"),
    include_str!("../../../tests/fixtures/hostile/compiles/injection.yaml"),
];

fuzz_target!(|data: &[u8]| {
    let [pick, hi, lo, rest @ ..] = data else { return };
    let seed = SEEDS[usize::from(*pick) % SEEDS.len()];
    let mut at = (usize::from(*hi) << 8 | usize::from(*lo)) * seed.len() / 65_536;
    while !seed.is_char_boundary(at) {
        at -= 1;
    }
    let text = format!("{}{}{}", &seed[..at], String::from_utf8_lossy(rest), &seed[at..]);
    let path = std::path::Path::new("spliced.yaml");
    let Ok(spec) = generator::load::load_str(path, &text) else { return };
    let Ok(krate) = generator::lower::lower(&spec, &generator::Overrides::default()) else { return };
    if let Err(e @ generator::Error::Bug { .. }) = generator::render::render(&krate) {
        panic!("{e}");
    }
});
