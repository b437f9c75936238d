# The command line: the help of every command and option (plansite --help), and the command line's own errors

cli-about = Publish trade-union work plans as a static website
cli-help = Print help
cli-version = Print version
cli-lang = The language of the messages: zh (Chinese, the default) or en (English); also the environment variable PLANSITE_LANG, or `language` in site.yaml
cli-heading-usage = Usage:{" "}
cli-heading-commands = Commands
cli-heading-options = Options
cli-default = {" "}[default: { $value }]
cli-possible-values = {" "}[possible values: { $values }]
cli-heading-arguments = Arguments

cli-build = Build the site into the output folder (replaced only when the build succeeds)
cli-serve = Build, serve the site over HTTP and rebuild it when a file changes; open pages reload
cli-check = Check the site for every problem a build would report, without writing anything
cli-new = Start a new plan file (a draft) under content/plans/
cli-fix-encoding = Rewrite plan files saved as GBK/GB18030 or UTF-16 as UTF-8, keeping a backup of each
cli-init = Start a site: site.yaml, content/plans/ and an example plan, in this folder or DIR
cli-report = Who has filed a plan and a summary, by year

cli-root = The site folder, holding site.yaml and content/ [default: the nearest folder, from here up, that holds site.yaml]
cli-drafts = Include plans marked `draft: true`
cli-strict = Treat every warning as an error, publishing nothing (as `strict: true` in site.yaml), for CI
cli-init-dir = The folder to start the site in (made if missing)
cli-report-year = Only this year, which need not have plans yet [default: every year with plans]
cli-report-format = text for people, json for other programs, csv to open in Excel (UTF-8 with BOM)
cli-build-out = Where to write the site [default: <root>/public]
cli-build-base-path = The path the site will be served under, e.g. /plans/ (overrides site.yaml)
cli-build-no-wait = Fail at once if another build is writing the output folder, instead of waiting for it
cli-serve-no-drafts = Leave out plans marked `draft: true`, to see the site exactly as `plansite build` will publish it (the preview shows drafts by default, each with a 草稿 banner)
cli-serve-drafts = Show drafts: the default already, kept so that older scripts still work
cli-serve-port = The port to listen on; if it is taken, the next free one is used (0: any free port)
cli-serve-bind = The address to listen on; 0.0.0.0 lets everyone on the network read the preview (drafts too, unless --no-drafts), which serve warns of; keep 127.0.0.1 to keep it to this computer
cli-serve-out = Where to write the preview's pages [default: a temporary folder]
cli-serve-poll = Look for changes by scanning the files regularly (for network shares)
cli-serve-open = Open the site in the default browser once it is served
cli-check-format = How to print the findings: text is `path:line:col: error: message` lines and a summary; json is one JSON document
cli-check-fix = First rewrite the files whose front matter (or site.yaml) has Chinese typing slips (full-width colons, digits and commas, invisible spaces), keeping a .fix.bak backup
cli-check-all = Print every warning; without it, only the first 5 of each kind are printed and the rest counted (JSON always lists them all)
cli-new-unit = The issuing unit, as declared in site.yaml (e.g. 区总工会)
cli-new-title = The plan's title (e.g. 区总工会2026年工作计划)
cli-new-year = The year the plan is for [default: this year]
cli-new-kind = What kind of document it is (工作总结, 实施方案, 工作要点 ...) [default: 工作计划]
cli-new-slug = The file name after the year [default: made from the title]

cli-error-unknown-argument = unexpected argument { $arg }
cli-error-unknown-command = unrecognized subcommand { $arg }
cli-error-missing-argument = a required argument was not provided: { $arg }
cli-error-invalid-value = invalid value '{ $value }' for { $arg }
cli-error-conflict = { $arg } cannot be used with another option given
cli-error-suggested = tip: try { $suggested }
cli-error-more = run `plansite --help` for the commands, or `plansite <command> --help` for a command's options
