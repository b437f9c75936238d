//! `plansite check`: everything `build` validates, with nothing written.
//!
//! The site goes through every stage of a build ([`pipeline::check`]), templates included, so
//! a check finds exactly what a build would.

use crate::content::load;
use crate::diagnostics::{self, Diagnostic};
use crate::pipeline::{self, Options};

/// What a check found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Plan files found under `content/`, whether or not they could be read.
    pub plans: usize,
    /// Sorted by file, then position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// A build of this site would fail.
    pub fn failed(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }
}

/// Checks the site under `options.root`; writes nothing.
pub fn check(options: &Options) -> Checked {
    let report = pipeline::check(options);
    Checked {
        plans: load::plan_files(&options.root).len(),
        diagnostics: report.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::codes;

    #[test]
    fn counts_by_severity() {
        let checked = Checked {
            plans: 2,
            diagnostics: vec![
                Diagnostic::error(codes::PLAN_TITLE_MISSING, "a"),
                Diagnostic::warning(codes::PLAN_BODY_EMPTY, "a"),
                Diagnostic::warning(codes::PLAN_BODY_EMPTY, "b"),
            ],
        };
        assert_eq!((checked.errors(), checked.warnings()), (1, 2));
        assert!(checked.failed());
        assert!(!Checked::default().failed());
    }
}
