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
