//! What each page of a build was rendered from, kept in the site's `.plansite/pages` for the
//! next build. The preview keeps every page's context in memory from one rebuild to the next
//! (see `incremental.rs`); a build is a new process, and keeps this much less on disk: which
//! plans each page shows, and a digest of everything else a page depends on.
//!
//! When the templates, the `site` value, the settings and every plan's slug and front matter
//! are as they were, every page has the address and the context it had but for the plans whose
//! values changed: a page showing none of them is the page the last build published. If the
//! kept generation holds those very bytes there (see `Folder::keep`), the page is neither
//! rendered nor written. Anything unknown or different, and the page is rendered: a record
//! damaged, foreign or of another build costs time, never a wrong page.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tera::Value;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::Theme;
use crate::config::Config;
use crate::i18n::Text;
use crate::layout::CACHE_DIR;
use crate::site::Site;

const FILE: &str = "pages";
const MAGIC: &[u8] = b"plansite pages 1\n";

/// The record's file under the site root `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(FILE)
}

/// What a build rendered its pages from.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRecord {
    /// The digest of what every page depends on (see [`site_digest`]).
    site: u128,
    /// Each plan, in site order: the digest of its slug and front matter, and of all of it.
    plans: Vec<(u128, u128)>,
    /// Every page, in the order of `Page::all`.
    pub(super) pages: Vec<RecordedPage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct RecordedPage {
    pub path: String,
    /// The plans, by place in the site, whose values the page's context holds.
    pub shows: Vec<u32>,
    /// The page's bytes as published: their size and hash (`output::manifest::hash`).
    pub size: u64,
    pub hash: u128,
}

/// The digest of what every page depends on besides its plans: the templates, the `site`
/// value, the settings, and the binary that renders.
pub(super) fn site_digest(theme: &Theme, site_value: &Value, config: &Config) -> u128 {
    let mut hash = Digest(Xxh3::new());
    hash.0
        .update(crate::inputs::program().unwrap_or_default().as_bytes());
    let _ = postcard::to_io(&theme.template_sources, &mut hash);
    let _ = serde_json::to_writer(&mut hash, site_value);
    hash.0.update(format!("{config:?}").as_bytes());
    hash.0.digest128()
}

/// Each plan's digests, in site order (see [`PageRecord::plans`]).
pub(super) fn plan_digests(site: &Site) -> Vec<(u128, u128)> {
    (site.plans.par_iter())
        .map(|plan| (digest(&(&plan.slug, &plan.meta)), digest(&**plan)))
        .collect()
}

impl PageRecord {
    /// A record without the pages' sizes and hashes, which the caller fills in once the
    /// pages are published ([`PageRecord::published`]).
    pub(super) fn new(site: u128, plans: Vec<(u128, u128)>, pages: Vec<RecordedPage>) -> Self {
        PageRecord { site, plans, pages }
    }

    /// Which plans changed since this record, when nothing else did (`site` and every plan's
    /// slug and front matter as they were); `None` when more changed.
    pub(super) fn changed_plans(&self, site: u128, plans: &[(u128, u128)]) -> Option<Vec<bool>> {
        if self.site != site || self.plans.len() != plans.len() {
            return None;
        }
        (self.plans.iter().zip(plans))
            .map(|(old, new)| (old.0 == new.0).then_some(old.1 != new.1))
            .collect()
    }

    /// Fills in each page's size and hash as published, given by `published(path)`; `None`
    /// when a page is missing from what was published.
    pub fn published(mut self, published: impl Fn(&str) -> Option<(u64, u128)>) -> Option<Self> {
        for page in &mut self.pages {
            (page.size, page.hash) = published(&page.path)?;
        }
        Some(self)
    }
}

/// The record kept under `root`: `None` without one, with a note when there is one that
/// cannot be used.
pub fn load(root: &Path) -> (Option<PageRecord>, Option<Text>) {
    let path = path(root);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return (None, None),
        Err(err) => return (None, Some(note(&path, damaged(err.to_string())))),
    };
    match decode(&bytes) {
        Ok(record) => (Some(record), None),
        Err(why) => (None, Some(note(&path, why))),
    }
}

fn note(path: &Path, why: Text) -> Text {
    Text::new("pages-note").arg("path", path).arg("why", why)
}

fn damaged(error: String) -> Text {
    Text::new("stored-why-damaged").arg("error", error)
}

fn decode(bytes: &[u8]) -> Result<PageRecord, Text> {
    let body = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| Text::new("stored-why-foreign"))?;
    let (body, sum) = (body.split_last_chunk::<8>()).ok_or_else(|| damaged("cut short".into()))?;
    if xxh3_64(&bytes[..bytes.len() - 8]) != u64::from_le_bytes(*sum) {
        return Err(damaged("checksum".into()));
    }
    postcard::from_bytes(body).map_err(|err| damaged(err.to_string()))
}

/// Keeps `record` under `root` for the next build, written beside the last one and renamed
/// over it, so that a killed build leaves one whole record or the other.
pub fn save(root: &Path, record: &PageRecord) -> io::Result<()> {
    let mut bytes = MAGIC.to_vec();
    postcard::to_io(record, &mut bytes).map_err(io::Error::other)?;
    bytes.extend_from_slice(&xxh3_64(&bytes).to_le_bytes());
    let file = path(root);
    fs::create_dir_all(root.join(CACHE_DIR))?;
    let new = file.with_extension("new");
    fs::write(&new, bytes)?;
    fs::rename(&new, &file)
}

/// The digest of `value`'s serialized form, never held whole.
fn digest(value: &impl Serialize) -> u128 {
    let mut hash = Digest(Xxh3::new());
    let _ = postcard::to_io(value, &mut hash);
    hash.0.digest128()
}

/// A writer that only hashes what it is given.
struct Digest(Xxh3);

impl Write for Digest {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PageRecord {
        let page = |path: &str, shows: Vec<u32>| RecordedPage {
            path: path.to_string(),
            shows,
            size: 0,
            hash: 0,
        };
        PageRecord::new(
            7,
            vec![(1, 10), (2, 20), (3, 30)],
            vec![
                page("index.html", vec![0, 1, 2]),
                page("plans/b/index.html", vec![1]),
            ],
        )
    }

    #[test]
    fn only_plans_changed_in_their_bodies_are_told_apart_from_a_changed_site() {
        let record = sample();
        let same = [(1, 10), (2, 20), (3, 30)];
        assert_eq!(record.changed_plans(7, &same), Some(vec![false; 3]));
        let body = [(1, 10), (2, 21), (3, 30)];
        assert_eq!(
            record.changed_plans(7, &body),
            Some(vec![false, true, false])
        );
        // A template, a setting or the `site` value; a plan's front matter or slug; a plan
        // more or fewer: every page may have changed.
        assert_eq!(record.changed_plans(8, &same), None);
        assert_eq!(record.changed_plans(7, &[(1, 10), (9, 20), (3, 30)]), None);
        assert_eq!(record.changed_plans(7, &same[..2]), None);
    }

    #[test]
    fn a_record_reads_back_as_kept_and_any_damage_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let published = |path: &str| Some((path.len() as u64, 99));
        let record = sample().published(published).unwrap();
        assert_eq!(record.pages[1].size, "plans/b/index.html".len() as u64);
        assert_eq!(
            sample().published(|_| None),
            None,
            "a page that was not published"
        );
        save(dir.path(), &record).unwrap();
        assert_eq!(load(dir.path()), (Some(record), None));
        let bytes = fs::read(path(dir.path())).unwrap();
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            fs::write(path(dir.path()), damaged).unwrap();
            let (record, note) = load(dir.path());
            assert_eq!(record, None, "byte {at}");
            assert_eq!(note.unwrap().id, "pages-note");
        }
        fs::remove_file(path(dir.path())).unwrap();
        assert_eq!(load(dir.path()), (None, None));
        // A record that cannot be read is not taken for none: the note says why.
        fs::create_dir(path(dir.path())).unwrap();
        let (record, note) = load(dir.path());
        assert_eq!(record, None);
        assert_eq!(note.unwrap().id, "pages-note");
    }
}
