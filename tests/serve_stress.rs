//! The preview server under editors' worst habits: one file saved many times a second, folders
//! deleted and recreated, a year's folder renamed, a git branch switch changing hundreds of
//! files at once. The server stays up, and what it writes and serves converges to exactly what
//! a fresh `build` of the final content gives.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestSite;
use common::server::Server;
use plansite::pipeline::{self, Options};

/// How long the preview may take to catch up with the last change (rebuilds of a few hundred
/// plans in a debug build, on a machine shared with other work).
const CONVERGE: Duration = Duration::from_secs(120);

struct Preview {
    server: Server,
    out: tempfile::TempDir,
}

impl Preview {
    fn start(site: &TestSite) -> Preview {
        Preview::start_with(site, &[])
    }

    fn start_with(site: &TestSite, args: &[&str]) -> Preview {
        let out = tempfile::tempdir().unwrap();
        let mut all = vec![OsStr::new("--out"), out.path().as_os_str()];
        all.extend(args.iter().map(OsStr::new));
        let (server, _) = Server::start_with(site, 0, &all);
        Preview { server, out }
    }

    fn assert_running(&mut self) {
        let exit = self.server.child.try_wait().unwrap();
        assert!(exit.is_none(), "the server stopped: {exit:?}");
    }

    /// Waits until the preview's folder holds exactly what a fresh build of the site's
    /// current content writes, then checks the server serves those bytes.
    fn converges_to_a_fresh_build(&mut self, site: &TestSite, after: &str) {
        let fresh = tempfile::tempdir().unwrap();
        let options = Options {
            root: site.root().to_path_buf(),
            drafts: false,
            base_path: None,
            strict: false,
        };
        let report = pipeline::build(&options, &fresh.path().join("site"));
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let expected = files(&fresh.path().join("site")).unwrap();

        let deadline = Instant::now() + CONVERGE;
        loop {
            self.assert_running();
            let written = files(self.out.path());
            if written.as_ref() == Some(&expected) {
                break;
            }
            if Instant::now() > deadline {
                let written = written.unwrap_or_default();
                let paths: std::collections::BTreeSet<&PathBuf> =
                    written.keys().chain(expected.keys()).collect();
                let differ: Vec<_> = paths
                    .into_iter()
                    .filter(|p| written.get(*p) != expected.get(*p))
                    .take(10)
                    .collect();
                panic!(
                    "after {after}, the preview never matched a fresh build; first differences: {differ:?}"
                );
            }
            // Polling the folder: no event says "the last change has been built".
            std::thread::sleep(Duration::from_millis(100));
        }
        for (rel, bytes) in &expected {
            let (status, _, body) =
                self.server
                    .get_bytes(&format!("{}{}", self.server.base, rel.display()));
            assert_eq!(status, 200, "{}", rel.display());
            let served = if rel.extension().is_some_and(|e| e == "html") {
                let page = String::from_utf8(body).unwrap();
                assert!(
                    !page.contains("plansite-error-overlay"),
                    "{} shows an error",
                    rel.display()
                );
                without_live_script(&page).into_bytes()
            } else {
                body
            };
            assert!(
                &served == bytes,
                "{} is served with other bytes than a fresh build's ({} served, {} built)",
                rel.display(),
                served.len(),
                bytes.len()
            );
        }
        self.assert_running();
    }
}

/// Every file under `dir` with its bytes, or `None` if the folder changed while being read.
fn files(dir: &Path) -> Option<BTreeMap<PathBuf, Vec<u8>>> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            found.insert(rel, fs::read(entry.path()).ok()?);
        }
    }
    Some(found)
}

/// A served page as it is on disk: without the live-reload script the server adds.
fn without_live_script(page: &str) -> String {
    let Some(start) = page.find("<script src=\"/__plansite/live.js\"") else {
        return page.to_string();
    };
    let end = start + page[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &page[..start], &page[end..])
}

fn front(title: &str, unit: &str, year: u32) -> String {
    format!("title: {title}\nunit: {unit}\nyear: {year}\ntags: [帮扶]")
}

fn small_site(plans: usize) -> TestSite {
    let site = TestSite::new("title: 压力测试\n");
    for i in 0..plans {
        site.plan(
            &format!("p{i}"),
            &front(&format!("计划{i}"), "市总工会", 2010 + i as u32 % 6),
            "## 一、任务\n\n正文。",
        );
    }
    site
}

#[test]
fn one_file_saved_many_times_a_second() {
    let site = small_site(20);
    let mut preview = Preview::start(&site);
    let path = site.root().join("content/plans/p3.md");
    let temp = site.root().join("content/plans/.p3.md.tmp");
    for i in 0..80 {
        let text = format!(
            "---\n{}\n---\n\n第{i}次保存的正文。\n",
            front(&format!("计划3第{i}版"), "区总工会", 2012)
        );
        match i % 3 {
            // In place, as most editors do.
            0 => fs::write(&path, &text).unwrap(),
            // Through a temporary file and a rename, as vim and VS Code do.
            1 => {
                fs::write(&temp, &text).unwrap();
                fs::rename(&temp, &path).unwrap();
            }
            // Truncated first and written a moment later: a rebuild may read the empty file.
            _ => {
                fs::write(&path, "").unwrap();
                std::thread::sleep(Duration::from_millis(3));
                fs::write(&path, &text).unwrap();
            }
        }
        // About fifty saves a second.
        std::thread::sleep(Duration::from_millis(20));
    }
    preview.converges_to_a_fresh_build(&site, "80 saves");
}

fn year_folder(site: &TestSite, folder: &str, version: u32) {
    for i in 0..5 {
        site.write(
            &format!("content/plans/{folder}/y{i}.md"),
            format!(
                "---\n{}\n---\n\n第{version}版。\n",
                front(
                    &format!("{folder}年计划{i}（{version}）"),
                    "街道总工会",
                    2015
                )
            ),
        );
    }
}

#[test]
fn folders_deleted_and_recreated() {
    deleting_and_recreating_folders(&[]);
}

#[test]
fn folders_deleted_and_recreated_with_a_polling_watcher() {
    deleting_and_recreating_folders(&["--poll"]);
}

fn deleting_and_recreating_folders(args: &[&str]) {
    let site = small_site(10);
    year_folder(&site, "2015", 0);
    let mut preview = Preview::start_with(&site, args);
    let content = site.root().join("content");
    let year = content.join("plans/2015");
    for version in 1..6 {
        fs::remove_dir_all(&year).unwrap();
        year_folder(&site, "2015", version);
    }
    // The whole content folder, and the templates folder, gone and back.
    let saved = tempfile::tempdir().unwrap();
    common::copy_dir(&content, saved.path());
    fs::remove_dir_all(&content).unwrap();
    common::copy_dir(saved.path(), &content);
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ plan.title }}</h1>{% endblock content %}",
    );
    fs::remove_dir_all(site.root().join("templates")).unwrap();
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ plan.title }}！</h1>{% endblock content %}",
    );
    preview.converges_to_a_fresh_build(&site, "folders deleted and recreated");

    // Edits inside the recreated folders are still seen.
    year_folder(&site, "2015", 6);
    site.plan("p1", &front("计划1（改）", "市总工会", 2011), "改过。");
    preview.converges_to_a_fresh_build(&site, "edits in recreated folders");
}

#[test]
fn a_years_folder_renamed() {
    let site = small_site(10);
    year_folder(&site, "2015", 0);
    let mut preview = Preview::start(&site);
    let plans = site.root().join("content/plans");
    fs::rename(plans.join("2015"), plans.join("2015年")).unwrap();
    preview.converges_to_a_fresh_build(&site, "renaming 2015 to 2015年");
    // Edits inside the renamed folder are still seen.
    year_folder(&site, "2015年", 1);
    preview.converges_to_a_fresh_build(&site, "edits in the renamed folder");
    fs::rename(plans.join("2015年"), plans.join("2015")).unwrap();
    preview.converges_to_a_fresh_build(&site, "renaming it back");
    // A plan's own folder names its page: a missed rename leaves the old address and no new one.
    site.write(
        "content/plans/2015/folder-plan/index.md",
        format!(
            "---\n{}\n---\n\n正文。\n",
            front("文件夹计划", "街道总工会", 2015)
        ),
    );
    preview.converges_to_a_fresh_build(&site, "a plan as a folder");
    fs::rename(
        plans.join("2015/folder-plan"),
        plans.join("2015/renamed-plan"),
    )
    .unwrap();
    preview.converges_to_a_fresh_build(&site, "renaming the plan's folder");
    let page = common::server::eventually(&preview.server, "plans/renamed-plan/index.html", |p| {
        p.contains("文件夹计划")
    });
    assert!(page.contains("文件夹计划"));
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=测试", "-c", "user.email=test@example.org"])
        .args(["-c", "core.autocrlf=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_git_branch_switch_changing_hundreds_of_files() {
    let site = small_site(300);
    let root = site.root();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "main"]);
    git(root, &["checkout", "-q", "-b", "revision"]);
    for i in 0..100 {
        fs::remove_file(root.join(format!("content/plans/p{i}.md"))).unwrap();
    }
    for i in 100..200 {
        site.plan(
            &format!("p{i}"),
            &front(&format!("计划{i}（修订）"), "区总工会", 2014),
            "修订的正文。",
        );
    }
    for i in 300..400 {
        site.plan(
            &format!("p{i}"),
            &front(&format!("新计划{i}"), "街道总工会", 2016),
            "新的正文。",
        );
    }
    site.write("site.yaml", "title: 压力测试（修订）\n");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "revision"]);
    git(root, &["checkout", "-q", "main"]);

    let mut preview = Preview::start(&site);
    git(root, &["checkout", "-q", "revision"]);
    preview.converges_to_a_fresh_build(&site, "checking out the revision");
    git(root, &["checkout", "-q", "main"]);
    preview.converges_to_a_fresh_build(&site, "checking out main again");
}

#[test]
fn pages_are_served_whole_while_they_are_rewritten() {
    let site = small_site(40);
    let mut preview = Preview::start(&site);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        // Every save of site.yaml rewrites every page.
        scope.spawn(|| {
            for i in 0..30 {
                site.write("site.yaml", format!("title: 压力测试第{i}版\n"));
                std::thread::sleep(Duration::from_millis(150));
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        let mut reads = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            for page in [
                "index.html",
                "tags/bang-fu/index.html",
                "plans/p7/index.html",
            ] {
                let (status, _, body) = preview
                    .server
                    .get(&format!("{}{page}", preview.server.base));
                assert_eq!(status, 200, "{page}");
                assert!(
                    body.trim_end().ends_with("</html>"),
                    "{page} was served half written ({} bytes) after {reads} whole reads",
                    body.len()
                );
                reads += 1;
            }
        }
    });
    preview.converges_to_a_fresh_build(&site, "rewriting every page");
}

#[test]
fn saves_in_the_same_second_are_seen_by_the_polling_watcher() {
    // The polling watcher sees modification times in whole seconds: a save right after the
    // previous one was built often falls in the same second.
    let site = small_site(5);
    let mut preview = Preview::start_with(&site, &["--poll"]);
    for version in 0..4 {
        site.plan(
            "p3",
            &front(&format!("计划3第{version}版"), "市总工会", 2013),
            "正文。",
        );
        let title = format!("计划3第{version}版");
        common::server::eventually(&preview.server, "plans/p3/index.html", |page| {
            page.contains(&title)
        });
    }
    site.plan("p3", &front("计划3定稿", "市总工会", 2013), "正文。");
    preview.converges_to_a_fresh_build(&site, "a save right after a rebuild");
}
