//! What links cannot be resolved to tell on their own: the name the editor probably meant, a
//! heading the target does not have, an address from the site's root, and a target with
//! spaces that Markdown shows as text. Everything here works on what is already in memory.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::links::{LinkProblem, LinkTable, normalize};
use super::{Attachment, Headed, Plan};
use crate::diagnostics::{Diagnostic, Problems, closest, codes};
use crate::markdown::{LocalLink, Rendered};

/// A link to a heading of another plan, checked once every plan is rendered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct FragmentLink {
    /// The plan linked to, relative to the site root.
    pub plan: PathBuf,
    pub fragment: String,
    pub dest: String,
    pub line: usize,
    pub col: usize,
}

/// The warning for a local link that `problem` keeps from resolving, with the name the editor
/// probably meant. `line` is the file's line.
pub(super) fn unresolved(
    table: &LinkTable,
    from: &Headed,
    link: &LocalLink,
    line: usize,
    problem: &LinkProblem,
    attachments: &[Attachment],
) -> Diagnostic {
    let missing = matches!(problem, LinkProblem::Unpublished { exists: false, .. });
    let image = link.image && missing;
    let d = match image {
        true => Diagnostic::warning(codes::LINK_MISSING_IMAGE, from.path())
            .arg("target", problem.target()),
        false => problem.diagnostic(from.path()),
    };
    let d = d.at(line, link.col);
    match did_you_mean(table, from, &link.dest, attachments).filter(|_| missing) {
        Some(meant) => d.arg("meant", meant).help_from("help-meant"),
        // A missing image's own help line is this one.
        None if link.image && !image => d.help_from("help-image"),
        None => d,
    }
}

/// The heading `dest` links to in another plan, if it links to one (`other.md#标题`).
pub(super) fn fragment_link(
    table: &LinkTable,
    from: &Headed,
    link: &LocalLink,
    line: usize,
) -> Option<FragmentLink> {
    let (path_part, fragment) = link.dest.split_once('#')?;
    if fragment.is_empty() || path_part.contains('?') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
    let dir = from.path().parent().unwrap_or(Path::new(""));
    let target = normalize(&dir.join(decoded.as_ref()));
    let plan = [target.clone(), target.join("index.md")]
        .into_iter()
        .find(|p| table.slug_of.contains_key(p))?;
    Some(FragmentLink {
        plan,
        fragment: fragment.to_string(),
        dest: link.dest.clone(),
        line,
        col: link.col,
    })
}

/// Warns of each of `links` (from `from`) to a heading its plan does not have.
pub(super) fn check_fragments(
    from: &Path,
    links: &[FragmentLink],
    plans: &FxHashMap<&Path, &Plan>,
    problems: &mut Problems,
) {
    for link in links {
        let Some(plan) = plans.get(link.plan.as_path()) else {
            continue;
        };
        let html = match plan.body_html() {
            Ok(html) => html,
            Err(unreadable) => {
                problems.push(unreadable);
                continue;
            }
        };
        if !has_id(&html, &link.fragment) {
            problems.push(missing_heading(
                from,
                &link.dest,
                &link.fragment,
                plan,
                link.line,
                link.col,
            ));
        }
    }
}

fn missing_heading(
    from: &Path,
    dest: &str,
    fragment: &str,
    plan: &Plan,
    line: usize,
    col: usize,
) -> Diagnostic {
    let ids = plan.toc.iter().map(|h| h.id.as_str());
    let d = Diagnostic::warning(codes::LINK_MISSING_HEADING, from)
        .arg("dest", dest)
        .arg("plan", &plan.source)
        .at(line, col);
    match closest(fragment, ids) {
        Some(id) => d.arg("meant", id).help_from("help-meant"),
        None => d,
    }
}

/// Warns of what the page `rendered` from `from` links to that no resolution catches: a
/// heading of its own it does not have, an address from the site's root, and the targets with
/// spaces `spaced` (from [`spaced_targets`]).
pub(super) fn check_rendered(
    table: &LinkTable,
    from: &Headed,
    plan: &Plan,
    rendered: &Rendered,
    spaced: Vec<Spaced>,
    problems: &mut Problems,
) {
    let body_line = from.head.body_line;
    for link in &rendered.other_links {
        let line = body_line + link.line - 1;
        if let Some(fragment) = link.dest.strip_prefix('#') {
            if !has_id(&rendered.html, fragment) {
                problems.push(missing_heading(
                    from.path(),
                    &link.dest,
                    fragment,
                    plan,
                    line,
                    link.col,
                ));
            }
            continue;
        }
        if !names_own_pages(&link.dest) {
            continue;
        }
        let d = Diagnostic::warning(codes::LINK_ROOT_ABSOLUTE, from.path())
            .arg("dest", &link.dest)
            .at(line, link.col);
        problems.push(match plan_for_root_link(table, from, &link.dest) {
            Some(file) => d.arg("file", file).help_from("help-file"),
            None => d,
        });
    }
    for spaced in spaced {
        problems.push(
            Diagnostic::warning(codes::LINK_SPACES, from.path())
                .arg("target", spaced.target)
                .at(body_line + spaced.line - 1, spaced.col),
        );
    }
}

/// The link the editor probably meant by `dest` (in the text of `from`), written as a link:
/// the plan file without its `.md`, or a plan file or attachment one slip away.
pub(super) fn did_you_mean(
    table: &LinkTable,
    from: &Headed,
    dest: &str,
    attachments: &[Attachment],
) -> Option<String> {
    let path_part = dest.split(['#', '?']).next().unwrap_or(dest);
    let fragment = &dest[path_part.len()..];
    let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
    let dir = from.path().parent().unwrap_or(Path::new(""));
    let target = normalize(&dir.join(decoded.as_ref()));
    let (written_dir, written_name) = match path_part.rfind('/') {
        Some(at) => path_part.split_at(at + 1),
        None => ("", path_part),
    };
    let with = |name: &str| Some(format!("{written_dir}{name}{fragment}"));
    if target.extension().is_none() {
        let md = target.with_extension("md");
        if table.slug_of.contains_key(&md) {
            return with(&format!("{written_name}.md"));
        }
    }
    let parent = target.parent()?;
    let name = target.file_name()?.to_string_lossy();
    let mut near: Vec<String> = table
        .slug_of
        .keys()
        .filter(|plan| plan.parent() == Some(parent))
        .filter_map(|plan| Some(plan.file_name()?.to_string_lossy().into_owned()))
        .collect();
    near.extend(
        (attachments.iter())
            .filter(|a| a.source.parent() == Some(parent))
            .map(|a| a.name.clone()),
    );
    closest(&name, near.iter().map(String::as_str)).and_then(with)
}

/// For a link from the site's root (`/plans/<slug>/`), the plan file to link to instead,
/// relative to the folder of `from`, when the address names a plan.
pub(super) fn plan_for_root_link(table: &LinkTable, from: &Headed, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    let slug = path[path.find("/plans/")? + "/plans/".len()..].trim_end_matches('/');
    let slug = slug.strip_suffix("/index.html").unwrap_or(slug);
    let (file, _) = table.slug_of.iter().find(|(_, s)| s.as_str() == slug)?;
    Some(relative_link(from.path(), file))
}

/// Whether an address from the server's root names one of the site's own pages (under any
/// base path): its home page, or a plan's, unit's, year's or tag's page. Other addresses on the
/// same server (`/oa/通知`) are no concern of the site's.
fn names_own_pages(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    path == "/"
        || path == "/index.html"
        || segments.any(|s| matches!(s, "plans" | "units" | "years" | "tags"))
}

/// `to` as a link written in the file `from` (both relative to the site root).
fn relative_link(from: &Path, to: &Path) -> String {
    let from_dir: Vec<_> = from.parent().map_or(vec![], |d| d.components().collect());
    let to_parts: Vec<_> = to.components().collect();
    let shared = (from_dir.iter().zip(&to_parts))
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in shared..from_dir.len() {
        out.push("..");
    }
    for part in &to_parts[shared..] {
        out.push(part);
    }
    out.to_string_lossy().replace('\\', "/")
}

/// Whether the page's `html` has an element with the id `fragment` (as written in a link,
/// percent-encoded or not).
pub(super) fn has_id(html: &str, fragment: &str) -> bool {
    let id = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let escaped = id
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    html.contains(&format!(" id=\"{escaped}\""))
}

/// A link whose target has spaces: `[text](a b.md)`, which CommonMark shows as text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Spaced {
    pub line: usize,
    pub col: usize,
    pub target: String,
}

/// The `[text](target with spaces)` of `body`, outside fenced and indented code and inline
/// code spans, where the target is not written in `<...>` and what follows its first space is
/// no title (`"..."`, `'...'`, `(...)`).
pub(super) fn spaced_targets(body: &str) -> Vec<Spaced> {
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    for (at, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                continue;
            }
            (Some(f), Some(m)) if f == m => {
                fence = None;
                continue;
            }
            (Some(_), _) => continue,
            _ => {}
        }
        if line.starts_with("    ") || line.starts_with('\t') || !line.contains("](") {
            continue;
        }
        let mut search = 0;
        while let Some(found_at) = line[search..].find("](") {
            let open = search + found_at + 2;
            search = open;
            let ticks = line[..open].matches('`').count();
            if ticks % 2 == 1 || line[open..].starts_with('<') {
                continue;
            }
            let Some(close) = line[open..].find(')') else {
                continue;
            };
            let target = &line[open..open + close];
            let Some((_, after)) = target.trim().split_once(' ') else {
                continue;
            };
            if after.trim_start().starts_with(['"', '\'', '(']) {
                continue;
            }
            let start = line[..open - 2].rfind('[').unwrap_or(open - 2);
            let start = if start > 0 && line[..start].ends_with('!') {
                start - 1
            } else {
                start
            };
            found.push(Spaced {
                line: at + 1,
                col: line[..start].chars().count() + 1,
                target: target.to_string(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_targets_are_found_outside_code() {
        let body = "见[空格](街道 2015年.md)和![图](a b.jpg)。\n\n```\n[x](a b.md)\n```\n\n`[y](c d.md)`\n[t](a.md \"标题\") [ok](<a b.md>)\n";
        let found = spaced_targets(body);
        assert_eq!(
            found,
            vec![
                Spaced {
                    line: 1,
                    col: 2,
                    target: "街道 2015年.md".into()
                },
                Spaced {
                    line: 1,
                    col: 20,
                    target: "a b.jpg".into()
                },
            ]
        );
    }

    /// A fence is closed only by its own marker; indented lines are code.
    #[test]
    fn spaced_targets_are_not_found_in_either_fence_or_indented_code() {
        let body = "```\n[a](x y.md)\n~~~\n[b](x y.md)\n```\n[c](x y.md)\n\n    [d](x y.md)\n\t[e](x y.md)\n~~~\n[f](x y.md)\n~~~\n";
        let lines: Vec<usize> = spaced_targets(body).iter().map(|s| s.line).collect();
        assert_eq!(lines, [6]);
    }

    /// A link's text that began on the line before: the warning is at its `]`.
    #[test]
    fn a_spaced_target_whose_text_began_a_line_before_is_found_at_its_bracket() {
        let found = spaced_targets("见[跨行的\n链接](a b.md)。\n");
        let at: Vec<(usize, usize)> = found.iter().map(|s| (s.line, s.col)).collect();
        assert_eq!(at, [(2, 3)]);
    }

    #[test]
    fn ids_are_found_escaped_or_percent_encoded() {
        let html = "<h2 id=\"第三部分\">第三部分</h2><p id=\"a&amp;b\"></p>";
        assert!(has_id(html, "第三部分"));
        assert!(has_id(html, "%E7%AC%AC%E4%B8%89%E9%83%A8%E5%88%86"));
        assert!(has_id(html, "a&b"));
        assert!(!has_id(html, "不存在"));
    }

    #[test]
    fn only_addresses_of_the_sites_own_pages_are_its_concern() {
        assert!(names_own_pages("/plans/2009-jiedao/"));
        assert!(names_own_pages("/site/units/a/index.html#x"));
        assert!(names_own_pages("/"));
        assert!(!names_own_pages("/oa/notice.html"));
        assert!(!names_own_pages("/files/名单.xlsx"));
    }

    #[test]
    fn links_are_relative_to_the_file() {
        let link = relative_link(
            Path::new("content/2015/a.md"),
            Path::new("content/2009/b.md"),
        );
        assert_eq!(link, "../2009/b.md");
        assert_eq!(
            relative_link(Path::new("content/a.md"), Path::new("content/b.md")),
            "b.md"
        );
    }
}
