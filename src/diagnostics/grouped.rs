//! Findings as editors read them in a terminal or the preview's overlay: every error, but of
//! each kind of warning only the first few, the rest counted, so that 2,000 warnings of one
//! kind do not bury a real problem.

use super::{Code, Diagnostic};
use crate::i18n::{Arg, Messages};

/// How many warnings of one kind are shown before the rest are counted.
pub const SHOWN_PER_KIND: usize = 5;

/// What is shown of a list of findings: those shown in full, in their order, then one count
/// for each kind of warning with more than were shown (in the order their kinds first came).
#[derive(Debug, PartialEq, Eq)]
pub struct Shown<'a> {
    pub shown: Vec<&'a Diagnostic>,
    pub more: Vec<More>,
}

/// The warnings of one kind that were counted, not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct More {
    pub count: usize,
    pub code: Code,
}

/// Groups `diagnostics`: every error; of each kind of warning, the first `per_kind`.
pub fn grouped(diagnostics: &[Diagnostic], per_kind: usize) -> Shown<'_> {
    let mut seen: Vec<(Code, usize)> = Vec::new();
    let mut shown = Vec::with_capacity(diagnostics.len().min(64));
    for d in diagnostics {
        if d.is_error() {
            shown.push(d);
            continue;
        }
        let at = match seen.iter().position(|(code, _)| *code == d.code) {
            Some(at) => at,
            None => {
                seen.push((d.code, 0));
                seen.len() - 1
            }
        };
        seen[at].1 += 1;
        if seen[at].1 <= per_kind {
            shown.push(d);
        }
    }
    let more = (seen.into_iter())
        .filter(|&(_, count)| count > per_kind)
        .map(|(code, count)| More {
            count: count - per_kind,
            code,
        })
        .collect();
    Shown { shown, more }
}

impl More {
    /// `… and 1,968 more: a title another plan already has (plansite check --format json
    /// lists them all)`.
    pub fn render(&self, messages: &Messages) -> String {
        let args = [
            ("count", Arg::from(thousands(self.count))),
            ("about", Arg::from(self.code.about(messages))),
        ];
        messages.get("diagnostic-more", &args)
    }
}

/// `1968` as `1,968`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::codes;
    use super::*;

    #[test]
    fn only_the_first_warnings_of_a_kind_are_shown_and_every_error() {
        let mut found: Vec<Diagnostic> = (0..8)
            .map(|i| Diagnostic::warning(codes::PLAN_TITLE_DUPLICATE, format!("{i}.md")))
            .collect();
        found.insert(6, Diagnostic::error(codes::PLAN_TITLE_MISSING, "e.md"));
        found.push(Diagnostic::warning(codes::PLAN_BODY_EMPTY, "z.md"));
        let Shown { shown, more } = grouped(&found, 5);
        let paths: Vec<String> = (shown.iter())
            .map(|d| d.path.display().to_string())
            .collect();
        assert_eq!(
            paths,
            ["0.md", "1.md", "2.md", "3.md", "4.md", "e.md", "z.md"]
        );
        assert_eq!(
            more,
            [More {
                count: 3,
                code: codes::PLAN_TITLE_DUPLICATE
            }]
        );
        let catalogue = crate::i18n::Catalogue::load();
        assert_eq!(
            more[0].render(&catalogue.messages(crate::i18n::Lang::En)),
            "… and 3 more: a title another plan already has (plansite check --format json lists them all)"
        );
        assert_eq!(
            more[0].render(&catalogue.messages(crate::i18n::Lang::Zh)),
            "……另有 3 条：与另一份计划标题相同（plansite check --format json 会全部列出）"
        );
        // A kind with no more warnings than are shown gets no count (of none).
        let one_each = grouped(&found, 1);
        assert_eq!(one_each.more.len(), 1, "{:?}", one_each.more);
        // Errors are never counted away, however many.
        let errors: Vec<Diagnostic> = (0..9)
            .map(|i| Diagnostic::error(codes::PLAN_TITLE_MISSING, format!("{i}.md")))
            .collect();
        let all = grouped(&errors, 5);
        assert_eq!((all.shown.len(), all.more.len()), (9, 0));
    }

    #[test]
    fn counts_have_thousands_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1968), "1,968");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
