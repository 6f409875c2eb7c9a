//! Publishing for real: the three generated crates go to a real cargo registry server on
//! loopback (`cargo-http-registry`, see `publish_registry/server.rs`) through
//! `cargo xtask publish --execute --registry`, a crate outside the workspace builds against
//! the published versions, and an additive spec change then regenerates, publishes and
//! builds as the next version after the recorded release.
//!
//! Everything happens in a copy of the workspace (`target/e2e/publish/workspace`); the
//! checkout is never touched. Builds share `target/e2e/target` with the lifecycle test's
//! copy, under the same profile for dependencies, so what both need (build scripts and their
//! output, such as aws-lc-sys's C library, and proc macros) is built once.
//!
//! Network: cargo stays online, since it must reach the loopback registry (which `--offline`
//! forbids). Building the consumer and regenerating need nothing beyond loopback, and the
//! test makes sure: every HTTP request cargo makes then goes through a proxy address where
//! nothing listens, except those to 127.0.0.1 (`no_proxy`), so a request to crates.io fails
//! the test loudly. The consumer starts from the workspace's `Cargo.lock`, so its crates.io
//! dependencies need no index update and come from the local cargo cache. Publishing is the
//! one step that reads crates.io's index: `cargo package` and `cargo publish` check that no
//! dependency of the package was yanked, which refreshes the index of every registry the
//! package depends on (the generated crates' dependencies are on crates.io), whatever the
//! registry published to; nothing is downloaded from there.

#[path = "publish_registry/consumer.rs"]
mod consumer;
#[path = "publish_registry/server.rs"]
mod server;
#[path = "support/workspace_copy.rs"]
mod workspace_copy;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use generator::lifecycle::{self, PublishState, Published, Version};
use integration_tests::{SPECS, workspace_root};

use consumer::{Consumer, lib_name};
use server::Registry;

/// The registry's name in cargo's configuration, which the environment sets: cargo reads
/// `[registries.loopback]` from `CARGO_REGISTRIES_LOOPBACK_*`.
const REGISTRY: &str = "loopback";
/// `SOURCE_DATE_EPOCH` of every run, so changelog dates are fixed: 2001-09-09.
const EPOCH: &str = "1000000000";
const DATE: &str = "2001-09-09";
/// The crate that gets the additive change: its spec stays hand-written OpenAPI 3.0 (issue 17
/// moves the other two to upstream documents plus overlays), so a path can be added as text.
const CHANGED: &str = "genesys-engage-chat";
const NEW_OPERATION: &str = "  /api/v2/release-probe:
    get:
      operationId: getReleaseProbe
      summary: An operation the release test adds.
      responses:
        '204':
          description: Nothing to return.
";

/// Cargo run in the copy (or the consumer) with the registry configured and a shared
/// target dir; by default with no way out but loopback.
struct Cargo {
    env: Vec<(&'static str, String)>,
    /// The settings that keep cargo off every network but loopback.
    loopback_only: Vec<(&'static str, String)>,
    /// The registry server's log, named in failures.
    registry_log: PathBuf,
}

impl Cargo {
    fn new(registry: &Registry) -> Cargo {
        let nowhere = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free loopback port").port();
        let env = vec![
            ("CARGO_TARGET_DIR", workspace_root().join("target").join("e2e").join("target").display().to_string()),
            // The workspace's profile for dependencies (no debug info) everywhere: the
            // packaged crates and the consumer share their dependencies' builds, and the
            // build scripts' output with the lifecycle test's `cargo check` of its copy.
            ("CARGO_PROFILE_DEV_DEBUG", "false".to_string()),
            ("SOURCE_DATE_EPOCH", EPOCH.to_string()),
            ("CARGO_REGISTRIES_LOOPBACK_INDEX", registry.index()),
            // The server checks no token, but cargo sends one and `--execute` insists on it.
            ("CARGO_REGISTRIES_LOOPBACK_TOKEN", "loopback-test-token".to_string()),
            // The index is git over plain HTTP ("dumb"), which only the git command line fetches.
            ("CARGO_NET_GIT_FETCH_WITH_CLI", "true".to_string()),
            ("CARGO_TERM_COLOR", "never".to_string()),
        ];
        let loopback_only = vec![
            ("CARGO_HTTP_PROXY", format!("http://127.0.0.1:{nowhere}")),
            ("no_proxy", "127.0.0.1,localhost".to_string()),
            ("NO_PROXY", "127.0.0.1,localhost".to_string()),
            ("CARGO_NET_RETRY", "0".to_string()),
        ];
        Cargo { env, loopback_only, registry_log: registry.log_path() }
    }

    /// Runs cargo with the environment, less the variables named in `without`.
    fn run(&self, dir: &Path, args: &[&str], network: Network, without: &[&str]) -> Output {
        let started = Instant::now();
        let guard: &[(&str, String)] = match network {
            Network::LoopbackOnly => &self.loopback_only,
            Network::CratesIoIndex => &[],
        };
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(dir)
            .envs(self.env.iter().chain(guard).filter(|(k, _)| !without.contains(k)).map(|(k, v)| (*k, v.as_str())))
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo");
        eprintln!(
            "$ cargo {} ({:.1} s)\n{}{}",
            args.join(" "),
            started.elapsed().as_secs_f64(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs cargo and fails the test with its output unless it succeeds; returns stdout.
    fn ok(&self, dir: &Path, args: &[&str], network: Network) -> String {
        let output = self.run(dir, args, network, &[]);
        assert!(
            output.status.success(),
            "`cargo {}` failed in {} (the registry server logs to {}):\n{}",
            args.join(" "),
            dir.display(),
            self.registry_log.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

/// What cargo may reach besides the loopback registry.
#[derive(Clone, Copy)]
enum Network {
    LoopbackOnly,
    /// Publishing: crates.io's index, for the check that no dependency was yanked.
    CratesIoIndex,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest_version(dir: &Path) -> Version {
    let manifest: toml::Table = toml::from_str(&read(&dir.join("Cargo.toml"))).expect("Cargo.toml is TOML");
    Version::parse(manifest["package"]["version"].as_str().expect("a package version")).expect("a semantic version")
}

fn published(dir: &Path) -> Published {
    let (published, _) = lifecycle::read_published(dir).expect("a readable release record").unwrap_or_else(|| panic!("no release recorded in {}", dir.join(lifecycle::PUBLISHED).display()));
    published
}

/// The newest entry of a crate's changelog.
fn newest_entry(dir: &Path) -> String {
    let log = read(&dir.join(lifecycle::CHANGELOG));
    let entry = &log[log.find("\n## [").expect("the changelog has an entry") + 1..];
    let end = entry[1..].find("\n## [").map_or(entry.len(), |i| i + 2);
    format!("{}\n", entry[..end].trim_end())
}

/// The version Cargo's SemVer rules give an addition to the public API after `released`:
/// compatible, so the minor version, or the patch while the major version is 0 (where the
/// minor version is the breaking one).
fn after_addition(released: &Version) -> Version {
    if released.major == 0 { Version::new(0, released.minor, released.patch + 1) } else { Version::new(released.major, released.minor + 1, 0) }
}

/// Asserts the registry's index lists exactly `versions` of `name`, oldest first.
fn assert_in_index(registry: &Registry, name: &str, versions: &[&Version]) {
    let listed: Vec<String> = registry.index_entries(name).iter().map(|e| e["vers"].as_str().unwrap_or_default().to_string()).collect();
    let expected: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
    assert_eq!(listed, expected, "versions of {name} in the registry's index");
}

fn consumer_lib(changed_release: Option<&str>) -> String {
    let clients: Vec<String> = SPECS.iter().map(|name| format!("    pub {}: {}::Client,", lib_name(name), lib_name(name))).collect();
    let mut lib = format!("//! Names each published crate's client, so this builds only against them.\n\npub struct Clients {{\n{}\n}}\n", clients.join("\n"));
    if let Some(operation) = changed_release {
        lib.push_str(&format!("\n/// Only the second release of {CHANGED} has this operation.\npub fn probe(client: &{}::Client) {{\n    let _request = client.{operation}();\n}}\n", lib_name(CHANGED)));
    }
    lib
}

#[test]
fn publish_to_a_loopback_registry_build_a_consumer_then_release_an_addition() {
    let started = Instant::now();
    let e2e = workspace_root().join("target").join("e2e").join("publish");
    let copy = workspace_copy::workspace_copy(e2e.join("workspace"));
    let dir = |name: &str| copy.join("generated").join(name);
    // The copy's crates start unreleased, whatever the checkout records of crates.io: this
    // registry is new, and every crate is a first release to it.
    for name in SPECS {
        let _ = std::fs::remove_file(dir(name).join(lifecycle::PUBLISHED));
    }
    let registry = Registry::start(e2e.join("registry"));
    let cargo = Cargo::new(&registry);
    let source = format!("registry+{}", registry.index());

    // Without the registry's token nothing starts, and nothing reaches the registry.
    let refused = cargo.run(&copy, &["xtask", "publish", "--execute", "--registry", REGISTRY], Network::LoopbackOnly, &["CARGO_REGISTRIES_LOOPBACK_TOKEN"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("needs a token for the `loopback` registry in CARGO_REGISTRIES_LOOPBACK_TOKEN"), "{stderr}");
    for name in SPECS {
        assert_in_index(&registry, name, &[]);
    }

    // First release of every crate, recorded in the copy and listed by the registry.
    let mut phase = Instant::now();
    let stdout = cargo.ok(&copy, &["xtask", "publish", "--execute", "--registry", REGISTRY], Network::CratesIoIndex);
    let publish_time = phase.elapsed();
    let mut released = Vec::new();
    for name in SPECS {
        let version = manifest_version(&dir(name));
        assert_eq!(published(&dir(name)).version, version.to_string(), "{name}: the recorded release is the crate's version");
        assert_eq!(lifecycle::publish_state(&dir(name)).ok(), Some(PublishState::AlreadyPublished), "{name}: the record matches the files released");
        assert!(stdout.contains(&format!("{name} {version}: published")), "{stdout}");
        assert_in_index(&registry, name, &[&version]);
        released.push((name.to_string(), version));
    }

    // A user's crate builds against the published versions, fetched from the registry.
    phase = Instant::now();
    let consumer = Consumer::new(e2e.join("consumer"));
    let versions: Vec<(&str, String)> = released.iter().map(|(name, version)| (name.as_str(), version.to_string())).collect();
    consumer.write(REGISTRY, &versions, &consumer_lib(None));
    cargo.ok(&consumer.dir, &["build", "--quiet"], Network::LoopbackOnly);
    let consume_time = phase.elapsed();
    for (name, version) in &released {
        assert_eq!(consumer.locked(name), [(version.to_string(), source.clone())], "{name} in the consumer's Cargo.lock");
    }

    // An addition to one API: the next version after the recorded release, with its entry.
    phase = Instant::now();
    let spec = copy.join("specs").join(format!("{CHANGED}.yaml"));
    let text = read(&spec);
    let at = text.find("\npaths:\n").unwrap_or_else(|| panic!("{} has no `paths:` line: update this test", spec.display())) + "\npaths:\n".len();
    std::fs::write(&spec, format!("{}{NEW_OPERATION}{}", &text[..at], &text[at..])).unwrap();
    cargo.ok(&copy, &["xtask", "codegen"], Network::LoopbackOnly);
    let codegen_time = phase.elapsed();
    let (_, first) = released.iter().find(|(name, _)| name == CHANGED).expect("the changed crate was released");
    let next = after_addition(first);
    assert_eq!(manifest_version(&dir(CHANGED)), next, "{CHANGED} after an addition to {first}");
    assert_eq!(newest_entry(&dir(CHANGED)), format!("## [{next}] - {DATE}\n\n- Added `get_release_probe`\n"));
    for (name, version) in released.iter().filter(|(name, _)| name != CHANGED) {
        assert_eq!(manifest_version(&dir(name)), *version, "{name} did not change");
    }

    // Releasing again uploads only the changed crate; the consumer moves to it and uses the
    // new operation, which only the registry's new version has.
    phase = Instant::now();
    let stdout = cargo.ok(&copy, &["xtask", "publish", "--execute", "--registry", REGISTRY], Network::CratesIoIndex);
    assert_eq!(published(&dir(CHANGED)).version, next.to_string());
    assert_in_index(&registry, CHANGED, &[first, &next]);
    for (name, version) in released.iter().filter(|(name, _)| name != CHANGED) {
        assert!(stdout.contains(&format!("{name} {version}: already published, skipped")), "{stdout}");
        assert_in_index(&registry, name, &[version]);
    }
    let versions: Vec<(&str, String)> = versions.iter().map(|(name, v)| (*name, if *name == CHANGED { next.to_string() } else { v.clone() })).collect();
    consumer.write(REGISTRY, &versions, &consumer_lib(Some("get_release_probe")));
    cargo.ok(&consumer.dir, &["build", "--quiet"], Network::LoopbackOnly);
    assert_eq!(consumer.locked(CHANGED), [(next.to_string(), source.clone())]);
    let second_release_time = phase.elapsed();

    eprintln!(
        "timings: publish {:.1} s, consumer {:.1} s, codegen {:.1} s, second release and build {:.1} s, total {:.1} s",
        publish_time.as_secs_f64(),
        consume_time.as_secs_f64(),
        codegen_time.as_secs_f64(),
        second_release_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    drop(registry);
}
