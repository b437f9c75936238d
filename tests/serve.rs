//! `plansite serve` over real HTTP: pages, live reload events, the error overlay, safe paths.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::TestSite;
use common::server::{PATIENCE, Server, eventually};

fn site() -> TestSite {
    let site = TestSite::new("title: 预览站\n");
    site.plan(
        "a",
        "title: 第一份计划\nunit: 市总工会\nyear: 2015",
        "原来的正文。",
    );
    site.plan(
        "b",
        "title: 第二份计划\nunit: 市总工会\nyear: 2014",
        "另一份。",
    );
    site
}

#[test]
fn serves_pages_with_the_reload_script_and_right_types() {
    let site = site();
    site.write("static/logo.png", b"\x89PNG\r\n\x1a\n");
    let server = Server::start(&site);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("第一份计划"));
    assert!(body.contains("__plansite/live.js"));
    let (status, head, _) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (status, head, script) = server.get("/__plansite/live.js");
    assert_eq!(status, 200);
    assert!(head.contains("javascript"));
    assert!(script.contains("EventSource"));
    // Text is said to be UTF-8; an image is no text.
    let (status, head, _) = server.get("/logo.png");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: image/png") && !head.contains("charset"),
        "{head}"
    );
    let (status, head, _) = server.get("/plans/a");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    assert!(head.contains("location: /plans/a/"));
    assert!(server.page("plans/a/").contains("原来的正文"));
}

#[test]
fn an_edit_rebuilds_and_then_tells_the_browser() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.plan(
        "a",
        "title: 第一份计划\nunit: 市总工会\nyear: 2015",
        "改过的正文。",
    );
    events.next_generation();
    // The event comes only after the files are written: the page is new at once.
    assert!(server.page("plans/a/index.html").contains("改过的正文"));
}

#[test]
fn a_save_through_a_temporary_file_and_rename_is_seen() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    let target = site.root().join("content/plans/b.md");
    let temp = site.root().join("content/plans/.b.md.tmp");
    std::fs::write(
        &temp,
        "---\ntitle: 第二份计划（修订）\nunit: 市总工会\nyear: 2014\n---\n修订稿。\n",
    )
    .unwrap();
    std::fs::rename(&temp, &target).unwrap();
    events.next_generation();
    let page = eventually(&server, "plans/b/index.html", |b| b.contains("修订稿"));
    assert!(page.contains("第二份计划（修订）"));
}

#[test]
fn a_broken_file_shows_the_overlay_and_keeps_the_last_good_pages() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.plan(
        "a",
        "title: 第一份计划\nunit: [市总工会\nyear: 2015",
        "坏掉的正文。",
    );
    events.next_generation();
    let page = server.page("plans/a/index.html");
    assert!(
        page.contains("plansite-error-overlay"),
        "the overlay is on every page while the error stands"
    );
    assert!(
        page.contains("content/plans/a.md:"),
        "it names the file and line"
    );
    assert!(
        page.contains("原来的正文"),
        "the last good page is still served"
    );
    assert!(server.page("index.html").contains("plansite-error-overlay"));

    site.plan(
        "a",
        "title: 第一份计划\nunit: 市总工会\nyear: 2015",
        "修好的正文。",
    );
    // One save can reach the watcher as two changes (the file emptied, then written), so a
    // second rebuild of the broken file may still be on its way: wait for the mended page
    // rather than for the next event.
    let page = eventually(&server, "plans/a/index.html", |p| p.contains("修好的正文"));
    assert!(!page.contains("plansite-error-overlay"));
}

#[test]
fn no_path_leads_outside_the_output_folder() {
    let site = site();
    site.write("secret.txt", "TOP-SECRET");
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/plans/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/plans/a/../../../secret.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 403 || status == 404, "{path} gave {status}");
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
}

/// The output folder holds no link out of it that plansite wrote; one put there by hand is not
/// followed either.
#[test]
fn a_link_out_of_the_output_folder_is_not_followed() {
    let site = site();
    site.write("secret.txt", "TOP-SECRET");
    let out = tempfile::tempdir().unwrap();
    let (server, _) = Server::start_with(&site, 0, &["--out".as_ref(), out.path().as_os_str()]);
    std::os::unix::fs::symlink(site.root().join("secret.txt"), out.path().join("leak.txt"))
        .unwrap();
    let (status, _, body) = server.get("/leak.txt");
    assert_eq!(status, 403);
    assert!(!body.contains("TOP-SECRET"));
}

#[test]
fn a_missing_page_gets_the_sites_404_page() {
    let site = site();
    let server = Server::start(&site);
    let (status, _, body) = server.get("/plans/nothing-here/");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"), "{body}");
}

#[test]
fn the_site_is_served_under_its_base_path() {
    let site = site();
    site.write("site.yaml", "title: 预览站\nbase_path: /plans/\n");
    let server = Server::start(&site);
    assert_eq!(server.base, "/plans/");
    assert!(
        server
            .page("index.html")
            .contains("/plans/__plansite/live.js")
    );
    let (status, head, _) = server.get("/");
    assert_eq!(status, 301);
    assert!(head.contains("location: /plans/"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(&site);
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (server, printed) = Server::start_on(&site, port);
    assert!(
        printed.contains(&format!("port {port} is taken; using")),
        "{printed}"
    );
    assert_ne!(server.address, format!("127.0.0.1:{port}"));
    assert!(server.page("index.html").contains("第一份计划"));
    // Once free, the port asked for is used, and nothing is said of it.
    drop(taken);
    let (server, printed) = Server::start_on(&site, port);
    assert!(!printed.contains("is taken"), "{printed}");
    assert_eq!(server.address, format!("127.0.0.1:{port}"));
}

/// A static file is copied again when it changes, although the watcher names no plan.
#[test]
fn an_edited_static_file_is_served_new() {
    let site = site();
    site.write("static/notice.txt", "旧通知");
    let server = Server::start(&site);
    assert_eq!(server.get("/notice.txt").2, "旧通知");
    site.write("static/notice.txt", "新通知");
    eventually(&server, "notice.txt", |body| body == "新通知");
}

/// A save that changes no page is told of all the same: the editor sees that it was seen.
#[test]
fn a_save_that_changes_nothing_is_still_told_of() {
    let site = site();
    let server = Server::start(&site);
    let path = site.root().join("content/plans/a.md");
    std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
    let stdout = server.stdout_with("a.md changed: rendered");
    assert!(stdout.contains(", 0 files updated"), "{stdout}");
}

#[test]
fn a_template_error_is_shown_and_cleared_like_a_content_error() {
    let site = site();
    let server = Server::start(&site);
    let mut events = server.events();
    site.write(
        "templates/plan.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}",
    );
    events.next_generation();
    let page = server.page("plans/a/index.html");
    assert!(page.contains("plansite-error-overlay"));
    assert!(
        page.contains("templates/plan.html:3"),
        "names the template and line"
    );
    assert!(page.contains("原来的正文"));
    std::fs::remove_file(site.root().join("templates/plan.html")).unwrap();
    // One save can reach the watcher as two changes, so a late rebuild of the broken
    // template may come before the one without it: wait for the clean page.
    eventually(&server, "plans/a/index.html", |p| {
        !p.contains("plansite-error-overlay")
    });
}

#[test]
fn a_preview_others_can_reach_says_so_and_a_local_one_does_not() {
    let site = site();
    let warning =
        "warning: everyone on the network can read this preview, drafts included: --bind 0.0.0.0";
    let args = ["--bind".as_ref(), "0.0.0.0".as_ref(), "--drafts".as_ref()];
    let (open, _) = Server::start_with(&site, 0, &args);
    let stderr = open.stderr_with(warning);
    assert!(stderr.contains("--bind 127.0.0.1"), "{stderr}");
    // It is served there indeed.
    assert!(open.page("index.html").contains("第一份计划"));

    let local = Server::start(&site);
    local.page("index.html");
    assert!(!local.stderr().contains("warning"), "{}", local.stderr());
}

#[test]
fn the_terminal_counts_warnings_of_a_kind_after_the_first_five() {
    let site = site();
    for i in 0..40 {
        site.plan(
            &format!("copy-{i:02}"),
            "title: 第一份计划\nunit: 市总工会\nyear: 2015",
            "抄来的。",
        );
    }
    let server = Server::start(&site);
    let stderr = server.stderr_with("… and 35 more: a title another plan already has (plansite check --format json lists them all)");
    assert_eq!(stderr.matches("is already used by").count(), 5, "{stderr}");
}

/// The names of the preview's temporary folders in `temp`.
fn serve_folders(temp: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(temp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("plansite-serve-"))
        .collect()
}

/// SIGTERM (a service manager, `kill`) and SIGHUP (the terminal closed) stop the preview as
/// Ctrl-C does: cleanly, its temporary folder deleted.
#[test]
fn sigterm_and_sighup_stop_the_server_and_delete_its_folder() {
    let site = site();
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let temp = tempfile::tempdir().unwrap();
        let (mut server, _) = Server::start_in(&site, 0, &[], Some(temp.path()));
        assert_eq!(serve_folders(temp.path()).len(), 1, "the pages are there");
        let exit = server.stop_with(signal).expect("the server stopped");
        assert!(exit.success(), "signal {signal}: exit status {exit:?}");
        assert_eq!(
            serve_folders(temp.path()),
            Vec::<String>::new(),
            "signal {signal}"
        );
    }
}

/// A rebuild that succeeds with warnings shows them too, collapsed under their count, each
/// with its file and line; fixing them takes the panel away.
#[test]
fn warnings_of_a_good_rebuild_are_shown_collapsed() {
    let site = site();
    let server = Server::start(&site);
    assert!(!server.page("index.html").contains("plansite-warnings"));
    let mut events = server.events();
    site.plan(
        "c",
        "title: 第一份计划\nunit: 市总工会\nyear: 2016",
        "同名的计划。",
    );
    events.next_generation();
    let page = server.page("plans/a/index.html");
    assert!(!page.contains("plansite-error-overlay"), "nothing failed");
    assert!(page.contains("<details id=\"plansite-warnings\""), "{page}");
    assert!(page.contains("1 warning; the rebuild succeeded"), "{page}");
    assert!(
        page.contains("<code>content/plans/c.md:"),
        "file and line: {page}"
    );

    std::fs::remove_file(site.root().join("content/plans/c.md")).unwrap();
    // The new file may have reached the watcher as two changes (created, then written): wait
    // for the page without the panel rather than for the next event.
    eventually(&server, "plans/a/index.html", |p| {
        !p.contains("plansite-warnings")
    });
}

/// The preview shows drafts by default, each with its banner, at the address `new` gives;
/// `--no-drafts` shows the site as it will be published, and `--drafts` is still accepted.
#[test]
fn drafts_are_previewed_with_a_banner_unless_no_drafts() {
    let site = site();
    let run = site.run(&["new", "市总工会", "新的计划", "--slug", "xin"]);
    let said = "preview: run plansite serve, then open http://127.0.0.1:1111/";
    let at = run.ok().stdout.find(said).expect("new says where to look");
    let rest = &run.stdout[at + said.len()..];
    let page = format!("{}index.html", &rest[..rest.find(' ').unwrap()]);
    assert!(
        page.starts_with("plans/") && page.contains("xin/"),
        "{page}"
    );
    let server = Server::start(&site);
    let draft = server.page(&page);
    assert!(
        draft.contains("<strong>草稿 · 不会发布</strong> (draft: not published)"),
        "{draft}"
    );
    assert!(
        !server
            .page("plans/a/index.html")
            .contains("草稿 · 不会发布")
    );
    drop(server);

    let (server, _) = Server::start_with(&site, 0, &["--no-drafts".as_ref()]);
    assert_eq!(server.get(&format!("/{page}")).0, 404);
    assert_eq!(server.get("/plans/a/index.html").0, 200);
    drop(server);
    let (server, _) = Server::start_with(&site, 0, &["--drafts".as_ref()]);
    assert_eq!(server.get(&format!("/{page}")).0, 200);
}
