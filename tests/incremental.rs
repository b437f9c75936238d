//! Rebuilds that reuse unchanged pages give exactly the bytes of a fresh build, and redo only
//! the pages that depend on what changed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{TestSite, snapshot};
use plansite::pipeline::{self, Changes, Options, Preview, Rebuilt};

fn options(site: &TestSite) -> Options {
    Options {
        root: site.root().to_path_buf(),
        drafts: false,
        base_path: None,
        strict: false,
    }
}

fn site() -> TestSite {
    let site = TestSite::new(
        "title: 增量\nbase_url: https://intranet.example/\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n",
    );
    for (i, unit) in ["市总工会", "区总工会"].iter().enumerate() {
        for year in 2010..2016 {
            site.plan(
                &format!("p-{i}-{year}"),
                &format!("title: {unit}{year}年计划\nunit: {unit}\nyear: {year}\ntags: [帮扶]"),
                "## 一、任务\n\n正文。",
            );
        }
    }
    site
}

/// A preview of `site` in a folder of its own, as `plansite serve` keeps one.
fn preview(site: &TestSite) -> (Preview, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    (Preview::new(options(site), out.path().to_path_buf()), out)
}

/// Rebuilds the preview, then checks the result against a build with no cache at all.
fn rerender(
    site: &TestSite,
    (preview, out): &mut (Preview, tempfile::TempDir),
) -> pipeline::Report {
    rebuild_and_compare(site, preview, out.path()).report
}

#[test]
fn a_body_edit_redoes_only_the_pages_that_show_the_plan() {
    let site = site();
    let mut previewed = preview(&site);
    let first = rerender(&site, &mut previewed);
    assert_eq!(
        first.rendered, first.pages,
        "an empty cache renders everything"
    );

    let unchanged = rerender(&site, &mut previewed);
    assert_eq!(unchanged.rendered, 0, "nothing changed, nothing rendered");

    site.plan(
        "p-1-2013",
        "title: 区总工会2013年计划\nunit: 区总工会\nyear: 2013\ntags: [帮扶]",
        "## 一、任务\n\n改过的正文，更长一些。",
    );
    let edited = rerender(&site, &mut previewed);
    // The plan, its unit, year and tag pages, the home page, and its two neighbours' pagers.
    assert!(
        edited.rendered >= 5 && edited.rendered <= 8,
        "rendered {} of {}",
        edited.rendered,
        edited.pages
    );
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let site = site();
    let mut previewed = preview(&site);
    rerender(&site, &mut previewed);
    let plan = |name: &str, front: &str| site.plan(name, front, "正文。");
    // Title, unit, year and tag changes; a new plan; a deletion; a rename; a draft toggle.
    plan(
        "p-0-2011",
        "title: 新标题\nunit: 市总工会\nyear: 2011\ntags: [帮扶]",
    );
    rerender(&site, &mut previewed);
    plan("p-0-2012", "title: 换单位\nunit: 区总工会\nyear: 2012");
    rerender(&site, &mut previewed);
    plan(
        "p-0-2013",
        "title: 换年份\nunit: 市总工会\nyear: 2020\ntags: [新主题]",
    );
    rerender(&site, &mut previewed);
    plan("added", "title: 新增\nunit: 市总工会\nyear: 2016");
    rerender(&site, &mut previewed);
    std::fs::remove_file(site.root().join("content/plans/p-1-2010.md")).unwrap();
    rerender(&site, &mut previewed);
    std::fs::rename(
        site.root().join("content/plans/p-1-2011.md"),
        site.root().join("content/plans/renamed.md"),
    )
    .unwrap();
    rerender(&site, &mut previewed);
    plan(
        "p-1-2012",
        "title: 草稿\nunit: 区总工会\nyear: 2012\ndraft: true",
    );
    rerender(&site, &mut previewed);
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}{{ plan.title }}{% endblock content %}",
    );
    let templates = rerender(&site, &mut previewed);
    assert!(templates.rendered > 0);
}

/// A build into the folder of the last one renders again only the pages that show a plan whose
/// body changed since a page was published, from what the last build recorded of its pages,
/// and publishes what a build from nothing publishes. A record that cannot be used is no
/// help: every page is rendered, with a note.
#[test]
fn a_build_after_a_body_edit_renders_only_the_pages_that_show_the_plan() {
    let site = site();
    let out = site.root().join("public");
    let edit = |name: &str, unit: &str, year: i32, body: &str| {
        let front = format!("title: {unit}{year}年计划\nunit: {unit}\nyear: {year}\ntags: [帮扶]");
        site.plan(name, &front, body);
    };
    let build = || {
        let report = pipeline::build(&options(&site), &out);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let fresh = tempfile::tempdir().unwrap();
        let clean = pipeline::build(&options(&site), fresh.path());
        assert_eq!(clean.rendered, clean.pages, "a new folder holds no page");
        assert!(
            snapshot(&out) == snapshot(fresh.path()),
            "not a clean build's"
        );
        report
    };
    let first = build();
    assert_eq!(first.rendered, first.pages);
    edit("p-0-2010", "市总工会", 2010, "第一次改过的正文。");
    // The folder written now is new: nothing is kept beside the output folder yet.
    assert_eq!(build().rendered, first.pages);
    edit("p-1-2013", "区总工会", 2013, "第二次改过的正文。");
    let edited = build();
    // The pages of both plans, those of the first from the kept generation's time: the
    // plan, its unit's, year's and tag's lists, the home page, and its neighbours' pagers.
    assert!(
        edited.rendered >= 10 && edited.rendered < first.pages / 2,
        "rendered {} of {}",
        edited.rendered,
        edited.pages
    );

    let record = site.root().join(".plansite/pages");
    let mut bytes = fs::read(&record).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    fs::write(&record, bytes).unwrap();
    edit("p-1-2013", "区总工会", 2013, "第三次改过的正文。");
    let damaged = build();
    assert_eq!(damaged.rendered, damaged.pages);
    let notes: Vec<&str> = damaged.notes.iter().map(|note| note.id).collect();
    assert_eq!(notes, ["pages-note"]);
}

/// Another plansite binary (as after an upgrade: its size or time differ) does not believe
/// the parse cache the last one kept, whose types may differ from its own, and says so.
#[test]
fn a_new_plansite_does_not_believe_the_old_ones_parse_cache() {
    let site = site();
    let bin = tempfile::tempdir().unwrap();
    let exe = bin.path().join("plansite");
    fs::copy(env!("CARGO_BIN_EXE_plansite"), &exe).unwrap();
    let build = || {
        let mut command = std::process::Command::new(&exe);
        command
            .env("PLANSITE_LANG", "en")
            .arg("build")
            .arg("--root");
        common::Run::from(command.arg(site.root()).output().unwrap())
    };
    let first = build();
    assert!(!first.ok().stderr.contains("note:"), "{}", first.stderr);
    set_modified(&exe, SystemTime::now() - Duration::from_secs(3600));
    let upgraded = build();
    let stderr = &upgraded.ok().stderr;
    assert!(
        stderr.contains("cannot be used, so its plans are read again")
            && stderr.contains("it was made by another plansite"),
        "{stderr}"
    );
}

/// A build after a template of the site's own is added or changed, or after `site.yaml`
/// changes, is the build a fresh folder gets: no page is kept from the last build's record.
#[test]
fn a_build_after_a_template_or_the_settings_change_is_a_fresh_build() {
    let site = site();
    let out = site.root().join("public");
    let build = || {
        let report = pipeline::build(&options(&site), &out);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let fresh = tempfile::tempdir().unwrap();
        pipeline::build(&options(&site), fresh.path());
        assert!(
            snapshot(&out) == snapshot(fresh.path()),
            "not a fresh build's"
        );
        report
    };
    let first = build();
    build();
    let plan = |text: &str| {
        let page = format!(
            "{{% extends \"base.html\" %}}{{% block content %}}<p>{text}{{{{ plan.title }}}}</p>{{% endblock content %}}"
        );
        site.write("templates/plan.html", page);
    };
    plan("甲：");
    assert_eq!(build().rendered, first.pages);
    plan("乙：");
    assert_eq!(build().rendered, first.pages);
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        yaml.replace("title: 增量", "title: 改过的标题"),
    );
    assert_eq!(build().rendered, first.pages);
    assert!(
        fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("改过的标题")
    );
}

/// Makes every file under `content/` an hour old: the parse cache then trusts their stamps,
/// as it does for a real site's files between saves, instead of comparing their text.
fn age(site: &TestSite) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(site.root().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            set_modified(entry.path(), hour_ago);
        }
    }
}

fn set_modified(path: &Path, when: SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

/// Rebuilds the preview, then checks its folder against a fresh build, file by file.
fn rebuild_and_compare(site: &TestSite, preview: &mut Preview, out: &Path) -> Rebuilt {
    let rebuilt = preview.rebuild();
    assert!(
        !rebuilt.report.failed(),
        "rebuild failed: {:?}",
        rebuilt.report.diagnostics
    );
    let fresh = tempfile::tempdir().unwrap();
    let report = pipeline::build(&options(site), &fresh.path().join("site"));
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert_eq!(
        rebuilt.report.diagnostics, report.diagnostics,
        "the preview reports other findings than a build"
    );
    let (preview_files, fresh_files) = (snapshot(out), snapshot(&fresh.path().join("site")));
    let paths = |files: &std::collections::BTreeMap<PathBuf, Vec<u8>>| {
        files.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(
        paths(&preview_files),
        paths(&fresh_files),
        "the preview holds other files"
    );
    for (path, bytes) in &preview_files {
        assert!(
            *bytes == fresh_files[path],
            "{} differs from a fresh build",
            path.display()
        );
    }
    rebuilt
}

#[test]
fn the_preview_folder_matches_a_fresh_build_after_every_kind_of_edit() {
    let site = site();
    site.plan(
        "linking",
        "title: 引用\nunit: 市总工会\nyear: 2015",
        "见[去年的计划](p-0-2014.md)。",
    );
    site.write(
        "content/plans/bundle/index.md",
        "---\ntitle: 带附件\nunit: 区总工会\nyear: 2015\n---\n\n见[附件](附件.txt)。\n",
    );
    site.write("content/plans/bundle/附件.txt", "一");
    age(&site);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("preview");
    let mut preview = Preview::new(options(&site), out.clone());
    rebuild_and_compare(&site, &mut preview, &out);
    let unchanged = rebuild_and_compare(&site, &mut preview, &out);
    assert_eq!((unchanged.report.rendered, unchanged.written), (0, 0));

    let path = |name: &str| site.root().join(format!("content/plans/{name}.md"));
    let plan = |name: &str, front: &str, body: &str| site.plan(name, front, body);
    let front = |title: &str, unit: &str, year: i32| {
        format!("title: {title}\nunit: {unit}\nyear: {year}\ntags: [帮扶]")
    };

    // Body, title, unit and year changes.
    plan(
        "p-0-2010",
        &front("市总工会2010年计划", "市总工会", 2010),
        "改过的正文。",
    );
    let edited = rebuild_and_compare(&site, &mut preview, &out);
    assert!(edited.report.rendered > 0 && edited.written > 0);
    plan("p-0-2011", &front("新标题", "市总工会", 2011), "正文。");
    rebuild_and_compare(&site, &mut preview, &out);
    plan("p-0-2012", &front("换单位", "区总工会", 2012), "正文。");
    rebuild_and_compare(&site, &mut preview, &out);
    plan("p-0-2013", &front("换年份", "市总工会", 2020), "正文。");
    rebuild_and_compare(&site, &mut preview, &out);

    // Touched without a change: read again, nothing rendered or written.
    set_modified(&path("p-1-2015"), SystemTime::now());
    let touched = rebuild_and_compare(&site, &mut preview, &out);
    assert_eq!((touched.report.rendered, touched.written), (0, 0));

    // Replaced by text of the same size with its old modification time put back (as `cp -p`
    // or a sync tool does): only the status-change time tells.
    let before = modified(&path("p-1-2014"));
    let text = fs::read_to_string(path("p-1-2014")).unwrap();
    fs::write(path("p-1-2014"), text.replace("正文。", "新文。")).unwrap();
    set_modified(&path("p-1-2014"), before);
    rebuild_and_compare(&site, &mut preview, &out);
    assert!(
        fs::read_to_string(out.join("plans/p-1-2014/index.html"))
            .unwrap()
            .contains("新文")
    );

    // The plan a link leads to becomes a draft, is published again, is renamed: the linking
    // plan's file does not change, its page does.
    plan(
        "p-0-2014",
        &format!(
            "{}\ndraft: true",
            front("市总工会2014年计划", "市总工会", 2014)
        ),
        "正文。",
    );
    rebuild_and_compare(&site, &mut preview, &out);
    plan(
        "p-0-2014",
        &front("市总工会2014年计划", "市总工会", 2014),
        "正文。",
    );
    rebuild_and_compare(&site, &mut preview, &out);
    fs::rename(path("p-0-2014"), path("p-0-2014-renamed")).unwrap();
    rebuild_and_compare(&site, &mut preview, &out);

    // An attachment grows: the plan's file does not change, its page shows the new size.
    site.write("content/plans/bundle/附件.txt", "一".repeat(2000));
    rebuild_and_compare(&site, &mut preview, &out);

    // Deleted, added, and a template and a static file added and removed.
    fs::remove_file(path("p-1-2010")).unwrap();
    rebuild_and_compare(&site, &mut preview, &out);
    plan("added", &front("新增", "市总工会", 2016), "正文。");
    rebuild_and_compare(&site, &mut preview, &out);
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}{{ plan.title }}{% endblock content %}",
    );
    rebuild_and_compare(&site, &mut preview, &out);
    fs::remove_dir_all(site.root().join("templates")).unwrap();
    rebuild_and_compare(&site, &mut preview, &out);
    site.write("static/logo.txt", "标志");
    rebuild_and_compare(&site, &mut preview, &out);
    fs::remove_dir_all(site.root().join("static")).unwrap();
    rebuild_and_compare(&site, &mut preview, &out);
}

#[test]
fn a_same_size_rewrite_right_after_a_rebuild_is_seen() {
    // Written, rebuilt and written again within moments, perhaps within one timestamp tick.
    let site = site();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("preview");
    let mut preview = Preview::new(options(&site), out.clone());
    for body in ["甲乙。", "丙丁。", "甲乙。"] {
        site.plan(
            "p-0-2015",
            "title: 市总工会2015年计划\nunit: 市总工会\nyear: 2015\ntags: [帮扶]",
            body,
        );
        rebuild_and_compare(&site, &mut preview, &out);
        let page = fs::read_to_string(out.join("plans/p-0-2015/index.html")).unwrap();
        assert!(page.contains(body), "the page does not show {body}");
    }
}

/// What serve's watcher reports for these files (relative to the site root).
fn told(content: &[&str], config: bool) -> Changes {
    Changes::Known {
        content: content.iter().map(PathBuf::from).collect(),
        config,
    }
}

#[test]
fn rebuilds_told_what_changed_match_a_fresh_build() {
    let site = site();
    site.write(
        "content/plans/folder-a/index.md",
        "---\ntitle: 甲\nunit: 市总工会\nyear: 2015\n---\n\n甲的正文。\n",
    );
    site.write(
        "content/plans/folder-b/index.md",
        "---\ntitle: 乙\nunit: 市总工会\nyear: 2015\n---\n\n乙的正文。\n",
    );
    age(&site);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("preview");
    let mut preview = Preview::new(options(&site), out.clone());
    let check = |preview: &mut Preview, changes: Changes| {
        let rebuilt = preview.rebuild_after(&changes);
        assert!(!rebuilt.report.failed(), "{:?}", rebuilt.report.diagnostics);
        let fresh = tempfile::tempdir().unwrap();
        pipeline::build(&options(&site), &fresh.path().join("site"));
        let (preview_files, fresh_files) = (snapshot(&out), snapshot(&fresh.path().join("site")));
        let differ: Vec<&PathBuf> = preview_files
            .keys()
            .chain(fresh_files.keys())
            .filter(|p| preview_files.get(*p) != fresh_files.get(*p))
            .collect();
        assert!(
            differ.is_empty(),
            "told of {changes:?}, the preview differs from a fresh build in {differ:?}"
        );
        rebuilt
    };
    check(&mut preview, Changes::Unknown);

    // A body edit: only the pages showing the plan are rendered.
    site.plan(
        "p-0-2012",
        "title: 市总工会2012年计划\nunit: 市总工会\nyear: 2012\ntags: [帮扶]",
        "## 一、任务\n\n改过的正文。",
    );
    let edited = check(&mut preview, told(&["content/plans/p-0-2012.md"], false));
    assert!(edited.report.rendered > 0 && edited.report.rendered < 10);

    // site.yaml broken while a plan changes: the rebuild fails; once site.yaml is fixed, the
    // plan's change is not lost although the watcher reports only site.yaml.
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", "title: [未闭合\n");
    site.plan(
        "p-1-2012",
        "title: 区总工会2012年计划\nunit: 区总工会\nyear: 2012\ntags: [帮扶]",
        "## 一、任务\n\n在配置出错时改的正文。",
    );
    let broken = preview.rebuild_after(&told(&["content/plans/p-1-2012.md"], true));
    assert!(broken.report.failed());
    site.write("site.yaml", yaml);
    check(&mut preview, told(&[], true));
    assert!(
        fs::read_to_string(out.join("plans/p-1-2012/index.html"))
            .unwrap()
            .contains("在配置出错时改的正文")
    );

    // Only site.yaml changed: no plan's head changed, but pages did. Each change is undone
    // after it, and both rebuilds must match a fresh build.
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    for (what, changed) in [
        (
            "the site's title, which every page shows",
            yaml.replacen("title: ", "title: 改名的", 1),
        ),
        (
            "the indexes' length, which no page shows by itself",
            format!("{yaml}page_size: 2\n"),
        ),
        (
            "a unit's address, which every card of its plans links to",
            yaml.replacen(
                "  - name: 区总工会\n",
                "  - name: 区总工会\n    slug: qu-new\n",
                1,
            ),
        ),
    ] {
        assert_ne!(changed, yaml, "{what}");
        for text in [&changed, &yaml] {
            site.write("site.yaml", text);
            check(&mut preview, told(&[], true));
        }
    }

    // A plan renamed, so that only its address changes.
    let plans = site.root().join("content/plans");
    fs::rename(plans.join("p-1-2013.md"), plans.join("p-1-2013-new.md")).unwrap();
    check(
        &mut preview,
        told(
            &["content/plans/p-1-2013.md", "content/plans/p-1-2013-new.md"],
            false,
        ),
    );

    // Two folders swapped: the watcher names the folders, not the files in them.
    fs::rename(plans.join("folder-a"), plans.join("folder-tmp")).unwrap();
    fs::rename(plans.join("folder-b"), plans.join("folder-a")).unwrap();
    fs::rename(plans.join("folder-tmp"), plans.join("folder-b")).unwrap();
    check(
        &mut preview,
        told(
            &[
                "content/plans/folder-a",
                "content/plans/folder-b",
                "content/plans/folder-tmp",
            ],
            false,
        ),
    );

    // A tag that takes the address of another plan's tag: that plan is the same, but the
    // link of its tag is not.
    site.write(
        "content/plans/folder-a/index.md",
        "---\ntitle: 甲\nunit: 市总工会\nyear: 2015\ntags: [help]\n---\n\n甲的正文。\n",
    );
    check(
        &mut preview,
        told(&["content/plans/folder-a/index.md"], false),
    );
    site.write(
        "content/plans/folder-b/index.md",
        "---\ntitle: 乙\nunit: 市总工会\nyear: 2015\ntags: [Help]\n---\n\n乙的正文。\n",
    );
    check(
        &mut preview,
        told(&["content/plans/folder-b/index.md"], false),
    );
    assert!(
        fs::read_to_string(out.join("plans/folder-b/index.html"))
            .unwrap()
            .contains("tags/help/")
    );

    // A title edit changes the indexes: everything is looked at again.
    site.plan(
        "p-0-2013",
        "title: 改过的标题\nunit: 市总工会\nyear: 2013\ntags: [帮扶]",
        "## 一、任务\n\n正文。",
    );
    check(&mut preview, told(&["content/plans/p-0-2013.md"], false));

    // A body edit while a static file takes a page's place: the rebuild fails; once the file
    // is gone (the watcher reports no content), the edit is shown.
    site.write("static/plans/p-0-2014/index.html", "<p>占位</p>");
    site.plan(
        "p-0-2014",
        "title: 市总工会2014年计划\nunit: 市总工会\nyear: 2014\ntags: [帮扶]",
        "## 一、任务\n\n静态文件冲突时改的正文。",
    );
    let broken = preview.rebuild_after(&told(&["content/plans/p-0-2014.md"], false));
    assert!(broken.report.failed());
    fs::remove_dir_all(site.root().join("static")).unwrap();
    check(&mut preview, told(&[], false));
    assert!(
        fs::read_to_string(out.join("plans/p-0-2014/index.html"))
            .unwrap()
            .contains("静态文件冲突时改的正文")
    );

    // A body edit while another plan has an attachment that would replace its page: nothing
    // is written while the error stands, and the edit made meanwhile is written once it is
    // fixed.
    site.write("content/plans/folder-a/index.html", "<p>附件</p>");
    let broken = preview.rebuild_after(&told(&["content/plans/folder-a/index.html"], false));
    assert!(broken.report.failed());
    site.plan(
        "p-1-2015",
        "title: 区总工会2015年计划\nunit: 区总工会\nyear: 2015\ntags: [帮扶]",
        "## 一、任务\n\n附件出错时改的正文。",
    );
    let broken = preview.rebuild_after(&told(&["content/plans/p-1-2015.md"], false));
    assert!(broken.report.failed());
    let page = || fs::read_to_string(out.join("plans/p-1-2015/index.html")).unwrap();
    assert!(
        !page().contains("附件出错时改的正文"),
        "a rebuild with an error wrote pages"
    );
    fs::remove_file(site.root().join("content/plans/folder-a/index.html")).unwrap();
    check(
        &mut preview,
        told(&["content/plans/folder-a/index.html"], false),
    );
    assert!(page().contains("附件出错时改的正文"));

    // A title edit (the search index changes with it, made while the pages are rendered)
    // while a template is broken: once the template is fixed, the index has the new title.
    site.write("templates/plan.html", "{% if %}");
    site.plan(
        "p-1-2013",
        "title: 模板出错时改的标题\nunit: 区总工会\nyear: 2013\ntags: [帮扶]",
        "## 一、任务\n\n正文。",
    );
    let broken = preview.rebuild_after(&told(&["content/plans/p-1-2013.md"], false));
    assert!(broken.report.failed());
    fs::remove_dir_all(site.root().join("templates")).unwrap();
    check(&mut preview, told(&[], false));
    let rows = fs::read_dir(out.join("search/d")).unwrap();
    let titles: String = rows
        .map(|row| fs::read_to_string(row.unwrap().path()).unwrap())
        .collect();
    assert!(titles.contains("模板出错时改的标题"));
}

/// Random edit sequences through the preview's path (render with the cache kept between
/// rebuilds, then write in place) against a fresh full build after every step.
/// `PROPTEST_CASES=500 cargo test --test incremental` runs more sequences than the default.
mod random_edits {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::common::{TestSite, snapshot};
    use plansite::pipeline::{self, Changes, Options, Preview};

    const NAMES: [&str; 8] = ["n0", "n1", "n2", "n3", "计划甲", "计划乙", "N0", "n 4"];
    const TITLES: [&str; 5] = [
        "市总工会计划",
        "区总工会计划",
        "同名计划",
        "同名计划",
        "<b>标题</b>",
    ];
    const UNITS: [&str; 4] = ["市总工会", "区总工会", "街道总工会", "未声明工会"];
    const TAGS: [&[&str]; 4] = [&[], &["帮扶"], &["帮扶", "女职工"], &["Tag", "tag"]];
    const BODIES: [&str; 5] = [
        "## 一、任务\n\n正文。",
        "## 一、任务\n\n改过的正文，见[另一份](n1.md)。\n\n## 二、措施\n\n- 帮扶\n",
        "第一段。\n\n| 项目 | 数量 |\n|---|---|\n| 帮扶 | 76 |\n",
        "见[计划甲](计划甲.md#一-任务)和[附件](bundle/附件.txt)。",
        "",
    ];
    const TEMPLATES: [Option<&str>; 3] = [
        None,
        Some(
            "{% extends \"base.html\" %}{% block content %}<h1>{{ plan.title }}</h1>{{ plan.html | safe }}{% endblock content %}",
        ),
        // A broken template: both builds fail, and the preview keeps its last good pages.
        Some("{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}"),
    ];

    #[derive(Debug, Clone)]
    struct Plan {
        title: usize,
        unit: usize,
        year: i32,
        tags: usize,
        body: usize,
        draft: bool,
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Body(usize, usize),
        Title(usize, usize),
        Unit(usize, usize),
        Year(usize, i32),
        Tags(usize, usize),
        Draft(usize),
        Delete(usize),
        Rename(usize, usize),
        Add(usize, Plan),
        Template(usize),
        Attachment(u8),
        SiteTitle(u8),
        Static(Option<u8>),
    }

    fn plan() -> impl Strategy<Value = Plan> {
        (
            0..TITLES.len(),
            0..UNITS.len(),
            2010..2016i32,
            0..TAGS.len(),
            0..BODIES.len(),
            prop::bool::weighted(0.2),
        )
            .prop_map(|(title, unit, year, tags, body, draft)| Plan {
                title,
                unit,
                year,
                tags,
                body,
                draft,
            })
    }

    fn edit() -> impl Strategy<Value = Edit> {
        // Plan indexes are taken modulo the plans there are when the edit is applied.
        let i = 0..16usize;
        prop_oneof![
            3 => (i.clone(), 0..BODIES.len()).prop_map(|(i, b)| Edit::Body(i, b)),
            2 => (i.clone(), 0..TITLES.len()).prop_map(|(i, t)| Edit::Title(i, t)),
            2 => (i.clone(), 0..UNITS.len()).prop_map(|(i, u)| Edit::Unit(i, u)),
            2 => (i.clone(), 2009..2017i32).prop_map(|(i, y)| Edit::Year(i, y)),
            1 => (i.clone(), 0..TAGS.len()).prop_map(|(i, t)| Edit::Tags(i, t)),
            2 => i.clone().prop_map(Edit::Draft),
            2 => i.clone().prop_map(Edit::Delete),
            2 => (i.clone(), 0..NAMES.len()).prop_map(|(i, n)| Edit::Rename(i, n)),
            2 => (0..NAMES.len(), plan()).prop_map(|(n, p)| Edit::Add(n, p)),
            1 => (0..TEMPLATES.len()).prop_map(Edit::Template),
            1 => any::<u8>().prop_map(Edit::Attachment),
            1 => any::<u8>().prop_map(Edit::SiteTitle),
            1 => prop::option::of(any::<u8>()).prop_map(Edit::Static),
        ]
    }

    /// The site as the edits have left it, mirrored on disk.
    struct Model {
        site: TestSite,
        plans: BTreeMap<&'static str, Plan>,
        /// What the last edit touched, as a file watcher would report it.
        touched: Vec<PathBuf>,
        config_touched: bool,
    }

    impl Model {
        fn new(initial: Vec<(usize, Plan)>) -> Model {
            let site = TestSite::new("");
            let mut model = Model {
                site,
                plans: BTreeMap::new(),
                touched: Vec::new(),
                config_touched: false,
            };
            model.site_yaml(0);
            model.site.write(
                "content/plans/bundle/index.md",
                "---\ntitle: 带附件的计划\nunit: 市总工会\nyear: 2015\n---\n\n见[附件](附件.txt)。\n",
            );
            model.site.write("content/plans/bundle/附件.txt", "附件");
            for (name, plan) in initial {
                model.write(NAMES[name], plan);
            }
            model
        }

        fn root(&self) -> &Path {
            self.site.root()
        }

        fn site_yaml(&mut self, n: u8) {
            self.config_touched = true;
            self.site.write(
                "site.yaml",
                format!("title: 增量{n}\nbase_url: https://intranet.example/plans/\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总工会\n  - name: 街道总工会\n    parent: 区总工会\n"),
            );
        }

        fn path(name: &str) -> String {
            format!("content/plans/{name}.md")
        }

        fn write(&mut self, name: &'static str, plan: Plan) {
            let tags: Vec<&str> = TAGS[plan.tags].to_vec();
            let text = format!(
                "---\ntitle: \"{}\"\nunit: {}\nyear: {}\ntags: [{}]\ndraft: {}\n---\n\n{}\n",
                TITLES[plan.title],
                UNITS[plan.unit],
                plan.year,
                tags.join(", "),
                plan.draft,
                BODIES[plan.body]
            );
            self.site.write(&Model::path(name), text);
            self.touched.push(Model::path(name).into());
            self.plans.insert(name, plan);
        }

        /// The name and a copy of the `i`th plan (modulo their number), if there is any.
        fn nth(&self, i: usize) -> Option<(&'static str, Plan)> {
            let n = self.plans.len();
            (n > 0).then(|| {
                let (name, plan) = self.plans.iter().nth(i % n).unwrap();
                (*name, plan.clone())
            })
        }

        /// Makes the edit, and says what changed as the file watcher would.
        fn apply(&mut self, edit: &Edit) -> Changes {
            self.touched.clear();
            self.config_touched = false;
            self.make(edit);
            Changes::Known {
                content: self.touched.clone(),
                config: self.config_touched,
            }
        }

        fn make(&mut self, edit: &Edit) {
            let change = |model: &mut Model, i: usize, f: &dyn Fn(&mut Plan)| {
                if let Some((name, mut plan)) = model.nth(i) {
                    f(&mut plan);
                    model.write(name, plan);
                }
            };
            match *edit {
                Edit::Body(i, body) => change(self, i, &|p| p.body = body),
                Edit::Title(i, title) => change(self, i, &|p| p.title = title),
                Edit::Unit(i, unit) => change(self, i, &|p| p.unit = unit),
                Edit::Year(i, year) => change(self, i, &|p| p.year = year),
                Edit::Tags(i, tags) => change(self, i, &|p| p.tags = tags),
                Edit::Draft(i) => change(self, i, &|p| p.draft = !p.draft),
                Edit::Delete(i) => {
                    if let Some((name, _)) = self.nth(i) {
                        std::fs::remove_file(self.root().join(Model::path(name))).unwrap();
                        self.touched.push(Model::path(name).into());
                        self.plans.remove(name);
                    }
                }
                Edit::Rename(i, to) => {
                    // `N0` and `n0` have one slug: renaming onto a taken slug is not an edit
                    // this test makes (the build refuses it, see tests/build.rs).
                    let taken = self.plans.keys().any(|n| n.eq_ignore_ascii_case(NAMES[to]));
                    if let Some((name, plan)) = self.nth(i).filter(|_| !taken) {
                        std::fs::rename(
                            self.root().join(Model::path(name)),
                            self.root().join(Model::path(NAMES[to])),
                        )
                        .unwrap();
                        self.touched.push(Model::path(name).into());
                        self.touched.push(Model::path(NAMES[to]).into());
                        self.plans.remove(name);
                        self.plans.insert(NAMES[to], plan);
                    }
                }
                Edit::Add(name, ref plan) => {
                    let taken = self
                        .plans
                        .keys()
                        .any(|n| n.eq_ignore_ascii_case(NAMES[name]));
                    if !taken {
                        self.write(NAMES[name], plan.clone());
                    }
                }
                Edit::Template(t) => match TEMPLATES[t] {
                    Some(text) => self.site.write("templates/plan.html", text),
                    None => {
                        let _ = std::fs::remove_file(self.root().join("templates/plan.html"));
                    }
                },
                Edit::Attachment(n) => {
                    self.site
                        .write("content/plans/bundle/附件.txt", format!("附件第{n}版"));
                    self.touched.push("content/plans/bundle/附件.txt".into());
                }
                Edit::SiteTitle(n) => self.site_yaml(n),
                Edit::Static(Some(n)) => self
                    .site
                    .write("static/extra.css", format!("body {{ order: {n} }}")),
                Edit::Static(None) => {
                    let _ = std::fs::remove_file(self.root().join("static/extra.css"));
                }
            }
        }
    }

    /// Every folder and file under `dir`, with the files' bytes.
    fn tree(dir: &Path) -> (BTreeSet<PathBuf>, BTreeMap<PathBuf, Vec<u8>>) {
        let folders = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_dir())
            .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
            .collect();
        (folders, snapshot(dir))
    }

    /// The paths whose bytes differ, for a readable failure.
    fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
        let paths: BTreeSet<&PathBuf> = a.keys().chain(b.keys()).collect();
        paths
            .into_iter()
            .filter(|p| a.get(*p) != b.get(*p))
            .cloned()
            .collect()
    }

    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(4);
        ProptestConfig::with_cases(cases)
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn incremental_rebuilds_equal_full_builds(
            initial in prop::collection::vec((0..NAMES.len(), plan()), 1..6),
            edits in prop::collection::vec(edit(), 1..10),
        ) {
            let mut model = Model::new(initial);
            let options = Options { root: model.root().to_path_buf(), drafts: false, base_path: None, strict: false };
            let served = tempfile::tempdir().unwrap();
            let fresh = model.root().join("public");
            // One preview looks at every file, the other is told what changed, as serve is.
            let told_dir = tempfile::tempdir().unwrap();
            let mut blind = Preview::new(options.clone(), served.path().to_path_buf());
            let mut told = Preview::new(options.clone(), told_dir.path().to_path_buf());
            for (step, edit) in std::iter::once(None).chain(edits.iter().map(Some)).enumerate() {
                let changes = match edit {
                    Some(edit) => model.apply(edit),
                    None => Changes::Unknown,
                };
                let report = blind.rebuild().report;
                let told_report = told.rebuild_after(&changes).report;
                let full = pipeline::build(&options, &fresh);
                prop_assert_eq!(report.failed(), full.failed(), "step {} ({:?}) differs in failing", step, edit);
                prop_assert_eq!(&told_report.diagnostics, &report.diagnostics, "step {} ({:?}): told of {:?}, other findings", step, edit, changes);
                if full.failed() {
                    continue;
                }
                let (served_dirs, served_files) = tree(served.path());
                let (told_dirs, told_files) = tree(told_dir.path());
                let (fresh_dirs, fresh_files) = tree(&fresh);
                prop_assert_eq!(
                    differences(&served_files, &fresh_files),
                    Vec::<PathBuf>::new(),
                    "step {} ({:?}): these files differ from a fresh build", step, edit
                );
                prop_assert_eq!(
                    differences(&told_files, &fresh_files),
                    Vec::<PathBuf>::new(),
                    "step {} ({:?}), told of {:?}: these files differ from a fresh build", step, edit, changes
                );
                prop_assert_eq!(&told_dirs, &fresh_dirs, "step {} ({:?}): folders differ", step, edit);
                prop_assert_eq!(served_dirs, fresh_dirs, "step {} ({:?}): folders differ", step, edit);
            }
        }
    }

    /// What happens to a published site between builds besides edits: a build killed part way,
    /// or someone touching the previous site kept beside it, or its manifest.
    #[derive(Debug, Clone)]
    enum Step {
        Edit(Edit),
        Build,
        /// The real binary, killed after this many milliseconds.
        Killed(u8),
        /// A byte of the manifest flipped, at this fraction of its length.
        DamageManifest(u8),
        /// The manifest cut at this fraction of its length.
        CutManifest(u8),
        /// The n-th file (modulo) of the kept site rewritten with as many other bytes.
        RewriteKept(usize),
        /// The n-th file (modulo) of the kept site deleted.
        DeleteKept(usize),
        /// A file added to the kept site.
        StrayInKept,
        /// The n-th file (modulo) of the published site rewritten with as many other bytes.
        RewritePublished(usize),
        /// A byte of each part of the cache of parsed plans (`.plansite/parsed/*`) flipped, at
        /// this fraction of its length.
        DamageCache(u8),
        /// Each part of the cache cut at this fraction of its length.
        CutCache(u8),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => edit().prop_map(Step::Edit),
            4 => Just(Step::Build),
            2 => (0..60u8).prop_map(Step::Killed),
            1 => any::<u8>().prop_map(Step::DamageManifest),
            1 => any::<u8>().prop_map(Step::CutManifest),
            1 => any::<usize>().prop_map(Step::RewriteKept),
            1 => any::<usize>().prop_map(Step::DeleteKept),
            1 => Just(Step::StrayInKept),
            1 => any::<usize>().prop_map(Step::RewritePublished),
            1 => any::<u8>().prop_map(Step::DamageCache),
            1 => any::<u8>().prop_map(Step::CutCache),
        ]
    }

    /// The files of the kept site beside `out` (or, with `published`, of `out`), in order.
    fn kept_files(out: &Path, published: bool) -> Vec<PathBuf> {
        let kept = match published {
            true => out.to_path_buf(),
            false => out.with_file_name(".public.plansite-kept"),
        };
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(kept)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        files
    }

    fn take(root: &Path, out: &Path, step: &Step) {
        let manifest = out.with_file_name(".public.plansite-manifest");
        let cache: Vec<PathBuf> = match std::fs::read_dir(root.join(".plansite/parsed")) {
            Ok(parts) => parts.map(|part| part.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        };
        let at = |n: u8, len: usize| len * n as usize / 256;
        // A change in the same tick of the clock as the build's write would keep its time.
        std::thread::sleep(std::time::Duration::from_millis(15));
        match *step {
            Step::DamageManifest(n) | Step::DamageCache(n) => {
                let files = match step {
                    Step::DamageCache(_) => &cache[..],
                    _ => std::slice::from_ref(&manifest),
                };
                for file in files {
                    // A file cut to nothing has no byte to flip.
                    if let Ok(mut bytes) = std::fs::read(file)
                        && !bytes.is_empty()
                    {
                        let i = at(n, bytes.len());
                        bytes[i] ^= 0x10;
                        std::fs::write(file, bytes).unwrap();
                    }
                }
            }
            Step::CutManifest(n) | Step::CutCache(n) => {
                let files = match step {
                    Step::CutCache(_) => &cache[..],
                    _ => std::slice::from_ref(&manifest),
                };
                for file in files {
                    if let Ok(bytes) = std::fs::read(file) {
                        std::fs::write(file, &bytes[..at(n, bytes.len())]).unwrap();
                    }
                }
            }
            Step::RewriteKept(n) | Step::RewritePublished(n) => {
                let files = kept_files(out, matches!(step, Step::RewritePublished(_)));
                if let Some(file) = files.get(n % files.len().max(1)) {
                    let len = std::fs::metadata(file).unwrap().len() as usize;
                    std::fs::write(file, vec![b'x'; len]).unwrap();
                }
            }
            Step::DeleteKept(n) => {
                let files = kept_files(out, false);
                if let Some(file) = files.get(n % files.len().max(1)) {
                    std::fs::remove_file(file).unwrap();
                }
            }
            Step::StrayInKept => {
                let kept = out.with_file_name(".public.plansite-kept");
                if kept.is_dir() {
                    std::fs::write(kept.join("stray.html"), "").unwrap();
                }
            }
            _ => unreachable!(),
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// `plansite build` into the same folder again and again, the previous site kept
        /// beside it and updated in place, the parsed plans kept in the site's cache: whatever
        /// edits, builds, killed builds and damage to what is kept come in between, each
        /// finished build publishes byte for byte what a clean build into a new folder does.
        #[test]
        fn builds_into_the_same_folder_equal_clean_builds(
            initial in prop::collection::vec((0..NAMES.len(), plan()), 1..6),
            steps in prop::collection::vec(step(), 1..14),
        ) {
            let mut model = Model::new(initial);
            let options = Options { root: model.root().to_path_buf(), drafts: false, base_path: None, strict: false };
            let published = tempfile::tempdir().unwrap();
            let out = published.path().join("public");
            // Two builds first, so that there is a kept site for the steps to find.
            let all = [&Step::Build, &Step::Build].into_iter().chain(&steps).chain([&Step::Build]);
            for (n, step) in all.enumerate() {
                match step {
                    Step::Edit(edit) => {
                        model.apply(edit);
                        continue;
                    }
                    Step::Killed(ms) => {
                        let mut child = crate::common::plansite()
                            .args(["build", "--root"])
                            .arg(model.root())
                            .arg("--out")
                            .arg(&out)
                            .stdout(std::process::Stdio::null())
                            .stderr(std::process::Stdio::null())
                            .spawn()
                            .unwrap();
                        std::thread::sleep(std::time::Duration::from_millis(u64::from(*ms)));
                        child.kill().unwrap();
                        child.wait().unwrap();
                        continue;
                    }
                    // Most builds long enough after the last change for the fingerprint of
                    // their inputs to be trusted, so that some find nothing to do.
                    Step::Build => std::thread::sleep(std::time::Duration::from_millis(60)),
                    corruption => {
                        take(model.root(), &out, corruption);
                        continue;
                    }
                }
                let report = pipeline::build(&options, &out);
                // A clean build: of a copy of the site, without its cache, into a new folder.
                let clean_dir = tempfile::tempdir().unwrap();
                let clean_site = clean_dir.path().join("site");
                crate::common::copy_dir(model.root(), &clean_site);
                let _ = std::fs::remove_dir_all(clean_site.join(".plansite"));
                let clean_options = Options { root: clean_site, ..options.clone() };
                let clean = pipeline::build(&clean_options, &clean_dir.path().join("public"));
                prop_assert_eq!(report.failed(), clean.failed(), "step {} ({:?})", n, step);
                if clean.failed() {
                    continue;
                }
                let (dirs, files) = tree(&out);
                let (clean_dirs, clean_files) = tree(&clean_dir.path().join("public"));
                prop_assert_eq!(
                    differences(&files, &clean_files),
                    Vec::<PathBuf>::new(),
                    "step {} of {:?}: these files differ from a clean build", n, steps
                );
                prop_assert_eq!(dirs, clean_dirs, "step {} of {:?}: folders differ", n, steps);
            }
        }
    }
}
