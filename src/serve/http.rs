//! Answering one HTTP request of the preview server: files from the output folder (never from
//! anywhere else), the live-reload script and its event stream, and the error overlay.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, StatusCode};

use super::live::{Live, State};
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::{Arg, Messages};
use crate::urls;

/// Under the site's base path, the addresses of the preview's own endpoints.
const SCRIPT: &str = "__plansite/live.js";
const EVENTS: &str = "__plansite/events";
const LIVE_JS: &str = include_str!("live.js");

/// How often an idle event stream gets a comment, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub fn handle(request: Request, out: &Path, live: &Arc<Live>, messages: &Messages) {
    let (pages, state) = live.reading();
    let response = match route(request.url(), &state) {
        Route::Script => respond(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        ),
        Route::Events => {
            // A stream stays open as long as its tab: it must not hold rebuilds back.
            drop(pages);
            // tiny_http buffers response bodies; an event stream must reach the browser at
            // once, so it is written straight to the connection.
            let _ = stream_events(request.into_writer(), live);
            return;
        }
        Route::Redirect(to) => {
            drop(pages);
            let response = Response::empty(StatusCode(301)).with_header(header("Location", &to));
            let _ = request.respond(response);
            return;
        }
        Route::Forbidden => respond(403, "text/plain; charset=utf-8", b"403 Forbidden".to_vec()),
        Route::NotFound => not_found(out, &state, messages),
        Route::File(rel) => serve_file(out, &rel, &state, messages),
    };
    // Sending can be slow; the page is read already.
    drop(pages);
    let _ = request.respond(response);
}

#[derive(Debug, PartialEq, Eq)]
enum Route {
    Script,
    Events,
    Redirect(String),
    Forbidden,
    NotFound,
    /// A path relative to the output folder, made only of normal components.
    File(PathBuf),
}

fn route(url: &str, state: &State) -> Route {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Ok(path) = percent_decode_str(path).decode_utf8() else {
        return Route::Forbidden;
    };
    let base = state.base_path.as_str();
    let Some(rest) = path.strip_prefix(base) else {
        // `/plans` for a site under `/plans/`, or `/` itself: send the reader to the site.
        if format!("{path}/") == base || path == "/" {
            return Route::Redirect(base.to_string());
        }
        return Route::NotFound;
    };
    match rest {
        SCRIPT => return Route::Script,
        EVENTS => return Route::Events,
        _ => {}
    }
    if rest.starts_with('/') || rest.contains("//") {
        // Never echo such a path into a redirect: `//host/` would leave the site.
        return Route::Forbidden;
    }
    let mut rel = PathBuf::new();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        let component = Path::new(segment).components().next();
        let plain = matches!(component, Some(Component::Normal(_)))
            && Path::new(segment).components().count() == 1;
        if !plain || segment.contains(['\\', '\0', ':']) {
            return Route::Forbidden;
        }
        rel.push(segment);
    }
    if !rest.is_empty() && !rest.ends_with('/') && Path::new(rest).extension().is_none() {
        // A folder without its slash: relative links on its page would resolve one level up.
        return Route::Redirect(format!("{path}/"));
    }
    Route::File(rel)
}

fn serve_file(
    out: &Path,
    rel: &Path,
    state: &State,
    messages: &Messages,
) -> Response<io::Cursor<Vec<u8>>> {
    let mut target = out.join(rel);
    if target.is_dir() {
        target.push(urls::HOME);
    }
    // Resolve links and check the result is still inside the output folder.
    let inside = match (target.canonicalize(), out.canonicalize()) {
        (Ok(file), Ok(out)) if file.starts_with(&out) => Some(file),
        (Ok(_), Ok(_)) => {
            return respond(403, "text/plain; charset=utf-8", b"403 Forbidden".to_vec());
        }
        _ => None,
    };
    match inside.and_then(|file| fs::read(&file).ok().map(|bytes| (file, bytes))) {
        Some((file, bytes)) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            let content_type = if mime.type_() == "text" || mime.subtype() == "javascript" {
                format!("{mime}; charset=utf-8")
            } else {
                mime.to_string()
            };
            let bytes = if mime.subtype() == "html" {
                inject(bytes, state, messages)
            } else {
                bytes
            };
            respond(200, &content_type, bytes)
        }
        None => not_found(out, state, messages),
    }
}

/// The site's own 404 page, with the status a missing page has.
fn not_found(out: &Path, state: &State, messages: &Messages) -> Response<io::Cursor<Vec<u8>>> {
    let page = fs::read(out.join(urls::NOT_FOUND)).unwrap_or_else(|_| {
        b"<!doctype html><title>404</title><body>404 Not Found</body>".to_vec()
    });
    respond(
        404,
        "text/html; charset=utf-8",
        inject(page, state, messages),
    )
}

/// Adds the live-reload script to a page, the error overlay while a build error stands, and
/// otherwise the last build's warnings, collapsed under their count.
fn inject(page: Vec<u8>, state: &State, messages: &Messages) -> Vec<u8> {
    let mut page = String::from_utf8(page)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let mut extra = format!(
        "<script src=\"{}{SCRIPT}\" data-generation=\"{}\"></script>",
        state.base_path, state.generation
    );
    if !state.errors.is_empty() {
        extra.push_str(&overlay(state, messages));
    } else if !state.warnings.is_empty() {
        extra.push_str(&warnings_panel(&state.warnings, messages));
    }
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, &extra),
        None => page.push_str(&extra),
    }
    page.into_bytes()
}

/// The errors of the last rebuild, then its warnings, grouped as the terminal groups them.
fn overlay(state: &State, messages: &Messages) -> String {
    let all: Vec<Diagnostic> = (state.errors.iter())
        .chain(&state.warnings)
        .cloned()
        .collect();
    let items = items(&all, messages);
    let heading = escape(&messages.get("overlay-failed", &[]));
    format!(
        "<div id=\"plansite-error-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#5c0a0a;border-top:4px solid #b3261e;padding:1rem 1.5rem;font:15px/1.6 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.2)\">\
         <strong>{heading}</strong>\
         <ul style=\"margin:.5rem 0 0;padding-left:1.25rem\">{items}</ul></div>"
    )
}

/// The warnings of a rebuild that succeeded: collapsed under their count in a corner, so that
/// the page stays readable, each with its file and line when opened.
fn warnings_panel(warnings: &[Diagnostic], messages: &Messages) -> String {
    let items = items(warnings, messages);
    let count = [("count", Arg::from(warnings.len()))];
    let summary = escape(&messages.get("overlay-warnings", &count));
    format!(
        "<details id=\"plansite-warnings\" style=\"position:fixed;right:1rem;bottom:1rem;max-width:min(40rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;z-index:2147483647;background:#fffbeb;color:#4a3000;border:2px solid #8a5a00;border-radius:6px;padding:.5rem 1rem;font:15px/1.6 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.2)\">\
         <summary style=\"cursor:pointer;font-weight:bold\">{summary}</summary>\
         <ul style=\"margin:.5rem 0 0;padding-left:1.25rem\">{items}</ul></details>"
    )
}

/// The list items of an overlay: each finding with its file and line, grouped by kind as the
/// terminal groups them.
fn items(all: &[Diagnostic], messages: &Messages) -> String {
    let mut items = String::new();
    let grouped = diagnostics::grouped(all, diagnostics::SHOWN_PER_KIND);
    for d in grouped.shown {
        let mut place = d.path.display().to_string();
        if let Some(line) = d.line {
            place.push_str(&format!(":{line}"));
        }
        items.push_str("<li><code>");
        items.push_str(&escape(&place));
        items.push_str("</code> ");
        items.push_str(&escape(&d.message(messages)));
        if let Some(hint) = d.hint(messages) {
            items.push_str("<br><small>");
            items.push_str(&escape(&hint));
            items.push_str("</small>");
        }
        items.push_str("</li>");
    }
    for more in grouped.more {
        items.push_str("<li>");
        items.push_str(&escape(&more.render(messages)));
        items.push_str("</li>");
    }
    items
}

fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

/// Server-sent events: `reload` with the current generation at once, then after every
/// rebuild; a comment now and then keeps idle connections open. Ends when the browser leaves
/// or the server stops.
fn stream_events(mut to: Box<dyn Write + Send>, live: &Live) -> io::Result<()> {
    to.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
    )?;
    let mut seen = None;
    loop {
        let state = match seen {
            None => live.snapshot(),
            Some(seen) => live.wait_change(seen, KEEP_ALIVE),
        };
        if state.stopping {
            return Ok(());
        }
        if Some(state.generation) == seen {
            to.write_all(b": keep-alive\n\n")?;
        } else {
            seen = Some(state.generation);
            write!(to, "event: reload\ndata: {}\n\n", state.generation)?;
        }
        to.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::codes;
    use crate::i18n::{Catalogue, Lang};

    fn state(base: &str) -> State {
        State {
            base_path: base.into(),
            ..State::default()
        }
    }

    #[test]
    fn routes() {
        let s = state("/");
        assert_eq!(route("/", &s), Route::File(PathBuf::new()));
        assert_eq!(
            route("/plans/a/index.html?x=1", &s),
            Route::File("plans/a/index.html".into())
        );
        assert_eq!(route("/plans/a", &s), Route::Redirect("/plans/a/".into()));
        assert_eq!(route("/__plansite/events", &s), Route::Events);
        assert_eq!(
            route("/%E9%99%84%E4%BB%B6.docx", &s),
            Route::File("附件.docx".into())
        );
    }

    #[test]
    fn traversal_is_forbidden() {
        let s = state("/");
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/plans/%2E%2E/%2E%2E/x",
            "/a/..%2f..%2fx",
            "/..\\x",
            "/C:/x",
            "/a/%00",
        ] {
            assert_eq!(route(url, &s), Route::Forbidden, "{url}");
        }
    }

    #[test]
    fn base_path_is_honoured() {
        let s = state("/plans/");
        assert_eq!(
            route("/plans/units/index.html", &s),
            Route::File("units/index.html".into())
        );
        assert_eq!(route("/plans", &s), Route::Redirect("/plans/".into()));
        assert_eq!(route("/", &s), Route::Redirect("/plans/".into()));
        assert_eq!(route("/other/x.html", &s), Route::NotFound);
    }

    fn english() -> Catalogue {
        Catalogue::load()
    }

    #[test]
    fn injection_adds_script_and_escaped_overlay() {
        let catalogue = english();
        let en = catalogue.messages(Lang::En);
        let mut s = state("/");
        s.generation = 7;
        let page = inject(b"<html><body><p>x</p></body></html>".to_vec(), &s, &en);
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(
            "<script src=\"/__plansite/live.js\" data-generation=\"7\"></script></body>"
        ));
        assert!(!page.contains("plansite-error-overlay"));
        s.errors = vec![
            Diagnostic::error(codes::PREVIEW_INTERNAL_ERROR, "content/a.md")
                .arg("error", "bad <b>yaml</b>")
                .at_line(3),
        ];
        let page = String::from_utf8(inject(b"<body></body>".to_vec(), &s, &en)).unwrap();
        assert!(page.contains("plansite-error-overlay"));
        assert!(page.contains("<code>content/a.md:3</code> internal error while rebuilding: bad &lt;b&gt;yaml&lt;/b&gt;"), "{page}");
        let zh = catalogue.messages(Lang::Zh);
        let page = String::from_utf8(inject(b"<body></body>".to_vec(), &s, &zh)).unwrap();
        assert!(
            page.contains("<strong>生成失败，页面仍是上一次成功生成的内容</strong>"),
            "{page}"
        );
        assert!(
            page.contains("重建预览时出现内部错误：bad &lt;b&gt;yaml&lt;/b&gt;"),
            "{page}"
        );
    }

    fn warning(path: &str, value: &str) -> Diagnostic {
        Diagnostic::warning(codes::SLIP_INVISIBLE, path)
            .arg("key", "unit")
            .arg("char", value)
    }

    #[test]
    fn the_overlay_counts_warnings_of_a_kind_after_the_first_few() {
        let catalogue = english();
        let en = catalogue.messages(Lang::En);
        let mut s = state("/");
        s.errors = vec![
            Diagnostic::error(codes::PREVIEW_INTERNAL_ERROR, "content/z.md").arg("error", "x"),
        ];
        s.warnings = (0..12)
            .map(|i| warning(&format!("content/{i}.md"), "dup"))
            .collect();
        let page = String::from_utf8(inject(b"<body></body>".to_vec(), &s, &en)).unwrap();
        assert!(page.contains("<code>content/z.md</code> internal error while rebuilding: x"));
        let one = escape(&s.warnings[0].message(&en));
        assert_eq!(page.matches(&format!("</code> {one}")).count(), 5, "{page}");
        let about = escape(&codes::SLIP_INVISIBLE.about(&en));
        assert!(
            page.contains(&format!(
                "<li>… and 7 more: {about} (plansite check --format json lists them all)</li>"
            )),
            "{page}"
        );
    }

    #[test]
    fn warnings_alone_are_shown_collapsed_under_their_count() {
        let catalogue = english();
        let en = catalogue.messages(Lang::En);
        let mut s = state("/");
        s.warnings = vec![
            warning("content/a.md", "dup <x>").at_line(4),
            warning("content/b.md", "dup"),
        ];
        let page = String::from_utf8(inject(b"<body></body>".to_vec(), &s, &en)).unwrap();
        assert!(!page.contains("plansite-error-overlay"), "{page}");
        assert!(page.contains("<details id=\"plansite-warnings\""), "{page}");
        assert!(!page.contains("<details id=\"plansite-warnings\" open"));
        assert!(
            page.contains("2 warnings; the rebuild succeeded</summary>"),
            "{page}"
        );
        let first = escape(&s.warnings[0].message(&en));
        assert!(first.contains("&lt;x&gt;"), "{first}");
        assert!(
            page.contains(&format!("<code>content/a.md:4</code> {first}")),
            "{page}"
        );
        let zh = catalogue.messages(Lang::Zh);
        let page = String::from_utf8(inject(b"<body></body>".to_vec(), &s, &zh)).unwrap();
        assert!(page.contains("2 条警告，生成成功</summary>"), "{page}");
        s.warnings.clear();
        let page = String::from_utf8(inject(b"<body></body>".to_vec(), &s, &en)).unwrap();
        assert!(!page.contains("plansite-warnings"));
    }
}
