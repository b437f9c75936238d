#!/bin/sh
# One plan's body edited, then `plansite build` of SITE into OUT, as an office publishes after
# an edit; with `nocache` the site's cache of parsed plans (.plansite/) is deleted first, which
# is the build as it was before that cache. For `farm-bench --vs`, see docs/performance.md.
# Usage: edit-build.sh SITE OUT [nocache]
set -e
site=$1 out=$2
plan=$(find "$site/content/plans" -name '*.md' | sort | head -n 1)
echo "（修订 $$）" >> "$plan"
[ "$3" = nocache ] && rm -rf "$site/.plansite"
exec "${PLANSITE:-target/release/plansite}" build --root "$site" --out "$out" >/dev/null 2>&1
