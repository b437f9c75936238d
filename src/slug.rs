//! Turning names (mostly Chinese) into path segments and fragment ids.
//!
//! A slug must be non-empty, stable for the same name, and safe both on disk (on Linux,
//! Windows and macOS shares) and in a URL. Uniqueness across a site is the index's job: it sees
//! every name at once and reports collisions instead of letting one page overwrite another.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::i18n::Text;
use crate::text::is_han;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    /// ASCII only: Chinese is transliterated to toneless pinyin (`市总工会` → `shi-zong-gong-hui`).
    /// URLs stay readable in any server log and need no percent-encoding.
    #[default]
    Pinyin,
    /// Letters of every script are kept (`一、指导思想` → `一-指导思想`): right for heading
    /// ids, where the reader sees the fragment and browsers handle it natively.
    Unicode,
}

/// Longest slug we produce, in characters; long names otherwise make unwieldy paths.
pub const MAX_CHARS: usize = 80;

/// Names Windows refuses as file names, whatever the extension (its documentation lists the
/// superscript digits and 0 too).
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6",
    "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³",
];

pub fn slugify(name: &str, strategy: SlugStrategy) -> String {
    let text = match strategy {
        SlugStrategy::Pinyin => deunicode::deunicode(name),
        SlugStrategy::Unicode => name.to_string(),
    };
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut put = |c: char, keep: bool| {
        if keep {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    };
    for c in text.chars() {
        // Han characters, most of a heading, have no case and are letters: settled without
        // the Unicode tables, whose lookups were half the time spent on heading ids.
        if strategy == SlugStrategy::Unicode && is_han(c) {
            put(c, true);
            continue;
        }
        for c in c.to_lowercase() {
            let keep = match strategy {
                SlugStrategy::Pinyin => c.is_ascii_alphanumeric(),
                SlugStrategy::Unicode => c.is_alphanumeric(),
            };
            put(c, keep);
        }
    }
    if let Some((cut, _)) = slug.char_indices().nth(MAX_CHARS) {
        slug.truncate(cut);
        slug.truncate(slug.trim_end_matches('-').len());
    }
    if slug.is_empty() {
        // Names made only of symbols or emoji: derive something stable and safe from the bytes.
        slug = name.bytes().take(12).map(|b| format!("{b:02x}")).collect();
        slug.insert(0, 'x');
    }
    if WINDOWS_RESERVED.contains(&slug.as_str()) {
        slug.push_str("-1");
    }
    slug
}

/// The form a name takes on a disk that ignores letter case (Windows, macOS): two names with
/// one fold are one file there, so one would overwrite the other in a copied site.
pub fn fold(name: &str) -> String {
    name.to_lowercase().to_uppercase()
}

/// Why a slug written by hand (`slug:` in a plan or a unit) cannot name a folder of the site,
/// or `None` when it can. Such a slug is refused rather than quietly changed: whoever wrote it
/// expects that address. Everything else in it is tidied by [`slugify`] as usual.
pub fn refuse_explicit(value: &str) -> Option<Text> {
    let value = value.trim();
    if value.is_empty() {
        return Some(Text::new("slug-refused-empty"));
    }
    if let Some(c) = value.chars().find(|c| matches!(c, '/' | '\\')) {
        return Some(Text::new("slug-refused-folders").arg("char", c));
    }
    if value.contains(':') {
        return Some(Text::new("slug-refused-drive"));
    }
    if value.chars().all(|c| c == '.') {
        return Some(Text::new("slug-refused-dots"));
    }
    // Windows reserves these names with any extension, and ignores trailing dots and spaces.
    let stem = value.split('.').next().unwrap_or(value).trim_end();
    if WINDOWS_RESERVED.contains(&stem.to_lowercase().as_str()) {
        return Some(Text::new("slug-refused-device").arg("name", stem));
    }
    None
}

/// Hands out ids unique within one page: `a`, `a-2`, `a-3`, ...
#[derive(Debug, Default)]
pub struct UniqueIds {
    /// Ids taken before any was handed out (see [`UniqueIds::with_taken`]).
    taken: &'static [&'static str],
    seen: HashSet<String>,
    /// For each base handed out more than once, the number to try next. Counting up from 2
    /// every time would make a page of many equal headings quadratic (a pasted 20 MB file
    /// of `## 附件` lines would never finish); numbers below this one are all taken already.
    next: HashMap<String, usize>,
}

impl UniqueIds {
    /// Ids of which `taken` are already handed out: a page's own ids, which no other may repeat.
    /// Looked through rather than copied in: made for every plan, they would cost each an
    /// allocation and a hash per id whether or not its headings come near them.
    pub fn with_taken(taken: &'static [&'static str]) -> UniqueIds {
        UniqueIds {
            taken,
            ..UniqueIds::default()
        }
    }

    pub fn make_unique(&mut self, base: String) -> String {
        let taken = self.taken;
        if !taken.contains(&base.as_str()) && self.seen.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if !taken.contains(&candidate.as_str()) && self.seen.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_table() {
        let cases = [
            ("市总工会", "shi-zong-gong-hui"),
            ("街道总工会", "jie-dao-zong-gong-hui"),
            ("2014-jiedao-zongjie", "2014-jiedao-zongjie"),
            ("Hello World!", "hello-world"),
            ("  -- 困难职工 帮扶 --", "kun-nan-zhi-gong-bang-fu"),
            ("工资集体协商（试点）", "gong-zi-ji-ti-xie-shang-shi-dian"),
            ("CON", "con-1"),
            ("nul", "nul-1"),
            ("\u{FFFD}lpt0", "lpt0-1"), // found by fuzzing
            ("COM0", "com0-1"),
            ("../../etc/passwd", "etc-passwd"),
            ("C:\\Windows", "c-windows"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                slugify(input, SlugStrategy::Pinyin),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn unicode_table() {
        let cases = [
            ("一、指导思想", "一-指导思想"),
            ("(一)加强 基层组建", "一-加强-基层组建"),
            ("Plan A", "plan-a"),
            ("2015年工作要点", "2015年工作要点"),
            // Found by fuzzing: devices Windows reserves beyond COM1-9 and LPT1-9.
            ("COM¹", "com¹-1"),
            ("lpt²", "lpt²-1"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                slugify(input, SlugStrategy::Unicode),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn hand_written_slugs_that_leave_the_folder_are_refused() {
        for value in [
            "../../x",
            "/etc/passwd",
            "a/b",
            "..\\x",
            "C:",
            "c:x",
            "..",
            ".",
            "",
            "  ",
            "CON",
            "nul",
            "Com1",
            "lpt³",
            "con.txt",
            "AUX .md",
            "prn.",
        ] {
            assert!(refuse_explicit(value).is_some(), "{value:?} was accepted");
        }
        for value in [
            "2015-gonghui",
            "工会计划",
            "My Plan",
            "console",
            "com10",
            "null",
            ".x",
        ] {
            assert_eq!(refuse_explicit(value), None, "{value:?}");
        }
    }

    #[test]
    fn folding_joins_what_case_insensitive_disks_join() {
        assert_eq!(fold("plan"), fold("PLAN"));
        assert_eq!(fold("straße"), fold("STRASSE"));
        assert_eq!(fold("σ"), fold("ς"));
        assert_ne!(fold("工会"), fold("公会"));
    }

    #[test]
    fn never_empty_and_stable() {
        for strategy in [SlugStrategy::Pinyin, SlugStrategy::Unicode] {
            let a = slugify("！？。", strategy);
            assert!(!a.is_empty());
            assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
            assert_eq!(a, slugify("！？。", strategy));
            assert_ne!(a, slugify("？！。", strategy));
        }
    }

    #[test]
    fn long_names_are_cut_without_trailing_dash() {
        let long = "工会".repeat(100);
        let slug = slugify(&long, SlugStrategy::Pinyin);
        assert!(slug.chars().count() <= MAX_CHARS);
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn unique_ids_count_up() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.make_unique("a".into()), "a");
        assert_eq!(ids.make_unique("a".into()), "a-2");
        assert_eq!(ids.make_unique("a".into()), "a-3");
        assert_eq!(ids.make_unique("a-2".into()), "a-2-2");
    }

    #[test]
    fn unique_ids_avoid_those_taken_before() {
        let mut ids = UniqueIds::with_taken(&["main", "main-2"]);
        assert_eq!(ids.make_unique("main".into()), "main-3");
        assert_eq!(ids.make_unique("toc".into()), "toc");
    }

    #[test]
    fn unique_ids_skip_numbers_taken_by_hand() {
        let mut ids = UniqueIds::default();
        let handed: Vec<String> = ["a", "a-3", "a", "a", "a", "a-2", "a", "a-6"]
            .into_iter()
            .map(|base| ids.make_unique(base.into()))
            .collect();
        let expected = ["a", "a-3", "a-2", "a-4", "a-5", "a-2-2", "a-6", "a-6-2"];
        assert_eq!(handed, expected);
    }
}
