//! Property tests: whatever names editors choose (headings, units, tags, file names), every page
//! gets its own address, and every address is a safe, lower-case path segment.
//!
//! `PROPTEST_CASES=5000 cargo test --test slugs` runs more cases than the default.

mod common;

use std::collections::HashSet;

use common::TestSite;
use common::slug_rules::slug_problem;
use plansite::diagnostics::Problems;
use plansite::markdown::{self, LocalLink};
use plansite::pipeline::{self, Options};
use plansite::render::Page;
use proptest::prelude::*;

/// Cases per property unless `PROPTEST_CASES` says otherwise: enough to catch a regression,
/// few enough to keep `cargo test` quick.
fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig::with_cases(cases)
}

/// Pieces that collide when slugged: case, full-width forms, punctuation, scripts whose
/// lower case is special, Windows device names, emoji, path syntax.
const PIECES: &[&str] = &[
    "市", "总", "工会", "街道", "A", "a", "B", "b", "1", "１", "Ａ", "-", " ", "!", "（", "）",
    "、", "ǅ", "Σ", "ς", "ß", "İ", "ﬁ", "con", "COM", "lpt", "¹", "0", "😀", ".", "..", "/", "\\",
    ":",
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..5)
        .prop_map(|p| p.concat())
        .prop_filter("a name is not blank", |n| !n.trim().is_empty())
}

/// A name that can be a file's stem: no path syntax, and not hidden.
fn file_stem() -> impl Strategy<Value = String> {
    name().prop_map(|n| {
        let stem: String = n.chars().filter(|c| !matches!(c, '/' | '\\')).collect();
        format!("p{stem}")
    })
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_headings_get_distinct_valid_ids(titles in prop::collection::vec(name(), 1..12)) {
        let body: String = titles.iter().map(|t| format!("## {t}\n\n正文。\n\n")).collect();
        let rendered = markdown::render(&body, &|_: &LocalLink| None, plansite::config::RawHtml::Sanitize);
        let mut seen = HashSet::new();
        for heading in &rendered.toc {
            prop_assert_eq!(slug_problem(&heading.id), None);
            prop_assert!(seen.insert(heading.id.clone()), "id {:?} twice", heading.id);
        }
    }

    #[test]
    fn any_units_tags_and_file_names_get_distinct_valid_addresses(
        units in prop::collection::vec((name(), prop::option::weighted(0.2, name())), 1..6),
        plans in prop::collection::vec(
            (file_stem(), 0..6usize, prop::collection::vec(name(), 0..4)),
            1..8,
        ),
        unicode in any::<bool>(),
    ) {
        let mut declared = HashSet::new();
        let units: Vec<_> = units.into_iter().filter(|(u, _)| declared.insert(u.clone())).collect();
        let slugify = if unicode { "unicode" } else { "pinyin" };
        let mut yaml = format!("title: 地址\nslugify: {slugify}\nunits:\n");
        for (unit, slug) in &units {
            yaml.push_str(&format!("  - name: {}\n", quoted(unit)));
            // A hand-written slug that names a path or a device is refused with a message
            // (tested with the configuration); any other must become a valid address.
            if let Some(slug) = slug.as_ref().filter(|s| plansite::slug::refuse_explicit(s).is_none()) {
                yaml.push_str(&format!("    slug: {}\n", quoted(slug)));
            }
        }
        let site = TestSite::new(&yaml);
        let mut stems = HashSet::new();
        for (stem, unit, tags) in &plans {
            if !stems.insert(stem.clone()) {
                continue;
            }
            // Indexes past the declared units name undeclared ones.
            let unit = units.get(*unit).map_or_else(|| format!("未声明{unit}"), |u| u.0.clone());
            let tags: Vec<String> = tags.iter().map(|t| quoted(t)).collect();
            site.plan(
                stem,
                &format!(
                    "title: {}\nunit: {}\nyear: 2015\ntags: [{}]",
                    quoted(stem),
                    quoted(&unit),
                    tags.join(", ")
                ),
                "正文。",
            );
        }
        let options = Options { root: site.root().to_path_buf(), drafts: false, base_path: None, strict: false };
        let mut problems = Problems::new();
        let site = pipeline::load_site(&options, &mut problems);
        let site = site.expect("site.yaml is valid");
        let errors: Vec<String> = problems.iter().filter(|d| d.is_error()).map(|d| d.rendered_in(plansite::i18n::Lang::En)).collect();

        let slugs = site.plans.iter().map(|p| &p.slug)
            .chain(site.units.iter().map(|u| &u.slug))
            .chain(site.tags.iter().map(|t| &t.slug));
        for slug in slugs {
            prop_assert_eq!(slug_problem(slug), None);
        }
        // Two plans or two hand-chosen unit slugs may collide: that is an error, never a page
        // silently overwriting another.
        let mut paths = HashSet::new();
        for page in Page::all(&site) {
            let path = page.path(&site);
            if !paths.insert(path.clone()) {
                // The error names this very slug (`plans/<slug>/…`, `units/<slug>/…`), not
                // just any slug.
                let slug = path.split('/').nth(1).unwrap_or_default();
                let named = format!("`{slug}`");
                prop_assert!(
                    errors.iter().any(|e| e.contains("slug") && e.contains(&named)),
                    "{} is written twice and no error names {}: {:?}", path, named, errors
                );
            }
        }
        prop_assert_eq!(site.plans.len(), stems.len(), "every plan file is a plan: {:?}", problems);
    }
}
