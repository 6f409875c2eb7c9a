//! A real cargo registry on loopback: `cargo-http-registry` (pinned in
//! `tools/cargo-tools.txt`, installed by `cargo xtask test`) serving a fresh registry
//! directory. Its index is a git repository served over HTTP ("dumb" protocol, so cargo
//! fetches it with the git command line), its web API takes `cargo publish` uploads and
//! serves the `.crate` files. Killed when dropped.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use integration_tests::cargo_tool;

/// How long the server may take to create its index and listen (well under a second on an
/// idle machine; the margin is for a loaded 2-core one).
const STARTUP_LIMIT: Duration = Duration::from_secs(60);

pub struct Registry {
    child: Child,
    root: PathBuf,
    /// `http://127.0.0.1:PORT`, where the web API and the index are.
    api: String,
}

impl Registry {
    /// Starts the server on an ephemeral loopback port over an empty registry in `root`
    /// (whatever was there is removed), and waits until it serves its index.
    pub fn start(root: PathBuf) -> Registry {
        let server = cargo_tool("cargo-http-registry");
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        }
        std::fs::create_dir_all(&root).unwrap();
        // The server commits every release to its index with the repository's git identity;
        // a machine without a global one (CI) gets this local one.
        git(&root, &["init", "--quiet"]);
        git(&root, &["config", "user.name", "publish_registry test"]);
        git(&root, &["config", "user.email", "publish-registry@localhost"]);
        let log = std::fs::File::create(log_path(&root)).unwrap();
        let child = Command::new(&server)
            .arg(&root)
            .args(["--addr", "127.0.0.1:0", "-v"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
        let mut registry = Registry { child, root, api: String::new() };
        registry.api = registry.wait_until_serving();
        registry
    }

    /// The index URL for cargo's configuration.
    pub fn index(&self) -> String {
        format!("{}/git", self.api)
    }

    /// The index entries (one JSON object a version) of a crate, oldest first; none for a
    /// crate never published there.
    pub fn index_entries(&self, name: &str) -> Vec<serde_json::Value> {
        // Cargo's index layout for names of four characters or more: `ab/cd/abcdef`.
        let path = self.root.join(&name[..2]).join(&name[2..4]).join(name);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => panic!("{}: {e}", path.display()),
        };
        text.lines().map(|line| serde_json::from_str(line).expect("an index line is JSON")).collect()
    }

    pub fn log_path(&self) -> PathBuf {
        log_path(&self.root)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// The API address from the index's `config.json`, once the server answers for the index
    /// at its current commit (it binds before creating the index, then commits to it).
    fn wait_until_serving(&mut self) -> String {
        let deadline = Instant::now() + STARTUP_LIMIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("cargo-http-registry exited with {status} before serving:\n{}", self.log());
            }
            if let Some(api) = self.serving_api() {
                return api;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("cargo-http-registry did not serve its index within {STARTUP_LIMIT:?}:\n{}", self.log());
    }

    /// The configured API address, if the index served there is at the index's HEAD.
    fn serving_api(&self) -> Option<String> {
        let config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(self.root.join("config.json")).ok()?).ok()?;
        let api = config["api"].as_str().filter(|api| api.starts_with("http://127.0.0.1:"))?;
        let head = Command::new("git").args(["rev-parse", "HEAD"]).current_dir(&self.root).output().ok()?;
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        let refs = http_get(api, "/git/info/refs")?;
        (!head.is_empty() && refs.contains(&head)).then(|| api.to_string())
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        forget_in_cargo_home(&self.index());
    }
}

/// Removes what cargo keeps in its home for the registry at `index` (its index clone, the
/// downloaded `.crate` files and their sources, a few MB under a name made from the URL),
/// since no later run can use it: every run has a registry of its own on another port. The
/// index clone is recognised by its `FETCH_HEAD`, which names the URL; the other two
/// directories share its name. Best effort: a leftover only costs disk space.
fn forget_in_cargo_home(index: &str) {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(registry) = home.map(|home| home.join("registry")) else { return };
    let Ok(clones) = std::fs::read_dir(registry.join("index")) else { return };
    for clone in clones.flatten() {
        let name = clone.file_name();
        let fetched = std::fs::read_to_string(clone.path().join(".git").join("FETCH_HEAD")).unwrap_or_default();
        if name.to_string_lossy().starts_with("127.0.0.1-") && fetched.lines().any(|line| line.ends_with(&format!("\t{index}"))) {
            for kind in ["index", "cache", "src"] {
                let _ = std::fs::remove_dir_all(registry.join(kind).join(&name));
            }
        }
    }
}

fn log_path(root: &Path) -> PathBuf {
    root.with_extension("log")
}

/// The body of a successful `GET` (HTTP/1.0, so the server closes when done), or `None`.
fn http_get(api: &str, path: &str) -> Option<String> {
    let address = api.strip_prefix("http://")?;
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?;
    (status == "200").then(|| body.to_string())
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git").args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("cannot run git (the registry needs it): {e}"));
    assert!(output.status.success(), "git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
}
