//! `plansite serve` over real HTTP: pages, live reload events, the error overlay, safe paths.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TestSite;

/// How long any awaited event may take before the test fails (never slept blindly).
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    address: String,
    base: String,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        Server::start_on(site, 0).0
    }

    /// Starts on `port` and returns the server and what it printed before listening.
    fn start_on(site: &TestSite, port: u16) -> (Server, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plansite"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut before = String::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving the site at ") {
                    let url = url.split(' ').next().unwrap().to_string();
                    let _ = tx.send((url, before.clone()));
                }
                before.push_str(&line);
                before.push('\n');
            }
        });
        let (url, printed) = rx.recv_timeout(PATIENCE).expect("the server did not start");
        let rest = url.strip_prefix("http://").unwrap();
        let slash = rest.find('/').unwrap();
        let server = Server {
            child,
            address: rest[..slash].to_string(),
            base: rest[slash..].to_string(),
        };
        (server, printed)
    }

    /// GET `path` (raw, as sent): status, headers (lower-case names), body.
    fn get(&self, path: &str) -> (u16, String, String) {
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
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head[9..12].parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    fn page(&self, path: &str) -> String {
        let (status, _, body) = self.get(&format!("{}{path}", self.base));
        assert_eq!(status, 200, "{path}");
        body
    }

    fn events(&self) -> Events {
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

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Reads the stream until the next `reload` event and returns its generation. Keep-alive
    /// comments arrive every few seconds, so the deadline is checked between lines.
    fn next_generation(&mut self) -> u64 {
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

fn site() -> TestSite {
    let site = TestSite::new("title: 预览站\n");
    site.plan(
        "a",
        "title: 第一份计划\nunit: 市总工会\nyear: 2015",
        "原来的正文。",
    );
    site.plan(
        "b",
        "title: 第二份计划\nunit: 市总工会\nyear: 2014",
        "另一份。",
    );
    site
}

/// Waits until `check` holds for the page, polling the server (not sleeping blindly).
fn eventually(server: &Server, path: &str, check: impl Fn(&str) -> bool) -> String {
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

#[test]
fn serves_pages_with_the_reload_script_and_right_types() {
    let site = site();
    let server = Server::start(&site);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("第一份计划"));
    assert!(body.contains("__plansite/live.js"));
    let (status, head, _) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (status, head, script) = server.get("/__plansite/live.js");
    assert_eq!(status, 200);
    assert!(head.contains("javascript"));
    assert!(script.contains("EventSource"));
    let (status, head, _) = server.get("/plans/a");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    assert!(head.contains("location: /plans/a/"));
    assert!(server.page("plans/a/").contains("原来的正文"));
}

#[test]
fn an_edit_rebuilds_and_then_tells_the_browser() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.plan(
        "a",
        "title: 第一份计划\nunit: 市总工会\nyear: 2015",
        "改过的正文。",
    );
    events.next_generation();
    // The event comes only after the files are written: the page is new at once.
    assert!(server.page("plans/a/index.html").contains("改过的正文"));
}

#[test]
fn a_save_through_a_temporary_file_and_rename_is_seen() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    let target = site.root().join("content/plans/b.md");
    let temp = site.root().join("content/plans/.b.md.tmp");
    std::fs::write(
        &temp,
        "---\ntitle: 第二份计划（修订）\nunit: 市总工会\nyear: 2014\n---\n修订稿。\n",
    )
    .unwrap();
    std::fs::rename(&temp, &target).unwrap();
    events.next_generation();
    let page = eventually(&server, "plans/b/index.html", |b| b.contains("修订稿"));
    assert!(page.contains("第二份计划（修订）"));
}

#[test]
fn a_broken_file_shows_the_overlay_and_keeps_the_last_good_pages() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.plan(
        "a",
        "title: 第一份计划\nunit: [市总工会\nyear: 2015",
        "坏掉的正文。",
    );
    events.next_generation();
    let page = server.page("plans/a/index.html");
    assert!(
        page.contains("plansite-error-overlay"),
        "the overlay is on every page while the error stands"
    );
    assert!(
        page.contains("content/plans/a.md:"),
        "it names the file and line"
    );
    assert!(
        page.contains("原来的正文"),
        "the last good page is still served"
    );
    assert!(server.page("index.html").contains("plansite-error-overlay"));

    site.plan(
        "a",
        "title: 第一份计划\nunit: 市总工会\nyear: 2015",
        "修好的正文。",
    );
    events.next_generation();
    let page = server.page("plans/a/index.html");
    assert!(!page.contains("plansite-error-overlay"));
    assert!(page.contains("修好的正文"));
}

#[test]
fn no_path_leads_outside_the_output_folder() {
    let site = site();
    site.write("secret.txt", "TOP-SECRET");
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/plans/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/plans/a/../../../secret.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 403 || status == 404, "{path} gave {status}");
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn a_missing_page_gets_the_sites_404_page() {
    let site = site();
    let server = Server::start(&site);
    let (status, _, body) = server.get("/plans/nothing-here/");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"), "{body}");
}

#[test]
fn the_site_is_served_under_its_base_path() {
    let site = site();
    site.write("site.yaml", "title: 预览站\nbase_path: /plans/\n");
    let server = Server::start(&site);
    assert_eq!(server.base, "/plans/");
    assert!(
        server
            .page("index.html")
            .contains("/plans/__plansite/live.js")
    );
    let (status, head, _) = server.get("/");
    assert_eq!(status, 301);
    assert!(head.contains("location: /plans/"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(&site);
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (server, printed) = Server::start_on(&site, port);
    assert!(
        printed.contains(&format!("port {port} is taken; using")),
        "{printed}"
    );
    assert_ne!(server.address, format!("127.0.0.1:{port}"));
    assert!(server.page("index.html").contains("第一份计划"));
}

#[test]
fn a_template_error_is_shown_and_cleared_like_a_content_error() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}",
    );
    events.next_generation();
    let page = server.page("plans/a/index.html");
    assert!(page.contains("plansite-error-overlay"));
    assert!(
        page.contains("templates/plan.html:3"),
        "names the template and line"
    );
    assert!(page.contains("原来的正文"));
    std::fs::remove_file(site.root().join("templates/plan.html")).unwrap();
    events.next_generation();
    assert!(
        !server
            .page("plans/a/index.html")
            .contains("plansite-error-overlay")
    );
}
