//! Behaviour that once had no test: each case here fails when the feature it names is broken
//! (a setting ignored, an option dropped, an event missed), checked by breaking it on purpose.

mod common;

use std::ffi::OsStr;
use std::fs;

use common::TestSite;
use common::server::{Server, eventually};

/// A site of `n` plans, one a year from 2011 on (so newest first is the reverse order).
fn site_of(n: usize, settings: &str) -> TestSite {
    let site = TestSite::new(&format!("title: 测试站\n{settings}"));
    for i in 0..n {
        let year = 2011 + i;
        site.plan(
            &format!("p{i}"),
            &format!("title: 第{i}号计划\nunit: 市总工会\nyear: {year}"),
            "正文。",
        );
    }
    site
}

/// The titles the home page lists as the newest plans.
fn newest_on_home(site: &TestSite) -> Vec<String> {
    let home = scraper::Html::parse_document(&site.read_out("index.html"));
    let items = scraper::Selector::parse(".home-newest .plan-title").unwrap();
    home.select(&items).map(|a| a.text().collect()).collect()
}

#[test]
fn home_plans_sets_how_many_plans_the_home_page_lists() {
    let site = site_of(5, "home_plans: 2\n");
    site.build().ok();
    assert_eq!(newest_on_home(&site), ["第4号计划", "第3号计划"]);
    // And the default is not that number.
    let site = site_of(5, "");
    site.build().ok();
    assert_eq!(newest_on_home(&site).len(), 5);
}

#[test]
fn feed_plans_sets_how_many_plans_the_feed_carries() {
    let site = site_of(
        5,
        "feed_plans: 3\nbase_url: https://intranet.example/plans/\n",
    );
    site.build().ok();
    let feed = site.read_out("atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    assert!(feed.contains("第4号计划") && !feed.contains("第1号计划"));
}

#[test]
fn fix_encoding_converts_a_gbk_site_yaml() {
    let site = site_of(1, "");
    let text = "title: 工会工作计划汇编\ndescription: 各级工会的计划\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    site.write("site.yaml", &gbk[..]);
    site.build().failed().says("site.yaml");
    site.run(&["fix-encoding"]).ok().says_out("site.yaml");
    assert_eq!(
        fs::read_to_string(site.root().join("site.yaml")).unwrap(),
        text
    );
    site.build().ok();
    assert!(site.read_out("index.html").contains("工会工作计划汇编"));
}

fn with_draft() -> TestSite {
    let site = site_of(1, "");
    site.plan(
        "draft",
        "title: 还在写的计划\nunit: 市总工会\nyear: 2015\ndraft: true",
        "草稿正文。",
    );
    site
}

/// The preview shows drafts unless told `--no-drafts` (issue 14); `--drafts`, once needed,
/// is still accepted.
#[test]
fn serve_shows_drafts_unless_no_drafts() {
    let site = with_draft();
    let server = Server::start(&site);
    assert!(server.page("plans/draft/").contains("草稿正文"));
    drop(server);
    let (server, _) = Server::start_with(&site, 0, &[OsStr::new("--no-drafts")]);
    assert_eq!(server.get(&format!("{}plans/draft/", server.base)).0, 404);
    drop(server);
    let (server, _) = Server::start_with(&site, 0, &[OsStr::new("--drafts")]);
    assert!(server.page("plans/draft/").contains("草稿正文"));
}

#[test]
fn serve_never_writes_into_the_published_folder() {
    let site = with_draft();
    let server = Server::start(&site);
    assert!(server.page("").contains("第0号计划"));
    site.plan("p9", "title: 新计划\nunit: 市总工会\nyear: 2020", "新。");
    eventually(&server, "", |home| home.contains("新计划"));
    assert!(
        !site.out().exists(),
        "the preview wrote into {}",
        site.out().display()
    );
}

#[test]
fn a_renamed_plan_moves_to_its_new_address() {
    let site = site_of(2, "");
    let server = Server::start(&site);
    assert!(server.page("plans/p0/").contains("第0号计划"));
    let plans = site.root().join("content/plans");
    fs::rename(plans.join("p0.md"), plans.join("renamed.md")).unwrap();
    eventually(&server, "plans/renamed/", |page| page.contains("第0号计划"));
    let gone = server.get(&format!("{}plans/p0/", server.base)).0;
    assert_eq!(gone, 404, "the old address is gone");
}

/// `--poll` scans the files' metadata, as a network share needs, instead of the system's
/// notifications: an edit that keeps a file's size and time is seen by the notifications but
/// not by a scan. So the edit below, seen at once without `--poll`, is never seen with it.
#[test]
fn poll_watches_by_scanning_instead_of_notifications() {
    let edit_keeping_size_and_time = |site: &TestSite| {
        let path = site.root().join("content/plans/p0.md");
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("正文。", "改文。");
        fs::write(&path, text).unwrap();
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
    };
    let site = site_of(1, "");
    let server = Server::start(&site);
    edit_keeping_size_and_time(&site);
    eventually(&server, "plans/p0/", |page| page.contains("改文。"));
    drop(server);

    let site = site_of(1, "");
    let (server, _) = Server::start_with(&site, 0, &[OsStr::new("--poll")]);
    // After the second look `--poll` takes once the first build is done.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    edit_keeping_size_and_time(&site);
    // Several scans later.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(
        server.page("plans/p0/").contains("正文。"),
        "a scan saw what only a notification can"
    );
}
