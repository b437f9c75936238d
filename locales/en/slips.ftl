# Chinese typing slips, read as the editor meant them
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

slip-full-width-colon = the full-width colon “：” after `{ $key }` was read as `:`
    .help = write `{ $key }: …` with an ASCII colon and a space; `plansite check --fix` does it
    .about = a full-width colon after a key, read as `:`

slip-invisible = an invisible character { $char } on the line of `{ $key }` was removed
    .help = usually pasted from Word or a web page: delete it, or run `plansite check --fix`
    .about = an invisible character around a key or value, removed

slip-full-width-digits = the full-width digits of `{ $key }` (`{ $value }`) were read as digits
    .help = type the digits with the input method in English mode, e.g. `{ $key }: { $digits }`
    .about = full-width digits in a number or date, read as digits

slip-list-separator = the items of `{ $key }`, separated by “{ $char }”, were read as a list
    .help = separate the items with a comma and a space, e.g. `{ $key }: [帮扶, 女职工]`
    .about = `，` or `、` between list items, read as `, `

slip-list-brackets = the full-width brackets “{ $char }” around `{ $key }` were read as `[ ]`
    .help = use `[` and `]`, e.g. `{ $key }: [帮扶, 女职工]`
    .about = full-width brackets around a list, read as `[ ]`

slip-unknown-key-colon = a full-width colon “：” after `{ $key }`, which is no known field: the line cannot be read
    .help = a field name is followed by `: ` (an ASCII colon and a space); the known fields are { $known }
    .help-known = did you mean `{ $known }`? write `{ $known }: …` with an ASCII colon and a space
    .about = a full-width colon after a word that is no known key

# What plansite check --fix lists, one change a line

slip-change-colon = `：` became `: `
slip-change-invisible = removed { $char }
slip-change-digits = `{ $value }` became `{ $digits }`
slip-change-separator = `{ $char }` became `, `
slip-change-brackets = `{ $char }` became a square bracket
slip-change-none = left for you to fix
