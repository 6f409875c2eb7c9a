//! The API as a whole: crate metadata (`x-codegen`), servers, security schemes, sessions.

use openapiv3::SecurityScheme as OaScheme;
use serde::Deserialize;

use super::names::{self, Scope};
use crate::error::{Error, Result};
use crate::ir::{ApiInfo, Csrf, DefaultHeader, Lit, Package, SchemeKind, SecurityScheme, Server, ServerVariable, Session};
use crate::load::Spec;
use crate::lower::docs;
use crate::pointer::Pointer;

/// Generation settings a spec may carry in a root `x-codegen` extension. Every field is
/// optional: a spec without it still generates, with names derived from the file.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CodegenSettings {
    #[serde(rename = "crate")]
    pub crate_name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub default_headers: indexmap::IndexMap<String, String>,
    /// Where the configuration file is by default, relative to the home directory (the
    /// seed SDK's `.genesyscloudjavascript-guest/config`); `.<crate>/config` without it.
    pub config_path: Option<String>,
    /// Cargo features per tag, or per path resource where no operation has a tag
    /// (`lower/tag_features.rs`): `true` or `false` decides; without it, a crate of more
    /// than 50 operations and more than one tag (or resource) gets them.
    pub tag_features: Option<bool>,
}

/// Overrides from the command line (`--name`). Versions are the regeneration lifecycle's
/// business, after lowering ([`set_version`]).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub crate_name: Option<String>,
}

pub fn settings(spec: &Spec) -> Result<CodegenSettings> {
    match spec.doc.extensions.get("x-codegen") {
        None => Ok(CodegenSettings::default()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| {
            Error::spec(&spec.file, "#/x-codegen", format!("invalid generation settings: {e}"), "see README.md, 'Adding an API'")
        }),
    }
}

/// `x-codegen.config-path`: a relative path under the home directory, so the same spec
/// works on every user's machine; `.<crate>/config` when the spec names none.
pub fn config_path(spec: &Spec, settings: &CodegenSettings, package: &Package) -> Result<String> {
    let Some(path) = &settings.config_path else { return Ok(format!(".{}/config", package.name)) };
    let relative = std::path::Path::new(path).is_relative() && !path.starts_with(['/', '\\', '~']);
    if path.trim().is_empty() || !relative || path.split(['/', '\\']).any(|part| part == "..") {
        return Err(Error::spec(
            &spec.file,
            "#/x-codegen/config-path",
            format!("`{}` is not a path inside the home directory", path.escape_debug()),
            "write a relative path such as `.myapi/config`; it is joined to %USERPROFILE% or $HOME",
        ));
    }
    Ok(path.clone())
}

pub fn package(spec: &Spec, settings: &CodegenSettings, overrides: &Overrides) -> Result<Package> {
    let stem = spec.file.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name = overrides
        .crate_name
        .clone()
        .or_else(|| settings.crate_name.clone())
        .unwrap_or_else(|| derived_crate_name(stem));
    if let Some(problem) = crate_name_problem(&name) {
        return Err(Error::spec(
            &spec.file,
            "#/x-codegen/crate",
            format!("`{}` is not a valid crate name: {problem}", name.escape_debug()),
            "use ASCII letters, digits, `-` and `_`, starting with a letter (e.g. `my-api-client`)",
        ));
    }
    let version = settings.version.clone().unwrap_or_else(|| "0.1.0".to_string());
    if !is_semver(&version) {
        return Err(Error::spec(
            &spec.file,
            "#/x-codegen/version",
            format!("`{}` is not a semantic version", version.escape_debug()),
            "write MAJOR.MINOR.PATCH, optionally with a pre-release and build suffix (e.g. `1.2.0-beta.1`)",
        ));
    }
    let description = settings
        .description
        .clone()
        .unwrap_or_else(|| format!("Async Rust client for {}.", spec.doc.info.title.trim()));
    Ok(Package {
        lib_name: name.replace('-', "_"),
        user_agent: user_agent(&name, &version),
        name,
        version,
        description,
        license: settings.license.clone().unwrap_or_else(|| "MIT OR Apache-2.0".to_string()),
        repository: settings.repository.clone(),
        homepage: settings.homepage.clone(),
        keywords: settings.keywords.clone(),
        categories: settings.categories.clone(),
        rust_version: "1.85".to_string(),
    })
}

/// The package moved to another version (the regeneration lifecycle decides versions
/// after lowering): everything that states the version follows.
pub fn set_version(package: &mut Package, version: &str) {
    package.user_agent = user_agent(&package.name, version);
    package.version = version.to_string();
}

fn user_agent(name: &str, version: &str) -> Lit {
    Lit(format!("{name}/{version}"))
}

/// Names Cargo refuses for a package, besides Rust keywords.
const RESERVED_CRATE_NAMES: &[&str] = &["std", "core", "alloc", "proc_macro", "test", "build", "deps", "examples", "incremental"];

/// The crate name for a spec without one: its file name, kebab-cased, with `-api`
/// appended where the bare name is not allowed (`self.yaml` → `self-api`).
fn derived_crate_name(stem: &str) -> String {
    let name = heck::ToKebabCase::to_kebab_case(names::snake(stem, "api").trim_end_matches('_'));
    let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { format!("api-{name}") };
    if crate_name_problem(&name).is_some() { format!("{name}-api") } else { name }
}

/// Why Cargo would reject `name` as a package name, if it would.
fn crate_name_problem(name: &str) -> Option<&'static str> {
    let lib = name.replace('-', "_");
    if name.is_empty() {
        Some("it is empty")
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some("only ASCII letters, digits, `-` and `_` are allowed")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with a letter")
    } else if names::is_keyword(&lib) || RESERVED_CRATE_NAMES.contains(&lib.as_str()) {
        Some("Cargo reserves it")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else {
        None
    }
}

/// Semantic versioning 2.0: `MAJOR.MINOR.PATCH`, numbers without leading zeros, then an
/// optional `-pre.release` and `+build` of ASCII alphanumerics, `-` and `.`.
fn is_semver(version: &str) -> bool {
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0')) && s.len() <= 19;
    let identifiers = |s: &str| s.split('.').all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| number(p)) && pre.is_none_or(identifiers) && build.is_none_or(identifiers)
}

pub fn info(spec: &Spec) -> ApiInfo {
    let info = &spec.doc.info;
    ApiInfo {
        title: info.title.clone(),
        version: info.version.clone(),
        docs: docs::text(info.description.as_deref()),
        external_docs: spec.doc.external_docs.as_ref().map(|d| d.url.clone()),
    }
}

pub fn default_headers(settings: &CodegenSettings) -> Vec<DefaultHeader> {
    settings
        .default_headers
        .iter()
        .map(|(k, v)| DefaultHeader {
            name: Lit(k.clone()),
            value: Lit(v.clone()),
        })
        .collect()
}

pub fn servers(spec: &Spec) -> Vec<Server> {
    let mut scope = Scope::with_reserved(&["Custom"]);
    spec.doc
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = s
                .extensions
                .get("x-name")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| host_name(&s.url).unwrap_or_else(|| format!("server{}", i + 1)));
            Server {
                variant: scope.claim(names::variant_name(&name, "Server")),
                name: Lit(name),
                url: Lit(s.url.trim_end_matches('/').to_string()),
                docs: crate::lower::describe::server(&docs::text(s.description.as_deref().or(Some(&s.url))), &Lit(s.url.clone())),
                variables: s
                    .variables
                    .iter()
                    .flatten()
                    .map(|(k, v)| ServerVariable {
                        name: Lit(k.clone()),
                        default: Lit(v.default.clone()),
                        allowed: v.enumeration.iter().map(|e| Lit(e.clone())).collect(),
                        docs: docs::text(v.description.as_deref()),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn host_name(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', ':']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct SessionExtension {
    #[serde(default)]
    cookies: bool,
    csrf: Option<CsrfExtension>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct CsrfExtension {
    header_name_header: String,
    token_header: String,
    #[serde(default = "unsafe_methods")]
    methods: Vec<String>,
}

fn unsafe_methods() -> Vec<String> {
    ["POST", "PUT", "PATCH", "DELETE"].iter().map(|s| s.to_string()).collect()
}

/// Methods `ClientBuilder` has besides the credential setters (and the trait methods it
/// may derive); a scheme's setter must not take one.
const BUILDER_METHODS: &[&str] = &[
    "new", "default", "clone", "fmt", "base_url", "server", "server_named", "server_variable", "timeout", "attempt_timeout", "connect_timeout",
    "max_response_bytes", "user_agent",
    "default_header", "proxy", "http_client", "retry_policy", "log_bodies", "build", "credentials", "config_file", "ignore_config_file",
];

/// Security schemes plus the session behaviour any of them declares with `x-session`.
/// Registered HTTP authentication schemes that need a challenge-response exchange.
const HANDSHAKE_SCHEMES: &[&str] = &["digest", "hoba", "mutual", "negotiate", "ntlm", "scram-sha-1", "scram-sha-256"];

pub fn security(spec: &Spec) -> Result<(Vec<SecurityScheme>, Option<Session>)> {
    let mut out = Vec::new();
    let mut session = None;
    // Each scheme's field is also the name of its `ClientBuilder` setter.
    let mut fields = Scope::with_reserved(BUILDER_METHODS);
    let mut variants = Scope::new();
    let Some(components) = &spec.doc.components else { return Ok((out, None)) };
    for (key, scheme) in &components.security_schemes {
        let at = Pointer::root().push("components").push("securitySchemes").push(key);
        let (scheme, at) = super::refs::resolve(spec, scheme, &at, crate::load::locate::Kind::SecurityScheme)?;
        let (kind, description, extensions) = match &scheme {
            OaScheme::HTTP { scheme: s, description, extensions, .. } => {
                let kind = match s.to_ascii_lowercase().as_str() {
                    "bearer" => SchemeKind::Bearer,
                    "basic" => SchemeKind::Basic,
                    // Any other scheme that is a credential in the header (sentry's `dsn`)
                    // is one the user sets whole; the registered schemes that take a
                    // challenge and response first cannot be sent that way.
                    other if !HANDSHAKE_SCHEMES.contains(&other) => {
                        spec.warn(
                            &at.push("scheme"),
                            format!("HTTP authentication scheme `{s}` is neither bearer nor basic: the client sends the credential you set as the whole `Authorization` header (for example `{s} <credential>`)"),
                        );
                        SchemeKind::ApiKeyHeader { name: Lit("Authorization".to_string()) }
                    }
                    other => {
                        return Err(Error::unsupported(
                            &spec.file,
                            at.push("scheme").as_str(),
                            format!("HTTP authentication scheme `{other}` is not supported (bearer and basic are)"),
                            "send the credential through a default header instead",
                        ));
                    }
                };
                (kind, description, extensions)
            }
            OaScheme::APIKey { location, name, description, extensions } => {
                let name = Lit(name.clone());
                let kind = match location {
                    openapiv3::APIKeyLocation::Header => SchemeKind::ApiKeyHeader { name },
                    openapiv3::APIKeyLocation::Query => SchemeKind::ApiKeyQuery { name },
                    openapiv3::APIKeyLocation::Cookie => SchemeKind::ApiKeyCookie { name },
                };
                (kind, description, extensions)
            }
            // OAuth 2 and OpenID Connect end in an access token sent as a bearer token;
            // obtaining it is the application's business.
            OaScheme::OAuth2 { description, extensions, .. } | OaScheme::OpenIDConnect { description, extensions, .. } => {
                (SchemeKind::Bearer, description, extensions)
            }
        };
        if let Some(ext) = extensions.get("x-session") {
            let parsed: SessionExtension = serde_json::from_value(ext.clone()).map_err(|e| {
                Error::spec(&spec.file, at.push("x-session").as_str(), format!("invalid x-session: {e}"), "expected `cookies: bool` and optional `csrf: {header-name-header, token-header, methods}`")
            })?;
            session = Some(Session {
                cookies: parsed.cookies,
                csrf: parsed.csrf.map(|c| Csrf {
                    name_header: Lit(c.header_name_header),
                    token_header: Lit(c.token_header),
                    methods: c.methods.into_iter().map(|m| Lit(m.to_ascii_uppercase())).collect(),
                }),
            });
        }
        let docs = crate::lower::describe::security_scheme(&docs::text(description.as_deref()), &Lit(key.clone()), &kind);
        out.push(SecurityScheme {
            key: Lit(key.clone()),
            variant: variants.claim(names::variant_name(key, "Scheme")),
            field: fields.claim(names::snake(key, "scheme")),
            kind,
            docs,
        });
    }
    Ok((out, session))
}

/// A `security` list as alternatives of scheme variants; each requirement's schemes must
/// all be satisfied together. Used for operations and for endpoints such as event streams.
pub fn requirements(
    file: &std::path::Path,
    reqs: &[openapiv3::SecurityRequirement],
    at: &Pointer,
    schemes: &[SecurityScheme],
) -> Result<crate::ir::Security> {
    reqs.iter()
        .enumerate()
        .map(|(i, req)| {
            req.keys()
                .map(|key| {
                    schemes.iter().find(|s| s.key.as_str() == key).map(crate::ir::SchemeId::of).ok_or_else(|| {
                        Error::spec(
                            file,
                            at.push(i.to_string()).push(key).as_str(),
                            format!("security scheme `{key}` is not defined"),
                            "define it under components/securitySchemes or fix the name",
                        )
                    })
                })
                .collect()
        })
        .collect()
}
