//! `plansite build` end to end: the sample site, bad input, drafts, determinism, themes.

mod common;

use std::fs;

use common::{TestSite, broken_links, snapshot};

const SITE: &str =
    "title: 测试站\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n";

fn good_site() -> TestSite {
    let site = TestSite::new(SITE);
    site.plan(
        "a",
        "title: 2015年工作计划\nunit: 市总工会\nyear: 2015\ntags: [困难帮扶]",
        "## 一、指导思想\n\n正文。\n\n## 二、主要任务\n\n见[区里的计划](b.md)。",
    );
    site.plan(
        "b",
        "title: 区总工会2014年总结\nunit: 区总工会\nyear: 2014\nkind: 工作总结",
        "去年的工作。",
    );
    site
}

#[test]
fn sample_site_has_every_page_and_no_broken_link() {
    let site = TestSite::sample();
    let run = site.build();
    run.ok();
    assert!(run.stdout.contains("built 22 plans"), "{}", run.stdout);
    let out = site.out();
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "units/index.html",
        "units/shi-zonggonghui/index.html",
        "units/jiedao-zonggonghui/index.html",
        "units/zhongguo-chaye-xuehui/index.html",
        "years/index.html",
        "years/2014/index.html",
        "tags/index.html",
        "tags/kun-nan-bang-fu/index.html",
        "plans/2014-jiedao-zonggonghui-shangbannian-zongjie/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let plan_pages = fs::read_dir(out.join("plans")).unwrap().count();
    assert_eq!(plan_pages, 22);
    assert_eq!(broken_links(&out), Vec::<String>::new());
    // The files the build says it made are those in the folder.
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    let said = format!("pages ({files} files)");
    assert!(run.stdout.contains(&said), "{said:?} in {}", run.stdout);
}

#[test]
fn pages_show_what_readers_need() {
    let site = good_site();
    site.build().ok();
    let plan = site.read_out("plans/a/index.html");
    assert!(plan.contains("<h1>2015年工作计划</h1>"));
    assert!(
        plan.contains(r#"href="../../units/shi-zong-gong-hui/index.html">市总工会</a>"#),
        "{plan}"
    );
    assert!(plan.contains(r#"href="../../years/2015/index.html">2015年</a>"#));
    assert!(plan.contains(r#"<h2 id="一-指导思想">一、指导思想</h2>"#));
    assert!(
        plan.contains(r##"<a href="#二-主要任务">二、主要任务</a>"##),
        "table of contents"
    );
    assert!(
        plan.contains(r#"<a href="../b/index.html">区里的计划</a>"#),
        "link to another plan's file"
    );
    assert!(plan.contains("约 1 分钟读完"));

    let unit = site.read_out("units/shi-zong-gong-hui/index.html");
    assert!(
        unit.contains("区总工会"),
        "a parent unit lists its sub-units"
    );
    assert!(unit.contains(r#"id="y2015""#));
    let units = site.read_out("units/index.html");
    assert!(
        units.contains(r#"href="../units/shi-zong-gong-hui/index.html#y2015""#),
        "grid cell links to the unit's year"
    );
    let year = site.read_out("years/2014/index.html");
    assert!(year.contains("区总工会2014年总结"));
    assert!(!year.contains("2015年工作计划"));
    assert!(
        site.read_out("tags/kun-nan-bang-fu/index.html")
            .contains("2015年工作计划")
    );
    let home = site.read_out("index.html");
    let newest = home.find("2015年工作计划").unwrap();
    assert!(
        newest < home.find("区总工会2014年总结").unwrap(),
        "newest first"
    );
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn output_is_byte_identical_across_builds() {
    let site = TestSite::sample();
    site.build().ok();
    let first = snapshot(&site.out());
    site.build().ok();
    assert_eq!(first, snapshot(&site.out()));
}

#[test]
fn drafts_never_leak_unless_asked_for() {
    let site = good_site();
    site.plan(
        "secret",
        "title: 保密草稿计划\nunit: 市总工会\nyear: 2016\ndraft: true\ntags: [草稿专属主题]",
        "草稿正文内容",
    );
    site.build().ok();
    for (path, bytes) in snapshot(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        for leak in [
            "保密草稿计划",
            "草稿正文内容",
            "草稿专属主题",
            "secret",
            "2016",
        ] {
            assert!(
                !text.contains(leak),
                "{leak} leaked into {}",
                path.display()
            );
        }
    }
    site.run(&["build", "--drafts"]).ok();
    assert!(
        site.read_out("plans/secret/index.html")
            .contains("保密草稿计划")
    );
    assert!(site.read_out("years/2016/index.html").contains("草稿"));
}

#[test]
fn every_problem_is_reported_and_the_old_site_survives() {
    let site = good_site();
    site.build().ok();
    let before = snapshot(&site.out());

    site.plan(
        "broken-yaml",
        "title: a\nunit: 市总工会: 办公室\nyear: 2015",
        "x",
    );
    site.plan("missing", "unit: 市总工会\nyear: 2015年", "x");
    site.plan(
        "typed",
        "title: t\nunit: [市总工会]\nyear: 2015\ndraft: yes\ntags: 帮扶",
        "x",
    );
    site.plan("nofront", "", "");
    site.write("content/plans/nofront.md", "# 只有正文\n");
    site.plan("dup", "title: d\nunit: 市总工会\nyear: 2015\nslug: a", "x");
    site.plan(
        "undeclared",
        "title: u\nunit: 市总公会\nyear: 2015",
        "见[不存在的计划](nothing.md)",
    );
    let (gbk, _, _) =
        encoding_rs::GBK.encode("---\ntitle: 工会计划\nunit: 市总工会\nyear: 2015\n---\n正文");
    site.write("content/plans/gbk.md", &gbk);

    let run = site.build();
    run.failed()
        .says("content/plans/broken-yaml.md:3:")
        .says("error: the front matter is not valid YAML")
        .says("content/plans/missing.md:2:1: error: missing `title`")
        .says("content/plans/missing.md:3:1: error: `year` must be a whole number like 2015, found the text `2015年`")
        .says("content/plans/typed.md:3:1: error: `unit` must be text, found a list")
        .says("content/plans/typed.md:5:1: error: `draft` must be true or false")
        .says("content/plans/typed.md:6:1: error: `tags` must be a list")
        .says("content/plans/nofront.md:1:1: error: the file has no front matter")
        .says("content/plans/dup.md:5:1: error: the slug `a` is already used by content/plans/a.md")
        .says("content/plans/gbk.md: error: the file is not UTF-8; it looks like it was saved as GBK/GB18030")
        .says("content/plans/undeclared.md:3:1: warning: unit `市总公会` is not declared in site.yaml")
        .says("did you mean `市总工会`?")
        .says("content/plans/undeclared.md:7:2: warning: links to a plan content/plans/nothing.md, which does not exist")
        .says("build failed: 9 errors, 4 warnings");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the previous site must stay exactly as it was"
    );
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The output folder's lock file stays, empty, and so do the previous site kept for
        // the next build and its manifest, and the cache of the parsed plans (see
        // docs/publishers.md).
        .filter(|n| n.contains("plansite") && n != ".plansite")
        .filter(|n| {
            !["lock", "kept", "manifest"]
                .map(|s| format!(".public.plansite-{s}"))
                .contains(n)
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn stale_files_do_not_survive_a_build() {
    let site = good_site();
    site.build().ok();
    fs::write(site.out().join("stale.html"), "old").unwrap();
    fs::remove_file(site.root().join("content/plans/b.md")).unwrap();
    site.plan(
        "a",
        "title: 2015年工作计划\nunit: 市总工会\nyear: 2015",
        "正文。",
    );
    site.build().ok();
    assert!(!site.out().join("stale.html").exists());
    assert!(!site.out().join("plans/b").exists());
    assert!(!site.out().join("years/2014").exists());
}

#[test]
fn a_stale_temporary_folder_is_cleaned_up() {
    let site = good_site();
    fs::create_dir_all(site.root().join(".public.plansite-99999/plans")).unwrap();
    site.build().ok();
    assert!(!site.root().join(".public.plansite-99999").exists());
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = good_site();
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">自定义：{{ plan.title }}</p>{% endblock content %}",
    );
    site.write("static/logo.svg", "<svg/>");
    site.build().ok();
    let plan = site.read_out("plans/a/index.html");
    assert!(plan.contains("<p class=\"custom\">自定义：2015年工作计划</p>"));
    assert!(
        plan.contains("../../style.css"),
        "base.html still comes from the theme"
    );
    assert!(
        site.read_out("index.html").contains("最新计划"),
        "other templates are the theme's"
    );
    assert_eq!(site.read_out("logo.svg"), "<svg/>");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = good_site();
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {% if %}\n{% endblock content %}",
    );
    site.write("templates/year.html", "{% extends \"base.html\" %}\n{% block content %}\n\n{% for x in %}\n{% endblock content %}");
    // The column is where Tera stopped reading: at the `%}` that came too soon.
    site.build()
        .failed()
        .says("templates/year.html:4:")
        .says("templates/tag.html:3:9: error: template error: Found `%}`")
        .says("2 errors, 0 warnings");
}

#[test]
fn a_rendering_error_names_the_template() {
    let site = good_site();
    site.write("templates/unit.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ unit.no_such_field.deeper }}\n{% endblock content %}");
    let run = site.build();
    run.failed()
        .says("templates/unit.html:3:")
        .says("template error");
    assert!(!site.out().exists(), "nothing published");
}

#[test]
fn base_path_is_used_where_relative_links_cannot_be() {
    let site = good_site();
    site.run(&["build", "--base-path", "plans"]).ok();
    let not_found = site.read_out("404.html");
    assert!(
        not_found.contains(r#"href="/plans/style.css""#),
        "{not_found}"
    );
    assert!(not_found.contains(r#"href="/plans/index.html""#));
    assert!(
        site.read_out("index.html").contains(r#"href="style.css""#),
        "other pages stay relative"
    );
}

#[test]
fn colliding_tag_names_are_told_apart() {
    let site = TestSite::new("title: t\n");
    // Both transliterate to `shi-dian`.
    site.plan("a", "title: a\nunit: u\nyear: 2015\ntags: [试点]", "x");
    site.plan("b", "title: b\nunit: u\nyear: 2015\ntags: [示点]", "x");
    let run = site.build();
    run.ok().says("would both have the address `shi-dian`");
    assert!(site.out().join("tags/shi-dian/index.html").exists());
    assert!(site.out().join("tags/shi-dian-2/index.html").exists());
}

#[test]
fn file_names_differing_only_in_case_collide_loudly() {
    // One folder on Windows and macOS shares: slugs are lower case so this cannot go unseen.
    let site = TestSite::new("title: t\nslugify: unicode\n");
    site.plan("Plan", "title: a\nunit: u\nyear: 2015", "x");
    site.plan("plan-b", "title: b\nunit: u\nyear: 2015\nslug: PLAN", "x");
    site.build().failed().says(
        "content/plans/plan-b.md:5:1: error: the slug `plan` is already used by content/plans/Plan.md: `PLAN` and `Plan` differ only in letter case",
    );
}

#[test]
fn output_folder_that_would_delete_the_site_is_refused() {
    let site = good_site();
    let root = site.root().to_str().unwrap().to_string();
    site.run(&["build", "--out", &root])
        .failed()
        .says("contains the site itself");
    site.run(&["build", "--out", &format!("{root}/content")])
        .failed()
        .says("the site's content/ folder or inside it");
    assert!(site.root().join("content/plans/a.md").exists());
}

#[test]
fn help_explains_every_option() {
    let site = good_site();
    let run = site.run(&["build", "--help"]);
    for option in ["--root", "--out", "--drafts", "--base-path"] {
        assert!(
            run.stdout.contains(option),
            "{option} missing from help:\n{}",
            run.stdout
        );
    }
}

#[test]
fn missing_config_says_what_to_do() {
    let site = good_site();
    fs::remove_file(site.root().join("site.yaml")).unwrap();
    site.build()
        .failed()
        .says("site.yaml: error: no site.yaml in")
        .says("title:");
}

#[test]
fn sitemap_and_feed_use_the_base_url_and_leave_drafts_out() {
    let site = good_site();
    site.write(
        "site.yaml",
        format!("{SITE}base_url: https://intranet.example/plans\nbase_path: /plans/\n"),
    );
    site.plan(
        "secret",
        "title: 保密草稿\nunit: 市总工会\nyear: 2016\ndraft: true",
        "x",
    );
    site.build().ok();
    let sitemap = site.read_out("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://intranet.example/plans/plans/a/index.html</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://intranet.example/plans/units/index.html</loc>"));
    assert!(!sitemap.contains("404.html") && !sitemap.contains("secret"));
    let feed = site.read_out("atom.xml");
    assert!(
        feed.contains(r#"<link rel="self" href="https://intranet.example/plans/atom.xml"/>"#),
        "{feed}"
    );
    assert!(feed.contains("<title>2015年工作计划</title>"));
    assert!(feed.contains("<updated>2015-01-01T00:00:00Z</updated>"));
    assert!(!feed.contains("保密草稿"));
    let first = feed.find("2015年工作计划").unwrap();
    assert!(
        first < feed.find("区总工会2014年总结").unwrap(),
        "newest first"
    );
    assert!(
        site.read_out("index.html")
            .contains(r#"type="application/atom+xml" title="测试站" href="atom.xml""#)
    );
}

/// Issue 14's small things, on built pages: an image the text shows is not listed again under
/// 附件 (a file only linked still is); year counts read `2016年 2 份`, as units' do; the units ×
/// years grid says it counts each unit's own plans only.
#[test]
fn inline_images_year_counts_and_the_grids_caption() {
    let site = TestSite::new(
        "title: 测试站\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n",
    );
    site.write(
        "content/plans/2016-a/index.md",
        "---\ntitle: 甲计划\nunit: 市总工会\nyear: 2016\n---\n正文。\n\n![合影](<合 影.png>)\n\n[表格](表格.docx)\n",
    );
    site.write("content/plans/2016-a/合 影.png", "PNG");
    site.write("content/plans/2016-a/表格.docx", "DOCX");
    site.plan("b", "title: 乙计划\nunit: 区总工会\nyear: 2016", "正文。");
    site.build().ok();

    let plan = site.read_out("plans/2016-a/index.html");
    assert!(
        plan.contains("<img src=\"%E5%90%88%20%E5%BD%B1.png\""),
        "{plan}"
    );
    let listed = &plan[plan.find("attachments-title").expect("附件 is there")..];
    assert!(listed.contains(">表格.docx</a>"), "{listed}");
    assert!(
        !listed.contains("合 影.png"),
        "the image is listed again: {listed}"
    );

    let home = site.read_out("index.html");
    assert!(
        home.contains("2016年 <span class=\"count\">2 份</span>"),
        "{home}"
    );
    let years = site.read_out("years/index.html");
    assert!(years.contains("市总工会</a> 1 份"), "{years}");
    let units = site.read_out("units/index.html");
    assert!(
        units.contains("<caption>各单位每年<strong>本级</strong>的计划数，不含下级单位的"),
        "{units}"
    );
}

/// The relative luminance of `#rrggbb`, as WCAG 2 defines it.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// WCAG 2's contrast ratio of two colours.
fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The value of the custom property `name` in a block of CSS.
fn property<'a>(css: &'a str, name: &str) -> &'a str {
    let at = css
        .find(&format!("{name}:"))
        .unwrap_or_else(|| panic!("{name}"))
        + name.len()
        + 1;
    css[at..].split(';').next().unwrap().trim()
}

/// The focus outline stands out at 3:1 at least (WCAG 2.2's non-text contrast) against the
/// page and the header (--bg-soft), in the light scheme and the dark one: in light, #b35c00
/// gives 4.7:1 on #ffffff and 4.4:1 on #f5f6f8; in dark, #f0a500 gives 8.5:1 and 7.7:1.
#[test]
fn the_focus_outline_has_3_to_1_contrast_in_both_schemes() {
    let css = std::fs::read_to_string(format!("{}/themes/default/static/style.css", common::REPO))
        .unwrap();
    assert!(css.contains(":focus-visible { outline: 3px solid var(--focus)"));
    let dark_at = css.find("@media (prefers-color-scheme: dark)").unwrap();
    let (light, dark) = css.split_at(dark_at);
    let dark = &dark[..dark.find("\n}").unwrap()];
    for (scheme, block) in [("light", light), ("dark", dark)] {
        let focus = property(block, "--focus");
        for background in ["--bg", "--bg-soft"] {
            let against = property(block, background);
            let ratio = contrast(focus, against);
            assert!(
                ratio >= 3.0,
                "{scheme}: {focus} on {against} is {ratio:.2}:1"
            );
        }
    }
    assert!((contrast("#b35c00", "#ffffff") - 4.72).abs() < 0.01);
}

/// A site with no plan yet builds, its lists saying 暂无计划 rather than standing empty, with a
/// warning that says why.
#[test]
fn an_empty_site_says_there_are_no_plans_yet() {
    let site = TestSite::new("title: 空站\nbase_url: https://intranet.example/plans/\n");
    site.write("content/plans/.keep", "");
    let run = site.build();
    run.ok()
        .says("content/plans: warning: no plans to publish yet")
        .says("plansite new");
    for page in ["index.html", "years/index.html", "units/index.html"] {
        let html = site.read_out(page);
        assert!(html.contains("暂无计划"), "{page}: {html}");
        let empty_lists = [
            "<ul class=\"plan-list\">",
            "<ul class=\"year-list\">",
            "<table",
        ];
        for empty in empty_lists {
            assert!(!html.contains(empty), "{page} has an empty {empty}");
        }
    }
    site.run(&["check"]).ok().says_out("1 warning");
}
