//! The stages in order: load, parse, index, render, write. Each stage reports every problem
//! it finds and the next stage still runs where it can, so one run shows all that is wrong;
//! nothing is written while an error stands.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, load};
use crate::diagnostics::{self, Diagnostic};
use crate::index::Site;
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
    let (mut site, mut theme) = match (site, theme) {
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
        let pages = render::Page::all(&site);
        let paths: Vec<String> = pages.iter().map(|p| p.path(&site)).collect();
        match output::Staging::new(&options.root, out).and_then(|s| s.folders(&paths).map(|()| s)) {
            Ok(s) => staging = Some(s),
            Err(err) => problems.push(write_failed(out, err)),
        }
    }
    // The index needs the plans' text, and nothing after it does: building it first lets the
    // pages reuse that memory.
    let index = staging.is_some().then(|| search::build(&site));
    for plan in &mut site.plans {
        plan.text = String::new();
    }
    let write = |path: &str, bytes: &[u8]| match &staging {
        Some(staging) => staging.write(path, bytes),
        None => Ok(()),
    };
    let copies = match render::render_into(&site, &mut theme, &write) {
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
            .flat_map(|index| index.files)
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
    report.with(problems)
}
