//! Where a link in a plan's body leads: to another plan's page, to a file attached to a plan,
//! or nowhere that is published, which the editor is told.

use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Headed, load};
use crate::diagnostics::{Code, Diagnostic, codes};
use crate::urls;

/// Where links from plan bodies can lead.
pub(super) struct LinkTable<'a> {
    pub(super) root: &'a Path,
    /// The slug of every published plan's file.
    pub(super) slug_of: &'a FxHashMap<PathBuf, String>,
    pub(super) drafts: &'a [PathBuf],
}

/// Why a local link cannot lead where it points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum LinkProblem {
    /// It names a plan that is a draft, which is not published.
    Draft { plan: PathBuf },
    /// It names a plan or another file that is not published, or not there at all.
    Unpublished {
        target: PathBuf,
        is_plan: bool,
        exists: bool,
    },
}

impl LinkProblem {
    /// The warning for a link from the file `from` that this keeps from resolving: its code,
    /// with the file linked to as `target` (and the help line of its code).
    pub(super) fn diagnostic(&self, from: &Path) -> Diagnostic {
        Diagnostic::warning(self.code(), from).arg("target", self.target())
    }

    /// The file the link names.
    pub(super) fn target(&self) -> &Path {
        match self {
            LinkProblem::Draft { plan } => plan,
            LinkProblem::Unpublished { target, .. } => target,
        }
    }

    /// What kind of problem it is.
    pub(super) fn code(&self) -> Code {
        match self {
            LinkProblem::Draft { .. } => codes::LINK_DRAFT,
            LinkProblem::Unpublished {
                is_plan, exists, ..
            } => match (is_plan, exists) {
                (true, false) => codes::LINK_MISSING_PLAN,
                (true, true) => codes::LINK_UNPUBLISHED_PLAN,
                (false, false) => codes::LINK_MISSING_FILE,
                (false, true) => codes::LINK_UNPUBLISHED_FILE,
            },
        }
    }
}

/// What a local link became: `Ok(Some(url))` rewritten, `Ok(None)` kept as written.
pub(super) type Resolution = Result<Option<String>, LinkProblem>;

impl LinkTable<'_> {
    /// What the link `dest` in the text of `from` becomes. It may look at the disk (whether a
    /// file exists), so a cached body asks again rather than trusting an old answer.
    pub(super) fn resolve(&self, from: &Headed, dest: &str) -> Resolution {
        let own_slug = from.head.slug.as_str();
        let (path_part, fragment) = match dest.find(['#', '?']) {
            Some(i) => dest.split_at(i),
            None => (dest, ""),
        };
        if path_part.is_empty() {
            return Ok(None);
        }
        // `%20` and `%23` in a link are a space and a `#` of the file name.
        let path_part = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
        let dir = from.path().parent().unwrap_or(Path::new(""));
        let target = normalize(&dir.join(path_part.as_ref()));
        let is_plan_file = target
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        // A link to a plan names its file, or the folder of a plan kept as `folder/index.md`.
        let plan_file = if is_plan_file {
            target.clone()
        } else {
            target.join("index.md")
        };
        if let Some(slug) = self.slug_of.get(plan_file.as_path()) {
            let url = urls::relative(&urls::plan(own_slug), &urls::plan(slug));
            return Ok(Some(format!("{url}{fragment}")));
        }
        if self.drafts.contains(&plan_file) {
            return Err(LinkProblem::Draft { plan: plan_file });
        }
        // A file beside a published `folder/index.md` is published beside that plan's page,
        // under its own name, which the link must spell so that `#`, `%` and spaces survive.
        let owner = target
            .parent()
            .and_then(|dir| self.slug_of.get(dir.join("index.md").as_path()));
        if let (Some(owner), Some(name)) = (owner, target.file_name()) {
            let name = name.to_string_lossy();
            let attached =
                !is_plan_file && !load::is_ignored(&name) && self.root.join(&target).is_file();
            if attached {
                let url = urls::relative(&urls::plan(own_slug), &urls::attachment(owner, &name));
                return Ok(Some(format!("{}{fragment}", urls::link_safe(&url))));
            }
        }
        Err(LinkProblem::Unpublished {
            exists: self.root.join(&target).exists(),
            target,
            is_plan: is_plan_file,
        })
    }
}

/// Resolves `.` and `..` without touching the disk (the target may not exist).
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_resolved_without_the_disk() {
        let cases = [
            ("content/plans/../other/a.md", "content/other/a.md"),
            ("content/./plans/a.md", "content/plans/a.md"),
            ("content/plans/a/../../b.md", "content/b.md"),
        ];
        for (path, expected) in cases {
            assert_eq!(normalize(Path::new(path)), Path::new(expected), "{path}");
        }
    }

    #[test]
    fn problems_say_what_is_wrong_and_how_to_fix_it() {
        let unpublished = |is_plan, exists| LinkProblem::Unpublished {
            target: PathBuf::from("content/a.md"),
            is_plan,
            exists,
        };
        let cases = [
            (
                LinkProblem::Draft {
                    plan: PathBuf::from("content/d.md"),
                },
                "links to content/d.md, which is a draft and is not published",
                "remove `draft: true`",
            ),
            (
                unpublished(true, false),
                "links to a plan content/a.md, which does not exist",
                "check the link's target",
            ),
            (
                unpublished(false, true),
                "links to a file content/a.md, which is not published",
                "check the link's target",
            ),
        ];
        for (problem, message, hint) in cases {
            let d = problem.diagnostic(Path::new("content/b.md"));
            assert_eq!(d.english(), message);
            assert!(d.english_hint().unwrap().contains(hint), "{problem:?}");
        }
        let zh = crate::i18n::Catalogue::load();
        let zh = zh.messages(crate::i18n::Lang::Zh);
        let d = unpublished(true, false).diagnostic(Path::new("content/b.md"));
        assert_eq!(d.message(&zh), "链接指向的计划 content/a.md 不存在");
        assert!(d.hint(&zh).unwrap().starts_with("请检查链接的目标"));
    }
}
