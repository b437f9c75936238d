# The commands new, fix-encoding, check --fix and init
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

new-folder-exists = a plan folder of this name already exists
    .help = choose another name with --slug
    .about = a plan folder that already exists

new-file-exists = this file already exists; it was left as it is
    .help = edit that file, or choose another name with --slug
    .about = a plan file that already exists

new-write-failed = cannot write the file: { $error }
    .about = a new plan that could not be written

# $field: title, unit, kind or slug
new-field-empty = the { $field ->
        [title] title
        [unit] unit
        [kind] kind
       *[other] slug
    } is empty
    .about = an empty unit or title

new-field-not-one-line = the { $field ->
        [title] title
        [unit] unit
        [kind] kind
       *[other] slug
    } must be one line
    .about = a unit or title of more than one line

new-year-out-of-range = the year must be between { $first } and { $last }, not { $year }
    .about = a year outside the years plansite accepts

# Printed under the new plan's path: where the preview shows it.
new-preview-hint = preview: run plansite serve, then open { $address } (it shows drafts)

fix-encoding-unknown = the file is not UTF-8, GBK/GB18030 or UTF-16; it was not converted
    .help = open it in the program that wrote it and save it as "UTF-8"; the first byte that is not UTF-8 is on this line
    .about = a file in no encoding plansite can convert

fix-encoding-unclean = the file looks like { $encoding } but some of its bytes do not decode cleanly; it was not converted
    .help = open it and check the text, then save it as "UTF-8" (in Notepad: 另存为 → 编码 → UTF-8)
    .about = a file whose bytes do not decode cleanly

fix-encoding-backup-exists = a backup { $backup } already exists; the file was not converted
    .help = move the old backup somewhere else (or delete it) and run the command again
    .about = a backup that already exists

fix-encoding-backup-failed = cannot write the backup { $backup }: { $error }
    .help = move the old backup somewhere else (or delete it) and run the command again
    .about = a backup that could not be written

fix-encoding-write-failed = cannot write the converted file: { $error }
    .help = the original is unchanged, and also in { $backup }
    .about = a converted file that could not be written

fix-slips-backup-exists = a backup { $backup } already exists; the file was left as it was
    .help = move the old backup away, or delete it, and run the command again
    .about = a `.fix.bak` backup that already exists

fix-slips-backup-failed = cannot write the backup { $backup }: { $error }
    .help = check the folder's permissions
    .about = a `.fix.bak` backup that could not be written

fix-slips-write-failed = cannot write the mended file: { $error }
    .help = the original is unchanged, and also in { $backup }
    .about = a mended file that could not be written

init-site-exists = a site is already here; nothing was changed
    .help = start plans with `plansite new`, or run `plansite init` in another folder
    .about = a folder that already holds a site

init-write-failed = cannot write the files: { $error }
    .about = a new site that could not be written

# plansite report: who has filed, for each year
report-year = { $year }: { $expected ->
        [one] 1 unit expected to file
       *[other] { $expected } units expected to file
    }
# $what: `plan` or `summary`; $names joined by report-name-separator
report-missing = { $what ->
        [plan] plans
       *[other] summaries
    } not filed ({ $count }): { $count ->
        [0] none
       *[other] { $names }
    }
report-name-separator = {", "}
# $expected: `yes`, or `no` for a unit that filed though not on the list
report-unit = { $unit }{ $expected ->
        [no] {" "}(not expected to file)
       *[other] {""}
    }: plan { $plan }; summary { $summary }
report-filed = “{ $title }”
report-not-filed = not filed
report-csv-year = Year
report-csv-unit = Unit
report-csv-expected = Expected to file
report-csv-plan = Plan
report-csv-plan-title = Plan title
report-csv-plan-file = Plan file
report-csv-summary = Summary
report-csv-summary-title = Summary title
report-csv-summary-file = Summary file
report-csv-yes = yes
report-csv-no = no
report-csv-filed = filed
report-csv-not-filed = not filed
