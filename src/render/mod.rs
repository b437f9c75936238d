//! Rendering every page of a [`Site`] through the theme's templates, in parallel.

mod context;
mod incremental;
mod inline;
mod office;
mod pages;
pub mod record;
pub mod theme;
mod values;

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, codes};
use crate::site::Site;
use crate::urls;
pub use incremental::{RenderCache, RenderStats, Rendered, render_site};
pub use pages::Page;
pub use theme::{FileSource, Theme};

/// Where a render puts the pages it renders: the site goes to one of two places, and one body
/// renders for both (see [`render_site`]).
pub enum Destination<'a> {
    /// Each page written into a build's folder as soon as it is rendered, and kept nowhere, so
    /// that a build's memory does not grow with the site.
    Folder(&'a dyn Folder),
    /// Every page rendered, to find every template error, and kept nowhere: `plansite check`,
    /// or a build that has already failed.
    Nowhere,
    /// Kept in [`Rendered::pages`], for the preview's output in memory.
    Memory,
}

/// A folder that pages are written into while they are rendered (a build's staging folder).
pub trait Folder: Sync {
    /// Makes the folders of the pages at `paths`, before any page is written.
    fn folders(&self, paths: &mut dyn Iterator<Item = &String>) -> Result<(), Diagnostic>;

    /// Writes one page; its folder was made by [`Folder::folders`].
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Takes the page at `path` as it is, without its bytes, if the folder holds it with this
    /// size and hash and so does the site published last: whether it did.
    fn keep(&self, path: &str, size: u64, hash: u128) -> bool;
}

/// The files copied as they are: the theme's static files and every plan's attachments.
/// A static file may not take the place of a page (`is_page`).
fn copies(
    site: &Site,
    theme: &Theme,
    is_page: impl Fn(&str) -> bool,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, FileSource> {
    let mut copies = BTreeMap::new();
    for (path, source) in &theme.static_files {
        if is_page(path) {
            problems.push(
                Diagnostic::error(codes::STATIC_OVERWRITES_PAGE, format!("static/{path}"))
                    .arg("page", path),
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
    copies
}
