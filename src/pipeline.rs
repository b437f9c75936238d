//! The stages in order: load, parse, index, render, write. Each stage reports every problem
//! it finds and the next stage still runs where it can, so one run shows all that is wrong;
//! nothing is written while an error stands.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::{self, ParseCache, ParseSettings, Plan};
use crate::diagnostics::{self, Diagnostic, Problems};
use crate::index::Site;
use crate::layout::CONTENT_DIR;
use crate::output;
use crate::render::{self, FileSource, Output, RenderCache, RenderFailure, Theme};
use crate::search;

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub drafts: bool,
    /// Overrides `base_path` from `site.yaml`.
    pub base_path: Option<String>,
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
}

impl Report {
    pub fn failed(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }

    /// The report with these problems, sorted.
    fn with(mut self, mut problems: Vec<Diagnostic>) -> Report {
        diagnostics::sort(&mut problems);
        self.diagnostics = problems;
        self
    }
}

/// What a rebuild can take from the one before: the files as parsed, the site as indexed, the
/// pages as rendered and the search index. A render with an empty cache is a full one: both
/// take the same path.
#[derive(Default)]
pub struct Cache {
    pub parse: ParseCache,
    /// The last rebuild stopped before parsing (at `site.yaml`), so the changes it was told
    /// of were not taken in: the next one looks at everything.
    missed_changes: bool,
    indexed: Option<Indexed>,
    pub render: RenderCache,
    pub search: search::SearchCache,
    /// The site as last rendered without a template error.
    output: Output,
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
pub fn load_site(options: &Options) -> (Option<Site>, Vec<Diagnostic>) {
    let mut cache = Cache {
        parse: ParseCache::once(),
        ..Cache::default()
    };
    load_site_with(options, &mut cache, &Changes::Unknown)
}

/// [`load_site`], reading and parsing only the files that changed since `cache` was filled.
fn load_site_with(
    options: &Options,
    cache: &mut Cache,
    changes: &Changes,
) -> (Option<Site>, Vec<Diagnostic>) {
    let kept_config = match (changes, &cache.indexed) {
        (Changes::Known { config: false, .. }, Some(indexed)) => Some(indexed.site.config.clone()),
        _ => None,
    };
    let config = match kept_config {
        Some(config) => config,
        None => {
            let mut found = Problems::new();
            match Config::load(&options.root, &mut found) {
                Some(mut config) => {
                    if let Some(base_path) = &options.base_path {
                        config.base_path = crate::config::normalize_base_path(base_path);
                    }
                    config
                }
                None => {
                    cache.missed_changes = true;
                    return (None, found.into_iter().collect());
                }
            }
        }
    };
    let content_changes = match changes {
        Changes::Known { content, .. } => Some(content.as_slice()),
        Changes::Unknown => None,
    };
    let mut found = Problems::new();
    let parsed = content::parse_plans(
        &options.root,
        ParseSettings::new(&config, options.drafts),
        &mut cache.parse,
        content_changes,
        &mut found,
    );
    cache.missed_changes = false;
    let mut problems: Vec<Diagnostic> = found.into_iter().collect();
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
        return (Some(site), problems);
    }
    let position: HashMap<*const Plan, usize> = parsed
        .plans
        .iter()
        .enumerate()
        .map(|(at, plan)| (Arc::as_ptr(plan), at))
        .collect();
    let mut found = Problems::new();
    let site = Site::build(config, parsed.plans, &mut found);
    let found: Vec<Diagnostic> = found.into_iter().collect();
    cache.indexed = Some(Indexed {
        site: site.clone(),
        problems: found.clone(),
        order: site
            .plans
            .iter()
            .map(|plan| position[&Arc::as_ptr(plan)])
            .collect(),
    });
    problems.extend(found);
    (Some(site), problems)
}

/// Runs every stage up to rendering; the pages are returned only when there was no error.
pub fn render(options: &Options) -> (Option<(Site, Output)>, Report) {
    render_with(options, &mut Cache::default())
}

/// [`render`], taking files and pages whose inputs are the same as in `cache` from it instead
/// of parsing and rendering them again.
pub fn render_with(options: &Options, cache: &mut Cache) -> (Option<(Site, Output)>, Report) {
    let (site, report, _) = render_after(options, cache, &Changes::Unknown);
    (site.map(|site| (site, cache.output.clone())), report)
}

/// [`render_with`], trusting `changes` to say what changed since `cache` was filled, and
/// leaving the pages in `cache.output`: the preview server's rebuilds. Returns the paths of
/// the output's files that changed, even when the site is not returned (the output was
/// rendered, but with errors elsewhere).
fn render_after(
    options: &Options,
    cache: &mut Cache,
    changes: &Changes,
) -> (Option<Site>, Report, Vec<String>) {
    let changes = match cache.missed_changes {
        true => &Changes::Unknown,
        false => changes,
    };
    let (site, mut problems) = load_site_with(options, cache, changes);
    let theme = site
        .as_ref()
        .map(|site| Theme::load(&options.root, &site.config));
    let mut result = None;
    let mut rendered = 0;
    let mut touched = Vec::new();
    // Attachments can be many and large: only those the watcher saw change are compared with
    // their copies. Static files are few, and the watcher does not name them.
    let on_disk_changed = |source: &Path| match changes {
        Changes::Known { content, .. } if source.starts_with(CONTENT_DIR) => {
            content.iter().any(|changed| source.starts_with(changed))
        }
        _ => true,
    };
    match (site, theme) {
        (Some(site), Some(Ok(mut theme))) => {
            // As in a build, the index is made while the pages are rendered.
            let (pages, index) = rayon::join(
                || render::render_site(&site, &mut theme, &mut cache.render),
                || search::build_with(&site, &mut cache.search),
            );
            match pages {
                Ok(pages) => {
                    rendered = pages.stats.rendered;
                    touched = cache.output.update(pages, index, on_disk_changed);
                    result = Some(site);
                }
                Err(found) => {
                    // The index's changes were not taken into the output: the next rebuild
                    // makes the index again from nothing, and so hands them over in full.
                    cache.search = search::SearchCache::default();
                    problems.extend(found);
                }
            }
        }
        (_, Some(Err(found))) => problems.extend(found),
        _ => {}
    }
    diagnostics::sort(&mut problems);
    let mut report = Report {
        diagnostics: problems,
        ..Report::default()
    };
    if let Some(site) = &result {
        let output = &cache.output;
        report.plans = site.plans.len();
        report.pages = output.pages.len();
        report.rendered = rendered;
        report.files = output.pages.len() + output.copies.len() + output.index.len();
    }
    let result = result.filter(|_| !report.failed());
    (result, report, touched)
}

/// Builds the site into `out`, replacing what was there only if everything succeeded.
pub fn build(options: &Options, out: &Path) -> Report {
    if let Err(message) = output::check_out_dir(&options.root, out) {
        return Report {
            diagnostics: vec![Diagnostic::error(out, message)],
            ..Report::default()
        };
    }
    run(options, Some(out))
}

/// Every stage of a build, templates included, with nothing written.
pub fn check(options: &Options) -> Report {
    run(options, None)
}

/// A full build, writing each page into the staging folder as soon as it is rendered so that
/// memory does not grow with the site; with no `out`, or once an error is found, pages are
/// still rendered (to find every template error) but written nowhere.
fn run(options: &Options, out: Option<&Path>) -> Report {
    let (site, mut problems) = load_site(options);
    let mut report = Report::default();
    let theme = site
        .as_ref()
        .map(|site| Theme::load(&options.root, &site.config));
    let (site, mut theme) = match (site, theme) {
        (Some(site), Some(Ok(theme))) => (site, theme),
        (_, Some(Err(found))) => {
            problems.extend(found);
            return report.with(problems);
        }
        _ => return report.with(problems),
    };
    let write_failed = |out: &Path, err: io::Error| {
        Diagnostic::error(out, format!("cannot write the site: {err}"))
            .hint("the previous site was left as it was; check free disk space and permissions")
    };
    let mut staging = None;
    if let Some(out) = out.filter(|_| !diagnostics::has_errors(&problems)) {
        match output::Staging::new(&options.root, out) {
            Ok(s) => staging = Some(s),
            Err(err) => problems.push(write_failed(out, err)),
        }
    }
    // The search index and the pages need nothing of each other: each keeps the other's idle
    // moments busy (making the pages' folders is one thread's work, for they share parents,
    // which the kernel locks; encoding the index ends in one thread filling its shards).
    let ((folders, rendered), index) = rayon::join(
        || {
            let pages = render::pages_with_paths(&site);
            let folders = (staging.as_ref()).map(|s| s.folders(pages.iter().map(|(_, path)| path)));
            let target = staging.as_ref().filter(|_| matches!(folders, Some(Ok(()))));
            let write = |path: &str, bytes: &[u8]| match target {
                Some(staging) => staging.write(path, bytes),
                None => Ok(()),
            };
            (
                folders,
                render::render_into(&site, &mut theme, &pages, &write),
            )
        },
        || staging.as_ref().map(|_| search::build(&site)),
    );
    if let Some(Err(err)) = folders {
        problems.push(write_failed(out.unwrap_or(&options.root), err));
        staging = None;
    }
    let copies = match rendered {
        Ok((copies, pages)) => {
            report.pages = pages;
            report.rendered = pages;
            copies
        }
        Err(RenderFailure::Templates(found)) => {
            problems.extend(found);
            return report.with(problems);
        }
        Err(RenderFailure::Write(err)) => {
            problems.push(write_failed(out.unwrap_or(&options.root), err));
            return report.with(problems);
        }
    };
    report.plans = site.plans.len();
    let (Some(staging), Some(out)) = (staging, out) else {
        report.files = report.pages + copies.len();
        return report.with(problems);
    };
    let mut files = copies;
    files.extend(
        index
            .into_iter()
            .flatten()
            .map(|(path, bytes)| (path, FileSource::Generated(bytes))),
    );
    report.files = report.pages + files.len();
    let written = staging
        .folders(files.keys())
        .and_then(|()| staging.copy(&files))
        .and_then(|()| staging.publish());
    match written {
        Ok(output::Published { leftover: None }) => {}
        Ok(output::Published {
            leftover: Some((old, err)),
        }) => problems.push(
            Diagnostic::warning(
                &old,
                format!(
                    "the new site is published, but the previous one could not be deleted: {err}"
                ),
            )
            .hint("delete this folder by hand; the next build tries again"),
        ),
        Err(err) => problems.push(write_failed(out, err)),
    }
    // Freeing every plan's strings and the search index took a tenth of a second at 10,000
    // plans, after the site was already published; `plansite build` exits right after, so
    // they are freed on a thread of their own, which the exit does not wait for.
    std::thread::spawn(move || drop((site, files)));
    report.with(problems)
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

/// What one [`Preview::rebuild`] did.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub report: Report,
    /// Files written or deleted in the output folder.
    pub written: usize,
    /// The site's base path, when the rebuild succeeded and its pages are on disk.
    pub base_path: Option<String>,
}

impl Preview {
    pub fn new(options: Options, out: PathBuf) -> Preview {
        Preview {
            options,
            out,
            cache: Cache::default(),
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
            self.cache = Cache::default();
            self.unwritten = None;
            changes = &Changes::Unknown;
        }
        self.interrupted = true;
        let (site, mut report, touched) = render_after(&self.options, &mut self.cache, changes);
        if let Some(unwritten) = &mut self.unwritten {
            unwritten.extend(touched);
        }
        let mut rebuilt = Rebuilt::default();
        if let Some(site) = site {
            let written = output::write_in_place(
                &self.options.root,
                &self.out,
                &self.cache.output,
                self.unwritten.take().as_ref(),
            );
            match written {
                Ok(n) => {
                    rebuilt.written = n;
                    rebuilt.base_path = Some(site.config.base_path.clone());
                    self.unwritten = Some(BTreeSet::new());
                }
                // What the folder holds is unknown now: the next rebuild compares it in full.
                Err(err) => report.diagnostics.push(Diagnostic::error(
                    &self.out,
                    format!("cannot write the preview: {err}"),
                )),
            }
        }
        rebuilt.report = report;
        self.interrupted = false;
        rebuilt
    }
}
