//! Rendering every page of a [`Site`] through the theme's templates, in parallel.

pub mod context;
pub mod theme;

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::Plan;
use crate::diagnostics::Diagnostic;
use crate::index::Site;
use crate::search;
use crate::urls;
use context::{Shown, Values, YearRef, unit_ref, value, year_ref};
pub use theme::{FileSource, Theme};

/// The finished site, before it is written: pages by output path, and files to copy. The
/// preview keeps one from rebuild to rebuild and updates it with what each changed.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub pages: BTreeMap<String, Arc<str>>,
    pub copies: BTreeMap<String, FileSource>,
    /// The search index's files.
    pub index: search::Files,
}

impl Output {
    /// Every file's path, relative to the output folder.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.pages
            .keys()
            .chain(self.copies.keys())
            .chain(self.index.keys())
            .map(String::as_str)
    }

    /// [`Output::files`] as paths.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files().map(Path::new)
    }

    /// Whether the output has a file at `path`: looked up in its sorted maps, which at 13,000
    /// files costs less than hashing them all as `Path`s (component by component).
    pub fn has(&self, path: &str) -> bool {
        self.pages.contains_key(path)
            || self.copies.contains_key(path)
            || self.index.contains_key(path)
    }

    /// Takes in what a render changed, the files to copy now, and what changed in the search
    /// index. Returns the paths of the files that changed or went with them: what must be
    /// written or deleted again. A file copied from disk is among them when it was not copied
    /// from the same file before, or when `on_disk_changed` says its source may have changed.
    pub fn update(
        &mut self,
        rendered: Rendered,
        index: search::IndexChanges,
        on_disk_changed: impl Fn(&Path) -> bool,
    ) -> Vec<String> {
        let Rendered {
            pages,
            gone,
            copies,
            ..
        } = rendered;
        let mut touched = Vec::new();
        for (path, bytes) in index.files {
            self.index.insert(path.clone(), bytes);
            touched.push(path);
        }
        for path in index.gone {
            self.index.remove(&path);
            touched.push(path);
        }
        for (path, html) in pages {
            if self.pages.get(&path) != Some(&html) {
                touched.push(path.clone());
                self.pages.insert(path, html);
            }
        }
        for path in gone {
            if self.pages.remove(&path).is_some() {
                touched.push(path);
            }
        }
        for (path, source) in &copies {
            let same = match (source, self.copies.get(path)) {
                (FileSource::Embedded(new), Some(FileSource::Embedded(old))) => {
                    std::ptr::eq(*new, *old)
                }
                (FileSource::Disk(new), Some(FileSource::Disk(old))) => {
                    new == old && !on_disk_changed(new)
                }
                _ => false,
            };
            if !same {
                touched.push(path.clone());
            }
        }
        let copies_gone = self
            .copies
            .keys()
            .filter(|path| !copies.contains_key(*path));
        touched.extend(copies_gone.cloned());
        self.copies = copies;
        touched
    }
}

/// One page to render: which template, and what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Plan(usize),
    Units,
    /// A unit's index; the second number is the page, from 0.
    Unit(usize, usize),
    Years,
    Year(usize, usize),
    Tags,
    Tag(usize, usize),
    NotFound,
    Sitemap,
    Feed,
    Search,
}

impl Page {
    pub fn all(site: &Site) -> Vec<Page> {
        let mut pages = vec![
            Page::Home,
            Page::Units,
            Page::Years,
            Page::Tags,
            Page::NotFound,
            Page::Sitemap,
            Page::Feed,
            Page::Search,
        ];
        pages.extend((0..site.plans.len()).map(Page::Plan));
        let size = site.config.page_size.get();
        for (u, unit) in site.units.iter().enumerate() {
            pages.extend((0..page_count(unit.plans.len(), size)).map(|p| Page::Unit(u, p)));
        }
        for (y, year) in site.years.iter().enumerate() {
            pages.extend((0..page_count(year.plans.len(), size)).map(|p| Page::Year(y, p)));
        }
        for (t, tag) in site.tags.iter().enumerate() {
            pages.extend((0..page_count(tag.plans.len(), size)).map(|p| Page::Tag(t, p)));
        }
        pages
    }

    pub fn path(self, site: &Site) -> String {
        match self {
            Page::Home => urls::HOME.into(),
            Page::Plan(i) => urls::plan(&site.plans[i].slug),
            Page::Units => urls::UNITS.into(),
            Page::Unit(i, p) => urls::page(&urls::unit(&site.units[i].slug), p + 1),
            Page::Years => urls::YEARS.into(),
            Page::Year(i, p) => urls::page(&urls::year(site.years[i].year), p + 1),
            Page::Tags => urls::TAGS.into(),
            Page::Tag(i, p) => urls::page(&urls::tag(&site.tags[i].slug), p + 1),
            Page::NotFound => urls::NOT_FOUND.into(),
            Page::Sitemap => urls::SITEMAP.into(),
            Page::Feed => urls::FEED.into(),
            Page::Search => urls::SEARCH.into(),
        }
    }

    fn template(self) -> &'static str {
        match self {
            Page::Home => "index.html",
            Page::Plan(_) => "plan.html",
            Page::Units => "units.html",
            Page::Unit(..) => "unit.html",
            Page::Years => "years.html",
            Page::Year(..) => "year.html",
            Page::Tags => "tags.html",
            Page::Tag(..) => "tag.html",
            Page::NotFound => "404.html",
            Page::Sitemap => "sitemap.xml",
            Page::Feed => "atom.xml",
            Page::Search => "search.html",
        }
    }
}

/// The pages of the last successful render with what they were rendered from, so that the
/// next render can skip every page whose inputs are unchanged. A page's output depends only on
/// the templates, the global `site` value and its own context, so equal inputs give equal bytes:
/// a full build is a render with an empty cache, and both take the same path. The pages' text
/// is not kept here but in the [`Output`] that the caller updates from each [`Rendered`].
#[derive(Default)]
pub struct RenderCache {
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
}

struct CachedPage {
    page: Page,
    path: String,
    context: Context,
    /// The plans whose values the context holds.
    shows: Vec<usize>,
}

impl RenderCache {
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
    /// Pages rendered again, by address; a page not here is as it was.
    pub pages: Vec<(String, Arc<str>)>,
    /// Addresses of the last render's pages that are no longer pages.
    pub gone: Vec<String>,
    /// Every file to copy (static files, attachments), changed or not: there are few.
    pub copies: BTreeMap<String, FileSource>,
    pub stats: RenderStats,
}

/// What became of one page in a render.
enum Outcome {
    /// Its context was made again and is as it was.
    Same {
        context: Context,
        shows: Vec<usize>,
    },
    Rendered {
        context: Context,
        shows: Vec<usize>,
        html: String,
    },
    Failed(tera::Error),
}

/// How much of the site a render had to redo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    pub rendered: usize,
    pub reused: usize,
}

/// Renders every page whose inputs changed since `cache` was filled, and gathers the files to
/// copy. Errors are collected from all pages; on error the pages of the output are still those
/// of the last render that succeeded.
pub fn render_site(
    site: &Site,
    theme: &mut Theme,
    cache: &mut RenderCache,
) -> Result<Rendered, Vec<Diagnostic>> {
    let site_value = site_value(site);
    let cache_valid =
        cache.templates == theme.template_sources && cache.site.as_ref() == Some(&site_value);
    theme
        .tera
        .global_context()
        .insert_value("site", site_value.clone());
    match cache_valid.then(|| cache.changed_plans(site)).flatten() {
        Some(changed) => render_plans(site, theme, cache, &changed).inspect_err(|_| {
            // The plans' values were made again, and not the pages that show them.
            cache.site = None;
        }),
        None => render_all(site, theme, cache, site_value, cache_valid),
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
) -> Result<Rendered, Vec<Diagnostic>> {
    cache.values.update(site, changed);
    let mut is_changed = vec![false; site.plans.len()];
    for &i in changed {
        is_changed[i] = true;
        cache.plans[i] = site.plans[i].clone();
    }
    let showing: Vec<usize> = (0..cache.pages.len())
        .filter(|&k| cache.pages[k].shows.iter().any(|&i| is_changed[i]))
        .collect();
    let outcomes: Vec<Outcome> = showing
        .par_iter()
        .map(|&k| {
            let old = &cache.pages[k];
            render_page(
                site,
                theme,
                &cache.values,
                old.page,
                &old.path,
                Some(&old.context),
            )
        })
        .collect();
    let (copies, mut problems) = copies(site, theme, |path| cache.at.contains_key(path));
    problems.extend(failures(theme, &outcomes));
    if !problems.is_empty() {
        return Err(each_once(problems));
    }
    let mut rendered = Rendered {
        copies,
        ..Rendered::default()
    };
    for (k, outcome) in showing.into_iter().zip(outcomes) {
        let page = &mut cache.pages[k];
        match outcome {
            Outcome::Same { context, shows } => (page.context, page.shows) = (context, shows),
            Outcome::Rendered {
                context,
                shows,
                html,
            } => {
                (page.context, page.shows) = (context, shows);
                rendered.pages.push((page.path.clone(), Arc::from(html)));
            }
            Outcome::Failed(_) => unreachable!("failures returned above"),
        }
    }
    rendered.stats = RenderStats {
        rendered: rendered.pages.len(),
        reused: cache.pages.len() - rendered.pages.len(),
    };
    Ok(rendered)
}

/// Every page's context made and, unless `cache_valid` and equal to the one cached at its
/// address, the page rendered. On error the cache is left as it was.
fn render_all(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    site_value: Value,
    cache_valid: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let values = Values::reusing(site, &cache.values);
    let pages = Page::all(site);
    let outcomes: Vec<(String, Outcome)> = pages
        .par_iter()
        .map(|&page| {
            let path = page.path(site);
            let old = match cache_valid {
                true => cache.at.get(&path).map(|&k| &cache.pages[k].context),
                false => None,
            };
            let outcome = render_page(site, theme, &values, page, &path, old);
            (path, outcome)
        })
        .collect();
    let mut at: FxHashMap<String, usize> = FxHashMap::default();
    let mut shared = Vec::new();
    for (k, (path, _)) in outcomes.iter().enumerate() {
        if at.insert(path.clone(), k).is_some() {
            shared.push(path);
        }
    }
    // Plans with one slug (an error) have pages at one address, and the output holds the last
    // rendered, which need not be the last cached: such an address is rendered every time.
    for path in shared {
        at.remove(path);
    }
    let (copies, mut problems) = copies(site, theme, |path| at.contains_key(path));
    problems.extend(failures(theme, outcomes.iter().map(|(_, o)| o)));
    if !problems.is_empty() {
        return Err(each_once(problems));
    }
    let mut rendered = Rendered {
        gone: (cache.pages.iter())
            .filter(|old| !at.contains_key(&old.path))
            .map(|old| old.path.clone())
            .collect(),
        copies,
        ..Rendered::default()
    };
    let mut cached = Vec::with_capacity(outcomes.len());
    for (page, (path, outcome)) in pages.into_iter().zip(outcomes) {
        let (context, shows) = match outcome {
            Outcome::Same { context, shows } => (context, shows),
            Outcome::Rendered {
                context,
                shows,
                html,
            } => {
                rendered.pages.push((path.clone(), Arc::from(html)));
                (context, shows)
            }
            Outcome::Failed(_) => unreachable!("failures returned above"),
        };
        cached.push(CachedPage {
            page,
            path,
            context,
            shows,
        });
    }
    rendered.stats = RenderStats {
        rendered: rendered.pages.len(),
        reused: cached.len() - rendered.pages.len(),
    };
    *cache = RenderCache {
        templates: theme.template_sources.clone(),
        site: Some(site_value),
        config: Some(site.config.clone()),
        plans: site.plans.clone(),
        pages: cached,
        at,
        values,
    };
    Ok(rendered)
}

/// Makes the context of `page` and renders it, unless the context is `old`.
fn render_page(
    site: &Site,
    theme: &Theme,
    values: &Values,
    page: Page,
    path: &str,
    old: Option<&Context>,
) -> Outcome {
    let renderer = Renderer {
        site,
        values,
        shown: Shown::default(),
    };
    let context = renderer.context(page, path);
    let shows = renderer.shown.into_plans();
    if old == Some(&context) {
        return Outcome::Same { context, shows };
    }
    match theme.tera.render(page.template(), &context) {
        Ok(html) => Outcome::Rendered {
            context,
            shows,
            html,
        },
        Err(err) => Outcome::Failed(err),
    }
}

/// The template errors among `outcomes`.
fn failures<'a>(
    theme: &Theme,
    outcomes: impl IntoIterator<Item = &'a Outcome>,
) -> impl Iterator<Item = Diagnostic> {
    outcomes.into_iter().filter_map(|o| match o {
        Outcome::Failed(err) => Some(theme.diagnostic(err)),
        _ => None,
    })
}

/// `problems` sorted, each once: many pages made from one template fail the same way.
fn each_once(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    problems.dedup();
    problems
}

/// Why [`render_into`] stopped.
#[derive(Debug)]
pub enum RenderFailure {
    /// Template errors, from every page.
    Templates(Vec<Diagnostic>),
    /// `write` failed; rendering stopped there.
    Write(io::Error),
}

/// Every page of `site` with its output path, in the order of [`Page::all`].
pub fn pages_with_paths(site: &Site) -> Vec<(Page, String)> {
    let pages = Page::all(site).into_iter();
    pages.map(|page| (page, page.path(site))).collect()
}

/// Renders `pages` (every page, from [`pages_with_paths`]) and hands each to `write` as soon as
/// it is done, keeping none: the full build's path, whose memory does not grow with the number
/// of pages. Returns the files to copy besides (static files, attachments). Template errors
/// are collected from all pages.
pub fn render_into(
    site: &Site,
    theme: &mut Theme,
    pages: &[(Page, String)],
    write: &(dyn Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> Result<(BTreeMap<String, FileSource>, usize), RenderFailure> {
    theme
        .tera
        .global_context()
        .insert_value("site", site_value(site));
    let theme = &*theme;
    let values = Values::new(site);
    let problems = std::sync::Mutex::new(Vec::new());
    pages
        .par_iter()
        .try_for_each(|(page, path)| {
            let page = *page;
            let renderer = Renderer {
                site,
                values: &values,
                shown: Shown::default(),
            };
            let context = renderer.context(page, path);
            // Into bytes: `render` would check the whole page is UTF-8, which it is by
            // construction (a twentieth of the build's time).
            let mut html = Vec::with_capacity(16 * 1024);
            match theme.tera.render_to(page.template(), &context, &mut html) {
                Ok(()) => write(path, &html),
                Err(err) => {
                    let d = theme.diagnostic(&err);
                    problems.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                    Ok(())
                }
            }
        })
        .map_err(RenderFailure::Write)?;
    let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    let paths: std::collections::HashSet<&str> = pages.iter().map(|(_, p)| p.as_str()).collect();
    let (copies, found) = copies(site, theme, |path| paths.contains(path));
    problems.extend(found);
    if problems.is_empty() {
        Ok((copies, pages.len()))
    } else {
        Err(RenderFailure::Templates(each_once(problems)))
    }
}

/// The files copied as they are: the theme's static files and every plan's attachments.
/// A static file may not take the place of a page (`is_page`).
fn copies(
    site: &Site,
    theme: &Theme,
    is_page: impl Fn(&str) -> bool,
) -> (BTreeMap<String, FileSource>, Vec<Diagnostic>) {
    let mut copies = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, source) in &theme.static_files {
        if is_page(path) {
            problems.push(
                Diagnostic::error(
                    format!("static/{path}"),
                    format!("this static file would overwrite the generated page {path}"),
                )
                .hint("rename or remove the static file"),
            );
        }
        copies.insert(path.clone(), source.clone());
    }
    for plan in &site.plans {
        for attachment in &plan.attachments {
            let path = urls::attachment(&plan.slug, &attachment.name);
            copies.insert(path, FileSource::Disk(attachment.source.clone()));
        }
    }
    (copies, problems)
}

fn site_value(site: &Site) -> Value {
    let config = &site.config;
    let mut map = tera::Map::new();
    let mut put = |key: &'static str, v: Value| {
        map.insert(key.into(), v);
    };
    put("title", value(&config.title));
    put("description", value(&config.description));
    put("language", value(&config.language));
    put("base_path", value(&config.base_path));
    put("plan_count", value(&site.plans.len()));
    let pages: BTreeMap<&str, &str> = [
        ("home", urls::HOME),
        ("units", urls::UNITS),
        ("years", urls::YEARS),
        ("tags", urls::TAGS),
        ("stylesheet", urls::STYLESHEET),
        ("feed", urls::FEED),
        ("search", urls::SEARCH),
        ("search_script", urls::SEARCH_SCRIPT),
    ]
    .into();
    put("pages", value(&pages));
    let top_units: Vec<_> = site
        .units
        .iter()
        .filter(|u| u.parent.is_none())
        .map(unit_ref)
        .collect();
    put("units", value(&top_units));
    let years: Vec<_> = site
        .years
        .iter()
        .map(|y| year_ref(y.year, y.plans.len()))
        .collect();
    put("years", value(&years));
    Value::from(map)
}

/// Makes the context of one page.
struct Renderer<'a> {
    site: &'a Site,
    values: &'a Values,
    /// The plans whose values the context holds.
    shown: Shown,
}

impl Renderer<'_> {
    fn context(&self, page: Page, path: &str) -> Context {
        let site = self.site;
        let mut ctx = Context::new();
        let root = match page {
            // Servers show the 404 page at the address that was not found, at any depth.
            Page::NotFound => site.config.base_path.clone(),
            // Feeds and sitemaps are read away from the site: their links must be absolute.
            Page::Sitemap | Page::Feed => site.config.link_prefix().to_string(),
            _ => urls::root_from(path),
        };
        ctx.insert("root", &root);
        ctx.insert("page_path", path);
        match page {
            Page::Home => {
                ctx.insert_value("plans", self.newest(site.config.home_plans));
                ctx.insert_value("units", self.all_units());
                ctx.insert_value("years", self.all_years());
                ctx.insert_value("tags", self.all_tags());
            }
            Page::Plan(i) => {
                let links = &site.links[i];
                ctx.insert_value("plan", self.values.plan(site, i, &self.shown));
                ctx.insert_value("unit", self.values.units[links.unit].clone());
                ctx.insert_value("ancestors", self.ancestors(links.unit));
                ctx.insert_value("older", self.card(links.older));
                let year = site.plans[i].meta.year;
                ctx.insert("unit_year_path", &self.unit_year_path(links.unit, year));
                ctx.insert_value("newer", self.card(links.newer));
            }
            Page::Units => {
                ctx.insert_value("units", self.all_units());
                ctx.insert_value("grid", self.grid());
            }
            Page::Unit(u, p) => {
                let unit = &site.units[u];
                let first = urls::unit(&unit.slug);
                ctx.insert_value("pager", self.pager(&first, p, unit.plans.len()));
                ctx.insert_value("unit", self.values.units[u].clone());
                ctx.insert_value("ancestors", self.ancestors(u));
                let children: Vec<Value> = unit
                    .children
                    .iter()
                    .map(|&c| self.values.units[c].clone())
                    .collect();
                ctx.insert_value("children", Value::from(children));
                ctx.insert_value("groups", self.by_year(self.slice(&unit.plans, p)));
                ctx.insert_value("years", self.unit_years(u));
            }
            Page::Years => {
                let years: Vec<Value> = site
                    .years
                    .iter()
                    .map(|y| {
                        let mut map = value(&year_ref(y.year, y.plans.len()))
                            .into_map()
                            .unwrap_or_default();
                        map.insert("units".into(), self.unit_counts(&y.plans));
                        Value::from(map)
                    })
                    .collect();
                ctx.insert_value("years", Value::from(years));
            }
            Page::Year(y, p) => {
                let year = &site.years[y];
                let first = urls::year(year.year);
                ctx.insert_value("pager", self.pager(&first, p, year.plans.len()));
                ctx.insert_value("year", value(&year_ref(year.year, year.plans.len())));
                // `years` is newest first: the next entry is the year before.
                let neighbour = |i: Option<usize>| match i.and_then(|i| site.years.get(i)) {
                    Some(n) => value(&year_ref(n.year, n.plans.len())),
                    None => Value::none(),
                };
                ctx.insert_value("older_year", neighbour(Some(y + 1)));
                ctx.insert_value("newer_year", neighbour(y.checked_sub(1)));
                ctx.insert_value("groups", self.by_unit(self.slice(&year.plans, p)));
                let units: std::collections::BTreeSet<usize> =
                    year.plans.iter().map(|&i| site.links[i].unit).collect();
                ctx.insert("unit_count", &units.len());
            }
            Page::Tags => ctx.insert_value("tags", self.all_tags()),
            Page::Tag(t, p) => {
                let tag = &site.tags[t];
                let first = urls::tag(&tag.slug);
                ctx.insert_value("pager", self.pager(&first, p, tag.plans.len()));
                ctx.insert_value(
                    "tag",
                    value(&TagRef {
                        name: &tag.name,
                        path: urls::tag(&tag.slug),
                        count: tag.plans.len(),
                    }),
                );
                ctx.insert_value("plans", self.cards_of(self.slice(&tag.plans, p)));
            }
            Page::NotFound | Page::Search => {}
            Page::Sitemap => {
                let pages: Vec<String> = Page::all(site)
                    .into_iter()
                    .filter(|p| {
                        !matches!(
                            p,
                            Page::NotFound | Page::Sitemap | Page::Feed | Page::Search
                        )
                    })
                    .map(|p| p.path(site))
                    .collect();
                ctx.insert("pages", &pages);
            }
            Page::Feed => {
                let updated = site
                    .plans
                    .first()
                    .map(|plan| context::updated(plan))
                    .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
                ctx.insert_value("plans", self.newest(site.config.feed_plans));
                ctx.insert("updated", &updated);
            }
        }
        ctx
    }

    /// The plans on page `page` (from 0) of an index listing `plans`.
    fn slice<'p>(&self, plans: &'p [usize], page: usize) -> &'p [usize] {
        let size = self.site.config.page_size.get();
        let start = (page * size).min(plans.len());
        &plans[start..(start + size).min(plans.len())]
    }

    /// Links between the pages of an index of `len` plans whose first page is `first`:
    /// `{current, total, prev, next, pages: [{number, path, current} or {gap: true}]}`, pages
    /// numbered from 1, with the first, the last and two either side of the current one.
    fn pager(&self, first: &str, page: usize, len: usize) -> Value {
        let total = page_count(len, self.site.config.page_size.get());
        let current = page + 1;
        let path = |n: usize| urls::page(first, n);
        let mut pages = Vec::new();
        for n in 1..=total {
            let near = n == 1 || n == total || n.abs_diff(current) <= 2;
            if near {
                pages.push(PagerLink::Page {
                    number: n,
                    path: path(n),
                    current: n == current,
                });
            } else if !matches!(pages.last(), Some(PagerLink::Gap { .. })) {
                pages.push(PagerLink::Gap { gap: true });
            }
        }
        value(&Pager {
            current,
            total,
            items: len,
            prev: (current > 1).then(|| path(current - 1)),
            next: (current < total).then(|| path(current + 1)),
            pages,
        })
    }

    /// The years a unit has plans in, newest first, each linking to where it starts:
    /// `[{year, count, path}]`.
    fn unit_years(&self, unit: usize) -> Value {
        let u = &self.site.units[unit];
        let ends = u.years.iter().skip(1).map(|&(_, start)| start);
        let list: Vec<YearLink> = (u.years.iter().zip(ends.chain([u.plans.len()])))
            .map(|(&(year, start), end)| YearLink {
                year,
                count: end - start,
                path: self.unit_year_path(unit, year),
            })
            .collect();
        value(&list)
    }

    /// The page of a unit's index where its plans of `year` start, with the year's anchor.
    fn unit_year_path(&self, unit: usize, year: i32) -> String {
        let unit = &self.site.units[unit];
        let position = (unit.years.iter())
            .find(|&&(y, _)| y == year)
            .map_or(0, |&(_, start)| start);
        let page = position / self.site.config.page_size.get() + 1;
        format!(
            "{}#{}",
            urls::page(&urls::unit(&unit.slug), page),
            year_anchor(year)
        )
    }

    /// The cards of the `count` newest plans (`cards` is newest first).
    fn newest(&self, count: usize) -> Value {
        let newest = 0..count.min(self.values.len());
        Value::from(newest.map(|i| self.card_of(i)).collect::<Vec<_>>())
    }

    fn card(&self, index: Option<usize>) -> Value {
        index.map_or_else(Value::none, |i| self.card_of(i))
    }

    fn card_of(&self, index: usize) -> Value {
        self.values.card(index, &self.shown)
    }

    fn cards_of(&self, plans: &[usize]) -> Value {
        Value::from(plans.iter().map(|&i| self.card_of(i)).collect::<Vec<_>>())
    }

    fn all_units(&self) -> Value {
        Value::from(self.values.units.clone())
    }

    fn all_years(&self) -> Value {
        value(
            &self
                .site
                .years
                .iter()
                .map(|y| year_ref(y.year, y.plans.len()))
                .collect::<Vec<_>>(),
        )
    }

    fn all_tags(&self) -> Value {
        let tags: Vec<TagRef> = self
            .site
            .tags
            .iter()
            .map(|t| TagRef {
                name: &t.name,
                path: urls::tag(&t.slug),
                count: t.plans.len(),
            })
            .collect();
        value(&tags)
    }

    fn ancestors(&self, unit: usize) -> Value {
        let chain: Vec<Value> = self
            .site
            .ancestors(unit)
            .into_iter()
            .map(|a| self.values.units[a].clone())
            .collect();
        Value::from(chain)
    }

    /// Plans (newest first) grouped by year: `[{year, path, anchor, plans}]`.
    fn by_year(&self, plans: &[usize]) -> Value {
        let mut groups: Vec<(i32, Vec<usize>)> = Vec::new();
        for &i in plans {
            let year = self.site.plans[i].meta.year;
            match groups.last_mut() {
                Some((y, list)) if *y == year => list.push(i),
                _ => groups.push((year, vec![i])),
            }
        }
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|(year, list)| {
                let mut map = value(&year_ref(year, list.len()))
                    .into_map()
                    .unwrap_or_default();
                map.insert("anchor".into(), value(&year_anchor(year)));
                map.insert("plans".into(), self.cards_of(&list));
                Value::from(map)
            })
            .collect();
        Value::from(groups)
    }

    /// Plans grouped by unit, units in tree order: `[{unit, plans}]`.
    fn by_unit(&self, plans: &[usize]) -> Value {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in plans {
            groups.entry(self.site.links[i].unit).or_default().push(i);
        }
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|(unit, list)| {
                let mut map = tera::Map::new();
                map.insert("unit".into(), self.values.units[unit].clone());
                map.insert("plans".into(), self.cards_of(&list));
                Value::from(map)
            })
            .collect();
        Value::from(groups)
    }

    /// `[{unit, count}]` for the plans given, units in tree order.
    fn unit_counts(&self, plans: &[usize]) -> Value {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in plans {
            *counts.entry(self.site.links[i].unit).or_default() += 1;
        }
        let list: Vec<UnitCount> = counts
            .into_iter()
            .map(|(u, count)| UnitCount {
                unit: unit_ref(&self.site.units[u]),
                count,
            })
            .collect();
        value(&list)
    }

    /// Which unit has plans in which year: `{years: [..], rows: [{unit, cells: [{year, count, path}]}]}`.
    fn grid(&self) -> Value {
        let site = self.site;
        let years: Vec<i32> = site.years.iter().rev().map(|y| y.year).collect();
        let rows: Vec<GridRow> = site
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let cells = years
                    .iter()
                    .map(|&year| {
                        let count = unit
                            .plans
                            .iter()
                            .filter(|&&i| site.plans[i].meta.year == year)
                            .count();
                        let path = (count > 0).then(|| self.unit_year_path(u, year));
                        GridCell { year, count, path }
                    })
                    .collect();
                GridRow {
                    unit: unit_ref(unit),
                    cells,
                }
            })
            .collect();
        let years: Vec<YearRef> = site
            .years
            .iter()
            .rev()
            .map(|y| year_ref(y.year, y.plans.len()))
            .collect();
        value(&Grid { years, rows })
    }
}

/// Pages an index of `len` plans needs: at least one, so an empty unit still has its page.
fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size).max(1)
}

#[derive(serde::Serialize)]
struct YearLink {
    year: i32,
    count: usize,
    path: String,
}

#[derive(serde::Serialize)]
struct Pager {
    current: usize,
    total: usize,
    /// Plans in the whole index.
    items: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum PagerLink {
    Page {
        number: usize,
        path: String,
        current: bool,
    },
    Gap {
        gap: bool,
    },
}

/// The id of a year's group on a unit page.
fn year_anchor(year: i32) -> String {
    format!("y{year}")
}

#[derive(serde::Serialize)]
struct TagRef<'a> {
    name: &'a str,
    path: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct UnitCount<'a> {
    unit: context::UnitRef<'a>,
    count: usize,
}

#[derive(serde::Serialize)]
struct Grid<'a> {
    years: Vec<YearRef>,
    rows: Vec<GridRow<'a>>,
}

#[derive(serde::Serialize)]
struct GridRow<'a> {
    unit: context::UnitRef<'a>,
    cells: Vec<GridCell>,
}

#[derive(serde::Serialize)]
struct GridCell {
    year: i32,
    count: usize,
    path: Option<String>,
}
