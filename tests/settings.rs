//! What the guides promise of `site.yaml` and the front matter, each checked on a built site:
//! a named theme, units' display names, order and descriptions, extra front-matter keys in
//! templates, an explicit summary, UTF-16 big-endian files, and serve's default port and
//! `--open`.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::{REPO, TestSite, copy_dir};
use scraper::{Html, Selector};

fn texts(html: &str, selector: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    let selector = Selector::parse(selector).unwrap();
    let found = page.select(&selector);
    found
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn one_plan(settings: &str, front: &str) -> TestSite {
    let site = TestSite::new(&format!("title: 测试站\n{settings}"));
    site.plan(
        "a",
        &format!("title: 甲计划\nunit: 市总工会\nyear: 2015\n{front}"),
        "第一段正文，说明今年的工作。\n\n## 一、任务\n\n正文。",
    );
    site
}

#[test]
fn a_theme_named_in_site_yaml_is_used_from_the_themes_folder() {
    let site = one_plan("theme: 蓝色\n", "");
    let theme = site.root().join("themes/蓝色");
    copy_dir(&Path::new(REPO).join("themes/default"), &theme);
    let plan = theme.join("templates/plan.html");
    let template = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        template.replace(
            "<h1>{{ plan.title }}</h1>",
            "<h1 class=\"blue\">{{ plan.title }}</h1>",
        ),
    )
    .unwrap();
    fs::write(theme.join("static/style.css"), "/* 蓝色主题 */").unwrap();
    site.build().ok();
    assert!(
        site.read_out("plans/a/index.html")
            .contains("<h1 class=\"blue\">甲计划</h1>")
    );
    assert_eq!(site.read_out("style.css"), "/* 蓝色主题 */");
    // A theme that is not there is an error that names it.
    let site = one_plan("theme: 没有\n", "");
    site.build().failed().says("theme `没有` not found");
}

#[test]
fn units_show_their_display_name_order_and_description() {
    let units = "units:\n  - name: 乙工会\n    order: 2\n  - name: 甲工会\n    order: 1\n    display: 甲单位全称\n    description: 负责全市工会工作\n";
    let site = TestSite::new(&format!("title: 测试站\n{units}"));
    for (file, unit) in [("a", "甲工会"), ("b", "乙工会")] {
        site.plan(
            file,
            &format!("title: {unit}的计划\nunit: {unit}\nyear: 2015"),
            "正文。",
        );
    }
    site.build().ok();
    let tree = texts(&site.read_out("units/index.html"), ".unit-tree a");
    assert_eq!(tree, ["甲单位全称", "乙工会"], "display names, in `order`");
    let unit = site.read_out("units/jia-gong-hui/index.html");
    assert_eq!(texts(&unit, "h1"), ["甲单位全称"]);
    assert_eq!(texts(&unit, "p.lead"), ["负责全市工会工作"]);
}

#[test]
fn extra_front_matter_reaches_templates_as_plan_extra() {
    let site = one_plan("", "year_inferred: true\nyear_basis: 正文多次提到2015年");
    site.build().ok();
    let page = site.read_out("plans/a/index.html");
    assert!(page.contains("（推断）"), "{page}");
    assert_eq!(
        texts(&page, ".plan-header .note"),
        ["年份说明：正文多次提到2015年"]
    );
}

#[test]
fn an_explicit_summary_is_shown_instead_of_the_first_paragraph() {
    let site = one_plan("", "summary: 一句话说明这份计划");
    site.build().ok();
    assert_eq!(
        texts(&site.read_out("index.html"), ".plan-summary"),
        ["一句话说明这份计划"]
    );
    let site = one_plan("", "");
    site.build().ok();
    let summary = texts(&site.read_out("index.html"), ".plan-summary");
    assert!(summary[0].starts_with("第一段正文"), "{summary:?}");
}

#[test]
fn fix_encoding_converts_utf16_big_endian() {
    let site = TestSite::new("title: 测试站\n");
    let text = "---\ntitle: 大端计划\nunit: 市总工会\nyear: 2015\n---\n\n正文。\n";
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    site.write("content/plans/be.md", bytes);
    site.build().failed();
    site.run(&["fix-encoding"]).ok().says_out("be.md");
    let converted = fs::read_to_string(site.root().join("content/plans/be.md")).unwrap();
    assert_eq!(converted, text);
    site.build().ok();
}

/// Stops a preview with SIGTERM, as a service manager would, so that it deletes its temporary
/// folder (a kill would leave it behind).
fn stop(mut child: std::process::Child) {
    // SAFETY: a plain kill(2) of our own child, not reaped yet.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    child.wait().unwrap();
}

/// Starts `plansite serve` with `args` and returns what it printed up to its address, and the
/// child (stopped by the caller with [`stop`]).
fn serve(site: &TestSite, args: &[&str], envs: &[(&str, &Path)]) -> (String, std::process::Child) {
    let mut child = common::plansite()
        .arg("serve")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    for line in stdout.lines().map_while(Result::ok) {
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("serving the site at ") {
            break;
        }
    }
    (printed, child)
}

#[test]
fn serve_listens_on_port_1111_or_the_next_free_one() {
    let site = one_plan("", "");
    let (printed, child) = serve(&site, &[], &[]);
    stop(child);
    let url = printed.lines().last().unwrap_or_default();
    let port: u16 = url
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no local address in {printed:?}"));
    assert!((1111..1111 + 20).contains(&port), "{printed}");
}

#[test]
fn serve_open_starts_the_browser_at_the_site() {
    let site = one_plan("", "");
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened");
    let browser = dir.path().join("browser.sh");
    fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&browser, fs::Permissions::from_mode(0o755)).unwrap();
    let (printed, child) = serve(&site, &["--port", "0", "--open"], &[("BROWSER", &browser)]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !opened.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    stop(child);
    let url = fs::read_to_string(&opened).expect("the browser was started");
    assert!(
        printed.contains(url.trim()),
        "{url} is not the address served: {printed}"
    );
}
