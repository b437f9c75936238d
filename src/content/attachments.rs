//! A plan's attachments: the files beside its `index.md`, published beside its page under the
//! names editors gave them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::load::PlanFile;
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::i18n::Text;
use crate::{slug, urls};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Relative to the site root.
    pub source: PathBuf,
    pub name: String,
    pub size: u64,
}

/// The attachments of a bundle as they are on disk now; `None`, with what could not be read
/// added to `problems`, when one of them cannot be read.
pub(super) fn on_disk(
    root: &Path,
    file: &PlanFile,
    problems: &mut Problems,
) -> Option<Vec<Attachment>> {
    let mut found = Vec::with_capacity(file.attachments.len());
    let mut unreadable = false;
    for path in &file.attachments {
        match std::fs::metadata(root.join(path)) {
            Ok(meta) => found.push(Attachment {
                source: path.clone(),
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                size: meta.len(),
            }),
            Err(err) => {
                unreadable = true;
                problems.push(
                    Diagnostic::error(codes::ATTACHMENT_UNREADABLE, path)
                        .arg("error", err.to_string()),
                );
            }
        }
    }
    (!unreadable).then_some(found)
}

/// Attachments are published under the names editors gave them, beside the plan's page, and
/// sites are copied to Windows shares: names that would replace the page, that Windows
/// cannot hold, or that one letter case apart would be one file there are reported.
pub(super) fn check_names(attachments: &[Attachment], problems: &mut Problems) {
    let mut seen: HashMap<String, &Attachment> = HashMap::new();
    for attachment in attachments {
        let name = &attachment.name;
        let folded = slug::fold(name);
        if folded == slug::fold(urls::HOME) {
            problems.push(
                Diagnostic::error(codes::ATTACHMENT_REPLACES_PAGE, &attachment.source)
                    .arg("name", name),
            );
        } else if let Some(why) = windows_refuses(name) {
            problems.push(
                Diagnostic::warning(codes::ATTACHMENT_NAME_WINDOWS, &attachment.source)
                    .arg("name", name)
                    .arg("why", why),
            );
        }
        match seen.get(&folded) {
            Some(other) => problems.push(
                Diagnostic::warning(codes::ATTACHMENT_NAME_CASE, &attachment.source)
                    .arg("other", &other.name)
                    .arg("name", name),
            ),
            None => {
                seen.insert(folded, attachment);
            }
        }
    }
}

/// Why Windows cannot hold a file of this name, if it cannot (the words follow "it").
fn windows_refuses(name: &str) -> Option<Text> {
    if let Some(c) = name.chars().find(|c| "<>:\"|?*".contains(*c)) {
        return Some(Text::new("name-refused-windows-char").arg("char", c));
    }
    if name.ends_with(['.', ' ']) {
        return Some(Text::new("name-refused-trailing"));
    }
    slug::refuse_explicit(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(name: &str) -> Attachment {
        Attachment {
            source: PathBuf::from("content/p").join(name),
            name: name.into(),
            size: 1,
        }
    }

    #[test]
    fn names_a_copy_on_windows_would_lose_are_reported() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["附件.docx", "表格.xlsx"], &[]),
            (&["INDEX.HTML"], &["would replace the plan's own page"]),
            (&["a?.doc"], &["contains `?`"]),
            (&["a.doc."], &["ends with a dot or a space"]),
            (&["nul.txt"], &["Windows"]),
            (&["A.doc", "a.doc"], &["differ only in letter case"]),
        ];
        for (names, expected) in cases {
            let attachments: Vec<Attachment> = names.iter().map(|n| attachment(n)).collect();
            let mut problems = Problems::new();
            check_names(&attachments, &mut problems);
            let found: Vec<&Diagnostic> = problems.iter().collect();
            assert_eq!(found.len(), expected.len(), "{names:?}: {found:?}");
            for (d, part) in found.iter().zip(expected.iter()) {
                assert!(d.english().contains(part), "{names:?}: {}", d.english());
            }
        }
    }

    #[test]
    fn why_a_name_is_refused_is_said_in_each_language() {
        let catalogue = crate::i18n::Catalogue::load();
        let zh = catalogue.messages(crate::i18n::Lang::Zh);
        let said = |name: &str| {
            let mut problems = Problems::new();
            check_names(&[attachment(name)], &mut problems);
            let d = problems.into_iter().next().unwrap();
            (d.english(), d.message(&zh))
        };
        assert_eq!(
            said("nul.txt"),
            (
                "the attachment name `nul.txt` is `nul`, a name Windows reserves for a device: a copy of the site on a Windows share would lose it".into(),
                "附件名“nul.txt”是 `nul`，这是 Windows 保留给设备的名称：把网站复制到 Windows 共享文件夹时会丢失这个文件".into()
            )
        );
        assert_eq!(
            said("a?.doc").1,
            "附件名“a?.doc”含有 `?`，Windows 的文件名里不允许有这个字符：把网站复制到 Windows 共享文件夹时会丢失这个文件"
        );
    }

    #[test]
    fn an_attachment_that_cannot_be_read_leaves_none() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content/p")).unwrap();
        std::fs::write(root.path().join("content/p/a.doc"), "abc").unwrap();
        let mut file = PlanFile {
            path: PathBuf::from("content/p/index.md"),
            stem: "p".into(),
            attachments: vec![PathBuf::from("content/p/a.doc")],
        };
        let mut problems = Problems::new();
        let found = on_disk(root.path(), &file, &mut problems).expect("readable");
        assert_eq!(
            found,
            [Attachment {
                size: 3,
                ..attachment("a.doc")
            }]
        );
        assert!(problems.is_empty());
        file.attachments.push(PathBuf::from("content/p/gone.doc"));
        assert_eq!(on_disk(root.path(), &file, &mut problems), None);
        assert!(problems.has_errors());
    }
}
