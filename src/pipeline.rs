//! The stages in order: load, parse, index, render, write. Each stage reports every problem
//! it finds and the next stage still runs where it can, so one run shows all that is wrong;
//! nothing is published while an error stands. A build, a check and the preview's rebuilds go
//! through the same body (`run`); they differ only in what their cache keeps and where the
//! site goes, so that the preview cannot show other pages than a build writes.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, ParseCache, ParseSettings, Plan};
use crate::diagnostics::{self, Diagnostic, Problems, codes};
use crate::inputs;
use crate::layout::CONTENT_DIR;
use crate::output::{self, LockError, OutLock, Output, Staging, Waiting};
use crate::render::{self, Destination, FileSource, RenderCache, Theme};
use crate::search::{self, SearchCache};
use crate::site::Site;

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
    /// Overrides `base_path` from `site.yaml`.
    pub base_path: Option<String>,
    /// Every warning is an error (`--strict`; `strict: true` in `site.yaml` does the same).
    pub strict: bool,
}

impl Options {
    /// The options as they go into a build's fingerprint: any that changes the output.
    fn fingerprinted(&self) -> [String; 3] {
        [
            format!("drafts={}", self.drafts),
            format!("base_path={:?}", self.base_path),
            format!("strict={}", self.strict),
        ]
    }
}

/// What a finished run did, with every warning (and, on failure, every error).
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub plans: usize,
    pub pages: usize,
    /// Of `pages`, how many were rendered; the others were unchanged since the last render.
    pub rendered: usize,
    pub files: usize,
    /// Nothing had changed since the last build into the same folder: no file was written.
    pub unchanged: bool,
    /// What the user may like to know that is not a problem (Chinese first, then English).
    pub notes: Vec<crate::i18n::Text>,
}

impl Report {
    pub fn failed(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }

    /// The report with these problems, sorted.
    fn with(mut self, problems: Problems) -> Report {
        self.diagnostics = problems.into_sorted();
        self
    }
}

/// What a run can take from the one before: the files as parsed, the site as indexed, the
/// pages as rendered and the search index. A build's cache keeps nothing
/// ([`Cache::keeping_nothing`]); the preview's keeps everything from one rebuild to the next.
/// Both go through the same stages ([`run`]): a build is a run with an empty cache.
struct Cache {
    /// Whether the site as indexed is kept for the next run.
    keep: bool,
    /// What the run does with the parse cache kept on disk between processes.
    on_disk: OnDisk,
    parse: ParseCache,
    /// The parse cache being written to disk for the next process, while the site is rendered.
    saving: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    /// What the user may like to know about the caches (Chinese first, then English).
    notes: Vec<crate::i18n::Text>,
    /// The last rebuild stopped before parsing (at `site.yaml`), so the changes it was told
    /// of were not taken in: the next one looks at everything.
    missed_changes: bool,
    indexed: Option<Indexed>,
    render: RenderCache,
    search: SearchCache,
    /// The site as last rendered without a template error, when the target is memory.
    output: Output,
}

impl Cache {
    /// The preview's: empty, and keeping what each rebuild makes for the next.
    fn keeping() -> Cache {
        Cache {
            keep: true,
            on_disk: OnDisk::Neither,
            parse: ParseCache::default(),
            saving: None,
            notes: Vec::new(),
            missed_changes: false,
            indexed: None,
            render: RenderCache::default(),
            search: SearchCache::default(),
            output: Output::default(),
        }
    }

    /// A build's: it keeps nothing in memory, so that a build's memory does not grow with the
    /// site; what it parsed goes to and from disk as `on_disk` says.
    fn keeping_nothing(on_disk: OnDisk) -> Cache {
        Cache {
            keep: false,
            on_disk,
            parse: ParseCache::once(),
            render: RenderCache::keeping_nothing(),
            search: SearchCache::keeping_nothing(),
            ..Cache::keeping()
        }
    }

    /// Waits for the parse cache to be on disk, and hands over the notes of the run's caches.
    fn finish(mut self, root: &Path, report: &mut Report) {
        if let Some(saving) = self.saving.take() {
            let saved = saving
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("panicked")));
            if let Err(err) = saved {
                self.notes.push(
                    crate::i18n::Text::new("stored-not-saved")
                        .arg("path", &content::stored::path(root))
                        .arg("error", err.to_string()),
                );
            }
        }
        report.notes.append(&mut self.notes);
    }
}

/// What a run does with the parse cache kept on disk between processes
/// ([`content::stored`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDisk {
    /// Takes nothing from disk, keeps nothing there: the preview, which keeps its cache in
    /// memory, and the commands that only read the site.
    Neither,
    /// Starts from the one kept, and keeps nothing: `check`, which writes nothing at all.
    Takes,
    /// Starts from nothing, keeps its own for the next (`build --no-cache`).
    Keeps,
    /// Starts from the one kept, and keeps its own.
    TakesAndKeeps,
}

/// The site as last indexed, with what indexing found, and for each of its plans (newest
/// first) its place among the parsed ones (in file order).
struct Indexed {
    site: Site,
    problems: Vec<Diagnostic>,
    order: Vec<usize>,
}

/// What changed since the last rebuild, as the file watcher saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Not known: every file is looked at.
    Unknown,
    /// Only these files under `content/` (relative to the site root), and `site.yaml` when
    /// `config` is set. Templates and static files are read at every rebuild whatever changed.
    Known { content: Vec<PathBuf>, config: bool },
}

/// Reads, parses and indexes the site: everything but rendering.
pub fn load_site(options: &Options, problems: &mut Problems) -> Option<Site> {
    let mut cache = Cache::keeping_nothing(OnDisk::Neither);
    load_site_with(options, &mut cache, &Changes::Unknown, problems)
}

/// [`load_site`], reading and parsing only the files that changed since `cache` was filled.
fn load_site_with(
    options: &Options,
    cache: &mut Cache,
    changes: &Changes,
    problems: &mut Problems,
) -> Option<Site> {
    let kept_config = match (changes, &cache.indexed) {
        (Changes::Known { config: false, .. }, Some(indexed)) => Some(indexed.site.config.clone()),
        _ => None,
    };
    let config = match kept_config {
        Some(config) => config,
        None => match Config::load(&options.root, problems) {
            Some(mut config) => {
                if let Some(base_path) = &options.base_path {
                    if crate::config::check_base_path(base_path).is_err() {
                        problems.push(
                            Diagnostic::error(codes::OPTION_BASE_PATH_INVALID, "--base-path")
                                .arg("path", base_path.trim()),
                        );
                        cache.missed_changes = true;
                        return None;
                    }
                    config.base_path = crate::config::normalize_base_path(base_path);
                }
                config
            }
            None => {
                cache.missed_changes = true;
                return None;
            }
        },
    };
    let content_changes = match changes {
        Changes::Known { content, .. } => Some(content.as_slice()),
        Changes::Unknown => None,
    };
    let settings = ParseSettings::new(&config, options.drafts);
    if matches!(cache.on_disk, OnDisk::Takes | OnDisk::TakesAndKeeps) {
        let (parse, note) = content::stored::load(&options.root, settings);
        cache.parse = parse;
        cache.notes.extend(note);
    }
    let parsed = content::parse_plans(
        &options.root,
        settings,
        &mut cache.parse,
        content_changes,
        problems,
    );
    cache.missed_changes = false;
    // When only bodies changed, the indexes are as they were: only the plans are new.
    if parsed.same_heads
        && let Some(indexed) = &cache.indexed
        && indexed.site.config == config
    {
        let mut site = indexed.site.clone();
        site.plans = indexed
            .order
            .iter()
            .map(|&at| parsed.plans[at].clone())
            .collect();
        problems.extend(indexed.problems.iter().cloned());
        return Some(site);
    }
    let position: HashMap<*const Plan, usize> = parsed
        .plans
        .iter()
        .enumerate()
        .map(|(at, plan)| (Arc::as_ptr(plan), at))
        .collect();
    let mut found = Problems::new();
    let site = Site::build(config, parsed.plans, &mut found);
    // Plans left out for their errors are reported already: the site is not empty, it failed.
    if site.plans.is_empty() && !problems.has_errors() && !found.has_errors() {
        found.push(no_plans());
    }
    if !cache.keep {
        // What the parse remembers of each file would otherwise be held to the end of a
        // build, which keeps nothing: once on disk, it is let go.
        let parse = std::mem::replace(&mut cache.parse, ParseCache::once());
        if matches!(cache.on_disk, OnDisk::Keeps | OnDisk::TakesAndKeeps) {
            let root = options.root.clone();
            let save = move || content::stored::save(&root, &parse);
            cache.saving = Some(std::thread::spawn(save));
        }
    }
    if cache.keep {
        cache.indexed = Some(Indexed {
            site: site.clone(),
            problems: found.iter().cloned().collect(),
            order: site
                .plans
                .iter()
                .map(|plan| position[&Arc::as_ptr(plan)])
                .collect(),
        });
    }
    problems.extend(found);
    Some(site)
}

/// A site without a plan is still built, its lists saying 暂无计划; a warning says why it is
/// empty, in case plans were meant to be there.
fn no_plans() -> Diagnostic {
    Diagnostic::warning(codes::SITE_NO_PLANS, Path::new(CONTENT_DIR).join("plans"))
}

/// Builds the site into `out`, replacing what was there only if everything succeeded; waits
/// for any other build into `out` to finish first.
pub fn build(options: &Options, out: &Path) -> Report {
    build_waiting(options, out, Waiting::Wait(&mut |_| {}), Reuse::Kept)
}

/// What a build may take from the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// The previous site's generation kept beside the output folder, updated in place.
    Kept,
    /// Nothing (`build --no-cache`): the site is written whole.
    Nothing,
}

/// [`build`], holding the lock of `out` from before anything is read until the new site is
/// swapped in (or the build failed): a second build waits, or fails at once, as `waiting`
/// says. So every build publishes the site of its own input, whole.
pub fn build_waiting(options: &Options, out: &Path, waiting: Waiting, reuse: Reuse) -> Report {
    let mut problems = Problems::new();
    if !output::check_out_dir(&options.root, out, &mut problems) {
        return Report::default().with(problems);
    }
    let lock = match OutLock::take(out, waiting) {
        Ok(lock) => lock,
        Err(err) => {
            problems.push(lock_failed(out, err));
            return Report::default().with(problems);
        }
    };
    // Taken before anything is read, so that a file saved while the site is built makes the
    // next build's fingerprint differ.
    let fingerprint = match reuse {
        Reuse::Kept => inputs::fingerprint(&options.root, out, &options.fingerprinted()),
        Reuse::Nothing => None,
    };
    if let Some(last) = fingerprint.and_then(|f| output::unchanged_since(out, f)) {
        return Report {
            plans: last.plans as usize,
            pages: last.pages as usize,
            files: last.files as usize,
            unchanged: true,
            ..Report::default()
        };
    }
    let mut cache = Cache::keeping_nothing(match reuse {
        Reuse::Kept => OnDisk::TakesAndKeeps,
        Reuse::Nothing => OnDisk::Keeps,
    });
    let (previous, note) = match reuse {
        Reuse::Kept => render::record::load(&options.root),
        Reuse::Nothing => (None, None),
    };
    cache.notes.extend(note);
    cache.render = RenderCache::recording(previous);
    let target = Target::Folder {
        out,
        reuse,
        fingerprint,
    };
    let mut report = run(options, &mut cache, &Changes::Unknown, target).report;
    drop(lock);
    cache.finish(&options.root, &mut report);
    report
}

/// Why a build could not take the lock of its output folder, on the folder.
pub fn lock_failed(out: &Path, err: LockError) -> Diagnostic {
    match err {
        LockError::Busy { lock, holder } => {
            let mut d = Diagnostic::error(codes::OUTPUT_LOCKED, out).arg("lock", &lock);
            d.args.extend(holder.args());
            d
        }
        LockError::Io { lock, err } => Diagnostic::error(codes::OUTPUT_LOCK_FAILED, out)
            .arg("lock", &lock)
            .arg("error", err.to_string()),
    }
}

/// Every stage of a build, templates included, with nothing written.
pub fn check(options: &Options) -> Report {
    let mut cache = Cache::keeping_nothing(OnDisk::Takes);
    let mut report = run(options, &mut cache, &Changes::Unknown, Target::Nowhere).report;
    cache.finish(&options.root, &mut report);
    report
}

/// Where a run puts the site.
enum Target<'a> {
    /// A build's output folder: the site is written beside it, each page as soon as it is
    /// rendered, and swapped in whole, only if nothing went wrong. `fingerprint` is that of its
    /// inputs, when one could be taken: kept, if nothing is found wrong, for the next build.
    Folder {
        out: &'a Path,
        reuse: Reuse,
        fingerprint: Option<u128>,
    },
    /// Nowhere (`plansite check`): every page is still rendered, to find every template error.
    Nowhere,
    /// The preview's folder, `dir`: the site is kept in memory (`Cache::output`), and what
    /// changed is written in place if nothing went wrong. `unwritten` holds the paths of the
    /// files that may differ between the folder and the output in memory, when known (not
    /// before the first write, nor after a failed one).
    InPlace {
        dir: &'a Path,
        unwritten: &'a mut Option<BTreeSet<String>>,
    },
}

/// The stages in order, for builds and the preview's rebuilds alike: load (only what `changes`
/// says changed since `cache` was filled), render and index, write to `target`. Each stage
/// reports every problem it finds and the next still runs where it can; nothing is published
/// while an error stands.
fn run(options: &Options, cache: &mut Cache, changes: &Changes, target: Target) -> Rebuilt {
    let changes = match cache.missed_changes {
        true => &Changes::Unknown,
        false => changes,
    };
    let mut problems = Problems::new();
    let mut report = Report::default();
    let site = load_site_with(options, cache, changes, &mut problems);
    let theme =
        (site.as_ref()).and_then(|site| Theme::load(&options.root, &site.config, &mut problems));
    let (Some(site), Some(mut theme)) = (site, theme) else {
        return Rebuilt::from(report.with(problems));
    };
    if site.config.base_url.is_none() && !matches!(target, Target::InPlace { .. }) {
        problems.push(Diagnostic::warning(
            codes::CONFIG_BASE_URL_MISSING,
            crate::layout::CONFIG_FILE,
        ));
    }
    // For CI: the preview shows warnings as warnings, so that an editor's unfinished link does
    // not stop it.
    let strict =
        (options.strict || site.config.strict) && !matches!(target, Target::InPlace { .. });
    if strict {
        problems.make_strict();
    }
    let staging = match target {
        Target::Folder { out, reuse, .. } if !problems.has_errors() => {
            Staging::new(&options.root, out, reuse == Reuse::Kept, &mut problems)
        }
        _ => None,
    };
    let to = match (&staging, &target) {
        (Some(staging), _) => Destination::Folder(staging),
        (None, Target::InPlace { .. }) => Destination::Memory,
        (None, _) => Destination::Nowhere,
    };
    // The search index and the pages need nothing of each other: each keeps the other's idle
    // moments busy (making the pages' folders is one thread's work, for they share parents,
    // which the kernel locks; encoding the index ends in one thread filling its shards). A
    // site that goes nowhere needs no index.
    let wants_index = !matches!(to, Destination::Nowhere);
    let (rendered, index) = rayon::join(
        || render::render_site(&site, &mut theme, &mut cache.render, &to, &mut problems),
        || wants_index.then(|| search::build(&site, &mut cache.search)),
    );
    let Some(rendered) = rendered else {
        // The index's changes were not taken into the output: the next rebuild makes the
        // index again from nothing, and so hands them over in full.
        cache.search.clear();
        return Rebuilt::from(report.with(problems));
    };
    if strict {
        problems.make_strict();
    }
    report.plans = site.plans.len();
    report.pages = rendered.stats.pages();
    report.rendered = rendered.stats.rendered;
    let index = index.unwrap_or_default();
    match target {
        Target::InPlace { dir, unwritten } => {
            let touched =
                (cache.output).update(rendered, index, |source| on_disk_changed(changes, source));
            // Even when nothing is written now: the folder lags behind the output until the
            // next write.
            if let Some(unwritten) = unwritten.as_mut() {
                unwritten.extend(touched);
            }
            report.files = cache.output.files().count();
            let mut rebuilt = Rebuilt::default();
            if !problems.has_errors() {
                let written = output::write_in_place(
                    &options.root,
                    dir,
                    &cache.output,
                    unwritten.take().as_ref(),
                );
                match written {
                    Ok(n) => {
                        rebuilt.written = n;
                        rebuilt.base_path = Some(site.config.base_path.clone());
                        *unwritten = Some(BTreeSet::new());
                    }
                    // What the folder holds is unknown now: the next rebuild compares it in full.
                    Err(err) => problems.push(
                        Diagnostic::error(codes::PREVIEW_WRITE_FAILED, dir)
                            .arg("error", err.to_string()),
                    ),
                }
            }
            rebuilt.report = report.with(problems);
            rebuilt
        }
        Target::Folder { .. } | Target::Nowhere => {
            let mut files = rendered.copies;
            let index = index.files.into_iter();
            files.extend(index.map(|(path, bytes)| (path, FileSource::Generated(bytes))));
            report.files = report.pages + files.len();
            // Not after a failure to make the pages' folders, which left pages unwritten.
            if let Some(mut staging) = staging.filter(|_| !problems.has_errors()) {
                report.notes.extend(staging.note.take());
                // Only a build that found nothing to say may be stood for by its fingerprint:
                // the next one would not say it again.
                let inputs = match target {
                    Target::Folder { fingerprint, .. } if problems.is_empty() => {
                        fingerprint.map(|fingerprint| output::Inputs {
                            fingerprint,
                            plans: report.plans as u64,
                            pages: report.pages as u64,
                            files: report.files as u64,
                        })
                    }
                    _ => None,
                };
                let published = staging.publish(&files, inputs, &mut problems);
                let record = cache.render.take_record();
                if let (Some(published), Some(record)) = (published, record) {
                    let size_and_hash = |path: &str| published.get(path).map(|e| (e.size, e.hash));
                    let saved = (record.published(size_and_hash))
                        .map(|record| render::record::save(&options.root, &record));
                    if let Some(Err(err)) = saved {
                        report.notes.push(
                            crate::i18n::Text::new("pages-not-saved")
                                .arg("path", &render::record::path(&options.root))
                                .arg("error", err.to_string()),
                        );
                    }
                }
            }
            // Freeing every plan's strings and the search index took a tenth of a second at
            // 10,000 plans, after the site was already published; `plansite build` exits
            // right after, so they are freed on a thread of their own, which the exit does
            // not wait for.
            std::thread::spawn(move || drop((site, files)));
            Rebuilt::from(report.with(problems))
        }
    }
}

/// Whether a file copied from disk may have changed. Attachments can be many and large: only
/// those the watcher saw change are compared with their copies. Static files are few, and the
/// watcher does not name them.
fn on_disk_changed(changes: &Changes, source: &Path) -> bool {
    match changes {
        Changes::Known { content, .. } if source.starts_with(CONTENT_DIR) => {
            content.iter().any(|changed| source.starts_with(changed))
        }
        _ => true,
    }
}

/// The preview server's builds: the site built again and again into one folder, rendering only
/// the pages whose inputs changed and rewriting only the files whose bytes changed. Benchmarks
/// and tests drive it directly to measure and check exactly what `serve` does on each save.
pub struct Preview {
    options: Options,
    out: PathBuf,
    cache: Cache,
    /// The paths of the files that may differ between the output folder and `cache.output`,
    /// when known: not before the first write, nor after a failed one.
    unwritten: Option<BTreeSet<String>>,
    /// A rebuild started and did not finish (it panicked): the caches may be half updated.
    interrupted: bool,
}

/// What one [`Preview::rebuild`] (or any run of the stages) did.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub report: Report,
    /// Files written or deleted in the output folder.
    pub written: usize,
    /// The site's base path, when the rebuild succeeded and its pages are on disk.
    pub base_path: Option<String>,
}

/// A run that wrote nothing in place: a build, a check, or a failure.
impl From<Report> for Rebuilt {
    fn from(report: Report) -> Rebuilt {
        Rebuilt {
            report,
            ..Rebuilt::default()
        }
    }
}

impl Preview {
    pub fn new(options: Options, out: PathBuf) -> Preview {
        Preview {
            options,
            out,
            cache: Cache::keeping(),
            unwritten: None,
            interrupted: false,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Builds the site into the output folder, looking at every file. On failure the files
    /// there stay as they were. The folder is the preview's own: after the first rebuild only
    /// the files whose bytes changed since the last one are written, so a file changed there
    /// by hand stays so until its page changes.
    pub fn rebuild(&mut self) -> Rebuilt {
        self.rebuild_after(&Changes::Unknown)
    }

    /// [`Preview::rebuild`], trusting `changes` to say what changed since the last rebuild.
    pub fn rebuild_after(&mut self, changes: &Changes) -> Rebuilt {
        let mut changes = changes;
        if self.interrupted {
            self.cache = Cache::keeping();
            self.unwritten = None;
            changes = &Changes::Unknown;
        }
        self.interrupted = true;
        let target = Target::InPlace {
            dir: &self.out,
            unwritten: &mut self.unwritten,
        };
        let rebuilt = run(&self.options, &mut self.cache, changes, target);
        self.interrupted = false;
        rebuilt
    }
}
