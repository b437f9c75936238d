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
    // The only scripts are the theme's: search, on its own page, and the print button's, one
    // on each plan's page.
    let scripts = files_containing(&out, "<script");
    let plans: Vec<std::path::PathBuf> = (scripts.iter())
        .filter(|p| p.starts_with("plans"))
        .cloned()
        .collect();
    assert_eq!(scripts.len(), plans.len() + 1, "{scripts:?}");
    assert!(scripts.contains(&std::path::PathBuf::from("search/index.html")));
    for page in scripts {
        let html = site.read_out(page.to_str().unwrap());
        assert_eq!(html.matches("<script").count(), 1, "{page:?}");
        let theirs = ["search.js\" data-root=", "<script data-print-script>"];
        assert!(theirs.iter().any(|s| html.contains(s)), "{page:?}");
    }
    let lowered: Vec<_> = common::snapshot(&out)
        .into_iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .to_lowercase()
                .contains("javascript:")
        })
        .map(|(path, _)| path)
        .collect();
    assert!(lowered.is_empty(), "javascript: in {lowered:?}");
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

#[test]
fn messy_files_get_one_message_each() {
    let site = fixture("messy");
    let run = site.build();
    run.failed()
        .says("content/plans/empty.md:1:1: error: the file is empty")
        .says("content/plans/blank-lines.md:1:1: error: the file is empty")
        .says("content/plans/no-front-matter.md:1:1: error: the file has no front matter")
        .says("content/plans/unclosed.md:1:1: error: the front matter is never closed")
        .says("content/plans/tabs.md:6:1: error: this line is indented with a tab; YAML allows only spaces there")
        .says("help: replace the tab at the start of the line with spaces")
        .says("content/plans/only-front-matter.md:5: warning: the plan has no text after its front matter")
        .says("build failed: 5 errors, 1 warning");
    assert!(
        !site.out().exists(),
        "nothing is published while an error stands"
    );
}

#[test]
fn byte_order_marks_crlf_and_bare_front_matter_build() {
    let site = fixture("messy");
    for broken in [
        "empty",
        "blank-lines",
        "no-front-matter",
        "unclosed",
        "tabs",
    ] {
        std::fs::remove_file(site.root().join(format!("content/plans/{broken}.md"))).unwrap();
    }
    site.build().ok();
    let page = site.read_out("plans/bom-crlf/index.html");
    assert!(page.contains("<h1>带BOM和CRLF的计划</h1>"), "{page}");
    assert!(page.contains("<p>第一段。\n第二行。</p>"), "{page}");
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
    site.read_out("plans/only-front-matter/index.html");
}

/// A plan with `body` as its text, built with a deadline; returns the run and the site.
fn build_huge(body: &str) -> (TestSite, common::Run) {
    let site = TestSite::new("title: 大文件\n");
    site.plan("huge", "title: 大文件\nunit: 区总工会\nyear: 2015", body);
    let run =
        common::run_with_deadline(site.root(), &["build"], std::time::Duration::from_secs(180));
    (site, run)
}

#[test]
fn a_twenty_megabyte_plan_builds() {
    let paragraph = "工会工作要抓实抓细，切实维护职工合法权益，推进“职工之家”建设。".repeat(40);
    let mut body = String::from("## 一、总体要求\n\n");
    while body.len() < 20 * 1024 * 1024 {
        body.push_str(&paragraph);
        body.push_str("\n\n");
    }
    let (site, run) = build_huge(&body);
    run.ok();
    let page = site.read_out("plans/huge/index.html");
    assert!(page.len() > 20 * 1024 * 1024);
    assert!(page.contains(r#"<h2 id="一-总体要求">"#));
}

#[test]
fn ten_thousand_levels_of_nesting_are_flattened_with_a_warning() {
    for (what, body) in [
        ("lists", "- ".repeat(10_000) + "最深处"),
        ("quotes", ">".repeat(10_000) + " 最深处"),
        ("both", "> - ".repeat(5_000) + "最深处"),
    ] {
        let (site, run) = build_huge(&body);
        run.ok().says(
            "content/plans/huge.md:7: warning: lists or quotes are nested more than 100 levels deep",
        );
        let page = site.read_out("plans/huge/index.html");
        assert!(page.contains("最深处"), "{what}");
    }
}

#[test]
fn ten_thousand_levels_of_html_are_shown_as_text_with_a_warning() {
    for open in [
        "<div>",
        "<blockquote>",
        "<b><i>",
        "<table><tr><td>",
        "<span>",
        // The slash closes nothing in HTML: each `<div/>` opens a `div`.
        "<div/>",
    ] {
        let body = format!(
            "前言\n\n{}最深处<script>alert(1)</script>",
            open.repeat(10_000)
        );
        let (site, run) = build_huge(&body);
        run.ok()
            .says("content/plans/huge.md:9: warning: the HTML is nested more than 100 levels deep");
        assert_eq!(active_content(&site.out()), Vec::<String>::new(), "{open}");
    }
}

#[test]
fn long_lines_and_thousands_of_special_characters_build() {
    for body in [
        "工会".repeat(2_000_000),
        "&·".repeat(500_000),
        format!("<span title=\"{}\">x</span>", "&amp;".repeat(200_000)),
        "[x](y \"".to_string() + &"&".repeat(200_000) + "\")",
        "<b>&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&</b>".repeat(20_000),
    ] {
        let (site, run) = build_huge(&body);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(active_content(&site.out()), Vec::<String>::new());
    }
}

#[test]
fn files_in_windows_encodings_are_named_with_the_fix() {
    let site = fixture("encodings");
    site.build()
        .failed()
        .says("content/plans/gbk.md: error: the file is not UTF-8; it looks like it was saved as GBK/GB18030")
        .says("content/plans/utf16.md: error: the file is saved as UTF-16, not UTF-8")
        .says("help: run `plansite fix-encoding` to convert it to UTF-8")
        .says("content/plans/unknown.md:2: error: the file is not valid UTF-8 text");
}

#[test]
fn fix_encoding_converts_after_a_backup_and_refuses_what_it_cannot_read() {
    let site = fixture("encodings");
    let plans = site.root().join("content/plans");
    let original = |name: &str| std::fs::read(plans.join(name)).unwrap();
    let before: Vec<(&str, Vec<u8>)> = [
        "gbk.md",
        "gb18030.md",
        "utf16.md",
        "unknown.md",
        "utf16-broken.md",
    ]
    .into_iter()
    .map(|name| (name, original(name)))
    .collect();

    let run = site.run(&["fix-encoding"]);
    run.failed()
        .says("content/plans/unknown.md:2: error: the file is not UTF-8, GBK/GB18030 or UTF-16; it was not converted")
        .says("content/plans/utf16-broken.md: error: the file looks like UTF-16 but some of its bytes do not decode cleanly")
        .says("converted 3 files, 2 could not be converted");
    for line in [
        "content/plans/gb18030.md: converted from GBK/GB18030 to UTF-8; the original is kept as content/plans/gb18030.md.gbk.bak",
        "content/plans/gbk.md: converted from GBK/GB18030 to UTF-8; the original is kept as content/plans/gbk.md.gbk.bak",
        "content/plans/utf16.md: converted from UTF-16 to UTF-8; the original is kept as content/plans/utf16.md.utf16.bak",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    for (name, bytes) in &before {
        let backup = match *name {
            "utf16.md" => Some(format!("{name}.utf16.bak")),
            "gbk.md" | "gb18030.md" => Some(format!("{name}.gbk.bak")),
            _ => None,
        };
        match backup {
            Some(backup) => assert_eq!(&original(&backup), bytes, "{backup}"),
            // Refused files are left exactly as they were, with no backup.
            None => {
                assert_eq!(&original(name), bytes, "{name}");
                assert!(!plans.join(format!("{name}.gbk.bak")).exists());
            }
        }
    }
    let gb18030 = String::from_utf8(original("gb18030.md")).unwrap();
    assert!(gb18030.contains("title: 区总工会2016年工作计划\r\n"));
    assert!(
        gb18030.contains("𠀀字也在"),
        "a character outside GBK survives"
    );

    std::fs::remove_file(plans.join("unknown.md")).unwrap();
    std::fs::remove_file(plans.join("utf16-broken.md")).unwrap();
    site.build().ok();
    assert!(
        site.read_out("index.html")
            .contains("街道总工会2017年工作要点")
    );
    // Running it again finds nothing to do.
    site.run(&["fix-encoding"])
        .ok()
        .says_out("converted 0 files, 0 could not be converted");
}

#[test]
fn fix_encoding_never_overwrites_a_backup() {
    let site = fixture("encodings");
    let plans = site.root().join("content/plans");
    std::fs::write(plans.join("gbk.md.gbk.bak"), "an older backup").unwrap();
    let gbk = std::fs::read(plans.join("gbk.md")).unwrap();
    site.run(&["fix-encoding"])
        .failed()
        .says("content/plans/gbk.md: error: a backup content/plans/gbk.md.gbk.bak already exists; the file was not converted");
    assert_eq!(std::fs::read(plans.join("gbk.md")).unwrap(), gbk);
    assert_eq!(
        std::fs::read_to_string(plans.join("gbk.md.gbk.bak")).unwrap(),
        "an older backup"
    );
}

#[cfg(unix)]
#[test]
fn fix_encoding_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture("encodings");
    let gbk = site.root().join("content/plans/gbk.md");
    std::fs::set_permissions(&gbk, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = site.run(&["fix-encoding"]);
    assert!(
        run.stdout.contains("gbk.md: converted from GBK"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    let text = std::fs::read_to_string(&gbk).expect("the file is UTF-8 now");
    assert!(text.contains("title: 区总工会2015年工作计划"), "{text}");
    assert_eq!(
        std::fs::metadata(&gbk).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn file_names_with_spaces_chinese_punctuation_and_emoji_work() {
    let site = fixture("names");
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let out = site.out();
    assert_eq!(broken_links(&out), Vec::<String>::new());
    for file in ["附件 #1（最终）.docx", "50% 完成 ★.xlsx"] {
        assert!(
            out.join("plans/dai-fu-jian-2015").join(file).is_file(),
            "{file}"
        );
    }
    let page = site.read_out("plans/dai-fu-jian-2015/index.html");
    // `#`, `%` and spaces in the names are spelt so that the links reach the files.
    assert!(page.contains(r#"href="../../plans/dai-fu-jian-2015/附件%20%231（最终）.docx" download>附件 #1（最终）.docx</a>"#), "{page}");
    assert!(
        page.contains(r#"href="50%25%20%E5%AE%8C%E6%88%90%20%E2%98%85.xlsx""#),
        "{page}"
    );
    site.read_out("plans/ji-hua-yi-cao-gao-grinning/index.html");
}

#[test]
fn names_that_differ_only_in_letter_case_are_reported() {
    let site = fixture("names");
    // Made here, not committed: such pairs cannot be checked out on Windows or macOS.
    site.plan("Plan", "title: 一\nunit: 区总工会\nyear: 2016", "正文");
    site.plan("plan", "title: 二\nunit: 区总工会\nyear: 2016", "正文");
    let bundle = "content/plans/带 附件（2015）";
    site.write(&format!("{bundle}/Report.pdf"), "a");
    site.write(&format!("{bundle}/report.PDF"), "b");
    site.build()
        .failed()
        .says("content/plans/plan.md: error: the slug `plan` is already used by content/plans/Plan.md: `plan` and `Plan` differ only in letter case, which Windows and macOS do not tell apart")
        .says(&format!("{bundle}/report.PDF: warning: the attachments `Report.pdf` and `report.PDF` differ only in letter case"));
}

#[test]
fn attachment_names_windows_cannot_hold_or_that_replace_the_page() {
    let site = fixture("names");
    let bundle = "content/plans/带 附件（2015）";
    site.write(&format!("{bundle}/aux.txt"), "a");
    site.write(&format!("{bundle}/问题?.txt"), "b");
    site.write(&format!("{bundle}/末尾.txt."), "c");
    site.write(&format!("{bundle}/INDEX.html"), "<script>alert(1)</script>");
    site.build()
        .failed()
        .says(&format!("{bundle}/INDEX.html: error: the attachment `INDEX.html` would replace the plan's own page"))
        .says(&format!("{bundle}/aux.txt: warning: the attachment name `aux.txt` is `aux`, a name Windows reserves for a device: a copy of the site on a Windows share would lose it"))
        .says(&format!("{bundle}/问题?.txt: warning: the attachment name `问题?.txt` contains `?`"))
        .says(&format!("{bundle}/末尾.txt.: warning: the attachment name `末尾.txt.` ends with a dot or a space"))
        .says("build failed: 1 error, 3 warnings");
}

#[test]
fn slugs_that_would_leave_the_output_folder_are_refused() {
    let site = fixture("bad-names");
    let problem = "cannot be used: it contains `/`, so it names a path of folders and could point outside the site";
    site.build()
        .failed()
        .says(&format!("content/plans/plan-x.md:5:1: error: `slug: ../../x` {problem}"))
        .says(&format!("content/plans/plan-etccrond.md:5:1: error: `slug: /etc/cron.d` {problem}"))
        .says("content/plans/plan-cx.md:5:1: error: `slug: C:\\x` cannot be used")
        .says("content/plans/plan-con.md:5:1: error: `slug: CON` cannot be used: it is `CON`, a name Windows reserves for a device")
        .says("help: use letters, digits and dashes only")
        .says("build failed: 4 errors, 0 warnings");
    assert!(!site.out().exists());
    assert!(
        !site.root().join("../x").exists() && !site.root().parent().unwrap().join("x").exists()
    );

    site.write(
        "site.yaml",
        "title: 坏名字\nunits:\n  - name: 区总工会\n    slug: ../units\n",
    );
    site.build()
        .failed()
        .says("site.yaml:4:1: error: unit `区总工会`: `slug: ../units` cannot be used");
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_not_followed() {
    use std::os::unix::fs::symlink;
    let site = fixture("names");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: OUTSIDE-SECRET\nunit: u\nyear: 2015\n---\nOUTSIDE-SECRET\n",
    )
    .unwrap();
    let plans = site.root().join("content/plans");
    symlink(outside.path().join("secret.md"), plans.join("leak.md")).unwrap();
    symlink(outside.path(), plans.join("folder")).unwrap();
    symlink(
        outside.path().join("secret.md"),
        plans.join("带 附件（2015）/secret.txt"),
    )
    .unwrap();
    symlink(
        site.root().join("content/plans/计划 一（草稿）😀.md"),
        plans.join("twice.md"),
    )
    .unwrap();
    let run = site.build();
    run.ok()
        .says(&format!(
            "content/plans/leak.md: warning: this is a symbolic link to {}, outside the site folder; links are not followed, so it is not published",
            outside.path().join("secret.md").display()
        ))
        .says("content/plans/folder: warning: this is a symbolic link to")
        .says("content/plans/带 附件（2015）/secret.txt: warning: this is a symbolic link to")
        .says("content/plans/twice.md: warning: this is a symbolic link to")
        .says("help: copy the file or folder into content/ instead of linking to it");
    // A link inside the site is not followed either, but it is not said to lead outside.
    let twice = run.stderr.lines().find(|l| l.contains("twice.md")).unwrap();
    assert!(!twice.contains("outside"), "{twice}");
    assert_eq!(
        files_containing(&site.out(), "OUTSIDE-SECRET"),
        Vec::<std::path::PathBuf>::new()
    );
    assert!(
        !site
            .out()
            .join("plans/dai-fu-jian-2015/secret.txt")
            .exists()
    );
}

#[test]
fn attachments_are_copies_not_links() {
    let site = fixture("names");
    site.build().ok();
    let source = site
        .root()
        .join("content/plans/带 附件（2015）/50% 完成 ★.xlsx");
    let published = site.out().join("plans/dai-fu-jian-2015/50% 完成 ★.xlsx");
    assert!(
        !std::fs::symlink_metadata(&published)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    std::fs::write(&source, "changed after the build").unwrap();
    assert_eq!(std::fs::read_to_string(&published).unwrap(), "xlsx");
}

#[test]
fn output_folders_that_would_delete_more_than_a_build_are_refused_first() {
    let site = fixture("names");
    let root = site.root().to_path_buf();
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("notes.txt"), "mine").unwrap();
    let before = common::snapshot(&root);
    for (out, says) in [
        (root.clone(), "contains the site itself"),
        (
            root.join("content"),
            "is the site's content/ folder or inside it",
        ),
        (
            root.join("content/plans/public"),
            "is the site's content/ folder or inside it",
        ),
        (
            root.join("public/../content"),
            "is the site's content/ folder or inside it",
        ),
        (
            root.parent().unwrap().to_path_buf(),
            "contains the site itself",
        ),
        ("/".into(), "contains the site itself"),
        (
            other.path().to_path_buf(),
            "holds files that plansite did not write",
        ),
        (other.path().join("notes.txt"), "is a file, not a folder"),
    ] {
        let out = out.to_str().unwrap().to_string();
        site.run(&["build", "--out", &out]).failed().says(says);
    }
    assert_eq!(
        common::snapshot(&root),
        before,
        "nothing in the site changed"
    );
    assert_eq!(
        std::fs::read_to_string(other.path().join("notes.txt")).unwrap(),
        "mine"
    );
    // The preview server refuses the same folders before it starts.
    let out = other.path().to_str().unwrap().to_string();
    let run = common::run_with_deadline(
        &root,
        &["serve", "--port", "0", "--out", &out],
        std::time::Duration::from_secs(60),
    );
    run.failed().says("holds files that plansite did not write");
    assert_eq!(
        std::fs::read_to_string(other.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_build_touches_nothing_outside_its_output_folder() {
    let site = fixture("names");
    let place = tempfile::tempdir().unwrap();
    // Neighbours whose names start like the output folder's, and like its temporary folder's.
    for neighbour in [
        "public-old/index.html",
        ".public.keep",
        "public.txt",
        "notes.txt",
    ] {
        let path = place.path().join(neighbour);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, neighbour).unwrap();
    }
    let place_before = common::snapshot(place.path());
    let site_before = common::snapshot(site.root());
    let out = place.path().join("public");
    for _ in 0..2 {
        site.run(&["build", "--out", out.to_str().unwrap()]).ok();
    }
    let mut place_after = common::snapshot(place.path());
    // The previous site kept for the next build, and its manifest, stay beside it too.
    place_after.retain(|path, _| {
        !path.starts_with("public/") && !path.starts_with(".public.plansite-kept/")
    });
    let manifest = place_after.remove(std::path::Path::new(".public.plansite-manifest"));
    assert!(manifest.is_some(), "the manifest");
    // The output folder's lock stays beside it, empty.
    let lock = place_after.remove(std::path::Path::new(".public.plansite-lock"));
    assert_eq!(lock, Some(Vec::new()), "the lock file, emptied");
    assert_eq!(place_after, place_before);
    // In the site's own folder, only its cache of the parsed plans, for the next build.
    let mut site_after = common::snapshot(site.root());
    site_after.retain(|path, _| !path.starts_with(".plansite/"));
    assert!(
        site.root().join(".plansite/parsed/00").is_file(),
        "the cache"
    );
    assert_eq!(site_after, site_before);
    let names: Vec<_> = std::fs::read_dir(place.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != ".public.plansite-kept")
        .collect();
    assert_eq!(
        names.len(),
        7,
        "no folder is left beside the output, only its lock, manifest and kept site: {names:?}"
    );
}

/// Every fixture site that builds, built as it is: no script from the content, no handler, no
/// `javascript:` address, no draft.
#[test]
fn no_fixture_publishes_active_content_or_drafts() {
    let mut built = 0;
    for entry in
        std::fs::read_dir(std::path::Path::new(common::REPO).join("tests/hostile")).unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let site = fixture(&name);
        let run = site.build();
        if run.code != 0 {
            assert_eq!(run.code, 1, "{name}: {}", run.stderr);
            assert!(
                run.stderr.contains("error: "),
                "{name} failed without saying why"
            );
            continue;
        }
        built += 1;
        assert_eq!(active_content(&site.out()), Vec::<String>::new(), "{name}");
        assert_eq!(
            files_containing(&site.out(), "DRAFT-SECRET"),
            Vec::<std::path::PathBuf>::new(),
            "{name}"
        );
    }
    assert!(built >= 2, "the fixtures that build are checked");
}
