//! Remembering what each plan file held, so that a rebuild reads and parses only the files
//! that changed.
//!
//! A file is taken as unchanged when its size, modification and status-change times and inode
//! are what they were, as git and make do. Timestamps are coarse (a few milliseconds here, a
//! second or two on some file systems), so a file saved twice within one tick with the same
//! size would look unchanged; a file modified shortly before it was read is therefore read
//! again next time and compared by content, until its timestamp is old enough to be trusted.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::html::Spill;
use super::load::{self, PlanFile};
use super::{Body, ParseSettings, Parsed};
use crate::diagnostics::{Diagnostic, Problems};
use crate::slug::SlugStrategy;

/// Longer than any file system's timestamp granularity (FAT's is two seconds).
const TIMESTAMP_TRUSTED_AFTER: Duration = Duration::from_secs(3);

/// The files of the last parse, with what was made of them.
#[derive(Debug, Default)]
pub struct ParseCache {
    /// What the parse depended on besides the files; other settings invalidate everything.
    settings: Option<ParseSettings>,
    /// Every plan file in path order.
    pub(super) entries: Vec<Entry>,
    /// The position of each path in `entries`.
    pub(super) index: FxHashMap<PathBuf, usize>,
    /// What the last look at `content/` found besides the plan files.
    pub(super) find_problems: Problems,
    /// Duplicate slugs and titles: problems between plans.
    pub(super) cross_problems: Problems,
    /// Where links can lead: the slug of every published plan's file, and the drafts.
    pub(super) slug_of: FxHashMap<PathBuf, String>,
    pub(super) drafts: Vec<PathBuf>,
    /// Made for one parse, not to be repeated: each file's text is let go as soon as its body
    /// is rendered, so that the texts are not all held while every body is made.
    pub(super) once: bool,
    /// Which parts of the cache kept on disk ([`super::stored`]) hold the entries that are
    /// theirs: those need not be stored again.
    pub(super) stored: [bool; super::stored::PARTS],
    /// Where a parse made once puts the bodies it renders (see [`super::html`]).
    pub(super) spill: Spill,
}

/// One plan file: as found, as read, and its body unless it is not published.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) file: PlanFile,
    pub(super) read: Result<Read, Diagnostic>,
    pub(super) body: Option<Arc<Body>>,
}

impl ParseCache {
    /// A cache for a parse made once, as a build's: it lets each file's text go as soon as
    /// the file's body is rendered.
    pub fn once() -> ParseCache {
        ParseCache {
            once: true,
            ..ParseCache::default()
        }
    }

    pub(super) fn keep_only_for(&mut self, settings: ParseSettings) {
        if self.settings != Some(settings) {
            self.settings = Some(settings);
            self.forget();
        }
    }

    /// Forgets every file, keeping only what kind of cache this is.
    pub(super) fn forget(&mut self) {
        *self = ParseCache {
            settings: self.settings,
            once: self.once,
            ..ParseCache::default()
        };
    }

    /// Where the bodies rendered now go: a parse made once holds none of them in memory.
    pub(super) fn spill(&self) -> Option<&Spill> {
        self.once.then_some(&self.spill)
    }

    pub(super) fn settings(&self) -> Option<ParseSettings> {
        self.settings
    }

    /// The file as last read, if it was read.
    pub(super) fn read_of(&self, path: &Path) -> Option<&Read> {
        let entry = &self.entries[*self.index.get(path)?];
        entry.read.as_ref().ok()
    }

    /// The body last rendered from the file, if any.
    pub(super) fn body_of(&self, path: &Path) -> Option<&Arc<Body>> {
        self.entries[*self.index.get(path)?].body.as_ref()
    }

    /// Whether the files the watcher reports changed (`changed`, relative to the site root)
    /// leave the set of plan files and attachments as it was: each is a plan file that was
    /// there and still is. Anything else (a file added or removed, an attachment, a folder)
    /// calls for a fresh look at `content/`.
    pub(super) fn same_files(&self, root: &Path, changed: &[PathBuf]) -> bool {
        !self.entries.is_empty()
            && changed.iter().all(|path| {
                self.index.contains_key(path)
                    && std::fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.is_file())
            })
    }
}

/// A file as it was read.
#[derive(Debug, Clone)]
pub struct Read {
    /// `None` for text that was given, not read.
    pub(super) stamp: Option<Stamp>,
    /// The stamp was taken long enough after the file's last change that any later change
    /// must show in it.
    pub(super) trusted: bool,
    pub(super) parsed: Arc<Parsed>,
}

/// What the file system says about a file that changes whenever its content does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Status change time and inode: a file replaced by rename, or written with its
    /// modification time put back (`cp -p`, some sync tools), changes these.
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    pub(super) fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }

    fn trusted_at(&self, looked: SystemTime) -> bool {
        self.modified
            .and_then(|modified| looked.duration_since(modified).ok())
            .is_some_and(|age| age > TIMESTAMP_TRUSTED_AFTER)
    }
}

/// The file `file` as it is now: `previous` again when the file has not changed, else read
/// and parsed (keeping `previous`'s parse when the text turns out to be the same).
pub(super) fn read(
    root: &Path,
    file: &PlanFile,
    slugs: SlugStrategy,
    previous: Option<&Read>,
) -> Result<Read, Diagnostic> {
    let looked = SystemTime::now();
    // Stat before reading: a change made after this shows in the next stat.
    let meta = std::fs::metadata(root.join(&file.path))
        .map_err(|err| load::unreadable(&file.path, &err))?;
    let stamp = Stamp::of(&meta);
    if let Some(previous) = previous
        && previous.trusted
        && previous.stamp == Some(stamp)
    {
        return Ok(previous.clone());
    }
    let text = load::read(root, &file.path)?;
    let parsed = match previous {
        Some(previous) if previous.parsed.holds(&text) => previous.parsed.clone(),
        _ => Arc::new(Parsed::new(&file.path, &file.stem, text, slugs)),
    };
    Ok(Read {
        stamp: Some(stamp),
        trusted: stamp.trusted_at(looked),
        parsed,
    })
}

impl Read {
    /// With no stamp: text given rather than read from a file.
    pub(super) fn given(parsed: Arc<Parsed>) -> Read {
        Read {
            stamp: None,
            trusted: false,
            parsed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_enough_timestamps_are_trusted() {
        let now = SystemTime::now();
        let stamp = |modified| Stamp {
            len: 1,
            modified,
            #[cfg(unix)]
            changed: (0, 0),
            #[cfg(unix)]
            inode: (0, 0),
        };
        assert!(stamp(Some(now - Duration::from_secs(60))).trusted_at(now));
        assert!(!stamp(Some(now - Duration::from_millis(10))).trusted_at(now));
        // A file stamped in the future (another machine's clock) is never trusted.
        assert!(!stamp(Some(now + Duration::from_secs(60))).trusted_at(now));
        assert!(!stamp(None).trusted_at(now));
    }
}
