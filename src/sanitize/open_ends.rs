//! Keeping raw HTML from swallowing the Markdown after it.
//!
//! The Markdown parser ends a piece of raw HTML at a blank line or at the end of an inline
//! tag; the HTML parser under the sanitizer reads the whole body as one document and knows
//! nothing of Markdown blocks. A piece that ends inside a tag (`<frame` and a blank line), a
//! comment, or an element whose content is raw text (`<style>`, `<textarea>`, `<title>`...)
//! makes the HTML parser read everything after it, headings and paragraphs alike, as part of
//! that tag, comment or text, and the sanitizer then drops it: the rest of the plan vanishes,
//! and its table of contents points at headings that are not there. [`OpenEnds`] follows the
//! HTML tokenizer through the pieces, closely enough to say what closes what they left open,
//! so that it can be closed where the Markdown block ends.

/// Elements whose content the tokenizer reads as text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Where the HTML tokenizer is after the raw HTML read so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum State {
    /// Between tags: what follows is read as markup.
    #[default]
    Data,
    /// Inside a start or end tag; `raw_text` names the element a start tag opens if its content
    /// is raw text, `quote` the quote of the attribute value being read.
    Tag {
        raw_text: Option<&'static str>,
        quote: Option<char>,
        after_equals: bool,
    },
    /// Inside `<!-- ... -->`.
    Comment,
    /// Inside `<!...>` or `<?...>`, which end at the next `>`.
    Declaration,
    /// Inside an element whose content is raw text, up to its end tag.
    RawText(&'static str),
}

/// Follows raw HTML pieces in the order they are written to the page.
#[derive(Debug, Clone, Default)]
pub struct OpenEnds {
    state: State,
}

impl OpenEnds {
    /// Reads one piece of raw HTML. False when the piece must be published as text instead:
    /// `<plaintext>` makes everything after it text, and no end tag undoes it.
    pub fn feed(&mut self, piece: &str) -> bool {
        let mut next = self.clone();
        if next.read(piece) {
            *self = next;
            true
        } else {
            false
        }
    }

    /// What ends whatever the pieces read so far left open: to be written before the end of
    /// the Markdown block they are in. Empty when nothing is open.
    pub fn close(&mut self) -> String {
        let mut closing = String::new();
        loop {
            let end = match &self.state {
                State::Data => return closing,
                State::Tag { quote, .. } => {
                    format!("{}>", quote.map(String::from).unwrap_or_default())
                }
                State::Comment => "-->".to_string(),
                State::Declaration => ">".to_string(),
                State::RawText(name) => format!("</{name}>"),
            };
            self.read(&end);
            closing.push_str(&end);
        }
    }

    /// Advances through `html`; false if it opens `<plaintext>`.
    fn read(&mut self, html: &str) -> bool {
        let mut rest = html;
        while !rest.is_empty() {
            rest = match std::mem::take(&mut self.state) {
                State::Data => match rest.find('<') {
                    None => "",
                    Some(i) => {
                        let after = &rest[i + 1..];
                        if let Some(more) = after.strip_prefix("!--") {
                            // `<!-->` and `<!--->` are whole, empty comments (HTML's "abrupt
                            // closing of empty comment"): nothing is left open after them.
                            match more.strip_prefix('>').or_else(|| more.strip_prefix("->")) {
                                Some(after_empty) => after_empty,
                                None => {
                                    self.state = State::Comment;
                                    more
                                }
                            }
                        } else if after.starts_with(['!', '?']) {
                            self.state = State::Declaration;
                            &after[1..]
                        } else if let Some(name) =
                            tag_name(after.strip_prefix('/').unwrap_or(after))
                        {
                            let closing = after.starts_with('/');
                            let name = name.to_ascii_lowercase();
                            if !closing && name == "plaintext" {
                                return false;
                            }
                            let raw_text =
                                RAW_TEXT.iter().find(|n| **n == name).filter(|_| !closing);
                            self.state = State::Tag {
                                raw_text: raw_text.copied(),
                                quote: None,
                                after_equals: false,
                            };
                            &after[usize::from(closing) + name.len()..]
                        } else {
                            after
                        }
                    }
                },
                State::Tag {
                    raw_text,
                    quote: Some(q),
                    ..
                } => match rest.find(q) {
                    None => {
                        self.state = State::Tag {
                            raw_text,
                            quote: Some(q),
                            after_equals: false,
                        };
                        ""
                    }
                    Some(i) => {
                        self.state = State::Tag {
                            raw_text,
                            quote: None,
                            after_equals: false,
                        };
                        &rest[i + 1..]
                    }
                },
                State::Tag {
                    raw_text,
                    quote: None,
                    after_equals,
                } => {
                    let c = rest.chars().next().unwrap_or(' ');
                    let after = &rest[c.len_utf8()..];
                    self.state = match c {
                        '>' => raw_text.map_or(State::Data, State::RawText),
                        '"' | '\'' if after_equals => State::Tag {
                            raw_text,
                            quote: Some(c),
                            after_equals: false,
                        },
                        '=' => State::Tag {
                            raw_text,
                            quote: None,
                            after_equals: true,
                        },
                        c if c.is_ascii_whitespace() => State::Tag {
                            raw_text,
                            quote: None,
                            after_equals,
                        },
                        _ => State::Tag {
                            raw_text,
                            quote: None,
                            after_equals: false,
                        },
                    };
                    after
                }
                State::Comment => match comment_end(rest) {
                    None => {
                        self.state = State::Comment;
                        ""
                    }
                    Some(end) => &rest[end..],
                },
                State::Declaration => match rest.find('>') {
                    None => {
                        self.state = State::Declaration;
                        ""
                    }
                    Some(i) => &rest[i + 1..],
                },
                State::RawText(name) => match end_tag(rest, name) {
                    None => {
                        self.state = State::RawText(name);
                        ""
                    }
                    Some(i) => {
                        self.state = State::Tag {
                            raw_text: None,
                            quote: None,
                            after_equals: false,
                        };
                        &rest[i + 2 + name.len()..]
                    }
                },
            };
        }
        true
    }
}

/// Where the text after a comment's end starts: a comment ends at `-->`, and also at `--!>`,
/// which HTML reads as an end too.
fn comment_end(text: &str) -> Option<usize> {
    let dashes = text.find("-->").map(|i| i + 3);
    let bang = text.find("--!>").map(|i| i + 4);
    match (dashes, bang) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The tag name `text` starts with, if it starts with a letter.
fn tag_name(text: &str) -> Option<&str> {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(text.len());
    Some(&text[..end])
}

/// Where the end tag of `name` starts in `text` (`</style` followed by a blank, `/` or `>`).
fn end_tag(text: &str, name: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        let after = lower[at + needle.len()..].chars().next();
        if after.is_none_or(|c| c.is_ascii_whitespace() || c == '/' || c == '>') {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closing(pieces: &[&str]) -> String {
        let mut ends = OpenEnds::default();
        for piece in pieces {
            assert!(ends.feed(piece), "{piece}");
        }
        ends.close()
    }

    #[test]
    fn complete_html_leaves_nothing_open() {
        let pieces = [
            "<div class=\"a>b\" title='x'>",
            "<!-- a > b -->",
            "<style>p > a { color: red }</style>",
            "<br/><img src=x>",
            "</div >",
            "<!doctype html>",
        ];
        assert_eq!(closing(&pieces), "");
        // Inline tags arrive one by one; the end tag of a raw-text element comes later.
        assert_eq!(closing(&["<textarea>", "</textarea>"]), "");
        // An end tag may have spaces before its `>`.
        assert_eq!(closing(&["<style>", "p {}</style\n>"]), "");
    }

    #[test]
    fn what_is_left_open_is_closed() {
        assert_eq!(closing(&["<frame\n"]), ">");
        assert_eq!(closing(&["<span title=\"a\n"]), "\">");
        assert_eq!(closing(&["<div><!-- x\n"]), "-->");
        assert_eq!(closing(&["<div><![CDATA[ x\n"]), ">");
        assert_eq!(closing(&["<style>\n", "p {}"]), "</style>");
        assert_eq!(
            closing(&["<TEXTAREA rows=3>", "</textareax>"]),
            "</textarea>"
        );
        assert_eq!(closing(&["<title"]), "></title>");
        assert_eq!(closing(&["<xmp a='>"]), "'></xmp>");
    }

    /// A quote opens an attribute's value only right after its `=` (spaces between allowed):
    /// elsewhere it is part of a name or of an unquoted value, and a `>` after it ends the tag.
    #[test]
    fn a_quote_opens_a_value_only_after_an_equals_sign() {
        assert_eq!(closing(&["<span title= \"a>b\n"]), "\">");
        assert_eq!(closing(&["<span a\"b>"]), "");
        assert_eq!(closing(&["<span a=b \"c>"]), "");
    }

    #[test]
    fn empty_comments_are_whole() {
        assert_eq!(closing(&["<!-->"]), "");
        assert_eq!(closing(&["<!--->"]), "");
        assert_eq!(closing(&["文字 <!--> <style>"]), "</style>");
        assert_eq!(closing(&["<!---->"]), "");
        assert_eq!(closing(&["<!-- a --!> <b"]), ">");
        // `<!--` followed by anything else opens a comment that `-->` must close.
        assert_eq!(closing(&["<!-- >"]), "-->");
        assert_eq!(closing(&["<!--x->"]), "-->");
    }

    #[test]
    fn plaintext_cannot_be_closed_and_is_refused() {
        let mut ends = OpenEnds::default();
        assert!(!ends.feed("<div><PLAINTEXT>"));
        assert!(ends.feed("<div>"));
        assert_eq!(ends.close(), "");
    }
}
