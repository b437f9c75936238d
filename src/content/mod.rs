//! From plan files on disk to checked, rendered [`Plan`]s.
//!
//! Two passes: first every file's front matter (which fixes the slugs), then every body, so
//! that a link to another plan's file can be turned into a link to that plan's page.

pub mod front_matter;
pub mod load;
pub mod meta;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Heading, LocalLink, RawHtml};
use crate::slug::{SlugStrategy, slugify};
use crate::urls;
pub use load::SourceFile;
pub use meta::Meta;

/// Characters a summary derived from the text may have.
const SUMMARY_CHARS: usize = 120;

#[derive(Debug, Clone)]
pub struct Plan {
    /// Relative to the site root, e.g. `content/plans/a.md`.
    pub source: PathBuf,
    pub slug: String,
    pub meta: Meta,
    /// `meta.summary`, or the start of the first paragraph.
    pub summary: String,
    pub html: String,
    pub toc: Vec<Heading>,
    pub chars: usize,
    /// The body as plain text, for the search index.
    pub text: String,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    /// Relative to the site root.
    pub source: PathBuf,
    pub name: String,
    pub size: u64,
}

/// What is known of a file before its body is rendered.
struct Headed<'a> {
    source: &'a SourceFile,
    meta: Meta,
    slug: String,
    body: &'a str,
    /// The line of the file the body starts on, to turn body lines into file lines.
    body_line: usize,
}

/// Parses and renders every plan; drafts are left out unless `drafts` is set.
pub fn parse_plans(
    root: &Path,
    sources: &[SourceFile],
    slugs: SlugStrategy,
    raw_html: RawHtml,
    drafts: bool,
) -> (Vec<Plan>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut headed = Vec::new();
    let mut draft_paths = Vec::new();
    let results: Vec<_> = sources
        .par_iter()
        .map(|source| read_head(source, slugs))
        .collect();
    for (head, found) in results {
        problems.extend(found);
        match head {
            Some(head) if head.meta.draft && !drafts => draft_paths.push(head.source.path.clone()),
            Some(head) => headed.push(head),
            None => {}
        }
    }
    problems.extend(duplicate_slugs(&headed));
    problems.extend(duplicate_titles(&headed));

    let slug_of: HashMap<&Path, &str> = headed
        .iter()
        .map(|h| (h.source.path.as_path(), h.slug.as_str()))
        .collect();
    let links = LinkTable {
        root,
        slug_of: &slug_of,
        drafts: &draft_paths,
    };
    let rendered: Vec<_> = headed
        .par_iter()
        .map(|head| render_body(root, head, &links, raw_html))
        .collect();
    let mut plans = Vec::with_capacity(rendered.len());
    for (plan, found) in rendered {
        plans.push(plan);
        problems.extend(found);
    }
    (plans, problems)
}

fn read_head(source: &SourceFile, slugs: SlugStrategy) -> (Option<Headed<'_>>, Vec<Diagnostic>) {
    let split = match front_matter::split(&source.path, &source.text) {
        Ok(split) => split,
        Err(problem) => return (None, vec![problem]),
    };
    let (meta, mut problems) = meta::parse(&source.path, &split);
    let Some(meta) = meta else {
        return (None, problems);
    };
    let slug = match &meta.slug {
        Some(explicit) if !is_single_name(explicit) => {
            problems.push(
                Diagnostic::error(&source.path, format!("`slug` must be a single name, found `{explicit}`"))
                    .at_line(meta.line("slug"))
                    .hint("use letters, digits and dashes only, e.g. `slug: 2015-gonghui-jihua`; or remove the line to use the file name"),
            );
            return (None, problems);
        }
        Some(explicit) => slugify(explicit, slugs),
        None => slugify(&source.stem, slugs),
    };
    if split.body.trim().is_empty() {
        problems.push(
            Diagnostic::warning(&source.path, "the plan has no text after its front matter")
                .at_line(split.body_line.saturating_sub(1))
                .hint("write the plan below the closing `---` line"),
        );
    }
    let head = Headed {
        source,
        meta,
        slug,
        body: split.body,
        body_line: split.body_line,
    };
    (Some(head), problems)
}

/// A slug set by hand must not be able to name another folder (`../x`, `a/b`, `C:`).
fn is_single_name(slug: &str) -> bool {
    !slug.trim().is_empty()
        && !slug.contains(['/', '\\', ':'])
        && slug.trim() != "."
        && slug.trim() != ".."
}

/// Two plans with one slug would overwrite each other's page: an error on every later file.
fn duplicate_slugs(headed: &[Headed]) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &Headed> = HashMap::new();
    let mut problems = Vec::new();
    let mut sorted: Vec<&Headed> = headed.iter().collect();
    sorted.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    for head in sorted {
        // Slugs are lower case, so files that differ only in case (one file on Windows and
        // macOS shares) collide here too.
        match first.get(&head.slug) {
            Some(earlier) => {
                let message = format!(
                    "the slug `{}` is already used by {}",
                    head.slug,
                    earlier.source.path.display()
                );
                problems.push(Diagnostic::error(&head.source.path, message).hint(
                    "rename one of the files, or give one a different `slug:` in its front matter",
                ));
            }
            None => {
                first.insert(head.slug.clone(), head);
            }
        }
    }
    problems
}

/// Two plans with one title look the same in every list: a warning on every later file.
fn duplicate_titles(headed: &[Headed]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Headed> = HashMap::new();
    let mut problems = Vec::new();
    let mut sorted: Vec<&Headed> = headed.iter().collect();
    sorted.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    for head in sorted {
        match first.get(head.meta.title.as_str()) {
            Some(earlier) => {
                let message = format!(
                    "the title `{}` is already used by {}",
                    head.meta.title,
                    earlier.source.path.display()
                );
                problems.push(
                    Diagnostic::warning(&head.source.path, message)
                        .at(head.meta.line("title"), 1)
                        .hint("readers tell plans apart by their titles: make this one different (name the unit, the period or 修订稿), or remove the copy"),
                );
            }
            None => {
                first.insert(&head.meta.title, head);
            }
        }
    }
    problems
}

/// Where links from plan bodies can lead.
struct LinkTable<'a> {
    root: &'a Path,
    slug_of: &'a HashMap<&'a Path, &'a str>,
    drafts: &'a [PathBuf],
}

fn render_body(
    root: &Path,
    head: &Headed,
    links: &LinkTable,
    raw_html: RawHtml,
) -> (Plan, Vec<Diagnostic>) {
    let source = head.source;
    let problems = RefCell::new(Vec::new());
    let rewrite = |link: &LocalLink| {
        let result = links.resolve(source, &head.slug, &link.dest);
        result.unwrap_or_else(|problem| {
            let d = Diagnostic::warning(&source.path, problem.0)
                .at_line(head.body_line + link.line - 1)
                .hint(problem.1);
            problems.borrow_mut().push(d);
            None
        })
    };
    let rendered = markdown::render(head.body, &rewrite, raw_html);
    let summary = match &head.meta.summary {
        Some(summary) => summary.clone(),
        None => markdown::summarize(&rendered.first_paragraph, SUMMARY_CHARS),
    };
    let mut problems = problems.into_inner();
    let attachments = source
        .attachments
        .iter()
        .filter_map(|path| match std::fs::metadata(root.join(path)) {
            Ok(meta) => Some(Attachment {
                source: path.clone(),
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                size: meta.len(),
            }),
            Err(err) => {
                problems.push(Diagnostic::error(
                    path,
                    format!("cannot read the attachment: {err}"),
                ));
                None
            }
        })
        .collect();
    let plan = Plan {
        source: source.path.clone(),
        slug: head.slug.clone(),
        meta: head.meta.clone(),
        summary,
        html: rendered.html,
        toc: rendered.toc,
        chars: rendered.chars,
        text: rendered.text,
        attachments,
    };
    (plan, problems)
}

/// A link problem: the message, and how to fix it.
struct LinkProblem(String, String);

impl LinkTable<'_> {
    /// `Ok(Some(url))` rewrites the link, `Ok(None)` keeps it as written.
    fn resolve(
        &self,
        from: &SourceFile,
        own_slug: &str,
        dest: &str,
    ) -> Result<Option<String>, LinkProblem> {
        let (path_part, fragment) = match dest.find(['#', '?']) {
            Some(i) => dest.split_at(i),
            None => (dest, ""),
        };
        if path_part.is_empty() {
            return Ok(None);
        }
        let dir = from.path.parent().unwrap_or(Path::new(""));
        let target = normalize(&dir.join(path_part));
        let is_plan_file = target
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        // A link to a plan names its file, or the folder of a plan kept as `folder/index.md`.
        let plan_file = if is_plan_file {
            target.clone()
        } else {
            target.join("index.md")
        };
        if let Some(slug) = self.slug_of.get(plan_file.as_path()) {
            let url = urls::relative(&urls::plan(own_slug), &urls::plan(slug));
            return Ok(Some(format!("{url}{fragment}")));
        }
        if self.drafts.contains(&plan_file) {
            return Err(LinkProblem(
                format!(
                    "links to {}, which is a draft and is not published",
                    plan_file.display()
                ),
                "publish that plan (remove `draft: true`) or remove the link".into(),
            ));
        }
        if from.attachments.contains(&target) {
            return Ok(None);
        }
        let what = if is_plan_file { "a plan" } else { "a file" };
        let state = if self.root.join(&target).exists() {
            "is not published"
        } else {
            "does not exist"
        };
        Err(LinkProblem(
            format!("links to {what} {}, which {state}", target.display()),
            "check the link's target; to attach a file, put the plan in <folder>/index.md and the file beside it".into(),
        ))
    }
}

/// Resolves `.` and `..` without touching the disk (the target may not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
