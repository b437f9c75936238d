//! One writer at a time per output folder: builds into one folder at once each publish their
//! own site whole, one after another; a holder killed loses the lock to the next; `--no-wait`
//! fails at once and says who holds the folder.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{PATIENCE, Server};
use common::{Run, TestSite, snapshot};

/// A site of `plans` plans, every page of which says `version`: enough plans that a debug build
/// takes long enough for builds started together to meet.
fn edition(plans: usize, version: &str) -> TestSite {
    let site = TestSite::new(&format!("title: 计划汇编（{version}）\n"));
    for i in 0..plans {
        site.plan(
            &format!("plan-{i}"),
            &format!(
                "title: 第{i}号工作计划\nunit: 单位{}\nyear: {}",
                i % 7,
                2015 + i % 9
            ),
            &format!("## 主要任务（{version}）\n\n做好困难职工帮扶，推进工资集体协商。\n"),
        );
    }
    site
}

fn build(site: &TestSite, out: &Path, more: &[&str]) -> Command {
    let mut command = common::plansite();
    command
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(out)
        .args(more)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn four_builds_into_one_folder_at_once_each_publish_their_own_site_whole() {
    const PLANS: usize = 150;
    let editions: Vec<TestSite> = (1..=4)
        .map(|n| edition(PLANS, &format!("第{n}稿")))
        .collect();
    // What a clean build of each makes, alone.
    let clean: Vec<_> = editions
        .iter()
        .map(|site| {
            let alone = tempfile::tempdir().unwrap();
            let out = alone.path().join("public");
            Run::from(build(site, &out, &[]).output().unwrap()).ok();
            snapshot(&out)
        })
        .collect();

    let published = tempfile::tempdir().unwrap();
    let out = published.path().join("public");
    let mut running: Vec<(usize, Child)> = editions
        .iter()
        .enumerate()
        .map(|(n, site)| (n, build(site, &out, &[]).spawn().unwrap()))
        .collect();
    // Each publishes in turn, after the one before it: the last to finish took the lock last.
    let mut finished = Vec::new();
    let deadline = Instant::now() + PATIENCE * 6;
    while !running.is_empty() {
        assert!(Instant::now() < deadline, "the builds did not finish");
        let mut i = 0;
        while i < running.len() {
            if running[i].1.try_wait().unwrap().is_some() {
                let (n, child) = running.remove(i);
                finished.push((n, Run::from(child.wait_with_output().unwrap())));
            } else {
                i += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    for (n, run) in &finished {
        assert_eq!(run.code, 0, "build {n} failed:\n{}", run.stderr);
    }
    let waited = (finished.iter())
        .filter(|(_, run)| {
            run.stderr
                .contains("waiting for another build to finish writing")
        })
        .count();
    assert!(waited > 0, "no build waited for another: they never met");

    let last = finished.last().unwrap().0;
    let now = snapshot(&out);
    assert!(
        now == clean[last],
        "the published site is not a clean build of the last to take the lock (edition {})",
        last + 1
    );
    assert_eq!(
        names(published.path()),
        [
            ".public.plansite-kept",
            ".public.plansite-lock",
            ".public.plansite-manifest",
            "public"
        ],
        "only the site, its lock (empty), the previous site kept and its manifest are left"
    );
    assert_eq!(
        fs::read_to_string(published.path().join(".public.plansite-lock")).unwrap(),
        ""
    );
}

#[test]
fn a_killed_holder_loses_the_lock_to_the_next_build_and_no_wait_fails_at_once() {
    let site = edition(3, "初稿");
    let published = tempfile::tempdir().unwrap();
    let out = published.path().join("public");
    // The preview writing into the folder holds its lock for as long as it runs.
    let (mut holder, _) = Server::start_with(&site, 0, &["--out".as_ref(), out.as_os_str()]);
    let pid = holder.child.id();

    let started = Instant::now();
    let refused = Run::from(build(&site, &out, &["--no-wait"]).output().unwrap());
    refused
        .failed()
        .says(&format!(
            "error: another build is writing this output folder: process {pid} (`plansite serve --port 0 --root"
        ))
        .says("leave out --no-wait to wait for it");
    assert!(started.elapsed() < PATIENCE / 2, "--no-wait waited");

    // One that waits says for whom, and goes on once the holder is killed.
    let mut waiting = build(&site, &out, &[]).spawn().unwrap();
    let mut stderr = BufReader::new(waiting.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("waiting for another build to finish writing")
            && line.contains(&format!("process {pid} (`plansite serve")),
        "{line}"
    );
    holder.child.kill().unwrap(); // SIGKILL: nothing of plansite's runs after it
    holder.child.wait().unwrap();
    let status = waiting.wait().unwrap();
    assert!(status.success(), "the waiting build failed after the kill");
    assert!(out.join("index.html").is_file());

    // The killed holder's note in the lock file was replaced, then emptied.
    let lock = published.path().join(".public.plansite-lock");
    assert_eq!(fs::read_to_string(&lock).unwrap(), "");
    Run::from(build(&site, &out, &["--no-wait"]).output().unwrap()).ok();
}

#[test]
fn a_note_left_by_a_killed_holder_is_not_taken_for_the_holder() {
    let site = edition(3, "初稿");
    let published = tempfile::tempdir().unwrap();
    let out = published.path().join("public");
    let lock = published.path().join(".public.plansite-lock");
    // A build killed mid-way leaves its note; its lock went with it.
    let mut killed = Command::new("sleep").arg("0").spawn().unwrap();
    let dead = killed.id();
    killed.wait().unwrap();
    fs::write(
        &lock,
        format!("pid: {dead}\ncommand: plansite build\nsince: 2026-01-01 08:00:00 +08:00\n"),
    )
    .unwrap();
    Run::from(build(&site, &out, &["--no-wait"]).output().unwrap()).ok();

    // Held (by this test) before its holder wrote a note: the dead one's is not shown.
    fs::write(
        &lock,
        format!("pid: {dead}\ncommand: plansite build\nsince: 2026-01-01 08:00:00 +08:00\n"),
    )
    .unwrap();
    let file = fs::File::open(&lock).unwrap();
    file.try_lock().unwrap();
    let refused = Run::from(build(&site, &out, &["--no-wait"]).output().unwrap());
    refused
        .failed()
        .says("another build is writing this output folder: another plansite process (it has not said which yet)");
    assert!(!refused.stderr.contains(&format!("process {dead}")));
}
