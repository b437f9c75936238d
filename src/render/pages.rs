//! The pages of a site: which there are, where each is written and which template makes it.

use crate::site::Site;
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::test_site::TestSite;

    #[test]
    fn an_index_has_as_many_pages_as_it_needs_and_at_least_one() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(1, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(7, 1), 7);
    }

    #[test]
    fn every_page_has_an_address_of_its_own() {
        // Three plans, two a page: the unit above (with one plan) has one page, the unit
        // below (two) one, 2015 (two) one, 2016 (one) one, and the tag (three) two.
        let test = TestSite::new(2);
        test.plan("a", "市总工会", 2015, "甲。")
            .plan("b", "区总工会", 2015, "乙。")
            .plan("c", "区总工会", 2016, "丙。");
        let site = test.load();
        let pages = pages_with_paths(&site);
        let fixed = 8;
        assert_eq!(pages.len(), fixed + 3 + 2 + 2 + 2);
        let paths: HashSet<&str> = pages.iter().map(|(_, path)| path.as_str()).collect();
        assert_eq!(paths.len(), pages.len(), "two pages at one address");
        for (page, path) in &pages {
            assert_eq!(*path, page.path(&site));
        }
        let tag = urls::tag(&site.tags[0].slug);
        assert!(paths.contains(urls::page(&tag, 2).as_str()));
        assert!(!paths.contains(urls::page(&tag, 3).as_str()));
        for plan in &site.plans {
            assert!(paths.contains(urls::plan(&plan.slug).as_str()));
        }
        let templates: HashSet<&str> = pages.iter().map(|(page, _)| page.template()).collect();
        assert_eq!(templates.len(), 12, "one template for each kind of page");
    }
}
