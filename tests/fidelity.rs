//! Nothing an editor writes is lost or mangled in the default (sanitized) mode: each case builds
//! a plan and reads its page as a browser does (html5ever, through scraper), comparing the text
//! a reader sees, not only that the build passed.

mod common;

use common::TestSite;
use scraper::{ElementRef, Html, Node, Selector};

const SITE: &str = "title: 测试站\nunits:\n  - name: 市总工会\n";

/// Builds one plan with `body` and returns its page.
fn page_of(body: &str) -> Html {
    let site = TestSite::new(SITE);
    site.plan("a", "title: 计划\nunit: 市总工会\nyear: 2015", body);
    site.build().ok();
    Html::parse_document(&site.read_out("plans/a/index.html"))
}

/// The text a reader sees in the plan's body: text nodes, leaving out elements whose content
/// browsers never show.
fn visible_body(page: &Html) -> String {
    let body = Selector::parse(".plan-body").unwrap();
    let mut text = String::new();
    if let Some(element) = page.select(&body).next() {
        collect(element, &mut text);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect(element: ElementRef, text: &mut String) {
    let hidden = ["script", "style", "title", "template", "noscript"];
    for child in element.children() {
        match child.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if hidden.contains(&e.name()) => {}
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    text.push(' ');
                    collect(child, text);
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn headings(page: &Html) -> Vec<String> {
    let h = Selector::parse(".plan-body h1, .plan-body h2").unwrap();
    page.select(&h).map(|e| e.text().collect()).collect()
}

#[test]
fn an_empty_comment_does_not_swallow_the_rest_of_the_plan() {
    for opener in ["<!-->", "<!--->"] {
        for raw in ["<style>", "<script>"] {
            let body = format!("文字 {opener} {raw}\n\n# 标题\n\n正文。\n");
            let page = page_of(&body);
            let seen = visible_body(&page);
            assert_eq!(headings(&page), ["标题"], "{body}");
            assert!(seen.contains("文字"), "{body}: {seen}");
            assert!(seen.contains("正文。"), "{body}: {seen}");
        }
    }
}

#[test]
fn text_after_an_empty_comment_is_shown_once() {
    let page = page_of("foo <!--> foo -->\n");
    assert_eq!(visible_body(&page), "foo foo -->");
}

#[test]
fn hidden_contents_are_not_shown_as_text() {
    let page = page_of("文字 <title>隐藏</title> 可见\n\n后文。\n");
    let seen = visible_body(&page);
    assert!(!seen.contains("隐藏"), "{seen}");
    assert!(seen.contains("文字") && seen.contains("可见") && seen.contains("后文。"));

    // GFM's tag filter examples: no tag's markup reaches readers as text.
    let page = page_of(
        "<strong> <title> <style> <em>\n\n<blockquote>\n  <xmp> is disallowed.  <XMP> is also disallowed.\n</blockquote>\n\n<xmp><strong>this</strong></xmp>\n\n<textarea>\n\n*foo*\n\n</textarea>\n\n之后。\n",
    );
    let seen = visible_body(&page);
    for markup in ["<strong>", "</blockquote>", "<title>", "*foo*"] {
        assert!(!seen.contains(markup), "{markup} shown: {seen}");
    }
    assert!(seen.contains("之后。"), "{seen}");
}

/// Every id on `page`, in order.
fn ids(page: &Html) -> Vec<String> {
    let any = Selector::parse("[id]").unwrap();
    page.select(&any)
        .filter_map(|e| e.value().attr("id"))
        .map(String::from)
        .collect()
}

/// Ids `page` has more than once.
fn repeated_ids(page: &Html) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids(page)
        .into_iter()
        .filter(|id| !seen.insert(id.clone()))
        .collect()
}

/// Each in-page link (`href="#..."`) whose target is not on `page`.
fn dangling_fragments(page: &Html) -> Vec<String> {
    let links = Selector::parse("a[href^='#']").unwrap();
    let ids = ids(page);
    page.select(&links)
        .map(|a| a.value().attr("href").unwrap()[1..].to_string())
        .filter(|target| !ids.contains(target))
        .collect()
}

/// The element `page` has with this id.
fn by_id<'a>(page: &'a Html, id: &str) -> ElementRef<'a> {
    let any = Selector::parse("[id]").unwrap();
    page.select(&any)
        .find(|e| e.value().attr("id") == Some(id))
        .unwrap_or_else(|| panic!("no element has id {id:?}"))
}

/// The `(text, href)` of each link in the plan's body.
fn body_links(page: &Html) -> Vec<(String, String)> {
    let links = Selector::parse(".plan-body a[href]").unwrap();
    page.select(&links)
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap().into()))
        .collect()
}

#[test]
fn every_id_on_a_plan_page_is_unique() {
    let site = TestSite::new(SITE);
    let body = "# 1\n\n正文[^1]，又见[^1]。\n\n# main\n\n## 目录 {#toc-title}\n\n\
                ## attachments title\n\n## site search q\n\n## fn 1\n\n[^1]: 注释。\n";
    // A plan kept as a folder, with a file beside it, so that the page lists attachments.
    site.write(
        "content/plans/a/index.md",
        format!("---\ntitle: 计划\nunit: 市总工会\nyear: 2015\n---\n\n{body}"),
    );
    site.write("content/plans/a/附件.docx", "x");
    site.build().ok();
    let page = Html::parse_document(&site.read_out("plans/a/index.html"));
    for theme_id in ["main", "site-search-q", "toc-title", "attachments-title"] {
        by_id(&page, theme_id);
    }
    assert_eq!(repeated_ids(&page), Vec::<String>::new());
    assert_eq!(dangling_fragments(&page), Vec::<String>::new());

    // The footnote's link leads to the footnote, and its number back to the first reference.
    let reference = Selector::parse(".plan-body .footnote-reference a").unwrap();
    let first = page.select(&reference).next().unwrap();
    let note = by_id(&page, &first.value().attr("href").unwrap()[1..]);
    assert!(note.text().collect::<String>().contains("注释。"));
    let back = Selector::parse("a[href]").unwrap();
    let back = note
        .select(&back)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(Some(&back[1..]), first.value().attr("id"));

    // The contents lead to the headings, each by its own id.
    let contents = Selector::parse(".toc a").unwrap();
    let titles: Vec<String> = page
        .select(&contents)
        .map(|a| {
            let target = by_id(&page, &a.value().attr("href").unwrap()[1..]);
            assert!(target.value().name().starts_with('h'), "{}", target.html());
            target.text().collect()
        })
        .collect();
    let expected = [
        "1",
        "main",
        "目录",
        "attachments title",
        "site search q",
        "fn 1",
    ];
    assert_eq!(titles, expected);
}

#[test]
fn links_with_a_scheme_or_to_an_address_are_not_taken_for_files() {
    let site = TestSite::new(SITE);
    site.plan(
        "a",
        "title: 计划\nunit: 市总工会\nyear: 2015",
        "<foo@bar.example.com> <MAILTO:A@B.C> <irc://x/y> <irc:x> [电话](TEL:12345)\n\n\
         [缺](missing.docx) [盘](D:/附件.docx)\n",
    );
    let run = site.build();
    run.ok();
    let warned: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("which does not exist"))
        .collect();
    assert_eq!(warned.len(), 2, "{}", run.stderr);
    assert!(warned[0].contains("missing.docx") || warned[1].contains("missing.docx"));
    assert!(warned.iter().any(|line| line.contains("D:/附件.docx")));

    let page = Html::parse_document(&site.read_out("plans/a/index.html"));
    let links = body_links(&page);
    for (text, href) in [
        ("foo@bar.example.com", "mailto:foo@bar.example.com"),
        ("MAILTO:A@B.C", "MAILTO:A@B.C"),
        ("irc://x/y", "irc://x/y"),
    ] {
        assert!(
            links.contains(&(text.into(), href.into())),
            "{text}: {links:?}"
        );
    }
}

#[test]
fn bare_addresses_become_links() {
    let page = page_of(
        "详见 http://www.example.gov.cn/notice.html。或www.example.org，\
         邮箱union@example.cn）\n\n\
         `www.code.example` 和 [链接 www.in-link.example](https://a.example/)\n\n\
         ```\nhttp://block.example/\n```\n",
    );
    assert_eq!(
        body_links(&page),
        [
            (
                "http://www.example.gov.cn/notice.html".to_string(),
                "http://www.example.gov.cn/notice.html".to_string()
            ),
            (
                "www.example.org".to_string(),
                "http://www.example.org".to_string()
            ),
            (
                "union@example.cn".to_string(),
                "mailto:union@example.cn".to_string()
            ),
            (
                "链接 www.in-link.example".to_string(),
                "https://a.example/".to_string()
            ),
        ]
    );
    // What the reader sees is what the editor wrote.
    let seen = visible_body(&page);
    for text in [
        "http://www.example.gov.cn/notice.html 。或 www.example.org ，",
        "www.code.example",
        "http://block.example/",
    ] {
        assert!(seen.contains(text), "{text:?} not in {seen}");
    }
}

/// Bodies made of Markdown's common pieces, without raw HTML: whatever they are, the reader sees
/// every piece of their text, in order, and no two elements of the page share an id.
/// `PROPTEST_CASES=200 cargo test --test fidelity` runs more sites than the default.
mod any_body {
    use proptest::prelude::*;
    use scraper::Html;

    use super::common::TestSite;
    use super::{SITE, dangling_fragments, repeated_ids, visible_body};

    /// Markdown and the pieces of text a reader must see of it, in order.
    type Piece = (String, Vec<String>);

    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(12);
        ProptestConfig::with_cases(cases)
    }

    /// Words, some of them the theme's ids or the footnotes' once slugged.
    fn words() -> impl Strategy<Value = String> {
        prop_oneof![
            "[工会职工帮扶计划甲乙丙丁一二三]{1,5}",
            "[a-z0-9]{1,6}",
            prop::sample::select(vec![
                "1",
                "main",
                "fn 1",
                "fnref 1",
                "fn a",
                "toc title",
                "attachments title",
                "site search q",
                "附件",
            ])
            .prop_map(String::from),
        ]
    }

    fn label() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["1", "2", "a", "A", "main", "注 释"]).prop_map(String::from)
    }

    /// Text shown as written.
    fn seen(text: String) -> Piece {
        (text.clone(), vec![text])
    }

    fn inline() -> impl Strategy<Value = Piece> {
        prop_oneof![
            words().prop_map(seen),
            words().prop_map(|t| (format!("*{t}*"), vec![t])),
            words().prop_map(|t| (format!("**{t}**"), vec![t])),
            "[a-z.]{1,8}".prop_map(|c| (format!("`{c}`"), vec![c])),
            label().prop_map(|l| (format!("[^{l}]"), vec![])),
            prop::sample::select(vec![
                "http://www.example.gov.cn/notice.html",
                "https://a.example/x_y",
                "www.example.org",
                "www.b.example/a(b)",
                "union@example.cn",
                " www.c.example ",
            ])
            .prop_map(|u| seen(u.to_string())),
            prop::sample::select(vec![
                "，", "。", "、", "；", "：", "！", "（", "）", "「", "」"
            ])
            .prop_map(|p| seen(p.to_string())),
        ]
    }

    fn line() -> impl Strategy<Value = Piece> {
        prop::collection::vec(inline(), 1..6).prop_map(|pieces| {
            let markdown = pieces.iter().map(|(m, _)| m.as_str()).collect();
            (markdown, pieces.into_iter().flat_map(|(_, s)| s).collect())
        })
    }

    fn block() -> impl Strategy<Value = Piece> {
        prop_oneof![
            (1..4usize, line())
                .prop_map(|(level, (m, s))| (format!("{} {m}", "#".repeat(level)), s)),
            line(),
            prop::collection::vec(line(), 1..4).prop_map(|items| {
                let markdown = items.iter().map(|(m, _)| format!("- {m}\n")).collect();
                (markdown, items.into_iter().flat_map(|(_, s)| s).collect())
            }),
            (label(), line()).prop_map(|(l, (m, s))| (format!("[^{l}]: {m}"), s)),
            "[a-z :/.]{1,20}".prop_map(|c| (format!("```\n{c}\n```"), vec![c])),
        ]
    }

    fn body() -> impl Strategy<Value = Piece> {
        prop::collection::vec(block(), 1..8).prop_map(|blocks| {
            let markdown = blocks.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>();
            (
                markdown.join("\n\n"),
                blocks.into_iter().flat_map(|(_, s)| s).collect(),
            )
        })
    }

    fn squeezed(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn nothing_written_is_lost_and_no_id_repeats(bodies in prop::collection::vec(body(), 1..5)) {
            let site = TestSite::new(SITE);
            let front = |i: usize| format!("---\ntitle: 计划{i}\nunit: 市总工会\nyear: 2015\n---\n\n");
            for (i, (markdown, _)) in bodies.iter().enumerate() {
                // The first kept as a folder with a file beside it, so that its page lists
                // attachments.
                site.write(&format!("content/plans/p{i}/index.md"), format!("{}{markdown}\n", front(i)));
            }
            site.write("content/plans/p0/附件.docx", "x");
            site.build().ok();
            for (i, (markdown, seen)) in bodies.iter().enumerate() {
                let page = Html::parse_document(&site.read_out(&format!("plans/p{i}/index.html")));
                let shown = squeezed(&visible_body(&page));
                let mut at = 0;
                for piece in seen {
                    let piece = squeezed(piece);
                    let found = shown[at..].find(&piece);
                    prop_assert!(found.is_some(), "{:?} lost from {:?}: the page shows {:?}", piece, markdown, &shown[at..]);
                    at += found.unwrap_or(0) + piece.len();
                }
                prop_assert_eq!(repeated_ids(&page), Vec::<String>::new(), "{:?}", markdown);
                prop_assert_eq!(dangling_fragments(&page), Vec::<String>::new(), "{:?}", markdown);
            }
        }
    }
}
