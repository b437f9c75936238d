//! Finding one's way on the built site: paginated indexes, breadcrumbs that land on the right
//! page, neighbours within a unit, and attachments listed with their sizes.

mod common;

use common::{TestSite, broken_links};

/// One unit with seven plans over three years, listed two to a page.
fn paged_site() -> TestSite {
    let site =
        TestSite::new("title: 测试站\npage_size: 2\nunits:\n  - name: 街道总工会\n    slug: jd\n");
    for (n, year) in [2016, 2016, 2016, 2015, 2015, 2014, 2014]
        .iter()
        .enumerate()
    {
        site.plan(
            &format!("p{n}"),
            &format!("title: 第{n}号计划\nunit: 街道总工会\nyear: {year}\ndate: {year}-0{}-01\ntags: [帮扶]", 9 - n),
            "正文。",
        );
    }
    site
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn long_indexes_are_paginated_with_working_links() {
    let site = paged_site();
    site.build().ok();
    let first = site.read_out("units/jd/index.html");
    let second = site.read_out("units/jd/page/2/index.html");
    let last = site.read_out("units/jd/page/4/index.html");
    assert!(!site.out().join("units/jd/page/5").exists());
    assert!(
        !site.out().join("units/jd/page/1").exists(),
        "page 1 is the index itself"
    );
    for (page, html, plans) in [(1, &first, 2), (2, &second, 2), (4, &last, 1)] {
        // The plans listed, not those in the first page's table of plans beside summaries.
        assert_eq!(
            count(html, "<li class=\"plan-item\">"),
            plans,
            "plans on page {page}"
        );
        assert!(
            html.contains(&format!("第 {page} 页，共 4 页（7 份计划）")),
            "page {page}"
        );
    }
    assert!(
        first.contains(r#"<a rel="next" href="../../units/jd/page/2/index.html">"#),
        "{first}"
    );
    assert!(!first.contains(r#"rel="prev""#));
    assert!(
        second.contains(r#"<a rel="prev" href="../../../../units/jd/index.html">"#),
        "{second}"
    );
    assert!(second.contains(r#"<a rel="next" href="../../../../units/jd/page/3/index.html">"#));
    assert!(last.contains(r#"<span aria-current="page">4</span>"#));
    assert!(!last.contains(r#"rel="next""#));
    assert!(
        second.contains("<title>街道总工会（第 2 页）"),
        "titles tell pages apart"
    );

    // Years and tags page the same way.
    assert!(site.out().join("years/2016/page/2/index.html").is_file());
    assert!(!site.out().join("years/2015/page/2").exists());
    assert!(site.out().join("tags/bang-fu/page/4/index.html").is_file());
    let sitemap = site.read_out("sitemap.xml");
    assert!(sitemap.contains("units/jd/page/4/index.html"));
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn year_links_land_on_the_page_where_the_year_starts() {
    let site = paged_site();
    site.build().ok();
    // 2016 fills page 1 and starts page 2; 2015 starts on page 2; 2014 on page 3.
    let plan = site.read_out("plans/p5/index.html");
    assert!(
        plan.contains(r#"<a href="../../units/jd/page/3/index.html#y2014">2014年</a>"#),
        "breadcrumb to the unit's 2014 plans"
    );
    let first = site.read_out("units/jd/index.html");
    for (year, path) in [
        (2016, "../../units/jd/index.html#y2016"),
        (2015, "../../units/jd/page/2/index.html#y2015"),
        (2014, "../../units/jd/page/3/index.html#y2014"),
    ] {
        assert!(
            first.contains(&format!(r#"<a href="{path}">{year}</a>"#)),
            "jump link to {year}: {first}"
        );
    }
    // The two plans of 2016 on the first page are one group, under one heading.
    assert_eq!(count(&first, r#"<h2 id="y2016">"#), 1, "{first}");
    let units = site.read_out("units/index.html");
    assert!(units.contains(r#"href="../units/jd/page/3/index.html#y2014""#));
    // broken_links checks that every #fragment exists on the page it points at.
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}

#[test]
fn a_plan_links_to_its_neighbours_in_the_unit() {
    let site = paged_site();
    site.build().ok();
    let middle = site.read_out("plans/p3/index.html");
    assert!(
        middle.contains(r#"rel="prev" href="../../plans/p4/index.html""#),
        "older: {middle}"
    );
    assert!(
        middle.contains(r#"rel="next" href="../../plans/p2/index.html""#),
        "newer"
    );
    let newest = site.read_out("plans/p0/index.html");
    assert!(!newest.contains(r#"class="newer""#));
}

#[test]
fn a_year_links_to_the_years_either_side() {
    let site = paged_site();
    site.build().ok();
    let middle = site.read_out("years/2015/index.html");
    assert!(
        middle.contains(
            r#"rel="prev" href="../../years/2014/index.html"><span>上一年</span>2014年</a>"#
        ),
        "older: {middle}"
    );
    assert!(
        middle.contains(
            r#"rel="next" href="../../years/2016/index.html"><span>下一年</span>2016年</a>"#
        ),
        "newer: {middle}"
    );
    let newest = site.read_out("years/2016/index.html");
    assert!(!newest.contains(r#"class="newer""#), "{newest}");
    assert!(newest.contains(r#"href="../../years/2015/index.html"><span>上一年</span>"#));
    let oldest = site.read_out("years/2014/index.html");
    assert!(!oldest.contains(r#"class="older""#), "{oldest}");
}

#[test]
fn attachments_are_copied_and_listed_with_their_size() {
    let site = TestSite::new("title: 测试站\nunits:\n  - name: 市总工会\n");
    site.write(
        "content/plans/with-files/index.md",
        "---\ntitle: 带附件的计划\nunit: 市总工会\nyear: 2015\n---\n\n见附件。\n",
    );
    site.write("content/plans/with-files/附件一.docx", vec![7u8; 2048]);
    site.write("content/plans/with-files/名单.xlsx", vec![1u8; 300]);
    site.build().ok();
    let page = site.read_out("plans/with-files/index.html");
    assert!(
        page.contains(
            r#"<a href="../../plans/with-files/附件一.docx" download>附件一.docx</a> <span class="size">2.0 KB</span>"#
        ),
        "{page}"
    );
    assert!(
        page.contains(r#"<span class="size">300 B</span>"#),
        "{page}"
    );
    let copied = std::fs::read(site.out().join("plans/with-files/附件一.docx")).unwrap();
    assert_eq!(copied, vec![7u8; 2048]);
    assert_eq!(broken_links(&site.out()), Vec::<String>::new());
}
