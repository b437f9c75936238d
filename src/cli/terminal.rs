//! What the commands print, in the language of the run: findings, summaries, the preview's
//! lines, and `check --format json`.

use std::time::Duration;

use plansite::diagnostics::{self, Diagnostic};
use plansite::i18n::{Arg, Messages, Text};
use plansite::import;
use plansite::pipeline::Report;
use serde::Serialize;

/// Prints the catalogues' texts: results on standard output, problems on standard error.
#[derive(Clone, Copy)]
pub struct Say<'a> {
    pub messages: Messages<'a>,
}

impl Say<'_> {
    /// The message `id` with its values.
    pub fn words(&self, id: &'static str, args: &[(&'static str, Arg)]) -> String {
        self.messages.get(id, args)
    }

    pub fn out(&self, id: &'static str, args: &[(&'static str, Arg)]) {
        println!("{}", self.words(id, args));
    }

    pub fn err(&self, id: &'static str, args: &[(&'static str, Arg)]) {
        eprintln!("{}", self.words(id, args));
    }

    pub fn text(&self, text: &Text) -> String {
        self.messages.text(text)
    }

    /// Every finding, in full.
    pub fn all(&self, diagnostics: impl IntoIterator<Item = impl std::borrow::Borrow<Diagnostic>>) {
        for diagnostic in diagnostics {
            eprintln!("{}", diagnostic.borrow().render(&self.messages));
        }
    }

    /// Every error, and of each kind of warning the first `per_kind`, then how many more of
    /// each kind there are.
    pub fn grouped(&self, diagnostics: &[Diagnostic], per_kind: usize) {
        let shown = diagnostics::grouped(diagnostics, per_kind);
        self.all(shown.shown);
        for more in shown.more {
            eprintln!("{}", more.render(&self.messages));
        }
    }

    /// "2 errors, 1 warning".
    pub fn summary(&self, diagnostics: &[Diagnostic]) -> Arg {
        Arg::from(diagnostics::summary(diagnostics, &self.messages))
    }
}

/// The preview's reporter: prints what the server says.
pub struct Terminal<'a> {
    pub say: Say<'a>,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

impl plansite::serve::Reporter for Terminal<'_> {
    fn problem(&mut self, text: Text) {
        eprintln!("{}", self.say.text(&text));
    }

    fn listening(&mut self, url: &str, note: Option<Text>) {
        if let Some(note) = note {
            println!("{}", self.say.text(&note));
        }
        self.say.out("serve-listening", &[("url", Arg::from(url))]);
        if self.open
            && let Err(err) = opener::open_browser(url)
        {
            let args = [
                ("error", Arg::from(err.to_string())),
                ("url", Arg::from(url)),
            ];
            self.say.err("serve-no-browser", &args);
        }
    }

    fn rebuilt(&mut self, what: &Text, report: &Report, changed_files: usize, took: Duration) {
        self.say
            .grouped(&report.diagnostics, diagnostics::SHOWN_PER_KIND);
        let what = Arg::from(what.clone());
        if report.failed() {
            let summary = self.say.summary(&report.diagnostics);
            self.say.err(
                "serve-rebuild-failed",
                &[("what", what), ("summary", summary)],
            );
        } else {
            let args = [
                ("what", what),
                ("rendered", Arg::from(report.rendered)),
                ("pages", Arg::from(report.pages)),
                ("files", Arg::from(changed_files)),
                ("ms", Arg::from(took.as_millis() as u64)),
            ];
            self.say.out("serve-rebuilt", &args);
        }
    }
}

/// `plansite check --format json`: the codes are stable, the words are in the language of
/// the run.
#[derive(Serialize)]
pub struct JsonReport {
    pub plans: usize,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    /// What kind of problem it is, e.g. `plan.title.duplicate`: stable, for tools to match.
    code: &'static str,
    message: String,
    hint: Option<String>,
}

impl JsonDiagnostic {
    pub fn new(d: &Diagnostic, messages: &Messages) -> JsonDiagnostic {
        JsonDiagnostic {
            path: d.path.to_string_lossy().into_owned(),
            line: d.line,
            column: d.col,
            severity: d.severity.as_str(),
            code: d.code.id(),
            message: d.message(messages),
            hint: d.hint(messages),
        }
    }
}

/// What became of one file, for `import --format json`: the fields as they are (`from` and
/// `status` stable keys), the words in the language of the run.
#[derive(Serialize)]
pub struct JsonOutcome<'a> {
    #[serde(flatten)]
    outcome: &'a import::Outcome,
    notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    summary: String,
}

impl JsonOutcome<'_> {
    pub fn new<'a>(outcome: &'a import::Outcome, messages: &Messages) -> JsonOutcome<'a> {
        JsonOutcome {
            outcome,
            notes: outcome.notes.iter().map(|n| messages.text(n)).collect(),
            message: outcome.message.as_ref().map(|m| messages.text(m)),
            summary: messages.text(&outcome.summary),
        }
    }
}
