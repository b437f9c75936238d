//! The imported plan on disk: its front matter, its name (never one that is taken), and its
//! images beside it (the plan is then a folder, `<name>/index.md`).

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::document::Image;
use super::messages::Refusal;
use crate::new_plan::PLANS_DIR;

/// The front matter's values, in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Front {
    pub title: String,
    pub unit: String,
    pub year: i32,
    /// Why the year was inferred, when it was.
    pub year_basis: Option<String>,
    pub date: Option<String>,
    pub kind: String,
    pub draft: bool,
}

impl Front {
    pub fn to_yaml(&self) -> String {
        let mut front = Mapping::new();
        let mut set = |key: &str, value: Value| front.insert(Value::from(key), value);
        set("title", Value::from(self.title.as_str()));
        set("unit", Value::from(self.unit.as_str()));
        set("year", Value::from(self.year));
        if let Some(basis) = &self.year_basis {
            set("year_inferred", Value::from(true));
            set("year_basis", Value::from(basis.as_str()));
        }
        if let Some(date) = &self.date {
            set("date", Value::from(date.as_str()));
        }
        set("kind", Value::from(self.kind.as_str()));
        set("tags", Value::Sequence(Vec::new()));
        if self.draft {
            set("draft", Value::from(true));
        }
        serde_yaml::to_string(&front).expect("a mapping of strings serializes")
    }
}

/// Where the plan goes: `content/plans/<year>-<slug>.md`, or `…/<year>-<slug>/index.md` when it
/// has images; when that name is taken on disk (as a file or a folder) or earlier in this run,
/// `-2`, `-3` … is added. The path, and whether the first name was taken.
pub fn choose_path(
    root: &Path,
    stem: &str,
    folder: bool,
    taken: &BTreeSet<String>,
) -> Result<(PathBuf, bool), Refusal> {
    let plans = Path::new(PLANS_DIR);
    for n in 1..=99 {
        let name = match n {
            1 => stem.to_string(),
            n => format!("{stem}-{n}"),
        };
        let file = plans.join(format!("{name}.md"));
        let dir = plans.join(&name);
        let used = taken.contains(&name)
            || root.join(&file).symlink_metadata().is_ok()
            || root.join(&dir).symlink_metadata().is_ok();
        if !used {
            let path = if folder { dir.join("index.md") } else { file };
            return Ok((path, n > 1));
        }
    }
    Err(Refusal::NameTaken(stem.to_string()))
}

/// Writes the plan and its images; never replaces a file (each is created new).
pub fn write(root: &Path, path: &Path, text: &str, images: &[Image]) -> Result<(), Refusal> {
    let full = root.join(path);
    let failed = |err: std::io::Error| Refusal::WriteFailed(err.to_string());
    let parent = full.parent().expect("a plan's path has a folder");
    if images.is_empty() {
        fs::create_dir_all(parent).map_err(failed)?;
    } else {
        fs::create_dir_all(parent.parent().expect("a plan folder is in content/plans"))
            .map_err(failed)?;
        // A folder made now is one no one else has put files in.
        fs::create_dir(parent).map_err(failed)?;
        for image in images {
            create_new(&parent.join(&image.name), &image.bytes).map_err(failed)?;
        }
    }
    create_new(&full, text.as_bytes()).map_err(failed)
}

fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_in_order() {
        let front = Front {
            title: "区总工会2015年工作计划".into(),
            unit: "区总工会".into(),
            year: 2015,
            year_basis: Some("正文".into()),
            date: Some("2015-01-20".into()),
            kind: "工作计划".into(),
            draft: true,
        };
        assert_eq!(
            front.to_yaml(),
            "title: 区总工会2015年工作计划\nunit: 区总工会\nyear: 2015\nyear_inferred: true\nyear_basis: 正文\ndate: 2015-01-20\nkind: 工作计划\ntags: []\ndraft: true\n"
        );
    }

    #[test]
    fn a_taken_name_is_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join(PLANS_DIR);
        fs::create_dir_all(plans.join("2015-b")).unwrap();
        fs::write(plans.join("2015-a.md"), "x").unwrap();
        let none = BTreeSet::new();
        let choose = |stem, folder, taken| choose_path(dir.path(), stem, folder, taken).unwrap();
        assert_eq!(
            choose("2015-a", false, &none),
            (plans_path("2015-a-2.md"), true)
        );
        assert_eq!(
            choose("2015-a", true, &none),
            (plans_path("2015-a-2/index.md"), true)
        );
        assert_eq!(
            choose("2015-b", false, &none),
            (plans_path("2015-b-2.md"), true)
        );
        assert_eq!(
            choose("2015-c", false, &none),
            (plans_path("2015-c.md"), false)
        );
        let taken = BTreeSet::from(["2015-c".to_string()]);
        assert_eq!(
            choose("2015-c", false, &taken),
            (plans_path("2015-c-2.md"), true)
        );
        assert!(write(dir.path(), &plans_path("2015-a.md"), "y", &[]).is_err());
        assert_eq!(fs::read_to_string(plans.join("2015-a.md")).unwrap(), "x");
    }

    fn plans_path(name: &str) -> PathBuf {
        Path::new(PLANS_DIR).join(name)
    }
}
