# The site as a whole, and templates
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

unit-slug-clash = units `{ $other }` and `{ $unit }` would both have the address `{ $address }`; `{ $unit }` gets `{ $slug }`
    .help = declare the unit in site.yaml with a `slug:` of your choice
    .about = units that would share an address

tag-slug-clash = tags `{ $other }` and `{ $tag }` would both have the address `{ $address }`; `{ $tag }` gets `{ $slug }`
    .help = if they mean the same, write the tag the same way in every plan
    .about = tags that would share an address

static-overwrites-page = this static file would overwrite the generated page { $page }
    .help = rename or remove the static file
    .about = a static file in the place of a generated page

# $why: `changed` (what was read back is not what was written) or `other` ($error is the system's words)
plan-body-unreadable = this plan's body, already rendered, cannot be read back: { $why ->
        [changed] the file that holds it was changed by another program during the build
       *[other] { $error }
    }
    .help = the previous site was left as it was; build again, and if that fails, build without the cache with `plansite build --no-cache`
    .about = a plan whose rendered body cannot be read back

# $kind: `tera` ($error is Tera's words), or `missing-parent` ($error is the template named by `extends`)
template-error = template error: { $kind ->
        [missing-parent] extends `{ $error }`, which is not a template of this theme
       *[other] { $error }
    }
    .about = a template error

template-unreadable = cannot read: { $error }
    .about = a template file that cannot be read

template-not-utf8 = cannot read the template as UTF-8 text: { $error }
    .about = a template that is not UTF-8 text
