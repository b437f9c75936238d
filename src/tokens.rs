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

use crate::text::{is_han, is_punctuation_or_space};

/// The 32-bit FNV-1a hash of a token's UTF-8 bytes: the key under which it is stored.
/// Chosen because it is a few lines in JavaScript too; a rare collision only adds a candidate
/// that the browser's phrase check then drops.
pub fn hash(token: &str) -> u32 {
    fnv1a(FNV_OFFSET, token.as_bytes())
}

pub const FNV_OFFSET: u32 = 0x811c_9dc5;

/// Continues an FNV-1a hash from `state` over `bytes`.
pub fn fnv1a(state: u32, bytes: &[u8]) -> u32 {
    let step = |h: u32, &b: &u8| (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    // Most tokens are two Han characters, six bytes: as an array of that size the loop is
    // unrolled, which takes a quarter off hashing a plan's tokens.
    match <&[u8; 6]>::try_from(bytes) {
        Ok(pair) => pair.iter().fold(state, step),
        Err(_) => bytes.iter().fold(state, step),
    }
}

/// Calls `emit` with the UTF-8 bytes of every token of `text`, in order, repeats included:
/// bytes, which [`hash`] is made of, so that a pair of Han characters is handed over without
/// checking again that it starts and ends at characters (a twentieth of the cost).
pub fn for_each(text: &str, mut emit: impl FnMut(&[u8])) {
    // Han characters are each a word of their own under the Unicode rules, so the text can be
    // cut at them first; the word rules are needed only for the stretches between, which in a
    // Chinese plan are short (punctuation, numbers), and that is most of the speed.
    // Where the Han character before this one starts, when there is one: a pair is then a
    // slice of the text itself, with nothing copied.
    let mut previous: Option<usize> = None;
    let mut other_start = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        // U+5000 to U+9FFF, most of a Chinese text, are the three bytes led by E5 to E9: all
        // Han, settled without decoding the character (decoding was a seventh of the cost).
        let (han, len) = match lead {
            0xE5..=0xE9 => (true, 3),
            _ => {
                let c = text[at..].chars().next().expect("`at` is at a character");
                (is_han(c), c.len_utf8())
            }
        };
        let end = at + len;
        if !han {
            other_start.get_or_insert(at);
            previous = None;
        } else {
            if let Some(start) = other_start.take() {
                words(&text[start..at], &mut emit);
            }
            if let Some(start) = previous {
                emit(&bytes[start..end]);
            }
            previous = Some(at);
        }
        at = end;
    }
    if let Some(start) = other_start {
        words(&text[start..], &mut emit);
    }
}

/// The words of a stretch of text without Han characters.
fn words(text: &str, emit: &mut impl FnMut(&[u8])) {
    if text.chars().all(is_punctuation_or_space) {
        return;
    }
    if text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        emit(text.to_ascii_lowercase().as_bytes());
        return;
    }
    for segment in text.split_word_bounds() {
        if segment.chars().any(char::is_alphanumeric) {
            emit(normalize(segment).as_bytes());
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
        for_each(text, |t| {
            out.push(String::from_utf8(t.to_vec()).expect("tokens are text"))
        });
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
            ("“帮扶”，（一）、", &["帮扶"]),
            ("第一—第二…", &["第一", "第二"]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokens(text), *expected, "tokens of {text:?}");
        }
    }

    /// The same values are pinned in the browser's test of `search.js`'s own hash
    /// (`tests/browser/search_order.rs`); a change here breaks every published index.
    #[test]
    fn hash_is_fnv1a_32() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
        assert_eq!(hash("帮扶"), 0x2b44_cdfb);
        assert_eq!(hash("女职工"), 0x925a_9764);
        assert_ne!(hash("帮扶"), hash("扶帮"));
    }
}
