//! From plan files on disk to checked, rendered [`Plan`]s.
//!
//! Two passes: first every file's front matter (which fixes the slugs), then every body, so
//! that a link to another plan's file can be turned into a link to that plan's page.
//!
//! Both passes keep what they made in a [`ParseCache`], so that the preview server's rebuilds
//! read and parse only the files that changed; a build is the same code with an empty cache.

mod attachments;
pub mod cache;
mod duplicates;
pub mod front_matter;
pub mod html;
mod link_checks;
mod links;
pub mod load;
pub mod meta;
pub mod stored;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::config::{Config, RawHtml};
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::markdown::{self, Heading, LocalLink, TooDeep};
use crate::slug::{self, SlugStrategy, slugify};
use crate::terms::Terms;
pub use attachments::Attachment;
pub use cache::ParseCache;
use cache::{Entry, Read};
use html::{Html, Spill};
use link_checks::FragmentLink;
use links::{LinkTable, Resolution};
use load::PlanFile;
pub use load::SourceFile;
pub use meta::Meta;

/// Characters a summary derived from the text may have.
const SUMMARY_CHARS: usize = 120;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    /// Relative to the site root, e.g. `content/plans/a.md`.
    pub source: PathBuf,
    pub slug: String,
    pub meta: Meta,
    /// `meta.summary`, or the start of the first paragraph.
    pub summary: String,
    /// Kept apart from the rest in the parse cache, which keeps its place only.
    #[serde(skip)]
    pub html: Html,
    pub toc: Vec<Heading>,
    pub chars: usize,
    /// The body's words, for the search index.
    pub terms: Terms,
    pub attachments: Vec<Attachment>,
}

impl Plan {
    /// The body as HTML, read back if it is kept on disk (see [`html`]).
    pub fn body_html(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        self.html.text().map_err(|err| {
            // The bytes read back are not those written: said in the run's language.
            let why = match err.kind() {
                std::io::ErrorKind::InvalidData => "changed",
                _ => "other",
            };
            Diagnostic::error(codes::PLAN_BODY_UNREADABLE, &self.source)
                .arg("why", why)
                .arg("error", err.to_string())
        })
    }
}

/// A plan file's text and what its front matter says: everything that depends on the file
/// alone (and on the slug strategy, for which the cache is kept).
#[derive(Debug)]
pub struct Parsed {
    /// `None` once let go: a parse made once lets it go as soon as the body is rendered (see
    /// [`ParseCache::once`]), and the cache kept on disk holds no texts. Behind a lock only for
    /// that; nothing waits on it.
    text: Mutex<Option<String>>,
    /// The text's hash, which tells whether a file read again holds the same text.
    digest: u128,
    /// `None` when the front matter has an error.
    head: Option<Head>,
    /// What reading the front matter found, kept for every parse that reuses this one.
    problems: Problems,
}

#[derive(Debug, Serialize, Deserialize)]
struct Head {
    meta: Meta,
    slug: String,
    /// Where the body starts in the text, and on which line of the file.
    body_start: usize,
    body_line: usize,
}

/// A plan whose front matter is good, for the second pass.
struct Headed<'a> {
    file: &'a PlanFile,
    parsed: &'a Arc<Parsed>,
    head: &'a Head,
}

impl Headed<'_> {
    fn path(&self) -> &Path {
        &self.file.path
    }
}

/// A rendered body with what it was rendered from, to tell whether it is still good.
#[derive(Debug)]
pub struct Body {
    /// The version of the file it was rendered from.
    parsed: Arc<Parsed>,
    attachments: Vec<Attachment>,
    /// Each local link of the text, and what it resolved to.
    links: Vec<(String, Resolution)>,
    /// Its links to other plans' headings, checked against them as they are now.
    fragments: Vec<FragmentLink>,
    plan: Arc<Plan>,
    problems: Problems,
}

/// The site's plans as [`parse_plans`] found them.
pub struct Plans {
    /// Published plans, in the order of their files' paths.
    pub plans: Vec<Arc<Plan>>,
    /// Nothing but plans' bodies changed since the last parse: the same files, with the same
    /// front matter, so the site's indexes are as they were.
    pub same_heads: bool,
}

/// The site's settings that what is made of the plan files depends on: a parse cache is kept
/// only while they stay the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseSettings {
    /// How slugs are made from file names and `slug:` lines.
    pub slugs: SlugStrategy,
    pub raw_html: RawHtml,
    /// Whether drafts are published (a preview with `--drafts`) or left out.
    pub drafts: bool,
}

impl ParseSettings {
    /// The settings `config` gives, drafts published or not as `drafts` says.
    pub fn new(config: &Config, drafts: bool) -> ParseSettings {
        ParseSettings {
            slugs: config.slugify,
            raw_html: config.raw_html(),
            drafts,
        }
    }
}

/// Finds, reads and parses every plan, adding every problem found to `problems`; drafts are
/// left out unless `settings.drafts` is set.
///
/// Files unchanged since `cache` was filled are not read again, and bodies whose links still
/// lead where they did are not rendered again. `changed` is what the file watcher saw change
/// since then (paths relative to `root`), or `None` when that is not known: then every file
/// is looked at. When the changed files are plans whose front matter is as it was, only their
/// bodies are rendered and everything else is taken from the cache.
pub fn parse_plans(
    root: &Path,
    settings: ParseSettings,
    cache: &mut ParseCache,
    changed: Option<&[PathBuf]>,
    problems: &mut Problems,
) -> Plans {
    cache.keep_only_for(settings);
    if let Some(changed) = changed
        && cache.same_files(root, changed)
        && let Some(plans) = reparse(root, settings, cache, changed, problems)
    {
        return plans;
    }
    parse_all(root, settings, cache, changed, problems)
}

/// Reads the `changed` files again; `None`, with the cache untouched, when one of them cannot
/// be read or its front matter changed.
fn reparse(
    root: &Path,
    settings: ParseSettings,
    cache: &mut ParseCache,
    changed: &[PathBuf],
    problems: &mut Problems,
) -> Option<Plans> {
    let mut changed = changed.to_vec();
    changed.sort_unstable();
    changed.dedup();
    let links = LinkTable {
        root,
        slug_of: &cache.slug_of,
        drafts: &cache.drafts,
    };
    let mut updates = Vec::with_capacity(changed.len());
    for path in &changed {
        let at = cache.index[path];
        let entry = &cache.entries[at];
        let old = entry.read.as_ref().ok()?;
        let read = cache::read(root, &entry.file, settings.slugs, Some(old)).ok()?;
        if Arc::ptr_eq(&read.parsed, &old.parsed) {
            // The same text: only the stamp is new.
            updates.push((at, read, entry.body.clone()));
            continue;
        }
        let (Some(head), Some(old_head)) = (&read.parsed.head, &old.parsed.head) else {
            return None;
        };
        // The slug is made from the front matter's `slug:` or the file's name: the same front
        // matter, the same slug.
        if head.meta != old_head.meta {
            return None;
        }
        let body = (!head.meta.draft || settings.drafts).then(|| {
            let head = Headed {
                file: &entry.file,
                parsed: &read.parsed,
                head,
            };
            let mut unreadable = Problems::new();
            let attachments = attachments::on_disk(root, &entry.file, &mut unreadable);
            Arc::new(render_body(
                &head,
                settings.raw_html,
                attachments,
                unreadable,
                &links,
                cache.spill(),
            ))
        });
        updates.push((at, read, body));
    }
    for (at, read, body) in updates {
        let entry = &mut cache.entries[at];
        entry.read = Ok(read);
        entry.body = body;
    }
    Some(Plans {
        plans: collect(cache, problems),
        same_heads: true,
    })
}

/// Looks at every file under `content/`, reading those that changed (or, when `changed` is
/// known, those among them), and fills the cache anew.
fn parse_all(
    root: &Path,
    settings: ParseSettings,
    cache: &mut ParseCache,
    changed: Option<&[PathBuf]>,
    problems: &mut Problems,
) -> Plans {
    let mut find_problems = Problems::new();
    let files = load::find(root, &mut find_problems);
    let seen_changed: Option<FxHashSet<&Path>> =
        changed.map(|c| c.iter().map(PathBuf::as_path).collect());
    let reads: Vec<Result<Read, Diagnostic>> = files
        .par_iter()
        .map(|file| {
            let previous = cache.read_of(&file.path);
            // A change to a folder (moved, replaced) may be a change to any file in it.
            let unseen = |seen: &FxHashSet<&Path>| !file.path.ancestors().any(|p| seen.contains(p));
            match (&seen_changed, previous) {
                // The watcher saw no change to this file: it is as it was read.
                (Some(seen), Some(previous)) if unseen(seen) => Ok(previous.clone()),
                _ => cache::read(root, file, settings.slugs, previous),
            }
        })
        .collect();
    let plans = index_and_render(root, settings, cache, files, reads, find_problems, problems);
    plans.unwrap_or_else(|| {
        // A file changed while it was taken over from the cache kept on disk: everything is
        // read again, which cannot happen twice (every text is then at hand).
        cache.forget();
        parse_all(root, settings, cache, None, problems)
    })
}

/// Parses plan files given as text rather than read from disk (fuzzing and tests): what a
/// build makes of them: published plans (in the order given), problems added to `problems`.
pub fn parse_sources(
    root: &Path,
    sources: &[SourceFile],
    settings: ParseSettings,
    problems: &mut Problems,
) -> Vec<Arc<Plan>> {
    let mut cache = ParseCache::default();
    let mut files = Vec::new();
    let mut reads = Vec::new();
    for source in sources {
        let file = PlanFile {
            path: source.path.clone(),
            stem: source.stem.clone(),
            attachments: source.attachments.clone(),
        };
        let parsed = Parsed::new(&file.path, &file.stem, source.text.clone(), settings.slugs);
        reads.push(Ok(Read::given(Arc::new(parsed))));
        files.push(file);
    }
    // Files given are not looked for, so nothing stood in the way of finding them.
    let not_found = Problems::new();
    index_and_render(
        root, settings, &mut cache, files, reads, not_found, problems,
    )
    .expect("a text given is at hand")
    .plans
}

/// The second pass over files as read: front matter checked across plans (duplicate slugs
/// and titles), links resolved, bodies rendered (or taken from the cache when still good), and
/// the cache filled anew. `find_problems` (what stood in the way of finding the files) is kept
/// in the cache, for the rebuilds that do not look for the files again; every problem is added
/// to `problems`. `None`, with the cache as it was, when a body must be rendered again from a
/// text that was let go and the file no longer holds it.
fn index_and_render(
    root: &Path,
    settings: ParseSettings,
    cache: &mut ParseCache,
    files: Vec<PlanFile>,
    reads: Vec<Result<Read, Diagnostic>>,
    find_problems: Problems,
    problems: &mut Problems,
) -> Option<Plans> {
    let mut headed = Vec::new();
    let mut draft_paths = Vec::new();
    for (at, (file, read)) in files.iter().zip(&reads).enumerate() {
        let Ok(read) = read else { continue };
        match &read.parsed.head {
            Some(head) if head.meta.draft && !settings.drafts => {
                draft_paths.push(file.path.clone())
            }
            Some(head) => headed.push((
                at,
                Headed {
                    file,
                    parsed: &read.parsed,
                    head,
                },
            )),
            None => {}
        }
    }
    let published: Vec<&Headed> = headed.iter().map(|(_, h)| h).collect();
    let mut cross_problems = Problems::new();
    duplicates::slugs(&published, &mut cross_problems);
    duplicates::titles(&published, &mut cross_problems);

    let slug_of: FxHashMap<PathBuf, String> = headed
        .iter()
        .map(|(_, h)| (h.path().to_path_buf(), h.head.slug.clone()))
        .collect();
    let links = LinkTable {
        root,
        slug_of: &slug_of,
        drafts: &draft_paths,
    };
    let made: Option<Vec<(usize, Arc<Body>)>> = headed
        .par_iter()
        .map(|(at, head)| {
            let mut unreadable = Problems::new();
            let attachments = attachments::on_disk(root, head.file, &mut unreadable);
            let body = match cache.body_of(head.path()) {
                Some(body) if body.still_good(head, attachments.as_deref(), &links) => body.clone(),
                // A file taken over from the cache kept on disk, changed since it was looked
                // at: what its front matter said may be wrong too.
                _ if !head.parsed.text_at_hand(root, head.path()) => return None,
                _ => Arc::new(render_body(
                    head,
                    settings.raw_html,
                    attachments,
                    unreadable,
                    &links,
                    cache.spill(),
                )),
            };
            if cache.once {
                // Nothing reads the text again: at 100,000 plans the texts are half a
                // gigabyte, held to the end of the pass otherwise.
                *head.parsed.text() = None;
            }
            Some((*at, body))
        })
        .collect();
    let made = made?;
    drop(published);
    drop(headed);
    let mut bodies: Vec<Option<Arc<Body>>> = vec![None; files.len()];
    for (at, body) in made {
        bodies[at] = Some(body);
    }
    let entries: Vec<Entry> = files
        .into_iter()
        .zip(reads)
        .zip(bodies)
        .map(|((file, read), body)| Entry { file, read, body })
        .collect();
    cache.stored = stored::unchanged(&cache.stored, &cache.entries, &entries);
    cache.index = (entries.iter().enumerate())
        .map(|(at, entry)| (entry.file.path.clone(), at))
        .collect();
    cache.entries = entries;
    cache.find_problems = find_problems;
    cache.cross_problems = cross_problems;
    cache.slug_of = slug_of;
    cache.drafts = draft_paths;
    Some(Plans {
        plans: collect(cache, problems),
        same_heads: false,
    })
}

/// The published plans from what the cache holds, with every problem it keeps added to
/// `problems`.
fn collect(cache: &ParseCache, problems: &mut Problems) -> Vec<Arc<Plan>> {
    let mut plans = Vec::with_capacity(cache.entries.len());
    problems.extend(cache.find_problems.iter().cloned());
    let by_path: FxHashMap<&Path, &Plan> = (cache.entries.iter())
        .filter_map(|entry| entry.body.as_ref())
        .map(|body| (body.plan.source.as_path(), body.plan.as_ref()))
        .collect();
    for entry in &cache.entries {
        if let Some(body) = &entry.body {
            link_checks::check_fragments(&body.plan.source, &body.fragments, &by_path, problems);
        }
        match &entry.read {
            Ok(read) => problems.extend(read.parsed.problems.iter().cloned()),
            Err(problem) => problems.push(problem.clone()),
        }
        if let Some(body) = &entry.body {
            plans.push(body.plan.clone());
            problems.extend(body.problems.iter().cloned());
        }
    }
    problems.extend(cache.cross_problems.iter().cloned());
    plans
}

impl Parsed {
    /// Splits and checks the front matter of `text`, the file at `path`.
    pub fn new(path: &Path, stem: &str, text: String, slugs: SlugStrategy) -> Parsed {
        let mut problems = Problems::new();
        let head = read_head(path, stem, &text, slugs, &mut problems);
        Parsed {
            digest: xxh3_128(text.as_bytes()),
            text: Mutex::new(Some(text)),
            head,
            problems,
        }
    }

    /// Whether the file held `text`.
    pub fn holds(&self, text: &str) -> bool {
        xxh3_128(text.as_bytes()) == self.digest
    }

    fn text(&self) -> MutexGuard<'_, Option<String>> {
        self.text.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes sure the text is at hand to render the body from, reading the file at `path`
    /// again if it was let go; false when the file no longer holds the text this was made
    /// from (it changed since it was looked at, or cannot be read).
    fn text_at_hand(&self, root: &Path, path: &Path) -> bool {
        let mut text = self.text();
        if text.is_some() {
            return true;
        }
        match load::read(root, path) {
            Ok(again) if xxh3_128(again.as_bytes()) == self.digest => {
                *text = Some(again);
                true
            }
            _ => false,
        }
    }
}

/// The front matter of `text` checked, and the slug it gives; `None` when it has an error.
fn read_head(
    path: &Path,
    stem: &str,
    text: &str,
    slugs: SlugStrategy,
    problems: &mut Problems,
) -> Option<Head> {
    let split = front_matter::split(path, text, problems)?;
    let meta = meta::parse(path, &split, problems)?;
    let slug = match &meta.slug {
        Some(explicit) if let Some(why) = slug::refuse_explicit(explicit) => {
            let d = Diagnostic::error(codes::PLAN_SLUG_INVALID, path)
                .arg("slug", explicit)
                .arg("why", why);
            problems.push(d.at(meta.line("slug"), 1));
            return None;
        }
        Some(explicit) => slugify(explicit, slugs),
        None => slugify(stem, slugs),
    };
    if split.body.trim().is_empty() {
        problems.push(
            Diagnostic::warning(codes::PLAN_BODY_EMPTY, path)
                .at_line(split.body_line.saturating_sub(1)),
        );
    }
    let head = Head {
        meta,
        slug,
        // The body is the rest of the file.
        body_start: text.len() - split.body.len(),
        body_line: split.body_line,
    };
    Some(head)
}

impl Body {
    /// Whether rendering `head` again would give this body: the same version of the file,
    /// the same attachments, and every link resolving as it did.
    fn still_good(
        &self,
        head: &Headed,
        attachments: Option<&[Attachment]>,
        links: &LinkTable,
    ) -> bool {
        Arc::ptr_eq(&self.parsed, head.parsed)
            && attachments.is_some_and(|a| *a == self.attachments)
            && self
                .links
                .iter()
                .all(|(dest, was)| links.resolve(head, dest) == *was)
    }
}

/// Renders the body of `head`; `attachments` are those on disk, `None` when some could not be
/// read, which `unreadable` says. Its HTML goes to `spill` when there is one.
fn render_body(
    head: &Headed,
    raw_html: RawHtml,
    attachments: Option<Vec<Attachment>>,
    unreadable: Problems,
    links: &LinkTable,
    spill: Option<&Spill>,
) -> Body {
    let path = head.path();
    let body_line = head.head.body_line;
    let problems = RefCell::new(Problems::new());
    let resolved = RefCell::new(Vec::new());
    let fragments = RefCell::new(Vec::new());
    let on_disk = attachments.as_deref().unwrap_or(&[]);
    let rewrite = |link: &LocalLink| {
        let result = links.resolve(head, &link.dest);
        resolved
            .borrow_mut()
            .push((link.dest.clone(), result.clone()));
        let line = body_line + link.line - 1;
        match result {
            Ok(url) => {
                let fragment = link_checks::fragment_link(links, head, link, line);
                fragments.borrow_mut().extend(fragment);
                url
            }
            Err(problem) => {
                let d = link_checks::unresolved(links, head, link, line, &problem, on_disk);
                problems.borrow_mut().push(d);
                None
            }
        }
    };
    let held = head.parsed.text();
    let text = held
        .as_deref()
        .expect("the text is at hand (`Parsed::text_at_hand`)");
    let body = &text[head.head.body_start..];
    let rendered = markdown::render(body, &rewrite, raw_html);
    let spaced = link_checks::spaced_targets(body);
    drop(held);
    let meta = &head.head.meta;
    let summary = match &meta.summary {
        Some(summary) => summary.clone(),
        None => markdown::summarize(&rendered.first_paragraph, SUMMARY_CHARS),
    };
    let mut problems = problems.into_inner();
    for deep in &rendered.too_deep {
        problems.push(too_deep(path, body_line, *deep));
    }
    problems.extend(unreadable);
    let attachments = attachments.unwrap_or_default();
    attachments::check_names(&attachments, &mut problems);
    let mut plan = Plan {
        source: path.to_path_buf(),
        slug: head.head.slug.clone(),
        meta: meta.clone(),
        summary,
        html: Html::default(),
        toc: rendered.toc.clone(),
        chars: rendered.chars,
        terms: Terms::of(&rendered.text),
        attachments: attachments.clone(),
    };
    link_checks::check_rendered(links, head, &plan, &rendered, spaced, &mut problems);
    plan.html = match spill {
        Some(spill) => spill.put(rendered.html),
        None => Html::held(rendered.html),
    };
    Body {
        parsed: head.parsed.clone(),
        attachments,
        links: resolved.into_inner(),
        fragments: fragments.into_inner(),
        plan: Arc::new(plan),
        problems,
    }
}

fn too_deep(path: &Path, body_line: usize, deep: TooDeep) -> Diagnostic {
    match deep {
        TooDeep::Markdown { line } => Diagnostic::warning(codes::MARKDOWN_TOO_DEEP, path)
            .arg("max", markdown::MAX_NESTING)
            .at_line(body_line + line - 1),
        TooDeep::Html { line } => Diagnostic::warning(codes::HTML_TOO_DEEP, path)
            .arg("max", crate::sanitize::MAX_HTML_DEPTH)
            .at_line(body_line + line - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Lang};
    use crate::test_site::TestSite;

    /// The settings the tests of the content modules parse with: pinyin slugs, HTML
    /// sanitized, drafts left out.
    pub(super) const SETTINGS: ParseSettings = ParseSettings {
        slugs: SlugStrategy::Pinyin,
        raw_html: RawHtml::Sanitize,
        drafts: false,
    };

    /// What the preview's cache makes of the site after the watcher saw `changed` (or, with
    /// `None`, after changes not known), and the HTML of each plan by its slug.
    fn preview(
        test: &TestSite,
        cache: &mut ParseCache,
        changed: Option<&[&str]>,
    ) -> (Plans, FxHashMap<String, String>) {
        let changed: Option<Vec<PathBuf>> =
            changed.map(|paths| paths.iter().map(PathBuf::from).collect());
        let mut problems = Problems::new();
        let plans = parse_plans(
            test.root(),
            SETTINGS,
            cache,
            changed.as_deref(),
            &mut problems,
        );
        assert!(!problems.has_errors(), "{problems:?}");
        let html = (plans.plans.iter())
            .map(|plan| (plan.slug.clone(), plan.html.text().unwrap().into_owned()))
            .collect();
        (plans, html)
    }

    const A: &str = "content/plans/a.md";

    /// A site of two plans, `a` and `b`, with the preview's cache of it and what it made.
    fn two_plans_previewed() -> (TestSite, ParseCache, Plans) {
        let test = TestSite::new(10);
        test.plan("a", "市总工会", 2013, "甲。")
            .plan("b", "区总工会", 2014, "乙。");
        let mut cache = ParseCache::default();
        let (plans, _) = preview(&test, &mut cache, None);
        (test, cache, plans)
    }

    /// A saved body is rendered alone, the other plans and the indexes kept as they were; a
    /// saved front matter makes the indexes again.
    #[test]
    fn a_saved_body_is_rendered_alone_and_a_saved_front_matter_indexes_again() {
        let (test, mut cache, before) = two_plans_previewed();
        test.plan("a", "市总工会", 2013, "改过的甲。");
        let (after, html) = preview(&test, &mut cache, Some(&[A]));
        assert!(after.same_heads, "only a body changed");
        assert!(html["a"].contains("改过的甲"));
        assert!(
            Arc::ptr_eq(&before.plans[1], &after.plans[1]),
            "b is as it was"
        );
        test.plan("a", "市总工会", 2015, "改过的甲。");
        let (after, _) = preview(&test, &mut cache, Some(&[A]));
        assert!(!after.same_heads, "a's year changed");
        assert_eq!(after.plans[0].meta.year, 2015);
    }

    /// Nesting too deep, of Markdown or of raw HTML, is warned of on its own line of the file,
    /// front matter counted.
    #[test]
    fn nesting_too_deep_is_warned_of_on_its_line_of_the_file() {
        let quotes = ">".repeat(markdown::MAX_NESTING + 5);
        let divs = "<div>".repeat(crate::sanitize::MAX_HTML_DEPTH + 5);
        let text =
            format!("---\ntitle: 深\nunit: u\nyear: 2015\n---\n\n一\n\n{quotes} 二\n\n{divs}三\n");
        let found = rendered(&[source("content/plans/deep.md", &text)]);
        let line_of = |code: &str| {
            let at = found.iter().find(|(d, ..)| d.code.id() == code);
            at.unwrap_or_else(|| panic!("{code}: {found:#?}")).0.line
        };
        assert_eq!(line_of("markdown.too-deep"), Some(9));
        assert_eq!(line_of("html.too-deep"), Some(11));
    }

    /// When the watcher reports what changed, the files it did not report are not looked at
    /// again (a save in a site of ten thousand plans reads one file, not ten thousand stamps),
    /// even when a new file makes the whole of `content/` looked through.
    #[test]
    fn files_the_watcher_did_not_report_are_not_looked_at_again() {
        let (test, mut cache, _) = two_plans_previewed();
        test.plan("b", "区总工会", 2014, "未报告的乙。")
            .plan("c", "区总工会", 2015, "丙。");
        let (plans, html) = preview(&test, &mut cache, Some(&["content/plans/c.md"]));
        assert_eq!(plans.plans.len(), 3, "the new file is found");
        assert!(!html["b"].contains("未报告"), "{}", html["b"]);
        let (_, html) = preview(&test, &mut cache, None);
        assert!(
            html["b"].contains("未报告"),
            "with changes not known, every file is looked at"
        );
    }

    fn source(path: &str, text: &str) -> SourceFile {
        let path = PathBuf::from(path);
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        SourceFile {
            path,
            stem,
            text: text.to_string(),
            attachments: Vec::new(),
        }
    }

    /// What a build of these plans reports, each finding rendered in each language.
    fn rendered(sources: &[SourceFile]) -> Vec<(Diagnostic, String, String)> {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content/plans")).unwrap();
        std::fs::write(root.path().join("content/plans/notes.txt"), "x").unwrap();
        let mut problems = Problems::new();
        parse_sources(root.path(), sources, SETTINGS, &mut problems);
        let catalogue = Catalogue::load();
        let (zh, en) = (catalogue.messages(Lang::Zh), catalogue.messages(Lang::En));
        (problems.into_sorted().into_iter())
            .map(|d| {
                let (zh, en) = (d.render(&zh), d.render(&en));
                (d, zh, en)
            })
            .collect()
    }

    /// Every finding about plans reads whole in both languages: each value put in, no id or
    /// placeholder of the catalogues left showing, and the Chinese free of the English.
    #[test]
    fn every_finding_reads_whole_in_both_languages() {
        let head = "---\ntitle: 甲\nunit: 区总工会\nyear: 2015\n";
        let found = rendered(&[
            source("content/plans/a.md", &format!("{head}---\n正文\n")),
            source(
                "content/plans/b.md",
                &format!(
                    "{head}slug: a\n---\n[x](missng.md) [y](gg.md) ![i](nope.png) [d](d.md) [n](notes.txt) [h](#无) [g](a.md#无) [r](/plans/g/)\n\n[s](a b.md)\n"
                ),
            ),
            source(
                "content/plans/c.md",
                "---\ntitle: c\nunit: u\nyear: 2015\nslug: a/b\n---\n正文\n",
            ),
            source(
                "content/plans/d.md",
                "---\ntitle: d\nunit: u\nyear: 2015\ndraft: true\n---\n正文\n",
            ),
            source(
                "content/plans/e.md",
                "---\ntitle: [e]\nunit: \"\"\nyear: 2015年\ndate: 2015-13-01\ntags: 帮扶\ndraft: yes\nyaer: 1\n---\n",
            ),
            source(
                "content/plans/f.md",
                "---\ntitle: f\nunit: u\nyear: 20015\ntags: [[a]]\n---\n正文\n",
            ),
            source(
                "content/plans/g.md",
                "---\ntitle: g\nunit: u\nyear: 2015\ndate: 2014-01-01\n---\n正文\n",
            ),
            source(
                "content/plans/h.md",
                "---\nunit: u\ndate: 1800-01-01\n---\n正文\n",
            ),
            source(
                "content/plans/i.md",
                "---\ntitle: i\nunit: u: v\n---\n正文\n",
            ),
            source("content/plans/j.md", "---\n- a\n---\n正文\n"),
            source("content/plans/k.md", "---\ntitle: k\n"),
            source("content/plans/l.md", "title: l\n---\n"),
            source("content/plans/m.md", ""),
            source(
                "content/plans/n.md",
                "---\ntitle: n\nunit: u\nyear: 2015\n---\n",
            ),
        ]);
        let codes: std::collections::BTreeSet<&str> =
            found.iter().map(|(d, ..)| d.code.id()).collect();
        for code in [
            "link.missing-plan",
            "link.missing-image",
            "link.draft",
            "link.unpublished-file",
            "link.missing-heading",
            "link.root-absolute",
            "link.spaces",
            "plan.slug.invalid",
            "plan.slug.duplicate",
            "plan.title.duplicate",
            "plan.field.not-text",
            "plan.unit.empty",
            "plan.year.not-a-number",
            "plan.date.not-a-date",
            "plan.date.out-of-range",
            "plan.tags.not-a-list",
            "plan.tags.not-a-word",
            "plan.draft.not-a-bool",
            "plan.key.unknown",
            "plan.year.out-of-range",
            "plan.year.not-the-dates",
            "plan.title.missing",
            "plan.body.empty",
            "front-matter.yaml",
            "front-matter.not-a-mapping",
            "front-matter.not-closed",
            "front-matter.not-opened",
            "front-matter.empty-file",
        ] {
            assert!(codes.contains(code), "{code} not found: {codes:?}");
        }
        for (d, zh, en) in &found {
            for text in [zh, en] {
                let gap = ["{$", "{-", "{ $", "{plan-", "{name-", "{link-"];
                assert!(!gap.iter().any(|g| text.contains(g)), "{text}");
                assert!(!text.contains(&d.code.message_id()), "{text}");
            }
            // The Chinese has no English sentence in it (code, paths and fields aside).
            assert!(
                !zh.contains(" the ") && !zh.contains("did you mean"),
                "{zh}"
            );
        }
        let says = |path: &str, part: &str| {
            let all: Vec<&(Diagnostic, String, String)> = found
                .iter()
                .filter(|(d, ..)| d.path == Path::new(path))
                .collect();
            assert!(
                all.iter()
                    .any(|(_, zh, en)| zh.contains(part) || en.contains(part)),
                "{path}: {part}: {all:#?}"
            );
        };
        says("content/plans/b.md", "did you mean `g.md`?");
        says("content/plans/b.md", "是不是 `g.md`？");
        says("content/plans/b.md", "help: put the image beside the plan");
        says("content/plans/b.md", "改为链接到计划文件 `g.md`");
        says(
            "content/plans/b.md",
            "error: 网址名（slug）`a` 已被 content/plans/a.md 使用",
        );
        says(
            "content/plans/c.md",
            "error: 不能使用 `slug: a/b`：它含有 `/`，会被当作文件夹路径",
        );
        says(
            "content/plans/c.md",
            "error: `slug: a/b` cannot be used: it contains `/`, so it names a path of folders and could point outside the site",
        );
        says(
            "content/plans/e.md",
            "error: `title` must be text, found a list",
        );
        says(
            "content/plans/e.md",
            "error: `title` 应该是文字，这里是一个列表",
        );
        says(
            "content/plans/e.md",
            "`year` 应该是 2015 这样的整数，这里是文字“2015年”",
        );
        says(
            "content/plans/e.md",
            "`draft` must be true or false, found the text `yes`",
        );
        says("content/plans/f.md", "`year` 应在 1900 到 2100 之间");
        says("content/plans/g.md", "`year` is 2015 but `date` is in 2014");
        says("content/plans/i.md", "help: check this line");
        says("content/plans/i.md", "请检查这一行：值里有 `: `");
    }
}
