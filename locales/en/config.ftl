# site.yaml and the site settings
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

config-missing = no site.yaml in { $root }
    .help = create site.yaml with at least a line `title: 我们的工作计划`, or pass --root pointing at the site folder
    .about = no site.yaml in the site folder

config-unreadable = cannot read site.yaml as UTF-8 text: { $error }
    .help = if it was saved as GBK, run `plansite fix-encoding` to convert it to UTF-8
    .about = a site.yaml that cannot be read as UTF-8 text

config-yaml = { $error }
    .help = check this line: a field name is followed by an ASCII colon and a space (`title: …`), and what belongs under it is indented with spaces
    .about = a site.yaml that is not valid YAML or has a wrong field

config-unit-no-name = a declared unit has an empty `name`
    .help = give every unit under `units:` a name: `- name: 市总工会`
    .about = a declared unit with an empty name

config-unit-duplicate = unit `{ $unit }` is declared twice
    .help = keep one declaration per unit
    .about = a unit declared twice

config-unit-slug-invalid = unit `{ $unit }`: `slug: { $slug }` cannot be used: it { $why }
    .help = use letters, digits and dashes only, e.g. `slug: shi`; or remove the line to make one from the name
    .about = a unit's `slug:` that cannot be used

config-unit-slug-duplicate = units `{ $other }` and `{ $unit }` have the same slug `{ $slug }`
    .help = give each unit its own `slug:`
    .about = two declared units with the same slug

config-unit-parent-missing = unit `{ $unit }` names parent `{ $parent }`, which is not declared
    .help = declare `{ $parent }` under `units:` too, or remove `parent:`
    .help-close = did you mean `{ $close }`?
    .about = a unit's parent that is not declared

config-unit-parent-cycle = unit `{ $unit }` is, through its parents, its own parent
    .help = the units must form a tree: check the `parent:` lines
    .about = a unit that is, through its parents, its own parent

config-theme-missing = theme `{ $theme }` not found: there is no folder { $folder }
    .help = remove the `theme:` line to use the built-in default theme, or put the theme in that folder
    .about = a theme whose folder is not there

config-filing-unit-undeclared = `filing_units` names `{ $unit }`, which is not declared under `units:`
    .help = list units by the `name` they are declared with
    .help-close = did you mean `{ $close }`?
    .about = a unit expected to file that is not declared

config-kind-plan-and-summary = kind `{ $kind }` is in both `plan_kinds` and `summary_kinds`
    .help = a kind of document is either a plan or a summary: keep it in one list
    .about = a kind listed as both a plan and a summary

config-base-url-invalid = `base_url: { $url }` is not a full web address: { $why ->
        [no-scheme] it has no scheme
        [scheme] only http and https are served to browsers
       *[no-host] it names no host
    }
    .help = write it with http:// or https://, as readers type it: `base_url: https://intranet.example/plans/`
    .about = a `base_url` that is not a full http or https address

config-base-path-invalid = `{ $path }` is not a path from the server's root: write the address in `base_url`
    .help = write the path the site is served under, from the server's root: `base_path: /plans/`
    .about = a `base_path` that is an address, not a path

option-base-path-invalid = `{ $path }` is not a path from the server's root: `--base-path` takes a path, not an address
    .help = give the path only: `--base-path /plans/`
    .about = a `--base-path` that is an address, not a path

config-base-url-missing = no `base_url`: atom.xml and sitemap.xml hold addresses without the server's name, which feed readers and search engines cannot follow
    .help = add the site's full address to site.yaml: `base_url: https://intranet.example/plans/`
    .about = no `base_url`, which the feed and sitemap need

yaml-tab = this line is indented with a tab; YAML allows only spaces there
    .help = replace the tab at the start of the line with spaces (two spaces per level), e.g. `  - 女职工`
    .about = a tab where YAML wants spaces

site-not-found = no site.yaml in this folder or any folder above it
    .help = run this inside a site's folder or give --root; to start a site, run `plansite init`
    .about = no site.yaml in the folder or any folder above it

site-no-plans = no plans to publish yet: the pages say so
    .help = add a plan with `plansite new <unit> <title>`; plans marked `draft: true` are published only once that line is removed
    .about = a site with no plan to publish
