# Links, images and attachments in a plan's text
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

link-draft = links to { $target }, which is a draft and is not published
    .help = publish that plan (remove `draft: true`) or remove the link
    .help-image = { -link-image-help }
    .about = a link to a draft

link-missing-plan = links to a plan { $target }, which does not exist
    .help = { -link-target-help }
    .help-meant = { link-did-you-mean }
    .help-image = { -link-image-help }
    .about = a link to a plan that does not exist

link-unpublished-plan = links to a plan { $target }, which is not published
    .help = { -link-target-help }
    .help-image = { -link-image-help }
    .about = a link to a plan that is not published

link-root-absolute = `{ $dest }` is an address from the server's root: it breaks when the site is served under a sub-path or opened from disk
    .help = link to the plan's .md file (or the attachment) by its path from this file
    .help-file = link to the plan's file instead: `{ $file }`
    .about = a link from the site's root to its own pages

link-missing-heading = `{ $dest }` links to a heading { $plan } does not have
    .help = link to one of the plan's headings, as its table of contents shows them
    .help-meant = did you mean `#{ $meant }`?
    .about = a link to a heading the plan does not have

link-spaces = the link target `{ $target }` has spaces, so the page shows the Markdown as text
    .help = write `<...>` around the target: `(<{ $target }>)`
    .about = a link target with spaces, shown as text

link-missing-image = the image { $target } does not exist
    .help = { -link-image-help }
    .help-meant = { link-did-you-mean }
    .about = an image whose file does not exist

link-missing-file = links to a file { $target }, which does not exist
    .help = { -link-target-help }
    .help-meant = { link-did-you-mean }
    .help-image = { -link-image-help }
    .about = a link to a file that does not exist

link-unpublished-file = links to a file { $target }, which is not published
    .help = { -link-target-help }
    .help-image = { -link-image-help }
    .about = a link to a file that is not published

markdown-too-deep = lists or quotes are nested more than { $max } levels deep; the deeper levels are shown at that level
    .help = nest them less deeply: check the indentation and the `>` and `-` at the start of the lines
    .about = lists or quotes nested too deep

html-too-deep = the HTML is nested more than { $max } levels deep; from this line on it is shown as text
    .help = remove the extra nesting (often pasted from a web page), or write this part in Markdown
    .about = HTML nested too deep

attachment-unreadable = cannot read the attachment: { $error }
    .about = an attachment that cannot be read

attachment-replaces-page = the attachment `{ $name }` would replace the plan's own page
    .help = { -attachment-rename }
    .about = an attachment named like the plan's page

attachment-name-windows = the attachment name `{ $name }` { $why }: a copy of the site on a Windows share would lose it
    .help = { -attachment-rename }
    .about = an attachment name Windows cannot keep

attachment-name-case = the attachments `{ $other }` and `{ $name }` differ only in letter case: on Windows and macOS they are one file, and one would replace the other
    .help = { -attachment-rename }
    .about = attachments whose names differ only in letter case

-link-target-help = check the link's target; to attach a file, put the plan in <folder>/index.md and the file beside it

-link-image-help = put the image beside the plan, in <folder>/index.md's folder, and check its name

link-did-you-mean = did you mean `{ $meant }`?

-attachment-rename = rename the file; links to it in the plan must use the new name
