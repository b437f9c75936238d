//! Bare web and e-mail addresses in a body's text become links, as GFM's autolink extension
//! makes them, except that an address also ends where Chinese text or punctuation begins.
//!
//! [linkify] finds where an address starts and whether its domain is one; the rest follows
//! GFM: a `www.` address is linked only where a word starts (or right after Chinese text, which
//! has no spaces), a web address runs to the next space or `<` less trailing punctuation
//! (`?!.,:*_~'"`, a `)` without its `(`, a `;` or what looks like an entity, `&hl;`), and an e-mail
//! address has only `a-z0-9.+-_` before its `@`. Chinese prose puts no space after an address
//! (`详见www.example.org。`), so any character beyond ASCII ends one: GFM would take the `。`
//! and the rest of the sentence into the link.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Whether `text` has anything an address needs: `://`, `www.` or `@`. Most plans have none,
/// and skip the rest of this module. One pass over the bytes: in Chinese text the three bytes
/// looked for are rare, and each is checked where it is found.
#[inline]
pub(super) fn may_hold_address(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'@', b':', b'w', bytes).any(|at| match bytes[at] {
        b'@' => true,
        b':' => bytes[at + 1..].starts_with(b"//"),
        _ => bytes[at + 1..].starts_with(b"ww."),
    })
}

/// A bare address found in a text: where it is and where its link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Address {
    pub range: Range<usize>,
    pub href: String,
}

/// The bare addresses in `text`, in order.
pub(super) fn find(text: &str) -> Vec<Address> {
    let mut found = Vec::new();
    let mut finder = LinkFinder::new();
    finder
        .url_must_have_scheme(false)
        .url_can_be_iri(false)
        .kinds(&[LinkKind::Url, LinkKind::Email]);
    for run in ascii_runs(text) {
        let part = &text[run.clone()];
        if !may_hold_address(part) {
            continue;
        }
        // Where the last address ended: GFM's addresses run further than linkify's, and one
        // may take in what linkify found as the next.
        let mut done = 0;
        for link in finder.links(part) {
            if link.start() < done {
                continue;
            }
            let address = match link.kind() {
                LinkKind::Email => email(part, link.start()..link.end()),
                _ => web(part, link.start()..link.end()),
            };
            if let Some(Address { range, href }) = address {
                done = range.end;
                found.push(Address {
                    range: run.start + range.start..run.start + range.end,
                    href,
                });
            }
        }
    }
    found
}

/// The stretches of `text` between characters beyond ASCII.
fn ascii_runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !bytes[at].is_ascii() {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii() {
            at += 1;
        }
        Some(start..at)
    })
}

/// The web address linkify found at `range` of `text`, as GFM has it: an `http://`,
/// `https://` or `www.` address, its end as GFM finds it.
fn web(text: &str, range: Range<usize>) -> Option<Address> {
    let found = &text[range.clone()];
    let has_scheme =
        starts_with_ignoring_case(found, "http://") || starts_with_ignoring_case(found, "https://");
    // GFM: `www.` where a word starts, or after `*`, `_`, `~` or `(`; the start of an ASCII
    // run is after Chinese text.
    let www = found.starts_with("www.")
        && text[..range.start]
            .bytes()
            .next_back()
            .is_none_or(|b| b.is_ascii_whitespace() || b"*_~(".contains(&b));
    if !has_scheme && !www {
        return None;
    }
    let rest = &text[range.end..];
    let runs_to = rest.find(ends_address).unwrap_or(rest.len());
    let end = range.start + without_trailing_punctuation(&text[range.start..range.end + runs_to]);
    // Nothing left after `www.` or `://` once the punctuation is off: no address.
    let least = if www {
        "www.".len()
    } else {
        found.find("//")? + 2
    };
    if end <= range.start + least {
        return None;
    }
    let shown = &text[range.start..end];
    let href = if www {
        format!("http://{shown}")
    } else {
        shown.to_string()
    };
    Some(Address {
        range: range.start..end,
        href,
    })
}

/// Where a web address ends whatever comes before: a space, a control character or `<`.
fn ends_address(c: char) -> bool {
    c.is_ascii_whitespace() || c.is_ascii_control() || c == '<'
}

/// How much of `address` is left once GFM's trailing punctuation is taken off.
fn without_trailing_punctuation(address: &str) -> usize {
    let mut end = address.len();
    // Counted once, not at each `)`: a line of ten thousand would take a hundred million steps.
    let opening = address.bytes().filter(|&b| b == b'(').count();
    let mut closing = address.bytes().filter(|&b| b == b')').count();
    loop {
        let kept = &address[..end];
        match kept.as_bytes().last() {
            Some(b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"') => end -= 1,
            // `&hl;` looks like an entity, and goes whole; any other `;` alone.
            Some(b';') => {
                let name = kept[..end - 1].trim_end_matches(|c: char| c.is_ascii_alphanumeric());
                end = if name.len() < end - 1 && name.ends_with('&') {
                    name.len() - 1
                } else {
                    end - 1
                };
            }
            Some(b')') if closing > opening => {
                closing -= 1;
                end -= 1;
            }
            _ => return end,
        }
    }
}

/// The e-mail address linkify found at `range` of `text`, as GFM has it.
fn email(text: &str, range: Range<usize>) -> Option<Address> {
    let at = range.start + text[range.clone()].find('@')?;
    // GFM allows fewer characters before the `@` than linkify does: the address starts after
    // the last other one.
    let start = text[range.start..at]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || ".+-_".contains(c)))
        .map_or(range.start, |i| range.start + i + 1);
    // GFM reads the domain on as far as it could go, and refuses one ending in `-` or `_`.
    let domain = &text[at + 1..];
    let domain = &domain[..domain
        .find(|c: char| !(c.is_ascii_alphanumeric() || ".-_".contains(c)))
        .unwrap_or(domain.len())];
    let domain = domain.trim_end_matches('.');
    if start == at || !domain.contains('.') || domain.ends_with(['-', '_']) {
        return None;
    }
    let end = at + 1 + domain.len();
    // `mailto:` before the address is part of it, as in GFM.
    let start = match text[..start].len().checked_sub("mailto:".len()) {
        Some(before) if text[before..start].eq_ignore_ascii_case("mailto:") => before,
        _ => start,
    };
    let shown = &text[start..end];
    let href = if starts_with_ignoring_case(shown, "mailto:") {
        shown.to_string()
    } else {
        format!("mailto:{shown}")
    };
    Some(Address {
        range: start..end,
        href,
    })
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Turns the bare addresses in a body's text into links, where its text may hold links: not in
/// code, links, images (whose text is their description) or HTML blocks, nor after raw HTML
/// opened an `<a>` it has not closed.
///
/// The parser may hand one stretch of text over in pieces (`www.a.com/x_y` comes as
/// `www.a.com/x` and `_y`), so the pieces are held until the next other event and read as one.
#[derive(Default)]
pub(super) struct Autolinks<'a> {
    /// Whether the body holds anything like an address at all: if not, nothing need be held.
    pub(super) active: bool,
    /// How many elements are open whose text must stay text.
    shielded: usize,
    in_raw_anchor: bool,
    pending: Vec<CowStr<'a>>,
}

impl<'a> Autolinks<'a> {
    pub(super) fn for_body(body: &str) -> Autolinks<'a> {
        Autolinks {
            active: may_hold_address(body),
            ..Autolinks::default()
        }
    }

    /// Whether text is held, to be written by [`Self::flush`].
    #[inline]
    pub(super) fn holds_text(&self) -> bool {
        !self.pending.is_empty()
    }

    /// `event`, unless it is text that may hold an address, which is held for [`Self::flush`].
    /// `room` says whether a link may open here without nesting too deep.
    pub(super) fn hold(&mut self, event: Event<'a>, room: bool) -> Option<Event<'a>> {
        match event {
            Event::Text(text) if self.shielded == 0 && !self.in_raw_anchor && room => {
                self.pending.push(text);
                return None;
            }
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock,
            ) => self.shielded += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                self.shielded = self.shielded.saturating_sub(1);
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                if let Some(opens) = last_anchor_tag(html) {
                    self.in_raw_anchor = opens;
                }
            }
            _ => {}
        }
        Some(event)
    }

    /// Writes the text held, with its addresses as links, to `events`.
    pub(super) fn flush(&mut self, events: &mut Vec<Event<'a>>) {
        if self.pending.is_empty() {
            return;
        }
        let text = if let [_] = self.pending[..] {
            self.pending.remove(0)
        } else {
            let joined: String = self.pending.iter().map(|piece| &**piece).collect();
            self.pending.clear();
            CowStr::from(joined)
        };
        let addresses = if may_hold_address(&text) {
            find(&text)
        } else {
            Vec::new()
        };
        if addresses.is_empty() {
            events.push(Event::Text(text));
            return;
        }
        let piece = |range: Range<usize>| Event::Text(CowStr::from(text[range].to_string()));
        let mut at = 0;
        for Address { range, href } in addresses {
            if range.start > at {
                events.push(piece(at..range.start));
            }
            events.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: CowStr::from(href),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            events.push(piece(range.clone()));
            events.push(Event::End(TagEnd::Link));
            at = range.end;
        }
        if at < text.len() {
            events.push(piece(at..text.len()));
        }
    }
}

/// Whether the last `<a>` or `</a>` tag in `html` opens an anchor (`Some(true)`) or closes one;
/// `None` when it has neither.
fn last_anchor_tag(html: &str) -> Option<bool> {
    let bytes = html.as_bytes();
    let mut last = None;
    for at in memchr::memchr_iter(b'<', bytes) {
        let (closing, name) = match bytes.get(at + 1) {
            Some(b'/') => (true, at + 2),
            _ => (false, at + 1),
        };
        let is_a = matches!(bytes.get(name), Some(b'a' | b'A'))
            && bytes
                .get(name + 1)
                .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        if is_a {
            last = Some(!closing);
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each address found in `text`, as (what shows, where it leads).
    fn links(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|a| (&text[a.range], a.href))
            .collect()
    }

    fn one(text: &str) -> (&str, String) {
        let found = links(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn gfm_www_addresses() {
        // The examples of GFM's spec, extended www autolinks.
        let cases = [
            ("www.commonmark.org", "www.commonmark.org"),
            (
                "Visit www.commonmark.org/help for more information.",
                "www.commonmark.org/help",
            ),
            ("Visit www.commonmark.org.", "www.commonmark.org"),
            ("Visit www.commonmark.org/a.b.", "www.commonmark.org/a.b"),
            (
                "www.google.com/search?q=Markup+(business)",
                "www.google.com/search?q=Markup+(business)",
            ),
            (
                "www.google.com/search?q=Markup+(business)))",
                "www.google.com/search?q=Markup+(business)",
            ),
            (
                "(www.google.com/search?q=Markup+(business))",
                "www.google.com/search?q=Markup+(business)",
            ),
            (
                "(www.google.com/search?q=Markup+(business)",
                "www.google.com/search?q=Markup+(business)",
            ),
            (
                "www.google.com/search?q=(business))+ok",
                "www.google.com/search?q=(business))+ok",
            ),
            (
                "www.google.com/search?q=commonmark&hl=en",
                "www.google.com/search?q=commonmark&hl=en",
            ),
            (
                "www.google.com/search?q=commonmark&hl;",
                "www.google.com/search?q=commonmark",
            ),
            ("www.commonmark.org/he<lp", "www.commonmark.org/he"),
        ];
        for (text, shown) in cases {
            assert_eq!(one(text), (shown, format!("http://{shown}")), "{text}");
        }
    }

    #[test]
    fn gfm_url_addresses() {
        for (text, shown) in [
            ("http://commonmark.org", "http://commonmark.org"),
            (
                "(Visit https://encrypted.google.com/search?q=Markup+(business))",
                "https://encrypted.google.com/search?q=Markup+(business)",
            ),
            ("HTTPS://EXAMPLE.ORG/A", "HTTPS://EXAMPLE.ORG/A"),
            ("see http://10.1.2.3/oa, then", "http://10.1.2.3/oa"),
            // A host of one letter is enough after a scheme, as in cmark-gfm.
            ("见 http://a 。", "http://a"),
            ("https://a", "https://a"),
            // A `;` that ends an address is not part of it, nor an entity-like `&name;`
            // before it; a `&` alone before it stays.
            ("见 https://example.org/x; 等", "https://example.org/x"),
            ("https://example.org/a&; 等", "https://example.org/a&"),
            (
                "https://example.org/?a=1&hl; 等",
                "https://example.org/?a=1",
            ),
        ] {
            assert_eq!(one(text), (shown, shown.to_string()), "{text}");
        }
    }

    #[test]
    fn gfm_email_addresses() {
        assert_eq!(
            one("foo@bar.baz"),
            ("foo@bar.baz", "mailto:foo@bar.baz".to_string())
        );
        assert_eq!(
            one("hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is."),
            (
                "hello+xyz@mail.example",
                "mailto:hello+xyz@mail.example".to_string()
            )
        );
        // GFM links `a.b-c_d@a.b` too; linkify wants a top-level domain of two letters or
        // more, which keeps `abc@v1.1` text.
        assert_eq!(one("a.b-c_d@a.cn").0, "a.b-c_d@a.cn");
        assert_eq!(one("a.b-c_d@a.cn.").0, "a.b-c_d@a.cn");
        assert_eq!(one("x!y@a.cn").0, "y@a.cn");
        assert_eq!(
            one("mailto:a@b.cn"),
            ("mailto:a@b.cn", "mailto:a@b.cn".to_string())
        );
        for not in [
            "a.b-c_d@a.cn-",
            "a.b-c_d@a.cn_",
            "a@localhost",
            "@a.cn",
            "abc@v1.1",
        ] {
            assert_eq!(links(not), [], "{not}");
        }
    }

    #[test]
    fn a_long_address_takes_time_in_proportion() {
        let text = format!("www.example.org/{}", ")".repeat(200_000));
        let started = std::time::Instant::now();
        assert_eq!(one(&text).0, "www.example.org/");
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    }

    #[test]
    fn what_is_not_an_address() {
        for text in [
            "plan.md 和 site.yaml",
            "ftp://example.org/x",
            "xwww.example.org",
            "a.www.example.org",
            "foo://example.org",
            "http://",
            "www.",
            "邮件@工会",
            // An e-mail address needs a name before its `@`, of the characters GFM allows
            // there, and a `.` in its domain.
            "写信到 a!@example.org",
            "写信到 @example.org",
            "写信到 a@localhost",
        ] {
            assert_eq!(links(text), [], "{text}");
        }
    }

    #[test]
    fn chinese_text_and_punctuation_end_an_address() {
        let cases = [
            (
                "详见 http://www.example.gov.cn/notice.html。",
                "http://www.example.gov.cn/notice.html",
            ),
            (
                "详见http://www.example.gov.cn/a，请",
                "http://www.example.gov.cn/a",
            ),
            ("（www.example.org）", "www.example.org"),
            ("请访问www.example.org了解", "www.example.org"),
            ("网址：www.example.org/a.html；", "www.example.org/a.html"),
            ("「https://a.example/x」", "https://a.example/x"),
            (
                "联系邮箱zhang@union.example.cn或电话",
                "zhang@union.example.cn",
            ),
            ("邮箱：zhang@union.example.cn。", "zhang@union.example.cn"),
        ];
        for (text, shown) in cases {
            assert_eq!(one(text).0, shown, "{text}");
        }
    }

    #[test]
    fn several_in_one_text() {
        let found = links("甲 www.a.example 乙 b@c.example，http://d.example/。");
        let shown: Vec<&str> = found.iter().map(|(s, _)| *s).collect();
        assert_eq!(shown, ["www.a.example", "b@c.example", "http://d.example/"]);
    }

    #[test]
    fn the_quick_look_sees_every_trigger() {
        assert!(may_hold_address("a@b"));
        assert!(may_hold_address("x://"));
        assert!(may_hold_address("www.x"));
        assert!(!may_hold_address("工会工作要点 2015。http: WWW"));
    }

    fn html(body: &str) -> String {
        use crate::config::RawHtml;
        use crate::markdown::{LocalLink, render};
        render(body, &|_: &LocalLink| None, RawHtml::Sanitize).html
    }

    #[test]
    fn addresses_in_text_become_links() {
        let cases = [
            (
                "详见 http://www.example.gov.cn/notice.html。",
                r#"<p>详见 <a href="http://www.example.gov.cn/notice.html">http://www.example.gov.cn/notice.html</a>。</p>"#,
            ),
            (
                "## 网址www.example.org",
                r#"<h2 id="网址www-example-org">网址<a href="http://www.example.org">www.example.org</a></h2>"#,
            ),
            (
                "- 邮箱：a_b@union.example.cn；",
                r#"<li>邮箱：<a href="mailto:a_b@union.example.cn">a_b@union.example.cn</a>；</li>"#,
            ),
            (
                "www.a.example/x_y_z 和 *https://b.example/*",
                r#"<p><a href="http://www.a.example/x_y_z">www.a.example/x_y_z</a> 和 <em><a href="https://b.example/">https://b.example/</a></em></p>"#,
            ),
            (
                "http://a.example/?a=1&amp;b=<2>",
                r#"<p><a href="http://a.example/?a=1&amp;b=">http://a.example/?a=1&amp;b=</a>"#,
            ),
        ];
        for (body, expected) in cases {
            let html = html(body);
            assert!(html.contains(expected), "{body}: {html}");
        }
    }

    /// What keeps its text as text does so only until it ends.
    #[test]
    fn an_address_after_a_link_an_image_code_or_an_html_block_is_a_link() {
        for before in [
            "[见 www.example.com](other.md)",
            "![图](a.png)",
            "```\nhttp://example.com\n```",
            "<div>\nwww.example.com\n</div>",
        ] {
            let html = html(&format!("{before}\n\n见 https://example.org/ 。"));
            assert!(
                html.contains(r#"<a href="https://example.org/">"#),
                "{before}: {html}"
            );
        }
    }

    #[test]
    fn code_links_and_raw_html_keep_their_text() {
        for body in [
            "`www.example.org`",
            "```\nhttp://example.org\n```",
            "    http://example.org",
            "[见 www.example.org](other.md)",
            "[http://example.org](http://example.org)",
            "<https://example.org>",
            "![www.example.org](a.png)",
            "<a href=\"x.html\">www.example.org</a>",
            "<div>\nwww.example.org\n</div>",
            "<span title=\"www.example.org\">字</span>",
        ] {
            let html = html(body);
            assert!(
                html.matches("<a").count() <= 1 && !html.contains("http://www"),
                "{body}: {html}"
            );
        }
        // The sanitizer, run for the raw HTML, keeps the links.
        let cleaned = html("<b>粗</b> www.example.org 和 a@b.example.cn");
        assert!(
            cleaned.contains(r#"<a href="http://www.example.org">www.example.org</a>"#)
                && cleaned.contains(r#"<a href="mailto:a@b.example.cn">"#),
            "{cleaned}"
        );
        // After a raw anchor is closed, addresses are links again.
        let html = html("<a href=\"x.html\">x</a> www.example.org");
        assert!(
            html.contains(r#"<a href="http://www.example.org">"#),
            "{html}"
        );
    }

    #[test]
    fn raw_anchors_are_told_apart_from_other_tags() {
        assert_eq!(last_anchor_tag("<a href=\"x\">"), Some(true));
        assert_eq!(last_anchor_tag("<A>"), Some(true));
        assert_eq!(last_anchor_tag("</a>"), Some(false));
        assert_eq!(last_anchor_tag("<a>x</a >"), Some(false));
        assert_eq!(last_anchor_tag("<abbr>x</abbr><b>"), None);
    }
}
