//! The preview server's rebuilds after one saved file.
//!
//! In process, through [`plansite::pipeline::Preview`], the code `serve` runs for every batch
//! of changes: the time from the saved file to its pages on disk. Then end to end through a
//! real `plansite serve`: the time from the save to the server's line saying the files are
//! written, which adds the watcher's quiet period (`QUIET` in src/watch.rs) and the
//! notification's own delay.

use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use plansite::pipeline::{Changes, Options, Preview, Rebuilt};

use crate::corpus::Corpus;
use crate::measure::{count, median, millis, process_cpu};

/// End-to-end edits through the real server; each costs the quiet period and a pause.
const SERVE_EDITS: usize = 10;
const TEMPLATE_EDITS: usize = 10;
/// Edits timed on the paths serve does not take for a saved plan's body.
const BLIND_EDITS: usize = 5;

/// `plansite` is the binary to run `serve` with, or `None` to leave that part out.
pub fn run(
    n: usize,
    seed: u64,
    edits: usize,
    scratch: &Path,
    plansite: Option<&str>,
) -> io::Result<()> {
    let corpus = Corpus::new(n, seed);
    let root = scratch.join("site");
    corpus.write(&root)?;
    let out = scratch.join("preview");
    let options = Options {
        root: root.clone(),
        drafts: false,
        base_path: None,
        strict: false,
    };
    println!(
        "== Preview rebuilds at {} plans (in process, the code `serve` runs; output on tmpfs)\n",
        count(n)
    );
    let mut preview = Preview::new(options, out.clone());
    let mut first = Series::default();
    first.rebuild(&mut preview, &Changes::Unknown)?;
    first.print("first build (empty cache)");

    let mut unchanged = Series::default();
    for _ in 0..5 {
        unchanged.rebuild(&mut preview, &Changes::Unknown)?;
    }
    unchanged.print("nothing changed, every file looked at");

    // What serve's watcher reports for a saved plan and for a saved template.
    let told = |path: &str| Changes::Known {
        content: vec![PathBuf::from(path)],
        config: false,
    };
    let template_saved = Changes::Known {
        content: Vec::new(),
        config: false,
    };
    let editable: Vec<usize> = (0..n).filter(|&i| !corpus.plans[i].draft).collect();
    let mut body = Series::default();
    let mut blind = Series::default();
    for e in 0..edits + BLIND_EDITS {
        let plan = editable[(e * 7919 + 13) % editable.len()];
        let marker = format!("（第{e}次修订）");
        let path = corpus.plan_path(plan);
        edit_first_paragraph(&root.join(&path), &marker)?;
        if e < edits {
            body.rebuild(&mut preview, &told(&path))?;
        } else {
            blind.rebuild(&mut preview, &Changes::Unknown)?;
        }
        // The plan's page and the lists of its unit and year show the first paragraph.
        let spec = &corpus.plans[plan];
        for dir in [
            format!("plans/{}", spec.stem),
            format!("units/{}", corpus.units[spec.unit].slug),
            format!("years/{}", spec.year),
        ] {
            if !contains(&out.join(&dir), &marker)? {
                return Err(io::Error::other(format!(
                    "after editing {path}, {dir}/ does not show the edit"
                )));
            }
        }
    }
    body.print(&format!(
        "one plan's first paragraph edited, as serve is told ({edits} plans)"
    ));
    blind.print(&format!(
        "the same, every file looked at ({BLIND_EDITS} plans)"
    ));

    let mut titles = Series::default();
    for e in 0..BLIND_EDITS {
        let plan = editable[(e * 104_729 + 31) % editable.len()];
        let path = corpus.plan_path(plan);
        let text = fs::read_to_string(root.join(&path))?;
        let title = &corpus.plans[plan].title;
        fs::write(
            root.join(&path),
            text.replacen(
                &format!("title: {title}"),
                &format!("title: {title}（修订{e}）"),
                1,
            ),
        )?;
        titles.rebuild(&mut preview, &told(&path))?;
    }
    titles.print(&format!(
        "one plan's title edited, as serve is told ({BLIND_EDITS} plans)"
    ));

    let theme_plan =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/plan.html");
    let template = fs::read_to_string(theme_plan)?;
    fs::create_dir_all(root.join("templates"))?;
    let mut templates = Series::default();
    for e in 0..TEMPLATE_EDITS {
        let comment = format!("<!-- 模板修订 {e} -->");
        let edited = template.replacen(
            "{% block content %}",
            &format!("{{% block content %}}{comment}"),
            1,
        );
        fs::write(root.join("templates/plan.html"), edited)?;
        templates.rebuild(&mut preview, &template_saved)?;
        let page = out.join(format!(
            "plans/{}/index.html",
            corpus.plans[editable[0]].stem
        ));
        if !fs::read_to_string(&page)?.contains(&comment) {
            return Err(io::Error::other(
                "the template edit is not on the plan pages",
            ));
        }
    }
    templates.print(&format!(
        "plan.html template edited ({TEMPLATE_EDITS} times)"
    ));
    drop(preview);
    let Some(plansite) = plansite else {
        return Ok(());
    };

    println!(
        "\n== The same through a real `plansite serve` (save to \"files updated\" line; \
         includes the watcher's {} ms quiet period)\n",
        plansite::watch::QUIET.as_millis()
    );
    let out = scratch.join("serve-out");
    let times = serve_edits(plansite, &root, &out, &corpus, &editable)?;
    println!(
        "one plan's first paragraph edited ({} edits): median {} (min {}, max {})",
        times.len(),
        millis(median(times.clone())),
        millis(*times.iter().min().unwrap_or(&Duration::ZERO)),
        millis(*times.iter().max().unwrap_or(&Duration::ZERO)),
    );
    Ok(())
}

/// Rebuilds of one kind, with what each cost and did.
#[derive(Default)]
struct Series {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
    rendered: Vec<usize>,
    written: Vec<usize>,
}

impl Series {
    fn rebuild(&mut self, preview: &mut Preview, changes: &Changes) -> io::Result<()> {
        let (cpu, started) = (process_cpu(), Instant::now());
        let rebuilt = preview.rebuild_after(changes);
        self.wall.push(started.elapsed());
        self.cpu.push(process_cpu() - cpu);
        check(&rebuilt)?;
        self.rendered.push(rebuilt.report.rendered);
        self.written.push(rebuilt.written);
        Ok(())
    }

    fn print(&self, what: &str) {
        let min = self.wall.iter().min().copied().unwrap_or_default();
        let max = self.wall.iter().max().copied().unwrap_or_default();
        println!(
            "{what}: median {} (min {}, max {}), CPU {}; pages rendered {}, files written {}",
            millis(median(self.wall.clone())),
            millis(min),
            millis(max),
            millis(median(self.cpu.clone())),
            count(median_count(self.rendered.clone())),
            count(median_count(self.written.clone())),
        );
    }
}

fn check(rebuilt: &Rebuilt) -> io::Result<()> {
    if rebuilt.report.failed() || rebuilt.base_path.is_none() {
        let problems: Vec<String> = rebuilt
            .report
            .diagnostics
            .iter()
            .map(|d| d.rendered_in(plansite::i18n::Lang::En))
            .collect();
        return Err(io::Error::other(format!(
            "the rebuild failed:\n{}",
            problems.join("\n")
        )));
    }
    Ok(())
}

fn median_count(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

/// Puts `marker` at the start of the body's first paragraph, which summaries are made of.
fn edit_first_paragraph(path: &Path, marker: &str) -> io::Result<()> {
    let text = fs::read_to_string(path)?;
    let end = text
        .match_indices("---\n")
        .nth(1)
        .map(|(i, _)| i + 4)
        .ok_or_else(|| io::Error::other("no front matter"))?;
    let body = text[end..].trim_start_matches('\n');
    let head = &text[..end];
    fs::write(path, format!("{head}\n{marker}{body}"))
}

/// Whether any file under `dir` contains `text` (a list may be split into several pages).
fn contains(dir: &Path, text: &str) -> io::Result<bool> {
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() && fs::read_to_string(entry.path())?.contains(text) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Edits plans under a running `plansite serve` and times each save to the server's report.
fn serve_edits(
    plansite: &str,
    root: &Path,
    out: &PathBuf,
    corpus: &Corpus,
    editable: &[usize],
) -> io::Result<Vec<Duration>> {
    let mut child = Command::new(plansite)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().expect("piped");
    let (lines_tx, lines) = mpsc::channel::<(Instant, String)>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let result = (|| {
        wait_for(&lines, "initial build", Duration::from_secs(120))?;
        wait_for(&lines, "serving the site", Duration::from_secs(10))?;
        let mut times = Vec::new();
        for e in 0..SERVE_EDITS {
            let plan = editable[(e * 104_729 + 7) % editable.len()];
            // Let the watcher settle, so that each save is a batch of its own.
            std::thread::sleep(Duration::from_millis(400));
            edit_first_paragraph(
                &root.join(corpus.plan_path(plan)),
                &format!("（服务修订{e}）"),
            )?;
            let saved = Instant::now();
            let at = wait_for(&lines, "files updated", Duration::from_secs(30))?;
            times.push(at.duration_since(saved));
        }
        Ok(times)
    })();
    // Our own child, by its handle.
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// The time of the next line containing `needle`.
fn wait_for(
    lines: &mpsc::Receiver<(Instant, String)>,
    needle: &str,
    limit: Duration,
) -> io::Result<Instant> {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok((at, line)) if line.contains(needle) => return Ok(at),
            Ok(_) => {}
            Err(_) => {
                return Err(io::Error::other(format!(
                    "plansite serve printed no line with `{needle}` in {limit:?}"
                )));
            }
        }
    }
}
