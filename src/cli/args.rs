//! The command line's shape. Its help texts are not here but in the catalogues (`cli-…` in
//! `locales/*/cli.ftl`), put in by [`super::localize`] in the language of the run.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "plansite", version)]
pub struct Cli {
    /// Read before clap parses (see `super::localize::choose`); declared so that clap accepts
    /// it anywhere, refuses a language plansite does not speak, and lists it in the help.
    #[arg(long, global = true, value_name = "zh|en", value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    Build(BuildArgs),
    Serve(ServeArgs),
    Check(CheckArgs),
    New(NewArgs),
    FixEncoding(FixEncodingArgs),
    Init(InitArgs),
    Report(ReportArgs),
    Import(ImportArgs),
}

#[derive(Args)]
pub struct InitArgs {
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
}

#[derive(Args)]
pub struct FixEncodingArgs {
    #[arg(long)]
    pub root: Option<PathBuf>,
}

#[derive(Args)]
pub struct SiteArgs {
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, value_name = "/SUB/PATH/")]
    pub base_path: Option<String>,
    #[arg(long)]
    pub no_wait: bool,
    #[arg(long)]
    pub no_cache: bool,
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long)]
    pub no_drafts: bool,
    /// The default already, kept so that older scripts still work.
    #[arg(long, conflicts_with = "no_drafts")]
    pub drafts: bool,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub poll: bool,
    #[arg(long)]
    pub open: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long)]
    pub fix: bool,
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args)]
pub struct NewArgs {
    pub unit: String,
    pub title: String,
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub slug: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true, value_name = "FILE_OR_FOLDER")]
    pub files: Vec<PathBuf>,
    #[arg(long)]
    pub root: Option<PathBuf>,
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub draft: bool,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
