//! The `plansite` command line: argument parsing and printing only; the work is in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use plansite::diagnostics;
use plansite::pipeline::{self, Options, Report};
use plansite::serve::{ServeOptions, Terminal};

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

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The port to listen on; if it is taken, the next free one is used (0: any free port)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; 0.0.0.0 lets other machines see the preview
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
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

fn serve(args: ServeArgs) -> ExitCode {
    let (stop_tx, stop) = std::sync::mpsc::channel();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        eprintln!("cannot catch Ctrl-C: {err}");
    }
    let options = ServeOptions {
        site: Options {
            root: args.site.root,
            drafts: args.site.drafts,
            base_path: None,
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
