# Links, images and attachments in a plan's text
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

link-draft =
    .about = a link to a draft

link-missing-plan =
    .about = a link to a plan that does not exist

link-unpublished-plan =
    .about = a link to a plan that is not published

link-root-absolute =
    .about = a link from the site's root to its own pages

link-missing-heading =
    .about = a link to a heading the plan does not have

link-spaces =
    .about = a link target with spaces, shown as text

link-missing-image =
    .about = an image whose file does not exist

link-missing-file =
    .about = a link to a file that does not exist

link-unpublished-file =
    .about = a link to a file that is not published

markdown-too-deep =
    .about = lists or quotes nested too deep

html-too-deep =
    .about = HTML nested too deep

attachment-unreadable =
    .about = an attachment that cannot be read

attachment-replaces-page =
    .about = an attachment named like the plan's page

attachment-name-windows =
    .about = an attachment name Windows cannot keep

attachment-name-case =
    .about = attachments whose names differ only in letter case
