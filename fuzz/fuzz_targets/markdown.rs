//! Any text as a plan's body: no panic or hang, heading ids unique and present in the page,
//! link lines inside the body, a summary of bounded length.

#![no_main]

use std::cell::RefCell;
use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use plansite::markdown::{self, LocalLink};

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
    let rendered = markdown::render(&body, &rewrite);

    for link in seen.borrow().iter() {
        assert!(
            (1..=lines).contains(&link.line),
            "link on line {} of {lines}",
            link.line
        );
        assert!(markdown::is_local(&link.dest));
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
        let attribute = format!("id=\"{}\"", escape(&heading.id));
        assert!(
            rendered.html.contains(&attribute),
            "no {attribute} in the page"
        );
    }
    assert!(rendered.chars <= body.chars().count());
    let summary = markdown::summarize(&rendered.first_paragraph, 120);
    assert!(summary.chars().count() <= rendered.first_paragraph.chars().count() + 1);
});

/// Attribute escaping as pulldown-cmark writes it.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
