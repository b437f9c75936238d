# What the terminal shows: help lines, summary lines, and each command's output

diagnostic-help = help
diagnostic-more = … and { $count } more: { $about } (plansite check --format json lists them all)
summary-counts = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
