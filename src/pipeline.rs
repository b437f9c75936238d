//! The stages in order: load, parse, index, render, write. Each stage reports every problem
//! it finds and the next stage still runs where it can, so one run shows all that is wrong;
//! nothing is written while an error stands.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, load};
use crate::diagnostics::{self, Diagnostic};
use crate::index::Site;
use crate::output;
use crate::render::{self, FileSource, Output, RenderCache, Theme};
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
}

/// Reads, parses and indexes the site: everything but rendering.
pub fn load_site(options: &Options) -> (Option<Site>, Vec<Diagnostic>) {
    let mut config = match Config::load(&options.root) {
        Ok(config) => config,
        Err(problems) => return (None, problems),
    };
    if let Some(base_path) = &options.base_path {
        config.base_path = crate::config::normalize_base_path(base_path);
    }
    let (sources, mut problems) = load::load_sources(&options.root);
    let (plans, found) = content::parse_plans(
        &options.root,
        &sources,
        config.slugify,
        config.raw_html(),
        options.drafts,
    );
    problems.extend(found);
    let (site, found) = Site::build(config, plans);
    problems.extend(found);
    (Some(site), problems)
}

/// Runs every stage up to rendering; the pages are returned only when there was no error.
pub fn render(options: &Options) -> (Option<(Site, Output)>, Report) {
    render_with(options, &mut RenderCache::default())
}

/// [`render`], taking pages whose inputs are the same as in `cache` from it instead of
/// rendering them again (the preview server's rebuilds).
pub fn render_with(options: &Options, cache: &mut RenderCache) -> (Option<(Site, Output)>, Report) {
    let (site, mut problems) = load_site(options);
    let theme = site
        .as_ref()
        .map(|site| Theme::load(&options.root, &site.config));
    let mut result = None;
    let mut rendered = 0;
    match (site, theme) {
        (Some(site), Some(Ok(mut theme))) => match render::render_site(&site, &mut theme, cache) {
            Ok((mut output, stats)) => {
                rendered = stats.rendered;
                let index = search::build(&site);
                output.copies.extend(
                    index
                        .files
                        .into_iter()
                        .map(|(path, bytes)| (path, FileSource::Generated(bytes))),
                );
                result = Some((site, output));
            }
            Err(found) => problems.extend(found),
        },
        (_, Some(Err(found))) => problems.extend(found),
        _ => {}
    }
    diagnostics::sort(&mut problems);
    let mut report = Report {
        diagnostics: problems,
        ..Report::default()
    };
    if let Some((site, output)) = &result {
        report.plans = site.plans.len();
        report.pages = output.pages.len();
        report.rendered = rendered;
        report.files = output.pages.len() + output.copies.len();
    }
    let result = result.filter(|_| !report.failed());
    (result, report)
}

/// Builds the site into `out`, replacing what was there only if everything succeeded.
pub fn build(options: &Options, out: &Path) -> Report {
    if let Err(message) = output::check_out_dir(&options.root, out) {
        return Report {
            diagnostics: vec![Diagnostic::error(out, message)],
            ..Report::default()
        };
    }
    let (result, mut report) = render(options);
    if let Some((_, site_output)) = result
        && let Err(err) = output::publish(&options.root, out, &site_output)
    {
        report.diagnostics.push(
            Diagnostic::error(out, format!("cannot write the site: {err}")).hint(
                "the previous site was left as it was; check free disk space and permissions",
            ),
        );
    }
    report
}
