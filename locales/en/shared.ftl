# Parts that several messages share

# Why a slug written by hand (of a plan, a unit or an attachment) cannot be used; after "it"
slug-refused-empty = is empty
slug-refused-folders = contains `{ $char }`, so it names a path of folders and could point outside the site
slug-refused-drive = contains `:`, which names a drive on Windows
slug-refused-dots = names the folder itself or the one above it
slug-refused-device = is `{ $name }`, a name Windows reserves for a device

# Why Windows cannot keep an attachment's name; after "it"
name-refused-windows-char = contains `{ $char }`, which Windows does not allow in file names
name-refused-trailing = ends with a dot or a space, which Windows drops

# The YAML parser's explanations (front matter and site.yaml), as the parser words them
yaml-reason-colon = mapping values are not allowed in this context
yaml-reason-list = did not find expected ',' or ']'
yaml-reason-braces = did not find expected ',' or '{"}"}'
yaml-reason-end = found unexpected end of stream
yaml-reason-indent = did not find expected key
yaml-reason-token = found character that cannot start any token
yaml-reason-escape = found unknown escape character
yaml-reason-no-colon = could not find expected ':'
yaml-reason-unknown-field = unknown field `{ $field }`
