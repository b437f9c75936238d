//! Slugs from any names: every one is a safe, lower-case path segment, the same each time, and
//! `UniqueIds` never hands out one id twice.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plansite::slug::{MAX_CHARS, SlugStrategy, UniqueIds, slugify};
use plansite_fuzz::slug_problem;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // One name a line: the fuzzer finds sets of names that collide.
    let names: Vec<&str> = text.split('\n').collect();
    for strategy in [SlugStrategy::Pinyin, SlugStrategy::Unicode] {
        let mut ids = UniqueIds::default();
        let mut handed_out = std::collections::HashSet::new();
        for name in &names {
            let slug = slugify(name, strategy);
            if let Some(problem) = slug_problem(&slug) {
                panic!("{name:?} ({strategy:?}): {problem}");
            }
            assert!(
                slug.chars().count() <= MAX_CHARS,
                "{name:?}: {slug:?} is too long"
            );
            if strategy == SlugStrategy::Pinyin {
                assert!(
                    slug.is_ascii(),
                    "{name:?}: pinyin slug {slug:?} is not ASCII"
                );
            }
            assert_eq!(slug, slugify(name, strategy), "{name:?}: not stable");
            let unique = ids.make_unique(slug.clone());
            assert!(
                unique == slug || unique.starts_with(&format!("{slug}-")),
                "{unique:?} does not come from {slug:?}"
            );
            if let Some(problem) = slug_problem(&unique) {
                panic!("unique id from {name:?}: {problem}");
            }
            assert!(
                handed_out.insert(unique.clone()),
                "{unique:?} handed out twice"
            );
        }
    }
});
