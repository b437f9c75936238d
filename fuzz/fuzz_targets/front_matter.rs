//! Any file's bytes through decoding, front-matter splitting, field checking and slug choice:
//! no panic, the two halves are the file's own text at the lines reported, every message points
//! at a line of the file, and a plan that passes has sane fields and a safe slug.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plansite::config::RawHtml;
use plansite::content::{self, ParseSettings, SourceFile, front_matter, load, meta};
use plansite::diagnostics::Problems;
use plansite::slug::SlugStrategy;
use plansite_fuzz::slug_problem;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = load::decode(data.to_vec()) else {
        return;
    };
    let path = Path::new("content/plans/fuzz.md");
    // Lines an editor sees, counting the empty one after a final newline.
    let lines = text.split('\n').count();
    let mut problems = Problems::new();
    let Some(split) = front_matter::split(path, &text, &mut problems) else {
        return check_plans(&text, lines, false);
    };
    let yaml_at = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let body_at = split.body.as_ptr() as usize - text.as_ptr() as usize;
    assert!(yaml_at <= body_at && body_at + split.body.len() == text.len());
    assert_eq!(line_at(&text, yaml_at), split.yaml_line, "yaml line");
    if !split.body.is_empty() {
        // (An empty body at the end of a file without a final newline has no line of its own.)
        assert_eq!(line_at(&text, body_at), split.body_line, "body line");
    }

    let meta = meta::parse(path, &split, &mut problems);
    for d in problems.iter() {
        let Some(line) = d.line else {
            panic!("a front-matter finding without its line: {d}");
        };
        assert!((1..=lines).contains(&line), "line {line} of {lines}: {d}");
    }
    let has_error = problems.iter().any(|d| d.is_error());
    assert_eq!(
        meta.is_some(),
        !has_error,
        "a plan is read exactly when no error stands"
    );
    if let Some(meta) = &meta {
        assert!(!meta.title.trim().is_empty() && !meta.unit.trim().is_empty());
        assert!(meta::YEARS.contains(&meta.year), "year {}", meta.year);
        let mut tags = meta.tags.clone();
        tags.sort();
        tags.dedup();
        assert_eq!(
            tags.len(),
            meta.tags.len(),
            "duplicate tags {:?}",
            meta.tags
        );
        assert!(meta.tags.iter().all(|t| !t.trim().is_empty()));
        for (key, line) in &meta.key_lines {
            assert!(
                (split.yaml_line..split.body_line).contains(line),
                "{key} on line {line}"
            );
        }
    }
    check_plans(&text, lines, meta.is_some());
});

/// The 1-based line that byte `offset` of `text` is on.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text[..offset].matches('\n').count()
}

/// The whole parse of one file as a build does it, drafts included.
fn check_plans(text: &str, lines: usize, meta_ok: bool) {
    let source = SourceFile {
        path: "content/plans/fuzz.md".into(),
        stem: "fuzz".into(),
        text: text.to_string(),
        attachments: Vec::new(),
    };
    for strategy in [SlugStrategy::Pinyin, SlugStrategy::Unicode] {
        let root = Path::new("/nonexistent/plansite-fuzz");
        let settings = ParseSettings {
            slugs: strategy,
            raw_html: RawHtml::Sanitize,
            drafts: true,
        };
        let mut problems = Problems::new();
        let plans =
            content::parse_sources(root, std::slice::from_ref(&source), settings, &mut problems);
        for d in problems.iter() {
            if let Some(line) = d.line {
                assert!((1..=lines).contains(&line), "line {line} of {lines}: {d}");
            }
        }
        let has_error = problems.iter().any(|d| d.is_error());
        assert!(plans.len() <= 1);
        assert!(plans.len() == 1 || has_error, "no plan and no error");
        if !meta_ok {
            assert!(plans.is_empty() && has_error);
        }
        for plan in &plans {
            if let Some(problem) = slug_problem(&plan.slug) {
                panic!("plan slug: {problem}");
            }
        }
    }
}
