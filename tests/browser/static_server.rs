//! The simplest web server that can host a built site, as the intranet's server does: files
//! from a folder under a mount path, `index.html` for a folder, 404 for anything else. It knows
//! nothing of plansite, so pages that work here work on any plain static server.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Response, Server};

pub struct StaticServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
    /// The site's address: `http://127.0.0.1:<port><mount>`.
    pub url: String,
}

impl StaticServer {
    /// Serves `dir` at `mount` (`/` or `/sub/path/`) on a free loopback port.
    pub fn start(dir: &Path, mount: &str) -> StaticServer {
        assert!(mount.starts_with('/') && mount.ends_with('/'), "{mount}");
        let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}{mount}", server.server_addr());
        let thread = std::thread::spawn({
            let server = Arc::clone(&server);
            let dir = dir.to_path_buf();
            let mount = mount.to_string();
            move || {
                for request in server.incoming_requests() {
                    let response = match file_for(&dir, &mount, request.url()) {
                        Some(file) => found(&file),
                        None => Response::from_string("not found").with_status_code(404),
                    };
                    let _ = request.respond(response);
                }
            }
        });
        StaticServer {
            server,
            thread: Some(thread),
            url,
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The file a request's address names, if it is a file under `dir`.
fn file_for(dir: &Path, mount: &str, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next()?;
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

fn found(file: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let content_type = if mime.type_() == "text" || mime.subtype() == "javascript" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    Response::from_data(std::fs::read(file).unwrap())
        .with_header(Header::from_bytes("Content-Type", content_type).unwrap())
}
