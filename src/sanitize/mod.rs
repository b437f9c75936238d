//! Cleaning a plan's body HTML of anything that could run script or take over the page.
//!
//! Editors paste HTML from Word and web pages into their Markdown. What reads as a document
//! (tables, spans, line breaks, images, headings, lists, links) is kept; what acts (`<script>`,
//! `on*=` handlers, `javascript:` addresses, frames, `<style>` sheets, forms) is removed. The
//! whole body is cleaned, not only its raw HTML pieces: an inline tag arrives from the Markdown
//! parser as a fragment (`<span onclick=x>` apart from its `</span>`), which cannot be judged
//! alone, and a Markdown link `[x](javascript:...)` is dangerous without any raw HTML at all.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::Builder;

mod budget;
mod open_ends;
pub use budget::{MAX_HTML_DEPTH, NestingGauge};
pub use open_ends::OpenEnds;

/// Attributes any element may keep. `id` carries heading and footnote anchors (the table of
/// contents links to them); `class` carries the theme's hooks and Word's harmless ones.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "lang", "title", "dir", "style"];

/// The `style` properties that only change how text and tables look. Anything that moves a box
/// out of the text (`position`, `z-index`, `transform`) or loads something (`background`,
/// `content`) is left out, so pasted HTML cannot lay itself over the page.
const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "text-decoration",
    "text-align",
    "text-indent",
    "vertical-align",
    "border",
    "border-collapse",
    "padding",
];

/// Elements removed with what they hold, not only their tags. Browsers never show the text of
/// `<script>`, `<style>`, `<title>` (which lives in the head), `<noembed>` or `<noframes>`, and
/// `<xmp>`, `<textarea>` and `<iframe>` show theirs as raw text, markup and all: kept as plain
/// text once the tags are gone, any of them would publish as prose what no reader was meant to
/// read that way.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "title", "xmp", "textarea", "iframe", "noembed", "noframes",
];

/// The one policy, built once: it never changes while the program runs.
static POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect::<HashSet<_>>())
        // Relative links (to other plans, to attachments) are the site's own and stay as they
        // are; only the scheme of absolute ones is checked.
        .url_relative(ammonia::UrlRelative::PassThrough)
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        // `target` is not allowed, so no link can open a window that reaches back to this
        // page; the site's own links stay as the Markdown renderer wrote them.
        .link_rel(None);
    builder
});

/// The body HTML with only what is safe to publish on a trusted intranet.
pub fn clean(html: &str) -> String {
    POLICY.clean(&budget::split_long_runs(html)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_markup_survives() {
        let kept = [
            r#"<h2 id="一-指导思想">一、指导思想</h2>"#,
            "<table><thead><tr><th>项目</th></tr></thead><tbody><tr><td colspan=\"2\">76</td></tr></tbody></table>",
            r#"<p>第一行<br>第二行 <span class="MsoNormal">文字</span></p>"#,
            r#"<p><img src="图片.png" alt="图"></p>"#,
            r#"<ul><li><a href="../other/index.html#一-指导思想">另一个计划</a></li></ul>"#,
            r#"<p><a href="https://example.org/">网站</a> <a href="附件.docx">附件</a></p>"#,
            r#"<p style="text-indent:2em;color:red">首行缩进</p>"#,
            r##"<sup class="footnote-reference"><a href="#1">1</a></sup>"##,
            "<p>90° · 马克思·恩格斯 &amp; A&nbsp;B</p>",
        ];
        for html in kept {
            assert_eq!(clean(html), html);
        }
    }

    #[test]
    fn active_content_is_removed() {
        let cases = [
            ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
            (r#"<div onclick="x()">hi</div>"#, "<div>hi</div>"),
            (r#"<img src=x onerror=alert(1)>"#, r#"<img src="x">"#),
            (r#"<a href="javascript:alert(1)">x</a>"#, "<a>x</a>"),
            (r#"<a href=" JaVaScRiPt:alert(1)">x</a>"#, "<a>x</a>"),
            (r#"<iframe src="https://evil.example/"></iframe>"#, ""),
            ("<style>body{display:none}</style>", ""),
            (
                r#"<form action="https://evil.example/"><input name="pw"><button>登录</button></form>"#,
                "登录",
            ),
            (
                r#"<p style="position:fixed;top:0;color:red">x</p>"#,
                r#"<p style="color:red">x</p>"#,
            ),
            (r#"<object data="x.swf"></object><embed src="x.swf">"#, ""),
            ("<p>文字 <title>隐藏</title> 可见</p>", "<p>文字  可见</p>"),
            ("<xmp><strong>this</strong></xmp>", ""),
            ("<textarea>  *foo*\n</textarea>", ""),
            ("<noembed>x</noembed><noframes>y</noframes>", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), expected, "input {input}");
        }
    }
}
