//! The command line in the language of the run: which language that is, the help texts of
//! every command and option, and clap's own errors, as far as clap lets them be translated.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Command};
use plansite::i18n::{self, Arg as Value, Lang, Messages};

/// The language of the run: `--lang`, else `PLANSITE_LANG`, else the site's `language`
/// (of `--root`, or of the nearest site.yaml from here up), else Chinese. Read before clap
/// parses, so that its help and its errors speak it too.
pub fn choose(argv: &[OsString]) -> Lang {
    let option = option_value(argv, "--lang");
    let env = std::env::var("PLANSITE_LANG").ok();
    let root = option_value(argv, "--root").map(PathBuf::from);
    let root = root.or_else(|| plansite::layout::find_root(&PathBuf::from(".")));
    let site = root.and_then(|root| plansite::config::site_language(&root));
    i18n::choose(option.as_deref(), env.as_deref(), site.as_deref())
}

/// The value of `--name VALUE` or `--name=VALUE`, before any `--`.
fn option_value(argv: &[OsString], name: &str) -> Option<String> {
    let mut args = argv.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            return None;
        }
        if arg == name {
            return args.next().map(|v| v.into_owned());
        }
        if let Some(value) = arg.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some(value.to_string());
        }
    }
    None
}

/// `cmd` with every help text from the catalogues: `cli-about` for the program,
/// `cli-<command>` for a command, `cli-<command>-<option>` for an option of one command, else
/// `cli-<option>` for one that several commands share (`--root`), with `-` for `_`.
pub fn localize(cmd: Command, messages: &Messages) -> Command {
    let names: Vec<String> = (cmd.get_subcommands())
        .map(|sub| sub.get_name().to_string())
        .collect();
    let mut cmd = texts(cmd, None, messages).about(messages.get("cli-about", &[]));
    for name in names {
        let about = messages.get(&format!("cli-{name}"), &[]);
        cmd = cmd.mut_subcommand(&name, |sub| texts(sub, Some(&name), messages).about(about));
    }
    cmd.subcommand_help_heading(messages.get("cli-heading-commands", &[]))
        .disable_help_subcommand(true)
}

/// The options' help texts of one command, its help and version options, and its headings.
fn texts(mut cmd: Command, command: Option<&str>, messages: &Messages) -> Command {
    let ids: Vec<(String, bool, String)> = (cmd.get_arguments())
        .map(|arg| {
            (
                arg.get_id().to_string(),
                arg.is_positional(),
                choices(arg, messages),
            )
        })
        .collect();
    // Headings set one by one would list the arguments out of order: keep the declared one.
    for (order, (id, positional, choices)) in ids.into_iter().enumerate() {
        let key = id.replace('_', "-");
        let own = command.map(|c| format!("cli-{c}-{key}"));
        let help = match own.filter(|own| messages.has(own)) {
            Some(own) => messages.get(&own, &[]),
            None => messages.get(&format!("cli-{key}"), &[]),
        } + &choices;
        let heading = match positional {
            true => "cli-heading-arguments",
            false => "cli-heading-options",
        };
        let heading = messages.get(heading, &[]);
        cmd = cmd.mut_arg(&id, |arg| {
            let takes_values = arg.get_action().takes_values();
            (arg.help(help).help_heading(heading).display_order(order))
                .hide_default_value(takes_values)
                .hide_possible_values(takes_values)
        });
    }
    let options = messages.get("cli-heading-options", &[]);
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(messages.get("cli-help", &[]))
                .help_heading(options.clone()),
        )
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            messages.get("cli-heading-usage", &[])
        ));
    if command.is_none() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(messages.get("cli-version", &[]))
                .help_heading(options),
        );
    }
    cmd
}

/// ` [default: text] [possible values: text, json]` in the language of the run, for the help
/// line of `arg` (clap would say it in English).
fn choices(arg: &Arg, messages: &Messages) -> String {
    let mut out = String::new();
    let defaults: Vec<String> = (arg.get_default_values().iter())
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        let value = Value::from(defaults.join(", "));
        out += &messages.get("cli-default", &[("value", value)]);
    }
    let possible: Vec<String> = (arg.get_possible_values().iter())
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() && arg.get_action().takes_values() {
        let values = Value::from(possible.join(", "));
        out += &messages.get("cli-possible-values", &[("values", values)]);
    }
    out
}

/// Prints a clap error in the language of the run and exits as clap does (2 for a mistake in
/// the command line, 0 for `--help` and `--version`). English is clap's own words; Chinese
/// says the common mistakes in its own words, and the rare ones in clap's.
pub fn exit_with(err: clap::Error, messages: &Messages) -> ! {
    let shown = matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if shown || messages.lang == Lang::En {
        err.exit();
    }
    let context = |kind| {
        err.get(kind)
            .map(|value| value.to_string())
            .unwrap_or_default()
    };
    let text = match err.kind() {
        ErrorKind::UnknownArgument => Some(("cli-error-unknown-argument", ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            Some(("cli-error-unknown-command", ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            Some(("cli-error-missing-argument", ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            Some(("cli-error-invalid-value", ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => Some(("cli-error-conflict", ContextKind::InvalidArg)),
        _ => None,
    };
    match text {
        Some((id, about)) => {
            let args = [
                ("arg", Value::from(context(about))),
                ("value", Value::from(context(ContextKind::InvalidValue))),
            ];
            eprintln!("error: {}", messages.get(id, &args));
            let suggested = context(ContextKind::SuggestedArg)
                + &context(ContextKind::SuggestedSubcommand)
                + &context(ContextKind::ValidValue);
            if !suggested.is_empty() {
                let args = [("suggested", Value::from(suggested))];
                eprintln!("  {}", messages.get("cli-error-suggested", &args));
            }
            eprintln!("\n{}", messages.get("cli-error-more", &[]));
        }
        None => eprint!("{}", err.render()),
    }
    std::process::exit(2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use plansite::i18n::Catalogue;

    fn argv(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_are_found_before_clap_parses() {
        let found = |args: &[&str]| option_value(&argv(args), "--lang");
        assert_eq!(
            found(&["plansite", "build", "--lang", "en"]),
            Some("en".into())
        );
        assert_eq!(
            found(&["plansite", "--lang=zh", "check"]),
            Some("zh".into())
        );
        assert_eq!(found(&["plansite", "new", "--", "--lang", "en"]), None);
        assert_eq!(found(&["plansite", "build"]), None);
    }

    /// Every command and option has its help text in every language: a new option without
    /// one fails here, not in front of an editor.
    #[test]
    fn every_command_and_option_has_its_help_in_every_language() {
        let catalogue = Catalogue::load();
        for lang in Lang::ALL {
            let messages = catalogue.messages(lang);
            let mut cmd = localize(super::super::args::Cli::command(), &messages);
            cmd.build();
            let mut missing = Vec::new();
            let mut check = |cmd: &Command| {
                for arg in cmd.get_arguments() {
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    if help.is_empty() || help.starts_with("cli-") {
                        missing.push(format!("{} --{}", cmd.get_name(), arg.get_id()));
                    }
                }
                let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
                if about.is_empty() || about.starts_with("cli-") {
                    missing.push(cmd.get_name().to_string());
                }
            };
            check(&cmd);
            for sub in cmd.get_subcommands() {
                check(sub);
            }
            assert_eq!(missing, Vec::<String>::new(), "{lang:?}");
        }
    }
}
