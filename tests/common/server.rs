//! The preview server as a child process, and an HTTP client to talk to it.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use super::TestSite;

/// How long any awaited event may take before the test fails (never slept blindly).
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Server {
    pub child: Child,
    pub address: String,
    pub base: String,
    /// What the server has printed to standard error, and to standard output, so far.
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(site: &TestSite) -> Server {
        Server::start_with(site, 0, &[]).0
    }

    pub fn start_on(site: &TestSite, port: u16) -> (Server, String) {
        Server::start_with(site, port, &[])
    }

    /// Starts on `port` with more arguments (`--out DIR`) and returns the server and what it
    /// printed before listening.
    pub fn start_with(site: &TestSite, port: u16, args: &[&OsStr]) -> (Server, String) {
        Server::start_in(site, port, args, None)
    }

    /// As [`Server::start_with`], with the temporary folders (the preview's pages) made in
    /// `temp` rather than the system's.
    pub fn start_in(
        site: &TestSite,
        port: u16,
        args: &[&OsStr],
        temp: Option<&std::path::Path>,
    ) -> (Server, String) {
        let mut command = super::plansite();
        if let Some(temp) = temp {
            command.env("TMPDIR", temp);
        }
        let mut child = command
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(site.root())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = kept(child.stderr.take().unwrap(), |_, _| {});
        let (tx, rx) = mpsc::channel();
        let stdout = kept(child.stdout.take().unwrap(), move |line, before| {
            if let Some(url) = line.strip_prefix("serving the site at ") {
                let url = url.split(' ').next().unwrap().to_string();
                let _ = tx.send((url, before.to_string()));
            }
        });
        let (url, printed) = rx.recv_timeout(PATIENCE).expect("the server did not start");
        let rest = url.strip_prefix("http://").unwrap();
        let slash = rest.find('/').unwrap();
        let server = Server {
            child,
            address: rest[..slash].to_string(),
            base: rest[slash..].to_string(),
            stderr,
            stdout,
        };
        (server, printed)
    }

    /// Waits until the server has printed `text` to standard error, and returns all it printed
    /// there.
    pub fn stderr_with(&self, text: &str) -> String {
        said(&self.stderr, "stderr", text)
    }

    /// Waits until the server has printed `text` to standard output, and returns all it printed
    /// there.
    pub fn stdout_with(&self, text: &str) -> String {
        said(&self.stdout, "stdout", text)
    }

    /// What the server has printed to standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// GET `path` (raw, as sent): status, headers (lower-case names), body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let (status, head, body) = self.get_bytes(path);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// GET `path`, with the body as bytes (the search index is binary).
    pub fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
        let mut body = raw[split + 4..].to_vec();
        if head.contains("transfer-encoding: chunked") {
            body = dechunk(&body);
        }
        let status = head[9..12].parse().unwrap();
        (status, head, body)
    }

    pub fn page(&self, path: &str) -> String {
        let (status, _, body) = self.get(&format!("{}{path}", self.base));
        assert_eq!(status, 200, "{path}");
        body
    }

    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {}__plansite/events HTTP/1.1\r\nHost: x\r\n\r\n",
            self.base
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let first = events.next_generation();
        assert!(first >= 1);
        events
    }
}

impl Server {
    /// Sends `signal` and waits for the server to end; `None` if it did not within
    /// [`PATIENCE`] (it is then killed).
    pub fn stop_with(&mut self, signal: i32) -> Option<std::process::ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Some(status);
        }
        // SAFETY: a plain kill(2) of our own child, which has not been reaped yet.
        unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Server {
    /// Stops the server as a service manager would, with SIGTERM, so that it deletes its
    /// temporary folder: a kill would leave a `plansite-serve-*` folder behind each test.
    fn drop(&mut self) {
        self.stop_with(libc::SIGTERM);
    }
}

pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Reads the stream until the next `reload` event and returns its generation. Keep-alive
    /// comments arrive every few seconds, so the deadline is checked between lines.
    pub fn next_generation(&mut self) -> u64 {
        let deadline = Instant::now() + PATIENCE;
        let mut line = String::new();
        loop {
            assert!(Instant::now() < deadline, "no reload event in time");
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("no reload event in time");
            assert!(n > 0, "event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return data.parse().unwrap();
            }
        }
    }
}

/// Every line `from` prints, kept for the test as it comes; `each` sees each line and what
/// came before it.
fn kept(
    from: impl Read + Send + 'static,
    mut each: impl FnMut(&str, &str) + Send + 'static,
) -> Arc<Mutex<String>> {
    let kept = Arc::new(Mutex::new(String::new()));
    std::thread::spawn({
        let kept = kept.clone();
        move || {
            for line in BufReader::new(from).lines().map_while(Result::ok) {
                let mut kept = kept.lock().unwrap();
                each(&line, &kept);
                kept.push_str(&line);
                kept.push('\n');
            }
        }
    });
    kept
}

/// Waits until `stream` holds `text`, and returns all of it.
fn said(stream: &Mutex<String>, name: &str, text: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let printed = stream.lock().unwrap().clone();
        if printed.contains(text) {
            return printed;
        }
        assert!(
            Instant::now() < deadline,
            "{name} never said {text:?}:\n{printed}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until `check` holds for the page, polling the server (not sleeping blindly).
pub fn eventually(server: &Server, path: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let body = server.get(&format!("{}{path}", server.base)).2;
        if check(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never matched; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The body of a response sent in chunks (the server does so for large pages).
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
}
