//! The `plansite` command line: argument parsing and printing only; the work is in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use plansite::check::{self, Checked};
use plansite::diagnostics::{self, Diagnostic, Problems, SHOWN_PER_KIND};
use plansite::layout;
use plansite::new_plan::{self, Request};
use plansite::output::{Holder, Waiting};
use plansite::pipeline::{self, Options, Report};
use plansite::report;
use plansite::serve::ServeOptions;
use serde::Serialize;

// A build allocates and frees millions of small strings and values across threads; glibc's
// allocator spent a fifth of a 10,000-plan build in malloc, free and growing its arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "plansite",
    version,
    about = "Publish trade-union work plans as a static website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds)
    Build(BuildArgs),
    /// Build, serve the site over HTTP and rebuild it when a file changes; open pages reload
    Serve(ServeArgs),
    /// Check the site for every problem a build would report, without writing anything
    Check(CheckArgs),
    /// Start a new plan file (a draft) under content/plans/
    New(NewArgs),
    /// Rewrite plan files saved as GBK/GB18030 or UTF-16 as UTF-8, keeping a backup of each
    FixEncoding(FixEncodingArgs),
    /// Start a site: site.yaml, content/plans/ and an example plan, in this folder or DIR
    Init(InitArgs),
    /// 报送情况：各单位每年是否报送了计划和总结 (who has filed a plan and a summary, by year)
    Report(ReportArgs),
}

#[derive(Args)]
struct InitArgs {
    /// The folder to start the site in (made if missing)
    #[arg(default_value = ".")]
    dir: PathBuf,
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// 只看这一年，可以还没有计划 (only this year, which need not have plans yet) [default: every year with plans]
    #[arg(long)]
    year: Option<i32>,
    /// text 给人看，json 给其他程序，csv 用 Excel 打开 (UTF-8 with BOM)
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Csv,
}

#[derive(Args)]
struct FixEncodingArgs {
    /// The site folder, holding site.yaml and content/ [default: the nearest folder, from here
    /// up, that holds site.yaml]
    #[arg(long)]
    root: Option<PathBuf>,
}

#[derive(Args)]
struct SiteArgs {
    /// The site folder, holding site.yaml and content/ [default: the nearest folder, from here
    /// up, that holds site.yaml]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Include plans marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: <root>/public]
    #[arg(long)]
    out: Option<PathBuf>,
    /// The path the site will be served under, e.g. /plans/ (overrides site.yaml)
    #[arg(long, value_name = "/SUB/PATH/")]
    base_path: Option<String>,
    /// Fail at once if another build is writing the output folder, instead of waiting for it
    #[arg(long)]
    no_wait: bool,
    /// Treat every warning as an error, publishing nothing (as `strict: true` in site.yaml)
    #[arg(long)]
    strict: bool,
    /// Write the whole site anew, using nothing kept from the last build (the previous site
    /// kept beside the output folder, to be updated in place)
    #[arg(long)]
    no_cache: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The site folder, holding site.yaml and content/ [default: the nearest folder, from here
    /// up, that holds site.yaml]
    #[arg(long)]
    root: Option<PathBuf>,
    /// Leave out plans marked `draft: true`, to see the site exactly as `plansite build` will
    /// publish it (the preview shows drafts by default, each with a 草稿 banner)
    #[arg(long)]
    no_drafts: bool,
    /// Show drafts: the default already, kept so that older scripts still work
    #[arg(long, conflicts_with = "no_drafts")]
    drafts: bool,
    /// The port to listen on; if it is taken, the next free one is used (0: any free port)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; 0.0.0.0 lets everyone on the network read the preview (drafts
    /// too, unless --no-drafts), which serve warns of; keep 127.0.0.1 to keep it to this computer
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Where to write the preview's pages [default: a temporary folder]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Look for changes by scanning the files regularly (for network shares)
    #[arg(long)]
    poll: bool,
    /// Open the site in the default browser once it is served
    #[arg(long)]
    open: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print the findings
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// First rewrite the files whose front matter (or site.yaml) has Chinese typing slips
    /// (full-width colons, digits and commas, invisible spaces), keeping a .fix.bak backup
    #[arg(long)]
    fix: bool,
    /// Print every warning; without it, only the first 5 of each kind are printed and the
    /// rest counted (JSON always lists them all)
    #[arg(long)]
    all: bool,
    /// Treat every warning as an error, for CI (as `strict: true` in site.yaml)
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `path:line:col: error: message` lines and a summary
    Text,
    /// One JSON document on stdout
    Json,
}

#[derive(Args)]
struct NewArgs {
    /// The issuing unit, as declared in site.yaml (e.g. 区总工会)
    unit: String,
    /// The plan's title (e.g. 区总工会2026年工作计划)
    title: String,
    /// The site folder, holding site.yaml and content/ [default: the nearest folder, from here
    /// up, that holds site.yaml]
    #[arg(long)]
    root: Option<PathBuf>,
    /// The year the plan is for [default: this year]
    #[arg(long)]
    year: Option<i32>,
    /// What kind of document it is (工作总结, 实施方案, 工作要点 ...) [default: 工作计划]
    #[arg(long)]
    kind: Option<String>,
    /// The file name after the year [default: made from the title]
    #[arg(long)]
    slug: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::FixEncoding(args) => fix_encoding(args),
        Command::Init(args) => init(args),
        Command::Report(args) => report(args),
    }
}

/// Prints the filing report; exit code 1 only when the site cannot be read whole (then what
/// could be read is still reported, and the errors say which files were left out).
fn report(args: ReportArgs) -> ExitCode {
    let root = match site_root(args.site.root) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let options = Options {
        root,
        drafts: args.site.drafts,
        base_path: None,
        strict: false,
    };
    let mut problems = Problems::new();
    let site = pipeline::load_site(&options, &mut problems);
    for problem in problems.iter().filter(|p| p.is_error()) {
        eprintln!("{problem}");
    }
    let Some(site) = site else {
        return ExitCode::FAILURE;
    };
    let format = match args.format {
        ReportFormat::Text => report::Format::Text,
        ReportFormat::Json => report::Format::Json,
        ReportFormat::Csv => report::Format::Csv,
    };
    print!("{}", report::report(&site, args.year).render(format));
    if problems.has_errors() {
        eprintln!(
            "报送情况可能不全：有错误的计划文件未计入 (the report may be incomplete: plans with errors are left out)"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The site a command works on: `--root`, else the nearest folder from the current one up that
/// holds `site.yaml`. When there is none, says so and how to start one.
fn site_root(root: Option<PathBuf>) -> Result<PathBuf, ExitCode> {
    if let Some(root) = root {
        return Ok(root);
    }
    let here = PathBuf::from(".");
    layout::find_root(&here).ok_or_else(|| {
        let shown = std::env::current_dir().unwrap_or(here);
        let problem = Diagnostic::error(
            plansite::diagnostics::codes::SITE_NOT_FOUND,
            shown,
            "在这个文件夹及其上级文件夹中找不到 site.yaml (no site.yaml in this folder or any folder above it)",
        )
        .hint("在网站文件夹里运行，或用 --root 指定网站文件夹；要新建网站，运行 `plansite init` (run this inside a site's folder or give --root; to start a site, run `plansite init`)");
        eprintln!("{problem}");
        ExitCode::FAILURE
    })
}

fn init(args: InitArgs) -> ExitCode {
    let mut problems = Problems::new();
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let written = plansite::init::init(&args.dir, year, &mut problems);
    for problem in problems.iter() {
        eprintln!("{problem}");
    }
    let Some(written) = written else {
        return ExitCode::FAILURE;
    };
    for path in &written {
        println!("已写入 (wrote) {}", args.dir.join(path).display());
    }
    println!(
        "网站已建好。预览：plansite serve；新建计划：plansite new <单位> <标题>；生成网站：plansite build\n(the site is started: preview it with `plansite serve`, start plans with `plansite new`, build it with `plansite build`)"
    );
    ExitCode::SUCCESS
}

fn fix_encoding(args: FixEncodingArgs) -> ExitCode {
    let root = match site_root(args.root) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut problems = Problems::new();
    let converted = plansite::fix_encoding::fix_encoding(&root, &mut problems);
    for converted in &converted {
        println!(
            "{}: converted from {} to UTF-8; the original is kept as {}",
            converted.path.display(),
            converted.from,
            converted.backup.display()
        );
    }
    for problem in problems.iter() {
        eprintln!("{problem}");
    }
    let files = |n: usize| if n == 1 { "file" } else { "files" };
    let summary = format!(
        "converted {} {}, {} could not be converted",
        converted.len(),
        files(converted.len()),
        problems.len()
    );
    if problems.is_empty() {
        println!("{summary}");
        ExitCode::SUCCESS
    } else {
        eprintln!("{summary}");
        ExitCode::FAILURE
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let root = match site_root(args.site.root) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let out = args
        .out
        .unwrap_or_else(|| root.join(layout::DEFAULT_OUT_DIR));
    let options = Options {
        root,
        drafts: args.site.drafts,
        base_path: args.base_path,
        strict: args.strict,
    };
    let mut notice = |holder: &Holder| {
        eprintln!(
            "waiting for another build to finish writing {}: {holder}",
            out.display()
        )
    };
    let waiting = match args.no_wait {
        true => Waiting::Fail,
        false => Waiting::Wait(&mut notice),
    };
    let reuse = match args.no_cache {
        true => pipeline::Reuse::Nothing,
        false => pipeline::Reuse::Kept,
    };
    let report = pipeline::build_waiting(&options, &out, waiting, reuse);
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    print_diagnostics(&report.diagnostics, SHOWN_PER_KIND);
    if report.failed() {
        eprintln!(
            "build failed: {}; {} was left as it was",
            diagnostics::summary(&report.diagnostics),
            out.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "built {} plans into {} pages ({} files) in {} ms: {}",
        report.plans,
        report.pages,
        report.files,
        started.elapsed().as_millis(),
        out.join("index.html").display()
    );
    if report.unchanged {
        println!(
            "网站自上次构建以来没有变化，未写入任何文件 (nothing changed since the last build into {}: no file was written)",
            out.display()
        );
    }
    if let Some(note) = plansite::output::link_note(&out) {
        println!("{note}");
    }
    ExitCode::SUCCESS
}

/// Every error, and of each kind of warning the first `per_kind`, then how many more of each
/// kind there are.
fn print_diagnostics(diagnostics: &[Diagnostic], per_kind: usize) {
    let shown = diagnostics::grouped(diagnostics, per_kind);
    for diagnostic in shown.shown {
        eprintln!("{diagnostic}");
    }
    for more in shown.more {
        eprintln!("{more}");
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let root = match site_root(args.root) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let (stop_tx, stop) = std::sync::mpsc::channel();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        eprintln!("cannot catch Ctrl-C: {err}");
    }
    let options = ServeOptions {
        site: Options {
            root,
            drafts: !args.no_drafts,
            base_path: None,
            strict: false,
        },
        bind: args.bind,
        port: args.port,
        out: args.out,
        poll: args.poll,
    };
    let mut reporter = Terminal { open: args.open };
    match plansite::serve::serve(options, &mut reporter, stop) {
        Ok(()) => {
            println!("stopped");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let root = match site_root(args.site.root) {
        Ok(root) => root,
        Err(code) => return code,
    };
    if args.fix && !fix_slips(&root) {
        return ExitCode::FAILURE;
    }
    let options = Options {
        root,
        drafts: args.site.drafts,
        base_path: None,
        strict: args.strict,
    };
    let checked = check::check(&options);
    match args.format {
        Format::Text => {
            let per_kind = if args.all { usize::MAX } else { SHOWN_PER_KIND };
            print_diagnostics(&checked.diagnostics, per_kind);
            let plural = if checked.plans == 1 { "" } else { "s" };
            let summary = format!(
                "checked {} plan{plural}: {}",
                checked.plans,
                diagnostics::summary(&checked.diagnostics)
            );
            if checked.failed() {
                eprintln!("{summary}");
            } else {
                println!("{summary}");
            }
        }
        Format::Json => {
            let json = serde_json::to_string_pretty(&JsonReport::from(&checked))
                .expect("the report serializes");
            println!("{json}");
        }
    }
    if checked.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `plansite check --fix`: mends the typing slips and says what changed; false when a file
/// that needed it could not be rewritten.
fn fix_slips(root: &std::path::Path) -> bool {
    let mut problems = Problems::new();
    let fixed = plansite::fix_slips::fix_slips(root, &mut problems);
    for file in &fixed {
        for slip in &file.slips {
            let place = format!("{}:{}:{}", file.path.display(), slip.line, slip.col);
            println!("{place}: {}", slip.kind.change());
        }
        println!(
            "{}: 已改正，原文件保存为 {} (fixed; the original is kept as {})",
            file.path.display(),
            file.backup.display(),
            file.backup.display()
        );
    }
    for problem in problems.iter() {
        eprintln!("{problem}");
    }
    problems.is_empty()
}

/// `plansite check --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    plans: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    /// What kind of problem it is, e.g. `plan.title.duplicate`: stable, for tools to match.
    code: &'static str,
    message: &'a str,
    hint: Option<&'a str>,
}

impl<'a> From<&'a Checked> for JsonReport<'a> {
    fn from(checked: &'a Checked) -> Self {
        JsonReport {
            plans: checked.plans,
            errors: checked.errors(),
            warnings: checked.warnings(),
            diagnostics: checked
                .diagnostics
                .iter()
                .map(JsonDiagnostic::from)
                .collect(),
        }
    }
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            path: d.path.to_string_lossy().into_owned(),
            line: d.line,
            column: d.col,
            severity: d.severity.as_str(),
            code: d.code.id(),
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

fn new(args: NewArgs) -> ExitCode {
    let request = Request {
        unit: args.unit,
        title: args.title,
        year: args.year,
        kind: args.kind,
        slug: args.slug,
    };
    let root = match site_root(args.root) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut problems = Problems::new();
    let written = new_plan::create(&root, &request, &mut problems);
    for problem in problems.iter() {
        eprintln!("{problem}");
    }
    match written {
        Some(plan) => {
            println!("wrote {}", root.join(&plan.path).display());
            println!("  {}", plan.preview_hint());
            println!(
                "  help: it is a draft: `plansite build --drafts` shows it; remove the line `draft: true` when it is ready to publish"
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("no plan was written");
            ExitCode::FAILURE
        }
    }
}

/// The terminal reporter of the binary.
pub struct Terminal {
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

impl plansite::serve::Reporter for Terminal {
    fn problem(&mut self, message: &str) {
        eprintln!("{message}");
    }

    fn listening(&mut self, url: &str, note: Option<String>) {
        if let Some(note) = note {
            println!("{note}");
        }
        println!("serving the site at {url} (Ctrl-C to stop)");
        if self.open
            && let Err(err) = opener::open_browser(url)
        {
            eprintln!("cannot open a browser: {err}; open {url} by hand");
        }
    }

    fn rebuilt(
        &mut self,
        what: &str,
        report: &Report,
        changed_files: usize,
        took: std::time::Duration,
    ) {
        print_diagnostics(&report.diagnostics, SHOWN_PER_KIND);
        if report.failed() {
            eprintln!(
                "{what}: rebuild failed ({}); still serving the last good pages",
                diagnostics::summary(&report.diagnostics)
            );
        } else {
            println!(
                "{what}: rendered {} of {} pages, {changed_files} files updated, in {} ms",
                report.rendered,
                report.pages,
                took.as_millis()
            );
        }
    }
}
