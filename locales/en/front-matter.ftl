# Front matter and a plan's fields
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

front-matter-empty-file =
    .about = an empty plan file

front-matter-not-opened =
    .about = front matter without its opening `---` line

front-matter-missing =
    .about = a plan file without front matter

front-matter-not-closed =
    .about = front matter without its closing `---` line

front-matter-not-a-mapping =
    .about = front matter that is not `key: value` lines

front-matter-yaml =
    .about = front matter that is not valid YAML

front-matter-second-document =
    .about = a `---` or `...` line inside the front matter

plan-key-not-a-word =
    .about = a front-matter key that is not a word

plan-key-unknown =
    .about = an unknown front-matter key that looks like a known one

plan-title-missing =
    .about = a plan without `title`

plan-title-empty =
    .about = an empty `title`

plan-title-duplicate =
    .about = a title another plan already has

plan-unit-missing =
    .about = a plan without `unit`

plan-unit-empty =
    .about = an empty `unit`

plan-unit-undeclared =
    .about = a unit not declared in site.yaml

plan-field-not-text =
    .about = a field that must be text but is not

plan-date-out-of-range =
    .about = a `date` outside the years plansite accepts

plan-date-not-a-date =
    .about = a `date` not written YYYY-MM-DD

plan-year-missing =
    .about = a plan without `year` or `date`

plan-year-not-a-number =
    .about = a `year` that is not a whole number

plan-year-out-of-range =
    .about = a `year` outside the years plansite accepts

plan-year-not-the-dates =
    .about = a `year` that is not the year of `date`

plan-tags-not-a-word =
    .about = a tag that is not a word

plan-tags-not-a-list =
    .about = `tags` that are not a list

plan-draft-not-a-bool =
    .about = a `draft` that is not true or false

plan-slug-invalid =
    .about = a `slug:` that cannot be used

plan-slug-duplicate =
    .about = a slug another plan already has

plan-body-empty =
    .about = a plan with no text after its front matter
