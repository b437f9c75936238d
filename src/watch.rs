//! Watching a site's files and reducing the file system's events to what changed for the site.
//!
//! Editors save in many ways (write in place, write a temporary file and rename it, delete and
//! recreate, vim's swap and backup files); the debouncer folds the burst of events of one save
//! into one batch, and [`classify`] drops the files that are not the site's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{
    DebounceEventResult, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::content::load::is_ignored;
use crate::layout::{CONFIG_FILE, CONTENT_DIR, SOURCES, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

/// How long the file system must be quiet before a batch of events is handed over: long
/// enough for the events of one save (a temporary file written and renamed, a backup made)
/// to come together, which takes editors a few milliseconds; short enough that the page
/// follows the save at once. The debouncer looks every quarter of this, so a save reaches
/// the rebuild 25 to 31 ms after its last event (with the rebuild, a body edit is on disk
/// in about 40 ms). A save whose events straddle one look is rebuilt twice, the second time
/// whole; a file still being written when it is read sends later events, and is read again.
pub const QUIET: Duration = Duration::from_millis(25);
/// How often the polling watcher looks at every file.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What a changed file means for the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A plan or an attachment, relative to the site root.
    Content(PathBuf),
    /// `site.yaml`, a template or a theme file: every page may depend on it.
    Everything(PathBuf),
    /// A file copied as it is.
    Static(PathBuf),
    /// Changes were lost (the system's event queue overflowed, or watching failed): anything
    /// may have changed.
    Rescan,
}

impl Change {
    /// The changed file or folder, relative to the site root; `None` when not known.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Change::Content(p) | Change::Everything(p) | Change::Static(p) => Some(p),
            Change::Rescan => None,
        }
    }
}

/// What `path` (absolute or relative to `root`) is to the site, or `None` for files that are
/// not the site's: editor droppings, hidden files, the output folder.
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let hidden = rel
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
    if hidden || rel.as_os_str().is_empty() {
        return None;
    }
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    match first.as_str() {
        CONTENT_DIR => Some(Change::Content(rel)),
        TEMPLATES_DIR | THEMES_DIR => Some(Change::Everything(rel)),
        STATIC_DIR => Some(Change::Static(rel)),
        _ if rel == Path::new(CONFIG_FILE) => Some(Change::Everything(rel)),
        _ => None,
    }
}

enum Debouncer {
    Native(notify_debouncer_full::Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, NoCache>),
}

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watch {
    root: PathBuf,
    debouncer: Debouncer,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.debouncer {
            Debouncer::Native(d) => d.watch(path, mode),
            Debouncer::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match &mut self.debouncer {
            Debouncer::Native(d) => d.unwatch(path),
            Debouncer::Poll(d) => d.unwatch(path),
        }
    }

    /// Starts watching the site's folders that have appeared since `batch` (a new
    /// `templates/`), and watches again those that were deleted or replaced: a watch ends with
    /// its folder, so a `content/` deleted and made anew would otherwise never be seen again.
    /// Call it before rebuilding for a batch, so that the rebuild sees what they hold. Says
    /// whether it started a watch: what was written into that folder before went unseen.
    pub fn refresh(&mut self, batch: &BTreeSet<Change>) -> notify::Result<bool> {
        let mut started = false;
        // The site's own folders and file are watched, not the root, which may hold a large
        // output folder; the root itself is watched only for these appearing.
        for name in SOURCES {
            let path = self.root.join(name);
            let replaced = batch.iter().any(|c| c.path() == Some(Path::new(name)));
            if replaced && self.watched.remove(&path) {
                // Usually the watch has already ended with the old folder.
                let _ = self.unwatch(&path);
            }
            if path.exists() && !self.watched.contains(&path) {
                self.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(path);
                started = true;
            }
        }
        Ok(started)
    }
}

/// Watches `root` and sends each batch of relevant changes. `poll` uses periodic scans instead
/// of the operating system's notifications (for network shares, where those are unreliable).
pub fn watch(root: &Path, poll: bool, changes: Sender<BTreeSet<Change>>) -> notify::Result<Watch> {
    // Events name absolute paths; compare them with an absolute root.
    let root = root.canonicalize()?;
    let root_for_events = root.clone();
    let handler = move |result: DebounceEventResult| {
        let batch: BTreeSet<Change> = match result {
            Ok(events) if events.iter().any(|event| event.need_rescan()) => {
                BTreeSet::from([Change::Rescan])
            }
            Ok(events) => events
                .iter()
                // Reading files (as every build does) is not a change.
                .filter(|event| !event.kind.is_access())
                .flat_map(|event| event.paths.iter())
                .filter_map(|path| classify(&root_for_events, path))
                .collect(),
            Err(_) => BTreeSet::from([Change::Rescan]),
        };
        if !batch.is_empty() {
            let _ = changes.send(batch);
        }
    };
    let debouncer = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        Debouncer::Poll(new_debouncer_opt(QUIET, None, handler, NoCache, config)?)
    } else {
        Debouncer::Native(new_debouncer(QUIET, None, handler)?)
    };
    let mut watch = Watch {
        root: root.clone(),
        debouncer,
        watched: BTreeSet::new(),
    };
    watch.watch(&root, RecursiveMode::NonRecursive)?;
    watch.refresh(&BTreeSet::new())?;
    Ok(watch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        let root = Path::new("/site");
        let cases: [(&str, Option<Change>); 10] = [
            (
                "/site/content/plans/a.md",
                Some(Change::Content("content/plans/a.md".into())),
            ),
            (
                "/site/content/plans/b/附件.docx",
                Some(Change::Content("content/plans/b/附件.docx".into())),
            ),
            (
                "/site/site.yaml",
                Some(Change::Everything(CONFIG_FILE.into())),
            ),
            (
                "/site/templates/plan.html",
                Some(Change::Everything("templates/plan.html".into())),
            ),
            (
                "/site/themes/default/static/style.css",
                Some(Change::Everything("themes/default/static/style.css".into())),
            ),
            (
                "/site/static/logo.png",
                Some(Change::Static("static/logo.png".into())),
            ),
            ("/site/content/plans/.a.md.swp", None),
            ("/site/content/plans/a.md~", None),
            ("/site/public/index.html", None),
            ("/site/content/.git/index", None),
        ];
        for (path, expected) in cases {
            assert_eq!(classify(root, Path::new(path)), expected, "{path}");
        }
    }
}
