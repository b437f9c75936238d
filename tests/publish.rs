//! Publishing can never leave a broken site: the real `plansite build` killed at random points,
//! failing to write (a file-size limit, as with a full disk), or unable to delete the previous
//! site leaves either the previous site or the new one, each whole, and says what happened.
//! The previous generation kept beside the output folder (updated in place by the next build)
//! is believed only while it is as its manifest says: whatever else happens to it or to the
//! manifest, the site published is byte for byte a clean build's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{Run, TestSite, snapshot};

type Tree = BTreeMap<PathBuf, Vec<u8>>;

/// Enough plans that a debug build takes a while, so that kills land in every stage.
fn corpus(plans: usize, version: &str) -> TestSite {
    let site = TestSite::new(&format!("title: 计划汇编（{version}）\n"));
    let paragraph =
        "围绕中心工作，加强基层工会组织建设，做好困难职工帮扶，推进工资集体协商。".repeat(8);
    for i in 0..plans {
        let body = format!(
            "## 一、指导思想\n\n{paragraph}\n\n## 二、主要任务\n\n- {paragraph}\n- {paragraph}\n\n## 三、措施（{version}）\n\n{paragraph}\n"
        );
        site.plan(
            &format!("plan-{i}"),
            &format!(
                "title: 第{i}号工作计划\nunit: 单位{}\nyear: {}\ntags: [帮扶, 标签{}]",
                i % 12,
                2010 + i % 14,
                i % 9
            ),
            &body,
        );
    }
    site
}

/// Rewrites every plan and the site title, so that every page of the new build differs.
fn revise(site: &TestSite, plans: usize) {
    let fresh = corpus(plans, "修订");
    common::copy_dir(fresh.root(), site.root());
}

/// The names beside `out` that a build made (its temporary folders), but for those that stay:
/// the output folder's lock file, the previous site kept for the next build and its manifest.
fn leftovers(out: &Path) -> Vec<String> {
    let prefix = format!(".{}.", out.file_name().unwrap().to_string_lossy());
    let stay = ["lock", "kept", "manifest"].map(|s| format!("{prefix}plansite-{s}"));
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix) && !stay.contains(n))
        .collect()
}

/// The previous site, kept beside `out`.
fn kept(out: &Path) -> PathBuf {
    beside(out, "kept")
}

/// What the manifest says the kept and published sites hold.
fn manifest(out: &Path) -> PathBuf {
    beside(out, "manifest")
}

fn beside(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!(".{name}.plansite-{what}"))
}

/// Whether a build was stopped while it wrote: a temporary folder is left, or the kept site,
/// which loses its manifest while it is updated, has none.
fn stopped_mid_write(out: &Path) -> bool {
    !leftovers(out).is_empty() || (kept(out).exists() && !manifest(out).exists())
}

/// The inode of the file at `path`: the same inode, the file was not written again.
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

/// A clean build of `site` (nothing kept, a new folder), to compare with.
fn clean_build(site: &TestSite) -> Tree {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("public");
    run(build_command(site, &out)).ok();
    snapshot(&out)
}

fn build_command(site: &TestSite, out: &Path) -> Command {
    let mut command = common::plansite();
    command
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn run(mut command: Command) -> Run {
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    Run::from(command.output().unwrap())
}

fn restore(out: &Path, tree: &Tree) {
    fs::remove_dir_all(out).unwrap();
    for (rel, bytes) in tree {
        let path = out.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// A small generator, so the kill points differ from kill to kill but not from run to run.
struct Lcg(u64);

impl Lcg {
    fn next_fraction(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_build_killed_at_any_point_leaves_the_previous_site_or_the_new_one_whole() {
    const PLANS: usize = 300;
    // `KILLS=500 cargo test --test publish` kills more builds than the default.
    let kills: usize = std::env::var("KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let site = corpus(PLANS, "初稿");
    let published = tempfile::tempdir().unwrap();
    let out = published.path().join("public");
    run(build_command(&site, &out)).ok();
    let old = snapshot(&out);

    revise(&site, PLANS);
    let content = snapshot(&site.root().join("content"));
    let expected = tempfile::tempdir().unwrap();
    let started = Instant::now();
    run(build_command(&site, &expected.path().join("public"))).ok();
    let took = started.elapsed();
    let new = snapshot(&expected.path().join("public"));
    assert_ne!(old, new);

    let mut random = Lcg(20150120);
    let (mut kept, mut replaced, mut mid_write) = (0, 0, 0);
    for kill in 0..kills {
        // Spread the kills over the whole build and past its usual end: a build that also clears
        // what the last killed one left takes longer than the one measured.
        let at = (kill as f64 + random.next_fraction()) / kills as f64 * 1.6;
        let mut child = build_command(&site, &out).spawn().unwrap();
        std::thread::sleep(took.mul_f64(at));
        child.kill().unwrap();
        child.wait().unwrap();

        if stopped_mid_write(&out) {
            mid_write += 1;
        }
        let now = snapshot(&out);
        if now == old {
            kept += 1;
        } else {
            assert!(
                now == new,
                "kill {kill} at {at:.2} of a build left a site that is neither the previous one nor the new one"
            );
            replaced += 1;
            restore(&out, &old);
        }
        assert_eq!(
            snapshot(&site.root().join("content")),
            content,
            "a build changed the content"
        );
    }
    eprintln!(
        "{kills} kills over a {took:?} build: {kept} left the previous site, {replaced} the new one; {mid_write} left a temporary folder"
    );
    // Kills that all land before or after the writing test nothing: some must interrupt it.
    assert!(
        mid_write > 0,
        "no kill landed while the site was being written ({kills} kills over {took:?})"
    );

    run(build_command(&site, &out)).ok();
    assert_eq!(snapshot(&out), new, "the next build publishes");
    assert_eq!(
        leftovers(&out),
        Vec::<String>::new(),
        "and clears what the killed builds left"
    );
}

#[test]
fn a_write_failure_leaves_the_previous_site_and_says_so() {
    let site = corpus(20, "初稿");
    let out = site.out();
    site.build().ok();
    let old = snapshot(&out);
    revise(&site, 20);

    let mut command = build_command(&site, &out);
    // Files may not grow past 1 KB, so writing a page fails with EFBIG, as on a full disk. The
    // signal that limit sends is ignored, so the write returns the error instead.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 1024,
                rlim_max: 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let result = run(command);
    result
        .failed()
        .says("error: cannot write the site: ")
        .says("File too large")
        .says("help: the previous site was left as it was")
        .says("build failed: 1 error");
    assert!(
        result.stderr.contains(".html: File too large"),
        "the message names the file: {}",
        result.stderr
    );
    assert_eq!(snapshot(&out), old, "the previous site is whole");
    assert_eq!(
        leftovers(&out),
        Vec::<String>::new(),
        "nothing is left beside it"
    );
}

/// Sets or clears the immutable flag, which even root cannot delete past. `false` when the
/// file system or the sandbox does not allow it.
fn immutable(path: &Path, on: bool) -> bool {
    Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(path)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The previous site is kept, not deleted, once the new one is out; but a kept site that cannot
/// be used (here, changed by someone) must be deleted, and when it cannot be, the new site is
/// still published, with a warning, and the next build deletes it.
#[test]
fn a_kept_site_that_cannot_be_deleted_is_a_warning_once_the_new_one_is_out() {
    let site = corpus(3, "初稿");
    let out = site.out();
    site.build().ok();
    site.build().ok();
    fs::write(kept(&out).join("stray.html"), "").unwrap();
    let locked = kept(&out).join("plans");
    if !immutable(&locked, true) {
        // CI runs as root on ext4, where `chattr +i` works: there a skip would hide a failure.
        assert!(
            std::env::var_os("CI").is_none(),
            "chattr +i failed, and CI must run this test"
        );
        eprintln!("skipped: this file system cannot make a folder undeletable (chattr +i)");
        return;
    }
    revise(&site, 3);
    let result = site.build();
    // Unlock before asserting, so that a failure does not leave a folder nobody can delete.
    immutable(&locked, false);
    result.ok().says("stray.html was added").says(
        "warning: the previous site kept beside the output folder cannot be used nor deleted",
    );
    assert!(site.read_out("index.html").contains("修订"));
    assert_eq!(snapshot(&out), clean_build(&site));
    site.build().ok();
    assert_eq!(
        leftovers(&out),
        Vec::<String>::new(),
        "the next build deletes it"
    );
    assert!(!kept(&out).join("stray.html").exists());
}

#[test]
fn published_files_are_readable_by_a_web_server_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let site = corpus(2, "初稿");
    site.write(
        "content/plans/bundle/index.md",
        "---\ntitle: 带附件\nunit: 单位1\nyear: 2015\n---\n\n见[附件](附件.txt)。\n",
    );
    let attachment = site.root().join("content/plans/bundle/附件.txt");
    fs::write(&attachment, "附件").unwrap();
    fs::set_permissions(&attachment, fs::Permissions::from_mode(0o600)).unwrap();
    let out = site.out();
    // An editor's shell with a private umask (new files would be readable by their owner
    // only), one that lets the group write, and the usual one (where plansite leaves the
    // modes the system gives).
    for umask in [0o077, 0o002, 0o022] {
        let mut command = build_command(&site, &out);
        unsafe {
            command.pre_exec(move || {
                libc::umask(umask);
                Ok(())
            });
        }
        run(command).ok();
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            let wanted = if entry.file_type().is_dir() {
                0o755
            } else {
                0o644
            };
            let path = entry.path().display();
            assert_eq!(mode, wanted, "umask {umask:o}: {path} has mode {mode:o}");
            checked += 1;
        }
        assert!(out.join("plans/bundle/附件.txt").exists() && checked > 10);
    }
}

/// A web folder set up as `2775 root:<group>` stays so after a build replaces it: mode with
/// setgid, group and owner. (The tests run as root, so any group will do.)
#[test]
fn the_output_folder_keeps_its_mode_group_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let site = corpus(3, "一");
    let out = site.out();
    site.build().ok();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o2775)).unwrap();
    std::os::unix::fs::chown(&out, Some(0), Some(33)).unwrap();
    let before = fs::metadata(&out).unwrap();
    site.build().ok();
    let after = fs::metadata(&out).unwrap();
    assert_ne!(
        before.ino(),
        after.ino(),
        "a new folder took the old one's place"
    );
    assert_eq!(after.mode() & 0o7777, 0o2775);
    assert_eq!((after.uid(), after.gid()), (0, 33));
    // Folders made inside get the group too, as setgid means.
    assert_eq!(fs::metadata(out.join("plans")).unwrap().gid(), 33);
}

/// An output path that is a symbolic link: the site goes into the folder it points to, the
/// link stays a link, nothing is left beside either, and the output says so.
#[test]
fn a_linked_output_folder_is_published_through_the_link() {
    let site = corpus(3, "一");
    let releases = site.root().join("releases");
    let release = releases.join("current");
    fs::create_dir_all(&release).unwrap();
    for page in ["index.html", "404.html", "old.html"] {
        fs::write(release.join(page), "old").unwrap();
    }
    let link = site.root().join("www");
    std::os::unix::fs::symlink(&release, &link).unwrap();
    let run = site.run(&["build", "--out", link.to_str().unwrap()]);
    run.ok().says_out("is a symbolic link");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), release);
    assert!(release.join("index.html").is_file(), "{}", run.stdout);
    assert!(!release.join("old.html").exists());
    assert!(leftovers(&release).is_empty(), "{:?}", leftovers(&release));
    assert!(leftovers(&link).is_empty(), "{:?}", leftovers(&link));
}

/// A build that finds the kept site as the last build left it, as it always should when
/// nobody else touched it: a note would mean the site was written whole.
fn kept_build(site: &TestSite) {
    let run = site.build();
    assert!(!run.ok().stderr.contains("note:"), "{}", run.stderr);
}

/// The kept site is updated in place: a build with nothing changed writes no file, and swaps
/// back the very files the build before the last one wrote. `--no-cache` writes them all.
#[test]
fn a_rebuild_writes_only_the_files_that_changed() {
    let site = corpus(5, "初稿");
    let out = site.out();
    kept_build(&site);
    let first = inode(&out.join("index.html"));
    let first_plan = inode(&out.join("plans/plan-1/index.html"));
    kept_build(&site);
    assert_ne!(inode(&out.join("index.html")), first);
    kept_build(&site);
    assert_eq!(inode(&out.join("index.html")), first, "not written again");
    assert_eq!(inode(&out.join("plans/plan-1/index.html")), first_plan);

    // One plan's body edited: its page is written, the other plans' are not.
    let plan = site.root().join("content/plans/plan-1.md");
    let text = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        text.replace("## 一、指导思想", "## 一、指导思想（改）"),
    )
    .unwrap();
    let before = inode(&kept(&out).join("plans/plan-2/index.html"));
    kept_build(&site);
    assert!(
        site.read_out("plans/plan-1/index.html")
            .contains("指导思想（改）")
    );
    assert_eq!(inode(&out.join("plans/plan-2/index.html")), before);
    assert_eq!(snapshot(&out), clean_build(&site));

    // A plan gone: its folder goes with it.
    fs::remove_file(site.root().join("content/plans/plan-4.md")).unwrap();
    kept_build(&site);
    kept_build(&site);
    assert!(!out.join("plans/plan-4").exists());
    assert_eq!(snapshot(&out), clean_build(&site));

    let run = site.run(&["build", "--no-cache"]);
    run.ok();
    assert_ne!(inode(&out.join("plans/plan-2/index.html")), before);
    assert_eq!(snapshot(&out), clean_build(&site));
}

/// Anything done to the kept site by someone else, however small, and any damage to the
/// manifest, is found: the site is written whole, with a note, and is a clean build's.
#[test]
fn a_kept_site_or_manifest_touched_by_anyone_else_is_not_believed() {
    use std::os::unix::fs::PermissionsExt;
    type Touch = fn(&Path);
    let touches: [(&str, Touch, &str); 6] = [
        // The same size, other bytes: only its change time tells.
        (
            "a page rewritten",
            |out| {
                let page = kept(out).join("plans/plan-1/index.html");
                let bytes = fs::read(&page).unwrap();
                let same_size = vec![b'x'; bytes.len()];
                fs::write(page, same_size).unwrap();
            },
            "plans/plan-1/index.html was changed",
        ),
        (
            "a page's mode",
            |out| {
                let page = kept(out).join("index.html");
                fs::set_permissions(page, fs::Permissions::from_mode(0o600)).unwrap();
            },
            "index.html was changed",
        ),
        (
            "a file added",
            |out| fs::write(kept(out).join("plans/extra.html"), "").unwrap(),
            "plans/extra.html was added",
        ),
        (
            "a file deleted",
            |out| fs::remove_file(kept(out).join("plans/plan-2/index.html")).unwrap(),
            "deleted",
        ),
        (
            "the manifest damaged",
            |out| {
                let mut bytes = fs::read(manifest(out)).unwrap();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 1;
                fs::write(manifest(out), bytes).unwrap();
            },
            "its manifest cannot be used (damaged",
        ),
        (
            "the manifest gone",
            |out| fs::remove_file(manifest(out)).unwrap(),
            "no manifest describes it",
        ),
    ];
    for (what, touch, why) in touches {
        let site = corpus(4, "初稿");
        let out = site.out();
        site.build().ok();
        site.build().ok();
        // A change in the same tick of the clock as the build's write would keep its time.
        std::thread::sleep(std::time::Duration::from_millis(30));
        touch(&out);
        let run = site.build();
        run.ok()
            .says("so this build writes the site whole")
            .says(why);
        assert_eq!(snapshot(&out), clean_build(&site), "{what}");
        // And the one after, from what that build kept.
        site.build().ok();
        assert!(!site.build().ok().stderr.contains("note:"), "{what}");
        assert_eq!(snapshot(&out), clean_build(&site), "{what}");
    }
}

/// Kills while the kept site is updated for a one-plan edit: the previous site stays whole,
/// and the next build publishes the new one, byte for byte a clean build's.
#[test]
fn a_build_killed_while_it_updates_the_kept_site_leaves_the_previous_site() {
    const PLANS: usize = 200;
    let site = corpus(PLANS, "初稿");
    let out = site.out();
    run(build_command(&site, &out)).ok();
    run(build_command(&site, &out)).ok();
    let old = snapshot(&out);
    let mut random = Lcg(7);
    let mut mid_write = 0;
    for kill in 0..8 {
        let plan = site.root().join(format!("content/plans/plan-{kill}.md"));
        let text = fs::read_to_string(&plan).unwrap();
        fs::write(&plan, text.replace("指导思想", "指导思想（改）")).unwrap();
        let started = Instant::now();
        run(build_command(&site, &out)).ok();
        let took = started.elapsed();
        let published = snapshot(&out);
        // Again, so that the next build has the same to do as the killed one will.
        fs::write(&plan, text.replace("指导思想", "指导思想（再改）")).unwrap();
        let mut child = build_command(&site, &out).spawn().unwrap();
        std::thread::sleep(took.mul_f64(0.2 + random.next_fraction()));
        child.kill().unwrap();
        child.wait().unwrap();
        if stopped_mid_write(&out) {
            mid_write += 1;
        }
        let now = snapshot(&out);
        assert!(now == published || now == clean_build(&site), "kill {kill}");
        run(build_command(&site, &out)).ok();
        assert_eq!(snapshot(&out), clean_build(&site), "kill {kill}");
        assert_ne!(snapshot(&out), old);
    }
    eprintln!("{mid_write} of 8 kills landed while the kept site was written");
}

/// A build whose inputs are as the last one found them, into an output folder as it left it,
/// writes nothing and says so; an edit, a published page touched by someone, a warning or
/// `--no-cache` each make it build.
#[test]
fn a_build_with_nothing_changed_writes_nothing() {
    let site = TestSite::new("title: 计划汇编\nbase_url: https://intranet.example/plans/\n");
    for i in 0..4 {
        site.plan(
            &format!("plan-{i}"),
            &format!("title: 第{i}号计划\nunit: 单位{i}\nyear: 2015"),
            "## 一、任务\n\n正文。",
        );
    }
    let out = site.out();
    // Files saved within a tick of the clock of a build are never taken as unchanged.
    let settle = || std::thread::sleep(std::time::Duration::from_millis(120));
    let unchanged = "nothing changed since the last build";
    settle();
    let first = site.build();
    assert!(first.ok().stderr.is_empty(), "no warning: {}", first.stderr);
    assert!(!first.stdout.contains(unchanged));
    let page = out.join("plans/plan-1/index.html");
    let written = inode(&page);
    let again = site.build();
    again.ok().says_out(unchanged).says_out("4 plans");
    // The same counts of plans, pages and files as the build that wrote them.
    let done = first
        .stdout
        .lines()
        .next()
        .unwrap()
        .split(" in ")
        .next()
        .unwrap();
    assert!(again.stdout.contains(done), "{done}\n{}", again.stdout);
    assert_eq!(inode(&page), written, "not written again");

    // A published page changed by someone, its size kept: found, and the site built again.
    settle();
    let size = fs::metadata(&page).unwrap().len() as usize;
    fs::write(&page, vec![b'x'; size]).unwrap();
    let again = site.build();
    assert!(!again.ok().stdout.contains(unchanged));
    assert_eq!(snapshot(&out), clean_build(&site));

    // A file added to a published folder by someone: found by its folder's time, and gone
    // after the build.
    settle();
    site.build().ok().says_out(unchanged);
    let stray = out.join("plans/plan-1/stray.html");
    fs::write(&stray, "x").unwrap();
    assert!(!site.build().ok().stdout.contains(unchanged));
    assert!(!stray.exists());
    assert_eq!(snapshot(&out), clean_build(&site));

    // An edit is built, then the site is unchanged again.
    let plan = site.root().join("content/plans/plan-2.md");
    let text = fs::read_to_string(&plan).unwrap();
    fs::write(&plan, text.replace("正文", "改过的正文")).unwrap();
    assert!(!site.build().ok().stdout.contains(unchanged));
    assert!(
        site.read_out("plans/plan-2/index.html")
            .contains("改过的正文")
    );
    settle();
    // The build right after the edit took no fingerprint (the file was too new): this one
    // builds and takes one, the next finds nothing to do.
    site.build().ok();
    site.build().ok().says_out(unchanged);
    assert_eq!(snapshot(&out), clean_build(&site));

    assert!(
        !site
            .run(&["build", "--no-cache"])
            .ok()
            .stdout
            .contains(unchanged)
    );

    // A site with something to say says it at every build.
    site.write("site.yaml", "title: 计划汇编\n");
    settle();
    for _ in 0..3 {
        let run = site.build();
        assert!(run.ok().stderr.contains("base_url"), "{}", run.stderr);
        assert!(!run.stdout.contains(unchanged));
    }
}

/// An output folder named relative to the folder the command runs in (`--out public`): the
/// site, the lock and the kept site go beside it there, and the next build finds it unchanged.
#[test]
fn a_relative_output_folder_is_published_and_then_found_unchanged() {
    let site = corpus(2, "初稿");
    // With its address, the site has nothing to warn of, and a build with nothing to do says so.
    site.write(
        "site.yaml",
        "title: 计划汇编\nbase_url: https://intranet.example/plans/\n",
    );
    let out = site.out();
    let build = || common::run_in(site.root(), &["build", "--out", "public"]);
    std::thread::sleep(std::time::Duration::from_millis(120));
    build().ok();
    build()
        .ok()
        .says_out("nothing changed since the last build");
    assert!(site.read_out("plans/plan-1/index.html").contains("初稿"));
    assert!(manifest(&out).is_file());
    assert_eq!(leftovers(&out), Vec::<String>::new());
}
