//! The TLS backend of the HTTP client, chosen by the crate's cargo features:
//!
//! - `rustls-aws-lc-rs` (the default): rustls with the aws-lc-rs provider, reqwest's own
//!   choice;
//! - `rustls-ring`: rustls with the ring provider, which compiles without a C toolchain
//!   or cmake and faster;
//! - `native-tls`: the platform's TLS (OpenSSL, Schannel, Secure Transport).
//!
//! Cargo features add up, so when several are on, the first in this list wins. With none,
//! the crate asks for no TLS: reqwest then has whatever TLS another crate of the build
//! enabled for it, or none (plain HTTP, for a local server or a TLS-terminating proxy).

use super::error::Error;

/// Sets the backend on the HTTP client's builder.
#[cfg(feature = "rustls-aws-lc-rs")]
pub(crate) fn configure(builder: ::reqwest::ClientBuilder) -> Result<::reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_rustls())
}

/// Sets the backend on the HTTP client's builder: reqwest is built without a rustls
/// provider, so it gets a configuration with ring's, the platform's certificate
/// verifier, and the protocols reqwest would offer.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc-rs")))]
pub(crate) fn configure(builder: ::reqwest::ClientBuilder) -> Result<::reqwest::ClientBuilder, Error> {
    use ::rustls_platform_verifier::BuilderVerifierExt as _;
    let failed = |e: ::rustls::Error| Error::Config(format!("cannot set up TLS: {e}"));
    let provider = ::std::sync::Arc::new(::rustls::crypto::ring::default_provider());
    let mut config = ::rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(failed)?
        .with_platform_verifier()
        .map_err(failed)?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

/// Sets the backend on the HTTP client's builder.
#[cfg(all(feature = "native-tls", not(any(feature = "rustls-aws-lc-rs", feature = "rustls-ring"))))]
pub(crate) fn configure(builder: ::reqwest::ClientBuilder) -> Result<::reqwest::ClientBuilder, Error> {
    Ok(builder.tls_backend_native())
}

/// No TLS feature: reqwest's own default, whatever the rest of the build gave it.
#[cfg(not(any(feature = "rustls-aws-lc-rs", feature = "rustls-ring", feature = "native-tls")))]
pub(crate) fn configure(builder: ::reqwest::ClientBuilder) -> Result<::reqwest::ClientBuilder, Error> {
    Ok(builder)
}
