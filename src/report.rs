//! `plansite report`: who has filed a plan and a summary for each year, for the federation
//! office, as text, JSON or CSV (for Excel), from the site as grouped, without rendering.

use serde::Serialize;

use crate::i18n::{Messages, Text};
use crate::site::{Site, YearStatus};
use crate::urls;

/// Who filed for each year asked about, newest first.
#[derive(Debug, Serialize)]
pub struct FilingReport {
    pub years: Vec<YearReport>,
}

#[derive(Debug, Serialize)]
pub struct YearReport {
    pub year: i32,
    /// How many units are expected to file.
    pub expected: usize,
    /// Every unit expected to file and every unit that filed, in the units' tree order.
    pub units: Vec<UnitReport>,
    /// The display names of the expected units without a plan, and without a summary.
    pub missing_plans: Vec<String>,
    pub missing_summaries: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct UnitReport {
    /// As plans write it.
    pub unit: String,
    /// As readers see it.
    pub display: String,
    pub expected: bool,
    pub plan: Option<Filing>,
    pub summary: Option<Filing>,
}

/// One plan or summary filed.
#[derive(Debug, Serialize)]
pub struct Filing {
    pub title: String,
    pub kind: String,
    /// The plan's file, relative to the site folder.
    pub file: String,
    /// Its page, relative to the site's root.
    pub path: String,
}

/// What `report` prints as, `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// The report for `year`, or for every year of the site with plans when `None`. A year need
/// not have plans yet: before the deadline, every expected unit is missing.
pub fn report(site: &Site, year: Option<i32>) -> FilingReport {
    let years: Vec<i32> = match year {
        Some(year) => vec![year],
        None => site.years.iter().map(|y| y.year).collect(),
    };
    let years = years
        .into_iter()
        .map(|y| year_report(site, &site.year_status(y)))
        .collect();
    FilingReport { years }
}

fn year_report(site: &Site, status: &YearStatus) -> YearReport {
    let filing = |i: Option<usize>| {
        i.map(|i| {
            let plan = &site.plans[i];
            Filing {
                title: plan.meta.title.clone(),
                kind: plan.meta.kind.clone(),
                file: plan.source.to_string_lossy().replace('\\', "/"),
                path: urls::plan(&plan.slug),
            }
        })
    };
    let display = |u: usize| site.units[u].display.clone();
    YearReport {
        year: status.year,
        expected: status.expected(),
        units: (status.rows.iter())
            .map(|row| UnitReport {
                unit: site.units[row.unit].name.clone(),
                display: display(row.unit),
                expected: row.expected,
                plan: filing(row.plan),
                summary: filing(row.summary),
            })
            .collect(),
        missing_plans: (status.rows.iter())
            .filter(|r| r.missing_plan())
            .map(|r| display(r.unit))
            .collect(),
        missing_summaries: (status.rows.iter())
            .filter(|r| r.missing_summary())
            .map(|r| display(r.unit))
            .collect(),
    }
}

impl FilingReport {
    /// The report as `format` says, ready to print: text and CSV in the words of `messages`
    /// (CSV keeps its columns in every language), JSON the same in every language.
    pub fn render(&self, format: Format, messages: &Messages) -> String {
        match format {
            Format::Text => self.text(messages),
            Format::Json => {
                let mut json = serde_json::to_string_pretty(self).expect("the report serializes");
                json.push('\n');
                json
            }
            Format::Csv => self.csv(messages),
        }
    }

    /// For people: each year, who has not filed, then every unit's plan and summary.
    fn text(&self, messages: &Messages) -> String {
        let say = |text: Text| messages.text(&text);
        let mut out = String::new();
        for (n, year) in self.years.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            let heading = Text::new("report-year")
                .arg("year", year.year.to_string())
                .arg("expected", year.expected);
            out.push_str(&say(heading));
            out.push('\n');
            for (what, missing) in [
                ("plan", &year.missing_plans),
                ("summary", &year.missing_summaries),
            ] {
                let line = Text::new("report-missing")
                    .arg("what", what)
                    .arg("count", missing.len())
                    .arg(
                        "names",
                        missing.join(&say(Text::new("report-name-separator"))),
                    );
                out.push_str(&format!("  {}\n", say(line)));
            }
            for unit in &year.units {
                let shown = |filing: &Option<Filing>| match filing {
                    Some(f) => say(Text::new("report-filed").arg("title", &f.title)),
                    None if unit.expected => say(Text::new("report-not-filed")),
                    None => "—".to_string(),
                };
                let line = Text::new("report-unit")
                    .arg("unit", &unit.display)
                    .arg("expected", if unit.expected { "yes" } else { "no" })
                    .arg("plan", shown(&unit.plan))
                    .arg("summary", shown(&unit.summary));
                out.push_str(&format!("  {}\n", say(line)));
            }
        }
        out
    }

    /// For Excel: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local
    /// code page), headers in the language of `messages`, a row per year and unit, lines
    /// ending in CRLF.
    fn csv(&self, messages: &Messages) -> String {
        let word = |id: &'static str| messages.text(&Text::new(id));
        let mut out = String::from("\u{feff}");
        let header = [
            "report-csv-year",
            "report-csv-unit",
            "report-csv-expected",
            "report-csv-plan",
            "report-csv-plan-title",
            "report-csv-plan-file",
            "report-csv-summary",
            "report-csv-summary-title",
            "report-csv-summary-file",
        ];
        push_row(&mut out, header.map(word));
        let (filed, not_filed) = (word("report-csv-filed"), word("report-csv-not-filed"));
        let (yes, no) = (word("report-csv-yes"), word("report-csv-no"));
        for year in &self.years {
            for unit in &year.units {
                let state = |filing: &Option<Filing>| match filing {
                    Some(_) => filed.clone(),
                    None if unit.expected => not_filed.clone(),
                    None => String::new(),
                };
                let of = |filing: &Option<Filing>, get: fn(&Filing) -> &str| {
                    filing.as_ref().map(get).unwrap_or_default().to_string()
                };
                push_row(
                    &mut out,
                    [
                        year.year.to_string(),
                        unit.display.clone(),
                        (if unit.expected { &yes } else { &no }).clone(),
                        state(&unit.plan),
                        of(&unit.plan, |f| &f.title),
                        of(&unit.plan, |f| &f.file),
                        state(&unit.summary),
                        of(&unit.summary, |f| &f.title),
                        of(&unit.summary, |f| &f.file),
                    ],
                );
            }
        }
        out
    }
}

/// One CSV row: fields quoted when they hold a comma, a quote or a line break (RFC 4180).
fn push_row<const N: usize>(out: &mut String, fields: [String; N]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Lang};
    use crate::test_site::TestSite;

    fn render(report: &FilingReport, format: Format, lang: Lang) -> String {
        report.render(format, &Catalogue::load().messages(lang))
    }

    /// 市总工会 files a plan for 2016 with a comma in its title; 区总工会 files nothing but is
    /// expected.
    fn site() -> Site {
        let test = TestSite::new(50);
        let yaml = test.root().join("site.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, format!("{text}filing_units: [市总工会, 区总工会]\n")).unwrap();
        test.plan("p2016", "市总工会", 2016, "正文。");
        let path = test.root().join("content/plans/p2016.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace("title: p2016", "title: \"计划, 2016\"");
        std::fs::write(path, text).unwrap();
        test.load()
    }

    #[test]
    fn text_names_who_has_not_filed() {
        let filed = report(&site(), Some(2016));
        assert_eq!(
            render(&filed, Format::Text, Lang::Zh),
            "2016年报送情况：应报送 2 个单位\n  未报送计划（1 个）：区总工会\n  未报送总结（2 个）：市总工会、区总工会\n  市总工会：计划 《计划, 2016》；总结 未报送\n  区总工会：计划 未报送；总结 未报送\n"
        );
        assert_eq!(
            render(&filed, Format::Text, Lang::En),
            "2016: 2 units expected to file\n  plans not filed (1): 区总工会\n  summaries not filed (2): 市总工会, 区总工会\n  市总工会: plan “计划, 2016”; summary not filed\n  区总工会: plan not filed; summary not filed\n"
        );
        let none = report(&site(), Some(2030));
        assert!(render(&none, Format::Text, Lang::Zh).contains("未报送计划（2 个）："));
    }

    #[test]
    fn csv_opens_in_excel() {
        let csv = render(&report(&site(), None), Format::Csv, Lang::Zh);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "\u{feff}年份,单位,应报送,计划,计划标题,计划文件,总结,总结标题,总结文件",
                "2016,市总工会,是,已报送,\"计划, 2016\",content/plans/p2016.md,未报送,,",
                "2016,区总工会,是,未报送,,,未报送,,",
                "",
            ]
        );
        let en = render(&report(&site(), None), Format::Csv, Lang::En);
        assert!(
            en.starts_with("\u{feff}Year,Unit,Expected to file,Plan,Plan title,Plan file,Summary,Summary title,Summary file\r\n2016,市总工会,yes,filed,"),
            "{en}"
        );
        let mut row = String::new();
        push_row(&mut row, ["a,b".into(), "say \"hi\"".into()]);
        assert_eq!(row, "\"a,b\",\"say \"\"hi\"\"\"\r\n");
    }

    #[test]
    fn a_year_without_plans_lists_everyone_expected() {
        let json = render(&report(&site(), Some(2030)), Format::Json, Lang::En);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["years"][0]["year"], 2030);
        assert_eq!(
            value["years"][0]["missing_plans"],
            serde_json::json!(["市总工会", "区总工会"])
        );
    }
}
