//! The generated crate's dependencies: a fixed core, and what its features need.

use crate::ir::{CONFIG_FEATURE, CargoDependency, CargoFeature, Features};

pub fn dependencies(features: &Features) -> Vec<CargoDependency> {
    let mut reqwest = vec!["rustls", "http2", "charset", "system-proxy", "query"];
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
        list.push(CargoDependency::plain("tokio-tungstenite", "0.30").no_default_features().features(&["handshake"]).note(
            "WebSocket framing only: the connection is an HTTP/1.1 upgrade on reqwest's client, so\nstreams share its proxy, TLS and timeout settings.",
        ));
    }
    list.extend([
        CargoDependency::plain("rust-ini", "0.21").features(&["inline-comment"]).optional().note("The configuration file (feature `config`): INI, watching it, and log output."),
        CargoDependency::plain("notify", "8").optional(),
        CargoDependency::plain("tracing-subscriber", "0.3").no_default_features().features(&["fmt", "json", "std", "registry"]).optional(),
    ]);
    list
}

/// The crate's `[features]`: what not every user needs is left out by default.
pub fn cargo_features() -> Vec<CargoFeature> {
    vec![CargoFeature {
        name: CONFIG_FEATURE,
        enables: vec!["dep:rust-ini", "dep:notify", "dep:tracing-subscriber"],
        note: "The configuration file with live reload, and log output to the console or a file.",
    }]
}

/// The crate's examples run an event stream end to end, on a multi-threaded runtime.
pub fn dev_dependencies(features: &Features) -> Vec<CargoDependency> {
    match features.events {
        true => vec![CargoDependency::plain("tokio", "1").features(&["macros", "rt-multi-thread", "time"])],
        false => Vec::new(),
    }
}
