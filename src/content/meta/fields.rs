//! Each field of the front matter read and checked on its own, so that every problem with
//! one plan's fields is reported at once, on the line of its key.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_yaml::{Mapping, Value};

use super::{DEFAULT_KIND, Meta, YEARS};
use crate::diagnostics::{Code, Diagnostic, Problems, closest, codes};

pub(super) const KNOWN_KEYS: &[&str] = &[
    "title", "unit", "year", "date", "kind", "tags", "summary", "draft", "slug", "author",
];

/// The front matter's fields being read, and where their problems go.
pub(super) struct Fields<'a> {
    pub(super) path: &'a Path,
    pub(super) yaml: &'a str,
    pub(super) first_line: usize,
    pub(super) problems: &'a mut Problems,
}

impl Fields<'_> {
    pub(super) fn read(&mut self, map: &Mapping) -> Option<Meta> {
        let mut extra = Mapping::new();
        for (key, value) in map {
            let Some(name) = key.as_str() else {
                let shown = show(key);
                let d = Diagnostic::error(codes::PLAN_KEY_NOT_A_WORD, self.path)
                    .at(self.line_of(&shown), 1)
                    .arg("key", shown);
                self.problems.push(d);
                continue;
            };
            if KNOWN_KEYS.contains(&name) {
                continue;
            }
            if let Some(likely) = closest(name, KNOWN_KEYS.iter().copied()) {
                let d = Diagnostic::warning(codes::PLAN_KEY_UNKNOWN, self.path)
                    .arg("key", name)
                    .arg("likely", likely)
                    .at(self.line_of(name), 1);
                self.problems.push(d);
            }
            extra.insert(key.clone(), value.clone());
        }

        let title = self.required_text(
            map,
            "title",
            [codes::PLAN_TITLE_MISSING, codes::PLAN_TITLE_EMPTY],
        );
        let unit = self.required_text(
            map,
            "unit",
            [codes::PLAN_UNIT_MISSING, codes::PLAN_UNIT_EMPTY],
        );
        let date = self.date(map);
        let year = self.year(map, date);
        let kind = self
            .optional_text(map, "kind")
            .unwrap_or_else(|| DEFAULT_KIND.to_string());
        let tags = self.tags(map);
        let summary = self.optional_text(map, "summary");
        let draft = self.draft(map);
        let slug = self.optional_text(map, "slug");
        let author = self.optional_text(map, "author");
        let key_lines = map
            .keys()
            .filter_map(Value::as_str)
            .map(|key| (key.to_string(), self.line_of(key)))
            .collect();
        Some(Meta {
            title: title?,
            unit: unit?,
            year: year?,
            date,
            kind,
            tags,
            summary,
            draft,
            slug,
            author,
            extra,
            key_lines,
        })
    }

    /// Where `key:` starts a line of the front matter, as a line of the file.
    fn line_of(&self, key: &str) -> usize {
        let quoted = format!("\"{key}\"");
        self.yaml
            .lines()
            .position(|line| {
                line.strip_prefix(key)
                    .or_else(|| line.strip_prefix(&quoted))
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or(self.first_line, |i| self.first_line + i)
    }

    /// An error of `code` on the line of `key`, with `value` as what was found there.
    fn error(&mut self, code: Code, key: &str, value: Option<&Value>) {
        let mut d = Diagnostic::error(code, self.path).at(self.line_of(key), 1);
        if let Some(value) = value {
            d = found(d, value);
        }
        self.problems.push(d);
    }

    /// The text of `key`; when it is missing or empty, an error of the first or second code.
    fn required_text(
        &mut self,
        map: &Mapping,
        key: &str,
        [missing, empty]: [Code; 2],
    ) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => {
                let d = Diagnostic::error(missing, self.path).at(self.first_line, 1);
                self.problems.push(d);
                None
            }
            Some(value) => {
                let text = self.text(key, value)?;
                if text.trim().is_empty() {
                    self.error(empty, key, None);
                    return None;
                }
                Some(text)
            }
        }
    }

    fn optional_text(&mut self, map: &Mapping, key: &str) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => self.text(key, value).filter(|t| !t.trim().is_empty()),
        }
    }

    /// Text, or a number (a title like `2015` is still text to the reader).
    fn text(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                let d = Diagnostic::error(codes::PLAN_FIELD_NOT_TEXT, self.path)
                    .arg("key", key)
                    .at(self.line_of(key), 1);
                self.problems.push(found(d, other));
                None
            }
        }
    }

    fn date(&mut self, map: &Mapping) -> Option<NaiveDate> {
        let value = map.get("date")?;
        let text = match value {
            Value::Null => return None,
            Value::String(s) => s.trim().to_string(),
            other => show(other),
        };
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) if YEARS.contains(&date.year()) => Some(date),
            Ok(_) => {
                let d = Diagnostic::error(codes::PLAN_DATE_OUT_OF_RANGE, self.path)
                    .arg("first", *YEARS.start())
                    .arg("last", *YEARS.end())
                    .arg("found", text.as_str())
                    .at(self.line_of("date"), 1);
                self.problems.push(d);
                None
            }
            Err(_) => {
                let d = Diagnostic::error(codes::PLAN_DATE_NOT_A_DATE, self.path)
                    .arg("found", text.as_str())
                    .at(self.line_of("date"), 1);
                self.problems.push(d);
                None
            }
        }
    }

    fn year(&mut self, map: &Mapping, date: Option<NaiveDate>) -> Option<i32> {
        let year = match map.get("year") {
            None | Some(Value::Null) => {
                match date {
                    Some(date) => return Some(date.year()),
                    // A date was written and is wrong: that error was reported already.
                    None if map.get("date").is_some_and(|v| !v.is_null()) => return None,
                    None => {
                        let d = Diagnostic::error(codes::PLAN_YEAR_MISSING, self.path)
                            .at(self.first_line, 1);
                        self.problems.push(d);
                        return None;
                    }
                }
            }
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s))
                if !s.is_empty() && s.trim().chars().all(|c| c.is_ascii_digit()) =>
            {
                s.trim().parse().ok()
            }
            Some(other) => {
                self.error(codes::PLAN_YEAR_NOT_A_NUMBER, "year", Some(other));
                return None;
            }
        };
        match year
            .and_then(|y| i32::try_from(y).ok())
            .filter(|y| YEARS.contains(y))
        {
            Some(year) => {
                if let Some(date) = date.filter(|d| d.year() != year) {
                    let d = Diagnostic::warning(codes::PLAN_YEAR_NOT_THE_DATES, self.path)
                        .arg("year", year)
                        .arg("date-year", date.year())
                        .at(self.line_of("year"), 1);
                    self.problems.push(d);
                }
                Some(year)
            }
            None => {
                let d = Diagnostic::error(codes::PLAN_YEAR_OUT_OF_RANGE, self.path)
                    .arg("first", *YEARS.start())
                    .arg("last", *YEARS.end())
                    .at(self.line_of("year"), 1);
                self.problems.push(d);
                None
            }
        }
    }

    fn tags(&mut self, map: &Mapping) -> Vec<String> {
        match map.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut tags: Vec<String> = Vec::new();
                for item in items {
                    let tag = match item {
                        Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
                        Value::Number(n) => n.to_string(),
                        other => {
                            self.error(codes::PLAN_TAGS_NOT_A_WORD, "tags", Some(other));
                            continue;
                        }
                    };
                    // A tag written twice (`[1, 1]`, `[帮扶, "帮扶"]`) would list the plan twice.
                    if !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
                tags
            }
            Some(other) => {
                self.error(codes::PLAN_TAGS_NOT_A_LIST, "tags", Some(other));
                Vec::new()
            }
        }
    }

    fn draft(&mut self, map: &Mapping) -> bool {
        match map.get("draft") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(codes::PLAN_DRAFT_NOT_A_BOOL, "draft", Some(other));
                // Unreadable means "not known to be ready": never publish by accident.
                true
            }
        }
    }
}

fn show(value: &Value) -> String {
    serde_yaml::to_string(value)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// `d` with what was found instead of the value it wants: its kind (`found-kind`, which the
/// catalogues put into words) and, where it has one, what it says (`found`).
fn found(d: Diagnostic, value: &Value) -> Diagnostic {
    let (kind, found) = match value {
        Value::Null => ("nothing", String::new()),
        Value::Bool(b) => ("bool", b.to_string()),
        Value::Number(n) => ("number", n.to_string()),
        Value::String(s) => ("text", s.clone()),
        Value::Sequence(_) => ("list", String::new()),
        Value::Mapping(_) => ("mapping", String::new()),
        Value::Tagged(t) => ("tagged", t.tag.to_string()),
    };
    d.arg("found-kind", kind).arg("found", found)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{lines_and_messages, owned, parse_str};

    /// A year written as quoted digits is a year; a blank tag is an error, not a tag.
    #[test]
    fn a_quoted_year_is_a_year_and_a_blank_tag_is_no_tag() {
        let (meta, problems) = parse_str("---\ntitle: t\nunit: u\nyear: \" 2015 \"\n---\n");
        assert_eq!(meta.map(|meta| meta.year), Some(2015), "{problems:?}");
        let (_, problems) =
            parse_str("---\ntitle: t\nunit: u\nyear: 2015\ntags: [帮扶, \" \"]\n---\n");
        assert_eq!(
            lines_and_messages(&problems),
            owned([(5, "each tag must be a word, found the text ` `")])
        );
    }

    /// A key or a date that YAML reads as other than text is named as it was written, on its
    /// line.
    #[test]
    fn a_date_or_a_key_that_is_not_text_is_named_as_written() {
        let (_, problems) =
            parse_str("---\ntitle: t\nunit: u\nyear: 2015\ndate: 20150301\n2016: x\n---\n");
        assert_eq!(
            lines_and_messages(&problems),
            owned([
                (6, "a front-matter key must be a word, found `2016`"),
                (
                    5,
                    "`date` must be a date written YYYY-MM-DD, found `20150301`"
                )
            ])
        );
    }

    #[test]
    fn misspelled_keys_are_named() {
        let (meta, problems) =
            parse_str("---\ntitle: t\nunit: u\nyaer: 2015\nyear: 2015\ntitel: x\n---\n");
        assert!(meta.is_some());
        let found = lines_and_messages(&problems);
        assert_eq!(
            found,
            owned([
                (4, "unknown key `yaer`; did you mean `year`?"),
                (6, "unknown key `titel`; did you mean `title`?")
            ])
        );
    }

    #[test]
    fn misspelled_required_key_gives_both_messages() {
        let (_, problems) = parse_str("---\ntitle: t\nunit: u\nyaer: 2015\n---\n");
        let messages: Vec<String> = problems.iter().map(|d| d.english()).collect();
        let messages: Vec<&str> = messages.iter().map(String::as_str).collect();
        assert!(
            messages.contains(&"unknown key `yaer`; did you mean `year`?"),
            "{messages:?}"
        );
        assert!(messages.contains(&"missing `year`"));
    }

    #[test]
    fn an_empty_date_without_a_year_is_a_missing_year() {
        // The plan was dropped with no message at all (found by fuzzing).
        for date in ["", " ~", " null"] {
            let (meta, problems) =
                parse_str(&format!("---\ntitle: t\nunit: u\ndate:{date}\n---\n"));
            assert!(meta.is_none());
            assert_eq!(problems.len(), 1, "{date:?}: {problems:?}");
            assert_eq!(problems[0].english(), "missing `year`");
        }
        let (meta, problems) = parse_str("---\ntitle: t\nunit: u\nyear: 2015\ndate:\n---\n");
        assert_eq!(
            meta.map(|m| (m.year, m.date)),
            Some((2015, None)),
            "{problems:?}"
        );
    }

    #[test]
    fn a_date_outside_the_years_is_an_error() {
        // The year taken from a date skipped the range check (found writing the fuzz checks).
        for date in ["1000-01-01", "-0005-01-01", "9999-12-31"] {
            let (meta, problems) =
                parse_str(&format!("---\ntitle: t\nunit: u\ndate: {date}\n---\n"));
            assert!(meta.is_none(), "{date}");
            let found = lines_and_messages(&problems);
            assert_eq!(
                found,
                owned([(
                    4,
                    format!("`date` must be in the years 1900 to 2100, found `{date}`").as_str()
                )])
            );
        }
    }

    #[test]
    fn repeated_number_tags_count_once() {
        // Numbers were not checked for repeats as text was (found writing the fuzz checks).
        let (meta, _) =
            parse_str("---\ntitle: t\nunit: u\nyear: 2015\ntags: [1, 1, \"1\", 帮扶]\n---\n");
        assert_eq!(meta.unwrap().tags, ["1", "帮扶"]);
    }

    #[test]
    fn year_range_and_date_disagreement() {
        let (_, problems) = parse_str("---\ntitle: t\nunit: u\nyear: 20015\n---\n");
        assert_eq!(
            problems[0].english(),
            "`year` must be between 1900 and 2100"
        );
        let (meta, problems) =
            parse_str("---\ntitle: t\nunit: u\nyear: 2015\ndate: 2014-12-01\n---\n");
        assert_eq!(meta.unwrap().year, 2015);
        assert_eq!(problems[0].severity, crate::diagnostics::Severity::Warning);
    }
}
