//! The parse cache kept on disk between builds, in the site's `.plansite/` folder, so that a
//! new process starts where the last one stopped: a file whose stamp is as it was is taken as
//! parsed and rendered then, and only the files that changed are read.
//!
//! Only what depends on the file alone is kept: its front matter, and its body with the links
//! it resolved, each checked again as the preview's cache checks them (a body whose links now
//! resolve otherwise is rendered again, its text read again). Files with problems are not
//! kept, so that messages are always made fresh, in the run's language.
//!
//! The cache is cut into [`PARTS`] files by a hash of each plan file's path, so that a build
//! after an edit rewrites only the part that holds the edited file (writing all 94 MB of a
//! 10,000-plan cache again was a tenth of such a build), and the parts are read and decoded on
//! every core. Each part is a header naming the plansite binary and the settings it was made
//! with, the files' records each with its length and followed by its body's HTML, and a
//! checksum of it all. The HTML is hashed on the way through and left in the file, each plan
//! holding only where its own is ([`super::html`]): most pages a build after an edit shows
//! are the last build's, and no page needs it but the plan's own. A part that is
//! damaged, foreign, made by another plansite or with other settings is not believed: its
//! plans are read again and the note says why. Each is written beside itself and renamed
//! over, so that a killed build leaves every part whole, the last build's or the one before:
//! either is right, for every record is checked against its file's stamp.

use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::cache::{Entry, ParseCache, Read, Stamp};
use super::html::Html;
use super::link_checks::FragmentLink;
use super::links::Resolution;
use super::load::PlanFile;
use super::{Attachment, Body, Head, ParseSettings, Parsed, Plan};
use crate::diagnostics::Problems;
use crate::i18n::Text;
use crate::layout::CACHE_DIR;

/// The cache's folder, in [`CACHE_DIR`].
const FOLDER: &str = "parsed";
const MAGIC: &[u8] = b"plansite parse cache 3\n";
/// A record longer than this is taken for damage, not allocated.
const LONGEST_RECORD: usize = 1 << 30;
/// How many files the cache is cut into: at 10,000 plans a part is about 3 MB, and a rebuild
/// after one edit writes one of them.
pub const PARTS: usize = 32;

/// The cache's folder under the site root `root`.
pub fn path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(FOLDER)
}

/// The file of part `part` of the cache in `dir`, the cache's folder.
fn part_path(dir: &Path, part: usize) -> PathBuf {
    dir.join(format!("{part:02}"))
}

/// The part of the cache that keeps the file at `path`.
pub(super) fn part_of(path: &Path) -> usize {
    (xxh3_64(path.as_os_str().as_encoded_bytes()) % PARTS as u64) as usize
}

/// One file as kept, written from borrowed parts (see [`Record`], which must match it field
/// for field: the format does not name them).
#[derive(Serialize)]
struct RecordRef<'a> {
    file: &'a PlanFile,
    stamp: &'a Stamp,
    trusted: bool,
    digest: u128,
    head: &'a Head,
    body: Option<BodyRef<'a>>,
}

#[derive(Serialize)]
struct BodyRef<'a> {
    attachments: &'a [Attachment],
    links: &'a [(String, Resolution)],
    fragments: &'a [FragmentLink],
    plan: &'a Plan,
    /// The hash of the plan's HTML, which follows the record.
    html: u64,
}

/// One file as read back.
#[derive(Deserialize)]
struct Record {
    file: PlanFile,
    stamp: Stamp,
    trusted: bool,
    digest: u128,
    head: Head,
    body: Option<StoredBody>,
}

#[derive(Deserialize)]
struct StoredBody {
    attachments: Vec<Attachment>,
    links: Vec<(String, Resolution)>,
    fragments: Vec<FragmentLink>,
    plan: Plan,
    html: u64,
}

/// What the cache was made by and with: a cache made by another binary (whose types may
/// differ) or with other settings is of no use. Drafts are no part of it: a draft's record is
/// good whether drafts are published or not.
fn key(settings: ParseSettings) -> Option<String> {
    Some(format!(
        "{} slugs={:?} raw_html={:?}",
        crate::inputs::program()?,
        settings.slugs,
        settings.raw_html,
    ))
}

/// The cache for `settings` as kept under `root`: empty when there is none, with a note when
/// a part of it cannot be used.
pub fn load(root: &Path, settings: ParseSettings) -> (ParseCache, Option<Text>) {
    let mut cache = ParseCache::once();
    cache.keep_only_for(settings);
    let dir = path(root);
    if dir.is_file() {
        // The one file the cache was before it was cut into parts: an older plansite's.
        return (
            cache,
            Some(unusable(&dir, Text::new("stored-why-other"), 0)),
        );
    }
    let key = key(settings);
    let parts: Vec<Result<Option<Vec<Record>>, Text>> = (0..PARTS)
        .into_par_iter()
        .map(|part| {
            let file = match fs::File::open(part_path(&dir, part)) {
                Ok(file) => file,
                Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(err) => return Err(why_error(err.to_string())),
            };
            decode(Arc::new(file), key.as_deref()).map(Some)
        })
        .collect();
    let mut note = None;
    let mut unused = 0;
    for (part, records) in parts.into_iter().enumerate() {
        match records {
            Ok(Some(records)) => fill(&mut cache, part, records),
            Ok(None) => {}
            Err(why) => {
                unused += 1;
                note.get_or_insert((part, why));
            }
        }
    }
    let note = note.map(|(part, why)| unusable(&part_path(&dir, part), why, unused - 1));
    (cache, note)
}

/// The note that the cache at `path` cannot be used, for the reason `why`, nor `more` other
/// parts of it.
fn unusable(path: &Path, why: Text, more: usize) -> Text {
    Text::new("stored-note")
        .arg("path", path)
        .arg("why", why)
        .arg("more", more)
}

fn why_error(error: String) -> Text {
    Text::new("stored-why-damaged").arg("error", error)
}

/// The records of a part of the cache, `file`, or why it cannot be used. `key` is what the
/// cache must have been made by and with. The file is read through once, for its checksum;
/// the bodies' HTML stays in it, each plan holding only where its own is.
fn decode(file: Arc<fs::File>, key: Option<&str>) -> Result<Vec<Record>, Text> {
    let damaged = |what: &str| why_error(what.to_string());
    let len = file.metadata().map_err(|e| why_error(e.to_string()))?.len();
    let mut input = Reading {
        input: BufReader::with_capacity(1 << 16, &*file),
        hash: Xxh3::new(),
        at: 0,
        // The checksum is the last 8 bytes.
        end: len.saturating_sub(8),
    };
    let mut magic = [0; MAGIC.len()];
    if input.input.read_exact(&mut magic).is_err() || magic != MAGIC {
        // A cache of an older plansite, in its own format, is plansite's all the same.
        let ours = magic.starts_with(&MAGIC[..MAGIC.len() - 2]);
        return Err(Text::new(match ours {
            true => "stored-why-other",
            false => "stored-why-foreign",
        }));
    }
    if input.end < MAGIC.len() as u64 {
        return Err(damaged("cut short"));
    }
    input.hash.update(&magic);
    input.at = MAGIC.len() as u64;
    let mut part = Vec::new();
    input.part(&mut part).ok_or_else(|| damaged("header"))?;
    // Checked before the checksum: a cache of another binary is not read through.
    if Some(part.as_slice()) != key.map(str::as_bytes) {
        return Err(Text::new("stored-why-other"));
    }
    let mut records = Vec::new();
    while input.at < input.end {
        input
            .part(&mut part)
            .ok_or_else(|| damaged("record length"))?;
        let mut record =
            postcard::from_bytes::<Record>(&part).map_err(|e| why_error(e.to_string()))?;
        if let Some(body) = &mut record.body {
            let (at, len) = input.skip_part().ok_or_else(|| damaged("body length"))?;
            body.plan.html = Html::kept(file.clone(), at, len, body.html);
        }
        records.push(record);
    }
    let hash = input.hash.digest();
    let mut sum = [0; 8];
    input
        .input
        .read_exact(&mut sum)
        .map_err(|_| damaged("cut short"))?;
    if input.at != input.end || hash != u64::from_le_bytes(sum) {
        return Err(damaged("checksum"));
    }
    Ok(records)
}

/// A part of the cache read from its start to its checksum, hashing every byte on the way.
struct Reading<'a> {
    input: BufReader<&'a fs::File>,
    hash: Xxh3,
    /// How far it has read.
    at: u64,
    /// Where the checksum starts.
    end: u64,
}

impl Reading<'_> {
    /// Fills `bytes` from the input, before the checksum.
    fn exact(&mut self, bytes: &mut [u8]) -> io::Result<()> {
        if self.end - self.at < bytes.len() as u64 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.input.read_exact(bytes)?;
        self.hash.update(bytes);
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// The length of the next length-prefixed part, which is not longer than what is left.
    fn len(&mut self) -> Option<u32> {
        let mut prefix = [0; 4];
        self.exact(&mut prefix).ok()?;
        let len = u32::from_le_bytes(prefix);
        let fits = len as usize <= LONGEST_RECORD && u64::from(len) <= self.end - self.at;
        fits.then_some(len)
    }

    /// Reads the next length-prefixed part into `part`.
    fn part(&mut self, part: &mut Vec<u8>) -> Option<()> {
        let len = self.len()?;
        part.resize(len as usize, 0);
        self.exact(part).ok()
    }

    /// Goes past the next length-prefixed part, hashing it without keeping it: where it is
    /// and how long.
    fn skip_part(&mut self) -> Option<(u64, u32)> {
        let len = self.len()?;
        let at = self.at;
        let mut left = len as usize;
        while left > 0 {
            let buffered = self.input.fill_buf().ok()?;
            if buffered.is_empty() {
                return None;
            }
            let n = buffered.len().min(left);
            self.hash.update(&buffered[..n]);
            self.input.consume(n);
            left -= n;
        }
        self.at += u64::from(len);
        Some((at, len))
    }
}

/// Fills `cache` with `records`, the cache's part `part`, as if their files had been read and
/// rendered by this process, their texts let go.
fn fill(cache: &mut ParseCache, part: usize, records: Vec<Record>) {
    for record in records {
        let parsed = Arc::new(Parsed {
            text: Mutex::new(None),
            digest: record.digest,
            head: Some(record.head),
            problems: Problems::new(),
        });
        let body = record.body.map(|body| {
            Arc::new(Body {
                parsed: parsed.clone(),
                attachments: body.attachments,
                links: body.links,
                fragments: body.fragments,
                plan: Arc::new(body.plan),
                problems: Problems::new(),
            })
        });
        let read = Read {
            stamp: Some(record.stamp),
            trusted: record.trusted,
            parsed,
        };
        let at = cache.entries.len();
        cache.index.insert(record.file.path.clone(), at);
        cache.entries.push(Entry {
            file: record.file,
            read: Ok(read),
            body,
        });
    }
    cache.stored[part] = true;
}

/// Keeps what `cache` holds under `root` for the next build: each part of it, unless it is what
/// is kept already. Files with problems are left out.
pub fn save(root: &Path, cache: &ParseCache) -> io::Result<()> {
    let Some(settings) = cache.settings() else {
        return Ok(());
    };
    if cache.stored.iter().all(|&stored| stored) {
        return Ok(());
    }
    let Some(key) = key(settings) else {
        return Ok(());
    };
    let dir = path(root);
    // The one file the cache was before it was cut into parts.
    if dir.is_file() {
        fs::remove_file(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    mark(root.join(CACHE_DIR).as_path())?;
    let parts = by_part(&cache.entries, |_| true);
    for (part, entries) in parts.into_iter().enumerate() {
        if cache.stored[part] {
            continue;
        }
        // One name, so that a build killed while it wrote leaves no more than one such file;
        // two builds writing it at once make a file whose checksum fails, which only costs
        // time.
        let file = part_path(&dir, part);
        let new = file.with_extension("new");
        write(BufWriter::new(fs::File::create(&new)?), &key, &entries)?;
        fs::rename(&new, &file)?;
    }
    Ok(())
}

/// Writes a part of the cache: the header, every record, the checksum.
fn write(out: impl Write, key: &str, entries: &[&Entry]) -> io::Result<()> {
    let mut out = Summed::new(out);
    out.write_all(MAGIC)?;
    put(&mut out, key.as_bytes())?;
    let mut record = Vec::new();
    for entry in entries {
        let Some(mut kept) = record_of(entry) else {
            continue;
        };
        let html = match &mut kept.body {
            Some(body) => {
                let (bytes, hash) = body.plan.html.bytes_and_hash()?;
                body.html = hash;
                Some(bytes)
            }
            None => None,
        };
        record.clear();
        postcard::to_io(&kept, &mut record).map_err(io::Error::other)?;
        put(&mut out, &record)?;
        if let Some(html) = html {
            put(&mut out, &html)?;
        }
    }
    let Summed { mut inner, hash } = out;
    inner.write_all(&hash.digest().to_le_bytes())?;
    inner.flush()
}

/// Which parts of the cache kept on disk hold what `new` holds, `old` taken from those in
/// `stored`: the files each keeps, each with the same stamp, and the very same parse and body.
pub(super) fn unchanged(stored: &[bool; PARTS], old: &[Entry], new: &[Entry]) -> [bool; PARTS] {
    let (old, new) = (
        by_part(old, |_| true),
        by_part(new, |e| record_of(e).is_some()),
    );
    std::array::from_fn(|part| stored[part] && same_entries(&old[part], &new[part]))
}

/// `entries` that are `kept`, by the part of the cache that keeps each, in their order.
fn by_part(entries: &[Entry], kept: impl Fn(&Entry) -> bool) -> Vec<Vec<&Entry>> {
    let mut parts: Vec<Vec<&Entry>> = vec![Vec::new(); PARTS];
    for entry in entries.iter().filter(|entry| kept(entry)) {
        parts[part_of(&entry.file.path)].push(entry);
    }
    parts
}

/// Whether `new` are the entries `old`, as taken from the cache on disk.
fn same_entries(old: &[&Entry], new: &[&Entry]) -> bool {
    let same = |a: &Entry, b: &Entry| {
        let reads = match (&a.read, &b.read) {
            (Ok(a), Ok(b)) => {
                a.stamp == b.stamp && a.trusted == b.trusted && Arc::ptr_eq(&a.parsed, &b.parsed)
            }
            _ => false,
        };
        let bodies = match (&a.body, &b.body) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        a.file == b.file && reads && bodies
    };
    old.len() == new.len() && old.iter().zip(new).all(|(a, b)| same(a, b))
}

/// The record of a file read and rendered without a problem; `None` for any other.
fn record_of(entry: &Entry) -> Option<RecordRef<'_>> {
    let read = entry.read.as_ref().ok()?;
    let parsed = &read.parsed;
    let head = parsed.head.as_ref()?;
    if !parsed.problems.is_empty() {
        return None;
    }
    let body = match &entry.body {
        Some(body) if !body.problems.is_empty() => return None,
        Some(body) => Some(BodyRef {
            attachments: &body.attachments,
            links: &body.links,
            fragments: &body.fragments,
            plan: &body.plan,
            html: 0,
        }),
        None => None,
    };
    Some(RecordRef {
        file: &entry.file,
        stamp: read.stamp.as_ref()?,
        trusted: read.trusted,
        digest: parsed.digest,
        head,
        body,
    })
}

/// Writes `part` with its length before it.
fn put(out: &mut impl Write, part: &[u8]) -> io::Result<()> {
    let len = u32::try_from(part.len()).map_err(io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(part)
}

/// A writer that hashes what goes through it, for the checksum at the end.
struct Summed<W> {
    inner: W,
    hash: Xxh3,
}

impl<W> Summed<W> {
    fn new(inner: W) -> Summed<W> {
        Summed {
            inner,
            hash: Xxh3::new(),
        }
    }
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hash.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Marks the cache folder as one, for backup tools (the Cache Directory Tagging
/// Specification) and git, so that no site's `.gitignore` need name it.
fn mark(dir: &Path) -> io::Result<()> {
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        fs::write(
            tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This folder is plansite's cache: it can be deleted at any time.\n",
        )?;
        fs::write(dir.join(".gitignore"), "*\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawHtml;
    use crate::test_site::TestSite;

    use super::super::tests::SETTINGS;

    /// The published plans as `cache` makes them of the site, with every problem.
    fn parse(test: &TestSite, cache: &mut ParseCache) -> (Vec<Arc<Plan>>, Problems) {
        parse_with(test, SETTINGS, cache)
    }

    fn parse_with(
        test: &TestSite,
        settings: ParseSettings,
        cache: &mut ParseCache,
    ) -> (Vec<Arc<Plan>>, Problems) {
        let mut problems = Problems::new();
        cache.keep_only_for(settings);
        let plans = super::super::parse_plans(test.root(), settings, cache, None, &mut problems);
        (plans.plans, problems)
    }

    /// Gives the plan `b`, which `a` links to, a slug of its own: `a`'s link leads elsewhere.
    fn give_b_a_slug(test: &TestSite) {
        let b = test.root().join("content/plans/b.md");
        let text = fs::read_to_string(&b).unwrap();
        fs::write(&b, text.replacen("title: b", "title: b\nslug: bee", 1)).unwrap();
    }

    /// The part of the cache that keeps plan `a`.
    fn part_of_a(test: &TestSite) -> PathBuf {
        part_path(&path(test.root()), part_of(Path::new(A)))
    }

    const A: &str = "content/plans/a.md";
    const B: &str = "content/plans/b.md";

    /// Why the part of the cache that keeps `a` is not believed, as the note says (with the
    /// damage found, when it is damaged), and how many other parts are not.
    fn why_not_believed(test: &TestSite) -> (String, String) {
        let (cache, note) = load(test.root(), SETTINGS);
        assert!(!cache.index.contains_key(Path::new(A)));
        let note = note.expect("a note");
        assert_eq!(note.id, "stored-note");
        assert_eq!(note.args[0].1, crate::i18n::Arg::from(&part_of_a(test)));
        let more = format!("{:?}", note.args[2].1);
        match &note.args[1].1 {
            crate::i18n::Arg::Text(why) => match &why.args[..] {
                [] => (why.id.to_string(), more),
                [("error", crate::i18n::Arg::Str(error))] => (format!("{}: {error}", why.id), more),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    /// What a fresh parse makes of the site, in a form to compare.
    fn fresh(test: &TestSite) -> String {
        let (plans, problems) = parse(test, &mut ParseCache::once());
        format!("{plans:#?}\n{problems:#?}")
    }

    fn site() -> TestSite {
        let test = TestSite::new(10);
        test.plan("a", "市总工会", 2013, "甲，见[乙](b.md)。")
            .plan("b", "区总工会", 2014, "乙。\n\n## 目标\n\n丙。")
            .plan("broken", "区总工会", 2015, "见[不存在](none.md)。");
        test
    }

    /// Parses the site, keeps the cache on disk and takes it back.
    fn kept(test: &TestSite) -> ParseCache {
        let mut cache = ParseCache::once();
        parse(test, &mut cache);
        save(test.root(), &cache).unwrap();
        let (cache, note) = load(test.root(), SETTINGS);
        assert_eq!(note, None);
        cache
    }

    #[test]
    fn a_kept_cache_makes_what_a_fresh_parse_makes_and_reads_no_body_again() {
        let test = site();
        let mut cache = kept(&test);
        // The plan with a problem is not kept, so that its message is made fresh.
        assert_eq!(cache.entries.len(), 2);
        let (plans, problems) = parse(&test, &mut cache);
        assert_eq!(format!("{plans:#?}\n{problems:#?}"), fresh(&test));
        assert!(
            cache.stored.iter().all(|&stored| stored),
            "the kept files were taken as they were"
        );
        assert!(!problems.is_empty(), "the broken link is still reported");
    }

    #[test]
    fn a_file_changed_since_is_read_again() {
        let test = site();
        let mut cache = kept(&test);
        test.plan("b", "区总工会", 2014, "改过的乙。");
        let (plans, _) = parse(&test, &mut cache);
        assert!(
            plans
                .iter()
                .any(|plan| plan.html.text().unwrap().contains("改过的乙"))
        );
        let b = part_of(Path::new(B));
        let written: Vec<usize> = (0..PARTS).filter(|&part| !cache.stored[part]).collect();
        assert_eq!(written, [b], "only the part that keeps b is written again");
    }

    /// The cache's folder says it is one, to backup tools and to git.
    #[test]
    fn the_cache_folder_is_tagged_as_a_cache_and_ignored_by_git() {
        let test = site();
        kept(&test);
        let folder = test.root().join(CACHE_DIR);
        let tag = fs::read_to_string(folder.join("CACHEDIR.TAG")).unwrap();
        // The signature the Cache Directory Tagging Specification asks for.
        assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55\n"));
        assert_eq!(
            fs::read_to_string(folder.join(".gitignore")).unwrap(),
            "*\n"
        );
    }

    /// A file whose text is as it was but whose stamp is new (touched, or copied back) has its
    /// part written again with the new stamp, so that the next build need not read it again.
    #[test]
    fn a_file_touched_has_its_part_written_again_with_its_new_stamp() {
        let test = site();
        let hours_ago = |path: &str, hours: u64| {
            let file = fs::File::options()
                .write(true)
                .open(test.root().join(path))
                .unwrap();
            let then = std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
            file.set_modified(then).unwrap();
        };
        // Old enough for their stamps to be trusted, before and after.
        for plan in [A, B, "content/plans/broken.md"] {
            hours_ago(plan, 2);
        }
        let mut cache = kept(&test);
        hours_ago(B, 1);
        parse(&test, &mut cache);
        let written: Vec<usize> = (0..PARTS).filter(|&part| !cache.stored[part]).collect();
        assert_eq!(written, [part_of(Path::new(B))]);
    }

    /// A build after an edit writes only the part of the cache that keeps the edited file, and
    /// a part that cannot be used costs only its own plans.
    #[test]
    fn the_cache_is_written_and_believed_a_part_at_a_time() {
        let test = site();
        let mut cache = kept(&test);
        let (a, b) = (part_of(Path::new(A)), part_of(Path::new(B)));
        assert_ne!(a, b, "a and b are kept in different parts");
        let inodes = || {
            use std::os::unix::fs::MetadataExt;
            let dir = path(test.root());
            (0..PARTS)
                .map(|part| fs::metadata(part_path(&dir, part)).unwrap().ino())
                .collect::<Vec<u64>>()
        };
        let before = inodes();
        test.plan("b", "区总工会", 2014, "改过的乙。");
        parse(&test, &mut cache);
        save(test.root(), &cache).unwrap();
        let after = inodes();
        let written: Vec<usize> = (0..PARTS).filter(|&p| before[p] != after[p]).collect();
        assert_eq!(written, [b]);
        let (cache, note) = load(test.root(), SETTINGS);
        assert_eq!(note, None);
        assert!(cache.index.contains_key(Path::new(B)));

        let mut damaged = fs::read(part_of_a(&test)).unwrap();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        fs::write(part_of_a(&test), damaged).unwrap();
        assert_eq!(
            why_not_believed(&test),
            (
                "stored-why-damaged: checksum".to_string(),
                "Num(0)".to_string()
            )
        );
        let (cache, _) = load(test.root(), SETTINGS);
        assert!(
            cache.index.contains_key(Path::new(B)),
            "b's part is believed"
        );
    }

    /// A kept body whose link now leads elsewhere is rendered again, its text read again.
    #[test]
    fn a_kept_body_whose_link_leads_elsewhere_now_is_rendered_again() {
        let test = site();
        let mut cache = kept(&test);
        give_b_a_slug(&test);
        let (plans, problems) = parse(&test, &mut cache);
        let a = plans.iter().find(|plan| plan.slug == "a").unwrap();
        let html = a.html.text().unwrap();
        assert!(html.contains("../bee/index.html"), "{html}");
        assert_eq!(format!("{plans:#?}\n{problems:#?}"), fresh(&test));
        // a's text was read again for it, and nothing else: the other parts are as kept.
        let written: Vec<usize> = (0..PARTS).filter(|&part| !cache.stored[part]).collect();
        let mut a_and_b = vec![part_of(Path::new(A)), part_of(Path::new(B))];
        a_and_b.sort();
        assert_eq!(written, a_and_b);
    }

    /// A file changed in the moment between its look and its reading, when its kept body must
    /// be rendered again: everything is read again rather than a body rendered from a text its
    /// front matter was not read from.
    #[test]
    fn a_file_changed_while_it_is_taken_over_makes_everything_read_again() {
        let test = site();
        let mut cache = kept(&test);
        give_b_a_slug(&test);
        test.plan("a", "市总工会", 2016, "新的甲，见[乙](b.md)。");
        // As if `a` had been looked at before it changed.
        let a = cache.index[Path::new("content/plans/a.md")];
        let meta = fs::metadata(test.root().join("content/plans/a.md")).unwrap();
        if let Ok(read) = &mut cache.entries[a].read {
            read.stamp = Some(Stamp::of(&meta));
            read.trusted = true;
        }
        let (plans, problems) = parse(&test, &mut cache);
        assert_eq!(format!("{plans:#?}\n{problems:#?}"), fresh(&test));
        let a = plans.iter().find(|plan| plan.slug == "a").unwrap();
        let html = a.html.text().unwrap();
        assert!(html.contains("新的甲") && html.contains("../bee/index.html"));
    }

    #[test]
    fn a_cache_that_cannot_be_used_is_not_believed_and_the_note_says_why() {
        let test = site();
        kept(&test);
        let file = part_of_a(&test);
        let good = fs::read(&file).unwrap();
        let why = |bytes: &[u8]| {
            fs::write(&file, bytes).unwrap();
            why_not_believed(&test).0
        };
        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        assert!(why(&flipped).starts_with("stored-why-damaged: "));
        assert_eq!(
            why(&good[..good.len() - 3]),
            "stored-why-damaged: body length"
        );
        assert_eq!(
            why(&good[..MAGIC.len() + 2]),
            "stored-why-damaged: cut short"
        );
        // Two bytes after the last record: too few for a length, which is not read on into
        // the checksum.
        let (records, sum) = good.split_at(good.len() - 8);
        let stray = [records, &[0, 0], sum].concat();
        assert_eq!(why(&stray), "stored-why-damaged: record length");
        // The magic and a checksum, with no header between them.
        let headless = [MAGIC, &[0; 8]].concat();
        assert_eq!(why(&headless), "stored-why-damaged: header");
        assert_eq!(why(b"<html>"), "stored-why-foreign");
        // Another file of plansite's is not a cache of an older one.
        assert_eq!(why(b"plansite pages 1\n"), "stored-why-foreign");
        let mut older = good.clone();
        older[MAGIC.len() - 2] = b'2';
        assert_eq!(
            why(&older),
            "stored-why-other",
            "a cache of an older format"
        );
        // Made with other settings: a checksum of its own, another key.
        let other = ParseSettings {
            raw_html: RawHtml::Trust,
            ..SETTINGS
        };
        let mut cache = ParseCache::once();
        parse_with(&test, other, &mut cache);
        save(test.root(), &cache).unwrap();
        let others = format!("Num({})", PARTS - 1);
        assert_eq!(
            why_not_believed(&test),
            ("stored-why-other".to_string(), others)
        );
        // A part that cannot be opened.
        #[cfg(unix)]
        {
            fs::remove_file(&file).unwrap();
            std::os::unix::fs::symlink(&file, &file).unwrap();
            assert!(
                why_not_believed(&test)
                    .0
                    .starts_with("stored-why-damaged: ")
            );
        }
        // The one file the cache was before it was cut into parts.
        fs::remove_dir_all(path(test.root())).unwrap();
        fs::write(path(test.root()), &good).unwrap();
        let (cache, note) = load(test.root(), SETTINGS);
        assert!(cache.index.is_empty());
        let note = note.expect("a note on the older cache");
        assert_eq!(note.args[0].1, crate::i18n::Arg::from(&path(test.root())));
        assert_eq!(note.args[1].1, Text::new("stored-why-other").into());
        // No cache at all is no news.
        fs::remove_file(path(test.root())).unwrap();
        assert_eq!(load(test.root(), SETTINGS).1, None);
    }

    /// A build with more bodies than it holds in memory writes the rest to a file and reads
    /// them back for their pages and for the cache: the same plans as a parse that holds them
    /// all, and the same cache.
    #[test]
    fn bodies_written_aside_make_the_plans_and_the_cache_of_bodies_held() {
        let test = site();
        let mut aside = ParseCache::once();
        aside.keep_only_for(SETTINGS);
        aside.spill = super::super::html::Spill::with_room(0);
        let (plans, problems) = parse(&test, &mut aside);
        assert_eq!(format!("{plans:#?}\n{problems:#?}"), fresh(&test));
        assert!(aside.spill.written() > 0, "the bodies were written aside");
        let b = plans.iter().find(|plan| plan.slug == "b").unwrap();
        assert!(b.body_html().unwrap().contains("<h2 id=\"目标\">目标</h2>"));
        save(test.root(), &aside).unwrap();
        let (mut cache, note) = load(test.root(), SETTINGS);
        assert_eq!(note, None);
        let (again, _) = parse(&test, &mut cache);
        assert_eq!(format!("{again:#?}"), format!("{plans:#?}"));
        let b = again.iter().find(|plan| plan.slug == "b").unwrap();
        assert!(b.body_html().unwrap().contains("<h2 id=\"目标\">目标</h2>"));
    }

    /// A kept body is read from the cache's file only when it is asked for, and checked: a
    /// file changed under the build after it was believed gives an error naming the plan,
    /// never a page made of other bytes.
    #[test]
    fn a_kept_body_is_read_when_asked_for_and_one_changed_since_is_an_error() {
        let test = site();
        let mut cache = kept(&test);
        let (plans, _) = parse(&test, &mut cache);
        let b = plans.iter().find(|plan| plan.slug == "b").unwrap();
        assert!(b.body_html().unwrap().contains("<h2 id=\"目标\">目标</h2>"));
        let file = part_path(&path(test.root()), part_of(Path::new(B)));
        let bytes = fs::read(&file).unwrap();
        let at = memchr::memmem::find(&bytes, "丙".as_bytes()).expect("b's body in its part");
        let mut changed = bytes.clone();
        changed[at..at + "丙".len()].copy_from_slice("丁".as_bytes());
        // In place, as a program other than plansite might: the part keeps its inode.
        fs::write(&file, &changed).unwrap();
        let unreadable = b.body_html().unwrap_err();
        assert_eq!(
            unreadable.code,
            crate::diagnostics::codes::PLAN_BODY_UNREADABLE
        );
        assert_eq!(unreadable.path, Path::new(B));
        let why = unreadable.args.iter().find(|(name, _)| *name == "why");
        assert_eq!(why.map(|(_, arg)| arg), Some(&"changed".into()));
        // Believed no more by the next build.
        let (cache, note) = load(test.root(), SETTINGS);
        assert!(!cache.index.contains_key(Path::new(B)));
        assert_eq!(note.unwrap().args[0].1, crate::i18n::Arg::from(&file));
    }

    /// A parse made once (a build's) lets each file's text go once its body is made, so that
    /// a build never holds every text at once (half a gigabyte at 100,000 plans), even after
    /// its settings changed; the preview's cache keeps them.
    #[test]
    fn a_parse_made_once_lets_every_text_go_and_the_previews_keeps_them() {
        let test = site();
        let held = |cache: &ParseCache| {
            (cache.entries.iter())
                .filter(|e| e.read.as_ref().is_ok_and(|r| r.parsed.text().is_some()))
                .count()
        };
        let mut once = ParseCache::once();
        parse(&test, &mut once);
        assert_eq!(held(&once), 0);
        let other = ParseSettings {
            raw_html: RawHtml::Trust,
            ..SETTINGS
        };
        parse_with(&test, other, &mut once);
        assert_eq!(held(&once), 0, "settings changed, still made once");
        let mut preview = ParseCache::default();
        parse(&test, &mut preview);
        assert_eq!(held(&preview), 3);
    }

    #[test]
    fn a_cache_as_kept_already_is_not_written_again() {
        let test = site();
        // A draft, kept with no body: no body is as good as no body.
        let draft = "---\ntitle: 草稿\nunit: 市总工会\nyear: 2016\ndraft: true\n---\n\n未定。\n";
        fs::write(test.root().join("content/plans/draft.md"), draft).unwrap();
        let mut cache = kept(&test);
        let draft = &cache.entries[cache.index[Path::new("content/plans/draft.md")]];
        assert!(draft.body.is_none(), "the draft is kept, with no body");
        parse(&test, &mut cache);
        let dir = path(test.root());
        fs::remove_dir_all(&dir).unwrap();
        save(test.root(), &cache).unwrap();
        assert!(!dir.exists());
    }
}
