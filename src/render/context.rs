//! The context each page's template sees: one function per kind of page puts together its
//! variables from the site and the shared [`Values`].
//!
//! `docs/templates.md` documents every variable; keep it in step with this file and
//! `values.rs`.

use std::collections::BTreeMap;

use tera::{Context, Value};

use super::pages::{Page, page_count};
use super::values::{self, Shown, UnitRef, Values, unit_ref, value, year_ref};
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::urls;

pub(super) fn site_value(site: &Site) -> Value {
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
pub(super) struct Renderer<'a> {
    pub site: &'a Site,
    pub values: &'a Values,
    /// The plans whose values the context holds.
    pub shown: Shown,
}

impl<'a> Renderer<'a> {
    /// A renderer that has shown no plan yet.
    pub fn new(site: &'a Site, values: &'a Values) -> Renderer<'a> {
        Renderer {
            site,
            values,
            shown: Shown::default(),
        }
    }

    /// The context of `page`, at `path`: what every page has, then what its kind shows.
    /// Errs when a plan's body cannot be read back.
    pub fn context(&self, page: Page, path: &str) -> Result<Context, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("root", &self.root(page, path));
        ctx.insert("page_path", path);
        match page {
            Page::Home => self.home(&mut ctx),
            Page::Plan(i) => self.plan(&mut ctx, i)?,
            Page::Units => self.units(&mut ctx),
            Page::Unit(u, p) => self.unit(&mut ctx, u, p),
            Page::Years => self.years(&mut ctx),
            Page::Year(y, p) => self.year(&mut ctx, y, p),
            Page::Tags => ctx.insert_value("tags", self.all_tags()),
            Page::Tag(t, p) => self.tag(&mut ctx, t, p),
            Page::NotFound | Page::Search => {}
            Page::Sitemap => self.sitemap(&mut ctx),
            Page::Feed => self.feed(&mut ctx),
        }
        Ok(ctx)
    }

    /// The way from the page at `path` to the site's root, for its links.
    fn root(&self, page: Page, path: &str) -> String {
        let config = &self.site.config;
        match page {
            // Servers show the 404 page at the address that was not found, at any depth.
            Page::NotFound => config.base_path.clone(),
            // Feeds and sitemaps are read away from the site: their links must be absolute.
            Page::Sitemap | Page::Feed => config.link_prefix().to_string(),
            _ => urls::root_from(path),
        }
    }

    /// The home page: the newest plans, and every unit, year and tag.
    fn home(&self, ctx: &mut Context) {
        let site = self.site;
        ctx.insert_value("plans", self.newest(site.config.home_plans));
        ctx.insert_value("units", self.all_units());
        ctx.insert_value("years", self.all_years());
        ctx.insert_value("tags", self.all_tags());
    }

    /// A plan's page: the plan, its unit and the plans before and after it.
    fn plan(&self, ctx: &mut Context, i: usize) -> Result<(), Diagnostic> {
        let site = self.site;
        let links = &site.links[i];
        ctx.insert_value("plan", self.values.plan(site, i, &self.shown)?);
        ctx.insert_value("unit", self.values.units[links.unit].clone());
        ctx.insert_value("ancestors", self.ancestors(links.unit));
        ctx.insert_value("older", self.card(links.older));
        let year = site.plans[i].meta.year;
        ctx.insert("unit_year_path", &self.unit_year_path(links.unit, year));
        ctx.insert_value("newer", self.card(links.newer));
        ctx.insert_value("pair", self.pair(i));
        Ok(())
    }

    /// The list of units, with the grid of which unit has plans in which year.
    fn units(&self, ctx: &mut Context) {
        ctx.insert_value("units", self.all_units());
        ctx.insert_value("grid", self.grid());
    }

    /// Page `p` of unit `u`'s index: its plans by year, and its units above and below; on the
    /// first page, its plans beside its summaries.
    fn unit(&self, ctx: &mut Context, u: usize, p: usize) {
        let site = self.site;
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
        ctx.insert_value("filings", self.filings(u, p));
    }

    /// The list of years, each with its units.
    fn years(&self, ctx: &mut Context) {
        let site = self.site;
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

    /// Page `p` of year `y`'s index: its plans by unit, and the years either side.
    fn year(&self, ctx: &mut Context, y: usize, p: usize) {
        let site = self.site;
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
        ctx.insert_value("filing", self.filing(year.year, p));
    }

    /// Page `p` of tag `t`'s index: its plans.
    fn tag(&self, ctx: &mut Context, t: usize, p: usize) {
        let site = self.site;
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

    /// The sitemap: the address of every page a search engine should know.
    fn sitemap(&self, ctx: &mut Context) {
        let site = self.site;
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

    /// The feed: the newest plans, and when the newest changed.
    fn feed(&self, ctx: &mut Context) {
        let site = self.site;
        let updated = site
            .plans
            .first()
            .map(|plan| values::updated(plan))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        ctx.insert_value("plans", self.newest(site.config.feed_plans));
        ctx.insert("updated", &updated);
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
    pub(super) fn unit_year_path(&self, unit: usize, year: i32) -> String {
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

    pub(super) fn card(&self, index: Option<usize>) -> Value {
        index.map_or_else(Value::none, |i| self.card_of(i))
    }

    fn card_of(&self, index: usize) -> Value {
        self.values.card(self.site, index, &self.shown)
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
pub(super) fn year_anchor(year: i32) -> String {
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
    unit: UnitRef<'a>,
    count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_site::TestSite;

    /// A site of nine plans of one unit, one a page, newest first by name: p1 (2019) to p9
    /// (2011).
    fn nine() -> Site {
        let test = TestSite::new(1);
        for n in 1..=9 {
            test.plan(&format!("p{n}"), "市总工会", 2020 - n, "正文。");
        }
        test.load()
    }

    fn link(number: usize, current: bool) -> PagerLink {
        PagerLink::Page {
            number,
            path: urls::page("units/u/index.html", number),
            current,
        }
    }

    #[test]
    fn the_pager_links_the_ends_and_two_either_side() {
        let site = nine();
        let values = Values::new(&site);
        let renderer = Renderer::new(&site, &values);
        let first = "units/u/index.html";
        let gap = || PagerLink::Gap { gap: true };
        let expected = Pager {
            current: 5,
            total: 9,
            items: 9,
            prev: Some(urls::page(first, 4)),
            next: Some(urls::page(first, 6)),
            pages: vec![
                link(1, false),
                gap(),
                link(3, false),
                link(4, false),
                link(5, true),
                link(6, false),
                link(7, false),
                gap(),
                link(9, false),
            ],
        };
        assert_eq!(renderer.pager(first, 4, 9), value(&expected));
        let last = Pager {
            current: 9,
            prev: Some(urls::page(first, 8)),
            next: None,
            pages: vec![
                link(1, false),
                gap(),
                link(7, false),
                link(8, false),
                link(9, true),
            ],
            ..expected
        };
        assert_eq!(renderer.pager(first, 8, 9), value(&last));
    }

    #[test]
    fn a_units_years_count_its_plans_and_lead_where_they_start() {
        let test = TestSite::new(2);
        for (name, year) in [("a", 2019), ("b", 2019), ("c", 2019), ("d", 2018)] {
            test.plan(name, "市总工会", year, "正文。");
        }
        test.plan("e", "市总工会", 2017, "正文。");
        test.plan("f", "市总工会", 2017, "正文。");
        let site = test.load();
        let values = Values::new(&site);
        let renderer = Renderer::new(&site, &values);
        let unit = (site.units.iter())
            .position(|u| u.name == "市总工会")
            .unwrap();
        let path = |year: i32, page: usize| {
            let first = urls::unit(&site.units[unit].slug);
            format!("{}#y{year}", urls::page(&first, page))
        };
        let link = |year: i32, count: usize, page: usize| YearLink {
            year,
            count,
            path: path(year, page),
        };
        let expected = [link(2019, 3, 1), link(2018, 1, 2), link(2017, 2, 3)];
        assert_eq!(renderer.unit_years(unit), value(&expected));
    }

    #[test]
    fn a_plan_page_notes_the_plans_it_shows() {
        let site = nine();
        let values = Values::new(&site);
        let renderer = Renderer::new(&site, &values);
        let path = Page::Plan(4).path(&site);
        let context = renderer.context(Page::Plan(4), &path).unwrap();
        assert_eq!(context.get("page_path"), Some(&value(&path)));
        assert_eq!(context.get("root"), Some(&value(&"../../")));
        // The plan, and the ones before and after it that it links to.
        assert_eq!(renderer.shown.into_plans(), [3, 4, 5]);
    }
}
