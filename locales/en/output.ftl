# Writing the site
# Each message is named for its code (`-` for `.`); .help is its help line, .about names the kind when findings are counted.

# $why says which case it is; $out is the folder, $suggested a folder of its own.
output-refused = { $why ->
        [contains-site] the output folder { $out } contains the site itself; choose a folder of its own, such as { $suggested }
        [inside-folder] the output folder { $out } is the site's { $folder }/ folder or inside it; choose a folder of its own, such as { $suggested }
        [contains-folder] the output folder { $out } contains the site's { $folder }/ folder ({ $path }); choose a folder of its own, such as { $suggested }
        [file] the output folder { $out } is a file, not a folder; choose a folder of its own, such as { $suggested }
       *[other] the output folder { $out } holds files that plansite did not write (it has no { $home } and { $not_found }), and building would delete them; choose a new or empty folder, or empty this one first
    }
    .about = an output folder that may not be replaced

# $who is `known` (with $pid, $command, $since) or `unknown`.
output-locked = another build is writing this output folder: { $who ->
        [unknown] another plansite process (it has not said which yet)
       *[other] process { $pid } (`{ $command }`), since { $since }
    }
    .help = wait for it to finish, or leave out --no-wait to wait for it (the lock is { $lock })
    .about = an output folder another build is writing

output-lock-failed = cannot lock the output folder ({ $lock }): { $error }
    .help = nothing was written; check the permissions of the folder the output folder is in
    .about = an output folder that cannot be locked

# $why: `changed`, `space`, `permissions` or `other`, what to look at.
output-write-failed = cannot write the site: { $error }
    .help = the previous site was left as it was; { $why ->
        [changed] something else changed the output folder or the folders beside it while this build wrote (another program, or a plansite older than this one, which takes no lock); build again once it is done
        [space] check free disk space
        [permissions] check the permissions of the output folder and the folder it is in
       *[other] check free disk space and permissions
    }
    .about = a site that could not be written

output-kept-left = the previous site kept beside the output folder cannot be used nor deleted: { $error }
    .help = delete this folder by hand; the next build tries again
    .about = a kept previous site that cannot be used nor deleted

output-old-site-left = the new site is published, but the previous one could not be deleted: { $error }
    .help = delete this folder by hand; the next build tries again
    .about = a previous site that could not be deleted

preview-write-failed = cannot write the preview: { $error }
    .about = a preview that could not be written

preview-internal-error = internal error while rebuilding: { $error }
    .help = this is a bug in plansite; please report it with the file you last saved
    .about = an internal error while rebuilding the preview

# Who holds an output folder's lock: $who is `known` (with $pid, $command, $since) or `unknown`.
output-holder = { $who ->
        [unknown] another plansite process (it has not said which yet)
       *[other] process { $pid } (`{ $command }`), since { $since }
    }

# While a build waits for another to finish; $holder is who holds the lock (output-holder).
build-waiting = waiting for another build to finish writing { $out }: { $holder }

# After a build whose output folder is a symbolic link.
output-link-note = { $out } is a symbolic link: the site was published into the folder it points to, { $folder }, and the link stays

# The previous site kept beside the output folder (the next build changes only what changed)
kept-note = the previous site kept at { $path } cannot be used, so this build writes the site whole: { $why }
kept-why-manifest = its manifest cannot be used ({ $error })
kept-why-undescribed = no manifest describes it
kept-why-changed = { $path } was changed
kept-why-added = { $path } was added
kept-why-deleted = files were deleted from it
kept-why-not-a-folder = it is not a folder
kept-why-error = { $error }
