# Writing the site
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

output-refused =
    .about = an output folder that may not be replaced

output-locked =
    .about = an output folder another build is writing

output-lock-failed =
    .about = an output folder that cannot be locked

output-write-failed =
    .about = a site that could not be written

output-old-site-left =
    .about = a previous site that could not be deleted

preview-write-failed =
    .about = a preview that could not be written

preview-internal-error = internal error while rebuilding: { $error }
    .help = this is a bug in plansite; please report it with the file you last saved
    .about = an internal error while rebuilding the preview
