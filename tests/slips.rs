//! Chinese typing slips in front matter and `site.yaml`: each of the cases editors meet is read
//! as they meant it, with a warning at the slip's own line and column, or, where it cannot be
//! read safely, an error there; said in Chinese as editors run plansite, and in English with
//! `--lang en`.

mod common;

use common::{Run, TestSite};

const SITE: &str = "title: 测试站\nunits:\n  - name: 街道总工会\n";

/// A site with one plan whose front matter is `front` (line 2 is its first line).
fn plan_with(front: &str) -> TestSite {
    let site = TestSite::new(SITE);
    site.plan("a", front, "正文。");
    site
}

/// Builds the site as editors do (in Chinese, the default) and with `--lang en`: both runs
/// succeed or both fail as `ok` says, the first says every line of `zh`, the second of `en`.
/// Returns the Chinese run.
fn build_in_both(site: &TestSite, ok: bool, zh: &[&str], en: &[&str]) -> Run {
    let chinese = site.run_as_editors_do(&["build"]);
    let english = site.run_as_editors_do(&["build", "--lang", "en"]);
    for (run, lines) in [(&chinese, zh), (&english, en)] {
        match ok {
            true => run.ok(),
            false => run.failed(),
        };
        for line in lines {
            run.says(line);
        }
    }
    chinese
}

#[test]
fn a_full_width_colon_after_a_key_is_a_colon() {
    let site = plan_with("title：街道工会2015年工作计划\nunit: 街道总工会\nyear: 2015");
    build_in_both(
        &site,
        true,
        &[
            "content/plans/a.md:2:6: warning: `title` 后面是全角冒号“：”，已按英文冒号读取\n  提示：改成英文冒号加空格：`title: …`",
        ],
        &[
            "content/plans/a.md:2:6: warning: the full-width colon “：” after `title` was read as `:`\n  help: write `title: …`",
        ],
    );
    assert!(
        site.read_out("plans/a/index.html")
            .contains("<h1>街道工会2015年工作计划</h1>")
    );
}

#[test]
fn full_width_colons_after_every_key_are_colons() {
    let site = plan_with("title：甲计划\nunit：街道总工会\nyear：2015");
    let run = build_in_both(&site, true, &[], &[]);
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
    build_in_both(
        &site,
        true,
        &["site.yaml:7:11: warning: `home_plans` 后面是全角冒号“：”"],
        &["site.yaml:7:11: warning: the full-width colon “：” after `home_plans` was read as `:`"],
    );
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
        let zh = format!("content/plans/a.md:3:6: warning: `unit` 这一行有看不见的字符 <{name}");
        let en = format!("content/plans/a.md:3:6: warning: an invisible character <{name}");
        let run = build_in_both(&site, true, &[&zh], &[&en]);
        assert!(!run.stderr.contains("没有在 site.yaml"), "{}", run.stderr);
    }
}

#[test]
fn full_width_commas_between_tags_separate_them() {
    let site = plan_with("title: 甲\nunit: 街道总工会\nyear: 2015\ntags: [帮扶，女职工]");
    build_in_both(
        &site,
        true,
        &["content/plans/a.md:5:10: warning: `tags` 的各项之间用了“，”，已按逗号分成几项"],
        &[
            "content/plans/a.md:5:10: warning: the items of `tags`, separated by “，”, were read as a list",
        ],
    );
    assert!(site.out().join("tags/bang-fu/index.html").is_file());
    assert!(site.out().join("tags/nu-zhi-gong/index.html").is_file());
}

#[test]
fn full_width_digits_in_the_year_are_digits() {
    let site = plan_with("title: 甲\nunit: 街道总工会\nyear: ２０１５\ndate: ２０１５－０１－２０");
    build_in_both(
        &site,
        true,
        &[
            "content/plans/a.md:4:7: warning: `year` 的值 `２０１５` 用了全角数字，已按半角数字读取",
            "content/plans/a.md:5:7: warning: `date` 的值",
        ],
        &[
            "content/plans/a.md:4:7: warning: the full-width digits of `year` (`２０１５`) were read as digits",
            "content/plans/a.md:5:7: warning: the full-width digits of `date`",
        ],
    );
    assert!(site.out().join("years/2015/index.html").is_file());
    assert!(site.read_out("plans/a/index.html").contains("2015-01-20"));
}

#[test]
fn a_zero_width_space_after_the_unit_is_removed_and_named() {
    let site = plan_with("title: 甲\nunit: 街道总工会\u{200B}\nyear: 2015");
    let run = build_in_both(
        &site,
        true,
        &[
            "content/plans/a.md:3:12: warning: `unit` 这一行有看不见的字符 <U+200B 零宽空格 zero-width space>，已去掉",
        ],
        &[
            "content/plans/a.md:3:12: warning: an invisible character <U+200B 零宽空格 zero-width space> on the line of `unit` was removed",
        ],
    );
    assert!(!run.stderr.contains("是不是"), "{}", run.stderr);
}

#[test]
fn an_invisible_character_inside_a_value_is_shown_by_name() {
    let site = plan_with("title: 甲\nunit: 街道\u{200B}总工会\nyear: 2015");
    build_in_both(
        &site,
        true,
        &["单位“街道<U+200B 零宽空格 zero-width space>总工会”没有在 site.yaml 中登记"],
        &["unit `街道<U+200B 零宽空格 zero-width space>总工会` is not declared"],
    );
}

#[test]
fn a_full_width_colon_after_an_unknown_word_is_an_error_at_the_colon() {
    let site = plan_with("titel：甲\nunit: 街道总工会\nyear: 2015");
    build_in_both(
        &site,
        false,
        &[
            "content/plans/a.md:2:6: error: `titel` 后面是全角冒号“：”，但 `titel` 不是已知的字段名",
            "提示：是不是 `title`？",
        ],
        &[
            "content/plans/a.md:2:6: error: a full-width colon “：” after `titel`, which is no known field",
            "help: did you mean `title`?",
        ],
    );
}

#[test]
fn check_fix_rewrites_the_slips_after_a_backup_and_says_what_changed() {
    let front = "title：甲计划\nunit: 街道总工会\u{200B}\nyear: ２０１５\ntags: 【帮扶，女职工】";
    let site = plan_with(front);
    let original = std::fs::read_to_string(site.root().join("content/plans/a.md")).unwrap();
    let run = site.run_as_editors_do(&["check", "--fix"]);
    run.ok()
        .says_out("content/plans/a.md:2:6: “：”改为“: ”")
        .says_out("content/plans/a.md:3:12: 去掉了 <U+200B")
        .says_out("content/plans/a.md:4:7: `２０１５` 改为 `2015`")
        .says_out("a.md.fix.bak")
        .says_out("检查了 1 份计划：0 个错误，1 个警告");
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
    site.run_as_editors_do(&["check", "--fix"])
        .failed()
        .says("已经存在");
    site.run(&["check", "--fix"])
        .failed()
        .says("already exists");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
}
