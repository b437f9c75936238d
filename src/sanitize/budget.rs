//! Keeping the sanitizer's work in proportion to the size of its input, whatever the input.
//!
//! The HTML parser and serializer under the sanitizer take time that grows with the square of
//! some shapes of input: the depth of nesting (the parser looks down the stack of open
//! elements), and the number of characters it must escape in one run of text or one tag (the
//! serializer of html5ever 0.40 searches to the end of the run again after each one). Ordinary
//! documents are far from either; a hostile or broken file is not. These limits keep the cost
//! linear without changing what a reader sees.

/// How deep raw HTML may nest before it is published as text instead. The HTML parser under
/// the sanitizer, like a browser's, looks down the stack of open elements at many tags, so
/// its time grows with the square of the depth: 10,000 nested `<div>`s would take seconds,
/// 100,000 minutes. No document nests a hundred levels deep.
pub const MAX_HTML_DEPTH: usize = 100;

/// Elements that never contain anything, or that the next sibling closes on its own: they
/// add no depth that lasts.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "rt", "rp", "colgroup",
];

/// The elements whose content is foreign (not HTML), where `<x/>` closes itself.
const FOREIGN: &[&str] = &["svg", "math"];

/// Follows the nesting of raw HTML as it comes, piece by piece, closely enough to tell when
/// it goes deeper than [`MAX_HTML_DEPTH`]. An end tag closes the innermost open element of its
/// name, as the parser does; a stray end tag closes nothing.
#[derive(Debug, Default)]
pub struct NestingGauge {
    open: Vec<String>,
    too_deep: bool,
}

impl NestingGauge {
    /// Reads one piece of raw HTML; true once the HTML read so far nests too deep.
    pub fn feed(&mut self, html: &str) -> bool {
        let mut rest = html;
        while !self.too_deep
            && let Some(i) = rest.find('<')
        {
            rest = &rest[i + 1..];
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            let name_len = rest[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len() - name_start);
            if name_len == 0 {
                continue;
            }
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            let tag_end = rest.find('>').unwrap_or(rest.len());
            let self_closing = rest[..tag_end].ends_with('/');
            rest = &rest[tag_end..];
            // `<x/>` closes itself only in SVG and MathML (and `<svg/>`, `<math/>` themselves):
            // in HTML the slash is ignored and `<div/>` opens a `div` like `<div>`.
            let closes_itself = self_closing
                && (FOREIGN.contains(&name.as_str())
                    || self
                        .open
                        .iter()
                        .any(|open| FOREIGN.contains(&open.as_str())));
            if NOT_NESTING.contains(&name.as_str()) || closes_itself {
                continue;
            }
            if closing {
                if let Some(pos) = self.open.iter().rposition(|open| *open == name) {
                    self.open.truncate(pos);
                }
            } else {
                self.open.push(name);
                self.too_deep = self.open.len() > MAX_HTML_DEPTH;
            }
        }
        self.too_deep
    }
}

/// How many characters the serializer escapes (`&`, and the first byte of `U+0080..U+00BF`
/// such as `·`) a run of text may hold before an invisible `<wbr>` starts a new run.
const SPECIALS_PER_RUN: usize = 16;

/// A tag holding more characters to escape than this is no tag anyone wrote (a long web
/// address with a hundred `&` parameters has a hundred): it is shown as text instead.
const SPECIALS_PER_TAG: usize = 256;

/// `html` with runs of text that hold many characters to escape cut into short runs by `<wbr>`
/// (which shows nothing), and tags that hold too many turned into text.
pub fn split_long_runs(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let is_special = |b: u8| b == b'&' || b == 0xC2;
    if bytes.iter().filter(|&&b| is_special(b)).count() <= SPECIALS_PER_RUN {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    // Segments between `<` and `>`: each is the text of one run, or the inside of one tag.
    let mut after_lt = false;
    for segment in html.split_inclusive(['<', '>']) {
        let (body, delimiter) = match segment.as_bytes().last() {
            Some(b'<' | b'>') => segment.split_at(segment.len() - 1),
            _ => (segment, ""),
        };
        let in_tag = after_lt
            && body.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        let specials = body.bytes().filter(|&b| is_special(b)).count();
        if in_tag && specials <= SPECIALS_PER_TAG || !in_tag && specials <= SPECIALS_PER_RUN {
            out.push_str(body);
        } else {
            if in_tag {
                // The `<` that opened it is the last character written: make it text.
                out.pop();
                out.push_str("&lt;");
            }
            let mut since_cut = 0;
            for (i, c) in body.char_indices() {
                if is_special(body.as_bytes()[i]) {
                    if since_cut == SPECIALS_PER_RUN {
                        out.push_str("<wbr>");
                        since_cut = 0;
                    }
                    since_cut += 1;
                }
                out.push(c);
            }
        }
        out.push_str(delimiter);
        after_lt = delimiter == "<";
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gauge_follows_nesting() {
        let mut gauge = NestingGauge::default();
        let flat = "<div><p>a<br>b</p><ul><li>x<li>y</ul><img src=x /></div>".repeat(1000);
        assert!(!gauge.feed(&flat));
        assert!(!gauge.feed(&"<span></div>".repeat(50)));
        assert!(gauge.open.len() == 50);
        assert!(gauge.feed(&"<blockquote>".repeat(51)));
        let mut gauge = NestingGauge::default();
        // Pieces arrive one by one, as the Markdown parser hands them over.
        for _ in 0..MAX_HTML_DEPTH {
            assert!(!gauge.feed("<div class=\"a>b\">"));
        }
        assert!(gauge.feed("<div>"));
        // A piece may end inside an end tag's name (an HTML block ends at a blank line): the
        // name runs to the piece's end, and closes its element.
        let mut gauge = NestingGauge::default();
        for _ in 0..=MAX_HTML_DEPTH {
            assert!(!gauge.feed("<div>\n</div"));
        }
        assert!(gauge.open.is_empty());
        // The slash of `<div/>` closes nothing; those of SVG's and MathML's elements do.
        let deep = "<div/>".repeat(MAX_HTML_DEPTH + 1);
        assert!(NestingGauge::default().feed(&deep));
        let drawing = format!("<svg>{}</svg>", "<path d=\"M0 0\"/>".repeat(500));
        let formula = format!("<math>{}</math>", "<mspace/>".repeat(500));
        let small = "<svg/><math/>".repeat(500);
        for flat in [drawing, formula, small] {
            let mut gauge = NestingGauge::default();
            assert!(!gauge.feed(&flat), "{}", &flat[..40]);
            assert!(gauge.open.is_empty());
        }
    }

    #[test]
    fn ordinary_html_is_left_alone() {
        let html = "<p>A &amp; B · C</p><a href=\"x?a=1&amp;b=2\">链接</a>".repeat(100);
        assert_eq!(split_long_runs(&html), html);
    }

    #[test]
    fn long_runs_of_ampersands_are_cut() {
        let html = format!("<p>{}</p>", "&amp;".repeat(200));
        let split = split_long_runs(&html);
        assert_eq!(split.matches("<wbr>").count(), 200 / SPECIALS_PER_RUN);
        assert_eq!(split.replace("<wbr>", ""), html);
        // Middle dots count too, and a cut never splits a character.
        let dots = format!("<p>{}</p>", "·a".repeat(200));
        assert_eq!(split_long_runs(&dots).replace("<wbr>", ""), dots);
        // A run of text that starts with a letter is text, not a tag, however many it holds.
        let words = format!("<p>x{}</p>", "&amp;".repeat(300));
        let split = split_long_runs(&words);
        assert_eq!(split.matches("<wbr>").count(), 300 / SPECIALS_PER_RUN);
        assert_eq!(split.replace("<wbr>", ""), words);
    }

    #[test]
    fn tags_with_too_much_to_escape_become_text() {
        let html = format!("<a title=\"{}\">x</a> a < b", "&amp;".repeat(300));
        let split = split_long_runs(&html);
        assert!(split.starts_with("&lt;a title="), "{split}");
        assert!(split.ends_with("\">x</a> a < b"), "{split}");
    }
}
