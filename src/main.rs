//! The `plansite` command line: argument parsing and printing only; the work is in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use plansite::diagnostics;
use plansite::pipeline::{self, Options, Report};

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
}

#[derive(Args)]
struct SiteArgs {
    /// The site folder, holding site.yaml and content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let out = args.out.unwrap_or_else(|| args.site.root.join("public"));
    let options = Options {
        root: args.site.root,
        drafts: args.site.drafts,
        base_path: args.base_path,
    };
    let report = pipeline::build(&options, &out);
    print_diagnostics(&report);
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
    ExitCode::SUCCESS
}

fn print_diagnostics(report: &Report) {
    for diagnostic in &report.diagnostics {
        eprintln!("{diagnostic}");
    }
}
