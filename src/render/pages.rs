//! The pages of a site: which there are, where each is written and which template makes it.

use crate::index::Site;
use crate::urls;

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

    pub fn template(self) -> &'static str {
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

/// Every page of `site` with its output path, in the order of [`Page::all`].
pub fn pages_with_paths(site: &Site) -> Vec<(Page, String)> {
    let pages = Page::all(site).into_iter();
    pages.map(|page| (page, page.path(site))).collect()
}

/// Pages an index of `len` plans needs: at least one, so an empty unit still has its page.
pub fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size).max(1)
}
