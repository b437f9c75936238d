//! `plansite serve`: build, serve over HTTP, watch, rebuild, and tell the browsers to reload.
//!
//! The pages are written to a folder of their own and served from there; a failed rebuild
//! leaves the last good pages in place and shows its errors as an overlay on every page.

mod http;
mod live;

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Problems, codes};
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
}

/// What the server tells its user; the binary prints it, tests read it.
pub trait Reporter: Send {
    fn listening(&mut self, url: &str, note: Option<String>);
    /// Something went wrong that does not stop the server.
    fn problem(&mut self, message: &str);
    fn rebuilt(
        &mut self,
        what: &str,
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

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::OutDir(refused) => write!(f, "{}", refused.message),
            ServeError::TempDir(err) => write!(f, "cannot make a folder for the pages: {err}"),
            ServeError::Watch(root, err) => write!(f, "cannot watch {}: {err}", root.display()),
            ServeError::Bind {
                ip,
                first,
                last,
                error,
            } => write!(
                f,
                "cannot listen on {ip} ports {first} to {last}: {error}; choose another with --port"
            ),
            ServeError::NoAddress => write!(f, "the server has no IP address"),
        }
    }
}

impl std::error::Error for ServeError {}

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
                reporter.problem(&format!(
                    "waiting for another build to finish writing {}: {holder}",
                    out.display()
                ))
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
    let mut builder = Rebuilder {
        preview: Preview::new(options.site.clone(), out.clone()),
        live: &live,
    };
    builder.run(reporter, "initial build", &Changes::Unknown, false);
    let mut second_look = options.poll.then(|| Instant::now() + SECOND_LOOK);

    let (server, note) = bind(options.bind, options.port)?;
    let server = Arc::new(server);
    let address = server.server_addr().to_ip().ok_or(ServeError::NoAddress)?;
    let base_path = live.snapshot().base_path;
    if let Some(warning) = exposure_warning(address.ip(), options.site.drafts) {
        reporter.problem(&warning);
    }
    reporter.listening(&format!("http://{address}{base_path}"), note);

    let accept = {
        let (server, live, out) = (server.clone(), live.clone(), out.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (live, out) = (live.clone(), out.clone());
                // One thread a request: event streams stay open for as long as a tab does.
                std::thread::spawn(move || http::handle(request, &out, &live));
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
                    reporter.problem(&format!("cannot watch a new folder: {err}"));
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
                    builder.run(
                        reporter,
                        "a second look at the files",
                        &Changes::Unknown,
                        true,
                    );
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
fn exposure_warning(ip: IpAddr, drafts: bool) -> Option<String> {
    if ip.to_canonical().is_loopback() {
        return None;
    }
    let (zh, en) = match drafts {
        true => ("（包括草稿）", ", drafts included"),
        false => ("", ""),
    };
    Some(format!(
        "警告：预览对网络上的所有人可见{zh}：--bind {ip} 让能连到这台电脑的人都能打开它。只在本机预览，请用 --bind 127.0.0.1（默认）。\n\
         warning: everyone on the network can read this preview{en}: --bind {ip} serves it to anyone who can reach this computer; to keep it to this computer, use --bind 127.0.0.1 (the default)"
    ))
}

fn bind(ip: IpAddr, port: u16) -> Result<(tiny_http::Server, Option<String>), ServeError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut first_error = None;
    for candidate in port..=last {
        match tiny_http::Server::http(SocketAddr::new(ip, candidate)) {
            Ok(server) => {
                let note = (candidate != port && port != 0)
                    .then(|| format!("port {port} is taken; using {candidate} instead"));
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
    fn run(&mut self, reporter: &mut dyn Reporter, what: &str, changes: &Changes, quiet: bool) {
        let started = Instant::now();
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
            let d = Diagnostic::error(
                codes::PREVIEW_INTERNAL_ERROR,
                &self.preview.options().root,
                format!("internal error while rebuilding: {message}"),
            )
            .hint("this is a bug in plansite; please report it with the file you last saved");
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

fn describe(batch: &BTreeSet<Change>) -> String {
    let names: Vec<String> = batch
        .iter()
        .map(|c| match c.path() {
            Some(path) => path.display().to_string(),
            None => "files (too many changes to tell which)".into(),
        })
        .collect();
    match names.as_slice() {
        [one] => format!("{one} changed"),
        [first, rest @ ..] => format!("{first} and {} more changed", rest.len()),
        [] => "changes".into(),
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
        let open = exposure_warning(ip("0.0.0.0"), true).unwrap();
        assert!(
            open.starts_with("警告：预览对网络上的所有人可见（包括草稿）"),
            "{open}"
        );
        assert!(open.contains("\nwarning: everyone on the network can read this preview, drafts included: --bind 0.0.0.0"));
        assert!(open.contains("--bind 127.0.0.1"));
        let lan = exposure_warning(ip("192.168.1.20"), false).unwrap();
        assert!(!lan.contains("草稿") && !lan.contains("drafts"), "{lan}");
        assert!(exposure_warning(ip("::"), false).is_some());
    }
}
