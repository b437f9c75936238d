# The site as a whole, and templates
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

unit-slug-clash =
    .about = units that would share an address

tag-slug-clash =
    .about = tags that would share an address

static-overwrites-page =
    .about = a static file in the place of a generated page

template-error =
    .about = a template error

template-unreadable =
    .about = a template file that cannot be read

template-not-utf8 =
    .about = a template that is not UTF-8 text
