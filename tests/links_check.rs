//! Issue 14, item 1: the slips that used to reach readers unreported, each now a finding of
//! `check` and `build` at its file, line and column, with what the editor probably meant.

mod common;

use std::process::Command;

use common::TestSite;

const SITE: &str =
    "title: 测试站\nbase_url: https://intranet.example/plans/\nunits:\n  - name: 街道总工会\n";

/// A site with two plans: `2014-jiedao-zongjie.md`, with a heading, and a folder plan with
/// one attachment; `body` is the text of a third plan, `content/plans/x.md`, whose body starts
/// at line 7.
fn site_with(body: &str) -> TestSite {
    let site = TestSite::new(SITE);
    site.plan(
        "2014-jiedao-zongjie",
        "title: 2014年总结\nunit: 街道总工会\nyear: 2014",
        "## 工作回顾\n\n去年的工作。",
    );
    site.write(
        "content/plans/bundle/index.md",
        "---\ntitle: 有附件的计划\nunit: 街道总工会\nyear: 2015\n---\n\n![合影](合影.jpg)\n",
    );
    site.write("content/plans/bundle/合影.jpg", "jpg");
    site.plan(
        "x",
        "title: 2015年计划\nunit: 街道总工会\nyear: 2015",
        &format!("## 第三部分\n\n{body}"),
    );
    site
}

/// Checks the site and says what it found, asserting it passed (warnings only).
fn check(site: &TestSite) -> String {
    let run = site.run(&["check"]);
    run.ok();
    run.stderr
}

#[test]
fn missing_images_are_warned_of_at_their_column() {
    let site = site_with("开头![](images/photo.png) 和 ![合影](合影.jpg)");
    let found = check(&site);
    assert!(
        found.contains("content/plans/x.md:9:3: warning: the image content/plans/images/photo.png does not exist"),
        "{found}"
    );
    assert!(
        found.contains("content/plans/x.md:9:27: warning: the image"),
        "{found}"
    );
    // The bundle's own image is there: not warned of.
    assert!(!found.contains("bundle/index.md"), "{found}");
}

#[test]
fn an_image_one_letter_off_an_attachment_gets_a_did_you_mean() {
    let site = site_with("x");
    site.write(
        "content/plans/bundle/index.md",
        "---\ntitle: 有附件的计划\nunit: 街道总工会\nyear: 2015\n---\n\n![合影](合景.jpg)\n",
    );
    let found = check(&site);
    assert!(
        found.contains("content/plans/bundle/index.md:7:1: warning: the image"),
        "{found}"
    );
    assert!(found.contains("did you mean `合影.jpg`?"), "{found}");
}

#[test]
fn links_to_headings_a_plan_lacks_are_warned_of_with_the_nearest() {
    let site = site_with(
        "[见第三部分](#不存在) [本节](#第三部分) [x](2014-jiedao-zongjie.md#工作回故) [y](2014-jiedao-zongjie.md#工作回顾)",
    );
    let found = check(&site);
    assert!(
        found.contains("content/plans/x.md:9:1: warning: `#不存在` links to a heading content/plans/x.md does not have"),
        "{found}"
    );
    assert!(
        found.contains("content/plans/x.md:9:27: warning: `2014-jiedao-zongjie.md#工作回故` links to a heading content/plans/2014-jiedao-zongjie.md does not have"),
        "{found}"
    );
    assert!(found.contains("did you mean `#工作回顾`?"), "{found}");
    assert_eq!(found.matches("links to a heading").count(), 2, "{found}");
}

/// A link that ends in `#` names no heading: it is a link to the plan, and nothing to warn of.
#[test]
fn a_link_to_a_plan_with_an_empty_fragment_is_no_link_to_a_heading() {
    let site = site_with("[x](2014-jiedao-zongjie.md#)");
    let found = check(&site);
    assert!(!found.contains("links to a heading"), "{found}");
}

/// A file that is there but not published: an image's help line says where an image goes, a
/// link's where a linked file goes.
#[test]
fn an_image_or_a_link_to_a_file_not_published_gets_its_own_help() {
    let site = site_with("![图](photo.png)\n\n[表](photo.png)");
    site.write("content/plans/photo.png", "png");
    let found = check(&site);
    let image_help = "help: put the image beside the plan, in <folder>/index.md's folder";
    let link_help = "help: check the link's target; to attach a file";
    assert_eq!(
        found.matches("photo.png, which is not published").count(),
        2,
        "{found}"
    );
    let (image, link) = found.split_at(found.find("x.md:11:").expect("the link's warning"));
    assert!(
        image.contains(image_help) && !image.contains(link_help),
        "{found}"
    );
    assert!(
        link.contains(link_help) && !link.contains(image_help),
        "{found}"
    );
}

#[test]
fn links_from_the_sites_root_are_warned_of_with_the_plan_file() {
    let site = site_with("见[链接](/plans/2014-jiedao-zongjie/)。[办公系统](/oa/notice.html)");
    let found = check(&site);
    // Another application on the same server is no concern of the site's.
    assert!(!found.contains("/oa/"), "{found}");
    assert!(
        found.contains("content/plans/x.md:9:2: warning: `/plans/2014-jiedao-zongjie/` is an address from the server's root"),
        "{found}"
    );
    assert!(found.contains("`2014-jiedao-zongjie.md`"), "{found}");
}

#[test]
fn link_targets_with_spaces_are_warned_of() {
    let site = site_with(
        "见[空格](街道总工会 2015年（修订稿）工作计划.md)。\n\n`[代码](a b.md)` 与 [好](<a b.md>)",
    );
    let found = check(&site);
    assert!(
        found.contains("content/plans/x.md:9:2: warning: the link target"),
        "{found}"
    );
    assert!(
        found.contains("`(<街道总工会 2015年（修订稿）工作计划.md>)`"),
        "{found}"
    );
    assert_eq!(
        found.matches("has spaces, so the page shows").count(),
        1,
        "{found}"
    );
}

#[test]
fn plan_links_without_md_or_one_letter_off_get_a_did_you_mean() {
    let site = site_with("[去年](2014-jiedao-zongjie) 和 [总结](2014-jiedao-zongjei.md)");
    let found = check(&site);
    assert!(
        found.contains("content/plans/x.md:9:1: warning: "),
        "{found}"
    );
    assert!(
        found.contains("content/plans/x.md:9:29: warning: "),
        "{found}"
    );
    assert_eq!(
        found
            .matches("did you mean `2014-jiedao-zongjie.md`?")
            .count(),
        2,
        "{found}"
    );
}

/// The link meant keeps the folders the editor wrote before the name.
#[test]
fn a_did_you_mean_keeps_the_folders_written_before_the_name() {
    let site = site_with("[去年](../plans/2014-jiedao-zongjei.md)");
    let found = check(&site);
    assert!(
        found.contains("did you mean `../plans/2014-jiedao-zongjie.md`?"),
        "{found}"
    );
}

#[test]
fn notepads_txt_and_editors_autosaves_are_named() {
    let site = site_with("x");
    site.write("content/plans/2015-jiedao.md.txt", "---\ntitle: t\n---\n");
    site.write("content/plans/bundle/#index.md#", "autosave");
    site.write("content/plans/bundle/.#index.md", "lock");
    site.write("content/plans/bundle/index.md~", "backup");
    let found = check(&site);
    assert!(
        found.contains("content/plans/2015-jiedao.md.txt: warning: this plan was saved as"),
        "{found}"
    );
    assert!(found.contains("rename it to `2015-jiedao.md`"), "{found}");
    assert!(
        found.contains(
            "content/plans/bundle/#index.md#: warning: this is an editor's autosave of `index.md`"
        ),
        "{found}"
    );
    // True temporary files stay ignored, silently.
    assert!(!found.contains(".#index.md"), "{found}");
    assert!(!found.contains("index.md~"), "{found}");
    assert!(!found.contains("belongs to no plan"), "{found}");
}

#[test]
fn strict_makes_every_warning_an_error() {
    let site = site_with("![](images/photo.png)");
    site.run(&["check"]).ok();
    site.run(&["check", "--strict"])
        .failed()
        .says("content/plans/x.md:9:1: error: the image");
    site.run(&["build", "--strict"]).failed();
    assert!(!site.out().exists(), "a strict build publishes nothing");
    site.write("site.yaml", format!("{SITE}strict: true\n"));
    site.run(&["check"])
        .failed()
        .says("content/plans/x.md:9:1: error: the image");
    site.run(&["build"]).failed();
    assert!(!site.out().exists());
}

#[test]
fn base_url_and_base_path_that_cannot_be_used_are_errors() {
    let site = site_with("x");
    site.run(&["build", "--base-path", "http://x/y/"])
        .failed()
        .says("--base-path: error: `http://x/y/` is not a path from the server's root");
    site.run(&["--lang", "zh", "build", "--base-path", "http://x/y/"])
        .failed()
        .says("--base-path: error: `--base-path` 只写路径，不写网址");
    site.write(
        "site.yaml",
        SITE.replace("https://intranet.example/plans/", "intranet.example/plans"),
    );
    site.run(&["check"])
        .failed()
        .says("site.yaml:2:11: error: `base_url: intranet.example/plans` is not a full web address: it has no scheme");
    site.run(&["--lang", "zh", "check"])
        .failed()
        .says("site.yaml:2:11: error: `base_url: intranet.example/plans` 不是完整的网址：缺少 http:// 或 https://");
    site.write("site.yaml", SITE.replace("https://", "ftp://"));
    site.run(&["check"])
        .failed()
        .says("site.yaml:2:11: error: `base_url: ftp://");
    site.write(
        "site.yaml",
        format!("{SITE}base_path: https://intranet.example/\n"),
    );
    site.run(&["check"]).failed().says(
        "site.yaml:5:12: error: `https://intranet.example/` is not a path from the server's root",
    );
}

#[test]
fn base_path_comes_from_base_url() {
    let site = site_with("x");
    site.write("site.yaml", SITE.replace("/plans/", "/plans-site/"));
    site.build().ok();
    let page = site.read_out("404.html");
    assert!(page.contains("/plans-site/style.css"), "{page}");
}

#[test]
fn without_base_url_check_and_build_warn_once() {
    let site = TestSite::sample();
    let run = site.run(&["check"]);
    run.ok().says("site.yaml: warning: no `base_url`");
    assert_eq!(
        run.stderr.matches("warning: no `base_url`").count(),
        1,
        "{}",
        run.stderr
    );
    site.build().ok().says("site.yaml: warning: no `base_url`");
    assert!(site.out().join("sitemap.xml").is_file());
    assert!(site.out().join("atom.xml").is_file());
}

#[test]
fn the_samples_sitemap_follows_the_sitemaps_schema() {
    let site = TestSite::sample();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        format!("{yaml}base_url: https://intranet.example/plans/\n"),
    );
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("base_url"), "{}", run.stderr);
    let schema = std::path::Path::new(common::REPO).join("tests/sitemap.xsd");
    let valid = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(site.out().join("sitemap.xml"))
        .output();
    // As the browser tests do: skipped loudly on a machine without the validator, never in CI.
    let valid = match valid {
        Ok(valid) => valid,
        Err(err) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: no xmllint ({err}); `apt-get install libxml2-utils` to run it");
            return;
        }
        Err(err) => panic!("xmllint, from Debian's libxml2-utils (.ci/run installs it): {err}"),
    };
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );
}
