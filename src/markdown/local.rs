//! Where a link or a block is in a body (line and column, for messages), and what a local
//! link's address becomes.

use std::cell::OnceCell;

use pulldown_cmark::CowStr;

use super::{LinkRewriter, LocalLink};

/// The lines of a body, for messages. Lines are wanted only for messages about links and deep
/// nesting, which most bodies never need: where lines start is found the first time one is
/// asked for.
pub(super) struct Lines<'a> {
    body: &'a str,
    starts: OnceCell<Vec<usize>>,
}

impl<'a> Lines<'a> {
    pub(super) fn of(body: &'a str) -> Lines<'a> {
        Lines {
            body,
            starts: OnceCell::new(),
        }
    }

    /// The line (1-based) of the byte at `offset`.
    pub(super) fn of_offset(&self, offset: usize) -> usize {
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.body.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        starts.partition_point(|&start| start <= offset)
    }

    /// The line and column (both 1-based, the column in characters) of the byte at `offset`.
    pub(super) fn place(&self, offset: usize) -> (usize, usize) {
        let line = self.of_offset(offset);
        let start = self.starts.get().map_or(0, |starts| starts[line - 1]);
        let col = self
            .body
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// A local link's address as `links` rewrites it.
pub(super) fn rewrite_local<'a>(
    dest_url: CowStr<'a>,
    image: bool,
    line: impl Fn() -> (usize, usize),
    links: &dyn LinkRewriter,
) -> CowStr<'a> {
    let (line, col) = line();
    let link = LocalLink {
        dest: dest_url.to_string(),
        line,
        col,
        image,
    };
    links.rewrite(&link).map(CowStr::from).unwrap_or(dest_url)
}

/// A fragment (`#标题`) or an address from the site's root (`/plans/`, not `//host`).
pub(super) fn is_checked_later(dest: &str) -> bool {
    dest.len() > 1 && (dest.starts_with('#') || (dest.starts_with('/') && !dest.starts_with("//")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_characters_from_one() {
        let lines = Lines::of("第一行\n见[链接](a.md)\n");
        assert_eq!(lines.place(0), (1, 1));
        let at = "第一行\n见".len();
        assert_eq!(lines.place(at), (2, 2));
    }

    #[test]
    fn fragments_and_root_addresses_are_checked_later() {
        assert!(is_checked_later("#第三部分"));
        assert!(is_checked_later("/plans/a/"));
        assert!(!is_checked_later("#"));
        assert!(!is_checked_later("//host/a"));
        assert!(!is_checked_later("a.md#x"));
    }
}
