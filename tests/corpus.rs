//! The benchmark's generated corpus is a valid site that builds without a single finding, and
//! the generator gives the same files for the same seed: otherwise the benchmark would measure
//! error reporting, or figures from two runs would not be comparable.

#[path = "../benches/scale/corpus.rs"]
mod corpus;

mod common;

use common::TestSite;
use corpus::Corpus;

#[test]
fn a_generated_corpus_builds_with_no_findings() {
    let corpus = Corpus::new(300, 1);
    let site = TestSite {
        dir: tempfile::tempdir().unwrap(),
    };
    corpus.write(site.root()).unwrap();
    let run = site.build();
    run.ok();
    assert!(
        !run.stderr.contains("warning"),
        "the corpus has findings:\n{}",
        run.stderr
    );
    let drafts = corpus.plans.iter().filter(|p| p.draft).count();
    assert!(drafts > 0, "a few plans are drafts");
    assert!(
        run.stdout
            .contains(&format!("built {} plans", 300 - drafts))
    );
    // Every declared unit has its page, and tables and links to other plans occur.
    for unit in &corpus.units {
        assert!(
            site.out()
                .join(format!("units/{}/index.html", unit.slug))
                .is_file(),
            "no page for {}",
            unit.name
        );
    }
    let texts: Vec<String> = (0..corpus.plans.len()).map(|i| corpus.body(i)).collect();
    assert!(texts.iter().any(|t| t.contains("| --- |")), "no table");
    assert!(texts.iter().any(|t| t.contains(".md)")), "no link");
    for text in &texts {
        assert!(
            (3 * 1024..=6 * 1024).contains(&text.len()),
            "a body of {} bytes",
            text.len()
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_files() {
    let a = Corpus::new(200, 7);
    let b = Corpus::new(200, 7);
    let c = Corpus::new(200, 8);
    assert_eq!(a.site_yaml(), b.site_yaml());
    for i in 0..200 {
        assert_eq!(a.plan_path(i), b.plan_path(i));
        assert_eq!(a.plan_file(i), b.plan_file(i));
    }
    assert!((0..200).any(|i| a.plan_file(i) != c.plan_file(i)));
    assert_eq!(a.units.len(), 150);
    let years: std::collections::BTreeSet<i32> = a.plans.iter().map(|p| p.year).collect();
    assert_eq!(years.len(), 14);
}
