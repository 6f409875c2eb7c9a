//! The generated crate's dependencies: a fixed core, and what its features need.

use crate::ir::{CONFIG_FEATURE, CargoDependency, CargoFeature, EVENTS_FEATURE, FULL_FEATURE, FeatureGrouping, Features, TagFeature};

pub fn dependencies(features: &Features) -> Vec<CargoDependency> {
    // The TLS backend is a feature of the crate (`cargo_features`).
    let mut reqwest = vec!["http2", "charset", "system-proxy", "query"];
    reqwest.extend(features.cookies.then_some("cookies"));
    reqwest.extend(features.multipart.then_some("multipart"));
    let tokio = vec!["time"];

    let mut list = vec![
        CargoDependency::plain("bytes", "1"),
        CargoDependency::plain("futures-core", "0.3"),
        CargoDependency::plain("futures-util", "0.3").no_default_features(),
        CargoDependency::plain("httpdate", "1"),
        CargoDependency::plain("reqwest", "0.13").no_default_features().features(&reqwest),
        CargoDependency::plain("serde", "1").features(&["derive"]),
        CargoDependency::plain("serde_json", "1"),
    ];
    list.extend(features.form.then(|| CargoDependency::plain("serde_urlencoded", "0.7")));
    list.extend([
        CargoDependency::plain("thiserror", "2"),
        CargoDependency::plain("tokio", "1").features(&tokio),
        CargoDependency::plain("tracing", "0.1"),
    ]);
    list.extend(features.chrono.then(|| CargoDependency::plain("chrono", "0.4").no_default_features().features(&["std", "serde"])));
    list.extend(features.uuid.then(|| CargoDependency::plain("uuid", "1").features(&["serde"])));
    list.extend(features.base64.then(|| CargoDependency::plain("base64", "0.22")));
    if features.websocket {
        list.push(CargoDependency::plain("tokio-tungstenite", "0.30").no_default_features().features(&["handshake"]).optional().note(
            "WebSocket event streams (feature `events`), framing only: the connection is an HTTP/1.1 upgrade on reqwest's client, so\nstreams share its proxy, TLS and timeout settings.",
        ));
    }
    list.extend([
        CargoDependency::plain("rustls", "0.23").no_default_features().features(&["std", "tls12"]).optional().note("TLS with ring (feature `rustls-ring`)."),
        CargoDependency::plain("rustls-platform-verifier", "0.7").optional(),
    ]);
    list.extend([
        CargoDependency::plain("rust-ini", "0.21").features(&["inline-comment"]).optional().note("The configuration file (feature `config`): INI, watching it, and log output."),
        CargoDependency::plain("notify", "8").optional(),
        CargoDependency::plain("tracing-subscriber", "0.3").no_default_features().features(&["fmt", "json", "std", "registry"]).optional(),
    ]);
    list
}

/// The crate's `[features]`: TLS by rustls with aws-lc-rs and the event streams by default,
/// so the crate works out of the box; the rest for users who ask.
/// A crate with features per tag (or resource) also has `full` (every one of them), on by
/// default so the default build is the whole API, as without them.
pub fn cargo_features(features: &Features, tags: &[TagFeature], grouping: FeatureGrouping) -> Vec<CargoFeature> {
    let feature = |name: &str, enables: &[&str], note: &'static str| CargoFeature {
        name: name.to_string(),
        enables: enables.iter().map(|e| e.to_string()).collect(),
        note,
    };
    let mut default = vec!["rustls-aws-lc-rs"];
    default.extend(features.events.then_some(EVENTS_FEATURE));
    default.extend((!tags.is_empty()).then_some(FULL_FEATURE));
    let mut list = vec![
        feature("default", &default, ""),
        feature(
            "rustls-aws-lc-rs",
            &["reqwest/rustls"],
            "The TLS backend, one of three (the first enabled wins, in this order; with none, reqwest\nhas only what another crate of the build enables):\nrustls with aws-lc-rs,",
        ),
        feature(
            "rustls-ring",
            &["reqwest/rustls-no-provider", "dep:rustls", "rustls/ring", "dep:rustls-platform-verifier"],
            "rustls with ring (no C toolchain or cmake needed),",
        ),
        feature("native-tls", &["reqwest/native-tls"], "or the platform's TLS (OpenSSL, Schannel, Secure Transport)."),
    ];
    if features.events {
        // A WebSocket is an upgrade on reqwest's connection: only the framing is added.
        let enables: &[&str] = match features.websocket {
            true => &["dep:tokio-tungstenite"],
            false => &[],
        };
        list.push(feature(EVENTS_FEATURE, enables, "The API's event streams (`events` module)."));
    }
    list.push(feature(
        CONFIG_FEATURE,
        &["dep:rust-ini", "dep:notify", "dep:tracing-subscriber"],
        "The configuration file with live reload, and log output to the console or a file.",
    ));
    if !tags.is_empty() {
        let all: Vec<&str> = tags.iter().map(|t| t.feature.as_str()).collect();
        let note = match grouping {
            FeatureGrouping::Tag => "Every operation of the API: one feature per tag of the spec, below (see the README).",
            FeatureGrouping::Resource => "Every operation of the API: one feature per resource of its paths, below (see the README).",
        };
        list.push(feature(FULL_FEATURE, &all, note));
        list.extend(tags.iter().map(|t| CargoFeature { name: t.feature.clone(), enables: Vec::new(), note: "" }));
    }
    list
}

/// The crate's examples run an event stream end to end, on a multi-threaded runtime.
pub fn dev_dependencies(features: &Features) -> Vec<CargoDependency> {
    match features.events {
        true => vec![CargoDependency::plain("tokio", "1").features(&["macros", "rt-multi-thread", "time"])],
        false => Vec::new(),
    }
}
