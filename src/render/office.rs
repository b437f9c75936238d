//! What a federation office reads: a plan beside its summary, each unit's plans and summaries
//! by year, who has filed for a year, and the units × years grid with missing filings marked.
//!
//! `docs/templates.md` documents every variable; keep it in step with this file.

use serde::Serialize;
use tera::Value;

use super::context::Renderer;
use super::values::{UnitRef, YearRef, unit_ref, value, year_ref};
use crate::site::Filed;
use crate::urls;

impl Renderer<'_> {
    /// A plan page's links to its pair: `{plan, summary, next_plan}`, each a card or none.
    pub(super) fn pair(&self, i: usize) -> Value {
        let pair = self.site.links[i].pair;
        let mut map = tera::Map::new();
        map.insert("plan".into(), self.card(pair.plan));
        map.insert("summary".into(), self.card(pair.summary));
        map.insert("next_plan".into(), self.card(pair.next_plan));
        Value::from(map)
    }

    /// A unit's plans beside its summaries, newest first, on the first page of its index
    /// only: `[{year, path, plan, summary, missing_plan, missing_summary}]`.
    pub(super) fn filings(&self, unit: usize, page: usize) -> Value {
        if page > 0 {
            return Value::from(Vec::<Value>::new());
        }
        let marks = self.site.config.filing_status && self.site.units[unit].expected;
        let rows: Vec<Value> = (self.site.unit_filings(unit).into_iter())
            .map(|filed| self.filed_row(filed, marks))
            .collect();
        Value::from(rows)
    }

    fn filed_row(&self, filed: Filed, marks: bool) -> Value {
        let mut map = tera::Map::new();
        map.insert("year".into(), Value::from(filed.year));
        map.insert("path".into(), Value::from(urls::year(filed.year)));
        map.insert("plan".into(), self.card(filed.plan));
        map.insert("summary".into(), self.card(filed.summary));
        map.insert(
            "missing_plan".into(),
            Value::from(marks && filed.plan.is_none()),
        );
        let missing_summary = marks && filed.summary.is_none();
        map.insert("missing_summary".into(), Value::from(missing_summary));
        Value::from(map)
    }

    /// Who filed for `year`, on the first page of the year's index and when the site shows
    /// it: `{expected, rows: [{unit, expected, plan, summary, missing_plan, missing_summary}],
    /// missing_plans, missing_summaries}`, else none.
    pub(super) fn filing(&self, year: i32, page: usize) -> Value {
        if page > 0 || !self.site.config.filing_status {
            return Value::none();
        }
        let status = self.site.year_status(year);
        let unit = |u: usize| self.values.units[u].clone();
        let rows: Vec<Value> = (status.rows.iter())
            .map(|row| {
                let mut map = tera::Map::new();
                map.insert("unit".into(), unit(row.unit));
                map.insert("expected".into(), Value::from(row.expected));
                map.insert("plan".into(), self.card(row.plan));
                map.insert("summary".into(), self.card(row.summary));
                map.insert("missing_plan".into(), Value::from(row.missing_plan()));
                map.insert("missing_summary".into(), Value::from(row.missing_summary()));
                Value::from(map)
            })
            .collect();
        let missing = |wanted: fn(&crate::site::StatusRow) -> bool| {
            let units: Vec<Value> = (status.rows.iter())
                .filter(|r| wanted(r))
                .map(|r| unit(r.unit))
                .collect();
            Value::from(units)
        };
        let mut map = tera::Map::new();
        map.insert("expected".into(), Value::from(status.expected()));
        map.insert("rows".into(), Value::from(rows));
        map.insert("missing_plans".into(), missing(|r| r.missing_plan()));
        map.insert("missing_summaries".into(), missing(|r| r.missing_summary()));
        Value::from(map)
    }

    /// Which unit has plans in which year: `{years: [..], rows: [{unit, cells: [{year,
    /// count, path, missing_plan, missing_summary}]}]}`; nothing is missing when the site
    /// does not show filing status.
    pub(super) fn grid(&self) -> Value {
        let site = self.site;
        let marks = site.config.filing_status;
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
                        let filed = site.filed(u, year);
                        let expected = marks && unit.expected;
                        GridCell {
                            year,
                            count,
                            path,
                            missing_plan: expected && filed.and_then(|f| f.plan).is_none(),
                            missing_summary: expected && filed.and_then(|f| f.summary).is_none(),
                        }
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
        value(&Grid { years, rows, marks })
    }
}

#[derive(Serialize)]
struct Grid<'a> {
    years: Vec<YearRef>,
    rows: Vec<GridRow<'a>>,
    /// Whether cells mark missing filings.
    marks: bool,
}

#[derive(Serialize)]
struct GridRow<'a> {
    unit: UnitRef<'a>,
    cells: Vec<GridCell>,
}

#[derive(Serialize)]
struct GridCell {
    year: i32,
    count: usize,
    path: Option<String>,
    missing_plan: bool,
    missing_summary: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::values::Values;
    use crate::test_site::TestSite;

    /// 市总工会 files a plan for 2016 and 2017 and a summary for 2016; 区总工会 files nothing.
    fn site(yaml_extra: &str) -> crate::site::Site {
        let test = TestSite::new(50);
        let yaml = test.root().join("site.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, format!("{text}{yaml_extra}")).unwrap();
        test.plan("p2016", "市总工会", 2016, "正文。");
        test.plan("p2017", "市总工会", 2017, "正文。");
        let summary = test.root().join("content/plans/s2016.md");
        let text = "---\ntitle: s2016\nunit: 市总工会\nyear: 2016\nkind: 工作总结\n---\n\n正文。\n";
        std::fs::write(summary, text).unwrap();
        test.load()
    }

    fn json(v: &Value) -> serde_json::Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn a_year_names_who_has_not_filed_and_notes_the_plans_it_shows() {
        let site = site("filing_units: [市总工会, 区总工会]\n");
        let values = Values::new(&site);
        let r = Renderer::new(&site, &values);
        let filing = json(&r.filing(2017, 0));
        let names = |key: &str| -> Vec<String> {
            (filing[key].as_array().unwrap().iter())
                .map(|u| u["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(names("missing_plans"), ["区总工会"]);
        assert_eq!(names("missing_summaries"), ["市总工会", "区总工会"]);
        assert_eq!(filing["expected"], 2);
        let p2017 = site.plans.iter().position(|p| p.slug == "p2017").unwrap();
        assert_eq!(r.shown.into_plans(), [p2017]);
        // Only the first page of a year's index shows it.
        assert_eq!(Renderer::new(&site, &values).filing(2017, 1), Value::none());
    }

    #[test]
    fn switched_off_nothing_is_missing() {
        let site = site("filing_status: false\nfiling_units: [市总工会, 区总工会]\n");
        let values = Values::new(&site);
        let r = Renderer::new(&site, &values);
        assert_eq!(r.filing(2017, 0), Value::none());
        let grid = json(&r.grid());
        let cells = grid["rows"][1]["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 2);
        assert!(
            cells.iter().all(|c| c["missing_plan"] == false),
            "{cells:?}"
        );
        // A unit's table lists the years it filed in, none it missed.
        let filings = json(&r.filings(1, 0));
        assert_eq!(filings.as_array().unwrap().len(), 0, "{filings:?}");
    }
}
