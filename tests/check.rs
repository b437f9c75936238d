//! `plansite check` end to end: every finding with its place, the summary, the exit code, JSON,
//! and that nothing is written.

mod common;

use common::{Run, TestSite, snapshot};
use serde_json::Value;

const SITE: &str =
    "title: 测试站\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n";

fn clean_site() -> TestSite {
    let site = TestSite::new(&format!("{SITE}base_url: https://intranet.example/\n"));
    site.plan(
        "a",
        "title: 2015年工作计划\nunit: 市总工会\nyear: 2015\ntags: [困难帮扶]",
        "## 一、指导思想\n\n见[区里的总结](b.md)。",
    );
    site.plan(
        "b",
        "title: 区总工会2014年总结\nunit: 区总工会\nyear: 2014\nkind: 工作总结",
        "去年的工作。",
    );
    site
}

/// The clean site plus one mistake in each of ten more files (the misspelt unit also
/// collides with the real one's address, which is an eleventh finding).
fn site_with_mistakes() -> TestSite {
    let site = clean_site();
    site.plan(
        "broken-yaml",
        "title: a\nunit: 市总工会: 办公室\nyear: 2015",
        "x",
    );
    site.plan("missing-title", "unit: 市总工会\nyear: 2015", "x");
    site.plan(
        "year-type",
        "title: 年份写错的计划\nunit: 市总工会\nyear: 2015年",
        "x",
    );
    site.plan(
        "dup-title",
        "title: 2015年工作计划\nunit: 区总工会\nyear: 2015",
        "x",
    );
    site.plan(
        "undeclared",
        "title: 单位写错的计划\nunit: 市总公会\nyear: 2015",
        "x",
    );
    site.plan(
        "link-plan",
        "title: 链接写错的计划\nunit: 市总工会\nyear: 2015",
        "第一段。\n\n见[不存在的计划](nothing.md)。",
    );
    site.write(
        "content/plans/attach/index.md",
        "---\ntitle: 有附件的计划\nunit: 区总工会\nyear: 2015\n---\n\n见[名单](名单.xlsx)和[通知](通知.pdf)。\n",
    );
    site.write("content/plans/attach/名单.xlsx", "xlsx");
    site.plan(
        "year-date",
        "title: 日期不符的计划\nunit: 市总工会\nyear: 2015\ndate: 2014-12-20",
        "x",
    );
    site.plan("empty", "title: 空计划\nunit: 市总工会\nyear: 2015", "");
    let (gbk, _, _) =
        encoding_rs::GBK.encode("---\ntitle: 工会计划\nunit: 市总工会\nyear: 2015\n---\n正文");
    site.write("content/plans/gbk.md", &gbk);
    site
}

/// The first line of each finding (help lines left out).
fn findings(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("content/") || l.starts_with("templates/"))
        .collect()
}

#[test]
fn every_mistake_is_found_with_its_place() {
    let site = site_with_mistakes();
    let before = snapshot(site.root());
    let run = site.run(&["check"]);
    run.failed();
    let expected = [
        (
            "content/plans/attach/index.md:7:16: warning: ",
            "links to a file content/plans/attach/通知.pdf, which does not exist",
        ),
        (
            "content/plans/broken-yaml.md:3:11: error: ",
            "the front matter is not valid YAML",
        ),
        (
            "content/plans/dup-title.md:2:1: warning: ",
            "the title `2015年工作计划` is already used by content/plans/a.md",
        ),
        (
            "content/plans/empty.md:5: warning: ",
            "the plan has no text after its front matter",
        ),
        (
            "content/plans/gbk.md: error: ",
            "the file is not UTF-8; it looks like it was saved as GBK/GB18030",
        ),
        (
            "content/plans/link-plan.md:9:2: warning: ",
            "links to a plan content/plans/nothing.md, which does not exist",
        ),
        (
            "content/plans/missing-title.md:2:1: error: ",
            "missing `title`",
        ),
        (
            "content/plans/undeclared.md: warning: ",
            "units `市总工会` and `市总公会` would both have the address `shi-zong-gong-hui`",
        ),
        (
            "content/plans/undeclared.md:3:1: warning: ",
            "unit `市总公会` is not declared in site.yaml",
        ),
        (
            "content/plans/year-date.md:4:1: warning: ",
            "`year` is 2015 but `date` is in 2014",
        ),
        (
            "content/plans/year-type.md:4:1: error: ",
            "`year` must be a whole number like 2015, found the text `2015年`",
        ),
    ];
    let found = findings(&run);
    assert_eq!(found.len(), expected.len(), "{}", run.stderr);
    // Sorted by file, as editors read them.
    for (line, (prefix, message)) in found.iter().zip(expected) {
        assert!(
            line.starts_with(prefix) && line.contains(message),
            "expected {prefix}…{message}, found {line}\n{}",
            run.stderr
        );
    }
    run.says("help: did you mean `市总工会`?")
        .says("checked 12 plans: 4 errors, 7 warnings");
    assert!(
        !run.stderr.contains("名单.xlsx"),
        "an existing attachment is fine"
    );
    assert!(!site.out().exists(), "check writes no site");
    assert_eq!(snapshot(site.root()), before, "check writes nothing at all");
}

#[test]
fn a_clean_site_passes() {
    let site = clean_site();
    let run = site.run(&["check"]);
    run.ok();
    assert_eq!(run.stdout, "checked 2 plans: 0 errors, 0 warnings\n");
    assert_eq!(run.stderr, "");
    assert!(!site.out().exists());
}

#[test]
fn warnings_alone_pass() {
    let site = clean_site();
    site.plan("empty", "title: 空计划\nunit: 市总工会\nyear: 2015", "");
    let run = site.run(&["check"]);
    run.ok().says("content/plans/empty.md:5: warning: ");
    assert_eq!(run.stdout, "checked 3 plans: 0 errors, 1 warning\n");
}

#[test]
fn the_sample_site_passes() {
    let site = TestSite::sample();
    let run = site.run(&["check"]);
    run.ok();
    assert!(
        run.stdout.starts_with("checked 22 plans: 0 errors"),
        "{}",
        run.stdout
    );
    assert!(!site.out().exists());
}

#[test]
fn json_has_the_counts_and_every_field() {
    let site = site_with_mistakes();
    let run = site.run(&["check", "--format", "json"]);
    run.failed();
    assert_eq!(run.stderr, "", "JSON mode prints only the document");
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["plans"], 12);
    assert_eq!(json["errors"], 4);
    assert_eq!(json["warnings"], 7);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 11);
    let find = |path: &str| {
        diagnostics
            .iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("no finding for {path}"))
    };
    let dup = find("content/plans/dup-title.md");
    assert_eq!(dup["line"], 2);
    assert_eq!(dup["column"], 1);
    assert_eq!(dup["severity"], "warning");
    assert_eq!(
        dup["message"],
        "the title `2015年工作计划` is already used by content/plans/a.md"
    );
    assert!(dup["hint"].as_str().unwrap().contains("titles"));
    assert_eq!(dup["code"], "plan.title.duplicate");
    for d in diagnostics {
        let code = d["code"].as_str().unwrap_or_else(|| panic!("no code: {d}"));
        assert!(code.contains('.') && code == code.to_lowercase(), "{code}");
    }
    let gbk = find("content/plans/gbk.md");
    assert_eq!(gbk["severity"], "error");
    assert_eq!(gbk["code"], "file.encoding.gbk");
    assert!(gbk["line"].is_null() && gbk["column"].is_null());
    let link = find("content/plans/link-plan.md");
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(9), Some(2))
    );
    let missing = find("content/plans/missing-title.md");
    assert_eq!(missing["code"], "plan.title.missing");
    assert_eq!(
        missing["hint"],
        "add a line `title: 2015年工会工作计划` to the front matter"
    );

    let clean = clean_site().run(&["check", "--format", "json"]);
    clean.ok();
    let json: Value = serde_json::from_str(&clean.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"plans": 2, "errors": 0, "warnings": 0, "diagnostics": []})
    );
}

#[test]
fn build_reports_a_duplicate_title_too_but_still_builds() {
    let site = clean_site();
    site.plan(
        "z-copy",
        "unit: 区总工会\ntitle: 区总工会2014年总结\nyear: 2014",
        "x",
    );
    site.build()
        .ok()
        .says("content/plans/z-copy.md:3:1: warning: the title `区总工会2014年总结` is already used by content/plans/b.md");
    assert!(site.out().join("plans/z-copy/index.html").exists());
}

#[test]
fn templates_are_checked_too() {
    let site = clean_site();
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}",
    );
    site.run(&["check"])
        .failed()
        .says("templates/tag.html:3:")
        .says("checked 2 plans: 1 error, 0 warnings");
    assert!(!site.out().exists());
}

#[test]
fn drafts_are_checked_in_full_only_with_drafts() {
    let site = clean_site();
    site.plan(
        "draft",
        "title: 草稿\nunit: 市总工会\nyear: 2016\ndraft: true",
        "见[不存在的计划](nothing.md)。",
    );
    let run = site.run(&["check"]);
    run.ok();
    assert!(!run.stderr.contains("nothing.md"), "{}", run.stderr);
    site.run(&["check", "--drafts"])
        .ok()
        .says("content/plans/draft.md:8:2: warning: links to a plan content/plans/nothing.md");
}

#[test]
fn missing_config_fails() {
    let site = clean_site();
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    site.run(&["check"])
        .failed()
        .says("site.yaml: error: no site.yaml in")
        .says("checked 2 plans: 1 error, 0 warnings");
}

#[test]
fn every_problem_of_site_yaml_is_named_in_one_run() {
    let site = clean_site();
    site.write(
        "site.yaml",
        "title: 测试站\nbase_url: intranet.example/plans\nunits:\n  - name: 区总工会\n    parent: 市总工会\n",
    );
    let run = site.run(&["check"]);
    run.failed()
        .says("site.yaml:2:11: error: `base_url: intranet.example/plans` is not a full web address")
        .says("site.yaml:4: error: unit `区总工会` names parent `市总工会`, which is not declared")
        .says(": 2 errors");
    // A unit is no parent of its own.
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn a_site_yaml_that_cannot_be_read_is_not_called_missing() {
    let site = clean_site();
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    std::fs::create_dir(site.root().join("site.yaml")).unwrap();
    let run = site.run(&["check"]);
    run.failed().says("site.yaml: error: ");
    assert!(!run.stderr.contains("no site.yaml in"), "{}", run.stderr);
}

/// 300 plans of one title and one without a year: 299 warnings of one kind and an error.
fn site_with_a_flood() -> TestSite {
    let site = clean_site();
    for i in 0..300 {
        site.plan(
            &format!("copy-{i:03}"),
            "title: 抄来的计划\nunit: 市总工会\nyear: 2015",
            "x",
        );
    }
    site.plan("no-year", "title: 没有年份\nunit: 市总工会", "x");
    site
}

#[test]
fn hundreds_of_warnings_of_one_kind_are_counted_and_an_error_among_them_shown() {
    let site = site_with_a_flood();
    let dup = "warning: the title `抄来的计划` is already used by content/plans/copy-000.md";
    let more = "… and 294 more: a title another plan already has (plansite check --format json lists them all)";
    for run in [site.run(&["check"]), site.run(&["build"])] {
        run.failed()
            .says("content/plans/no-year.md:2:1: error: missing `year`")
            .says(more);
        assert_eq!(run.stderr.matches(dup).count(), 5, "{}", run.stderr);
        // The first five, then the count right above the summary.
        assert!(run.stderr.contains("content/plans/copy-005.md:2:1: "));
        assert!(!run.stderr.contains("content/plans/copy-006.md"));
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines[lines.len() - 2], more, "{}", run.stderr);
        assert!(lines[lines.len() - 1].contains(": 1 error, 299 warnings"));
    }

    let all = site.run(&["check", "--all"]);
    all.failed()
        .says("content/plans/no-year.md:2:1: error: missing `year`");
    assert_eq!(all.stderr.matches(dup).count(), 299);
    assert!(!all.stderr.contains("more: "));

    let json = site.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    let codes: Vec<&str> = (json["diagnostics"].as_array().unwrap().iter())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 300);
    assert_eq!(
        codes
            .iter()
            .filter(|&&c| c == "plan.title.duplicate")
            .count(),
        299
    );
    assert!(codes.contains(&"plan.year.missing"));
}
