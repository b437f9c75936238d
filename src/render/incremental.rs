//! The render stage's one body, for builds and the preview alike: every page whose inputs
//! changed since the last render is rendered and handed to a [`Destination`]. The preview keeps
//! a [`RenderCache`] of every page's context from one rebuild to the next; a build's cache keeps
//! nothing, so every page is rendered and none outlives its writing.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use tera::{Context, Value};

use super::context::{Renderer, site_value};
use super::pages::{Page, pages_with_paths};
use super::record::{self, PageRecord, RecordedPage};
use super::values::Values;
use super::{Destination, FileSource, Theme, copies};
use crate::config::Config;
use crate::content::Plan;
use crate::diagnostics::{Diagnostic, Problems};
use crate::site::Site;

/// The pages of the last successful render with what they were rendered from, so that the
/// next render can skip every page whose inputs are unchanged. A page's output depends only on
/// the templates, the global `site` value and its own context, so equal inputs give equal bytes:
/// a full build is a render with a cache that keeps nothing ([`RenderCache::keeping_nothing`]),
/// through the same body. The pages' text is not kept here but in the preview's
/// [`crate::output::Output`], which the caller updates from each [`Rendered`].
pub struct RenderCache {
    /// Whether the contexts and values of a render are kept for the next: not in a build,
    /// whose memory must not grow with the site.
    keep: bool,
    templates: BTreeMap<String, String>,
    /// `None` also when the cached contexts may not be those of the pages in the output (a
    /// render failed after some plans' values were made again): every page is then rendered.
    site: Option<Value>,
    /// With `plans`, what every page's address and context depend on besides the plans'
    /// values (see [`RenderCache::changed_plans`]).
    config: Option<Config>,
    plans: Vec<Arc<Plan>>,
    /// In the order of [`Page::all`].
    pages: Vec<CachedPage>,
    /// Where each page's address is in `pages`.
    at: FxHashMap<String, usize>,
    values: Values,
    /// A build's record of what its pages are rendered from, when it keeps one on disk.
    recording: Option<Recording>,
}

/// What a build takes from the last build's record ([`record`]) and makes of its own.
struct Recording {
    /// The last build's, to skip the pages it published that are as they were.
    previous: Option<PageRecord>,
    /// This build's, once its pages are rendered (their sizes and hashes not yet known).
    made: Option<PageRecord>,
}

/// The preview's cache: empty, and keeping each render's pages for the next.
impl Default for RenderCache {
    fn default() -> RenderCache {
        RenderCache {
            keep: true,
            templates: BTreeMap::new(),
            site: None,
            config: None,
            plans: Vec::new(),
            pages: Vec::new(),
            at: FxHashMap::default(),
            values: Values::default(),
            recording: None,
        }
    }
}

struct CachedPage {
    page: Page,
    path: String,
    inputs: Inputs,
}

/// What a page was rendered from.
struct Inputs {
    context: Context,
    /// The plans whose values the context holds.
    shows: Vec<usize>,
}

impl RenderCache {
    /// A build's cache: it keeps nothing, so that every page is rendered and no page's context
    /// outlives its rendering.
    pub fn keeping_nothing() -> RenderCache {
        RenderCache {
            keep: false,
            ..RenderCache::default()
        }
    }

    /// A build's cache that keeps nothing in memory, and makes a record of what each page is
    /// rendered from; with the last build's, `previous`, pages that are as that build
    /// published them are not rendered again where the build's folder holds them
    /// ([`super::Folder::keep`]).
    pub fn recording(previous: Option<PageRecord>) -> RenderCache {
        RenderCache {
            recording: Some(Recording {
                previous,
                made: None,
            }),
            ..RenderCache::keeping_nothing()
        }
    }

    /// The last build's record, when the cache was given one.
    fn previous_record(&self) -> Option<&PageRecord> {
        self.recording.as_ref()?.previous.as_ref()
    }

    /// The record of the last render, when the cache makes one and the render succeeded.
    pub fn take_record(&mut self) -> Option<PageRecord> {
        self.recording.as_mut()?.made.take()
    }

    /// Which plans may have other values than at the last render, when nothing else about the
    /// site changed: the same configuration, and the same plans in the same order with the
    /// same slugs and front matter. Then every page has the same address, and the same
    /// context but for the values of these plans. `None` when more changed.
    fn changed_plans(&self, site: &Site) -> Option<Vec<usize>> {
        if self.config.as_ref() != Some(&site.config) || self.plans.len() != site.plans.len() {
            return None;
        }
        let mut changed = Vec::new();
        for (i, (old, new)) in self.plans.iter().zip(&site.plans).enumerate() {
            if Arc::ptr_eq(old, new) {
                continue;
            }
            if old.slug != new.slug || old.meta != new.meta {
                return None;
            }
            changed.push(i);
        }
        Some(changed)
    }
}

/// What a render changed since the last one: the pages to write and to delete, and the files
/// to copy.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Pages rendered again, by address, when the destination is [`Destination::Memory`]; a
    /// page not here is as it was.
    pub pages: Vec<(String, Arc<[u8]>)>,
    /// Addresses of the last render's pages that are no longer pages.
    pub gone: Vec<String>,
    /// Every file to copy (static files, attachments), changed or not: there are few.
    pub copies: BTreeMap<String, FileSource>,
    pub stats: RenderStats,
}

/// What became of one page in a render.
enum Outcome {
    /// Its context was made again and is as it was.
    Same(Inputs),
    /// Rendered and handed to the destination: `inputs` when the cache keeps them, `html`
    /// when the destination is memory, `shows` when the cache makes a record.
    Rendered {
        inputs: Option<Inputs>,
        html: Option<Arc<[u8]>>,
        shows: Option<Vec<usize>>,
    },
    /// Not rendered: the destination holds the page as the last build published it.
    Kept,
    /// Boxed: an error is large, and rare.
    Failed(Box<tera::Error>),
}

/// How much of the site a render had to redo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    pub rendered: usize,
    pub reused: usize,
}

impl RenderStats {
    /// Every page of the site, rendered or not.
    pub fn pages(&self) -> usize {
        self.rendered + self.reused
    }
}

/// Renders every page whose inputs changed since `cache` was filled, hands each to `to`, and
/// gathers the files to copy. Problems are collected from all pages; on any, `None`, and the
/// pages of the output are still those of the last render that succeeded.
pub fn render_site(
    site: &Site,
    theme: &mut Theme,
    cache: &mut RenderCache,
    to: &Destination,
    problems: &mut Problems,
) -> Option<Rendered> {
    let site_value = site_value(site);
    let cache_valid = cache.keep
        && cache.templates == theme.template_sources
        && cache.site.as_ref() == Some(&site_value);
    theme
        .tera
        .global_context()
        .insert_value("site", site_value.clone());
    match cache_valid.then(|| cache.changed_plans(site)).flatten() {
        Some(changed) => {
            let rendered = render_plans(site, theme, cache, &changed, to, problems);
            if rendered.is_none() {
                // The plans' values were made again, and not the pages that show them.
                cache.site = None;
            }
            rendered
        }
        None => render_all(site, theme, cache, site_value, cache_valid, to, problems),
    }
}

/// The preview's path when only some plans' values changed (an edited body): only the pages
/// showing them are looked at, and the rest of the cache stays where it is, so that the cost
/// is that of the plans changed whatever the size of the site.
fn render_plans(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    changed: &[usize],
    to: &Destination,
    problems: &mut Problems,
) -> Option<Rendered> {
    if let Err(unreadable) = cache.values.update(site, changed) {
        problems.push(unreadable);
        return None;
    }
    let mut is_changed = vec![false; site.plans.len()];
    for &i in changed {
        is_changed[i] = true;
        cache.plans[i] = site.plans[i].clone();
    }
    let showing: Vec<usize> = (0..cache.pages.len())
        .filter(|&k| cache.pages[k].inputs.shows.iter().any(|&i| is_changed[i]))
        .collect();
    let outcomes: Result<Vec<Outcome>, Diagnostic> = showing
        .par_iter()
        .map(|&k| {
            let old = &cache.pages[k];
            let context = Some(&old.inputs.context);
            render_page(
                site,
                theme,
                &cache.values,
                old.page,
                &old.path,
                context,
                (true, false),
                to,
            )
        })
        .collect();
    let outcomes = outcomes.map_err(|d| problems.push(d)).ok()?;
    let copies = copies_of_site(
        site,
        theme,
        |path| cache.at.contains_key(path),
        &outcomes,
        problems,
    )?;
    let mut rendered = Rendered {
        copies,
        ..Rendered::default()
    };
    let looked_at = showing.len();
    for (k, outcome) in showing.into_iter().zip(outcomes) {
        let page = &mut cache.pages[k];
        if let Some(inputs) = rendered.take(&page.path, outcome) {
            page.inputs = inputs;
        }
    }
    rendered.stats.rendered = looked_at - rendered.stats.reused;
    rendered.stats.reused = cache.pages.len() - rendered.stats.rendered;
    Some(rendered)
}

/// Every page's context made and, unless `cache_valid` and equal to the one cached at its
/// address, the page rendered. On error the cache is left as it was.
fn render_all(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    site_value: Value,
    cache_valid: bool,
    mut to: &Destination,
    problems: &mut Problems,
) -> Option<Rendered> {
    let pages = pages_with_paths(site);
    // The folders before the values: made while the search index is at its largest, the
    // values would add to a build's peak memory (7 MB at 10,000 plans).
    if let Destination::Folder(folder) = to
        && let Err(failed) = folder.folders(&mut pages.iter().map(|(_, path)| path))
    {
        // Rendering goes on, writing nothing, to find every template error.
        problems.push(failed);
        to = &Destination::Nowhere;
    }
    let values = match cache.keep {
        true => match Values::reusing(site, &cache.values) {
            Ok(values) => values,
            Err(unreadable) => {
                problems.push(unreadable);
                return None;
            }
        },
        false => Values::new(site),
    };
    let recording = cache.recording.is_some() && matches!(to, Destination::Folder(_));
    let (digests, kept) = match recording {
        true => {
            let digests = (
                record::site_digest(theme, &site_value, &site.config),
                record::plan_digests(site),
            );
            let previous = cache.previous_record();
            let kept = previous.and_then(|previous| keepable(previous, &digests, &pages, to));
            (Some(digests), kept)
        }
        false => (None, None),
    };
    // Only outcomes with something in them are collected, by page: a page written and let go
    // (a build's) leaves nothing to hold, where one entry a page was 8 MB at 10,000 plans.
    let outcomes: Result<Vec<(usize, Outcome)>, Diagnostic> = pages
        .par_iter()
        .enumerate()
        .filter_map(|(k, (page, path))| {
            if kept.as_ref().is_some_and(|kept| kept[k]) {
                return Some(Ok((k, Outcome::Kept)));
            }
            let old = match cache_valid {
                true => cache.at.get(path).map(|&k| &cache.pages[k].inputs.context),
                false => None,
            };
            let keeps = (cache.keep, recording);
            match render_page(site, theme, &values, *page, path, old, keeps, to) {
                Ok(Outcome::Rendered {
                    inputs: None,
                    html: None,
                    shows: None,
                }) => None,
                outcome => Some(outcome.map(|outcome| (k, outcome))),
            }
        })
        .collect();
    let outcomes = outcomes.map_err(|d| problems.push(d)).ok()?;
    let paths: FxHashSet<&str> = pages.iter().map(|(_, path)| path.as_str()).collect();
    let failed = outcomes.iter().map(|(_, outcome)| outcome);
    let copies = copies_of_site(site, theme, |path| paths.contains(path), failed, problems)?;
    drop(paths);
    let mut rendered = Rendered {
        copies,
        ..Rendered::default()
    };
    let total = pages.len();
    let mut cached = Vec::with_capacity(if cache.keep { total } else { 0 });
    let mut recorded = Vec::with_capacity(if recording { total } else { 0 });
    let mut outcomes = outcomes.into_iter().peekable();
    for (k, (page, path)) in pages.into_iter().enumerate() {
        let Some((_, outcome)) = outcomes.next_if(|&(at, _)| at == k) else {
            continue;
        };
        if recording {
            let shows = match &outcome {
                Outcome::Rendered {
                    shows: Some(shows), ..
                } => shows.iter().map(|&i| i as u32).collect(),
                // Kept only where the last record has this page at this place (`keepable`).
                _ => (cache.previous_record())
                    .map(|previous| previous.pages[k].shows.clone())
                    .unwrap_or_default(),
            };
            recorded.push(RecordedPage {
                path: path.clone(),
                shows,
                size: 0,
                hash: 0,
            });
        }
        if let Some(inputs) = rendered.take(&path, outcome) {
            cached.push(CachedPage { page, path, inputs });
        }
    }
    if let (Some(recording), Some((site_digest, plans))) = (&mut cache.recording, digests) {
        recording.made = Some(PageRecord::new(site_digest, plans, recorded));
    }
    rendered.stats.rendered = total - rendered.stats.reused;
    if cache.keep {
        cache.keep_render(theme, site, site_value, cached, values, &mut rendered);
    }
    Some(rendered)
}

impl RenderCache {
    /// Keeps a render's pages and values for the next render, and notes in `rendered` the
    /// pages of the last render that are gone.
    fn keep_render(
        &mut self,
        theme: &Theme,
        site: &Site,
        site_value: Value,
        pages: Vec<CachedPage>,
        values: Values,
        rendered: &mut Rendered,
    ) {
        let mut at: FxHashMap<String, usize> = FxHashMap::default();
        let mut shared = Vec::new();
        for (k, page) in pages.iter().enumerate() {
            if at.insert(page.path.clone(), k).is_some() {
                shared.push(&page.path);
            }
        }
        // Plans with one slug (an error) have pages at one address, and the output holds the
        // last rendered, which need not be the last cached: such an address is rendered every
        // time.
        for path in shared {
            at.remove(path);
        }
        rendered.gone = (self.pages.iter())
            .filter(|old| !at.contains_key(&old.path))
            .map(|old| old.path.clone())
            .collect();
        *self = RenderCache {
            keep: true,
            templates: theme.template_sources.clone(),
            site: Some(site_value),
            config: Some(site.config.clone()),
            plans: site.plans.clone(),
            pages,
            at,
            values,
            recording: None,
        };
    }
}

impl Rendered {
    /// Counts a page that was not rendered again, takes a page's bytes if it has any, and
    /// returns what the page was rendered from if the cache keeps it.
    fn take(&mut self, path: &str, outcome: Outcome) -> Option<Inputs> {
        match outcome {
            Outcome::Same(inputs) => {
                self.stats.reused += 1;
                Some(inputs)
            }
            Outcome::Rendered { inputs, html, .. } => {
                if let Some(html) = html {
                    self.pages.push((path.to_string(), html));
                }
                inputs
            }
            Outcome::Kept => {
                self.stats.reused += 1;
                None
            }
            Outcome::Failed(_) => unreachable!("a render with failures is not taken in"),
        }
    }
}

/// Which pages need not be rendered, by place: those whose inputs are as `previous` recorded
/// them (the digests of the site and of its plans, `digests`, and the plans each shows) and
/// which the folder of `to` keeps as published. `None` when the site changed in more than
/// its plans' values (every page is rendered).
fn keepable(
    previous: &PageRecord,
    digests: &(u128, Vec<(u128, u128)>),
    pages: &[(Page, String)],
    to: &Destination,
) -> Option<Vec<bool>> {
    let Destination::Folder(folder) = to else {
        return None;
    };
    let changed = previous.changed_plans(digests.0, &digests.1)?;
    let same_pages = previous.pages.len() == pages.len()
        && (previous.pages.iter().zip(pages)).all(|(old, (_, path))| old.path == *path);
    if !same_pages {
        return None;
    }
    let kept = (previous.pages.par_iter())
        .map(|old| {
            let shows_changed = old.shows.iter().any(|&i| changed[i as usize]);
            !shows_changed && folder.keep(&old.path, old.size, old.hash)
        })
        .collect();
    Some(kept)
}

/// Makes the context of `page` and, unless it is `old`, renders the page and hands it to `to`.
/// Its inputs are kept with the outcome when `keep.0`, the plans it shows when `keep.1`. Errs
/// when the page cannot be written, or a plan's body read back.
#[allow(clippy::too_many_arguments)]
fn render_page(
    site: &Site,
    theme: &Theme,
    values: &Values,
    page: Page,
    path: &str,
    old: Option<&Context>,
    (keep, record): (bool, bool),
    to: &Destination,
) -> Result<Outcome, Diagnostic> {
    let renderer = Renderer::new(site, values);
    let context = renderer.context(page, path)?;
    if old == Some(&context) {
        let shows = renderer.shown.into_plans();
        return Ok(Outcome::Same(Inputs { context, shows }));
    }
    // Into bytes: `render` would check the whole page is UTF-8, which it is by construction (a
    // twentieth of a build's time).
    let mut html = Vec::with_capacity(16 * 1024);
    if let Err(err) = theme.tera.render_to(page.template(), &context, &mut html) {
        return Ok(Outcome::Failed(Box::new(err)));
    }
    let shows = (keep || record).then(|| renderer.shown.into_plans());
    let (inputs, shows) = match keep {
        true => (shows.map(|shows| Inputs { context, shows }), None),
        false => (None, shows),
    };
    let html = match to {
        Destination::Folder(folder) => {
            folder.write(path, &html)?;
            None
        }
        Destination::Nowhere => None,
        Destination::Memory => Some(Arc::from(html)),
    };
    Ok(Outcome::Rendered {
        inputs,
        html,
        shows,
    })
}

/// The files to copy besides the pages, when neither they nor the pages (`outcomes`) have a
/// problem; the problems otherwise, each once (many pages made from one template fail the
/// same way).
fn copies_of_site<'a>(
    site: &Site,
    theme: &Theme,
    is_page: impl Fn(&str) -> bool,
    outcomes: impl IntoIterator<Item = &'a Outcome>,
    problems: &mut Problems,
) -> Option<BTreeMap<String, FileSource>> {
    let mut found = Vec::new();
    let copies = copies(site, theme, is_page, &mut found);
    found.extend(outcomes.into_iter().filter_map(|o| match o {
        Outcome::Failed(err) => Some(theme.diagnostic(err)),
        _ => None,
    }));
    if found.is_empty() {
        return Some(copies);
    }
    found.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    found.dedup();
    problems.extend(found);
    None
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::render::Folder;
    use crate::test_site::TestSite;
    use crate::urls;

    fn site() -> TestSite {
        let test = TestSite::new(10);
        test.plan("a", "市总工会", 2013, "甲。")
            .plan("b", "区总工会", 2014, "乙。")
            .plan("c", "区总工会", 2015, "丙。")
            .plan("d", "市总工会", 2016, "丁。");
        test
    }

    fn render(test: &TestSite, cache: &mut RenderCache, to: &Destination) -> Rendered {
        let site = test.load();
        let mut theme = test.theme(&site);
        let mut problems = Problems::new();
        let rendered = render_site(&site, &mut theme, cache, to, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        rendered.unwrap()
    }

    fn by_path(pages: Vec<(String, Arc<[u8]>)>) -> BTreeMap<String, Arc<[u8]>> {
        pages.into_iter().collect()
    }

    #[test]
    fn the_cache_renders_again_only_the_pages_whose_inputs_changed() {
        let test = site();
        let mut cache = RenderCache::default();
        let first = render(&test, &mut cache, &Destination::Memory);
        let all = first.stats.pages();
        assert_eq!((first.stats.rendered, first.pages.len()), (all, all));
        let again = render(&test, &mut cache, &Destination::Memory);
        assert_eq!((again.stats.rendered, again.stats.reused), (0, all));
        assert!(again.pages.is_empty() && again.gone.is_empty());

        test.plan("b", "区总工会", 2014, "改过的乙。");
        let edited = render(&test, &mut cache, &Destination::Memory);
        let rendered: Vec<&str> = edited.pages.iter().map(|(path, _)| path.as_str()).collect();
        assert!(rendered.contains(&urls::plan("b").as_str()), "{rendered:?}");
        assert!(
            !rendered.contains(&urls::plan("d").as_str()),
            "{rendered:?}"
        );
        assert_eq!(edited.stats.rendered, edited.pages.len());
        assert_eq!(edited.stats.reused, all - edited.stats.rendered);
        assert!(edited.stats.rendered < all / 2, "{rendered:?}");
        // The pages kept and the pages rendered again are the pages of a full render.
        let mut pages = by_path(first.pages);
        pages.extend(edited.pages);
        let full = render(
            &test,
            &mut RenderCache::keeping_nothing(),
            &Destination::Memory,
        );
        assert_eq!(pages, by_path(full.pages));
    }

    #[test]
    fn the_pages_that_are_gone_are_reported_gone() {
        let test = site();
        let mut cache = RenderCache::default();
        render(&test, &mut cache, &Destination::Memory);
        std::fs::remove_file(test.root().join("content/plans/c.md")).unwrap();
        let mut rendered = render(&test, &mut cache, &Destination::Memory);
        rendered.gone.sort();
        // The plan's page, and its year's: it was the only plan of 2015.
        assert_eq!(rendered.gone, [urls::plan("c"), urls::year(2015)]);
    }

    /// A folder that notes what it is given.
    #[derive(Default)]
    struct Noted {
        folders: Mutex<Vec<String>>,
        written: Mutex<Vec<String>>,
    }

    impl Folder for Noted {
        fn folders(&self, paths: &mut dyn Iterator<Item = &String>) -> Result<(), Diagnostic> {
            self.folders.lock().unwrap().extend(paths.cloned());
            Ok(())
        }

        fn write(&self, path: &str, _: &[u8]) -> Result<(), Diagnostic> {
            self.written.lock().unwrap().push(path.to_string());
            Ok(())
        }

        /// It holds no site published before, so it keeps nothing.
        fn keep(&self, _: &str, _: u64, _: u128) -> bool {
            false
        }
    }

    #[test]
    fn a_cache_that_keeps_nothing_hands_every_page_to_the_folder_every_time() {
        let test = site();
        let mut cache = RenderCache::keeping_nothing();
        for _ in 0..2 {
            let folder = Noted::default();
            let rendered = render(&test, &mut cache, &Destination::Folder(&folder));
            let mut written = folder.written.into_inner().unwrap();
            written.sort();
            let mut folders = folder.folders.into_inner().unwrap();
            folders.sort();
            assert_eq!(
                written, folders,
                "each page's folder is made before it is written"
            );
            assert_eq!(written.len(), rendered.stats.rendered);
            assert_eq!(rendered.stats.reused, 0);
            assert!(rendered.pages.is_empty(), "a page written is kept nowhere");
        }
    }
}
