# Chinese typing slips, read as the editor meant them
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

slip-full-width-colon =
    .about = a full-width colon after a key, read as `:`

slip-invisible =
    .about = an invisible character around a key or value, removed

slip-full-width-digits =
    .about = full-width digits in a number or date, read as digits

slip-list-separator =
    .about = `，` or `、` between list items, read as `, `

slip-list-brackets =
    .about = full-width brackets around a list, read as `[ ]`

slip-unknown-key-colon =
    .about = a full-width colon after a word that is no known key
