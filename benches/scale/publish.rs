//! Publishing as an office does it: `plansite build` run again into the same output folder
//! after a few edits, on tmpfs and on a real disk, beside Hugo rebuilding the same change into
//! its existing output. Five cases: a cold build (empty output folder, nothing kept), nothing
//! changed, one plan's body edited, one plan's title edited, and the plan template edited.
//! Each run is a child process timed from spawn to exit; the edits are made untimed before it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::corpus::Corpus;
use crate::measure::{self, bytes, count, median, seconds};
use crate::{hugo, plansite_build, reset};

/// What changes before each timed build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Cold,
    Nothing,
    Body,
    Title,
    Template,
}

/// Each case, by the name `--publish-cases` takes, and as it is shown.
const CASES: [(Case, &str, &str); 5] = [
    (Case::Cold, "cold", "cold (empty output, nothing kept)"),
    (Case::Nothing, "nothing", "nothing changed"),
    (Case::Body, "body", "one plan's body edited"),
    (Case::Title, "title", "one plan's title edited"),
    (Case::Template, "template", "the plan template edited"),
];

struct Tool<'a> {
    name: &'static str,
    site: PathBuf,
    out: PathBuf,
    command: Box<dyn Fn() -> Command + 'a>,
    /// The plan template, and the text its edits go after.
    template: (PathBuf, &'static str),
}

/// `cases` names the cases to measure (all when empty).
#[allow(clippy::too_many_arguments)]
pub fn run(
    n: usize,
    seed: u64,
    runs: usize,
    cases: &[String],
    hugo: Option<&Path>,
    scratch: &Path,
    disk: &Path,
    on_disk: bool,
) -> io::Result<()> {
    println!(
        "== Publishing at {} plans: `build` again into the same output folder (median of {runs})\n",
        count(n)
    );
    let corpus = Corpus::new(n, seed);
    let mut media = vec![("tmpfs", scratch.to_path_buf())];
    if on_disk {
        media.push(("disk", disk.to_path_buf()));
    }
    let theme_plan =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/plan.html");
    let mut table = Vec::new();
    for (medium, dir) in media {
        reset(&dir)?;
        fs::create_dir_all(&dir)?;
        let site = dir.join("plansite-site");
        corpus.write(&site)?;
        fs::create_dir_all(site.join("templates"))?;
        fs::copy(&theme_plan, site.join("templates/plan.html"))?;
        let out = dir.join("plansite-out");
        let mut tools = vec![Tool {
            name: "plansite",
            site: site.clone(),
            out: out.clone(),
            command: Box::new(move || plansite_build(&site, &out)),
            template: (
                dir.join("plansite-site/templates/plan.html"),
                "{% block content %}",
            ),
        }];
        if let Some(hugo) = hugo {
            let site = dir.join("hugo-site");
            hugo::write(&corpus, &site, hugo::Outputs::SameAsPlansite)?;
            let out = dir.join("hugo-out");
            tools.push(Tool {
                name: "hugo",
                site: site.clone(),
                out: out.clone(),
                command: Box::new(move || {
                    let mut c = Command::new(hugo);
                    c.arg("--source")
                        .arg(&site)
                        .arg("--destination")
                        .arg(&out)
                        .arg("--quiet");
                    c
                }),
                template: (
                    dir.join("hugo-site/layouts/page.html"),
                    "{{ define \"main\" }}",
                ),
            });
        }
        let wanted = CASES
            .iter()
            .filter(|(_, name, _)| cases.is_empty() || cases.iter().any(|c| c == name));
        for &(case, _, label) in wanted {
            for tool in &tools {
                let row = measure_case(&corpus, tool, case, runs, &dir)?;
                println!(
                    "  {:8} {medium:5} {label:34} median {} (runs: {}), CPU {} (sys {}), peak RSS {}, files written {}",
                    tool.name,
                    seconds(row.wall),
                    row.walls,
                    seconds(row.cpu),
                    seconds(row.sys),
                    bytes(row.peak_rss),
                    row.written,
                );
                table.push((medium, label, tool.name, row));
            }
        }
        reset(&dir)?;
    }
    println!(
        "\n| output on | case | tool | median | CPU user+sys | of it kernel | peak RSS | files written | plansite vs Hugo |"
    );
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|");
    for (medium, label, tool, row) in &table {
        let hugo = table
            .iter()
            .find(|(m, l, t, _)| m == medium && l == label && *t == "hugo");
        let ratio = match (*tool, hugo) {
            ("plansite", Some((.., h))) => {
                format!(
                    "{:.1}x faster",
                    h.wall.as_secs_f64() / row.wall.as_secs_f64()
                )
            }
            _ => String::new(),
        };
        println!(
            "| {medium} | {label} | {tool} | {} | {} | {} | {} | {} | {ratio} |",
            seconds(row.wall),
            seconds(row.cpu),
            seconds(row.sys),
            bytes(row.peak_rss),
            row.written
        );
    }
    Ok(())
}

struct Figures {
    wall: Duration,
    walls: String,
    cpu: Duration,
    sys: Duration,
    peak_rss: u64,
    /// Files in the output written by the median run (modified since it started).
    written: usize,
}

fn measure_case(
    corpus: &Corpus,
    tool: &Tool,
    case: Case,
    runs: usize,
    logs: &Path,
) -> io::Result<Figures> {
    let log = logs.join(format!("{}.log", tool.name));
    let editable: Vec<usize> = (0..corpus.plans.len())
        .filter(|&i| !corpus.plans[i].draft)
        .collect();
    // The state each case starts from: the site built twice, so that plansite has its
    // previous site kept (a case after the first build of a folder is not what is measured).
    // A plan saved again between the two, unchanged, so that the second is not taken for a
    // build with nothing to do, which would keep nothing.
    if case != Case::Cold {
        measure::run(&mut (tool.command)(), &log)?;
        let path = tool.site.join(corpus.plan_path(editable[0]));
        fs::write(&path, fs::read(&path)?)?;
        measure::run(&mut (tool.command)(), &log)?;
    }
    let mut samples = Vec::new();
    for r in 0..runs {
        match case {
            Case::Cold => {
                reset(&tool.out)?;
                remove_kept(&tool.out)?;
                // And the site's cache of parsed plans: a cold build starts from nothing.
                reset(&tool.site.join(".plansite"))?;
            }
            Case::Nothing => {}
            Case::Body => {
                let plan = editable[(r * 7919 + 13) % editable.len()];
                let path = tool.site.join(corpus.plan_path(plan));
                let text = fs::read_to_string(&path)?;
                let end = text.match_indices("---\n").nth(1).map_or(0, |(i, _)| i + 4);
                let (head, body) = text.split_at(end);
                fs::write(&path, format!("{head}（第{r}次修订）{body}"))?;
            }
            Case::Title => {
                let plan = editable[(r * 104_729 + 31) % editable.len()];
                let path = tool.site.join(corpus.plan_path(plan));
                let title = &corpus.plans[plan].title;
                let text = fs::read_to_string(&path)?;
                let edited = text.replacen(
                    &format!("title: {title}"),
                    &format!("title: {title}（修订{r}）"),
                    1,
                );
                fs::write(&path, edited)?;
            }
            Case::Template => {
                let (path, after) = &tool.template;
                let text = fs::read_to_string(path)?;
                let text = text.replacen(after, &format!("{after}<!-- 模板修订 {r} -->"), 1);
                fs::write(path, text)?;
            }
        }
        // File times are the kernel's coarse clock: a little before now, to count every write.
        let started = SystemTime::now() - Duration::from_millis(20);
        let sample = measure::run(&mut (tool.command)(), &log)?;
        samples.push((sample, written_since(&tool.out, started)));
    }
    samples.sort_by_key(|(s, _)| s.wall);
    let walls: Vec<String> = samples
        .iter()
        .map(|(s, _)| format!("{:.3}", s.wall.as_secs_f64()))
        .collect();
    let (mid, written) = &samples[samples.len() / 2];
    Ok(Figures {
        wall: median(samples.iter().map(|(s, _)| s.wall).collect()),
        walls: walls.join(" "),
        cpu: mid.cpu,
        sys: mid.sys,
        peak_rss: samples.iter().map(|(s, _)| s.peak_rss).max().unwrap_or(0),
        written: *written,
    })
}

/// What a plansite build keeps beside its output folder: the previous site and its manifest.
fn remove_kept(out: &Path) -> io::Result<()> {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    reset(&out.with_file_name(format!(".{name}.plansite-kept")))?;
    match fs::remove_file(out.with_file_name(format!(".{name}.plansite-manifest"))) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// How many files under `dir` were modified since `since`.
fn written_since(dir: &Path, since: SystemTime) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t >= since)
        })
        .count()
}
