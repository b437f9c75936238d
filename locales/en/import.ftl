# The import command: a line for every file, what to check, and why a file was not imported

# $from: where a value came from (`from` in JSON)
import-from = { $from ->
        [option] option
        [title_property] title property
        [title_style] Title style
        [prominent] first large or bold line
        [first_line] first line
        [file_name] file name
        [title] title
        [sign_off] sign-off
        [text] inferred from the text
       *[default] default
    }
# $field: title, unit, year or kind
import-field = { $field ->
        [title] title
        [unit] unit
        [year] year
       *[kind] kind
    } { $value } ({ $from })
# $named: the unit's name in the file, where it is not the declared one
import-field-named = { $field ->
        [title] title
        [unit] unit
        [year] year
       *[kind] kind
    } { $value } ({ $from } “{ $named }”)
import-written = { $source } → wrote { $path }: { $title }; { $unit }; { $year }; { $kind }
import-would-write = { $source } → would write { $path }: { $title }; { $unit }; { $year }; { $kind }
import-skipped = { $source }: skipped, not a kind of file import reads (.docx, .doc, .wps, .txt, .html, .htm, .md)
import-refused = { $source }: not imported: { $reason }
import-check = check: { $note }
import-totals = wrote { $written }, skipped { $skipped }, { $refused } not imported
import-totals-dry-run = dry run, nothing written: { $written } would be written, { $skipped } skipped, { $refused } not imported
import-year-out-of-range = --year must be between { $first } and { $last }, not { $year }

# What to check
import-unit-unknown = no unit was found in the title or the sign-off, so the plan is a draft: fill in `unit:` (the units of site.yaml: { $units }) or give --unit
import-unit-unknown-named = the unit “{ $named }” matches none declared in site.yaml ({ $units }), so the plan is a draft: correct `unit:` or give --unit
import-unit-guessed = the document names “{ $named }”, taken for the closest declared unit, “{ $unit }”, so the plan is a draft: check `unit:` or give --unit
import-unit-inferred = the unit was inferred ({ $basis }), so the plan is a draft: check `unit:` or give --unit
import-year-unknown = no year in the document: { $year } is written for now, as a draft; check `year:` or give --year
import-year-inferred = the year was inferred ({ $basis }): check `year:` and `year_basis:`
import-kind-default = the title's ending names no kind: “{ $kind }” is written; check `kind:` or give --kind
import-kind-differs = the title says “{ $kind }”, but the text says “{ $phrase }”, like a { $named }: check `kind:` or give --kind
import-page-images-left = { $count ->
        [one] 1 image of the page is not in the folder beside it, or is not an image, and was left out; save it and put it in the plan's folder if it is needed
       *[other] { $count } images of the page are not in the folder beside it, or are not images, and were left out; save them and put them in the plan's folder if they are needed
    }
import-renamed = { $path } exists already and was not overwritten: a new name was used
import-draft = a draft (`draft: true`): remove that line when the plan has been checked, and it is published

# Why a file was not imported
import-unreadable = cannot read the file: { $error }
import-too-large = the file is larger than { $limit } MB, more than any plan
import-not-zip = not a valid Word document: it is not a zip archive, as a .docx file is, or it is damaged
import-not-word = the archive holds no Word document (word/document.xml)
import-unsafe-part-name = a part is named `{ $part }`, which points outside the archive; refused for safety
import-part-too-large = the part `{ $part }` unpacks to more than { $limit } MB, possibly a zip bomb; refused
import-part-unreadable = the part `{ $part }` does not unpack: { $error }; the file is damaged or tampered with
import-too-many-parts = the archive holds too many parts for a Word document
import-doctype = the part `{ $part }` has a DOCTYPE declaration, which Word never writes; refused for safety
import-bad-xml = the part `{ $part }` is not valid XML: { $error }
import-too-long = the document has more than { $limit } paragraphs, far more than a plan; refused
import-too-deep = the page nests its elements more than { $limit } deep, unlike any real page; refused
import-not-an-image = the image `{ $image }` is not a PNG, JPEG, GIF or WebP image; save it as a picture in Word and insert it again
import-encoding = the text is not UTF-8, GBK/GB18030 or UTF-16; save it again as UTF-8 (in Notepad: Save As, Encoding UTF-8)
import-has-front-matter = this Markdown file has front matter (---) already: it is a plan; put it in content/plans/ as it is
import-needs-docx = .{ $ext } files need LibreOffice, which is not installed; open the file in Word or WPS, save it as "Word Document (*.docx)" and import that
import-convert-failed = LibreOffice could not convert it to .docx: { $error }; save it as .docx in Word or WPS and import that
import-empty = the file has no text
import-name-taken = `{ $name }` and the other names tried are taken; nothing was written
import-write-failed = cannot write the plan: { $error }
