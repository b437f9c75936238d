//! `plansite check --fix`: rewrites the front matter of plans, and `site.yaml`, with their
//! Chinese typing slips mended (see [`crate::slips`]), each file after a backup of it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config;
use crate::content::{front_matter, load, meta};
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::CONFIG_FILE;
use crate::rewrite::{RewriteError, rewrite};
use crate::slips::{self, Slip};

/// One file rewritten: the slips mended in it, and where the original was kept.
#[derive(Debug)]
pub struct Fixed {
    pub path: PathBuf,
    pub slips: Vec<Slip>,
    pub backup: PathBuf,
}

/// Mends the slips of `site.yaml` and of every plan's front matter under `root`; returns the
/// files rewritten, and adds to `problems` why others that needed it were not. Files that are
/// not UTF-8 or have no front matter are left to `check` (and `fix-encoding`) to report.
pub fn fix_slips(root: &Path, problems: &mut Problems) -> Vec<Fixed> {
    let mut files = load::plan_files(root);
    if root.join(CONFIG_FILE).is_file() {
        files.insert(0, PathBuf::from(CONFIG_FILE));
    }
    files
        .into_iter()
        .filter_map(|path| fix_file(root, &path, problems))
        .collect()
}

fn fix_file(root: &Path, path: &Path, problems: &mut Problems) -> Option<Fixed> {
    let original = fs::read(root.join(path)).ok()?;
    let text = std::str::from_utf8(&original).ok()?;
    // The part that is YAML: the whole of site.yaml, a plan's front matter.
    let (start, yaml, keys, first_line) = if path == Path::new(CONFIG_FILE) {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        (bom, &text[bom..], config::SLIP_KEYS, 1)
    } else {
        let text_without_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = front_matter::split(path, text_without_bom, &mut Problems::new())?;
        let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
        (start, split.yaml, meta::SLIP_KEYS, split.yaml_line)
    };
    let mended = slips::mend(yaml, keys);
    let slips: Vec<Slip> = (mended.slips.iter())
        .filter(|slip| slip.kind.is_mended())
        .map(|slip| Slip {
            line: first_line + slip.line - 1,
            ..slip.clone()
        })
        .collect();
    if slips.is_empty() {
        return None;
    }
    let new = [&text[..start], &mended.text, &text[start + yaml.len()..]].concat();
    match rewrite(root, path, &original, new.as_bytes(), "fix") {
        Ok(backup) => Some(Fixed {
            path: path.to_path_buf(),
            slips,
            backup,
        }),
        Err(err) => {
            problems.push(match err {
                RewriteError::BackupExists(backup) => {
                    Diagnostic::error(codes::FIX_SLIPS_BACKUP_EXISTS, path).arg("backup", &backup)
                }
                RewriteError::Backup(backup, err) => {
                    Diagnostic::error(codes::FIX_SLIPS_BACKUP_FAILED, path)
                        .arg("backup", &backup)
                        .arg("error", err.to_string())
                }
                RewriteError::Write(backup, err) => {
                    Diagnostic::error(codes::FIX_SLIPS_WRITE_FAILED, path)
                        .arg("backup", &backup)
                        .arg("error", err.to_string())
                }
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_mended_in_place_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join(CONFIG_FILE), "title: 站\nhome_plans：10\n").unwrap();
        let plans = root.join("content/plans");
        fs::create_dir_all(&plans).unwrap();
        let plan = "---\ntitle：甲\nyear: ２０１５\ntags: [a，b]\n---\n\ntitle：正文不改\n";
        fs::write(plans.join("a.md"), plan).unwrap();
        fs::write(plans.join("b.md"), "---\ntitle: 乙\n---\n正文\n").unwrap();
        let mut problems = Problems::new();
        let fixed = fix_slips(root, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let paths: Vec<&Path> = fixed.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(
            paths,
            [Path::new("site.yaml"), Path::new("content/plans/a.md")]
        );
        assert_eq!(
            fs::read_to_string(plans.join("a.md")).unwrap(),
            "---\ntitle: 甲\nyear: 2015\ntags: [a, b]\n---\n\ntitle：正文不改\n"
        );
        assert_eq!(
            fs::read_to_string(plans.join("a.md.fix.bak")).unwrap(),
            plan
        );
        let lines: Vec<usize> = fixed[1].slips.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        // Nothing is left to mend, and no backup is made again.
        assert!(fix_slips(root, &mut problems).is_empty());
        assert!(!plans.join("b.md.fix.bak").exists());
    }
}
