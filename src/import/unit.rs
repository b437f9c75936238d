//! The issuing unit: as the title names it (before the year), matched against the units
//! `site.yaml` declares, exactly or by the closest name; or the declared unit the body names
//! most often, as a last resort.

use super::chinese_numerals;
use super::infer::{Found, From};

/// Names of issuing bodies end with one of these.
const BODIES: &[&str] = &["工会", "协会", "学会", "委员会", "工委", "工作站", "联合会"];

/// The issuing body as the title names it: what stands before the year, else up to the last
/// name of a body before the kind; with the declared unit it matches.
pub fn unit_of_title(title: &str, units: &[&str]) -> Option<(String, String)> {
    let named = named_body(title)?;
    resolve_unit(&named, units).map(|unit| (unit.to_string(), named))
}

pub fn named_body(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    // A template's year may stand as `20xx年`, `xxxx年` or `xx年`; `15年` is no year here.
    let yearish = |c: char| chinese_numerals::digit(c).is_some() || matches!(c, 'x' | 'X');
    let year_at = |i: usize, len: usize| {
        let digits = chars.get(i..i + len);
        digits.is_some_and(|digits| digits.iter().all(|&c| yearish(c)))
            && chars.get(i + len) == Some(&'年')
    };
    let year = (0..chars.len()).find_map(|i| {
        if year_at(i, 4) {
            Some((i, 4))
        } else {
            (year_at(i, 2) && matches!(chars[i], 'x' | 'X')).then_some((i, 2))
        }
    });
    let before: String = chars[..year.map_or(0, |(i, _)| i)].iter().collect();
    let named = match year {
        Some(_) if !before.trim().is_empty() => before,
        _ => {
            // After a year that opens the text: `2015年度区总工会工作计划`.
            let through_year = year.map_or(0, |(i, len)| i + len + 1);
            let start: usize = chars[..through_year].iter().map(|c| c.len_utf8()).sum();
            let start = match text[start..].starts_with('度') {
                true => start + '度'.len_utf8(),
                false => start,
            };
            let end = BODIES
                .iter()
                .filter_map(|body| text[start..].rfind(body).map(|at| start + at + body.len()))
                .max()?;
            text[start..end].to_string()
        }
    };
    let named = named
        .trim()
        .trim_end_matches(['：', ':'])
        .trim()
        .to_string();
    (!named.is_empty()).then_some(named)
}

/// The declared unit `named` is: the same name; else the longest declared name it contains
/// (`嘉兴市总工会` → 市总工会), also without 总 (`大庄镇工会` → 镇总工会); else the one name
/// `check` would suggest for it, if only one is that close.
pub fn resolve_unit<'a>(named: &str, units: &[&'a str]) -> Option<&'a str> {
    if let Some(exact) = units.iter().find(|u| **u == named) {
        return Some(exact);
    }
    let longest = |found: Vec<&'a str>| {
        found
            .into_iter()
            .max_by_key(|u| (u.len(), std::cmp::Reverse(*u)))
    };
    let contained: Vec<&str> = units
        .iter()
        .copied()
        .filter(|u| named.contains(u))
        .collect();
    if let Some(unit) = longest(contained) {
        return Some(unit);
    }
    let without_zong: Vec<&str> = units
        .iter()
        .copied()
        .filter(|u| u.contains("总工会") && named.contains(&u.replace("总工会", "工会")))
        .collect();
    if let Some(unit) = longest(without_zong) {
        return Some(unit);
    }
    let close = crate::diagnostics::closest(named, units.iter().copied())?;
    let distance = |u: &str| strsim::damerau_levenshtein(named, u);
    let ties = units
        .iter()
        .filter(|u| distance(u) == distance(close))
        .count();
    (ties == 1).then_some(close)
}

/// The declared unit the body names most often (`None` when two are named as often).
pub fn unit_in_text(body: &[&str], units: &[&str]) -> Option<Found<String>> {
    let text = body.join("\n");
    let mut counts: Vec<(usize, &str)> = units
        .iter()
        .map(|u| (text.matches(u).count(), *u))
        .filter(|(n, _)| *n > 0)
        .collect();
    counts.sort_by_key(|&(n, u)| (std::cmp::Reverse(n), u));
    match counts.as_slice() {
        [(n, unit), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => {
            Some(Found::new(unit.to_string(), From::Text).with(format!(
                "标题和落款中没有单位；正文中最常提到“{unit}”（{n}次）"
            )))
        }
        _ => None,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The units of the sample site, which the tests of reading a document match against.
    pub(in crate::import) const UNITS: &[&str] = &[
        "市总工会",
        "区总工会",
        "街道总工会",
        "社区工会",
        "县总工会",
        "镇总工会",
        "中国茶叶学会",
        "区计生协会",
    ];

    #[test]
    fn units_from_the_title() {
        for (title, unit) in [
            (
                "嘉兴市总工会2014年工会工作计划",
                Some(("市总工会", "嘉兴市总工会")),
            ),
            ("区总工会综治工作计划", Some(("区总工会", "区总工会"))),
            ("大庄镇工会2012年工作计划", Some(("镇总工会", "大庄镇工会"))),
            (
                "工业区社区工会(帮扶)工作站2013年度工作计划",
                Some(("社区工会", "工业区社区工会(帮扶)工作站")),
            ),
            (
                "中国茶叶学会年度工作总结",
                Some(("中国茶叶学会", "中国茶叶学会")),
            ),
            (
                "区计生协会2016年工作总结",
                Some(("区计生协会", "区计生协会")),
            ),
            ("总工会工作计划", None),
            ("2015年工作计划", None),
        ] {
            let got = unit_of_title(title, UNITS);
            assert_eq!(
                got.as_ref().map(|(u, n)| (u.as_str(), n.as_str())),
                unit,
                "{title}"
            );
        }
    }

    #[test]
    fn the_body_named_before_the_year() {
        for (text, named) in [
            ("区总工会xx年工作计划", Some("区总工会")),
            ("区总工会20xx年工作计划", Some("区总工会")),
            ("区总工会xxxx年工作计划", Some("区总工会")),
            ("区总工会2015", Some("区总工会")),
            ("2015年区总工会工作计划", Some("区总工会")),
            ("二〇一五年度区总工会工作计划", Some("区总工会")),
            ("xx年工作总结", None),
            ("xx年工作计划", None),
        ] {
            assert_eq!(named_body(text).as_deref(), named, "{text}");
        }
    }

    #[test]
    fn the_unit_the_body_names_most_often() {
        let unit = |body: &[&str], units: &[&str]| unit_in_text(body, units).map(|f| f.value);
        let body = ["按照市总工会的部署，", "区总工会配合，", "市总工会检查。"];
        assert_eq!(unit(&body, UNITS).as_deref(), Some("市总工会"));
        assert_eq!(unit(&body[..2], UNITS), None, "named as often");
        assert_eq!(unit(&["做好工作。"], &["市总工会"]), None, "not named");
    }

    #[test]
    fn a_close_name_is_taken_only_when_it_is_the_only_one() {
        assert_eq!(resolve_unit("市总公会", UNITS), Some("市总工会"));
        assert_eq!(resolve_unit("总工会", UNITS), None);
    }
}
