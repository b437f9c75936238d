//! How text becomes search tokens. The browser splits queries with the same rules
//! (`themes/default/static/search.js`), so both sides must change together.
//!
//! Chinese is written without spaces, and a dictionary would be large and still miss the
//! names of units and campaigns. So, as search engines do for CJK text, every run of Han
//! characters is indexed as its overlapping character pairs: 困难职工 gives 困难, 难职, 职工,
//! and any word of two or more characters is found by looking up its pairs; the browser then
//! checks the whole phrase in the page. Other words (Latin letters, numbers) are indexed whole,
//! split at word boundaries by the Unicode rules and lower-cased.

use unicode_segmentation::UnicodeSegmentation;

/// The 32-bit FNV-1a hash of a token's UTF-8 bytes: the key under which it is stored.
/// Chosen because it is a few lines in JavaScript too; a rare collision only adds a candidate
/// that the browser's phrase check then drops.
pub fn hash(token: &str) -> u32 {
    fnv1a(FNV_OFFSET, token.as_bytes())
}

pub const FNV_OFFSET: u32 = 0x811c_9dc5;

/// Continues an FNV-1a hash from `state` over `bytes`.
pub fn fnv1a(state: u32, bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(state, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Han ideographs (CJK Unified Ideographs with extensions A to G, and compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Calls `emit` with every token of `text`, in order, repeats included.
pub fn for_each(text: &str, mut emit: impl FnMut(&str)) {
    let mut pair = String::with_capacity(8);
    let mut previous: Option<char> = None;
    for segment in text.split_word_bounds() {
        if segment.chars().all(is_han) {
            for c in segment.chars() {
                if let Some(p) = previous {
                    pair.clear();
                    pair.push(p);
                    pair.push(c);
                    emit(&pair);
                }
                previous = Some(c);
            }
            continue;
        }
        previous = None;
        if segment.chars().any(char::is_alphanumeric) {
            emit(&normalize(segment));
        }
    }
}

/// Lower case, with full-width Latin letters and digits (as typed with a Chinese input method)
/// made half-width.
fn normalize(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn splits_text_into_tokens() {
        let cases: &[(&str, &[&str])] = &[
            ("帮扶", &["帮扶"]),
            ("困难职工", &["困难", "难职", "职工"]),
            ("女", &[]),
            ("2014年工作计划", &["2014", "年工", "工作", "作计", "计划"]),
            ("街道 2014", &["街道", "2014"]),
            ("职工，帮扶", &["职工", "帮扶"]),
            ("Word文档", &["word", "文档"]),
            ("ＡＢＣ１２３", &["abc123"]),
            ("3.5万元", &["3.5", "万元"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokens(text), *expected, "tokens of {text:?}");
        }
    }

    /// The same values are pinned in the browser's tests of `search.js`; a change here breaks
    /// every published index.
    #[test]
    fn hash_is_fnv1a_32() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
        assert_eq!(hash("帮扶"), hash("帮扶"));
        assert_ne!(hash("帮扶"), hash("扶帮"));
    }
}
