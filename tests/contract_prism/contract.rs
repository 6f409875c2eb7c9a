//! Judging the calls a test drives against Prism.
//!
//! Prism validates every request against the spec (path, query, headers, security, body).
//! A request that violates it gets the operation's 400 / 401 / 422 response instead of
//! mock data, plus an `sl-violations` header listing what was wrong; with `--errors`, a
//! mock response that violates the spec becomes a 500. So a call conforms when it succeeds,
//! the response has no `sl-violations` header, and the body decoded without losing a
//! property. The operations that conformed are checked against the spec's operation ids.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::Path;
use std::time::Duration;


use crate::bodies::{ResponseBodies, dropped_properties};
use crate::prism::Prism;

/// The header in which Prism lists the violations it found in a request or its own response.
pub const VIOLATIONS_HEADER: &str = "sl-violations";
/// Sent by a client to make Prism answer with random values from the schema instead of
/// the examples, so decoding is tried on values the examples do not show.
pub const DYNAMIC: (&str, &str) = ("Prefer", "dynamic=true");
/// A bound on each request, and on a whole test.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
pub const TEST_LIMIT: Duration = Duration::from_secs(240);

/// Which bodies Prism answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// The spec's examples, or values derived from the schema (first enum value, ...).
    Static,
    /// Random values from the schema (json-schema-faker, seeded), every optional property set.
    Dynamic,
}

pub const MODES: [Mode; 2] = [Mode::Static, Mode::Dynamic];

/// Prism running on one spec, and what the test has driven against it so far.
pub struct Contract {
    pub prism: Prism,
    driven: BTreeSet<(Mode, &'static str)>,
    /// Operations whose request Prism validated but whose response it could not make up.
    unmockable: BTreeSet<(Mode, &'static str)>,
    bodies: ResponseBodies,
}

/// Prism's problem type when json-schema-faker gives up on a response schema (UltraCart's
/// conversation context holds whole orders): the request was validated, no body was made.
const SCHEMA_TOO_COMPLEX: &str = "https://stoplight.io/prism/errors#SCHEMA_TOO_COMPLEX";

impl Contract {
    /// Starts Prism on the spec, with the recorder of the response bodies that clients built
    /// with `log_bodies(true)` log.
    pub fn start(spec_name: &str) -> Contract {
        Contract { prism: Prism::start(spec_name), driven: BTreeSet::new(), unmockable: BTreeSet::new(), bodies: ResponseBodies::installed() }
    }

    /// Judges a call that returned a success: fails the test when Prism reported violations
    /// or when decoding lost a property of the body Prism sent.
    pub fn accept(
        &mut self,
        mode: Mode,
        operation: &'static str,
        violations: Option<&str>,
        decoded: serde_json::Result<serde_json::Value>,
    ) {
        if let Some(violations) = violations {
            self.fail(operation, mode, &"a success response with violations", Some(violations));
        }
        let decoded = decoded.expect("a decoded model serialises");
        let raw = self.bodies.take_last().unwrap_or_default();
        if raw.trim().is_empty() {
            // Only an operation without a response body (decoded as `()`) may come without one.
            if !decoded.is_null() {
                self.fail(operation, mode, &"no response body was recorded (is `log_bodies(true)` set?)", None);
            }
        } else {
            let raw: serde_json::Value = serde_json::from_str(&raw)
                .unwrap_or_else(|e| self.fail(operation, mode, &format!("the body is not JSON: {e}: {raw}"), None));
            let dropped = dropped_properties(&raw, &decoded);
            if !dropped.is_empty() {
                self.fail(operation, mode, &format!("decoding dropped the properties {dropped:?} of {raw}"), None);
            }
        }
        self.driven.insert((mode, operation));
    }

    /// Judges a call that failed: one whose request Prism validated but whose response
    /// schema it could not fake counts as driven (the request is what the client decides;
    /// the decoding of that response is left to the mock-server tests) and is reported at
    /// the end; anything else fails the test.
    pub fn reject(&mut self, mode: Mode, operation: &'static str, error: &dyn Debug, status: Option<u16>, violations: Option<&str>) {
        let raw = self.bodies.take_last().unwrap_or_default();
        if violations.is_none() && status == Some(500) && raw.contains(SCHEMA_TOO_COMPLEX) {
            self.driven.insert((mode, operation));
            self.unmockable.insert((mode, operation));
            return;
        }
        self.fail(operation, mode, error, violations)
    }

    /// Whether Prism could not fake the response of `operation` in static mode: then its
    /// random (dynamic) mode does not finish in time either, and the request, already
    /// validated, is recorded as driven without being sent again.
    pub fn skip_unmockable(&mut self, mode: Mode, operation: &'static str) -> bool {
        let skip = mode == Mode::Dynamic && self.unmockable.contains(&(Mode::Static, operation));
        if skip {
            self.driven.insert((mode, operation));
            self.unmockable.insert((mode, operation));
        }
        skip
    }

    /// Fails the test for a call that Prism did not answer with conforming mock data.
    pub fn fail(&self, operation: &str, mode: Mode, error: &dyn Debug, violations: Option<&str>) -> ! {
        panic!(
            "{operation} ({mode:?} mock data) failed against Prism on {}.\n\
             Violations Prism reported: {}\nError: {error:#?}\n--- Prism output (tail) ---\n{}",
            self.prism.spec().display(),
            violations.unwrap_or("none"),
            self.prism.log_tail(),
        )
    }

    /// The whole contract test of one spec, within [`TEST_LIMIT`]: Prism started on it, the
    /// negative controls passed, every operation driven with a client for each mode, and
    /// every operation covered. Each spec's module supplies its client and drivers.
    pub async fn run<C>(
        spec_name: &str,
        client: impl Fn(&Prism, Mode) -> C,
        violations_are_caught: impl AsyncFn(&Prism, &C),
        drive_all: impl AsyncFn(&mut Contract, &C, Mode),
    ) {
        let mut contract = Contract::start(spec_name);
        let run = async {
            violations_are_caught(&contract.prism, &client(&contract.prism, Mode::Static)).await;
            for mode in MODES {
                let client = client(&contract.prism, mode);
                drive_all(&mut contract, &client, mode).await;
            }
            contract.assert_complete();
        };
        tokio::time::timeout(TEST_LIMIT, run).await.expect("the contract test finishes in time");
    }

    /// Every operation of the spec was driven in every mode, and nothing else was.
    pub fn assert_complete(&self) {
        let expected = operation_ids(self.prism.spec());
        for mode in MODES {
            let driven: BTreeSet<String> =
                self.driven.iter().filter(|(m, _)| *m == mode).map(|(_, op)| op.to_string()).collect();
            assert_eq!(driven, expected, "operations driven in {mode:?} mode vs. the operations of the spec");
        }
        if !self.unmockable.is_empty() {
            let names: Vec<String> = self.unmockable.iter().map(|(mode, op)| format!("{op} ({mode:?})")).collect();
            println!("NOTICE: requests validated, responses too complex for Prism to fake: {}", names.join(", "));
        }
    }
}

/// The `operationId` of every operation in a spec.
fn operation_ids(spec: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let paths = doc["paths"].as_mapping().expect("spec has paths");
    paths
        .values()
        .filter_map(|item| item.as_mapping())
        .flat_map(|item| item.values())
        .filter_map(|operation| operation.get("operationId").and_then(|id| id.as_str()))
        .map(str::to_string)
        .collect()
}

/// Checks Prism's answer to a request sent with plain reqwest that breaks the spec on
/// purpose: a client error whose `sl-violations` header names `expected`.
pub fn assert_raw_rejected(response: &reqwest::Response, expected: &str) {
    let status = response.status().as_u16();
    assert!((400..500).contains(&status), "Prism answered {status} to a request that violates the spec");
    let violations = response.headers().get(VIOLATIONS_HEADER).and_then(|v| v.to_str().ok());
    let violations = violations.expect("Prism lists the violations in sl-violations");
    assert!(violations.contains(expected), "violations {violations} do not mention {expected}");
}

/// Sends a request builder of a generated client with `send_with_response`, has the
/// contract judge the outcome (failing the test unless it conforms), and yields the
/// decoded body.
macro_rules! conforming {
    ($contract:expr, $mode:expr, $operation:literal, $builder:expr) => {{
        match $builder.send_with_response().await {
            Ok(response) => {
                let violations = response.header($crate::contract::VIOLATIONS_HEADER);
                $contract.accept($mode, $operation, violations, serde_json::to_value(&response.body));
                response.body
            }
            Err(error) => {
                let violations = error.api_error().and_then(|e| e.header($crate::contract::VIOLATIONS_HEADER));
                $contract.fail($operation, $mode, &error, violations)
            }
        }
    }};
}

/// Sends a request builder that breaks the spec on purpose and checks that Prism rejects it
/// the way `conforming!` notices: an error status with an `sl-violations` header whose text
/// names `$expected`.
macro_rules! rejected {
    ($builder:expr, $expected:expr) => {{
        let error = $builder.send_with_response().await.expect_err("Prism accepted a request that violates the spec");
        let api_error = error.api_error().unwrap_or_else(|| panic!("expected an API error, got {error:?}"));
        assert!(api_error.status.is_client_error(), "status {} for a violating request", api_error.status);
        let violations = api_error.header($crate::contract::VIOLATIONS_HEADER).expect("Prism lists the violations");
        assert!(violations.contains($expected), "violations {violations} do not mention {}", $expected);
    }};
}

pub(crate) use {conforming, rejected};
