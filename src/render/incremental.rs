//! Rendering the pages whose inputs changed since the last render: the preview's rebuilds keep a
//! [`RenderCache`] of every page's context and render again only the pages whose context differs.

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tera::{Context, Value};

use super::context::{Renderer, site_value};
use super::pages::Page;
use super::values::{Shown, Values};
use super::{FileSource, Theme, copies};
use crate::config::Config;
use crate::content::Plan;
use crate::diagnostics::Diagnostic;
use crate::index::Site;

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
