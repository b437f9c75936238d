//! Reading the front matter's fields into typed values.
//!
//! Fields are checked one by one rather than through one `serde` struct, so that a file with
//! a missing title *and* a badly typed year gets both messages, each on its own line.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

mod fields;

use super::front_matter::Split;
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::slips::{self, Mended};
use crate::yaml::{self, YamlError};
use fields::Fields;

pub const DEFAULT_KIND: &str = "工作计划";
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// How typing slips are mended in front matter: `year` and `date` hold digits, `tags` a list.
pub const SLIP_KEYS: slips::Keys = slips::Keys {
    known: fields::KNOWN_KEYS,
    numeric: &["year", "date"],
    lists: &["tags"],
};

/// The front matter of one plan, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(with = "yaml_text")]
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
            let d =
                Diagnostic::error(codes::FRONT_MATTER_NOT_A_MAPPING, path).at(split.yaml_line, 1);
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
            return Diagnostic::error(codes::FRONT_MATTER_YAML, path)
                .arg("error", yaml::reason(&message))
                .at(split.yaml_line + line - 1, mended.original_col(line, col));
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
        Some(i) => {
            Diagnostic::error(codes::FRONT_MATTER_SECOND_DOCUMENT, path).at(split.yaml_line + i, 1)
        }
        None => Diagnostic::error(codes::FRONT_MATTER_YAML, path)
            .arg("error", yaml::reason(&message))
            .at(split.yaml_line, 1)
            .help_from("help-whole"),
    }
}

/// Keys the tool does not know, kept in the cache as the YAML they were read from: the cache's
/// binary format cannot hold a value whose type only the value itself says.
mod yaml_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use serde_yaml::Mapping;

    pub fn serialize<S: Serializer>(extra: &Mapping, to: S) -> Result<S::Ok, S::Error> {
        match extra.is_empty() {
            true => to.serialize_str(""),
            false => {
                to.serialize_str(&serde_yaml::to_string(extra).map_err(serde::ser::Error::custom)?)
            }
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Mapping, D::Error> {
        let text = String::deserialize(from)?;
        match text.is_empty() {
            true => Ok(Mapping::new()),
            false => serde_yaml::from_str(&text).map_err(D::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::split;

    pub(super) fn parse_str(text: &str) -> (Option<Meta>, Vec<Diagnostic>) {
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

    /// Lines and messages as the tests write them.
    pub(super) fn owned<const N: usize>(pairs: [(usize, &str); N]) -> Vec<(usize, String)> {
        pairs
            .map(|(line, message)| (line, message.to_string()))
            .to_vec()
    }

    pub(super) fn lines_and_messages(problems: &[Diagnostic]) -> Vec<(usize, String)> {
        problems
            .iter()
            .map(|d| (d.line.unwrap(), d.english()))
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
            owned([
                (2, "missing `title`"),
                (2, "`unit` must be text, found a list"),
                (
                    3,
                    "`year` must be a whole number like 2015, found the text `2015年`"
                ),
                (5, "`tags` must be a list, found the text `帮扶`"),
                (4, "`draft` must be true or false, found the text `yes`"),
            ])
        );
    }

    #[test]
    fn broken_yaml_points_into_the_file() {
        let (_, problems) = parse_str("---\ntitle: t\nunit: u: v\n---\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[0]
                .english()
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
            assert_eq!(
                problems[0].english(),
                "this line is indented with a tab; YAML allows only spaces there"
            );
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
            problems[0].english().contains("another document"),
            "{}",
            problems[0].english()
        );
    }

    /// `broken_yaml_points_into_the_file` and `a_second_document_marker_is_named_with_its_line`
    /// have their faults on the second line of the front matter, from line 2, the one line
    /// where adding the front matter's first line and multiplying by it agree.
    #[test]
    fn a_yaml_error_or_a_second_document_lower_down_is_reported_on_its_own_line() {
        let (_, problems) = parse_str("---\ntitle: t\nyear: 2015\nunit: u: v\n---\n");
        assert_eq!(problems[0].line, Some(4), "{problems:?}");
        let (_, problems) = parse_str("---\ntitle: t\nunit: u\nyear: 2015\n--- 修订稿\n---\n");
        assert_eq!(problems[0].line, Some(5), "{problems:?}");
    }
}
