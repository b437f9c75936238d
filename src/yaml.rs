//! Why YAML that editors wrote (`site.yaml`, a plan's front matter) does not parse, in their terms.

use std::path::Path;

use crate::diagnostics::{Diagnostic, codes};
use crate::i18n::{Arg, Text};

/// The English words of [`tab_diagnostic`], for the tests of the stages that report it.
#[cfg(test)]
pub const TAB_MESSAGE: &str = "this line is indented with a tab; YAML allows only spaces there";

/// What made a YAML text fail to parse. Lines and columns are 1-based and counted from the
/// start of the YAML text, which the caller places in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlError {
    /// A tab in the indentation at or before the place the parser gave up: editors' tab keys
    /// are the usual cause of YAML that does not parse, and the parser's own message for it
    /// names something else.
    Tab { line: usize, col: usize },
    /// The parser's message, without the position it appends, and the position when it gives one.
    Invalid {
        message: String,
        at: Option<(usize, usize)>,
    },
}

/// Why `yaml` failed to parse with `err`: the one reading of a YAML error that `site.yaml`
/// and the front matter share.
pub fn explain(yaml: &str, err: &serde_yaml::Error) -> YamlError {
    let at = err.location().map(|loc| (loc.line(), loc.column()));
    match tab_indent(yaml).filter(|&(line, _)| at.is_none_or(|(err_line, _)| line <= err_line)) {
        Some((line, col)) => YamlError::Tab { line, col },
        None => YamlError::Invalid {
            message: message(err),
            at,
        },
    }
}

/// The error for a tab in the indentation at `line` and `col` of the file at `path`.
pub fn tab_diagnostic(path: &Path, line: usize, col: usize) -> Diagnostic {
    Diagnostic::error(codes::YAML_TAB, path).at(line, col)
}

/// The first line with a tab in its indentation, and the tab's column.
fn tab_indent(yaml: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let indent = &line[..line.len() - line.trim_start().len()];
        indent.find('\t').map(|col| (i + 1, col + 1))
    })
}

/// The parser's `message` as a value of a message: in the editor's language where it is one
/// of the parser's messages editors meet, as the parser says it otherwise.
pub fn reason(message: &str) -> Arg {
    // The parser's words for the mistakes of hand-written front matter and site.yaml, each
    // with the catalogues' entry that says it in the editor's terms.
    const KNOWN: &[(&str, &str)] = &[
        ("mapping values are not allowed", "yaml-reason-colon"),
        ("did not find expected ',' or ']'", "yaml-reason-list"),
        ("did not find expected ',' or '}'", "yaml-reason-braces"),
        ("found unexpected end of stream", "yaml-reason-end"),
        ("did not find expected key", "yaml-reason-indent"),
        (
            "found character that cannot start any token",
            "yaml-reason-token",
        ),
        ("found unknown escape character", "yaml-reason-escape"),
        ("could not find expected ':'", "yaml-reason-no-colon"),
    ];
    if let Some((_, id)) = KNOWN.iter().find(|(words, _)| message.starts_with(words)) {
        return Arg::from(Text::new(id));
    }
    if let Some(field) =
        (message.strip_prefix("unknown field `")).and_then(|rest| rest.split('`').next())
    {
        return Arg::from(Text::new("yaml-reason-unknown-field").arg("field", field));
    }
    Arg::from(message)
}

/// serde_yaml appends "at line X column Y" itself; the position is reported separately.
fn message(err: &serde_yaml::Error) -> String {
    let message = err.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    // Serde names Rust types; editors need to know what to write.
    message.replace(
        "expected a nonzero usize",
        "expected a whole number of at least 1",
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::num::NonZeroUsize;

    use super::*;

    fn explain_text(yaml: &str) -> YamlError {
        let err = serde_yaml::from_str::<serde_yaml::Value>(yaml).expect_err("invalid YAML");
        explain(yaml, &err)
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let cases: &[(&str, (usize, usize))] = &[
            ("units:\n\t- name: a\n", (2, 1)),
            ("a: 1\nb:\n  \t- x\n  - y\n", (3, 3)),
        ];
        for (yaml, (line, col)) in cases {
            assert_eq!(
                explain_text(yaml),
                YamlError::Tab {
                    line: *line,
                    col: *col
                },
                "{yaml:?}"
            );
        }
    }

    #[test]
    fn a_tab_after_the_error_is_not_blamed() {
        let found = explain_text("a: b: c\nd:\n\t- x\n");
        let YamlError::Invalid { message, at } = found else {
            panic!("{found:?}")
        };
        assert_eq!(at.map(|(line, _)| line), Some(1));
        assert!(!message.contains(" at line "), "{message}");
    }

    #[test]
    fn serde_words_become_editors_words() {
        let yaml = "a: 1\nsize: 0\n";
        let err = serde_yaml::from_str::<HashMap<String, NonZeroUsize>>(yaml)
            .expect_err("zero is refused");
        let YamlError::Invalid { message, at } = explain(yaml, &err) else {
            panic!("no tab here")
        };
        assert!(message.contains("at least 1"), "{message}");
        assert_eq!(at.map(|(line, _)| line), Some(2));
    }

    /// The parser's common words are said in the editor's language; its English words, in
    /// English, stay what they were; words it has not been taught pass through.
    #[test]
    fn the_parsers_common_words_are_said_in_each_language() {
        let catalogue = crate::i18n::Catalogue::load();
        let (zh, en) = (
            catalogue.messages(crate::i18n::Lang::Zh),
            catalogue.messages(crate::i18n::Lang::En),
        );
        let said = |yaml: &str| {
            let YamlError::Invalid { message, .. } = explain_text(yaml) else {
                panic!("no tab here")
            };
            let reason = reason(&message);
            let text = |m: &crate::i18n::Messages| {
                m.get("front-matter-yaml", &[("error", reason.clone())])
            };
            (message, text(&zh), text(&en))
        };
        let (message, zh_text, en_text) = said("title: a: b\n");
        assert_eq!(
            en_text,
            format!("the front matter is not valid YAML: {message}")
        );
        assert!(
            zh_text.ends_with("这里不能再出现“: ”（英文冒号加空格）"),
            "{zh_text}"
        );
        let (message, zh_text, _) = said("tags: [a, b\nyear: 2015\n");
        assert!(
            message.starts_with("did not find expected ',' or ']'"),
            "{message}"
        );
        assert!(zh_text.contains("方括号 [ ] 没有配对"), "{zh_text}");
        assert_eq!(reason("something new"), Arg::from("something new"));
        let unknown = reason("unknown field `titel`, expected one of `title`, `units`");
        assert_eq!(
            zh.get("front-matter-yaml", &[("error", unknown)]),
            "文件头不是有效的 YAML：没有 `titel` 这个设置项"
        );
    }

    #[test]
    fn the_tab_diagnostic_points_at_the_tab() {
        let d = tab_diagnostic(Path::new(crate::layout::CONFIG_FILE), 3, 2);
        assert_eq!((d.line, d.col), (Some(3), Some(2)));
        assert_eq!(d.english(), TAB_MESSAGE);
        assert!(d.is_error());
    }
}
