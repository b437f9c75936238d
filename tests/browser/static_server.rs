//! The simplest web server that can host a built site, as the intranet's server does: files
//! from a folder under a mount path, `index.html` for a folder, 404 for anything else. It knows
//! nothing of plansite, so pages that work here work on any plain static server.
//!
//! A thread per connection and one request per connection (`Connection: close`): tiny_http's
//! pool can leave a burst of new connections unread while its threads wait on kept-alive
//! ones, which stalled the search page's parallel fetches here.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use percent_encoding::percent_decode_str;

pub struct StaticServer {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// The site's address: `http://127.0.0.1:<port><mount>`.
    pub url: String,
}

impl StaticServer {
    /// Serves `dir` at `mount` (`/` or `/sub/path/`) on a free loopback port.
    pub fn start(dir: &Path, mount: &str) -> StaticServer {
        assert!(mount.starts_with('/') && mount.ends_with('/'), "{mount}");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let stopping = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let dir = dir.to_path_buf();
            let mount = mount.to_string();
            let stopping = Arc::clone(&stopping);
            move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (dir, mount) = (dir.clone(), mount.clone());
                    std::thread::spawn(move || answer(stream, &dir, &mount));
                }
            }
        });
        StaticServer {
            address,
            stopping,
            thread: Some(thread),
            url: format!("http://{address}{mount}"),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees it must stop.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request and answers it with the file it names, or 404.
fn answer(stream: TcpStream, dir: &Path, mount: &str) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // The headers are read and ignored: every answer is the same whoever asks.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && !line.trim_end().is_empty() {
        line.clear();
    }
    let target = request_line.split(' ').nth(1).unwrap_or("");
    let (status, content_type, body) = match file_for(dir, mount, target) {
        Some(file) => ("200 OK", content_type(&file), std::fs::read(file).unwrap()),
        None => ("404 Not Found", "text/plain".into(), b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// The file a request's address names, if it is a file under `dir`.
fn file_for(dir: &Path, mount: &str, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let rel = percent_decode_str(path.strip_prefix(mount)?)
        .decode_utf8()
        .ok()?;
    let rel = Path::new(rel.as_ref());
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = dir.join(rel);
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> String {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    if mime.type_() == "text" || mime.subtype() == "javascript" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}
