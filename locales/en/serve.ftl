# plansite serve: what the preview server says in the terminal and on the pages

serve-listening = serving the site at { $url } (Ctrl-C to stop)
serve-stopped = stopped
serve-port-taken = port { $port } is taken; using { $used } instead
serve-exposed = warning: everyone on the network can read this preview{ $drafts ->
        [yes] , drafts included
       *[no] {""}
    }: --bind { $ip } serves it to anyone who can reach this computer; to keep it to this computer, use --bind 127.0.0.1 (the default)
serve-initial-build = initial build
serve-second-look = a second look at the files
serve-changes = changes
serve-changed-unknown = files (too many changes to tell which) changed
serve-changed-one = { $path } changed
serve-changed-many = { $path } and others changed ({ $count } files)
serve-rebuilt = { $what }: rendered { $rendered } of { $pages } pages, { $files } files updated, in { $ms } ms
serve-rebuild-failed = { $what }: rebuild failed ({ $summary }); still serving the last good pages
serve-watch-failed = cannot watch a new folder: { $error }
serve-no-ctrlc = cannot catch Ctrl-C: { $error }
serve-no-browser = cannot open a browser: { $error }; open { $url } by hand
serve-error-temp-dir = cannot make a folder for the pages: { $error }
serve-error-watch = cannot watch { $path }: { $error }
serve-error-bind = cannot listen on { $ip } ports { $first } to { $last }: { $error }; choose another with --port
serve-error-no-address = the server has no IP address
overlay-failed = The last rebuild failed; these are the last good pages
overlay-warnings = { $count ->
        [one] 1 warning; the rebuild succeeded
       *[other] { $count } warnings; the rebuild succeeded
    }
