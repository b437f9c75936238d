//! Checks `base_url` and `base_path` (in `site.yaml` or `--base-path`) before any address is
//! made of them, and takes `base_path` from `base_url` when only the address is given.

use std::path::Path;

use super::Config;
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::CONFIG_FILE;

/// Checks `config`'s `base_url` and `base_path` as `text` (its `site.yaml`) gives them, with
/// an error at the value's line and column for each that cannot be used; fills `base_path` from
/// `base_url` when `site.yaml` has no `base_path`.
pub(super) fn check(config: &mut Config, text: &str, problems: &mut Problems) {
    let shown = Path::new(CONFIG_FILE);
    if let Some(url) = &config.base_url {
        if let Err(why) = url_problem(url) {
            let (line, col) = place(text, "base_url");
            problems.push(
                Diagnostic::error(codes::CONFIG_BASE_URL_INVALID, shown)
                    .arg("url", url)
                    .arg("why", why)
                    .at(line, col),
            );
            return;
        }
        if place_of(text, "base_path").is_none() {
            config.base_path = path_of(url).to_string();
        }
    }
    if let Err(path) = check_base_path(&config.base_path) {
        let (line, col) = place(text, "base_path");
        problems.push(
            Diagnostic::error(codes::CONFIG_BASE_PATH_INVALID, shown)
                .arg("path", path)
                .at(line, col),
        );
    }
}

/// Checks that `path` can be a base path: a path, not an address (no scheme, no host). The
/// error is the path as it was written, trimmed, for the message to quote.
pub fn check_base_path(path: &str) -> Result<(), String> {
    let path = path.trim();
    if path.contains(':') || path.starts_with("//") || path.contains(char::is_whitespace) {
        return Err(path.to_string());
    }
    Ok(())
}

/// Why `url` is not an absolute http or https address: the name of the reason, as the
/// catalogues' `config-base-url-invalid` selects on it.
fn url_problem(url: &str) -> Result<(), &'static str> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = match lower.split_once("://") {
        None => return Err("no-scheme"),
        Some(("http" | "https", rest)) => rest,
        Some(_) => return Err("scheme"),
    };
    match rest.split('/').next() {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err("no-host"),
    }
}

/// The path of an absolute address: `/plans/` of `https://intranet.example/plans/`.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or("/", |at| &rest[at..])
}

/// The line and column of `key`'s value in `text`, or of the key when the value is not on its
/// line; the first line when the key is not there at all.
fn place(text: &str, key: &str) -> (usize, usize) {
    place_of(text, key).unwrap_or((1, 1))
}

fn place_of(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(at, line)| {
        let rest = line.strip_prefix(key)?;
        let value = rest.trim_start().strip_prefix([':', '：'])?;
        let skipped = line.len() - value.trim_start().len();
        let col = line[..skipped].chars().count() + 1;
        Some((at + 1, if value.trim().is_empty() { 1 } else { col }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_http_or_https_and_a_host() {
        assert!(url_problem("https://intranet.example/plans/").is_ok());
        assert!(url_problem("HTTP://x").is_ok());
        assert!(url_problem("intranet.example/plans").is_err());
        assert!(url_problem("ftp://x/").is_err());
        assert!(url_problem("https:///plans").is_err());
    }

    #[test]
    fn paths_start_with_one_slash() {
        assert!(check_base_path("/plans/").is_ok());
        assert!(check_base_path("/").is_ok());
        assert!(check_base_path("http://x/y/").is_err());
        // The leading `/` may be left out, as docs/publishers.md says.
        assert!(check_base_path("plans").is_ok());
        assert!(check_base_path("intranet.example:8080/plans").is_err());
        assert!(check_base_path("//host/").is_err());
    }

    #[test]
    fn the_path_comes_from_the_address() {
        assert_eq!(
            path_of("https://intranet.example/plans-site/"),
            "/plans-site/"
        );
        assert_eq!(path_of("https://intranet.example"), "/");
    }

    #[test]
    fn values_are_placed_at_their_column() {
        let text = "title: x\nbase_url:  intranet.example\n";
        assert_eq!(place(text, "base_url"), (2, 12));
        assert_eq!(place(text, "base_path"), (1, 1));
    }
}
