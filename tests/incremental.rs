//! Rebuilds that reuse unchanged pages give exactly the bytes of a fresh build, and redo only
//! the pages that depend on what changed.

mod common;

use common::TestSite;
use plansite::pipeline::{self, Options};
use plansite::render::RenderCache;

fn options(site: &TestSite) -> Options {
    Options {
        root: site.root().to_path_buf(),
        drafts: false,
        base_path: None,
    }
}

fn site() -> TestSite {
    let site = TestSite::new(
        "title: 增量\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n",
    );
    for (i, unit) in ["市总工会", "区总工会"].iter().enumerate() {
        for year in 2010..2016 {
            site.plan(
                &format!("p-{i}-{year}"),
                &format!("title: {unit}{year}年计划\nunit: {unit}\nyear: {year}\ntags: [帮扶]"),
                "## 一、任务\n\n正文。",
            );
        }
    }
    site
}

/// Renders with the cache, then checks the result against a render with no cache at all.
fn rerender(site: &TestSite, cache: &mut RenderCache) -> pipeline::Report {
    let (incremental, report) = pipeline::render_with(&options(site), cache);
    let (fresh, _) = pipeline::render(&options(site));
    let (incremental, fresh) = (incremental.unwrap().1, fresh.unwrap().1);
    assert_eq!(
        incremental.pages, fresh.pages,
        "incremental output differs from a full build"
    );
    report
}

#[test]
fn a_body_edit_redoes_only_the_pages_that_show_the_plan() {
    let site = site();
    let mut cache = RenderCache::default();
    let first = rerender(&site, &mut cache);
    assert_eq!(
        first.rendered, first.pages,
        "an empty cache renders everything"
    );

    let unchanged = rerender(&site, &mut cache);
    assert_eq!(unchanged.rendered, 0, "nothing changed, nothing rendered");

    site.plan(
        "p-1-2013",
        "title: 区总工会2013年计划\nunit: 区总工会\nyear: 2013\ntags: [帮扶]",
        "## 一、任务\n\n改过的正文，更长一些。",
    );
    let edited = rerender(&site, &mut cache);
    // The plan, its unit, year and tag pages, the home page, and its two neighbours' pagers.
    assert!(
        edited.rendered >= 5 && edited.rendered <= 8,
        "rendered {} of {}",
        edited.rendered,
        edited.pages
    );
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let site = site();
    let mut cache = RenderCache::default();
    rerender(&site, &mut cache);
    let plan = |name: &str, front: &str| site.plan(name, front, "正文。");
    // Title, unit, year and tag changes; a new plan; a deletion; a rename; a draft toggle.
    plan(
        "p-0-2011",
        "title: 新标题\nunit: 市总工会\nyear: 2011\ntags: [帮扶]",
    );
    rerender(&site, &mut cache);
    plan("p-0-2012", "title: 换单位\nunit: 区总工会\nyear: 2012");
    rerender(&site, &mut cache);
    plan(
        "p-0-2013",
        "title: 换年份\nunit: 市总工会\nyear: 2020\ntags: [新主题]",
    );
    rerender(&site, &mut cache);
    plan("added", "title: 新增\nunit: 市总工会\nyear: 2016");
    rerender(&site, &mut cache);
    std::fs::remove_file(site.root().join("content/plans/p-1-2010.md")).unwrap();
    rerender(&site, &mut cache);
    std::fs::rename(
        site.root().join("content/plans/p-1-2011.md"),
        site.root().join("content/plans/renamed.md"),
    )
    .unwrap();
    rerender(&site, &mut cache);
    plan(
        "p-1-2012",
        "title: 草稿\nunit: 区总工会\nyear: 2012\ndraft: true",
    );
    rerender(&site, &mut cache);
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}{{ plan.title }}{% endblock content %}",
    );
    let templates = rerender(&site, &mut cache);
    assert!(templates.rendered > 0);
}
