//! End-to-end tests in a real browser: the sample site, built by the real binary, read in
//! Debian's headless Chromium the way readers read it: served by a plain static web server at
//! the root or under a sub-path, opened from disk, and through `plansite serve`.
//!
//! Run them alone with `cargo test --test browser`; screenshots land in `target/screenshots/`.

#[path = "../common/mod.rs"]
mod common;

mod chromium;
mod print;
mod search_order;
mod static_server;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;

use chromium::{Chromium, PATIENCE, Page, assert_no_problems};
use common::TestSite;
use static_server::StaticServer;

/// The sample site built by the real binary with `args` (e.g. `--base-path /plans/`).
fn built_sample(args: &[&str]) -> TestSite {
    let site = TestSite::sample();
    let mut build = vec!["build"];
    build.extend_from_slice(args);
    site.run(&build).ok();
    site
}

/// `file:///...` for a folder, ending in `/`.
fn file_url(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap();
    let dir = dir.to_str().expect("a UTF-8 temporary folder");
    assert!(
        dir.is_ascii(),
        "{dir}: the address would need percent-encoding"
    );
    format!("file://{dir}/")
}

/// From the home page to a unit, a year and a plan, clicking links by their text and checking
/// each page's heading, as a reader finds a plan.
fn browse_home_to_plan(page: &Page) {
    page.open("index.html");
    assert_eq!(page.h1(), "工会工作计划汇编", "home page");
    page.click_link("街道总工会");
    assert_eq!(page.h1(), "街道总工会", "the unit's page");
    page.click_link("2014年");
    assert_eq!(page.h1(), "2014年的计划", "the year's page");
    page.click_link("街道总工会2014年上半年工作总结");
    assert_eq!(page.h1(), "街道总工会2014年上半年工作总结", "the plan");
    // And back up by the breadcrumbs.
    page.click_link("首页");
    assert_eq!(page.h1(), "工会工作计划汇编", "home page again");
}

/// Every HTML page of the built site in `out`, as addresses relative to the site.
fn every_page(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap();
            rel.to_str().unwrap().replace('\\', "/")
        })
        .collect();
    pages.sort();
    assert!(pages.len() > 50, "the sample has more pages: {pages:?}");
    pages
}

/// Opens each page and fails listing every request that left the site and every console
/// error or uncaught exception, each with its page. Four tabs share the work: each call to
/// the browser waits up to 100 ms in this driver, and calls from several tabs overlap.
fn open_every_page(chromium: &Chromium, site: &str, pages: &[String]) {
    let problems: Vec<String> = std::thread::scope(|scope| {
        let tabs: Vec<_> = pages
            .chunks(pages.len().div_ceil(4))
            .map(|share| {
                scope.spawn(move || {
                    let page = chromium.tab(site);
                    for address in share {
                        page.open(address);
                    }
                    page.take_problems()
                })
            })
            .collect();
        tabs.into_iter().flat_map(|t| t.join().unwrap()).collect()
    });
    assert_no_problems(&problems);
}

#[test]
fn reading_the_site_on_a_plain_web_server() {
    let Some(chromium) = Chromium::launch("reading_the_site_on_a_plain_web_server") else {
        return;
    };
    let site = built_sample(&[]);
    let server = StaticServer::start(&site.out(), "/");
    let page = chromium.tab(&server.url);
    browse_home_to_plan(&page);
    page.assert_clean();
    // Every page is opened under the sub-path below, where the same rule is stricter.
}

#[test]
fn reading_the_site_under_a_sub_path() {
    let Some(chromium) = Chromium::launch("reading_the_site_under_a_sub_path") else {
        return;
    };
    let site = built_sample(&["--base-path", "/plans/"]);
    let server = StaticServer::start(&site.out(), "/plans/");
    // Only `/plans/...` counts as the site: a page reaching for `/style.css` fails.
    let page = chromium.tab(&server.url);
    browse_home_to_plan(&page);
    page.assert_clean();
    open_every_page(&chromium, &server.url, &every_page(&site.out()));
}

#[test]
fn reading_the_site_from_disk() {
    let Some(chromium) = Chromium::launch("reading_the_site_from_disk") else {
        return;
    };
    let site = built_sample(&[]);
    let page = chromium.tab(&file_url(&site.out()));
    browse_home_to_plan(&page);
    page.assert_clean();
    // 404.html is for web servers to send for missing addresses: its links start at the
    // base path on purpose, so that they work from any depth, and so not from disk.
    let pages: Vec<String> = every_page(&site.out())
        .into_iter()
        .filter(|p| p != "404.html")
        .collect();
    open_every_page(&chromium, &page.site, &pages);
}

/// `plansite serve` on a free port with `--out`, stopped when dropped.
struct Preview {
    child: Child,
    url: String,
}

impl Preview {
    fn start(site: &TestSite, out: &Path) -> Preview {
        let mut child = common::plansite()
            .args(["serve", "--port", "0", "--out"])
            .arg(out)
            .arg("--root")
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("serving the site at ") {
                    let _ = tx.send(rest.split(' ').next().unwrap().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(PATIENCE)
            .expect("plansite serve did not say where it serves");
        Preview { child, url }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn reading_the_site_in_the_preview_server() {
    let Some(chromium) = Chromium::launch("reading_the_site_in_the_preview_server") else {
        return;
    };
    let site = TestSite::sample();
    let out = tempfile::tempdir().unwrap();
    let preview = Preview::start(&site, out.path());
    let page = chromium.tab(&preview.url);
    browse_home_to_plan(&page);
    page.assert_clean();
}

/// The preview shows a draft with its banner, and the warnings of a rebuild that succeeded as
/// a panel that is closed until clicked, whose summary is in view (issue 14).
#[test]
fn the_preview_shows_a_drafts_banner_and_its_warnings_collapsed() {
    let Some(chromium) =
        Chromium::launch("the_preview_shows_a_drafts_banner_and_its_warnings_collapsed")
    else {
        return;
    };
    let site = TestSite::new("title: 预览站\n");
    site.plan("a", "title: 同名计划\nunit: 市总工会\nyear: 2015", "正文。");
    site.plan(
        "b",
        "title: 同名计划\nunit: 市总工会\nyear: 2016\ndraft: true",
        "草稿正文。",
    );
    let out = tempfile::tempdir().unwrap();
    let preview = Preview::start(&site, out.path());
    let page = chromium.tab(&preview.url);
    page.open("plans/b/");
    assert_eq!(
        page.text(".draft-banner"),
        "草稿 · 不会发布 (draft: not published)"
    );
    let panel = page.eval(
        "(() => { const d = document.getElementById('plansite-warnings');
           const r = d.querySelector('summary').getBoundingClientRect();
           return [d.open, r.height > 0 && r.bottom <= innerHeight && r.right <= innerWidth,
                   d.querySelector('li').checkVisibility()]; })()",
    );
    assert_eq!(panel[0], false, "closed at first: {panel}");
    assert_eq!(panel[1], true, "its summary is in view: {panel}");
    assert_eq!(panel[2], false, "its items are hidden: {panel}");
    page.eval("document.querySelector('#plansite-warnings summary').click()");
    assert!(
        page.text("#plansite-warnings li")
            .contains("content/plans/")
    );
    page.assert_clean();
}

/// Types `words` into the search box in the page's header and submits it with Enter.
fn search_from_the_header(page: &Page, words: &str) {
    let here = page.url();
    let input = page
        .tab
        .find_element(r#"header form[role="search"] input[type="search"][name="q"]"#)
        .unwrap_or_else(|e| panic!("{here}: no search box in the header: {e:#}"));
    input.click().unwrap();
    page.tab.type_str(words).unwrap();
    // Enter must not be pressed before the box holds the words, or it submits nothing.
    page.wait_for(&format!("the search box to hold {words:?}"), || {
        let value = page.eval("document.activeElement.value");
        if value == words {
            Ok(())
        } else {
            Err(value.to_string())
        }
    });
    let loads = page.loads();
    page.tab.press_key("Enter").unwrap();
    page.settle(loads, &format!("the search for {words:?} from {here}"));
}

/// Waits for the search page to finish and returns its results as (text, address). Results
/// appear while plans are still fetched; the search is over when `#search-status` says how
/// many it shows.
fn wait_for_results(page: &Page) -> Vec<(String, String)> {
    page.wait_for("results, and #search-status saying how many", || {
        let shown = page.eval(
            "[[...document.querySelectorAll('#search-results a[href]')]
                .map(a => [a.innerText.trim(), a.href]),
              (document.getElementById('search-status') || {}).innerText]",
        );
        let results: Vec<(String, String)> = serde_json::from_value(shown[0].clone()).unwrap();
        let status = shown[1].as_str().unwrap_or_default();
        if !results.is_empty() && status.contains(&results.len().to_string()) {
            Ok(results)
        } else {
            Err(format!(
                "{} result(s), status {status:?}, requests open: {:?}",
                results.len(),
                page.open_requests()
            ))
        }
    })
}

#[test]
fn searching_for_a_chinese_word_finds_plans() {
    let Some(chromium) = Chromium::launch("searching_for_a_chinese_word_finds_plans") else {
        return;
    };
    let site = built_sample(&["--base-path", "/plans/"]);
    let server = StaticServer::start(&site.out(), "/plans/");
    let page = chromium.tab(&server.url);
    page.open("index.html");
    search_from_the_header(&page, "帮扶");
    let here = page.url();
    assert!(
        here.starts_with(&format!("{}search/index.html?", server.url)),
        "the search box leads to the search page: {here}"
    );
    let results = wait_for_results(&page);
    for (title, href) in &results {
        assert!(
            href.starts_with(&format!("{}plans/", server.url)),
            "{here}: the result {title:?} links outside the plans: {href}"
        );
    }
    let title = &results[0].0;
    page.click_link(title);
    assert_eq!(&page.h1(), title, "the first result's page");
    let body = page.text("main");
    assert!(body.contains("帮扶"), "{}: the plan lacks 帮扶", page.url());
    page.assert_clean();
}

#[test]
fn searching_from_disk_says_it_needs_a_web_server() {
    let Some(chromium) = Chromium::launch("searching_from_disk_says_it_needs_a_web_server") else {
        return;
    };
    let site = built_sample(&[]);
    let page = chromium.tab(&file_url(&site.out()));
    page.open("index.html");
    search_from_the_header(&page, "帮扶");
    page.wait_for("#search-status to say search needs a web server", || {
        let status = page.text("#search-status");
        if status.contains("服务器") {
            Ok(())
        } else {
            Err(format!("{status:?}"))
        }
    });
    page.assert_clean();
}

/// The folder for pictures of pages: `target/screenshots/` beside the binary under test.
fn screenshot_dir() -> PathBuf {
    let binary = Path::new(env!("CARGO_BIN_EXE_plansite"));
    binary
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("screenshots")
}

/// Fails if the page's font draws Chinese as the box of a missing glyph, as a machine without
/// a Chinese font does: the heading's font must draw 工 differently from a private-use
/// character that no font has.
fn assert_draws_chinese(page: &Page) {
    let drawings = page.eval(
        "(() => {
            const family = getComputedStyle(document.querySelector('h1')).fontFamily;
            return ['工', '\\u{F8FF}', '\\u{10FFFD}'].map(ch => {
                const canvas = document.createElement('canvas');
                canvas.width = canvas.height = 64;
                const g = canvas.getContext('2d');
                g.font = '48px ' + family;
                g.fillText(ch, 0, 52);
                return canvas.toDataURL();
            });
        })()",
    );
    // Two characters no font has are drawn as the same box, which 工 must not be.
    assert_eq!(
        drawings[1], drawings[2],
        "missing glyphs differ: the check is void"
    );
    assert!(
        drawings[0] != drawings[1],
        "{}: Chinese is drawn as empty boxes: no Chinese font (Debian: fonts-noto-cjk)",
        page.url()
    );
}

#[test]
fn screenshots_for_people_to_look_at() {
    let Some(chromium) = Chromium::launch("screenshots_for_people_to_look_at") else {
        return;
    };
    let site = built_sample(&[]);
    let server = StaticServer::start(&site.out(), "/");
    let page = chromium.tab(&server.url);
    let dir = screenshot_dir();
    let plan = "plans/2014-jiedao-zonggonghui-shangbannian-zongjie/index.html";
    let shoot = |address: &str, name: &str| {
        page.open(address);
        if address.starts_with("search/") {
            wait_for_results(&page);
        }
        page.screenshot(&dir, name)
    };
    let mut saved = vec![shoot("index.html", "home")];
    assert_draws_chinese(&page);
    saved.push(shoot("units/index.html", "units"));
    saved.push(shoot("units/jiedao-zonggonghui/index.html", "unit"));
    saved.push(shoot(plan, "plan"));
    saved.push(shoot("search/index.html?q=帮扶", "search"));
    page.emulate_width(Some(390));
    saved.push(shoot(plan, "plan-phone"));
    page.emulate_width(None);
    // The screenshots are for people; what they must show is checked here. Light text on a
    // dark page in the dark scheme, dark on light otherwise.
    let luminance = |page: &Page, property: &str| -> f64 {
        let js = format!(
            "getComputedStyle(document.body).{property}.match(/\\d+/g).slice(0, 3).map(Number)"
        );
        let rgb: Vec<f64> = serde_json::from_value(page.eval(&js)).unwrap();
        0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    };
    page.open("index.html");
    let (light_bg, light_text) = (
        luminance(&page, "backgroundColor"),
        luminance(&page, "color"),
    );
    assert!(
        light_bg > 200.0 && light_text < 100.0,
        "light scheme: background {light_bg}, text {light_text}"
    );
    page.emulate_dark(true);
    saved.push(shoot("index.html", "home-dark"));
    let (dark_bg, dark_text) = (
        luminance(&page, "backgroundColor"),
        luminance(&page, "color"),
    );
    assert!(
        dark_bg < 60.0 && dark_text > 180.0,
        "dark scheme: background {dark_bg}, text {dark_text}"
    );
    page.assert_clean();
    let mut terminal = std::io::stderr();
    for path in saved {
        let _ = writeln!(terminal, "screenshot: {}", path.display());
    }
}

#[test]
fn the_watch_catches_requests_leaving_the_site_and_console_errors() {
    let Some(chromium) =
        Chromium::launch("the_watch_catches_requests_leaving_the_site_and_console_errors")
    else {
        return;
    };
    // A page that breaks every rule: if the watch missed any of these (a Chromium whose
    // protocol the driver no longer understands, say), the other tests would prove nothing.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        r#"<!doctype html><title>bad</title><h1>bad</h1>
<img src="http://192.0.2.1/away.png" alt="">
<link rel="stylesheet" href="missing.css">
<script>
console.error("told off");
fetch("http://example.invalid/away.json").catch(() => {});
setTimeout(() => { throw new Error("nobody caught this"); });
</script>"#,
    )
    .unwrap();
    let server = StaticServer::start(dir.path(), "/");
    for site in [server.url.clone(), file_url(dir.path())] {
        let page = chromium.tab(&site);
        page.open("index.html");
        let expected = [
            "request leaves the site: http://192.0.2.1/away.png",
            "request leaves the site: http://example.invalid/away.json",
            "console error: told off",
            "uncaught exception: Error: nobody caught this",
            "missing.css",
        ];
        let mut problems = Vec::new();
        let what = format!("the watch to see all of {expected:?} on {site}");
        page.wait_for(&what, || {
            problems.extend(page.take_problems());
            if expected
                .iter()
                .all(|e| problems.iter().any(|p| p.contains(e)))
            {
                Ok(())
            } else {
                Err(format!("{problems:#?}"))
            }
        });
    }
}
