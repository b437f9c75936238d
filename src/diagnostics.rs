//! Problems found in a site's input, reported to editors with file, line and a fix.
//!
//! The library never prints: every stage returns its findings as [`Diagnostic`]s and the
//! binary decides how to show them. Every stage keeps going after a problem so that one run
//! reports everything that is wrong, not just the first thing.

pub mod codes;
mod grouped;

use std::path::{Path, PathBuf};

use crate::i18n::{Arg, Messages};

pub use grouped::{More, SHOWN_PER_KIND, Shown, grouped};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What kind of problem a finding is: a stable, machine-readable code such as
/// `plan.title.duplicate`. Every code is one of [`codes::ALL`]; its words are in the
/// catalogues (see [`crate::i18n`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

impl Code {
    /// The code itself: dotted, lower-case, stable (`plan.title.duplicate`).
    pub fn id(self) -> &'static str {
        self.0
    }

    /// The id of its message in the catalogues: the code with `-` for `.`, which Fluent ids
    /// cannot hold (`plan-title-duplicate`).
    pub fn message_id(self) -> String {
        self.0.replace('.', "-")
    }

    /// The kind in words, as a count of findings names it (`a title another plan already has`).
    pub fn about(self, messages: &Messages) -> String {
        let id = self.message_id();
        (messages.attribute(&id, "about", &[])).unwrap_or(id)
    }
}

/// One finding, pointing at a place in a file (lines and columns are 1-based). What it says is
/// its code's message in the catalogues, with the values in `args`; it is put into words only
/// when shown, in the language of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
    /// The values its message and help line name, by the names the catalogues give them.
    pub args: Vec<(&'static str, Arg)>,
    /// Which attribute of the message is the help line: `help`, or another where one kind of
    /// problem has different fixes; None for no help line.
    help: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(code: Code, path: impl AsRef<Path>) -> Self {
        Self::new(Severity::Error, code, path)
    }

    pub fn warning(code: Code, path: impl AsRef<Path>) -> Self {
        Self::new(Severity::Warning, code, path)
    }

    fn new(severity: Severity, code: Code, path: impl AsRef<Path>) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.as_ref().to_path_buf(),
            line: None,
            col: None,
            args: Vec::new(),
            help: Some("help"),
        }
    }

    /// One more value for the message, as `{ $name }` in the catalogues.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Takes the help line from the message's attribute `name` (`help-quote`) instead of
    /// `help`: for a kind of problem whose fix depends on what was found.
    pub fn help_from(mut self, name: &'static str) -> Self {
        self.help = Some(name);
        self
    }

    /// No help line.
    pub fn without_help(mut self) -> Self {
        self.help = None;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What it says, in the language of `messages`.
    pub fn message(&self, messages: &Messages) -> String {
        messages.get(&self.code.message_id(), &self.args)
    }

    /// How to fix it, in the editor's terms, if the catalogue says.
    pub fn hint(&self, messages: &Messages) -> Option<String> {
        let help = self.help?;
        messages.attribute(&self.code.message_id(), help, &self.args)
    }

    /// [`Diagnostic::render`] in `lang`, reading the catalogues anew: for tests and for the
    /// rare message shown before a run has chosen its language.
    pub fn rendered_in(&self, lang: crate::i18n::Lang) -> String {
        self.render(&crate::i18n::Catalogue::load().messages(lang))
    }

    /// The message in English, for tests that read its words.
    #[cfg(test)]
    pub(crate) fn english(&self) -> String {
        self.message(&crate::i18n::Catalogue::load().messages(crate::i18n::Lang::En))
    }

    /// The help line in English, for tests that read its words.
    #[cfg(test)]
    pub(crate) fn english_hint(&self) -> Option<String> {
        self.hint(&crate::i18n::Catalogue::load().messages(crate::i18n::Lang::En))
    }

    /// `path:line:col: error: message`, then the help on its own line, as compilers print.
    /// The words `error` and `warning` stay English in every language, so that editors' tools
    /// keep reading the line; the message after them is translated.
    pub fn render(&self, messages: &Messages) -> String {
        let mut out = self.path.display().to_string();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(col) = self.col {
                out.push_str(&format!(":{col}"));
            }
        }
        out.push_str(&format!(
            ": {}: {}",
            self.severity.as_str(),
            self.message(messages)
        ));
        if let Some(hint) = self.hint(messages) {
            let label = messages.get("diagnostic-help", &[]);
            out.push_str(&format!("\n  {label}{hint}"));
        }
        out
    }
}

/// What every stage adds its findings to: the one shape of "a value and the problems found".
/// A stage takes `&mut Problems` and returns its value (`Option<T>` when an error can leave it
/// with nothing to return); it never stops at the first problem, so one run reports them all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Problems(Vec<Diagnostic>);

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        has_errors(&self.0)
    }

    /// Makes every warning an error (`--strict`, `strict: true`), so that CI fails on it.
    pub fn make_strict(&mut self) {
        for diagnostic in &mut self.0 {
            diagnostic.severity = Severity::Error;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Every finding, in the order editors read them (see [`sort`]).
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        sort(&mut self.0);
        self.0
    }
}

impl Extend<Diagnostic> for Problems {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Problems {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Sorts findings into the order editors read them: by file, then by position.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, a.severity, a.code, &a.args)
            .cmp(&(&b.path, b.line, b.col, b.severity, b.code, &b.args))
    });
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// "2 errors, 1 warning" for the summary line.
pub fn summary(diagnostics: &[Diagnostic], messages: &Messages) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let args = [
        ("errors", Arg::from(errors)),
        ("warnings", Arg::from(warnings)),
    ];
    messages.get("summary-counts", &args)
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(distance, c)| distance > 0 && distance <= (c.chars().count().max(2) / 2).max(1))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Lang};

    #[test]
    fn rendered_compiler_style_in_each_language() {
        let catalogue = Catalogue::load();
        let d = Diagnostic::error(codes::PLAN_TITLE_MISSING, "content/plans/a.md").at(2, 1);
        let en = d.render(&catalogue.messages(Lang::En));
        assert!(
            en.starts_with("content/plans/a.md:2:1: error: missing `title`\n  help: "),
            "{en}"
        );
        let zh = d.render(&catalogue.messages(Lang::Zh));
        assert!(
            zh.starts_with("content/plans/a.md:2:1: error: 缺少 `title`"),
            "{zh}"
        );
        assert!(zh.contains("\n  提示："), "{zh}");
        let bare = d.without_help().render(&catalogue.messages(Lang::En));
        assert_eq!(bare, "content/plans/a.md:2:1: error: missing `title`");
    }

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["title", "year", "unit", "tags"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("yaer", keys), Some("year"));
        assert_eq!(closest("tag", keys), Some("tags"));
        // Up to half the letters of a long key may be wrong.
        assert_eq!(closest("lamguaje", ["language"]), Some("language"));
        assert_eq!(closest("source", keys), None);
        assert_eq!(closest("title", keys), None);
    }

    #[test]
    fn problems_know_their_errors_and_come_out_sorted() {
        let mut problems = Problems::new();
        assert!(!problems.has_errors());
        problems.push(Diagnostic::warning(codes::PLAN_BODY_EMPTY, "b.md").at(1, 1));
        assert!(!problems.has_errors());
        problems.extend([Diagnostic::error(codes::PLAN_TITLE_MISSING, "a.md").at(3, 1)]);
        assert!(problems.has_errors());
        assert_eq!(problems.len(), 2);
        let sorted = problems.into_sorted();
        assert_eq!(sorted[0].path, Path::new("a.md"));
        assert_eq!(sorted[1].path, Path::new("b.md"));
    }

    #[test]
    fn summary_counts() {
        let d = vec![
            Diagnostic::error(codes::PLAN_TITLE_MISSING, "a"),
            Diagnostic::warning(codes::PLAN_BODY_EMPTY, "a"),
            Diagnostic::warning(codes::PLAN_BODY_EMPTY, "b"),
        ];
        let catalogue = Catalogue::load();
        assert_eq!(
            summary(&d, &catalogue.messages(Lang::En)),
            "1 error, 2 warnings"
        );
        assert_eq!(
            summary(&d, &catalogue.messages(Lang::Zh)),
            "1 个错误，2 个警告"
        );
    }

    /// Codes used at more than one place, each for one kind of message worded alike.
    const SHARED: &[&str] = &[
        // "cannot read the file: ..." wherever a file is read.
        "FILE_UNREADABLE",
        // "the front matter is not valid YAML: ...", with or without a place in it.
        "FRONT_MATTER_YAML",
        // "unit `...` is not declared in site.yaml", by a build and by `plansite new`.
        "PLAN_UNIT_UNDECLARED",
    ];

    /// No two kinds of message share a code by accident: each code is written at one place in
    /// the code outside tests (or is among [`SHARED`]), and every code is used.
    #[test]
    fn codes_are_used_once() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut uses: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("codes.rs") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            for name in codes::NAMES {
                let written = format!("codes::{name}");
                let places = code.match_indices(&written).filter(|(at, _)| {
                    let next = code[at + written.len()..].chars().next().unwrap_or(' ');
                    !(next.is_ascii_alphanumeric() || next == '_')
                });
                for _ in places {
                    uses.entry(name)
                        .or_default()
                        .push(path.display().to_string());
                }
            }
        }
        for name in codes::NAMES {
            let places = uses.get(name).map_or(&[][..], Vec::as_slice);
            assert!(!places.is_empty(), "codes::{name} is never used");
            assert!(
                places.len() == 1 || SHARED.contains(name),
                "codes::{name} is used at {} places ({places:?}): give each kind of message its own code, or add it to SHARED",
                places.len()
            );
        }
    }
}
