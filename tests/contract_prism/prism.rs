//! Running Prism (`@stoplight/prism-cli`, installed into `tools/node_modules` by
//! `cargo xtask test`) in mock mode on a spec: start on a free port of 127.0.0.1, wait until
//! it listens, keep its output for failure messages, and kill it when dropped.

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use integration_tests::{spec_path, workspace_root};

/// How long Prism may take to parse a spec and listen (about 2 s on an idle machine; the
/// margin is for a loaded 2-core one).
const STARTUP_LIMIT: Duration = Duration::from_secs(90);
/// Attempts at a free port, in case another process takes the one picked before Prism binds it.
const PORT_ATTEMPTS: usize = 3;
/// Makes Prism's dynamic (random) bodies the same on every run, so a finding is reproducible.
const SEED: &str = "contract-prism";

/// The file Prism reads for a spec: the spec itself, or for an overlay (which Prism does
/// not apply) the document the generator makes of it, written under the target directory.
fn document_for_prism(spec_name: &str) -> PathBuf {
    let spec = spec_path(spec_name);
    if !generator::load::overlay::is_overlay_file(&spec) {
        return spec;
    }
    let document = generator::load::load_file(&spec).unwrap_or_else(|e| panic!("{e}")).tree();
    let dir = workspace_root().join("target").join("contract-prism");
    let file = dir.join(format!("{spec_name}.json"));
    std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, document.to_string())).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    file
}

/// A running Prism mock server for one spec; killed when dropped.
pub struct Prism {
    child: Child,
    port: u16,
    spec: PathBuf,
    log: Arc<Mutex<String>>,
}

impl Prism {
    /// Starts `prism mock <spec> --errors` and waits until it accepts connections. Fails the
    /// test, saying how to install it, when Prism is not installed.
    pub fn start(spec_name: &str) -> Prism {
        let executable = prism_executable();
        let spec = document_for_prism(spec_name);
        let mut failures = Vec::new();
        for _ in 0..PORT_ATTEMPTS {
            let mut prism = spawn(&executable, &spec, free_port());
            match prism.wait_until_listening() {
                Ok(()) => return prism,
                Err(reason) => failures.push(format!("{reason}\n--- Prism output ---\n{}", prism.log())),
            }
        }
        panic!("Prism did not start on {}:\n{}", spec.display(), failures.join("\n"));
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn spec(&self) -> &Path {
        &self.spec
    }

    /// Everything Prism printed so far.
    pub fn log(&self) -> String {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// The last lines Prism printed, for a failure message.
    pub fn log_tail(&self) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Waits until Prism says it listens on our port and the port accepts connections.
    /// Both, because another process may take the port between `free_port` and Prism's
    /// bind (then Prism exits, but something else answers on the port).
    fn wait_until_listening(&mut self) -> Result<(), String> {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let announcement = format!("listening on {}", self.base_url());
        let deadline = Instant::now() + STARTUP_LIMIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Prism exited with {status} before listening on port {}", self.port));
            }
            if self.log().contains(&announcement)
                && TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("Prism was not listening on port {} after {STARTUP_LIMIT:?}", self.port))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The installed Prism, or a failed test that says how to install it.
fn prism_executable() -> PathBuf {
    let executable = workspace_root().join("tools").join("node_modules").join(".bin").join("prism");
    assert!(
        executable.exists(),
        "Prism is not installed ({} is missing). The contract test needs it: run `cargo xtask test`, \
         which installs it, or `npm ci --prefix tools` (needs Node.js 20+ and npm).",
        executable.display()
    );
    executable
}

fn spawn(executable: &Path, spec: &Path, port: u16) -> Prism {
    let port_text = port.to_string();
    let mut child = Command::new(executable)
        .args(["mock", &spec.to_string_lossy(), "--host", "127.0.0.1", "--port", &port_text])
        .args(["--errors", "--seed", SEED])
        // Random bodies hold only the properties the spec declares, so that a property
        // missing after decoding is the model's fault (see `bodies.rs`). Tolerance of
        // unknown properties is covered by the client_* tests.
        .arg("--json-schema-faker-fillProperties=false")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e} (is Node.js installed?)", executable.display()));
    let log = Arc::new(Mutex::new(String::new()));
    // Drained continuously: a full pipe would block Prism.
    if let Some(stdout) = child.stdout.take() {
        collect(stdout, Arc::clone(&log));
    }
    if let Some(stderr) = child.stderr.take() {
        collect(stderr, Arc::clone(&log));
    }
    Prism { child, port, spec: spec.to_path_buf(), log }
}

fn collect(stream: impl Read + Send + 'static, log: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Ok(mut log) = log.lock() {
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port on 127.0.0.1");
    listener.local_addr().expect("local address").port()
}
