# The commands new, fix-encoding, check --fix and init
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

new-folder-exists =
    .about = a plan folder that already exists

new-file-exists =
    .about = a plan file that already exists

new-write-failed =
    .about = a new plan that could not be written

new-field-empty =
    .about = an empty unit or title

new-field-not-one-line =
    .about = a unit or title of more than one line

new-year-out-of-range =
    .about = a year outside the years plansite accepts

fix-encoding-unknown =
    .about = a file in no encoding plansite can convert

fix-encoding-unclean =
    .about = a file whose bytes do not decode cleanly

fix-encoding-backup-exists =
    .about = a backup that already exists

fix-encoding-backup-failed =
    .about = a backup that could not be written

fix-encoding-write-failed =
    .about = a converted file that could not be written

fix-slips-backup-exists =
    .about = a `.fix.bak` backup that already exists

fix-slips-backup-failed =
    .about = a `.fix.bak` backup that could not be written

fix-slips-write-failed =
    .about = a mended file that could not be written

init-site-exists =
    .about = a folder that already holds a site

init-write-failed =
    .about = a new site that could not be written
