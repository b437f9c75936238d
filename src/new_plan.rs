//! `plansite new`: starts a plan file with complete front matter and a skeleton to fill in.
//!
//! The file is a draft (`draft: true`) so that it is never published half-written; its values
//! are written by `serde_yaml`, so a title with `: ` or a leading `[` reads back as written.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Local, NaiveDate};
use serde_yaml::{Mapping, Value};

use crate::config::Config;
use crate::content::meta::{DEFAULT_KIND, YEARS};
use crate::diagnostics::{Diagnostic, Problems, closest, codes};
use crate::i18n::Text;
use crate::slug::slugify;

/// Where new plans go, relative to the site root.
pub const PLANS_DIR: &str = "content/plans";

const SKELETON: &str = "## 一、指导思想\n\n（在此写明本年度工作的指导思想。）\n\n## 二、主要任务\n\n（在此逐条列出主要任务。）\n\n## 三、保障措施\n\n（在此写明组织、制度和经费等保障措施。）\n";

/// What the editor asked for; `None` takes the default.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub unit: String,
    pub title: String,
    /// Default: the current year.
    pub year: Option<i32>,
    /// Default: 工作计划.
    pub kind: Option<String>,
    /// Default: the title, made a slug the way `site.yaml` says.
    pub slug: Option<String>,
}

/// A plan file ready to be written (or written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan {
    /// Relative to the site root, e.g. `content/plans/2026-gong-zuo-ji-hua.md`.
    pub path: PathBuf,
    pub text: String,
}

impl NewPlan {
    /// Where the preview shows the new plan (a draft, which the preview shows), at its default
    /// address.
    pub fn preview_hint(&self) -> Text {
        let slug = self.path.file_stem().unwrap_or_default().to_string_lossy();
        Text::new("new-preview-hint").arg("address", format!("http://127.0.0.1:1111/plans/{slug}/"))
    }
}

/// Writes a new plan under `root/content/plans/`, dated today; never overwrites a file. Adds
/// to `problems` what stood in the way, and what is worth telling the editor though the file
/// is written anyway (an undeclared unit); the plan when it was written.
pub fn create(root: &Path, request: &Request, problems: &mut Problems) -> Option<NewPlan> {
    let plan = prepare(root, request, Local::now().date_naive(), problems)?;
    let full = root.join(&plan.path);
    let folder = full.with_extension("");
    if folder.is_dir() {
        let shown = plan.path.with_extension("");
        problems.push(Diagnostic::error(codes::NEW_FOLDER_EXISTS, &shown));
        return None;
    }
    let cannot_write = |err: std::io::Error| {
        Diagnostic::error(codes::NEW_WRITE_FAILED, &plan.path)
            .arg("error", err.to_string())
            .without_help()
    };
    let written = full
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(cannot_write)
        .and_then(
            |()| match OpenOptions::new().write(true).create_new(true).open(&full) {
                Ok(file) => Ok(file),
                Err(err) if err.kind() == ErrorKind::AlreadyExists => {
                    Err(Diagnostic::error(codes::NEW_FILE_EXISTS, &plan.path))
                }
                Err(err) => Err(cannot_write(err)),
            },
        )
        .and_then(|mut file| file.write_all(plan.text.as_bytes()).map_err(cannot_write));
    match written {
        Ok(()) => Some(plan),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// The file `create` would write, without touching the disk beyond reading `site.yaml`; `None`
/// when an error was added to `problems`.
pub fn prepare(
    root: &Path,
    request: &Request,
    today: NaiveDate,
    problems: &mut Problems,
) -> Option<NewPlan> {
    let config = Config::load(root, problems)?;
    let before = problems.len();
    // `what` is the field's name, which the catalogues put into words.
    let mut one_line = |what: &'static str, text: &str| {
        let text = text.trim().to_string();
        if text.is_empty() {
            problems.push(
                Diagnostic::error(codes::NEW_FIELD_EMPTY, PLANS_DIR)
                    .arg("field", what)
                    .without_help(),
            );
        } else if text.contains(['\n', '\r']) {
            problems.push(
                Diagnostic::error(codes::NEW_FIELD_NOT_ONE_LINE, PLANS_DIR)
                    .arg("field", what)
                    .without_help(),
            );
        }
        text
    };
    let title = one_line("title", &request.title);
    let unit = one_line("unit", &request.unit);
    let kind = one_line("kind", request.kind.as_deref().unwrap_or(DEFAULT_KIND));
    let slug = request.slug.as_deref().map(|s| one_line("slug", s));
    let year = request.year.unwrap_or(today.year());
    if !YEARS.contains(&year) {
        problems.push(
            Diagnostic::error(codes::NEW_YEAR_OUT_OF_RANGE, PLANS_DIR)
                .arg("first", YEARS.start().to_string())
                .arg("last", YEARS.end().to_string())
                .arg("year", year.to_string())
                .without_help(),
        );
    }
    if problems.len() > before {
        return None;
    }

    let named = match &slug {
        Some(slug) => slug.clone(),
        None => without_year(&title, year),
    };
    let slug = slugify(&named, config.slugify);
    let path = Path::new(PLANS_DIR).join(format!("{year}-{slug}.md"));

    let mut front = Mapping::new();
    let mut set = |key: &str, value: Value| front.insert(Value::from(key), value);
    set("title", Value::from(title));
    set("unit", Value::from(unit.as_str()));
    set("year", Value::from(year));
    // A date in another year would contradict `year` (a plan for next year written in
    // December): leave it out rather than warn about the file just made.
    if today.year() == year {
        set("date", Value::from(today.format("%Y-%m-%d").to_string()));
    }
    set("kind", Value::from(kind));
    set("tags", Value::Sequence(Vec::new()));
    set("draft", Value::from(true));
    let yaml = serde_yaml::to_string(&front).expect("a mapping of strings serializes");
    let text = format!("---\n{yaml}---\n\n{SKELETON}");

    let declared: Vec<&str> = config.units.iter().map(|u| u.name.as_str()).collect();
    if !declared.is_empty() && !declared.contains(&unit.as_str()) {
        let line = 1 + text
            .lines()
            .position(|l| l.starts_with("unit:"))
            .unwrap_or(0);
        // Shared with a build's warning (`site::unit_tree`): the help line names the closest
        // declared unit (`.help`), or else lists them (`.help-declared`).
        let d = Diagnostic::warning(codes::PLAN_UNIT_UNDECLARED, &path)
            .arg("unit", unit.as_str())
            .at(line, 1);
        let d = match closest(&unit, declared.iter().copied()) {
            Some(close) => d.arg("close", close),
            None => d
                .arg("declared", declared.join("、"))
                .help_from("help-list"),
        };
        problems.push(d);
    }
    Some(NewPlan { path, text })
}

/// The title without its year (`区总工会2026年工作计划` → `区总工会工作计划`): the file name
/// starts with the year already, and would otherwise say it twice.
pub(crate) fn without_year(title: &str, year: i32) -> String {
    let mut text = title.to_string();
    for written in [format!("{year}年度"), format!("{year}年"), year.to_string()] {
        text = text.replace(&written, "");
    }
    match text.trim() {
        "" => title.to_string(),
        rest => rest.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::CONFIG_FILE;

    #[test]
    fn the_preview_hint_gives_the_plans_address() {
        let plan = NewPlan {
            path: PathBuf::from("content/plans/2026-gong-zuo-ji-hua.md"),
            text: String::new(),
        };
        let catalogue = crate::i18n::Catalogue::load();
        let zh = catalogue
            .messages(crate::i18n::Lang::Zh)
            .text(&plan.preview_hint());
        assert_eq!(
            zh,
            "预览：plansite serve，然后打开 http://127.0.0.1:1111/plans/2026-gong-zuo-ji-hua/（草稿也会显示）"
        );
        let en = catalogue
            .messages(crate::i18n::Lang::En)
            .text(&plan.preview_hint());
        assert!(
            en.contains("http://127.0.0.1:1111/plans/2026-gong-zuo-ji-hua/"),
            "{en}"
        );
    }
    use crate::content::{front_matter, meta};

    /// [`prepare`]d today, with the problems found.
    fn prepare_now(
        root: &Path,
        request: &Request,
    ) -> Result<(NewPlan, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut problems = Problems::new();
        match prepare(root, request, today(), &mut problems) {
            Some(plan) => Ok((plan, problems.into_iter().collect())),
            None => Err(problems.into_iter().collect()),
        }
    }

    fn site(yaml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        dir
    }

    fn request(unit: &str, title: &str) -> Request {
        Request {
            unit: unit.into(),
            title: title.into(),
            ..Request::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()
    }

    fn read_back(plan: &NewPlan) -> meta::Meta {
        let mut problems = Problems::new();
        let split = front_matter::split(&plan.path, &plan.text, &mut problems).unwrap();
        let meta = meta::parse(&plan.path, &split, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        meta.unwrap()
    }

    #[test]
    fn writes_complete_front_matter() {
        let dir = site("title: t\nunits:\n  - name: 市总工会\n");
        let (plan, warnings) =
            prepare_now(dir.path(), &request("市总工会", "2026年工作计划")).unwrap();
        assert_eq!(
            plan.path,
            Path::new("content/plans/2026-gong-zuo-ji-hua.md")
        );
        assert!(
            plan.text.starts_with(
                "---\ntitle: 2026年工作计划\nunit: 市总工会\nyear: 2026\ndate: 2026-03-05\nkind: 工作计划\ntags: []\ndraft: true\n---\n\n## 一、指导思想\n"
            ),
            "{}",
            plan.text
        );
        assert!(warnings.is_empty());
        let meta = read_back(&plan);
        assert!(meta.draft);
        assert_eq!(meta.date, Some(today()));
    }

    #[test]
    fn the_file_name_says_the_year_once() {
        let dir = site("title: t\n");
        for (title, year, file) in [
            (
                "区总工会2026年工作计划",
                2026,
                "2026-qu-zong-gong-hui-gong-zuo-ji-hua.md",
            ),
            (
                "区总工会2027年度工作要点",
                2027,
                "2027-qu-zong-gong-hui-gong-zuo-yao-dian.md",
            ),
            // Another year in the title is part of its name.
            (
                "区总工会2025年工作总结",
                2026,
                "2026-qu-zong-gong-hui-2025nian-gong-zuo-zong-jie.md",
            ),
            // A title that is only the year keeps it.
            ("2026年", 2026, "2026-2026nian.md"),
        ] {
            let request = Request {
                year: Some(year),
                ..request("区总工会", title)
            };
            let (plan, _) = prepare_now(dir.path(), &request).unwrap();
            assert_eq!(plan.path, Path::new("content/plans").join(file), "{title}");
        }
    }

    #[test]
    fn tricky_values_read_back_as_written() {
        let dir = site("title: t\nslugify: unicode\n");
        for title in [
            "通知: 安排 [草案]",
            "[草案] 计划",
            "2015",
            "yes",
            "- 列表",
            "#1 计划",
        ] {
            let (plan, _) = prepare_now(dir.path(), &request("区总工会: 办公室", title)).unwrap();
            let meta = read_back(&plan);
            assert_eq!(meta.title, title);
            assert_eq!(meta.unit, "区总工会: 办公室");
        }
    }

    #[test]
    fn options_are_honoured() {
        let dir = site("title: t\n");
        let (plan, _) = prepare_now(
            dir.path(),
            &Request {
                year: Some(2027),
                kind: Some("工作要点".into()),
                slug: Some("Gonghui Yaodian".into()),
                ..request("镇总工会", "要点")
            },
        )
        .unwrap();
        assert_eq!(
            plan.path,
            Path::new("content/plans/2027-gonghui-yaodian.md")
        );
        let meta = read_back(&plan);
        assert_eq!((meta.year, meta.kind.as_str()), (2027, "工作要点"));
        assert_eq!(meta.date, None, "a date in 2026 would contradict the year");
    }

    #[test]
    fn undeclared_unit_suggests_the_closest() {
        let dir = site("title: t\nunits:\n  - name: 市总工会\n  - name: 区总工会\n");
        let (_, warnings) = prepare_now(dir.path(), &request("市总公会", "计划")).unwrap();
        let warning = &warnings[0];
        assert_eq!(warning.line, Some(3));
        // Its words are the shared message's, in front-matter.ftl; here, its values.
        assert_eq!(warning.code, codes::PLAN_UNIT_UNDECLARED);
        assert!(
            warning.args.contains(&("close", "市总工会".into())),
            "{warning:?}"
        );
        assert!(
            warning.args.contains(&("unit", "市总公会".into())),
            "{warning:?}"
        );
    }

    #[test]
    fn bad_requests_are_refused() {
        let dir = site("title: t\n");
        let err = prepare_now(dir.path(), &request(" ", "计划\n第二行")).unwrap_err();
        let messages: Vec<String> = err.iter().map(|d| d.english()).collect();
        assert_eq!(
            messages,
            ["the title must be one line", "the unit is empty"]
        );
        let zh: Vec<String> = err
            .iter()
            .map(|d| d.rendered_in(crate::i18n::Lang::Zh))
            .collect();
        assert_eq!(
            zh,
            [
                "content/plans: error: 标题只能写一行",
                "content/plans: error: 单位不能为空"
            ]
        );
        let year = Request {
            year: Some(15),
            ..request("u", "t")
        };
        assert!(prepare_now(dir.path(), &year).is_err());
        let missing = tempfile::tempdir().unwrap();
        let err = prepare_now(missing.path(), &request("u", "t")).unwrap_err();
        assert!(err[0].english().starts_with("no site.yaml in"));
    }
}
