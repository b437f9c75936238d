//! `site.yaml`: the site's title, language, theme, base path, its declared units, and which
//! kinds of document are plans and which summaries.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::CONFIG_FILE;
use crate::slips;
use crate::slug::SlugStrategy;
use crate::yaml::{self, YamlError};

mod base;
pub use base::check_base_path;

/// Every key of `site.yaml` and of a unit in it, for mending typing slips (a test checks the
/// list against the structs below).
const KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "theme",
    "base_path",
    "base_url",
    "feed_plans",
    "home_plans",
    "page_size",
    "slugify",
    "trusted_html",
    "strict",
    "units",
    "plan_kinds",
    "summary_kinds",
    "filing_status",
    "filing_units",
    "name",
    "display",
    "slug",
    "parent",
    "order",
];

/// How typing slips are mended in `site.yaml`.
pub const SLIP_KEYS: slips::Keys = slips::Keys {
    known: KEYS,
    numeric: &["feed_plans", "home_plans", "page_size", "order"],
    lists: &[],
};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The path the site is served under, e.g. `/plans/`. Only pages that cannot use relative
    /// links (the 404 page, which a server shows at any depth) depend on it.
    #[serde(default = "default_base_path")]
    pub base_path: String,
    /// The full address of the site (`https://intranet.example/plans/`), for the feed and the
    /// sitemap, which need absolute links; without it they use `base_path`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Every warning is an error (`plansite check --strict` does the same), for CI.
    #[serde(default)]
    pub strict: bool,
    /// How many of the newest plans the Atom feed carries.
    #[serde(default = "default_feed_plans")]
    pub feed_plans: usize,
    /// How many of the newest plans the home page shows.
    #[serde(default = "default_home_plans")]
    pub home_plans: usize,
    /// How many plans one page of a unit, year or tag index lists before it continues on the
    /// next page.
    #[serde(default = "default_page_size")]
    pub page_size: NonZeroUsize,
    #[serde(default)]
    pub slugify: SlugStrategy,
    /// Publish HTML written in plans as it is, instead of removing scripts, handlers and
    /// forms from it. Only for sites where every editor is trusted.
    #[serde(default)]
    pub trusted_html: bool,
    #[serde(default)]
    pub units: Vec<UnitDecl>,
    /// The kinds (`kind:` in front matter) that count as a unit's plan for its year; the
    /// first listed is preferred when a unit has several for a year.
    #[serde(default = "default_plan_kinds")]
    pub plan_kinds: Vec<String>,
    /// The kinds that count as a unit's summary of its year, preferred in the same way.
    #[serde(default = "default_summary_kinds")]
    pub summary_kinds: Vec<String>,
    /// Whether year pages and the units' grid show who has filed a plan and a summary.
    #[serde(default = "default_true")]
    pub filing_status: bool,
    /// The units expected to file each year, by `name`; without it, every declared unit that
    /// has filed a plan or a summary in any year.
    #[serde(default)]
    pub filing_units: Option<Vec<String>>,
}

/// What becomes of HTML that editors write (or paste) into the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Cleaned by [`crate::sanitize`]: the default, for content from many hands.
    #[default]
    Sanitize,
    /// Published as written (`trusted_html: true` in `site.yaml`).
    Trust,
}

/// What a document is to the office that reads plans beside summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plan,
    Summary,
}

/// A unit declared in `site.yaml`; plans name it by `name`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDecl {
    pub name: String,
    /// Shown to readers instead of `name` when set (e.g. a full official name).
    pub display: Option<String>,
    pub slug: Option<String>,
    /// The `name` of the unit above this one.
    pub parent: Option<String>,
    /// Sort key among siblings; units without one keep their order in the file, after those with one.
    pub order: Option<i64>,
    #[serde(default)]
    pub description: String,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_base_path() -> String {
    "/".into()
}
fn default_feed_plans() -> usize {
    20
}
fn default_home_plans() -> usize {
    12
}
fn default_plan_kinds() -> Vec<String> {
    ["工作计划", "工作要点", "实施方案"]
        .map(String::from)
        .to_vec()
}
fn default_summary_kinds() -> Vec<String> {
    ["工作总结", "年度总结", "半年总结"]
        .map(String::from)
        .to_vec()
}
fn default_true() -> bool {
    true
}
fn default_page_size() -> NonZeroUsize {
    NonZeroUsize::new(50).expect("not zero")
}

/// The `language:` of the site at `root`, read on its own before anything else, so that the
/// messages about everything else (site.yaml's own included) are in that language. None when
/// site.yaml or the line cannot be read: its problems are reported later, by [`Config::load`].
pub fn site_language(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mended = slips::mend(text, SLIP_KEYS);
    let value: serde_yaml::Value = serde_yaml::from_str(&mended.text).ok()?;
    Some(value.get("language")?.as_str()?.to_string())
}

impl Config {
    /// Reads and validates `site.yaml` under `root`, adding every problem found to `problems`;
    /// the config when none of them is an error.
    pub fn load(root: &Path, problems: &mut Problems) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let shown = Path::new(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                problems.push(Diagnostic::error(codes::CONFIG_MISSING, shown).arg("root", root));
                return None;
            }
            Err(err) => {
                problems.push(
                    Diagnostic::error(codes::CONFIG_UNREADABLE, shown)
                        .arg("error", err.to_string()),
                );
                return None;
            }
        };
        Self::parse(&text, problems)
    }

    /// [`Config::load`] for the text of a `site.yaml`.
    pub fn parse(text: &str, problems: &mut Problems) -> Option<Config> {
        let shown = Path::new(CONFIG_FILE);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mended = slips::mend(text, SLIP_KEYS);
        if !slips::report(shown, 1, &mended, SLIP_KEYS, problems) {
            return None;
        }
        let text: &str = &mended.text;
        let mut config: Config = match serde_yaml::from_str(text) {
            Ok(config) => config,
            Err(err) => {
                problems.push(match yaml::explain(text, &err) {
                    YamlError::Tab { line, col } => {
                        yaml::tab_diagnostic(shown, line, mended.original_col(line, col))
                    }
                    YamlError::Invalid { message, at } => {
                        let d = Diagnostic::error(codes::CONFIG_YAML, shown)
                            .arg("error", yaml::reason(&message));
                        match at {
                            Some((line, col)) => d.at(line, mended.original_col(line, col)),
                            None => d,
                        }
                    }
                });
                return None;
            }
        };
        // Every check runs, so that one run names every problem of the file.
        let before = problems.len();
        base::check(&mut config, text, problems);
        config.base_path = normalize_base_path(&config.base_path);
        if let Some(url) = &mut config.base_url
            && !url.ends_with('/')
        {
            url.push('/');
        }
        config.validate_units(text, problems);
        config.validate_filing(text, problems);
        (problems.len() == before).then_some(config)
    }

    fn validate_units(&self, text: &str, problems: &mut Problems) {
        let shown = Path::new(CONFIG_FILE);
        let line_of = |name: &str| {
            text.lines()
                .position(|l| {
                    let l = l.trim_start().trim_start_matches("- ").trim_start();
                    l.strip_prefix("name:")
                        .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == name)
                })
                .map_or(1, |i| i + 1)
        };
        let mut names = HashSet::new();
        for unit in &self.units {
            if unit.name.trim().is_empty() {
                problems.push(Diagnostic::error(codes::CONFIG_UNIT_NO_NAME, shown));
            } else if !names.insert(unit.name.as_str()) {
                problems.push(
                    Diagnostic::error(codes::CONFIG_UNIT_DUPLICATE, shown)
                        .arg("unit", &unit.name)
                        .at_line(line_of(&unit.name)),
                );
            }
            if let Some(slug) = &unit.slug
                && let Some(why) = crate::slug::refuse_explicit(slug)
            {
                // The `slug:` line of this unit: the first one after its `name:` line.
                let name_line = line_of(&unit.name);
                let slug_line = text
                    .lines()
                    .enumerate()
                    .skip(name_line)
                    .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with("slug:"))
                    .map_or(name_line, |(i, _)| i + 1);
                problems.push(
                    Diagnostic::error(codes::CONFIG_UNIT_SLUG_INVALID, shown)
                        .arg("unit", &unit.name)
                        .arg("slug", slug)
                        .arg("why", why)
                        .at(slug_line, 1),
                );
            }
        }
        for unit in &self.units {
            let Some(parent) = &unit.parent else { continue };
            if !names.contains(parent.as_str()) {
                let d = Diagnostic::error(codes::CONFIG_UNIT_PARENT_MISSING, shown)
                    .arg("unit", &unit.name)
                    .arg("parent", parent)
                    .at_line(line_of(&unit.name));
                // A unit cannot be its own parent, so its own name is no suggestion.
                let others = names.iter().copied().filter(|&name| name != unit.name);
                problems.push(match crate::diagnostics::closest(parent, others) {
                    Some(close) => d.arg("close", close).help_from("help-close"),
                    None => d,
                });
            } else if self.parent_chain_loops(&unit.name) {
                problems.push(
                    Diagnostic::error(codes::CONFIG_UNIT_PARENT_CYCLE, shown)
                        .arg("unit", &unit.name)
                        .at_line(line_of(&unit.name)),
                );
            }
        }
    }

    /// `filing_units` must name declared units, and no kind may be both a plan and a summary.
    fn validate_filing(&self, text: &str, problems: &mut Problems) {
        let shown = Path::new(CONFIG_FILE);
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.starts_with(key))
                .map_or(1, |i| i + 1)
        };
        let names: HashSet<&str> = self.units.iter().map(|u| u.name.as_str()).collect();
        for name in self.filing_units.iter().flatten() {
            if names.contains(name.as_str()) {
                continue;
            }
            let d = Diagnostic::error(codes::CONFIG_FILING_UNIT_UNDECLARED, shown)
                .arg("unit", name)
                .at_line(line_of("filing_units:"));
            problems.push(
                match crate::diagnostics::closest(name, names.iter().copied()) {
                    Some(close) => d.arg("close", close).help_from("help-close"),
                    None => d,
                },
            );
        }
        for kind in &self.summary_kinds {
            if self.plan_kinds.contains(kind) {
                problems.push(
                    Diagnostic::error(codes::CONFIG_KIND_PLAN_AND_SUMMARY, shown)
                        .arg("kind", kind)
                        .at_line(line_of("summary_kinds:")),
                );
            }
        }
    }

    /// Whether `kind` counts as a plan (`Some(Role::Plan)`) or a summary, and its rank among
    /// its kinds (0 for the first listed).
    pub fn role(&self, kind: &str) -> Option<(Role, usize)> {
        if let Some(rank) = self.plan_kinds.iter().position(|k| k == kind) {
            return Some((Role::Plan, rank));
        }
        let rank = self.summary_kinds.iter().position(|k| k == kind)?;
        Some((Role::Summary, rank))
    }

    fn parent_chain_loops(&self, start: &str) -> bool {
        let mut current = start;
        for _ in 0..=self.units.len() {
            match self.unit(current).and_then(|u| u.parent.as_deref()) {
                Some(parent) if parent == start => return true,
                Some(parent) => current = parent,
                None => return false,
            }
        }
        true
    }

    /// What absolute links start with: the base URL when known, else the base path.
    pub fn link_prefix(&self) -> &str {
        self.base_url.as_deref().unwrap_or(&self.base_path)
    }

    pub fn raw_html(&self) -> RawHtml {
        if self.trusted_html {
            RawHtml::Trust
        } else {
            RawHtml::Sanitize
        }
    }

    pub fn unit(&self, name: &str) -> Option<&UnitDecl> {
        self.units.iter().find(|u| u.name == name)
    }
}

/// `plans` and `/plans` both mean `/plans/`.
pub fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields serde expects of `T`, from its message for an unknown one.
    fn fields<T: serde::de::DeserializeOwned + std::fmt::Debug>(yaml: &str) -> Vec<String> {
        let err = serde_yaml::from_str::<T>(yaml).unwrap_err().to_string();
        let expected = &err[err.find("expected one of").expect("a list of fields")..];
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    }

    #[test]
    fn the_keys_mended_for_slips_are_every_key() {
        let mut all = fields::<Config>("zzz: 1\n");
        all.extend(fields::<UnitDecl>("zzz: 1\n"));
        all.sort();
        all.dedup();
        let mut keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
        keys.sort();
        assert_eq!(keys, all);
    }

    #[test]
    fn typing_slips_in_site_yaml_are_mended_with_a_warning() {
        let text = "title: 站\nhome_plans：10\npage_size: ２０\n";
        let mut problems = Problems::new();
        let config = Config::parse(text, &mut problems).expect("read as meant");
        assert_eq!((config.home_plans, config.page_size.get()), (10, 20));
        let found: Vec<_> = problems
            .iter()
            .map(|d| (d.line, d.col, d.is_error()))
            .collect();
        assert_eq!(
            found,
            [(Some(2), Some(11), false), (Some(3), Some(12), false)]
        );
        // An unknown word before a full-width colon is an error at the colon.
        let mut problems = Problems::new();
        assert!(Config::parse("title: 站\nhome_plan：10\n", &mut problems).is_none());
        let error = problems.iter().next().unwrap();
        assert_eq!((error.line, error.col), (Some(2), Some(10)));
        assert!(
            error.english_hint().unwrap().contains("home_plans"),
            "{error:?}"
        );
    }

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut problems = Problems::new();
        let config = Config::parse(text, &mut problems);
        config.ok_or_else(|| problems.into_iter().collect())
    }

    #[test]
    fn defaults_apply() {
        let config = parse("title: 计划\n").unwrap();
        assert_eq!(config.language, "zh-CN");
        assert_eq!(config.theme, "default");
        assert_eq!(config.base_path, "/");
        assert_eq!(config.page_size.get(), 50);
        assert!(config.units.is_empty());
        assert!(config.filing_status);
        assert_eq!(config.filing_units, None);
        assert_eq!(config.role("工作要点"), Some((Role::Plan, 1)));
        assert_eq!(config.role("工作总结"), Some((Role::Summary, 0)));
        assert_eq!(config.role("调研报告"), None);
    }

    #[test]
    fn filing_units_must_be_declared_and_kinds_must_not_overlap() {
        let text = "title: x\nunits:\n  - name: 市总工会\nfiling_units: [市总公会]\nplan_kinds: [计划]\nsummary_kinds: [计划, 总结]\n";
        let errs = parse(text).unwrap_err();
        let words: Vec<(String, Option<String>)> = errs
            .iter()
            .map(|e| (e.english(), e.english_hint()))
            .collect();
        let found: Vec<(Option<usize>, &str, Option<&str>)> = (errs.iter().zip(&words))
            .map(|(e, (message, hint))| (e.line, message.as_str(), hint.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(4),
                    "`filing_units` names `市总公会`, which is not declared under `units:`",
                    Some("did you mean `市总工会`?")
                ),
                (
                    Some(6),
                    "kind `计划` is in both `plan_kinds` and `summary_kinds`",
                    Some("a kind of document is either a plan or a summary: keep it in one list")
                ),
            ]
        );
    }

    #[test]
    fn page_size_must_be_positive() {
        let problems = parse("title: 计划\npage_size: 0\n").unwrap_err();
        assert_eq!(problems[0].line, Some(2), "{problems:?}");
        assert!(problems[0].english().contains("page_size"), "{problems:?}");
        assert!(problems[0].english().contains("at least 1"), "{problems:?}");
    }

    #[test]
    fn base_path_is_normalized() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("plans", "/plans/"),
            ("/a/b", "/a/b/"),
        ] {
            assert_eq!(normalize_base_path(input), expected);
        }
    }

    #[test]
    fn unknown_key_is_reported_with_line() {
        let errs = parse("title: x\ntheem: dark\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].english().contains("theem"), "{}", errs[0].english());
    }

    #[test]
    fn tabs_are_named() {
        let errs = parse("title: x\nunits:\n\t- name: a\n").unwrap_err();
        assert_eq!(errs[0].english(), yaml::TAB_MESSAGE);
        assert_eq!((errs[0].line, errs[0].col), (Some(3), Some(1)));
    }

    #[test]
    fn unit_problems_are_all_reported() {
        let text = "title: x\nunits:\n  - name: 市总工会\n  - name: 区总工会\n    parent: 市总公会\n  - name: 市总工会\n";
        let errs = parse(text).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().any(|e| e.english().contains("declared twice")));
        let parent = errs
            .iter()
            .find(|e| e.english().contains("parent"))
            .unwrap();
        assert_eq!(parent.line, Some(4));
        assert_eq!(
            parent.english_hint().as_deref(),
            Some("did you mean `市总工会`?")
        );
    }

    #[test]
    fn unit_slugs_that_leave_the_folder_are_refused() {
        let text = "title: x\nunits:\n  - name: a\n    slug: ../../etc\n  - name: b\n    display: B\n    slug: NUL\n  - name: c\n    slug: c-ok\n";
        let errs = parse(text).unwrap_err();
        let words: Vec<String> = errs.iter().map(|e| e.english()).collect();
        let found: Vec<(Option<usize>, &str)> = (errs.iter().zip(&words))
            .map(|(e, w)| (e.line, w.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(4),
                    "unit `a`: `slug: ../../etc` cannot be used: it contains `/`, so it names a path of folders and could point outside the site"
                ),
                (
                    Some(7),
                    "unit `b`: `slug: NUL` cannot be used: it is `NUL`, a name Windows reserves for a device"
                ),
            ]
        );
    }

    #[test]
    fn parent_cycles_are_refused() {
        let text = "title: x\nunits:\n  - name: a\n    parent: b\n  - name: b\n    parent: a\n";
        let errs = parse(text).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.english().contains("its own parent")));
        // A chain listed from its bottom up is no cycle.
        let text = "title: x\nunits:\n  - name: 街道总工会\n    parent: 区总工会\n  - name: 区总工会\n    parent: 市总工会\n  - name: 市总工会\n";
        assert!(parse(text).is_ok());
    }
}
