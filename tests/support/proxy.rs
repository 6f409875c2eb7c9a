//! A forward proxy on loopback that records what passes through it: `CONNECT host:port`
//! tunnels and absolute-form requests (`GET http://host:port/path`), each piped to its
//! target as it is. Enough for reqwest, which uses one or the other, and for a WebSocket
//! upgrade, which is just bytes after the request head.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The proxy's URL and the request lines it has seen (`CONNECT 127.0.0.1:80`,
/// `GET http://127.0.0.1:80/path`), each request once.
pub struct Proxy {
    pub url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    pub async fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, Arc::clone(&record)));
            }
        });
        Proxy { url, seen }
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

async fn relay(mut client: TcpStream, seen: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match client.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let line = text.lines().next().unwrap_or_default().to_string();
    let mut parts = line.split(' ');
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    seen.lock().unwrap().push(format!("{method} {target}"));
    let authority = match method {
        "CONNECT" => target.to_string(),
        _ => target.trim_start_matches("http://").split('/').next().unwrap_or_default().to_string(),
    };
    let Ok(mut upstream) = TcpStream::connect(&authority).await else { return };
    if method == "CONNECT" {
        if client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await.is_err() {
            return;
        }
    } else if upstream.write_all(&head).await.is_err() {
        return;
    }
    if method == "CONNECT" {
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        return;
    }
    // A kept-alive connection carries more requests: record their request lines too.
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_upstream, mut to_upstream) = upstream.into_split();
    let answers = tokio::spawn(async move { tokio::io::copy(&mut from_upstream, &mut to_client).await });
    let mut buffer = vec![0u8; 16 * 1024];
    while let Ok(n) = from_client.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        for line in String::from_utf8_lossy(&buffer[..n]).split("\r\n") {
            let absolute = ["GET ", "POST ", "PUT ", "DELETE ", "PATCH "].iter().any(|m| line.starts_with(m)) && line.contains(" http://");
            if absolute {
                seen.lock().unwrap().push(line.trim_end_matches(" HTTP/1.1").to_string());
            }
        }
        if to_upstream.write_all(&buffer[..n]).await.is_err() {
            break;
        }
    }
    answers.abort();
}
