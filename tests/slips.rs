//! Chinese typing slips in front matter and `site.yaml`: each of the cases editors meet is read
//! as they meant it, with a warning at the slip's own line and column, or, where it cannot be
//! read safely, an error there.

mod common;

use common::TestSite;

const SITE: &str = "title: 测试站\nunits:\n  - name: 街道总工会\n";

/// A site with one plan whose front matter is `front` (line 2 is its first line).
fn plan_with(front: &str) -> TestSite {
    let site = TestSite::new(SITE);
    site.plan("a", front, "正文。");
    site
}

#[test]
fn a_full_width_colon_after_a_key_is_a_colon() {
    let site = plan_with("title：街道工会2015年工作计划\nunit: 街道总工会\nyear: 2015");
    site.build()
        .ok()
        .says("content/plans/a.md:2:6: warning: `title` 后面是全角冒号“：”")
        .says("the full-width colon after `title` was read as `:`");
    assert!(
        site.read_out("plans/a/index.html")
            .contains("<h1>街道工会2015年工作计划</h1>")
    );
}

#[test]
fn full_width_colons_after_every_key_are_colons() {
    let site = plan_with("title：甲计划\nunit：街道总工会\nyear：2015");
    let run = site.build();
    run.ok();
    for line in 2..=4 {
        let place = format!("content/plans/a.md:{line}:");
        assert!(run.stderr.contains(&place), "{place} in {}", run.stderr);
    }
    assert!(!run.stderr.contains("not a list of"), "{}", run.stderr);
}

#[test]
fn a_full_width_colon_in_site_yaml_is_a_colon() {
    let site = TestSite::new(
        "title: 测试站\ndescription: 说明\nlanguage: zh-CN\ntheme: default\nbase_path: /\nfeed_plans: 20\nhome_plans：1\nunits:\n  - name: 街道总工会\n",
    );
    site.plan("a", "title: 甲\nunit: 街道总工会\nyear: 2015", "正文。");
    site.plan("b", "title: 乙\nunit: 街道总工会\nyear: 2016", "正文。");
    site.build()
        .ok()
        .says("site.yaml:7:11: warning: `home_plans` 后面是全角冒号");
    let home = site.read_out("index.html");
    assert!(
        home.contains("乙") && !home.contains(">甲</a>"),
        "home_plans: 1 was read"
    );
}

#[test]
fn spaces_pasted_from_word_around_a_value_are_removed() {
    for (space, name) in [
        ('\u{A0}', "U+00A0 不换行空格"),
        ('\u{3000}', "U+3000 全角空格"),
    ] {
        let site = plan_with(&format!("title: 甲\nunit:{space}街道总工会\nyear: 2015"));
        let run = site.build();
        run.ok().says(&format!(
            "content/plans/a.md:3:6: warning: `unit` 这一行有看不见的字符 <{name}"
        ));
        assert!(!run.stderr.contains("not declared"), "{}", run.stderr);
    }
}

#[test]
fn full_width_commas_between_tags_separate_them() {
    let site = plan_with("title: 甲\nunit: 街道总工会\nyear: 2015\ntags: [帮扶，女职工]");
    site.build()
        .ok()
        .says("content/plans/a.md:5:10: warning: `tags` 的各项之间用了“，”");
    assert!(site.out().join("tags/bang-fu/index.html").is_file());
    assert!(site.out().join("tags/nu-zhi-gong/index.html").is_file());
}

#[test]
fn full_width_digits_in_the_year_are_digits() {
    let site = plan_with("title: 甲\nunit: 街道总工会\nyear: ２０１５\ndate: ２０１５－０１－２０");
    site.build()
        .ok()
        .says("content/plans/a.md:4:7: warning: `year` 的值 `２０１５` 用了全角数字")
        .says("content/plans/a.md:5:7: warning: `date`");
    assert!(site.out().join("years/2015/index.html").is_file());
    assert!(site.read_out("plans/a/index.html").contains("2015-01-20"));
}

#[test]
fn a_zero_width_space_after_the_unit_is_removed_and_named() {
    let site = plan_with("title: 甲\nunit: 街道总工会\u{200B}\nyear: 2015");
    let run = site.build();
    run.ok()
        .says("content/plans/a.md:3:12: warning: `unit` 这一行有看不见的字符 <U+200B 零宽空格 zero-width space>");
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn an_invisible_character_inside_a_value_is_shown_by_name() {
    let site = plan_with("title: 甲\nunit: 街道\u{200B}总工会\nyear: 2015");
    site.build()
        .ok()
        .says("unit `街道<U+200B 零宽空格 zero-width space>总工会` is not declared");
}

#[test]
fn a_full_width_colon_after_an_unknown_word_is_an_error_at_the_colon() {
    let site = plan_with("titel：甲\nunit: 街道总工会\nyear: 2015");
    site.build()
        .failed()
        .says("content/plans/a.md:2:6: error: `titel` 后面是全角冒号“：”，但 `titel` 不是已知的字段名")
        .says("是不是 `title`？");
}

#[test]
fn check_fix_rewrites_the_slips_after_a_backup_and_says_what_changed() {
    let front = "title：甲计划\nunit: 街道总工会\u{200B}\nyear: ２０１５\ntags: 【帮扶，女职工】";
    let site = plan_with(front);
    let original = std::fs::read_to_string(site.root().join("content/plans/a.md")).unwrap();
    let run = site.run(&["check", "--fix"]);
    run.ok()
        .says_out("content/plans/a.md:2:6: “：”改为“: ”")
        .says_out("content/plans/a.md:3:12: 去掉了 <U+200B")
        .says_out("content/plans/a.md:4:7: `２０１５` 改为 `2015`")
        .says_out("a.md.fix.bak")
        .says_out("checked 1 plan: 0 errors, 1 warning");
    assert!(run.stderr.contains("未设 `base_url`"), "{}", run.stderr);
    let fixed = std::fs::read_to_string(site.root().join("content/plans/a.md")).unwrap();
    assert!(
        fixed.starts_with(
            "---\ntitle: 甲计划\nunit: 街道总工会\nyear: 2015\ntags: [帮扶, 女职工]\n---\n"
        ),
        "{fixed}"
    );
    let backup = site.root().join("content/plans/a.md.fix.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
    // A second slip later is not fixed over the first backup.
    site.plan("a", "title：乙计划\nunit: 街道总工会\nyear: 2015", "正文。");
    site.run(&["check", "--fix"]).failed().says("已经存在");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
}
