//! What the front matter says, read from the document: the title, the kind from the title's
//! ending, the unit from the title or the sign-off (落款) matched against `site.yaml`'s units,
//! the date from the sign-off, and the year from the title, the sign-off or, failing both,
//! inferred from the text with the reason written down.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::chinese_numerals;
use super::document::{Document, Para};
use super::unit::{named_body, resolve_unit, unit_in_text, unit_of_title};

/// Where a value came from, for the summary line and for JSON (`from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum From {
    /// `--unit`, `--year`, `--kind`.
    Option,
    /// Word's title property, an HTML page's `<title>`.
    TitleProperty,
    /// Word's Title style, HTML's `<h1>`.
    TitleStyle,
    /// The first short line in large or bold type.
    Prominent,
    FirstLine,
    FileName,
    /// The document's title.
    Title,
    /// The sign-off at the end (落款).
    SignOff,
    /// Inferred from the body text.
    Text,
    /// Nothing in the document said; a default was written.
    Default,
}

impl From {
    /// How JSON names it (`sign_off`), which `import-from` in the catalogues puts into words.
    pub fn key(self) -> &'static str {
        match self {
            From::Option => "option",
            From::TitleProperty => "title_property",
            From::TitleStyle => "title_style",
            From::Prominent => "prominent",
            From::FirstLine => "first_line",
            From::FileName => "file_name",
            From::Title => "title",
            From::SignOff => "sign_off",
            From::Text => "text",
            From::Default => "default",
        }
    }
}

/// A value and where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found<T> {
    pub value: T,
    pub from: From,
    /// What in the document it was read from, when that differs from the value (`嘉兴市总工会`
    /// for the unit `市总工会`), or why a year was inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl<T> Found<T> {
    pub(super) fn new(value: T, from: From) -> Found<T> {
        Found {
            value,
            from,
            detail: None,
        }
    }

    pub(super) fn with(mut self, detail: impl Into<String>) -> Found<T> {
        self.detail = Some(detail.into());
        self
    }
}

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub title: Found<String>,
    /// The paragraph the title was, which the body leaves out.
    pub title_para: Option<usize>,
    pub kind: Found<String>,
    /// `None` when no declared unit is named in the title or the sign-off.
    pub unit: Option<Found<String>>,
    /// `None` when no year could be read or inferred.
    pub year: Option<Found<i32>>,
    pub date: Option<NaiveDate>,
    /// A kind the body names for itself (`现总结如下`) that is not the title's, and the words.
    pub kind_in_text: Option<(String, String)>,
}

/// The kinds a title can end with, longer before shorter; a short one stands for the long.
const KINDS: &[(&str, &str)] = &[
    ("工作计划", "工作计划"),
    ("工作总结", "工作总结"),
    ("工作要点", "工作要点"),
    ("实施方案", "实施方案"),
    ("活动方案", "活动方案"),
    ("工作方案", "工作方案"),
    ("工作报告", "工作报告"),
    ("工作安排", "工作安排"),
    ("工作思路", "工作思路"),
    ("工作规划", "工作规划"),
    ("计划", "工作计划"),
    ("总结", "工作总结"),
    ("要点", "工作要点"),
    ("方案", "实施方案"),
    ("报告", "工作报告"),
    ("安排", "工作安排"),
];

/// Kinds that plan a year ahead: dated in December, they are for the next year.
const PLANNING: &[&str] = &["工作计划", "工作要点", "工作安排", "工作思路", "工作规划"];

const TITLE_MAX: usize = 40;

pub fn infer(doc: &Document, units: &[&str], file_stem: &str) -> Inferred {
    let paras: Vec<&Para> = doc.paras().collect();
    let (title, title_para) = title(doc, &paras, file_stem);
    let sign_off = sign_off(&paras, units);
    let body: Vec<&str> = paras
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != title_para)
        .map(|(_, p)| p.plain.as_str())
        .collect();
    let in_text = kind_in_text(&body);
    let kind = match (kind_of(&title.value), in_text) {
        (Some(kind), _) => Found::new(kind.to_string(), From::Title),
        (None, Some((kind, phrase))) => {
            Found::new(kind.to_string(), From::Text).with(format!("正文中说“{phrase}”"))
        }
        (None, None) => Found::new(
            crate::content::meta::DEFAULT_KIND.to_string(),
            From::Default,
        ),
    };
    let kind_in_text = in_text
        .filter(|(k, _)| *k != kind.value)
        .map(|(k, phrase)| (k.to_string(), phrase.to_string()));
    let unit = unit_of_title(&title.value, units)
        .map(|(unit, named)| with_named(Found::new(unit, From::Title), named))
        .or_else(|| {
            let (unit, named) = sign_off.unit.clone()?;
            Some(with_named(Found::new(unit, From::SignOff), named))
        })
        .or_else(|| unit_in_text(&body, units));
    let year = year(&title.value, sign_off.date, &kind.value, &body);
    let date = sign_off
        .date
        .filter(|d| year.as_ref().is_some_and(|y| y.value == d.year()));
    Inferred {
        title,
        title_para,
        kind,
        unit,
        year,
        date,
        kind_in_text,
    }
}

fn with_named(found: Found<String>, named: String) -> Found<String> {
    if named == found.value {
        found
    } else {
        found.with(named)
    }
}

/// Word's title property, else the Title style, else the first short line in large or bold
/// type, else the first line; with the paragraph it was, if it was one.
fn title(doc: &Document, paras: &[&Para], file_stem: &str) -> (Found<String>, Option<usize>) {
    let first = paras.iter().position(|p| !p.is_empty());
    let clean = |text: &str| {
        let text = text.trim().trim_start_matches('#').trim();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if let Some(property) = doc.title_property.as_deref().map(clean)
        && property.chars().any(crate::text::is_han)
    {
        let same = first.filter(|&i| clean(&paras[i].plain) == property);
        return (Found::new(property, From::TitleProperty), same);
    }
    if let Some(i) = paras.iter().position(|p| p.title_style && !p.is_empty()) {
        return (
            Found::new(clean(&paras[i].plain), From::TitleStyle),
            Some(i),
        );
    }
    let prominent = paras
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .take(5)
        .find(|(_, p)| p.len() <= TITLE_MAX && (p.large || p.bold || p.centered));
    if let Some((i, p)) = prominent {
        return (Found::new(clean(&p.plain), From::Prominent), Some(i));
    }
    match first {
        Some(i) if paras[i].len() <= TITLE_MAX * 2 => {
            (Found::new(clean(&paras[i].plain), From::FirstLine), Some(i))
        }
        _ => (Found::new(file_stem.to_string(), From::FileName), None),
    }
}

/// The kind a title ends with (`…2014年工会工作计划` → 工作计划), after any note in brackets
/// (`（重复稿）`, `(草案)`).
pub fn kind_of(title: &str) -> Option<&'static str> {
    let mut text = title.trim();
    while let Some(open) = text.rfind(['（', '(']) {
        let rest = &text[open..];
        if rest.ends_with(['）', ')']) && open > 0 {
            text = text[..open].trim_end();
        } else {
            break;
        }
    }
    // The kind whose last mention ends latest: `计划总结` would be a 总结.
    KINDS
        .iter()
        .filter_map(|&(written, kind)| {
            text.rfind(written)
                .map(|at| (at + written.len(), written.len(), kind))
        })
        .max_by_key(|&(end, len, _)| (end, len))
        .map(|(_, _, kind)| kind)
}

/// What a document says of itself in its first or last paragraphs, and the kind that makes it.
const KIND_PHRASES: &[(&str, &str)] = &[
    ("总结如下", "工作总结"),
    ("特制定本方案", "实施方案"),
    ("制定如下实施方案", "实施方案"),
    ("实施方案如下", "实施方案"),
    ("工作要点如下", "工作要点"),
    ("工作计划如下", "工作计划"),
    ("特制定本计划", "工作计划"),
];

/// The kind the body names for itself, in its first three or last two paragraphs.
pub fn kind_in_text(body: &[&str]) -> Option<(&'static str, &'static str)> {
    let ends = body.iter().take(3).chain(body.iter().rev().take(2));
    ends.flat_map(|p| KIND_PHRASES.iter().filter(|(phrase, _)| p.contains(phrase)))
        .map(|&(phrase, kind)| (kind, phrase))
        .next()
}

/// The sign-off at the end: the unit above (or before) the date, and the date.
#[derive(Debug, Default, PartialEq)]
struct SignOff {
    unit: Option<(String, String)>,
    date: Option<NaiveDate>,
}

fn sign_off(paras: &[&Para], units: &[&str]) -> SignOff {
    let tail: Vec<&str> = paras
        .iter()
        .rev()
        .filter(|p| !p.is_empty())
        .take(6)
        .map(|p| p.plain.trim())
        .collect();
    let mut found = SignOff::default();
    for (i, line) in tail.iter().enumerate() {
        if line.chars().count() > 30 || line.contains('。') {
            continue;
        }
        if let Some(&date) = chinese_numerals::dates(line).last() {
            found.date = Some(date);
            let before = line
                .split(['0', '1', '2', '〇', '二', '○', '０', '２'])
                .next()
                .unwrap_or("");
            let above = tail.get(i + 1).copied().unwrap_or("");
            found.unit = [before, above]
                .into_iter()
                .filter(|l| l.chars().count() <= 30 && !l.contains('。'))
                .find_map(|l| {
                    let named = named_body(l)?;
                    resolve_unit(&named, units).map(|u| (u.to_string(), named))
                });
            break;
        }
    }
    found
}

/// The year: from the title, else from the sign-off's date, else inferred from the text.
fn year(title: &str, signed: Option<NaiveDate>, kind: &str, body: &[&str]) -> Option<Found<i32>> {
    if let Some(&year) = chinese_numerals::years(title).first() {
        return Some(Found::new(year, From::Title));
    }
    if let Some(date) = signed {
        let written = date.format("%Y年%-m月%-d日").to_string();
        if date.month() == 12 && PLANNING.contains(&kind) {
            return Some(Found::new(date.year() + 1, From::SignOff).with(format!(
                "落款日期为{written}，年底制定的{kind}是为下一年，推断为{}年",
                date.year() + 1
            )));
        }
        return Some(Found::new(date.year(), From::SignOff).with(format!("落款日期为{written}")));
    }
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for year in body.iter().flat_map(|line| chinese_numerals::years(line)) {
        match counts.iter_mut().find(|(y, _)| *y == year) {
            Some((_, n)) => *n += 1,
            None => counts.push((year, 1)),
        }
    }
    if let Some((year, times)) = counts.into_iter().max_by_key(|&(y, n)| (n, y)) {
        return Some(Found::new(year, From::Text).with(format!(
            "标题和落款中没有年份；正文中最常提到的年份是{year}年（{times}次），推断为{year}年"
        )));
    }
    let (event, held) = super::eras::latest(&body.join("\n"))?;
    let year = held + 1;
    Some(Found::new(year, From::Text).with(format!(
        "文中没有年份；文中要求学习贯彻的最近一次会议是“{event}”（{held}年召开），推断为{year}年，依据较弱"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::Block;

    /// The key the catalogues choose words by is the one JSON gives.
    #[test]
    fn every_source_has_its_json_key() {
        for from in [
            From::Option,
            From::TitleProperty,
            From::TitleStyle,
            From::Prominent,
            From::FirstLine,
            From::FileName,
            From::Title,
            From::SignOff,
            From::Text,
            From::Default,
        ] {
            assert_eq!(serde_json::to_value(from).unwrap(), from.key());
        }
    }

    use crate::import::unit::tests::UNITS;

    #[test]
    fn kinds_from_the_title() {
        for (title, kind) in [
            ("嘉兴市总工会2014年工会工作计划", Some("工作计划")),
            ("街道总工会2009年工作要点(重复稿)", Some("工作要点")),
            ("县总工会民主评议政风行风工作实施方案", Some("实施方案")),
            ("街道总工会2014年上半年工作总结", Some("工作总结")),
            ("2015年“安康杯”竞赛活动方案", Some("活动方案")),
            ("区总工会2016年年度计划", Some("工作计划")),
            ("关于召开会议的通知", None),
            // Only a note at the end, closed, is passed over.
            ("区总工会（2015年）工作计划", Some("工作计划")),
            (
                "街道总工会2014年工作总结（含2015年工作计划）",
                Some("工作总结"),
            ),
            ("（2015年工作计划）", Some("工作计划")),
            // Of two that end together, the longer: not 方案 (实施方案).
            ("活动方案", Some("活动方案")),
        ] {
            assert_eq!(kind_of(title), kind, "{title}");
        }
    }

    #[test]
    fn kinds_the_body_names() {
        let d = doc(&[
            "县总工会工作",
            "今年以来，我们做了很多工作，现总结如下：",
            "一、组建",
        ]);
        let got = infer(&d, UNITS, "x");
        assert_eq!(
            (got.kind.value.as_str(), got.kind.from),
            ("工作总结", From::Text)
        );
        assert_eq!(got.kind_in_text, None);
        let d = doc(&["县总工会工作计划", "今年以来，现总结如下：", "一、组建"]);
        let got = infer(&d, UNITS, "x");
        assert_eq!(got.kind.value, "工作计划");
        assert_eq!(
            got.kind_in_text,
            Some(("工作总结".into(), "总结如下".into()))
        );
    }

    /// The title of `d`, a file named `f`, and the paragraph it was.
    fn title_of(d: &Document) -> (Found<String>, Option<usize>) {
        title(d, &d.paras().collect::<Vec<_>>(), "f")
    }

    fn doc(lines: &[&str]) -> Document {
        Document {
            blocks: lines.iter().map(|l| Block::Para(Para::text(l))).collect(),
            ..Document::default()
        }
    }

    #[test]
    fn sign_off_in_chinese_numerals() {
        let d = doc(&[
            "工作计划",
            "一、任务",
            "做好工作。",
            "区总工会",
            "二〇一五年一月二十日",
        ]);
        let got = infer(&d, UNITS, "x");
        assert_eq!(got.title.value, "工作计划");
        assert_eq!(got.title_para, Some(0));
        assert_eq!(
            got.unit,
            Some(Found::new("区总工会".to_string(), From::SignOff))
        );
        let year = got.year.unwrap();
        assert_eq!((year.value, year.from), (2015, From::SignOff));
        assert_eq!(got.date, NaiveDate::from_ymd_opt(2015, 1, 20));
    }

    /// The sign-off is a short line: not a sentence, and of 30 characters at most.
    #[test]
    fn a_sentence_with_a_date_is_no_sign_off() {
        let d = doc(&[
            "工作计划",
            "一、任务",
            "请各单位报区总工会。",
            "2014年12月1日前完成登记。",
        ]);
        // (The unit comes from the text then, and says so.)
        let from_sign_off =
            |got: &Inferred| got.unit.as_ref().map(|u| u.from) == Some(From::SignOff);
        let got = infer(&d, UNITS, "x");
        assert_eq!(got.date, None);
        assert!(!from_sign_off(&got), "{:?}", got.unit);
        let d = doc(&["工作计划", "请各单位报区总工会。", "2015年1月20日"]);
        let got = infer(&d, UNITS, "x");
        assert_eq!(got.date, NaiveDate::from_ymd_opt(2015, 1, 20));
        assert!(!from_sign_off(&got), "{:?}", got.unit);
        for (line, date) in [
            (
                "浙江省嘉兴市南湖区新兴街道办事处区总工会二〇一五年一月二十日",
                NaiveDate::from_ymd_opt(2015, 1, 20),
            ),
            (
                "浙江省嘉兴市南湖区新兴街道办事处区总工会二〇一五年一月二十日印",
                None,
            ),
        ] {
            let got = infer(&doc(&["工作计划", "正文。", line]), UNITS, "x");
            assert_eq!(got.date, date, "{line}");
        }
    }

    #[test]
    fn a_plan_dated_december_is_for_the_next_year() {
        let d = doc(&["街道总工会工作计划", "正文。", "2014年12月25日"]);
        let year = infer(&d, UNITS, "x").year.unwrap();
        assert_eq!((year.value, year.from), (2015, From::SignOff));
        assert!(year.detail.unwrap().contains("下一年"));
    }

    #[test]
    fn the_year_most_named_in_the_text() {
        let d = doc(&[
            "社区工会工作总结",
            "2015年我们……2015年度……",
            "比2014年增长。",
        ]);
        let got = infer(&d, UNITS, "x");
        let year = got.year.unwrap();
        assert_eq!((year.value, year.from), (2015, From::Text));
        assert!(year.detail.unwrap().contains("2次"));
        assert_eq!(got.date, None);
        let d = doc(&["社区工会工作总结", "比2014年增长。", "2015年……2015年度……"]);
        let year = infer(&d, UNITS, "x").year.unwrap();
        assert_eq!(year.value, 2015);
        let none = infer(&doc(&["工作计划", "xx年的工作"]), UNITS, "x");
        let era = infer(
            &doc(&[
                "工作计划",
                "学习十八届三中全会精神，区总工会要求",
                "区总工会",
            ]),
            UNITS,
            "x",
        );
        let year = era.year.unwrap();
        assert_eq!((year.value, year.from), (2014, From::Text));
        assert!(year.detail.unwrap().contains("十八届三中全会"));
        let unit = era.unit.unwrap();
        assert_eq!((unit.value.as_str(), unit.from), ("区总工会", From::Text));
        assert_eq!(none.year, None);
        assert_eq!(none.unit, None);
    }

    #[test]
    fn titles_in_order_of_trust() {
        let mut d = doc(&["", "正文第一段比较长，不像标题。", "正文"]);
        d.title_property = Some("区总工会2016年工作计划".into());
        let (t, i) = title_of(&d);
        assert_eq!(
            (t.value.as_str(), t.from, i),
            ("区总工会2016年工作计划", From::TitleProperty, None)
        );
        let mut d = doc(&["前言", "大标题", "正文"]);
        if let Block::Para(p) = &mut d.blocks[1] {
            p.large = true;
        }
        let (t, i) = title_of(&d);
        assert_eq!(
            (t.value.as_str(), t.from, i),
            ("大标题", From::Prominent, Some(1))
        );
        // Bold, or centred, alone is prominent.
        for mark in [
            |p: &mut Para| p.bold = true,
            |p: &mut Para| p.centered = true,
        ] {
            let mut d = doc(&["前言", "大标题", "正文"]);
            if let Block::Para(p) = &mut d.blocks[1] {
                mark(p);
            }
            let (t, _) = title_of(&d);
            assert_eq!((t.value.as_str(), t.from), ("大标题", From::Prominent));
        }
        // Else the first line, up to twice a title's length; else the file's name.
        for (chars, from) in [
            (TITLE_MAX * 2, From::FirstLine),
            (TITLE_MAX * 2 + 1, From::FileName),
        ] {
            let d = doc(&[&"长".repeat(chars), "正文"]);
            let (t, _) = title_of(&d);
            assert_eq!(t.from, from, "{chars}");
        }
    }
}
