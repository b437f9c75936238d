# Reading the content folder
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

content-missing = there is no content folder
    .help = put the plans in content/plans/, one Markdown file each
    .about = no content folder

content-stray-file = this file belongs to no plan and is not published
    .help = to attach it to a plan, make the plan a folder: put the plan in <folder>/index.md and this file beside it
    .about = a file that belongs to no plan

content-txt-suffix = this plan was saved as `{ $name }`, which is not read as a plan
    .help = rename it to `{ $stem }`; in Notepad, save as type "All files"
    .about = a plan saved as `.md.txt`

content-autosave = this is an editor's autosave of `{ $plan }`, not published
    .help = save `{ $plan }` in the editor, which removes it, or delete it
    .about = an editor's autosave or backup of a plan

content-symlink = this is a symbolic link{ $target-kind ->
        [known] {" "}to { $target }
       *[other] {""}
    }{ $place ->
        [outside] , outside the site folder
       *[other] {""}
    }; links are not followed, so it is not published
    .help = copy the file or folder into content/ instead of linking to it
    .about = a symbolic link in the content folder

file-unreadable = { $kind ->
        [entry] cannot read: { $error }
       *[file] cannot read the file: { $error }
    }
    .about = a file that cannot be read

file-encoding-gbk = the file is not UTF-8; it looks like it was saved as GBK/GB18030 (a Windows Chinese encoding)
    .help = { -convert-to-utf8 }
    .about = a file saved as GBK/GB18030

file-encoding-utf16 = the file is saved as UTF-16, not UTF-8
    .help = { -convert-to-utf8 }
    .about = a file saved as UTF-16

file-encoding-invalid = the file is not valid UTF-8 text
    .help = save it again as "UTF-8"; the first bad byte is on this line
    .about = a file that is not valid UTF-8 text

-convert-to-utf8 = run `plansite fix-encoding` to convert it to UTF-8 (the original is kept as a .bak file beside it), or open it and save it again as "UTF-8" (in Notepad: Save As → Encoding → UTF-8; in Chinese Notepad 另存为 → 编码 → UTF-8)

# The parse cache kept in .plansite/ between builds (the next build reads only the plans that changed)
stored-note = the cache at { $path } cannot be used, so its plans are read again{ $more ->
        [0] {""}
        [1] {" "}(and one more part of the cache)
       *[other] {" "}(and { $more } more parts of the cache)
    }: { $why }
stored-why-damaged = it is damaged ({ $error })
stored-why-foreign = it is not plansite's
stored-why-other = it was made by another plansite, or with other slug or raw HTML settings
pages-note = what the pages were made from, kept at { $path }, cannot be used, so every page is rendered: { $why }
pages-not-saved = what the pages were made from could not be written to { $path }: { $error }; the next build renders every page
stored-not-saved = the cache could not be written to { $path }: { $error }; the next build reads every plan again
