# Front matter and a plan's fields
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

front-matter-empty-file = the file is empty
    .help = { -front-matter-example }
    .about = an empty plan file

front-matter-not-opened = the front matter is missing its opening `---` line
    .help = { -front-matter-example }
    .about = front matter without its opening `---` line

front-matter-missing = the file has no front matter
    .help = { -front-matter-example }
    .about = a plan file without front matter

front-matter-not-closed = the front matter is never closed: there is no second `---` line
    .help = add a line `---` after the last front-matter line (e.g. after `year: 2015`), before the text of the plan
    .about = front matter without its closing `---` line

front-matter-not-a-mapping = the front matter is not a list of `key: value` lines
    .help = write one field per line, e.g. `title: 2015年工会工作计划`
    .about = front matter that is not `key: value` lines

front-matter-yaml = the front matter is not valid YAML: { $error }
    .help = check this line: a value with `: ` or starting with a special character needs quotes, e.g. title: "通知: 安排"
    .help-whole = check the front matter: every line is `key: value`, and a value with `: ` needs quotes
    .about = front matter that is not valid YAML

front-matter-second-document = a line starting with `---` or `...` inside the front matter is read as the start of another document
    .help = the front matter ends at a line of exactly `---`; remove what follows the dashes, or move this line below the front matter
    .about = a `---` or `...` line inside the front matter

plan-key-not-a-word = a front-matter key must be a word, found `{ $key }`
    .about = a front-matter key that is not a word

plan-key-unknown = unknown key `{ $key }`; did you mean `{ $likely }`?
    .help = rename it to `{ $likely }`; as written it is only passed to templates as `extra.{ $key }`
    .about = an unknown front-matter key that looks like a known one

plan-title-missing = missing `title`
    .help = add a line `title: 2015年工会工作计划` to the front matter
    .about = a plan without `title`

plan-title-empty = `title` is empty
    .help = write it like `title: 2015年工会工作计划`
    .about = an empty `title`

plan-title-duplicate = the title `{ $title }` is already used by { $other }
    .help = readers tell plans apart by their titles: make this one different (name the unit, the period or 修订稿), or remove the copy
    .about = a title another plan already has

plan-unit-missing = missing `unit`
    .help = add a line `unit: 区总工会` to the front matter
    .about = a plan without `unit`

plan-unit-empty = `unit` is empty
    .help = write it like `unit: 区总工会`
    .about = an empty `unit`

plan-unit-undeclared = unit `{ $unit }` is not declared in site.yaml
    .help = did you mean `{ $close }`? If `{ $unit }` is right, declare it under `units:` in site.yaml
    .help-declare = declare it under `units:` in site.yaml to place it in the unit tree
    .help-list = the declared units are { $declared }; or declare `{ $unit }` under `units:` in site.yaml
    .about = a unit not declared in site.yaml

plan-field-not-text = `{ $key }` must be text, found { plan-found }
    .help = write it on one line after `{ $key }: `; put quotes around it if it starts with [, {"{"}, - or *
    .about = a field that must be text but is not

plan-date-out-of-range = `date` must be in the years { $first } to { $last }, found `{ $found }`
    .help = check the year of the date, e.g. `date: 2015-03-01`
    .about = a `date` outside the years plansite accepts

plan-date-not-a-date = `date` must be a date written YYYY-MM-DD, found `{ $found }`
    .help = e.g. `date: 2015-03-01`
    .about = a `date` not written YYYY-MM-DD

plan-year-missing = missing `year`
    .help = add a line `year: 2015` (or a `date: 2015-03-01`) to the front matter
    .about = a plan without `year` or `date`

plan-year-not-a-number = `year` must be a whole number like 2015, found { plan-found }
    .help = write only the digits: `year: 2015` (not 2015年, not xx年)
    .about = a `year` that is not a whole number

plan-year-out-of-range = `year` must be between { $first } and { $last }
    .help = write the four digits of the year, e.g. `year: 2015`
    .about = a `year` outside the years plansite accepts

plan-year-not-the-dates = `year` is { $year } but `date` is in { $date-year }
    .help = correct whichever is wrong; the plan is filed under `year`
    .about = a `year` that is not the year of `date`

plan-tags-not-a-word = each tag must be a word, found { plan-found }
    .help = { -tags-as-a-list }
    .about = a tag that is not a word

plan-tags-not-a-list = `tags` must be a list, found { plan-found }
    .help = { -tags-as-a-list }
    .about = `tags` that are not a list

plan-draft-not-a-bool = `draft` must be true or false, found { plan-found }
    .help = write `draft: true` while the plan is not ready, `draft: false` (or no line) to publish it
    .about = a `draft` that is not true or false

plan-slug-invalid = `slug: { $slug }` cannot be used: it { $why }
    .help = use letters, digits and dashes only, e.g. `slug: 2015-gonghui-jihua`; or remove the line to use the file name
    .about = a `slug:` that cannot be used

plan-slug-duplicate = the slug `{ $slug }` is already used by { $other }{ $case ->
        [yes] : `{ $this }` and `{ $that }` differ only in letter case, which Windows and macOS do not tell apart
       *[other] {""}
    }
    .help = rename one of the files, or give one a different `slug:` in its front matter
    .about = a slug another plan already has

plan-body-empty = the plan has no text after its front matter
    .help = write the plan below the closing `---` line
    .about = a plan with no text after its front matter

-front-matter-example = start the file with the front matter between two `---` lines:
    {"  "}---
    {"  "}title: 2015年工会工作计划
    {"  "}unit: 区总工会
    {"  "}year: 2015
    {"  "}---

-tags-as-a-list = write the tags as a list: `tags: [困难帮扶, 女职工]`

# What a field holds instead of what it should: spliced into the messages above, with the
# values of the message that names it ($found-kind, and $found).
plan-found = { $found-kind ->
        [nothing] nothing
        [bool] `{ $found }` (true/false)
        [number] the number `{ $found }`
        [text] the text `{ $found }`
        [list] a list
        [mapping] a group of `key: value` lines
        [tagged] a tagged value `{ $found }`
       *[other] `{ $found }`
    }

