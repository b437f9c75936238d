# What the terminal shows: help lines, summary lines, and each command's output

diagnostic-help = help:{" "}
diagnostic-more = … and { $count } more: { $about } (plansite check --format json lists them all)
summary-counts = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }

build-done = built { $plans ->
        [one] 1 plan
       *[other] { $plans } plans
    } into { $pages } pages ({ $files } files) in { $ms } ms: { $index }
build-unchanged = nothing changed since the last build into { $out }: no file was written
build-failed = build failed: { $summary }; { $out } was left as it was
check-summary = checked { $plans ->
        [one] 1 plan
       *[other] { $plans } plans
    }: { $summary }
fix-slips-fixed = { $path }: fixed; the original is kept as { $backup }
fix-encoding-converted = { $path }: converted from { $from } to UTF-8; the original is kept as { $backup }
fix-encoding-summary = converted { $converted ->
        [one] 1 file
       *[other] { $converted } files
    }, { $failed } could not be converted
init-wrote = wrote { $path }
init-done = the site is started: preview it with `plansite serve`, start plans with `plansite new`, build it with `plansite build`
new-wrote = wrote { $path }
new-draft-note = {"  "}help: it is a draft: `plansite build --drafts` shows it; remove the line `draft: true` when it is ready to publish
new-not-written = no plan was written
report-incomplete = the report may be incomplete: plans with errors are left out
