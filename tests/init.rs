//! Finding the site from any folder inside it, and `plansite init` starting one.

mod common;

use std::fs;

use common::{TestSite, run_in};

#[test]
fn every_command_finds_the_site_from_a_folder_inside_it() {
    let site = TestSite::sample();
    site.run_in("content/plans", &["check"])
        .ok()
        .says_out("checked 22 plans");
    // The site's own folder is named as the editor would walk there from where they stand.
    site.run_in("content/plans", &["build"])
        .ok()
        .says_out(": ../../public/index.html\n");
    site.run_in(".", &["build"])
        .ok()
        .says_out(": ./public/index.html\n");
    assert!(site.out().join("index.html").is_file());
    // Not beside the plans, where the editor stood.
    assert!(!site.root().join("content/plans/public").exists());
    site.run_in(
        "content/plans",
        &[
            "new",
            "市总工会",
            "市总工会2030年工作计划",
            "--year",
            "2030",
        ],
    )
    .ok();
    let new_plans: Vec<_> = fs::read_dir(site.root().join("content/plans"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("2030-"))
        .collect();
    assert_eq!(new_plans.len(), 1);
    site.run_in("content", &["fix-encoding"])
        .ok()
        .says_out("converted 0 files");
}

#[test]
fn root_still_wins() {
    let site = TestSite::sample();
    let other = tempfile::tempdir().unwrap();
    // Run from a folder with no site at all, pointed at the sample.
    let run = common::run_in(
        other.path(),
        &["check", "--root", site.root().to_str().unwrap()],
    );
    run.ok().says_out("checked 22 plans");
}

#[test]
fn outside_any_site_the_message_says_how_to_start_one() {
    let empty = tempfile::tempdir().unwrap();
    for command in [
        &["build"][..],
        &["check"],
        &["serve", "--port", "0"],
        &["new", "单位", "标题"],
    ] {
        let run = run_in(empty.path(), command);
        run.failed()
            .says("no site.yaml in this folder or any folder above it")
            .says("no site.yaml")
            .says("plansite init");
    }
    assert_eq!(
        fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn init_starts_a_site_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "计划网站"]);
    run.ok().says_out("site.yaml").says_out("plansite serve");
    let site = dir.path().join("计划网站");
    assert!(site.join("site.yaml").is_file());
    let check = run_in(&site.join("content/plans"), &["check"]);
    // The only finding: the site's address, which only its publisher knows.
    check
        .ok()
        .says_out("checked 1 plan: 0 errors, 1 warning")
        .says("no `base_url`");
    run_in(&site, &["build"]).ok();
    let plans = fs::read_dir(site.join("public/plans")).unwrap().count();
    assert_eq!(plans, 1);
}

#[test]
fn init_never_overwrites_a_site() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("site.yaml"), "title: 旧网站\n").unwrap();
    run_in(dir.path(), &["init"])
        .failed()
        .says("a site is already here");
    let kept = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    assert_eq!(kept, "title: 旧网站\n");
}
