//! `plansite new` end to end: the file it writes is one `build` accepts, as a draft.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{Run, TestSite};

const SITE: &str = "title: 测试站\nbase_url: https://intranet.example/\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n";

/// The file a successful `new` says it wrote.
fn written(run: &Run) -> PathBuf {
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("wrote "))
        .unwrap_or_else(|| panic!("no `wrote` line:\n{}", run.stdout));
    PathBuf::from(line)
}

fn this_year() -> i32 {
    use chrono::Datelike;
    chrono::Local::now().year()
}

#[test]
fn writes_a_draft_that_build_accepts() {
    let site = TestSite::new(SITE);
    let run = site.run(&["new", "区总工会", "区总工会工作计划"]);
    run.ok();
    assert!(
        run.stdout.contains("remove the line `draft: true`"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "", "a declared unit gives no warning");
    let path = written(&run);
    let name = format!("{}-qu-zong-gong-hui-gong-zuo-ji-hua", this_year());
    assert_eq!(path, site.root().join(format!("content/plans/{name}.md")));
    let text = fs::read_to_string(&path).unwrap();
    for line in [
        "title: 区总工会工作计划\n",
        "unit: 区总工会\n",
        &format!("year: {}\n", this_year()),
        "date: ",
        "kind: 工作计划\n",
        "tags: []\n",
        "draft: true\n",
        "## 一、指导思想\n",
        "## 二、主要任务\n",
        "## 三、保障措施\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from\n{text}");
    }

    let build = site.build();
    build.ok();
    // A site whose only plan is a draft publishes none, which is the one warning.
    assert!(
        build
            .stderr
            .starts_with("content/plans: warning: no plans to publish yet")
            && build.stderr.lines().count() == 2,
        "no warning about the new file: {}",
        build.stderr
    );
    assert!(
        !site.out().join(format!("plans/{name}")).exists(),
        "a draft is not published"
    );
    site.run(&["build", "--drafts"]).ok();
    let page = site.read_out(&format!("plans/{name}/index.html"));
    assert!(page.contains("<h1>区总工会工作计划</h1>"), "{page}");
    assert!(page.contains("三、保障措施"));
    site.run(&["check", "--drafts"]).ok();
}

#[test]
fn never_overwrites() {
    let site = TestSite::new(SITE);
    let path = written(site.run(&["new", "市总工会", "计划"]).ok());
    fs::write(&path, "已经写了的内容").unwrap();
    let run = site.run(&["new", "市总工会", "计划"]);
    run.failed()
        .says(&format!(
            "content/plans/{}-ji-hua.md: error: this file already exists",
            this_year()
        ))
        .says("no plan was written");
    assert_eq!(fs::read_to_string(&path).unwrap(), "已经写了的内容");
}

#[test]
fn a_tricky_title_round_trips() {
    let site = TestSite::new(SITE);
    let title = "通知: 安排 [草案]";
    let path = written(site.run(&["new", "市总工会", title]).ok());
    assert!(path.ends_with(format!("{}-tong-zhi-an-pai-cao-an.md", this_year())));
    site.run(&["build", "--drafts"]).ok();
    let name = path.file_stem().unwrap().to_str().unwrap();
    let page = site.read_out(&format!("plans/{name}/index.html"));
    assert!(page.contains(&format!("<h1>{title}</h1>")), "{page}");
}

#[test]
fn year_kind_and_slug_are_honoured() {
    let site = TestSite::new(SITE);
    let run = site.run(&[
        "new",
        "市总工会",
        "困难职工帮扶总结",
        "--year",
        "2015",
        "--kind",
        "工作总结",
        "--slug",
        "bangfu-zongjie",
    ]);
    let path = written(run.ok());
    assert_eq!(
        path,
        site.root().join("content/plans/2015-bangfu-zongjie.md")
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("year: 2015\n") && text.contains("kind: 工作总结\n"),
        "{text}"
    );
    if this_year() != 2015 {
        assert!(
            !text.contains("date:"),
            "a date this year would contradict the year"
        );
    }
    let build = site.run(&["build", "--drafts"]);
    build.ok();
    assert_eq!(build.stderr, "");
    let year = site.read_out("years/2015/index.html");
    assert!(year.contains("困难职工帮扶总结"));
    assert!(
        site.read_out("plans/2015-bangfu-zongjie/index.html")
            .contains("工作总结")
    );
}

#[test]
fn an_undeclared_unit_is_written_with_a_warning() {
    let site = TestSite::new(SITE);
    let run = site.run(&["new", "市总公会", "计划"]);
    run.ok()
        .says(&format!(
            "content/plans/{}-ji-hua.md:3:1: warning: unit `市总公会` is not declared in site.yaml",
            this_year()
        ))
        .says("did you mean `市总工会`?");
    assert!(written(&run).is_file());
}

#[test]
fn a_site_without_site_yaml_is_refused() {
    let site = TestSite::new(SITE);
    fs::remove_file(site.root().join("site.yaml")).unwrap();
    site.run(&["new", "市总工会", "计划"])
        .failed()
        .says("site.yaml: error: no site.yaml in");
    assert_eq!(
        fs::read_dir(site.root().join("content/plans"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn bad_arguments_are_refused() {
    let site = TestSite::new(SITE);
    site.run(&["new", "市总工会", " "])
        .failed()
        .says("error: the title is empty");
    site.run(&["new", "市总工会", "计划", "--year", "15"])
        .failed()
        .says("error: the year must be between 1900 and 2100, not 15");
}
