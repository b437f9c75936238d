//! Splitting a plan file into its YAML front matter and its Markdown body.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Problems, codes};

/// The two halves of a plan file, with the line each starts on (1-based) so that errors
/// found inside either half can point at the right line of the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

const FENCE: &str = "---";

/// The two halves of `text`, or `None` with the reason added to `problems`. Expects `\n` line
/// endings and no byte-order mark (see `load::decode`).
pub fn split<'a>(path: &Path, text: &'a str, problems: &mut Problems) -> Option<Split<'a>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        let first_content = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let code = if text.trim().is_empty() {
            codes::FRONT_MATTER_EMPTY_FILE
        } else if looks_like_yaml_key(first_content) {
            codes::FRONT_MATTER_NOT_OPENED
        } else {
            codes::FRONT_MATTER_MISSING
        };
        problems.push(Diagnostic::error(code, path).at(1, 1));
        return None;
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        let trimmed = line.trim_end();
        if trimmed == FENCE || trimmed == "..." {
            let line_number = index + 2;
            return Some(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    problems.push(Diagnostic::error(codes::FRONT_MATTER_NOT_CLOSED, path).at(1, 1));
    None
}

fn looks_like_yaml_key(line: &str) -> bool {
    let key = line.split(':').next().unwrap_or("");
    line.contains(':')
        && !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Split<'_> {
        let mut problems = Problems::new();
        let split = split(Path::new("a.md"), text, &mut problems).expect("a split");
        assert!(problems.is_empty(), "{problems:?}");
        split
    }

    fn err(text: &str) -> Diagnostic {
        let mut problems = Problems::new();
        assert_eq!(split(Path::new("a.md"), text, &mut problems), None);
        let mut found = problems.into_iter();
        let problem = found.next().expect("a problem");
        assert_eq!(found.next(), None, "one problem");
        problem
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = ok("---\ntitle: a\nyear: 2015\n---\n\n正文\n");
        assert_eq!(s.yaml, "title: a\nyear: 2015\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "\n正文\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn only_front_matter() {
        let s = ok("---\ntitle: a\n---");
        assert_eq!(s.body, "");
    }

    #[test]
    fn empty_front_matter_and_dots_close() {
        assert_eq!(ok("---\n---\nx").yaml, "");
        assert_eq!(ok("---\ntitle: a\n...\nx").body, "x");
    }

    #[test]
    fn trailing_spaces_on_fences_are_fine() {
        assert_eq!(ok("---  \ntitle: a\n--- \nbody").body, "body");
    }

    #[test]
    fn problems_are_named() {
        assert_eq!(err("").english(), "the file is empty");
        assert_eq!(
            err("title: a\n---\n").english(),
            "the front matter is missing its opening `---` line"
        );
        assert_eq!(
            err("# 标题\n正文").english(),
            "the file has no front matter"
        );
        assert!(
            err("---\ntitle: a\n正文")
                .english()
                .contains("never closed")
        );
    }

    #[test]
    fn the_example_keeps_its_lines_in_each_language() {
        let example = "\n  ---\n  title: 2015年工会工作计划\n  unit: 区总工会\n  year: 2015\n  ---";
        let hint = err("# 标题\n正文").english_hint().unwrap();
        assert_eq!(
            hint,
            format!("start the file with the front matter between two `---` lines:{example}")
        );
        let catalogue = crate::i18n::Catalogue::load();
        let zh = catalogue.messages(crate::i18n::Lang::Zh);
        let empty = err("");
        assert_eq!(empty.message(&zh), "这个文件是空的");
        assert_eq!(
            empty.hint(&zh).unwrap(),
            format!("文件开头要写文件头，放在两行 `---` 之间：{example}")
        );
    }

    #[test]
    fn a_horizontal_rule_later_in_the_body_is_body() {
        let s = ok("---\ntitle: a\n---\n正文\n\n---\n\n更多\n");
        assert_eq!(s.body, "正文\n\n---\n\n更多\n");
    }

    #[test]
    fn only_a_yaml_key_on_the_first_line_is_taken_for_front_matter_without_its_fence() {
        let not_opened = "the front matter is missing its opening `---` line";
        assert_eq!(err("unit_name: 区总工会\n---\n").english(), not_opened);
        // A sentence with a colon, or a word alone: the file has no front matter at all.
        let missing = "the file has no front matter";
        assert_eq!(err("注意: 全文如下\n正文").english(), missing);
        assert_eq!(err("Overview\n正文").english(), missing);
    }
}
