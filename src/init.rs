//! `plansite init`: starts a site in a folder: a minimal `site.yaml`, `content/plans/` and one
//! example plan, all in Chinese, which build with no error and no warning.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::CONFIG_FILE;
use crate::new_plan::PLANS_DIR;

/// The settings a new site starts from: what every site needs, and the commonest choices
/// written out as comments so that an editor sees what can be set without reading the guide.
const SITE_YAML: &str = "\
# 网站设置（site settings）。全部设置见 docs/publishers.md。
title: 工会工作计划汇编
description: 各级工会的工作计划
language: zh-CN
# base_path: /plans/            # 网站放在服务器的子路径下时填写
# base_url: https://intranet.example/plans/   # 完整网址，用于订阅（atom.xml）和网站地图
units:                          # 发布计划的单位，可写成上下级的树
  - name: 市总工会
  - name: 区总工会
    parent: 市总工会
";

/// The example plan's file, under `content/plans/`.
const EXAMPLE_FILE: &str = "shili-gongzuo-jihua.md";

/// Starts a site in `dir` (made if missing). Never overwrites: a folder that already holds a
/// `site.yaml` is refused, and an example plan of the same name is left as it is. Returns the
/// files written, relative to `dir`; `None`, with the reason in `problems`, when nothing was.
pub fn init(dir: &Path, year: i32, problems: &mut Problems) -> Option<Vec<PathBuf>> {
    if dir.join(CONFIG_FILE).exists() {
        problems.push(Diagnostic::error(
            codes::INIT_SITE_EXISTS,
            dir.join(CONFIG_FILE),
        ));
        return None;
    }
    let mut written = Vec::new();
    let plans = Path::new(PLANS_DIR);
    let example = plans.join(EXAMPLE_FILE);
    let steps = fs::create_dir_all(dir.join(plans))
        .and_then(|()| write_new(&dir.join(CONFIG_FILE), SITE_YAML))
        .map(|()| written.push(PathBuf::from(CONFIG_FILE)))
        .and_then(
            |()| match write_new(&dir.join(&example), &example_plan(year)) {
                Ok(()) => {
                    written.push(example.clone());
                    Ok(())
                }
                // Someone's plan of that name: theirs stays, and the site is started without it.
                Err(err) if err.kind() == ErrorKind::AlreadyExists => Ok(()),
                Err(err) => Err(err),
            },
        );
    match steps {
        Ok(()) => Some(written),
        Err(err) => {
            problems.push(
                Diagnostic::error(codes::INIT_WRITE_FAILED, dir)
                    .arg("error", err.to_string())
                    .without_help(),
            );
            None
        }
    }
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}

/// A short plan of the new site's first unit, with every field an editor writes most.
fn example_plan(year: i32) -> String {
    format!(
        "---
title: 市总工会{year}年工作计划（示例）
unit: 市总工会
year: {year}
kind: 工作计划
tags: [示例]
---

这是一份示例计划，可以照着它写新的计划，也可以删除它。每份计划是 `content/plans/` 下的一个
Markdown 文件，开头两行 `---` 之间是计划的基本信息（标题、单位、年份……），之后是正文。

## 一、指导思想

（在此写明本年度工作的指导思想。）

## 二、主要任务

（在此逐条列出主要任务。）

## 三、保障措施

（在此写明组织、制度和经费等保障措施。）
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_has_settings_and_an_example_plan() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("新网站");
        let mut problems = Problems::new();
        let written = init(&site, 2026, &mut problems).unwrap();
        assert!(problems.is_empty());
        assert_eq!(
            written,
            [
                PathBuf::from("site.yaml"),
                PathBuf::from("content/plans/shili-gongzuo-jihua.md")
            ]
        );
        let plan = fs::read_to_string(site.join(&written[1])).unwrap();
        assert!(plan.contains("year: 2026\n"), "{plan}");
    }

    #[test]
    fn an_existing_site_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.yaml"), "title: 旧\n").unwrap();
        let mut problems = Problems::new();
        assert_eq!(init(dir.path(), 2026, &mut problems), None);
        assert!(problems.has_errors());
        let found = problems.into_sorted();
        assert_eq!(
            found[0].english(),
            "a site is already here; nothing was changed"
        );
        let zh = found[0].rendered_in(crate::i18n::Lang::Zh);
        assert!(
            zh.contains("error: 这里已经有一个网站，没有改动任何文件\n"),
            "{zh}"
        );
        assert!(
            zh.ends_with("用 `plansite new` 新建计划，或在另一个空文件夹里运行 `plansite init`"),
            "{zh}"
        );
        let kept = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
        assert_eq!(kept, "title: 旧\n");
        assert!(!dir.path().join("content").exists());
    }

    #[test]
    fn a_plan_of_the_example_name_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let example = dir.path().join(PLANS_DIR).join(EXAMPLE_FILE);
        fs::create_dir_all(example.parent().unwrap()).unwrap();
        fs::write(&example, "mine").unwrap();
        let mut problems = Problems::new();
        let written = init(dir.path(), 2026, &mut problems).unwrap();
        assert_eq!(written, [PathBuf::from("site.yaml")]);
        assert_eq!(fs::read_to_string(&example).unwrap(), "mine");
    }
}
