//! Chinese typing slips in YAML that editors write (front matter, `site.yaml`), mended before
//! the YAML is read, with where each was and what it was.
//!
//! A Chinese input method types `：` for `:`, `，` and `、` between list items, `【】` for
//! brackets and full-width digits; text pasted from Word brings no-break spaces, 全角空格 and
//! zero-width characters. Each of these makes YAML read something else than the editor meant
//! (or nothing at all), with a message about the wrong place. Where the meaning is certain,
//! the slip is mended and reported as a warning; where it is not (a full-width colon after a
//! word that is no known key), it is reported as an error at its exact place. Lines are never
//! added or removed, so a line of the mended text is the same line of the original.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Problems, closest, codes};
use crate::i18n::Text;
use crate::text::invisible_name;

/// What the caller knows of the keys of its YAML.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    /// Every key: a full-width colon right after one of them is a colon.
    pub known: &'a [&'a str],
    /// Keys whose values are numbers or dates: full-width digits in them are digits.
    pub numeric: &'a [&'a str],
    /// Keys whose values are lists: `，` and `、` in them separate the items.
    pub lists: &'a [&'a str],
}

/// One slip, at a line and column of the original text (both from 1, columns in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub line: usize,
    pub col: usize,
    /// The key on that line.
    pub key: String,
    pub kind: SlipKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlipKind {
    /// `title：` read as `title: `.
    FullWidthColon,
    /// An invisible character (or a no-break or full-width space) around the key or value,
    /// removed.
    Invisible(char),
    /// Full-width digits in a number or date, read as digits: the value as written.
    FullWidthDigits(String),
    /// `，` or `、` between the items of a list, read as `, `.
    ListSeparator(char),
    /// `【】` or `［］` around a list, read as `[]`.
    ListBrackets(char),
    /// A full-width colon after a word that is not a known key: cannot be read safely. An
    /// error, and the line is left as it was.
    UnknownKeyColon,
}

impl SlipKind {
    /// What mending it changed, for `plansite check --fix` to print.
    pub fn change(&self) -> Text {
        match self {
            SlipKind::FullWidthColon => Text::new("slip-change-colon"),
            SlipKind::Invisible(c) => Text::new("slip-change-invisible").arg("char", *c),
            SlipKind::FullWidthDigits(value) => {
                let digits: String = value.chars().map(half_width).collect();
                Text::new("slip-change-digits")
                    .arg("value", value)
                    .arg("digits", digits)
            }
            SlipKind::ListSeparator(c) => Text::new("slip-change-separator").arg("char", *c),
            SlipKind::ListBrackets(c) => Text::new("slip-change-brackets").arg("char", *c),
            SlipKind::UnknownKeyColon => Text::new("slip-change-none"),
        }
    }

    /// Whether the text was mended (a warning), or must be fixed by hand (an error).
    pub fn is_mended(&self) -> bool {
        !matches!(self, SlipKind::UnknownKeyColon)
    }
}

/// The text as the editor meant it, and the slips found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mended<'a> {
    pub text: Cow<'a, str>,
    pub slips: Vec<Slip>,
    /// For each changed line (from 1), where each character of the mended line was in the
    /// original: to place the YAML parser's findings in what the editor typed.
    columns: Vec<(usize, Vec<usize>)>,
}

impl Mended<'_> {
    /// The column of the original line that column `col` of mended line `line` came from.
    pub fn original_col(&self, line: usize, col: usize) -> usize {
        let Some((_, map)) = self.columns.iter().find(|(l, _)| *l == line) else {
            return col;
        };
        let index = col.saturating_sub(1);
        match map.get(index) {
            Some(&original) => original + 1,
            // Past the end of the line (where YAML reports a missing value): as far past the
            // original's end.
            None => map.last().map_or(0, |&last| last + 1) + (index - map.len()) + 1,
        }
    }
}

/// Adds each slip of a YAML text that starts at line `first_line` of the file at `path` to
/// `problems`: a warning for what was mended, an error for what could not be. Says whether
/// the mended text can be read (no error among them).
pub fn report(
    path: &Path,
    first_line: usize,
    mended: &Mended,
    keys: Keys,
    problems: &mut Problems,
) -> bool {
    let mut readable = true;
    for slip in &mended.slips {
        let line = first_line + slip.line - 1;
        let key = &slip.key;
        let d = match &slip.kind {
            SlipKind::FullWidthColon => Diagnostic::warning(codes::SLIP_FULL_WIDTH_COLON, path),
            SlipKind::Invisible(c) => {
                Diagnostic::warning(codes::SLIP_INVISIBLE, path).arg("char", *c)
            }
            SlipKind::FullWidthDigits(value) => {
                let digits: String = value.chars().map(half_width).collect();
                (Diagnostic::warning(codes::SLIP_FULL_WIDTH_DIGITS, path))
                    .arg("value", value)
                    .arg("digits", digits)
            }
            SlipKind::ListSeparator(c) => {
                Diagnostic::warning(codes::SLIP_LIST_SEPARATOR, path).arg("char", *c)
            }
            SlipKind::ListBrackets(c) => {
                Diagnostic::warning(codes::SLIP_LIST_BRACKETS, path).arg("char", *c)
            }
            SlipKind::UnknownKeyColon => {
                readable = false;
                let d = Diagnostic::error(codes::SLIP_UNKNOWN_KEY_COLON, path);
                match closest(key, keys.known.iter().copied()) {
                    Some(known) => d.arg("known", known).help_from("help-known"),
                    None => d.arg("known", keys.known.join("、")),
                }
            }
        };
        let d = d.arg("key", key);
        problems.push(d.at(line, slip.col));
    }
    readable
}

/// The characters that stand around keys and values unseen.
fn is_stray(c: char) -> bool {
    invisible_name(c).is_some()
}

/// Mends the slips of `yaml`; the text is borrowed when it has none.
pub fn mend<'a>(yaml: &'a str, keys: Keys) -> Mended<'a> {
    let mut out = String::with_capacity(yaml.len());
    let mut slips = Vec::new();
    let mut columns = Vec::new();
    let mut changed = false;
    // Lines of a block scalar (`description: |`) are text, not keys: the indentation they
    // must have more of.
    let mut block: Option<usize> = None;
    for (index, raw) in yaml.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        let (line, ending) = match raw.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (raw, ""),
        };
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(at) = block {
            if line.trim().is_empty() || indent > at {
                out.push_str(raw);
                continue;
            }
            block = None;
        }
        let mut mender = LineMender::new(line, line_no, keys);
        mender.mend();
        if mender.opens_block {
            block = Some(indent);
        }
        slips.append(&mut mender.slips);
        if mender.out != line {
            changed = true;
            columns.push((line_no, mender.origin));
        }
        out.push_str(&mender.out);
        out.push_str(ending);
    }
    Mended {
        text: if changed {
            Cow::Owned(out)
        } else {
            Cow::Borrowed(yaml)
        },
        slips,
        columns,
    }
}

/// One line being mended: the original's characters, and the mended line with where each of
/// its characters came from.
struct LineMender<'k> {
    chars: Vec<char>,
    at: usize,
    line: usize,
    keys: Keys<'k>,
    out: String,
    origin: Vec<usize>,
    slips: Vec<Slip>,
    key: String,
    opens_block: bool,
}

impl<'k> LineMender<'k> {
    fn new(line: &str, line_no: usize, keys: Keys<'k>) -> Self {
        LineMender {
            chars: line.chars().collect(),
            at: 0,
            line: line_no,
            keys,
            out: String::with_capacity(line.len()),
            origin: Vec::new(),
            slips: Vec::new(),
            key: String::new(),
            opens_block: false,
        }
    }

    fn keep(&mut self, c: char) {
        self.out.push(c);
        self.origin.push(self.at);
        self.at += 1;
    }

    fn put(&mut self, text: &str) {
        for c in text.chars() {
            self.out.push(c);
            self.origin.push(self.at);
        }
    }

    fn slip(&mut self, col: usize, kind: SlipKind) {
        self.slips.push(Slip {
            line: self.line,
            col: col + 1,
            key: self.key.clone(),
            kind,
        });
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// Drops stray characters from here on, each a slip; keeps ASCII spaces.
    fn drop_strays(&mut self) {
        while let Some(c) = self.peek() {
            if is_stray(c) {
                self.slip(self.at, SlipKind::Invisible(c));
                self.at += 1;
            } else if c == ' ' {
                self.keep(c);
            } else {
                break;
            }
        }
    }

    fn mend(&mut self) {
        self.drop_strays();
        if self.peek().is_none_or(|c| c == '#') {
            return self.rest();
        }
        if self.peek() == Some('-') && self.chars.get(self.at + 1) == Some(&' ') {
            self.keep('-');
            self.drop_strays();
        }
        // The key: up to the first colon of either width.
        let start = self.at;
        let Some(colon) = (start..self.chars.len()).find(|&i| matches!(self.chars[i], ':' | '：'))
        else {
            return self.rest();
        };
        let raw_key: String = self.chars[start..colon].iter().collect();
        let key = raw_key
            .trim_matches(|c: char| c == ' ' || is_stray(c))
            .to_string();
        self.key = key.clone();
        let known = self.keys.known.contains(&key.as_str());
        if self.chars[colon] == '：' && !known {
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                self.slip(colon, SlipKind::UnknownKeyColon);
            }
            return self.rest();
        }
        // An unknown key is checked later, by name; strays around it are slips all the same.
        if !known && !raw_key.chars().any(is_stray) {
            return self.rest();
        }
        // The key as it was, without the strays around it.
        while self.at < colon {
            let c = self.chars[self.at];
            if is_stray(c) {
                self.slip(self.at, SlipKind::Invisible(c));
                self.at += 1;
            } else {
                self.keep(c);
            }
        }
        if self.chars[colon] == '：' {
            self.slip(colon, SlipKind::FullWidthColon);
            self.put(":");
            self.at += 1;
            if self.peek().is_some_and(|c| c != ' ') {
                self.put(" ");
            }
        } else {
            self.keep(':');
        }
        self.value();
    }

    /// The value after `key:`, without the strays around it, mended as its key's kind says.
    fn value(&mut self) {
        self.drop_strays();
        // `key:value` is no key at all in YAML: a stray taken from between them leaves a space.
        if self.out.ends_with(':') && self.at < self.chars.len() {
            self.put(" ");
        }
        let mut end = self.chars.len();
        while end > self.at && (is_stray(self.chars[end - 1]) || self.chars[end - 1] == ' ') {
            end -= 1;
        }
        let value: String = self.chars[self.at..end].iter().collect();
        self.opens_block = value.starts_with(['|', '>']);
        let key = self.key.clone();
        if self.keys.numeric.contains(&key.as_str()) && value.chars().any(is_full_width_digit) {
            self.slip(self.at, SlipKind::FullWidthDigits(value.clone()));
            while self.at < end {
                let c = self.chars[self.at];
                self.out.push(half_width(c));
                self.origin.push(self.at);
                self.at += 1;
            }
        } else if self.keys.lists.contains(&key.as_str()) {
            self.list(end);
        }
        while self.at < end {
            self.keep(self.chars[self.at]);
        }
        // Trailing strays go; trailing spaces stay, as YAML ignores them.
        while self.at < self.chars.len() {
            let c = self.chars[self.at];
            if is_stray(c) {
                self.slip(self.at, SlipKind::Invisible(c));
                self.at += 1;
            } else {
                self.keep(c);
            }
        }
    }

    /// A list value up to `end`: full-width brackets and separators read as YAML's.
    fn list(&mut self, end: usize) {
        let first = self.chars.get(self.at).copied();
        let last = self.chars[..end].last().copied();
        let bracketed = matches!(
            (first, last),
            (Some('[' | '【' | '［'), Some(']' | '】' | '］'))
        );
        let has_separator = self.chars[self.at..end]
            .iter()
            .any(|&c| matches!(c, '，' | '、'));
        if !bracketed && !has_separator {
            return;
        }
        if bracketed && first != Some('[') {
            self.slip(self.at, SlipKind::ListBrackets(first.unwrap_or('[')));
        }
        if bracketed {
            self.put("[");
            self.at += 1;
        } else {
            self.put("[");
        }
        let inner_end = if bracketed { end - 1 } else { end };
        let mut separators = Vec::new();
        while self.at < inner_end {
            let c = self.chars[self.at];
            if matches!(c, '，' | '、') {
                separators.push((self.at, c));
                self.put(", ");
                self.at += 1;
            } else {
                self.keep(c);
            }
        }
        if let Some(&(col, c)) = separators.first() {
            self.slip(col, SlipKind::ListSeparator(c));
        }
        self.put("]");
        if bracketed {
            self.at += 1;
        }
    }

    /// The rest of the line as it is.
    fn rest(&mut self) {
        while self.at < self.chars.len() {
            self.keep(self.chars[self.at]);
        }
    }
}

fn is_full_width_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

/// Full-width digits and the signs of dates and numbers, half-width.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' | '－' | '．' | '／' | '：' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: Keys = Keys {
        known: &["title", "unit", "year", "date", "tags", "description"],
        numeric: &["year", "date"],
        lists: &["tags"],
    };

    /// A slip as the tests write it: line, column and kind.
    type Found = (usize, usize, SlipKind);

    fn mended(yaml: &str) -> (String, Vec<Found>) {
        let m = mend(yaml, KEYS);
        let slips = m
            .slips
            .iter()
            .map(|s| (s.line, s.col, s.kind.clone()))
            .collect();
        (m.text.into_owned(), slips)
    }

    #[test]
    fn text_without_slips_is_borrowed_as_it_is() {
        let yaml = "title: 街道工会2015年工作计划\nunit: 街道总工会\ntags: [帮扶, 女职工]\nother: 甲\ndate: \ndescription: 全年\n  第 1 季度\n# 注释：可以\n";
        let m = mend(yaml, KEYS);
        assert!(matches!(m.text, Cow::Borrowed(_)));
        assert!(m.slips.is_empty());
    }

    #[test]
    fn each_slip_is_mended_where_it_was() {
        use SlipKind::*;
        let cases: &[(&str, &str, &[Found])] = &[
            (
                "title：街道工会\n",
                "title: 街道工会\n",
                &[(1, 6, FullWidthColon)],
            ),
            (
                "title： 街道工会\n",
                "title: 街道工会\n",
                &[(1, 6, FullWidthColon)],
            ),
            (
                "unit:\u{A0}街道总工会\n",
                "unit: 街道总工会\n",
                &[(1, 6, Invisible('\u{A0}'))],
            ),
            (
                "unit\u{200B}: 甲\n",
                "unit: 甲\n",
                &[(1, 5, Invisible('\u{200B}'))],
            ),
            (
                "unit: \u{3000}街道总工会\n",
                "unit: 街道总工会\n",
                &[(1, 7, Invisible('\u{3000}'))],
            ),
            (
                "unit: 街道总工会\u{200B}\n",
                "unit: 街道总工会\n",
                &[(1, 12, Invisible('\u{200B}'))],
            ),
            (
                "\u{FEFF}title: 甲\n",
                "title: 甲\n",
                &[(1, 1, Invisible('\u{FEFF}'))],
            ),
            (
                "year: ２０１５\n",
                "year: 2015\n",
                &[(1, 7, FullWidthDigits("２０１５".into()))],
            ),
            (
                "date: ２０１５－０１－２０\n",
                "date: 2015-01-20\n",
                &[(1, 7, FullWidthDigits("２０１５－０１－２０".into()))],
            ),
            (
                "tags: [帮扶，女职工]\n",
                "tags: [帮扶, 女职工]\n",
                &[(1, 10, ListSeparator('，'))],
            ),
            (
                "tags: 帮扶、女职工\n",
                "tags: [帮扶, 女职工]\n",
                &[(1, 9, ListSeparator('、'))],
            ),
            (
                "tags: 【帮扶】\n",
                "tags: [帮扶]\n",
                &[(1, 7, ListBrackets('【'))],
            ),
            (
                "year\u{200B}：２０１５\n",
                "year: 2015\n",
                &[
                    (1, 5, Invisible('\u{200B}')),
                    (1, 6, FullWidthColon),
                    (1, 7, FullWidthDigits("２０１５".into())),
                ],
            ),
            ("unit：\n", "unit:\n", &[(1, 5, FullWidthColon)]),
            ("title ：甲\n", "title : 甲\n", &[(1, 7, FullWidthColon)]),
            // A key that is not known is checked later, by name; strays around it go now.
            (
                "other\u{200B}: 甲\n",
                "other: 甲\n",
                &[(1, 6, Invisible('\u{200B}'))],
            ),
            // Items of a list, and keys of a list of mappings (`units:` in site.yaml).
            (
                "tags:\n  - \u{3000}帮扶\n",
                "tags:\n  - 帮扶\n",
                &[(2, 5, Invisible('\u{3000}'))],
            ),
            (
                "  - title：甲\n",
                "  - title: 甲\n",
                &[(1, 10, FullWidthColon)],
            ),
            (
                "tags：［帮扶，女职工］\n",
                "tags: [帮扶, 女职工]\n",
                &[
                    (1, 5, FullWidthColon),
                    (1, 6, ListBrackets('［')),
                    (1, 9, ListSeparator('，')),
                ],
            ),
        ];
        for (yaml, expected, slips) in cases {
            let (text, found) = mended(yaml);
            assert_eq!(&text, expected, "{yaml:?}");
            assert_eq!(&found, slips, "{yaml:?}");
        }
    }

    #[test]
    fn what_cannot_be_read_safely_is_left_and_named() {
        let (text, slips) = mended("title: 甲\ntitel：乙\n");
        assert_eq!(text, "title: 甲\ntitel：乙\n");
        assert_eq!(slips, [(2, 6, SlipKind::UnknownKeyColon)]);
        assert!(!slips[0].2.is_mended());
        // A full-width colon inside a value is the value's.
        let (text, slips) = mended("title: 通知：关于2015年的安排\n");
        assert_eq!(text, "title: 通知：关于2015年的安排\n");
        assert!(slips.is_empty());
    }

    #[test]
    fn block_text_and_other_keys_are_left_alone() {
        let yaml = "description: |\n  第一行：说明\n  tags: [a，b]\nother: ２０１５\n";
        let (text, slips) = mended(yaml);
        assert_eq!(text, yaml);
        assert!(slips.is_empty());
        // The block ends at a line no more indented than its key, which is mended again.
        let (text, slips) = mended("description: |\n  第一行\nyear: ２０１５\n");
        assert_eq!(text, "description: |\n  第一行\nyear: 2015\n");
        assert_eq!(
            slips,
            [(3, 7, SlipKind::FullWidthDigits("２０１５".into()))]
        );
    }

    #[test]
    fn columns_of_the_mended_text_lead_back_to_the_original() {
        let m = mend("title：甲：乙\n", KEYS);
        assert_eq!(m.text, "title: 甲：乙\n");
        // `甲` is column 8 of the mended line and column 7 of the original.
        assert_eq!(m.original_col(1, 8), 7);
        assert_eq!(m.original_col(1, 1), 1);
        // Past the end of the mended line (where YAML finds a value missing): as far past
        // the end of the original, which is one character shorter.
        assert_eq!(m.original_col(1, 11), 10);
        assert_eq!(m.original_col(1, 13), 12);
        // Lines that were not changed keep their columns.
        assert_eq!(m.original_col(2, 5), 5);
    }
}
