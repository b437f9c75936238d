//! Problems between plans: two plans that would share one page, or one title.

use std::collections::HashMap;

use super::Headed;
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::slug;

/// Two plans with one slug would overwrite each other's page: an error on every later file
/// (`headed` is in the order of the files' paths).
pub(super) fn slugs(headed: &[&Headed], problems: &mut Problems) {
    let mut first: HashMap<String, &Headed> = HashMap::new();
    // What each slug was made from: the `slug:` line, or the file name.
    let name = |head: &Headed<'_>| -> String {
        head.head
            .meta
            .slug
            .clone()
            .unwrap_or_else(|| head.file.stem.clone())
    };
    for &head in headed {
        // Compared as a disk that ignores letter case sees them: pages that differ only in
        // case are one folder on Windows and macOS shares.
        let slug = &head.head.slug;
        match first.get(&slug::fold(slug)) {
            Some(earlier) => {
                let (this, that) = (name(head), name(earlier));
                let case = this != that && slug::fold(&this) == slug::fold(&that)
                    || *slug != earlier.head.slug;
                let mut d = Diagnostic::error(codes::PLAN_SLUG_DUPLICATE, head.path())
                    .arg("slug", slug)
                    .arg("other", earlier.path())
                    .arg("case", if case { "yes" } else { "no" })
                    .arg("this", this)
                    .arg("that", that);
                if head.head.meta.slug.is_some() {
                    d = d.at(head.head.meta.line("slug"), 1);
                }
                problems.push(d);
            }
            None => {
                first.insert(slug::fold(slug), head);
            }
        }
    }
}

/// Two plans with one title look the same in every list: a warning on every later file
/// (`headed` is in the order of the files' paths).
pub(super) fn titles(headed: &[&Headed], problems: &mut Problems) {
    let mut first: HashMap<&str, &Headed> = HashMap::new();
    for &head in headed {
        let meta = &head.head.meta;
        match first.get(meta.title.as_str()) {
            Some(earlier) => {
                problems.push(
                    Diagnostic::warning(codes::PLAN_TITLE_DUPLICATE, head.path())
                        .arg("title", &meta.title)
                        .arg("other", earlier.path())
                        .at(meta.line("title"), 1),
                );
            }
            None => {
                first.insert(&meta.title, head);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::content::Parsed;
    use crate::content::load::PlanFile;
    use crate::slug::SlugStrategy;

    /// The problems between plans of these (file stem, front matter lines), in this order.
    fn between(plans: &[(&str, &str)]) -> Vec<(String, String)> {
        let files: Vec<PlanFile> = plans
            .iter()
            .map(|(stem, _)| PlanFile {
                path: PathBuf::from(format!("content/{stem}.md")),
                stem: stem.to_string(),
                attachments: Vec::new(),
            })
            .collect();
        let parsed: Vec<Arc<Parsed>> = files
            .iter()
            .zip(plans)
            .map(|(file, (_, front))| {
                let text = format!("---\nunit: u\nyear: 2015\n{front}\n---\n正文\n");
                Arc::new(Parsed::new(
                    &file.path,
                    &file.stem,
                    text,
                    SlugStrategy::Pinyin,
                ))
            })
            .collect();
        let headed: Vec<Headed> = files
            .iter()
            .zip(&parsed)
            .map(|(file, parsed)| Headed {
                file,
                parsed,
                head: parsed.head.as_ref().expect("good front matter"),
            })
            .collect();
        let headed: Vec<&Headed> = headed.iter().collect();
        let mut problems = Problems::new();
        slugs(&headed, &mut problems);
        titles(&headed, &mut problems);
        problems
            .into_iter()
            .map(|d| (d.path.display().to_string(), d.english()))
            .collect()
    }

    #[test]
    fn later_plans_are_told_whose_slug_or_title_they_take() {
        assert_eq!(between(&[("a", "title: 甲"), ("b", "title: 乙")]), []);
        assert_eq!(
            between(&[("a", "title: 甲"), ("b", "title: 乙\nslug: a")]),
            [(
                "content/b.md".to_string(),
                "the slug `a` is already used by content/a.md".to_string()
            )]
        );
        let case = between(&[("a", "title: 甲"), ("b", "title: 乙\nslug: A")]);
        assert!(case[0].1.contains("differ only in letter case"), "{case:?}");
        assert_eq!(
            between(&[("a", "title: 甲"), ("b", "title: 甲")]),
            [(
                "content/b.md".to_string(),
                "the title `甲` is already used by content/a.md".to_string()
            )]
        );
    }
}
