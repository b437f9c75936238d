//! The federation office's view of the built sample: a plan and its summary linking each
//! other, who has filed for a year (checked against the plans' front matter), the units' grid,
//! `plansite report` in its three formats, and `filing_status: false`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{REPO, TestSite, broken_links};
use scraper::{Html, Selector};

const PLAN_2017: &str = "plans/2017-xinyuan-xian-zonggonghui-gongzuo-jihua/index.html";
const SUMMARY_2017: &str = "plans/2017-xian-zonggonghui-gongzuo-zongjie/index.html";

fn page(site: &TestSite, rel: &str) -> Html {
    Html::parse_document(&site.read_out(rel))
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

/// The first element in `element` that `selector` picks.
fn select_in<'a>(
    element: scraper::ElementRef<'a>,
    selector: &str,
) -> Option<scraper::ElementRef<'a>> {
    element.select(&Selector::parse(selector).unwrap()).next()
}

/// The page the link `a`, on the page at `rel`, leads to, relative to the site.
fn target(rel: &str, a: scraper::ElementRef) -> String {
    let href = a.value().attr("href").unwrap();
    normalize(&Path::new(rel).parent().unwrap().join(href))
}

/// The links of the `nav.plan-pair` at the top of a plan page, as (label, page the link leads
/// to, relative to the site).
fn pair_links(site: &TestSite, rel: &str) -> Vec<(String, String)> {
    let html = page(site, rel);
    select(&html, "nav.plan-pair a")
        .into_iter()
        .map(|a| {
            let label = select_in(a, "span").unwrap();
            (label.text().collect(), target(rel, a))
        })
        .collect()
}

/// `a/b/../../c` as `c`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.to_str().unwrap().split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[test]
fn the_samples_2017_plan_and_summary_link_each_other() {
    let site = TestSite::sample();
    site.build().ok();
    assert_eq!(
        pair_links(&site, PLAN_2017),
        [("本年度总结".to_string(), SUMMARY_2017.to_string())]
    );
    assert_eq!(
        pair_links(&site, SUMMARY_2017),
        [("本年度计划".to_string(), PLAN_2017.to_string())]
    );
    // The unit's page shows the year as a row with both.
    let unit = page(&site, "units/xian-zonggonghui/index.html");
    let row = select(&unit, "table.pairs tr[data-year=\"2017\"] a");
    let titles: Vec<String> = row.iter().map(|a| a.text().collect()).collect();
    assert_eq!(
        titles,
        [
            "2017年",
            "新源县总工会2017年工作计划",
            "县总工会2017年工作总结"
        ]
    );
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn a_summary_links_to_the_next_years_plan() {
    let site = TestSite::new(
        "title: t\nunits:\n  - name: 区总工会\n    slug: qu\n  - name: 镇总工会\n    slug: zhen\n",
    );
    site.plan(
        "s2016",
        "title: 区2016年工作总结\nunit: 区总工会\nyear: 2016\nkind: 工作总结",
        "正文。",
    );
    site.plan(
        "p2017",
        "title: 区2017年工作计划\nunit: 区总工会\nyear: 2017",
        "正文。",
    );
    site.plan(
        "z2017",
        "title: 镇2017年工作计划\nunit: 镇总工会\nyear: 2017",
        "正文。",
    );
    site.build().ok();
    assert_eq!(
        pair_links(&site, "plans/s2016/index.html"),
        [(
            "下一年计划".to_string(),
            "plans/p2017/index.html".to_string()
        )]
    );
    // Another unit's plan is not this unit's.
    assert_eq!(pair_links(&site, "plans/z2017/index.html"), []);
}

/// What the plans' front matter says: (unit, year, kind) of every plan in the sample.
fn front_matter() -> Vec<(String, i32, String)> {
    let mut plans = Vec::new();
    for entry in std::fs::read_dir(Path::new(REPO).join("content/plans")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let head = text.split("---").nth(1).unwrap();
        let field = |key: &str| {
            head.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}:")))
                .map(|v| v.trim().to_string())
        };
        plans.push((
            field("unit").unwrap(),
            field("year").unwrap().parse().unwrap(),
            field("kind").unwrap_or_else(|| "工作计划".into()),
        ));
    }
    plans
}

/// The declared units of the sample's `site.yaml`.
fn declared_units() -> BTreeSet<String> {
    let yaml = std::fs::read_to_string(Path::new(REPO).join("site.yaml")).unwrap();
    yaml.lines()
        .filter_map(|l| l.trim().strip_prefix("- name:"))
        .map(|n| n.trim().to_string())
        .collect()
}

#[test]
fn a_year_page_lists_who_has_filed_as_the_front_matter_says() {
    let site = TestSite::sample();
    site.build().ok();
    let plans = front_matter();
    let plan_kinds = ["工作计划", "工作要点", "实施方案"];
    let summary_kinds = ["工作总结", "年度总结", "半年总结"];
    let filed = |year: i32, kinds: &[&str]| -> BTreeSet<String> {
        (plans.iter())
            .filter(|(_, y, k)| *y == year && kinds.contains(&k.as_str()))
            .map(|(u, _, _)| u.clone())
            .collect()
    };
    // Expected: every declared unit that has ever filed a plan or a summary.
    let declared = declared_units();
    let expected: BTreeSet<String> = (plans.iter())
        .map(|(u, _, _)| u.clone())
        .filter(|u| declared.contains(u))
        .collect();
    let with_plan = filed(2014, &plan_kinds);
    let with_summary = filed(2014, &summary_kinds);
    assert!(!with_plan.is_empty() && with_plan.len() < expected.len());

    let html = page(&site, "years/2014/index.html");
    let heading = select(&html, "section.filing h2");
    assert_eq!(heading[0].text().collect::<String>(), "报送情况");
    let cell = |unit: &str, class: &str| -> Option<bool> {
        let selector = format!("table.filing-table tr[data-unit=\"{unit}\"] td.{class}");
        let cell = select(&html, &selector).into_iter().next()?;
        let filed = cell.select(&Selector::parse("a.filed").unwrap()).count() == 1;
        let missing = cell.select(&Selector::parse(".missing").unwrap()).count() == 1;
        assert!(filed != missing, "{unit} {class}: {}", cell.html());
        Some(filed)
    };
    for unit in &expected {
        assert_eq!(
            cell(unit, "plan-cell"),
            Some(with_plan.contains(unit)),
            "{unit}'s 2014 plan"
        );
        assert_eq!(
            cell(unit, "summary-cell"),
            Some(with_summary.contains(unit)),
            "{unit}'s 2014 summary"
        );
    }
    let listed: Vec<String> = select(&html, ".missing-plans a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    let missing: BTreeSet<String> = expected.difference(&with_plan).cloned().collect();
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), missing);

    // The grid marks the same.
    let grid = site.read_out("units/index.html");
    assert!(grid.contains("缺计划"), "the grid marks missing plans");
}

#[test]
fn report_prints_text_json_and_csv() {
    let site = TestSite::sample();
    let text = site.run(&["--lang", "zh", "report", "--year", "2014"]);
    text.ok();
    assert!(
        text.stdout.starts_with("2014年报送情况：应报送 8 个单位\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("  街道总工会：计划 未报送；总结 《街道总工会2014年上半年工作总结》\n"),
        "{}",
        text.stdout
    );

    // Every year, each after a blank line but the first.
    let all = site.run(&["--lang", "zh", "report"]);
    let printed: Vec<&str> = (all.ok().stdout.split("\n\n"))
        .map(|year| year.lines().next().unwrap_or_default())
        .collect();
    let mut in_sample: Vec<i32> = front_matter().iter().map(|p| p.1).collect();
    in_sample.sort_unstable_by(|a, b| b.cmp(a));
    in_sample.dedup();
    let headings: Vec<String> = (in_sample.iter())
        .map(|y| format!("{y}年报送情况：应报送 8 个单位"))
        .collect();
    assert_eq!(printed, headings, "{}", all.stdout);

    let json = site.run(&["--lang", "zh", "report", "--format", "json"]);
    json.ok();
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let years: Vec<i32> = (value["years"].as_array().unwrap().iter())
        .map(|y| y["year"].as_i64().unwrap() as i32)
        .collect();
    assert_eq!(years, in_sample, "every year with plans, newest first");
    let y2017 = &value["years"][0];
    let xian = (y2017["units"].as_array().unwrap().iter())
        .find(|u| u["unit"] == "县总工会")
        .unwrap();
    assert_eq!(xian["plan"]["title"], "新源县总工会2017年工作计划");
    assert_eq!(xian["summary"]["path"], SUMMARY_2017);

    let csv = site.run(&[
        "--lang", "zh", "report", "--year", "2017", "--format", "csv",
    ]);
    csv.ok();
    let rows: Vec<&str> = csv.stdout.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "\u{feff}年份,单位,应报送,计划,计划标题,计划文件,总结,总结标题,总结文件"
    );
    assert!(rows.contains(&"2017,县总工会,是,已报送,新源县总工会2017年工作计划,content/plans/2017-xinyuan-xian-zonggonghui-gongzuo-jihua.md,已报送,县总工会2017年工作总结,content/plans/2017-xian-zonggonghui-gongzuo-zongjie.md"), "{rows:#?}");
    // A header, a row per expected unit, and the empty string after the last CRLF.
    assert_eq!(rows.len(), 1 + 8 + 1, "{rows:#?}");
}

/// A unit's index opens with its plans beside its summaries, a row a year, on its first page
/// only.
#[test]
fn a_units_first_page_sets_its_plans_beside_its_summaries() {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}page_size: 2\n"));
    site.build().ok();
    let rel = "units/xian-zonggonghui/index.html";
    let first = page(&site, rel);
    let cell = |year: i32, class: &str| {
        let selector = format!("section.filings tr[data-year=\"{year}\"] td.{class}");
        let cells = select(&first, &selector);
        assert_eq!(cells.len(), 1, "{selector}");
        let link = select_in(cells[0], "a").map(|a| target(rel, a));
        (cells[0].text().collect::<String>(), link)
    };
    assert_eq!(cell(2017, "plan-cell").1.as_deref(), Some(PLAN_2017));
    assert_eq!(cell(2017, "summary-cell").1.as_deref(), Some(SUMMARY_2017));
    let (text, link) = cell(2004, "plan-cell");
    assert_eq!((text.as_str(), link), ("未报送", None));
    assert!(cell(2004, "summary-cell").1.is_some());
    let second = site.read_out("units/xian-zonggonghui/page/2/index.html");
    assert!(
        second.contains("县总工会困难职工帮扶解困工作总结"),
        "{second}"
    );
    assert!(!second.contains("class=\"filings\""), "{second}");
}

#[test]
fn filing_status_can_be_switched_off() {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}filing_status: false\n"));
    site.build().ok();
    let year = site.read_out("years/2014/index.html");
    assert!(!year.contains("报送情况"), "{year}");
    assert!(!year.contains("未报送"));
    let grid = site.read_out("units/index.html");
    assert!(
        !grid.contains("缺计划") && !grid.contains("缺总结"),
        "{grid}"
    );
    // A unit's table keeps the years it filed in and marks nothing missing.
    let unit = site.read_out("units/xian-zonggonghui/index.html");
    assert!(!unit.contains("未报送"), "{unit}");
    assert!(unit.contains("data-year=\"2017\""));
    // The pairs are not filing status: they stay.
    assert_eq!(pair_links(&site, PLAN_2017).len(), 1);
}

#[test]
fn filing_units_names_who_is_expected() {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{yaml}filing_units: [市总工会, 区总工会]\n"),
    );
    let run = site.run(&[
        "--lang", "zh", "report", "--year", "2014", "--format", "json",
    ]);
    run.ok();
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["years"][0]["expected"], 2);
    assert_eq!(
        value["years"][0]["missing_summaries"],
        serde_json::json!(["市总工会", "区总工会"])
    );
    // In the text, what a unit not expected did not file is a dash, not 未报送.
    let text = site.run(&["--lang", "zh", "report", "--year", "2014"]);
    for line in [
        "  区总工会：计划 《松江区总工会2014年工作计划》；总结 未报送\n",
        "  街道总工会（不在应报名单）：计划 —；",
    ] {
        assert!(text.ok().stdout.contains(line), "{line} in {}", text.stdout);
    }
    let csv = site.run(&[
        "--lang", "zh", "report", "--year", "2014", "--format", "csv",
    ]);
    assert!(
        csv.ok()
            .stdout
            .contains("\r\n2014,街道总工会,否,,,,已报送,"),
        "{}",
        csv.stdout
    );
    site.write("site.yaml", format!("{yaml}filing_units: [市总公会]\n"));
    site.run(&["report"])
        .failed()
        .says("`filing_units` names `市总公会`, which is not declared under `units:`");
    site.run(&["--lang", "zh", "report"])
        .failed()
        .says("`filing_units` 里的 `市总公会` 没有在 `units:` 下登记");
}
