//! Rendering every page of a [`Site`] through the theme's templates, in parallel.

mod context;
mod incremental;
mod pages;
pub mod theme;
pub mod values;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::index::Site;
use crate::urls;
pub use incremental::{
    RenderCache, RenderFailure, RenderStats, Rendered, render_into, render_site,
};
pub use pages::{Page, pages_with_paths};
pub use theme::{FileSource, Theme};

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
