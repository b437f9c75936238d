//! The `plansite` command line: argument parsing and printing only; the work is in the library.

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches};
use cli::args::{
    BuildArgs, CheckArgs, Cli, Command, FixEncodingArgs, Format, ImportArgs, InitArgs, NewArgs,
    ReportArgs, ReportFormat, ServeArgs,
};
use cli::terminal::{JsonDiagnostic, JsonOutcome, JsonReport, Say, Terminal};
use plansite::diagnostics::{Diagnostic, Problems, SHOWN_PER_KIND, codes};
use plansite::i18n::{Arg, Catalogue};
use plansite::layout;
use plansite::new_plan::{self, Request};
use plansite::output::{Holder, Waiting};
use plansite::pipeline::{self, Options};
use plansite::serve::ServeOptions;

// A build allocates and frees millions of small strings and values across threads; glibc's
// allocator spent a fifth of a 10,000-plan build in malloc, free and growing its arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A command failed; what went wrong has been printed.
struct Failed;

type Outcome = Result<(), Failed>;

fn main() -> ExitCode {
    let argv: Vec<_> = std::env::args_os().collect();
    let lang = cli::localize::choose(&argv);
    let catalogue = Catalogue::of(&[lang]);
    let messages = catalogue.messages(lang);
    let command = cli::localize::localize(Cli::command(), &messages);
    let cli = command
        .try_get_matches_from(&argv)
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .unwrap_or_else(|err| cli::localize::exit_with(err, &messages));
    let say = Say { messages };
    let outcome = match cli.command {
        Command::Build(args) => build(args, say),
        Command::Serve(args) => serve(args, say),
        Command::Check(args) => check(args, say),
        Command::New(args) => new(args, say),
        Command::FixEncoding(args) => fix_encoding(args, say),
        Command::Init(args) => init(args, say),
        Command::Report(args) => report(args, say),
        Command::Import(args) => import(args, say),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failed) => ExitCode::FAILURE,
    }
}

/// The site a command works on: `--root`, else the nearest folder from the current one up that
/// holds `site.yaml`. When there is none, says so and how to start one.
fn site_root(root: Option<PathBuf>, say: Say) -> Result<PathBuf, Failed> {
    if let Some(root) = root {
        return Ok(root);
    }
    let here = PathBuf::from(".");
    layout::find_root(&here).ok_or_else(|| {
        let shown = std::env::current_dir().unwrap_or(here);
        say.all([Diagnostic::error(codes::SITE_NOT_FOUND, shown)]);
        Failed
    })
}

/// Prints one line for every file (and what to check beneath it), or the outcomes as JSON;
/// fails when a file was not imported (the others still are).
fn import(args: ImportArgs, say: Say) -> Outcome {
    use plansite::import::{self, Status, messages};
    let root = site_root(args.root, say)?;
    let options = import::Options {
        unit: args.unit,
        year: args.year,
        kind: args.kind,
        draft: args.draft,
        dry_run: args.dry_run,
    };
    if let Err(text) = import::check_options(&options) {
        eprintln!("error: {}", say.text(&text));
        return Err(Failed);
    }
    let mut problems = Problems::new();
    let outcomes = import::import(&root, &args.files, &options, &mut problems);
    say.all(problems.iter());
    let outcomes = outcomes.ok_or(Failed)?;
    let count = |status: &[Status]| {
        (outcomes.iter())
            .filter(|o| status.contains(&o.status))
            .count()
    };
    let refused = count(&[Status::Refused]);
    match args.format {
        Format::Json => {
            let json: Vec<_> = (outcomes.iter())
                .map(|o| JsonOutcome::new(o, &say.messages))
                .collect();
            let json = serde_json::to_string_pretty(&json).expect("the outcomes serialize");
            println!("{json}");
        }
        Format::Text => {
            for outcome in &outcomes {
                if outcome.status == Status::Refused {
                    eprintln!("{}", say.text(&outcome.summary));
                    continue;
                }
                println!("{}", say.text(&outcome.summary));
                for note in &outcome.notes {
                    let note = [("note", Arg::from(note.clone()))];
                    println!("  {}", say.words("import-check", &note));
                }
            }
            let written = count(&[Status::Written, Status::WouldWrite]);
            let skipped = count(&[Status::Skipped]);
            let totals = messages::totals(written, skipped, refused, args.dry_run);
            println!("{}", say.text(&totals));
        }
    }
    match refused {
        0 => Ok(()),
        _ => Err(Failed),
    }
}

/// Prints the filing report; fails only when the site cannot be read whole (then what could
/// be read is still reported, and the errors say which files were left out).
fn report(args: ReportArgs, say: Say) -> Outcome {
    let options = Options {
        root: site_root(args.site.root, say)?,
        drafts: args.site.drafts,
        base_path: None,
        strict: false,
    };
    let mut problems = Problems::new();
    let site = pipeline::load_site(&options, &mut problems);
    say.all(problems.iter().filter(|p| p.is_error()));
    let site = site.ok_or(Failed)?;
    let format = match args.format {
        ReportFormat::Text => plansite::report::Format::Text,
        ReportFormat::Json => plansite::report::Format::Json,
        ReportFormat::Csv => plansite::report::Format::Csv,
    };
    print!(
        "{}",
        plansite::report::report(&site, args.year).render(format, &say.messages)
    );
    if problems.has_errors() {
        say.err("report-incomplete", &[]);
        return Err(Failed);
    }
    Ok(())
}

fn init(args: InitArgs, say: Say) -> Outcome {
    let mut problems = Problems::new();
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    let written = plansite::init::init(&args.dir, year, &mut problems);
    say.all(problems.iter());
    for path in written.ok_or(Failed)? {
        say.out("init-wrote", &[("path", Arg::from(&args.dir.join(path)))]);
    }
    say.out("init-done", &[]);
    Ok(())
}

fn fix_encoding(args: FixEncodingArgs, say: Say) -> Outcome {
    let root = site_root(args.root, say)?;
    let mut problems = Problems::new();
    let converted = plansite::fix_encoding::fix_encoding(&root, &mut problems);
    for converted in &converted {
        let args = [
            ("path", Arg::from(&converted.path)),
            ("from", Arg::from(converted.from)),
            ("backup", Arg::from(&converted.backup)),
        ];
        say.out("fix-encoding-converted", &args);
    }
    say.all(problems.iter());
    let args = [
        ("converted", Arg::from(converted.len())),
        ("failed", Arg::from(problems.len())),
    ];
    if problems.is_empty() {
        say.out("fix-encoding-summary", &args);
        Ok(())
    } else {
        say.err("fix-encoding-summary", &args);
        Err(Failed)
    }
}

fn build(args: BuildArgs, say: Say) -> Outcome {
    let started = Instant::now();
    let root = site_root(args.site.root, say)?;
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
        let args = [
            ("out", Arg::from(&out)),
            ("holder", Arg::from(holder.text())),
        ];
        say.err("build-waiting", &args)
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
        eprintln!("note: {}", say.text(note));
    }
    say.grouped(&report.diagnostics, SHOWN_PER_KIND);
    if report.failed() {
        let args = [
            ("summary", say.summary(&report.diagnostics)),
            ("out", Arg::from(&out)),
        ];
        say.err("build-failed", &args);
        return Err(Failed);
    }
    let args = [
        ("plans", Arg::from(report.plans)),
        ("pages", Arg::from(report.pages)),
        ("files", Arg::from(report.files)),
        ("ms", Arg::from(started.elapsed().as_millis() as u64)),
        ("index", Arg::from(&out.join("index.html"))),
    ];
    say.out("build-done", &args);
    if report.unchanged {
        say.out("build-unchanged", &[("out", Arg::from(&out))]);
    }
    if let Some(note) = plansite::output::link_note(&out) {
        println!("{}", say.text(&note));
    }
    Ok(())
}

fn serve(args: ServeArgs, say: Say) -> Outcome {
    let root = site_root(args.root, say)?;
    let (stop_tx, stop) = std::sync::mpsc::channel();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        say.err("serve-no-ctrlc", &[("error", Arg::from(err.to_string()))]);
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
        lang: say.messages.lang,
    };
    let mut reporter = Terminal {
        say,
        open: args.open,
    };
    match plansite::serve::serve(options, &mut reporter, stop) {
        Ok(()) => {
            say.out("serve-stopped", &[]);
            Ok(())
        }
        Err(err) => {
            eprintln!("error: {}", err.render(&say.messages));
            Err(Failed)
        }
    }
}

fn check(args: CheckArgs, say: Say) -> Outcome {
    let root = site_root(args.site.root, say)?;
    if args.fix {
        fix_slips(&root, say)?;
    }
    let options = Options {
        root,
        drafts: args.site.drafts,
        base_path: None,
        strict: args.strict,
    };
    let checked = plansite::check::check(&options);
    match args.format {
        Format::Text => {
            let per_kind = if args.all { usize::MAX } else { SHOWN_PER_KIND };
            say.grouped(&checked.diagnostics, per_kind);
            let args = [
                ("plans", Arg::from(checked.plans)),
                ("summary", say.summary(&checked.diagnostics)),
            ];
            match checked.failed() {
                true => say.err("check-summary", &args),
                false => say.out("check-summary", &args),
            }
        }
        Format::Json => {
            let report = JsonReport {
                plans: checked.plans,
                errors: checked.errors(),
                warnings: checked.warnings(),
                diagnostics: (checked.diagnostics.iter())
                    .map(|d| JsonDiagnostic::new(d, &say.messages))
                    .collect(),
            };
            let json = serde_json::to_string_pretty(&report).expect("the report serializes");
            println!("{json}");
        }
    }
    match checked.failed() {
        true => Err(Failed),
        false => Ok(()),
    }
}

/// `plansite check --fix`: mends the typing slips and says what changed; fails when a file
/// that needed it could not be rewritten.
fn fix_slips(root: &Path, say: Say) -> Outcome {
    let mut problems = Problems::new();
    let fixed = plansite::fix_slips::fix_slips(root, &mut problems);
    for file in &fixed {
        for slip in &file.slips {
            let place = format!("{}:{}:{}", file.path.display(), slip.line, slip.col);
            println!("{place}: {}", say.text(&slip.kind.change()));
        }
        let args = [
            ("path", Arg::from(&file.path)),
            ("backup", Arg::from(&file.backup)),
        ];
        say.out("fix-slips-fixed", &args);
    }
    say.all(problems.iter());
    match problems.is_empty() {
        true => Ok(()),
        false => Err(Failed),
    }
}

fn new(args: NewArgs, say: Say) -> Outcome {
    let request = Request {
        unit: args.unit,
        title: args.title,
        year: args.year,
        kind: args.kind,
        slug: args.slug,
    };
    let root = site_root(args.root, say)?;
    let mut problems = Problems::new();
    let written = new_plan::create(&root, &request, &mut problems);
    say.all(problems.iter());
    let Some(plan) = written else {
        say.err("new-not-written", &[]);
        return Err(Failed);
    };
    say.out("new-wrote", &[("path", Arg::from(&root.join(&plan.path)))]);
    println!("  {}", say.text(&plan.preview_hint()));
    say.out("new-draft-note", &[]);
    Ok(())
}
