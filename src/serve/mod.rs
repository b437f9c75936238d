//! `plansite serve`: build, serve over HTTP, watch, rebuild, and tell the browsers to reload.
//!
//! The pages are written to a folder of their own and served from there; a failed rebuild
//! leaves the last good pages in place and shows its errors as an overlay on every page.

mod http;
mod live;

use std::collections::BTreeSet;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::i18n::{Catalogue, Lang, Messages, Text};
use crate::layout::CONFIG_FILE;
use crate::output;
use crate::pipeline::{self, Changes, Options, Preview};
use crate::watch::{self, Change};
use live::Live;

/// How many ports after a taken one are tried before giving up.
const PORT_TRIES: u16 = 10;

/// The polling watcher compares modification times in whole seconds, so a save in the same
/// second as one it has already seen goes unnoticed. Looking once more, this long after the
/// last rebuild, reads every such save; later saves fall in a later second and are seen.
const SECOND_LOOK: Duration = Duration::from_millis(1100);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: Options,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    /// Where pages are written; a temporary folder when not given.
    pub out: Option<PathBuf>,
    pub poll: bool,
    /// The language of the overlay on the pages.
    pub lang: Lang,
}

/// What the server tells its user, as texts of the catalogues; the binary prints them in the
/// language of the run, tests read them.
pub trait Reporter: Send {
    fn listening(&mut self, url: &str, note: Option<Text>);
    /// Something went wrong that does not stop the server.
    fn problem(&mut self, text: Text);
    /// `what` says what the rebuild was for (`content/plans/a.md changed`).
    fn rebuilt(
        &mut self,
        what: &Text,
        report: &pipeline::Report,
        changed_files: usize,
        took: Duration,
    );
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The output folder given may not be used (see [`output::check_out_dir`]), or its lock
    /// could not be taken.
    OutDir(Diagnostic),
    /// No temporary folder could be made for the pages.
    TempDir(io::Error),
    /// The site's folder cannot be watched.
    Watch(PathBuf, notify::Error),
    /// No port from `first` to `last` could be listened on; the error is the first port's.
    Bind {
        ip: IpAddr,
        first: u16,
        last: u16,
        error: String,
    },
    /// The server listens on something that is not an IP address.
    NoAddress,
}

impl ServeError {
    /// What went wrong, in the words of the catalogues.
    pub fn render(&self, messages: &Messages) -> String {
        let text = match self {
            ServeError::OutDir(refused) => return refused.message(messages),
            ServeError::TempDir(err) => {
                Text::new("serve-error-temp-dir").arg("error", err.to_string())
            }
            ServeError::Watch(root, err) => Text::new("serve-error-watch")
                .arg("path", root)
                .arg("error", err.to_string()),
            ServeError::Bind {
                ip,
                first,
                last,
                error,
            } => Text::new("serve-error-bind")
                .arg("ip", ip.to_string())
                .arg("first", *first)
                .arg("last", *last)
                .arg("error", error),
            ServeError::NoAddress => Text::new("serve-error-no-address"),
        };
        messages.text(&text)
    }
}

/// Runs until `stop` is signalled (Ctrl-C in the binary). Errors only when it cannot start.
pub fn serve(
    options: ServeOptions,
    reporter: &mut dyn Reporter,
    stop: mpsc::Receiver<()>,
) -> Result<(), ServeError> {
    let temp;
    // A folder given is locked as a build's is, for as long as the preview writes into it.
    let _lock;
    let out = match &options.out {
        Some(out) => {
            let mut problems = Problems::new();
            if !output::check_out_dir(&options.site.root, out, &mut problems) {
                let refused = problems.into_sorted().into_iter().next();
                return Err(ServeError::OutDir(refused.expect("a refusal says why")));
            }
            let mut notice = |holder: &output::Holder| {
                reporter.problem(
                    Text::new("build-waiting")
                        .arg("out", out)
                        .arg("holder", holder.text()),
                )
            };
            _lock = output::OutLock::take(out, output::Waiting::Wait(&mut notice))
                .map_err(|err| ServeError::OutDir(pipeline::lock_failed(out, err)))?;
            out.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("plansite-serve-")
                .tempdir()
                .map_err(ServeError::TempDir)?;
            temp.path().to_path_buf()
        }
    };
    // Watch before the first build, so that no save is missed between it and the first event.
    let (changes_tx, changes) = mpsc::channel::<BTreeSet<Change>>();
    let mut watch = watch::watch(&options.site.root, options.poll, changes_tx)
        .map_err(|err| ServeError::Watch(options.site.root.clone(), err))?;
    let live = Arc::new(Live::new("/".into()));
    let catalogue = Arc::new(Catalogue::of(&[options.lang]));
    let mut builder = Rebuilder {
        preview: Preview::new(options.site.clone(), out.clone()),
        live: &live,
    };
    let initial = Text::new("serve-initial-build");
    builder.run(reporter, &initial, &Changes::Unknown, false);
    let mut second_look = options.poll.then(|| Instant::now() + SECOND_LOOK);

    let (server, note) = bind(options.bind, options.port)?;
    let server = Arc::new(server);
    let address = server.server_addr().to_ip().ok_or(ServeError::NoAddress)?;
    let base_path = live.snapshot().base_path;
    if let Some(warning) = exposure_warning(address.ip(), options.site.drafts) {
        reporter.problem(warning);
    }
    reporter.listening(&format!("http://{address}{base_path}"), note);

    let accept = {
        let (server, live, out) = (server.clone(), live.clone(), out.clone());
        let lang = options.lang;
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (live, out, catalogue) = (live.clone(), out.clone(), catalogue.clone());
                // One thread a request: event streams stay open for as long as a tab does.
                std::thread::spawn(move || {
                    http::handle(request, &out, &live, &catalogue.messages(lang))
                });
            }
        })
    };

    loop {
        if stop.try_recv().is_ok() {
            break;
        }
        match changes.recv_timeout(Duration::from_millis(100)) {
            Ok(mut batch) => {
                // Saves that arrive during a rebuild join the next one.
                while let Ok(more) = changes.try_recv() {
                    batch.extend(more);
                }
                let unseen = watch.refresh(&batch).unwrap_or_else(|err| {
                    reporter.problem(Text::new("serve-watch-failed").arg("error", err.to_string()));
                    true
                });
                let changes = match unseen {
                    true => Changes::Unknown,
                    false => changes_in(&batch),
                };
                builder.run(reporter, &describe(&batch), &changes, false);
                if options.poll {
                    second_look = Some(Instant::now() + SECOND_LOOK);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if second_look.is_some_and(|at| Instant::now() >= at) {
                    second_look = None;
                    let what = Text::new("serve-second-look");
                    builder.run(reporter, &what, &Changes::Unknown, true);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    live.stop();
    server.unblock();
    let _ = accept.join();
    Ok(())
}

/// What to tell someone whose preview listens on `ip`, when others can reach it: any address
/// but a loopback one (`127.0.0.1`, `::1`) lets anyone on the network read the preview, and
/// with `drafts` the drafts too. Chinese first, as the editors read it, then English.
fn exposure_warning(ip: IpAddr, drafts: bool) -> Option<Text> {
    if ip.to_canonical().is_loopback() {
        return None;
    }
    let drafts = if drafts { "yes" } else { "no" };
    Some(
        Text::new("serve-exposed")
            .arg("ip", ip.to_string())
            .arg("drafts", drafts),
    )
}

/// Listens on `port`, or the next free one. A known limit of tiny_http 0.12, for the server's
/// next change: it reads each connection on a thread of its pool for as long as the browser
/// keeps it alive (it drops a `Connection: close` set on an answer), and when two connections
/// arrive while one thread is idle, both are queued for it, so the second waits until the
/// first closes. A burst of parallel requests can stall for a while that way.
fn bind(ip: IpAddr, port: u16) -> Result<(tiny_http::Server, Option<Text>), ServeError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut first_error = None;
    for candidate in port..=last {
        match tiny_http::Server::http(SocketAddr::new(ip, candidate)) {
            Ok(server) => {
                let note = (candidate != port && port != 0).then(|| {
                    Text::new("serve-port-taken")
                        .arg("port", port)
                        .arg("used", candidate)
                });
                return Ok((server, note));
            }
            Err(err) => {
                first_error.get_or_insert(err.to_string());
            }
        }
    }
    Err(ServeError::Bind {
        ip,
        first: port,
        last,
        error: first_error.unwrap_or_default(),
    })
}

/// Builds into the output folder in place and tells the browsers when the pages are there.
struct Rebuilder<'a> {
    preview: Preview,
    live: &'a Live,
}

impl Rebuilder<'_> {
    /// On failure the pages stay as they were and the errors are shown. With `quiet`, a
    /// rebuild that changed no file and no error tells neither the browsers nor the terminal.
    fn run(&mut self, reporter: &mut dyn Reporter, what: &Text, changes: &Changes, quiet: bool) {
        let started = Instant::now();
        // Requests wait for the whole rebuild, not only its writes: they then get its pages.
        let _rebuilding = self.live.rebuilding();
        let preview = &mut self.preview;
        // A bug in any stage must not take the preview down: report it and keep the last pages.
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            preview.rebuild_after(changes)
        }));
        let rebuilt = attempt.unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let d = Diagnostic::error(codes::PREVIEW_INTERNAL_ERROR, &self.preview.options().root)
                .arg("error", message);
            pipeline::Rebuilt {
                report: pipeline::Report {
                    diagnostics: vec![d],
                    ..pipeline::Report::default()
                },
                ..pipeline::Rebuilt::default()
            }
        });
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = (rebuilt.report.diagnostics)
            .iter()
            .cloned()
            .partition(Diagnostic::is_error);
        if quiet && rebuilt.written == 0 && errors == self.live.snapshot().errors {
            return;
        }
        // Only now, with every file on disk, may the browsers reload.
        self.live.finished(errors, warnings, rebuilt.base_path);
        reporter.rebuilt(what, &rebuilt.report, rebuilt.written, started.elapsed());
    }
}

/// What a batch of the watcher's changes tells the rebuild.
fn changes_in(batch: &BTreeSet<Change>) -> Changes {
    let mut content = Vec::new();
    let mut config = false;
    for change in batch {
        match change {
            Change::Content(path) => content.push(path.clone()),
            Change::Everything(path) if path == Path::new(CONFIG_FILE) => config = true,
            Change::Everything(_) | Change::Static(_) => {}
            Change::Rescan => return Changes::Unknown,
        }
    }
    Changes::Known { content, config }
}

fn describe(batch: &BTreeSet<Change>) -> Text {
    let mut paths = batch.iter().map(Change::path);
    match (paths.next(), batch.len()) {
        (None, _) => Text::new("serve-changes"),
        (Some(None), _) => Text::new("serve-changed-unknown"),
        (Some(Some(first)), 1) => Text::new("serve-changed-one").arg("path", first),
        (Some(Some(first)), n) => Text::new("serve-changed-many")
            .arg("path", first)
            .arg("count", n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_preview_others_can_reach_is_warned_of() {
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        for local in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(exposure_warning(ip(local), true), None, "{local}");
        }
        let catalogue = Catalogue::load();
        let (zh, en) = (catalogue.messages(Lang::Zh), catalogue.messages(Lang::En));
        let open = exposure_warning(ip("0.0.0.0"), true).unwrap();
        let (open_zh, open_en) = (zh.text(&open), en.text(&open));
        assert!(
            open_zh.starts_with("警告：预览对网络上的所有人可见（包括草稿）"),
            "{open_zh}"
        );
        assert!(
            open_en.starts_with("warning: everyone on the network can read this preview, drafts included: --bind 0.0.0.0"),
            "{open_en}"
        );
        assert!(open_zh.contains("--bind 127.0.0.1") && open_en.contains("--bind 127.0.0.1"));
        let lan = exposure_warning(ip("192.168.1.20"), false).unwrap();
        let (lan_zh, lan_en) = (zh.text(&lan), en.text(&lan));
        assert!(
            !lan_zh.contains("草稿") && !lan_en.contains("drafts"),
            "{lan_zh} {lan_en}"
        );
        assert!(exposure_warning(ip("::"), false).is_some());
    }

    #[test]
    fn what_a_batch_of_changes_tells_the_rebuild_and_the_terminal() {
        let plan = |name: &str| Change::Content(PathBuf::from(format!("content/plans/{name}")));
        let config = Change::Everything(PathBuf::from(CONFIG_FILE));
        let template = Change::Everything(PathBuf::from("templates/plan.html"));
        let batch = |changes: &[&Change]| changes.iter().copied().cloned().collect();
        let known = |content: &[&str], config| Changes::Known {
            content: content.iter().map(PathBuf::from).collect(),
            config,
        };
        assert_eq!(
            changes_in(&batch(&[&plan("a.md"), &template])),
            known(&["content/plans/a.md"], false)
        );
        assert_eq!(changes_in(&batch(&[&config])), known(&[], true));
        assert_eq!(
            changes_in(&batch(&[&plan("a.md"), &Change::Rescan])),
            Changes::Unknown
        );

        let catalogue = Catalogue::load();
        let en = catalogue.messages(Lang::En);
        let told = |changes: &[&Change]| en.text(&describe(&batch(changes)));
        assert_eq!(told(&[&plan("a.md")]), "content/plans/a.md changed");
        let three = [&plan("b.md"), &plan("a.md"), &plan("c.md")];
        assert_eq!(
            told(&three),
            "content/plans/a.md and others changed (3 files)"
        );
        // All three are counted: 等 3 个文件, as Chinese counts the one named too.
        let zh = catalogue.messages(Lang::Zh);
        assert_eq!(
            zh.text(&describe(&batch(&three))),
            "content/plans/a.md 等 3 个文件已改动"
        );
    }
}
