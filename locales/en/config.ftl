# site.yaml and the site settings
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

config-missing =
    .about = no site.yaml in the site folder

config-unreadable =
    .about = a site.yaml that cannot be read as UTF-8 text

config-yaml =
    .about = a site.yaml that is not valid YAML or has a wrong field

config-unit-no-name =
    .about = a declared unit with an empty name

config-unit-duplicate =
    .about = a unit declared twice

config-unit-slug-invalid =
    .about = a unit's `slug:` that cannot be used

config-unit-slug-duplicate =
    .about = two declared units with the same slug

config-unit-parent-missing =
    .about = a unit's parent that is not declared

config-unit-parent-cycle =
    .about = a unit that is, through its parents, its own parent

config-theme-missing =
    .about = a theme whose folder is not there

config-filing-unit-undeclared =
    .about = a unit expected to file that is not declared

config-kind-plan-and-summary =
    .about = a kind listed as both a plan and a summary

config-base-url-invalid =
    .about = a `base_url` that is not a full http or https address

config-base-path-invalid =
    .about = a `base_path` that is an address, not a path

option-base-path-invalid =
    .about = a `--base-path` that is an address, not a path

config-base-url-missing =
    .about = no `base_url`, which the feed and sitemap need

yaml-tab =
    .about = a tab where YAML wants spaces

site-not-found =
    .about = no site.yaml in the folder or any folder above it

site-no-plans =
    .about = a site with no plan to publish
