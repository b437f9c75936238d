//! Hostile and messy input: what editors' files can hold must never run a script in the
//! published site, leak a draft, crash or hang the build. The small sites are in
//! `tests/hostile/`; large files are made here.

mod common;

use common::{TestSite, active_content, broken_links, files_containing, fixture};

/// The escaped form of the hostile title, as it must appear wherever the title is shown.
const TITLE_AS_TEXT: &str = "&lt;img src=x onerror=alert(1)&gt;";

#[test]
fn scripts_in_plans_and_front_matter_never_reach_the_site() {
    let site = fixture("scripts");
    site.build().ok();
    let out = site.out();
    assert_eq!(active_content(&out), Vec::<String>::new());
    // The only script is the theme's search, on its own page.
    let scripts = files_containing(&out, "<script");
    assert_eq!(scripts, [std::path::PathBuf::from("search/index.html")]);
    assert_eq!(site.read_out("search/index.html").matches("<script").count(), 1);
    let broken: Vec<String> = broken_links(&out)
        .into_iter()
        .filter(|b| !b.contains("https://example.org/"))
        .collect();
    assert_eq!(broken, Vec::<String>::new());

    // The hostile title is shown as text on its page, every index that lists it, and the feed.
    let plan = site.read_out("plans/2015-title/index.html");
    let listed = files_containing(&out, TITLE_AS_TEXT);
    for page in [
        "plans/2015-title/index.html",
        "index.html",
        "units/qu-zong-gong-hui/index.html",
        "years/2015/index.html",
        "tags/nu-zhi-gong/index.html",
        "atom.xml",
    ] {
        assert!(
            listed.iter().any(|p| p.to_str() == Some(page)),
            "{page} does not show the title as text; it is in {listed:?}"
        );
    }
    assert!(
        plan.contains(&format!("<h1>{TITLE_AS_TEXT}</h1>")),
        "{plan}"
    );
    // Quotes cannot end an attribute early.
    assert!(plan.contains("title=\"&quot; onfocus=&quot;alert(1)&quot; autofocus=&quot;\""));
    assert!(!site.read_out("sitemap.xml").contains("onerror"));
}

#[test]
fn pasted_html_keeps_the_document_and_loses_the_scripts() {
    let site = fixture("scripts");
    site.build().ok();
    let page = site.read_out("plans/2016-body/index.html");
    for kept in [
        r#"<table class="MsoTable">"#,
        r#"<td style="text-indent:2em">帮扶 <span style="color:red">76</span> 人<br>另起一行</td>"#,
        r#"<img src="photo.png" alt="合影">"#,
        r#"<h2 id="二-安排">"#,
        r#"<a href="https://example.org/">网站</a>"#,
        r#"<a href="../2015-title/index.html">上一份</a>"#,
        "☑ 已完成",
        "<div>悬停</div>",
    ] {
        assert!(page.contains(kept), "{kept} is missing from\n{page}");
    }
    for gone in [
        "evil.example",
        "document.cookie",
        "display: none",
        "password",
    ] {
        assert!(!page.contains(gone), "{gone} is in\n{page}");
    }
    let other = site.read_out("plans/2015-title/index.html");
    // The fragment is percent-encoded, which browsers read as `#二-安排`.
    assert!(
        other.contains(r##"href="../2016-body/index.html#%E4%BA%8C-%E5%AE%89%E6%8E%92""##),
        "{other}"
    );
}

#[test]
fn trusted_html_is_published_as_written() {
    let site = fixture("scripts");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}trusted_html: true\n"));
    site.build().ok();
    let page = site.read_out("plans/2016-body/index.html");
    assert!(
        page.contains(r#"<div onmouseover="alert(1)">悬停</div>"#),
        "{page}"
    );
    // The checker the other tests rely on sees it.
    let found = active_content(&site.out());
    assert!(found.iter().any(|f| f.contains("<script>")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("onmouseover")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("JaVaScRiPt")), "{found:?}");
    // Front matter is text whatever the setting.
    assert!(
        site.read_out("index.html").contains(TITLE_AS_TEXT),
        "the title must stay escaped"
    );
}

#[test]
fn trusted_html_must_be_true_or_false() {
    let site = TestSite::new("title: 计划\ntrusted_html: sometimes\n");
    site.build()
        .failed()
        .says("site.yaml:2:15: error: trusted_html: invalid type");
}

#[test]
fn drafts_leak_nowhere() {
    let site = fixture("scripts");
    site.build().ok();
    for secret in ["DRAFT-SECRET-TITLE", "DRAFT-SECRET-BODY", "2017-draft"] {
        assert_eq!(
            files_containing(&site.out(), secret),
            Vec::<std::path::PathBuf>::new()
        );
    }
}
