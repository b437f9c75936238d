//! A plan's Markdown body to HTML, with what the page needs besides: a table of contents,
//! a summary, a character count, and the links that point at other files.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::config::RawHtml;
use crate::sanitize::{NestingGauge, OpenEnds};
use crate::slug::{SlugStrategy, UniqueIds, slugify};
use crate::text::is_han;

mod address;
mod autolink;
mod ids;
mod local;
mod summary;

pub use address::is_local;
use address::is_plainly_safe;
use autolink::Autolinks;
use ids::Footnotes;
pub use ids::THEME_IDS;
use local::{Lines, is_checked_later, rewrite_local};
use summary::letters_and_digits;
pub use summary::summarize;

/// One heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link from the body to something that is not a web address: another plan or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalLink {
    pub dest: String,
    /// Line in the body (1-based), for messages.
    pub line: usize,
    /// Column of the link's first character on its line (1-based, in characters).
    pub col: usize,
    /// Whether it is an image's address rather than a link's.
    pub image: bool,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Letters and digits in the text: the length a Chinese reader counts (字数).
    pub chars: usize,
    /// The text of the first paragraph, for a summary when none is given.
    pub first_paragraph: String,
    /// Where the body nests too deep to publish as written, if it does.
    pub too_deep: Vec<TooDeep>,
    /// All the text, blocks on lines of their own, for the search index.
    pub text: String,
    /// Links to a fragment (`#标题`) or from the site's root (`/plans/...`), which are not
    /// rewritten but checked once the page's headings are known.
    pub other_links: Vec<LocalLink>,
}

impl Rendered {
    /// Keeps the first place of each kind of deep nesting: one message says enough.
    fn note(&mut self, found: TooDeep) {
        let same_kind = |t: &TooDeep| std::mem::discriminant(t) == std::mem::discriminant(&found);
        if !self.too_deep.iter().any(same_kind) {
            self.too_deep.push(found);
        }
    }
}

/// Lists, quotes and other Markdown blocks nested deeper than this are shown at this depth:
/// no plan needs more, and a hundred thousand levels would only slow every later stage down.
pub const MAX_NESTING: usize = 100;

/// Nesting the renderer did not publish as written, with the line (of the body) it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooDeep {
    /// Markdown blocks deeper than [`MAX_NESTING`] were flattened.
    Markdown { line: usize },
    /// Raw HTML deeper than [`crate::sanitize::MAX_HTML_DEPTH`]: from here on it is shown as text.
    Html { line: usize },
}

/// Drops the start and end of elements nested deeper than [`MAX_NESTING`], keeping what they
/// hold, so the HTML never nests deeper than that whatever the Markdown says.
#[derive(Default)]
struct NestingLimit {
    /// For every element open in the Markdown: whether its start was kept.
    open: Vec<bool>,
    kept: usize,
}

impl NestingLimit {
    /// Whether an element may open here, inside those kept.
    fn has_room(&self) -> bool {
        self.kept < MAX_NESTING
    }

    fn keep(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(_) => {
                let keep = self.kept < MAX_NESTING;
                self.open.push(keep);
                self.kept += usize::from(keep);
                keep
            }
            Event::End(_) => {
                let keep = self.open.pop().unwrap_or(true);
                self.kept -= usize::from(keep);
                keep
            }
            _ => true,
        }
    }
}

/// Decides what a local link becomes in the page; `None` leaves it as written.
pub trait LinkRewriter {
    fn rewrite(&self, link: &LocalLink) -> Option<String>;
}

impl<F: Fn(&LocalLink) -> Option<String>> LinkRewriter for F {
    fn rewrite(&self, link: &LocalLink) -> Option<String> {
        self(link)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The body's HTML with what the page needs besides, in one pass over the Markdown's events:
/// each is checked against the nesting limit, read for the page's outline and text, and
/// rewritten where it links to a local file or holds raw HTML; text is held until the next
/// other event, to link the bare addresses it holds (`autolink.rs`); once every heading has its
/// id, the footnotes get theirs (`ids.rs`); then the HTML is written.
pub fn render(body: &str, links: &dyn LinkRewriter, raw_html: RawHtml) -> Rendered {
    let lines = Lines::of(body);
    // Sized from the body so that neither grows by copying itself over and over (measured:
    // growing the event list alone was 3% of a 10,000-plan build). A plan's HTML and text are
    // about as long as its Markdown; it has roughly one event for every 16 bytes.
    let mut out = Rendered {
        html: String::with_capacity(body.len() + body.len() / 4),
        text: String::with_capacity(body.len()),
        ..Rendered::default()
    };
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 16);
    let mut reader = Reader {
        ids: ids::page_ids(),
        ..Reader::default()
    };
    let mut footnotes = Footnotes::default();
    let mut autolinks = Autolinks::for_body(body);
    // Most plans are plain Markdown, whose HTML the renderer escapes completely; the sanitizer
    // (an HTML parser, most of the cost of a build) is needed only where something could carry
    // script: raw HTML, heading attributes, or an address with an unusual scheme.
    let mut needs_cleaning = false;
    let mut limit = NestingLimit::default();
    let mut raw = RawHtmlGuard {
        policy: raw_html,
        gauge: NestingGauge::default(),
        open_ends: OpenEnds::default(),
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if !limit.keep(&event) {
            out.note(TooDeep::Markdown {
                line: lines.of_offset(range.start),
            });
            continue;
        }
        needs_cleaning = needs_cleaning || could_carry_script(&event);
        if autolinks.holds_text() && !matches!(event, Event::Text(_)) {
            autolinks.flush(&mut events);
        }
        reader.read(&event, &mut events, &mut out);
        let line = || lines.place(range.start);
        let event = rewrite(event, line, links, &mut raw, &mut out);
        raw.close_at_block_end(&event, &mut events);
        // Most bodies hold no address, and skip this.
        if autolinks.active {
            if let Some(event) = autolinks.hold(event, limit.has_room()) {
                footnotes.note(&event, events.len());
                events.push(event);
            }
        } else {
            footnotes.note(&event, events.len());
            events.push(event);
        }
    }
    autolinks.flush(&mut events);
    raw.close(&mut events);
    footnotes.write(&mut reader.ids, &mut events);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if raw_html == RawHtml::Sanitize && needs_cleaning {
        out.html = crate::sanitize::clean(&out.html);
    }
    // Kept until the site is written: at 10,000 plans the room a growing string leaves unused
    // is tens of megabytes.
    out.html.shrink_to_fit();
    out
}

/// Whether `event` could carry script, so that the page must go through the sanitizer.
fn could_carry_script(event: &Event) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Heading { attrs, .. }) => !attrs.is_empty(),
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            !is_plainly_safe(dest_url)
        }
        _ => false,
    }
}

/// What the page needs from the events besides the HTML: the outline with each heading's id,
/// the first paragraph, the text and its length.
#[derive(Default)]
struct Reader {
    ids: UniqueIds,
    /// Index in `events` of the heading being read, so its id can be set once its text is known.
    open_heading: Option<(usize, String)>,
    paragraph_depth: usize,
    first_paragraph_done: bool,
    block_depth: usize,
}

impl Reader {
    /// Reads `event`, which comes next after `events`, into `out`.
    fn read<'a>(&mut self, event: &Event<'a>, events: &mut [Event<'a>], out: &mut Rendered) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.open_heading = Some((events.len(), String::new()));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = self.open_heading.take() {
                    let title = title.trim().to_string();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let base = match id {
                            Some(explicit) => explicit.to_string(),
                            None => slugify(&title, SlugStrategy::Unicode),
                        };
                        let unique = self.ids.make_unique(base);
                        *id = Some(CowStr::from(unique.clone()));
                        out.toc.push(Heading {
                            level: heading_level(*level),
                            id: unique,
                            title,
                        });
                    }
                }
            }
            Event::Start(Tag::Paragraph) if self.block_depth == 0 => self.paragraph_depth += 1,
            Event::End(TagEnd::Paragraph) if self.block_depth == 0 && self.paragraph_depth > 0 => {
                self.paragraph_depth -= 1;
                if !out.first_paragraph.trim().is_empty() {
                    self.first_paragraph_done = true;
                }
            }
            Event::Start(
                Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_),
            ) => self.block_depth += 1,
            Event::End(
                TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => self.block_depth = self.block_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => {
                out.text.push_str(text);
                out.chars += letters_and_digits(text);
                if let Some((_, title)) = &mut self.open_heading {
                    title.push_str(text);
                }
                if self.paragraph_depth > 0 && !self.first_paragraph_done {
                    out.first_paragraph.push_str(text);
                }
            }
            // A line break inside a Chinese sentence is not a word break: 职工 split over two
            // lines must still be found as 职工.
            Event::SoftBreak if !out.text.ends_with(is_han) => {
                out.text.push(' ');
            }
            _ => {}
        }
        let ends_block = matches!(
            event,
            Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                        | TagEnd::Heading(_)
                        | TagEnd::Item
                        | TagEnd::TableCell
                        | TagEnd::CodeBlock
                )
        );
        if ends_block && !out.text.ends_with('\n') {
            out.text.push('\n');
        }
    }
}

/// Raw HTML as the site's policy has it: when it is sanitized, HTML nested too deep is shown as
/// text, and what a block's HTML leaves open is closed at the block's end.
struct RawHtmlGuard {
    policy: RawHtml,
    gauge: NestingGauge,
    open_ends: OpenEnds,
}

impl RawHtmlGuard {
    /// Closes what the raw HTML left open when `event` ends a block.
    fn close_at_block_end<'a>(&mut self, event: &Event, events: &mut Vec<Event<'a>>) {
        let ends_block = matches!(
            event,
            Event::End(
                TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::HtmlBlock
                    | TagEnd::TableCell
                    | TagEnd::Item
            )
        );
        if ends_block {
            self.close(events);
        }
    }

    /// Closes what the raw HTML left open (see [`close_raw_html`]), when it is sanitized.
    fn close<'a>(&mut self, events: &mut Vec<Event<'a>>) {
        if self.policy == RawHtml::Sanitize {
            close_raw_html(&mut self.open_ends, events);
        }
    }
}

/// `event` as the page shows it: a local link as `links` rewrites it, raw HTML as `raw`
/// allows, a task's checkbox as a character. `line` is the event's line, for messages.
fn rewrite<'a>(
    event: Event<'a>,
    line: impl Fn() -> (usize, usize),
    links: &dyn LinkRewriter,
    raw: &mut RawHtmlGuard,
    out: &mut Rendered,
) -> Event<'a> {
    let sanitize = raw.policy == RawHtml::Sanitize;
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if link_type != LinkType::Email && is_local(&dest_url) => {
            let dest_url = rewrite_local(dest_url, false, line, links);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if is_local(&dest_url) => {
            let dest_url = rewrite_local(dest_url, true, line, links);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. })
            if is_checked_later(dest_url) =>
        {
            let (line, col) = line();
            let image = matches!(event, Event::Start(Tag::Image { .. }));
            let dest = dest_url.to_string();
            (out.other_links).push(LocalLink {
                dest,
                line,
                col,
                image,
            });
            event
        }
        Event::Html(html) | Event::InlineHtml(html) if sanitize && raw.gauge.feed(&html) => {
            out.note(TooDeep::Html { line: line().0 });
            Event::Text(html)
        }
        Event::Html(html) | Event::InlineHtml(html) if sanitize && !raw.open_ends.feed(&html) => {
            Event::Text(html)
        }
        // A checkbox is a form element, which the sanitizer removes; a ballot-box
        // character shows the same and survives.
        Event::TaskListMarker(done) => {
            Event::Text(CowStr::from(if done { "☑ " } else { "☐ " }))
        }
        other => other,
    }
}

/// Closes, at the end of a Markdown block, a tag, comment or raw-text element its raw HTML left
/// open, which would otherwise swallow the rest of the body (see [`OpenEnds`]).
fn close_raw_html(open_ends: &mut OpenEnds, events: &mut Vec<Event>) {
    let closing = open_ends.close();
    if !closing.is_empty() {
        events.push(Event::Html(closing.into()));
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> Rendered {
        render(body, &|_: &LocalLink| None, RawHtml::Sanitize)
    }

    #[test]
    fn chinese_headings_get_ids_and_toc() {
        let r = plain("## 一、指导思想\n\n正文\n\n## 一、指导思想\n\n### (一)加强组建 {#zujian}\n");
        assert!(
            r.html.contains(r#"<h2 id="一-指导思想">一、指导思想</h2>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="一-指导思想-2">"#));
        assert!(
            r.html.contains(r#"<h3 id="zujian">(一)加强组建</h3>"#),
            "{}",
            r.html
        );
        let levels: Vec<u8> = r.toc.iter().map(|h| h.level).collect();
        assert_eq!(levels, [2, 2, 3]);
        assert_eq!(r.toc[2].title, "(一)加强组建");
    }

    #[test]
    fn counts_letters_not_punctuation() {
        let r = plain("工会工作，要抓实。\n\n- 帮扶 10 人\n");
        assert_eq!(r.chars, 7 + 5);
    }

    #[test]
    fn first_paragraph_skips_headings_and_lists() {
        let r = plain("## 标题\n\n- 列表项\n\n第一段**文字**。\n\n第二段。");
        assert_eq!(r.first_paragraph, "第一段文字。");
    }

    #[test]
    fn local_links_are_rewritten_with_their_line() {
        let seen = std::cell::RefCell::new(Vec::new());
        let rewrite = |l: &LocalLink| {
            seen.borrow_mut().push(l.clone());
            Some("../other/index.html".to_string())
        };
        let r = render(
            "第一行\n\n见[另一个计划](other.md)和[网站](https://example.org)，![图](图.png)[章](#二)。![远](https://example.org/a.png)",
            &rewrite,
            RawHtml::Sanitize,
        );
        assert!(
            r.html
                .contains(r#"<a href="../other/index.html">另一个计划</a>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="https://example.org""#));
        // A remote image is not handed to the rewriter, and keeps its address.
        assert!(
            r.html.contains(r#"src="https://example.org/a.png""#),
            "{}",
            r.html
        );
        assert_eq!(
            *seen.borrow(),
            vec![
                LocalLink {
                    dest: "other.md".into(),
                    line: 3,
                    col: 2,
                    image: false
                },
                LocalLink {
                    dest: "图.png".into(),
                    line: 3,
                    col: 46,
                    image: true
                }
            ]
        );
        let fragment = LocalLink {
            dest: "#二".into(),
            line: 3,
            col: 57,
            image: false,
        };
        assert_eq!(r.other_links, vec![fragment]);
    }

    #[test]
    fn raw_html_is_sanitized_unless_trusted() {
        let body = "## 一、目标\n\n<div onclick=\"x()\">块<script>alert(1)</script></div>\n\n\
                    文字<span style=\"color:red\" onmouseover=\"x()\">红</span>\n\n\
                    [链接](javascript:alert(2)) [脚注][^1]\n\n- [x] 完成\n- [ ] 未完成\n\n[^1]: 说明\n";
        let html = plain(body).html;
        for gone in ["<script", "onclick", "onmouseover", "javascript:", "<input"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        for kept in [
            r#"<h2 id="一-目标">"#,
            "<div>块</div>",
            r#"<span style="color:red">红</span>"#,
            "☑ 完成",
            "☐ 未完成",
            r##"<a href="#fn-1" id="fnref-1">1</a>"##,
            r#"id="fn-1""#,
        ] {
            assert!(html.contains(kept), "{kept} not in {html}");
        }
        let trusted = render(body, &|_: &LocalLink| None, RawHtml::Trust).html;
        assert!(trusted.contains("<script>alert(1)</script>"), "{trusted}");
    }

    #[test]
    fn plain_markdown_is_checked_for_every_way_to_carry_script() {
        let cases = [
            ("[x](javascript:alert(1))", "javascript:"),
            ("[x](JavaScript:alert(1))", "avascript:"),
            ("[x](<java\tscript:alert(1)>)", "java\tscript"),
            ("![x](javascript:alert(1))", "javascript:"),
            ("[x](vbscript:msgbox)", "vbscript:"),
            ("# 标题 {onclick=alert(1)}", "onclick"),
            ("[x]: javascript:alert(1)\n\n[链接][x]", "javascript:"),
        ];
        for (body, gone) in cases {
            let html = plain(body).html;
            assert!(!html.contains(gone), "{body}: {html}");
        }
    }

    #[test]
    fn a_web_address_with_a_space_in_its_host_is_no_link() {
        let html = plain("[工会网站](<https://www.example .org/>)").html;
        assert!(!html.contains("href"), "{html}");
    }

    #[test]
    fn tables_render() {
        let r = plain("| 项目 | 数量 |\n|---|---|\n| 帮扶 | 76 |\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<td>76</td>"));
    }

    #[test]
    fn raw_html_left_open_does_not_swallow_the_rest_of_the_plan() {
        // Found by fuzzing: the HTML parser read the Markdown after these as part of a tag, a
        // comment or raw text, and the sanitizer dropped it with the heading the contents
        // link to.
        let openers = [
            "<frame\n",
            "<span title=\"a\n",
            "文字<style>\n",
            "<div><!-- x\n",
            "<div><textarea>\n",
            "文字<title>\n",
            "<div><![CDATA[\n",
            "文字<noscript>\n",
            "文字<xmp>\n",
            "<plaintext>\n",
            "文字<script>alert(1)\n",
        ];
        for opener in openers {
            let r = plain(&format!("{opener}\n# 标题\n\n正文。\n"));
            assert!(
                r.html.contains("<h1 id=\"标题\">标题</h1>"),
                "{opener:?}: {}",
                r.html
            );
            assert!(r.html.contains("<p>正文。</p>"), "{opener:?}: {}", r.html);
            assert!(
                !r.html.contains("<script") && !r.html.contains("alert"),
                "{}",
                r.html
            );
        }
        // The fuzzer's own input: a setext heading after an unfinished tag.
        let r = plain("<frame\n\n\0\n-");
        assert!(
            r.html.contains(&format!("id=\"{}\"", r.toc[0].id)),
            "{}",
            r.html
        );
    }

    /// `depth` block quotes, one inside the other, around `inner`.
    fn quoted(depth: usize, inner: &str) -> String {
        format!("{}{inner}\n", "> ".repeat(depth))
    }

    /// Each block quote and the paragraph inside count towards [`MAX_NESTING`]; what is
    /// deeper is dropped, what it holds is kept, and the elements stay balanced.
    #[test]
    fn nesting_is_kept_up_to_the_limit_and_flattened_beyond_it() {
        let opens = |r: &Rendered| r.html.matches("<blockquote>").count();
        let closes = |r: &Rendered| r.html.matches("</blockquote>").count();

        let at_limit = plain(&quoted(MAX_NESTING - 1, "正文。"));
        assert_eq!(opens(&at_limit), MAX_NESTING - 1);
        assert!(at_limit.html.contains("<p>正文。</p>"), "{}", at_limit.html);
        assert_eq!(at_limit.too_deep, []);

        let one_over = plain(&quoted(MAX_NESTING, "正文。"));
        assert_eq!(opens(&one_over), MAX_NESTING);
        assert!(!one_over.html.contains("<p>"), "the paragraph is flattened");
        assert!(one_over.html.contains("正文。"));
        assert_eq!(one_over.too_deep, [TooDeep::Markdown { line: 1 }]);

        let far_over = plain(&format!("{}\n后文。\n", quoted(MAX_NESTING + 20, "正文。")));
        assert_eq!(
            (opens(&far_over), closes(&far_over)),
            (MAX_NESTING, MAX_NESTING)
        );
        assert!(
            far_over.html.ends_with("<p>后文。</p>\n"),
            "what follows is nested as written: {}",
            &far_over.html[far_over.html.len() - 40..]
        );
    }

    /// A bare address is linked only where a link may still open inside the limit.
    #[test]
    fn a_bare_address_is_linked_only_where_there_is_room_for_the_link() {
        let linked = |depth: usize| {
            let r = plain(&quoted(depth, "见 https://example.org/ 。"));
            r.html.contains("<a href=\"https://example.org/\"")
        };
        assert!(linked(1));
        // The quotes and the paragraph fill the limit but one place: the link takes it.
        assert!(linked(MAX_NESTING - 2));
        assert!(!linked(MAX_NESTING - 1), "no room left for the link");
    }

    /// One message for each kind of deep nesting, at the first place it is found.
    #[test]
    fn deep_nesting_is_noted_once_for_each_kind() {
        let deep = quoted(MAX_NESTING + 1, "甲。");
        let html = "<div>".repeat(crate::sanitize::MAX_HTML_DEPTH + 1);
        let body = format!("{deep}\n{deep}\n{html}\n");
        let r = plain(&body);
        assert_eq!(
            r.too_deep,
            [TooDeep::Markdown { line: 1 }, TooDeep::Html { line: 5 }],
            "{body}"
        );
    }

    #[test]
    fn the_first_paragraph_is_not_one_inside_a_quote_or_an_empty_one() {
        assert_eq!(plain("> 引文。\n\n正文。").first_paragraph, "正文。");
        assert_eq!(
            plain("<span></span>\n\n## 标题\n\n正文。").first_paragraph,
            "正文。"
        );
    }

    /// The text for the search index: a block a line, a line break inside a Chinese sentence
    /// no word break, one elsewhere a space.
    #[test]
    fn the_text_has_a_block_a_line_and_joins_chinese_broken_over_lines() {
        let r = plain("甲**乙**丙。\n\n职\n工 和 work\ners\n");
        assert_eq!(r.text, "甲乙丙。\n职工 和 work ers\n");
    }
}
