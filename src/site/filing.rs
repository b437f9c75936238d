//! Each unit's plan and summary for each year, paired so that each page can link to the
//! other, and who was expected to file them: what a federation office reads.
//!
//! `plan_kinds` and `summary_kinds` in `site.yaml` say which documents are plans and which
//! summaries; when a unit has several of one for a year, the kind listed first wins, then the
//! newest (the order of [`Site::plans`]).

use super::{PlanLinks, Site, Unit};
use crate::config::{Config, Role};
use crate::content::Plan;
use std::sync::Arc;

/// A unit's plan and summary for one year (indices into [`Site::plans`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filed {
    pub year: i32,
    pub plan: Option<usize>,
    pub summary: Option<usize>,
}

/// What a plan's page links to at its top: for a plan, the summary of its year; for a
/// summary, the plan of its year and the plan of the next year. All `None` for other kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pair {
    pub plan: Option<usize>,
    pub summary: Option<usize>,
    pub next_plan: Option<usize>,
}

/// Who filed for one year: a row for every unit expected to file and every unit that filed
/// a plan or a summary, in tree order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearStatus {
    pub year: i32,
    pub rows: Vec<StatusRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusRow {
    /// Index into [`Site::units`].
    pub unit: usize,
    pub expected: bool,
    pub plan: Option<usize>,
    pub summary: Option<usize>,
}

impl StatusRow {
    pub fn missing_plan(&self) -> bool {
        self.expected && self.plan.is_none()
    }

    pub fn missing_summary(&self) -> bool {
        self.expected && self.summary.is_none()
    }
}

impl YearStatus {
    /// The units expected to file.
    pub fn expected(&self) -> usize {
        self.rows.iter().filter(|r| r.expected).count()
    }
}

/// Fills each unit's `filed` and `expected`, and each plan's `pair`. `units[u].plans` and
/// `years` must be filled, newest first.
pub(super) fn pair_up(
    config: &Config,
    plans: &[Arc<Plan>],
    units: &mut [Unit],
    links: &mut [PlanLinks],
) {
    let role = |i: usize| config.role(&plans[i].meta.kind);
    for unit in units.iter_mut() {
        let ends = unit.years.iter().skip(1).map(|&(_, start)| start);
        let ranges: Vec<(i32, usize, usize)> = (unit.years.iter())
            .zip(ends.chain([unit.plans.len()]))
            .map(|(&(year, start), end)| (year, start, end))
            .collect();
        unit.filed.clear();
        for &(year, start, end) in &ranges {
            let of_year = &unit.plans[start..end];
            // `min_by_key` keeps the first of equals: the newest, as `plans` is newest first.
            let best = |wanted: Role| {
                (of_year.iter().copied())
                    .filter_map(|i| match role(i) {
                        Some((r, rank)) if r == wanted => Some((rank, i)),
                        _ => None,
                    })
                    .min_by_key(|&(rank, _)| rank)
                    .map(|(_, i)| i)
            };
            let (plan, summary) = (best(Role::Plan), best(Role::Summary));
            if plan.is_some() || summary.is_some() {
                unit.filed.push(Filed {
                    year,
                    plan,
                    summary,
                });
            }
        }
        for (k, filed) in unit.filed.iter().enumerate() {
            // Newest first: the year after is the entry before.
            let next_plan = (k.checked_sub(1).map(|n| unit.filed[n]))
                .filter(|next| next.year == filed.year + 1)
                .and_then(|next| next.plan);
            let (_, start, end) = ranges
                .iter()
                .copied()
                .find(|&(year, _, _)| year == filed.year)
                .expect("a filed year is one of the unit's years");
            for &i in &unit.plans[start..end] {
                links[i].pair = match role(i) {
                    Some((Role::Plan, _)) => Pair {
                        summary: filed.summary,
                        ..Pair::default()
                    },
                    Some((Role::Summary, _)) => Pair {
                        plan: filed.plan,
                        next_plan,
                        ..Pair::default()
                    },
                    None => Pair::default(),
                };
            }
        }
        unit.expected = unit.declared
            && match &config.filing_units {
                Some(names) => names.contains(&unit.name),
                None => !unit.filed.is_empty(),
            };
    }
}

impl Site {
    /// Unit `unit`'s plan and summary for `year`, if it filed either.
    pub fn filed(&self, unit: usize, year: i32) -> Option<Filed> {
        let filed = &self.units[unit].filed;
        // Newest first.
        (filed.binary_search_by(|f| year.cmp(&f.year)).ok()).map(|at| filed[at])
    }

    /// Who filed for `year`, which need not be a year with plans (a report before the
    /// deadline).
    pub fn year_status(&self, year: i32) -> YearStatus {
        let rows = (0..self.units.len())
            .filter_map(|u| {
                let filed = self.filed(u, year);
                let expected = self.units[u].expected;
                (expected || filed.is_some()).then(|| StatusRow {
                    unit: u,
                    expected,
                    plan: filed.and_then(|f| f.plan),
                    summary: filed.and_then(|f| f.summary),
                })
            })
            .collect();
        YearStatus { year, rows }
    }

    /// The rows of unit `unit`'s table of plans beside summaries, newest first: every year it
    /// filed in, and, when the site shows filing status and the unit is expected to file,
    /// every year of the site besides.
    pub fn unit_filings(&self, unit: usize) -> Vec<Filed> {
        let u = &self.units[unit];
        if !(self.config.filing_status && u.expected) {
            return u.filed.clone();
        }
        let mut years: Vec<i32> = self.years.iter().map(|y| y.year).collect();
        years.extend(u.filed.iter().map(|f| f.year));
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
            .into_iter()
            .map(|year| {
                self.filed(unit, year).unwrap_or(Filed {
                    year,
                    plan: None,
                    summary: None,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::test_site::TestSite;

    /// 市总工会: a plan and a summary in 2016, a 工作要点 and a 工作计划 in 2017; 区总工会: a
    /// summary of 2017 only.
    fn site() -> crate::site::Site {
        let test = TestSite::new(50);
        let write = |name: &str, unit: &str, year: i32, kind: &str| {
            test.plan(name, unit, year, "正文。");
            let path = test.root().join(format!("content/plans/{name}.md"));
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.replacen("tags:", &format!("kind: {kind}\ntags:"), 1);
            std::fs::write(path, text).unwrap();
        };
        write("p2016", "市总工会", 2016, "工作计划");
        write("s2016", "市总工会", 2016, "工作总结");
        write("a2017", "市总工会", 2017, "工作要点");
        write("p2017", "市总工会", 2017, "工作计划");
        write("q2017", "区总工会", 2017, "工作总结");
        test.load()
    }

    fn index(site: &crate::site::Site, slug: &str) -> usize {
        site.plans.iter().position(|p| p.slug == slug).unwrap()
    }

    #[test]
    fn plans_and_summaries_of_a_year_pair_up_and_a_summary_leads_to_next_year() {
        let site = site();
        let at = |slug| index(&site, slug);
        let pair = |slug| site.links[at(slug)].pair;
        assert_eq!(pair("p2016").summary, Some(at("s2016")));
        assert_eq!(pair("s2016").plan, Some(at("p2016")));
        // 工作计划 is listed before 工作要点, so it is 2017's plan.
        assert_eq!(pair("s2016").next_plan, Some(at("p2017")));
        assert_eq!(pair("a2017"), super::Pair::default());
        assert_eq!(pair("q2017").plan, None);
    }

    #[test]
    fn a_year_lists_the_expected_units_that_did_not_file() {
        let site = site();
        let status = site.year_status(2016);
        let rows: Vec<(&str, bool, bool, bool)> = (status.rows.iter())
            .map(|r| {
                let name = site.units[r.unit].name.as_str();
                (name, r.expected, r.missing_plan(), r.missing_summary())
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("市总工会", true, false, false),
                ("区总工会", true, true, true)
            ]
        );
        // A year nobody filed in yet still lists who is expected.
        assert_eq!(site.year_status(2030).expected(), 2);
        let years: Vec<i32> = site.unit_filings(1).iter().map(|f| f.year).collect();
        assert_eq!(years, [2017, 2016]);
    }
}
