//! Any text as a plan's body, rendered and sanitized as a build does: no panic or hang; read back
//! by an HTML5 parser (as a browser reads it), the page holds no element that runs script or
//! takes input, no `on…` handler and no `javascript:`, `vbscript:` or `data:` address; heading
//! ids are unique and every one the table of contents links to is in the page; without raw HTML
//! (whose ids are the editor's), no id is there twice or is one the theme gives the page, and
//! every footnote link and link back has its target; link lines are inside the body; summaries
//! are bounded. Trusted raw HTML only has to not panic.

#![no_main]

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use libfuzzer_sys::fuzz_target;
use plansite::config::RawHtml;
use plansite::markdown::{self, LocalLink};
use scraper::{ElementRef, Html, Selector};

/// Elements that run script, load another document or take input.
const BANNED: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "option", "base", "link", "meta", "svg", "math", "template",
    "noscript",
];

/// Attributes whose value is an address a browser may follow or load.
const ADDRESSES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "background",
    "cite",
    "longdesc",
    "data",
    "lowsrc",
    "dynsrc",
    "codebase",
    "ping",
    "manifest",
];

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let lines = body.split('\n').count();
    let seen = RefCell::new(Vec::new());
    let rewrite = |link: &LocalLink| {
        seen.borrow_mut().push(link.clone());
        link.dest
            .ends_with(".md")
            .then(|| "../other/index.html".to_string())
    };
    let rendered = markdown::render(&body, &rewrite, RawHtml::Sanitize);

    for link in seen.borrow().iter() {
        assert!(
            (1..=lines).contains(&link.line),
            "link on line {} of {lines}",
            link.line
        );
        assert!(markdown::is_local(&link.dest));
    }
    let ids_in_page = check_active_content(&rendered.html);
    // No `<`, no raw HTML: every id is one plansite gave.
    if !body.contains('<') {
        check_ids(&rendered.html);
    }
    let mut ids = HashSet::new();
    for heading in &rendered.toc {
        assert!((1..=6).contains(&heading.level));
        assert!(
            !heading.id.is_empty(),
            "empty heading id for {:?}",
            heading.title
        );
        assert!(
            ids.insert(heading.id.as_str()),
            "heading id {:?} twice",
            heading.id
        );
        assert!(
            ids_in_page.contains(&heading.id),
            "the contents link to #{}, which is not in the page",
            heading.id
        );
    }
    assert!(rendered.chars <= body.chars().count());
    let summary = markdown::summarize(&rendered.first_paragraph, 120);
    assert!(summary.chars().count() <= rendered.first_paragraph.chars().count() + 1);

    markdown::render(&body, &|_: &LocalLink| None, RawHtml::Trust);
});

/// Parses the body as a browser would and fails on anything active; returns the ids it holds.
fn check_active_content(html: &str) -> HashSet<String> {
    let page = Html::parse_fragment(html);
    let mut ids = HashSet::new();
    for element in page.tree.nodes().filter_map(ElementRef::wrap) {
        let name = element.value().name();
        assert!(!BANNED.contains(&name), "<{name}> survived in {html:?}");
        for (attribute, value) in element.value().attrs() {
            let attribute = attribute.to_ascii_lowercase();
            assert!(
                !attribute.starts_with("on"),
                "<{name} {attribute}> survived in {html:?}"
            );
            if ADDRESSES.contains(&attribute.as_str()) {
                assert!(
                    !runs_script(value),
                    "<{name} {attribute}={value:?}> survived"
                );
            }
            if attribute == "style" {
                let style = value.to_ascii_lowercase();
                assert!(
                    !style.contains("expression(") && !style.contains("url("),
                    "style {value:?} survived"
                );
            }
            if attribute == "id" {
                ids.insert(value.to_string());
            }
        }
    }
    ids
}

/// Every id in the body once, none of them one the theme gives the page, and each footnote's
/// link and link back leading to an id in the body.
fn check_ids(html: &str) {
    let page = Html::parse_fragment(html);
    let mut count: HashMap<&str, usize> = HashMap::new();
    for element in page.tree.nodes().filter_map(ElementRef::wrap) {
        if let Some(id) = element.value().attr("id") {
            *count.entry(id).or_default() += 1;
            assert!(
                !markdown::THEME_IDS.contains(&id),
                "the theme's id {id:?} in {html:?}"
            );
        }
    }
    for (id, n) in &count {
        assert_eq!(*n, 1, "id {id:?} {n} times in {html:?}");
    }
    let footnote_links =
        Selector::parse("sup.footnote-reference > a, sup.footnote-definition-label > a").unwrap();
    for link in page.select(&footnote_links) {
        let href = link.value().attr("href").unwrap_or_default();
        let target = href.strip_prefix('#').unwrap_or(href);
        assert!(
            count.contains_key(target),
            "footnote link to {href:?}, which is not in {html:?}"
        );
    }
}

/// Whether a browser following this address would run it or open a document made of it:
/// browsers drop tabs and line breaks anywhere and blanks at either end, and ignore case.
fn runs_script(address: &str) -> bool {
    let squeezed: String = address
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let address = squeezed
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| address.starts_with(scheme))
}
