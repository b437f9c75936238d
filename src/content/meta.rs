//! Reading the front matter's fields into typed values.
//!
//! Fields are checked one by one rather than through one `serde` struct, so that a file with
//! a missing title *and* a badly typed year gets both messages, each on its own line.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_yaml::{Mapping, Value};

use super::front_matter::Split;
use crate::diagnostics::{Diagnostic, Problems, closest};
use crate::slips::{self, Mended};
use crate::text::visible;
use crate::yaml::{self, YamlError};

pub const DEFAULT_KIND: &str = "工作计划";
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

const KNOWN_KEYS: &[&str] = &[
    "title", "unit", "year", "date", "kind", "tags", "summary", "draft", "slug", "author",
];

/// How typing slips are mended in front matter: `year` and `date` hold digits, `tags` a list.
pub const SLIP_KEYS: slips::Keys = slips::Keys {
    known: KNOWN_KEYS,
    numeric: &["year", "date"],
    lists: &["tags"],
};

/// The front matter of one plan, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub unit: String,
    pub year: i32,
    pub date: Option<NaiveDate>,
    pub kind: String,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub author: Option<String>,
    /// Keys the tool does not know, in file order, for templates.
    pub extra: Mapping,
    /// The line of the file each key is on, for messages from later stages.
    pub key_lines: Vec<(String, usize)>,
}

impl Meta {
    /// The line `key:` is on, or the first line of the front matter when it is absent.
    pub fn line(&self, key: &str) -> usize {
        let found = self.key_lines.iter().find(|(k, _)| k == key);
        found
            .or(self.key_lines.first())
            .map_or(1, |(_, line)| *line)
    }
}

/// Reads the fields, adding every finding to `problems`; the meta when no error was found.
pub fn parse(path: &Path, split: &Split, problems: &mut Problems) -> Option<Meta> {
    let mended = slips::mend(split.yaml, SLIP_KEYS);
    if !slips::report(path, split.yaml_line, &mended, SLIP_KEYS, problems) {
        return None;
    }
    // The front matter as the editor meant it; its lines are the lines of the original.
    let split = &Split {
        yaml: &mended.text,
        ..*split
    };
    let map = match serde_yaml::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(map)) => map,
        Ok(Value::Null) => Mapping::new(),
        Ok(_) => {
            let d = Diagnostic::error(path, "the front matter is not a list of `key: value` lines")
                .at(split.yaml_line, 1)
                .hint("write one field per line, e.g. `title: 2015年工会工作计划`");
            problems.push(d);
            return None;
        }
        Err(err) => {
            problems.push(yaml_error(path, split, &mended, &err));
            return None;
        }
    };
    let before = problems.len();
    let mut fields = Fields {
        path,
        yaml: split.yaml,
        first_line: split.yaml_line,
        problems,
    };
    let meta = fields.read(&map);
    let has_error = problems.iter().skip(before).any(Diagnostic::is_error);
    meta.filter(|_| !has_error)
}

fn yaml_error(path: &Path, split: &Split, mended: &Mended, err: &serde_yaml::Error) -> Diagnostic {
    // Lines of the YAML text counted from 1 are lines of the file counted from `yaml_line`;
    // columns are placed in the line as the editor typed it.
    let message = match yaml::explain(split.yaml, err) {
        YamlError::Tab { line, col } => {
            let col = mended.original_col(line, col);
            return yaml::tab_diagnostic(path, split.yaml_line + line - 1, col);
        }
        YamlError::Invalid {
            message,
            at: Some((line, col)),
        } => {
            return Diagnostic::error(
                path,
                format!("the front matter is not valid YAML: {message}"),
            )
            .at(split.yaml_line + line - 1, mended.original_col(line, col))
            .hint("check this line: a value with `: ` or starting with a special character needs quotes, e.g. title: \"通知: 安排\"");
        }
        YamlError::Invalid { message, at: None } => message,
    };
    // The parser gives no place when the text holds a second YAML document: a line such as
    // `--- 修订稿` starts one, though only a line of exactly `---` ends the front matter.
    let marker = split.yaml.lines().position(|line| {
        ["---", "..."].iter().any(|m| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.starts_with([' ', '\t']))
        })
    });
    match marker {
        Some(i) => Diagnostic::error(path, "a line starting with `---` or `...` inside the front matter is read as the start of another document")
            .at(split.yaml_line + i, 1)
            .hint("the front matter ends at a line of exactly `---`; remove what follows the dashes, or move this line below the front matter"),
        None => Diagnostic::error(
            path,
            format!("the front matter is not valid YAML: {message}"),
        )
        .at(split.yaml_line, 1)
        .hint("check the front matter: every line is `key: value`, and a value with `: ` needs quotes"),
    }
}

struct Fields<'a> {
    path: &'a Path,
    yaml: &'a str,
    first_line: usize,
    problems: &'a mut Problems,
}

impl Fields<'_> {
    fn read(&mut self, map: &Mapping) -> Option<Meta> {
        let mut extra = Mapping::new();
        for (key, value) in map {
            let Some(name) = key.as_str() else {
                self.error_at_start(format!(
                    "a front-matter key must be a word, found `{}`",
                    show(key)
                ));
                continue;
            };
            if KNOWN_KEYS.contains(&name) {
                continue;
            }
            if let Some(likely) = closest(name, KNOWN_KEYS.iter().copied()) {
                let d = Diagnostic::warning(self.path, format!("unknown key `{name}`; did you mean `{likely}`?"))
                    .at(self.line_of(name), 1)
                    .hint(format!("rename it to `{likely}`; as written it is only passed to templates as `extra.{name}`"));
                self.problems.push(d);
            }
            extra.insert(key.clone(), value.clone());
        }

        let title = self.required_text(map, "title", "title: 2015年工会工作计划");
        let unit = self.required_text(map, "unit", "unit: 区总工会");
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

    fn error(&mut self, key: &str, message: String, hint: impl Into<String>) {
        let d = Diagnostic::error(self.path, message)
            .at(self.line_of(key), 1)
            .hint(hint);
        self.problems.push(d);
    }

    fn error_at_start(&mut self, message: String) {
        self.problems
            .push(Diagnostic::error(self.path, message).at(self.first_line, 1));
    }

    fn required_text(&mut self, map: &Mapping, key: &str, example: &str) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => {
                let d = Diagnostic::error(self.path, format!("missing `{key}`"))
                    .at(self.first_line, 1)
                    .hint(format!("add a line `{example}` to the front matter"));
                self.problems.push(d);
                None
            }
            Some(value) => {
                let text = self.text(key, value)?;
                if text.trim().is_empty() {
                    self.error(
                        key,
                        format!("`{key}` is empty"),
                        format!("write it like `{example}`"),
                    );
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
                self.error(
                    key,
                    format!("`{key}` must be text, found {}", describe(other)),
                    format!("write it on one line after `{key}: `; put quotes around it if it starts with [, {{, - or *"),
                );
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
                self.error(
                    "date",
                    format!(
                        "`date` must be in the years {} to {}, found `{}`",
                        YEARS.start(),
                        YEARS.end(),
                        visible(&text)
                    ),
                    "check the year of the date, e.g. `date: 2015-03-01`",
                );
                None
            }
            Err(_) => {
                self.error(
                    "date",
                    format!(
                        "`date` must be a date written YYYY-MM-DD, found `{}`",
                        visible(&text)
                    ),
                    "e.g. `date: 2015-03-01`",
                );
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
                        let d = Diagnostic::error(self.path, "missing `year`")
                        .at(self.first_line, 1)
                        .hint("add a line `year: 2015` (or a `date: 2015-03-01`) to the front matter");
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
                self.error(
                    "year",
                    format!(
                        "`year` must be a whole number like 2015, found {}",
                        describe(other)
                    ),
                    "write only the digits: `year: 2015` (not 2015年, not xx年)",
                );
                return None;
            }
        };
        match year
            .and_then(|y| i32::try_from(y).ok())
            .filter(|y| YEARS.contains(y))
        {
            Some(year) => {
                if let Some(date) = date.filter(|d| d.year() != year) {
                    let d = Diagnostic::warning(
                        self.path,
                        format!("`year` is {year} but `date` is in {}", date.year()),
                    )
                    .at(self.line_of("year"), 1)
                    .hint("correct whichever is wrong; the plan is filed under `year`");
                    self.problems.push(d);
                }
                Some(year)
            }
            None => {
                self.error(
                    "year",
                    format!(
                        "`year` must be between {} and {}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                    "write the four digits of the year, e.g. `year: 2015`",
                );
                None
            }
        }
    }

    fn tags(&mut self, map: &Mapping) -> Vec<String> {
        let hint = "write the tags as a list: `tags: [困难帮扶, 女职工]`";
        match map.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut tags: Vec<String> = Vec::new();
                for item in items {
                    let tag = match item {
                        Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
                        Value::Number(n) => n.to_string(),
                        other => {
                            self.error(
                                "tags",
                                format!("each tag must be a word, found {}", describe(other)),
                                hint,
                            );
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
                self.error(
                    "tags",
                    format!("`tags` must be a list, found {}", describe(other)),
                    hint,
                );
                Vec::new()
            }
        }
    }

    fn draft(&mut self, map: &Mapping) -> bool {
        match map.get("draft") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    "draft",
                    format!("`draft` must be true or false, found {}", describe(other)),
                    "write `draft: true` while the plan is not ready, `draft: false` (or no line) to publish it",
                );
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

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}` (true/false)"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", visible(s)),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a group of `key: value` lines".into(),
        Value::Tagged(t) => format!("a tagged value `{}`", t.tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::split;

    fn parse_str(text: &str) -> (Option<Meta>, Vec<Diagnostic>) {
        let mut problems = Problems::new();
        let path = Path::new("content/plans/a.md");
        let split = split(path, text, &mut problems).expect("front matter");
        let meta = parse(path, &split, &mut problems);
        (meta, problems.into_iter().collect())
    }

    #[test]
    fn reads_every_field() {
        let (meta, problems) = parse_str(
            "---\ntitle: 2015年工作计划\nunit: 区总工会\nyear: 2015\ndate: 2015-01-20\nkind: 工作要点\ntags: [女职工, 困难帮扶, 女职工]\nsummary: 摘要\ndraft: false\nslug: plan-2015\nauthor: 办公室\nyear_inferred: true\n---\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let meta = meta.unwrap();
        assert_eq!(meta.title, "2015年工作计划");
        assert_eq!(meta.year, 2015);
        assert_eq!(meta.date, NaiveDate::from_ymd_opt(2015, 1, 20));
        assert_eq!(meta.tags, ["女职工", "困难帮扶"]);
        assert_eq!(meta.extra.get("year_inferred"), Some(&Value::Bool(true)));
    }

    #[test]
    fn defaults() {
        let (meta, problems) = parse_str("---\ntitle: t\nunit: u\ndate: 2014-06-30\n---\n");
        assert!(problems.is_empty());
        let meta = meta.unwrap();
        assert_eq!(meta.year, 2014);
        assert_eq!(meta.kind, DEFAULT_KIND);
        assert!(!meta.draft);
    }

    fn lines_and_messages(problems: &[Diagnostic]) -> Vec<(usize, &str)> {
        problems
            .iter()
            .map(|d| (d.line.unwrap(), d.message.as_str()))
            .collect()
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let (meta, problems) =
            parse_str("---\nunit: [a, b]\nyear: 2015年\ndraft: yes\ntags: 帮扶\n---\n");
        assert!(meta.is_none());
        let found = lines_and_messages(&problems);
        assert_eq!(
            found,
            [
                (2, "missing `title`"),
                (2, "`unit` must be text, found a list"),
                (
                    3,
                    "`year` must be a whole number like 2015, found the text `2015年`"
                ),
                (5, "`tags` must be a list, found the text `帮扶`"),
                (4, "`draft` must be true or false, found the text `yes`"),
            ]
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
            [
                (4, "unknown key `yaer`; did you mean `year`?"),
                (6, "unknown key `titel`; did you mean `title`?")
            ]
        );
    }

    #[test]
    fn misspelled_required_key_gives_both_messages() {
        let (_, problems) = parse_str("---\ntitle: t\nunit: u\nyaer: 2015\n---\n");
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"unknown key `yaer`; did you mean `year`?"),
            "{messages:?}"
        );
        assert!(messages.contains(&"missing `year`"));
    }

    #[test]
    fn broken_yaml_points_into_the_file() {
        let (_, problems) = parse_str("---\ntitle: t\nunit: u: v\n---\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[0]
                .message
                .starts_with("the front matter is not valid YAML")
        );
    }

    #[test]
    fn tabs_in_indentation_are_named() {
        for (text, line, col) in [
            (
                "---\ntitle: t\nunit: u\nyear: 2015\ntags:\n\t- a\n---\n",
                6,
                1,
            ),
            (
                "---\ntitle: t\nunit: u\nyear: 2015\nsummary: |\n  \tx\n---\n",
                6,
                3,
            ),
            ("---\n\ttitle: t\n---\n", 2, 1),
        ] {
            let (_, problems) = parse_str(text);
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].message, yaml::TAB_MESSAGE);
            assert_eq!((problems[0].line, problems[0].col), (Some(line), Some(col)));
        }
        // A tab between a key and its value is fine.
        let (meta, problems) = parse_str("---\ntitle:\tt\nunit: u\nyear: 2015\n---\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(meta.unwrap().title, "t");
    }

    #[test]
    fn a_second_document_marker_is_named_with_its_line() {
        // Found by fuzzing: the message had no line and blamed quoting.
        let (_, problems) = parse_str("---\ntitle: t\nunit: u\n--- 修订稿\nyear: 2015\n---\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(4));
        assert!(
            problems[0].message.contains("another document"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn an_empty_date_without_a_year_is_a_missing_year() {
        // The plan was dropped with no message at all (found by fuzzing).
        for date in ["", " ~", " null"] {
            let (meta, problems) =
                parse_str(&format!("---\ntitle: t\nunit: u\ndate:{date}\n---\n"));
            assert!(meta.is_none());
            assert_eq!(problems.len(), 1, "{date:?}: {problems:?}");
            assert_eq!(problems[0].message, "missing `year`");
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
                [(
                    4,
                    format!("`date` must be in the years 1900 to 2100, found `{date}`").as_str()
                )]
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
        assert_eq!(problems[0].message, "`year` must be between 1900 and 2100");
        let (meta, problems) =
            parse_str("---\ntitle: t\nunit: u\nyear: 2015\ndate: 2014-12-01\n---\n");
        assert_eq!(meta.unwrap().year, 2015);
        assert_eq!(problems[0].severity, crate::diagnostics::Severity::Warning);
    }
}
