//! Facts about characters of Chinese text that slugs, summaries and search tokens all rely on.
//!
//! At the bottom of the crate: it imports nothing from it, so any layer can ask.

/// Han ideographs (CJK Unified Ideographs with extensions A to G, and compatibility ideographs).
// Asked for every character of every plan, from other modules than this one: inlined there as
// when it sat beside its callers.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Characters that are never part of a word and common between Chinese words (full-width
/// and general punctuation, ASCII punctuation, spaces): settled without the Unicode tables,
/// whose lookups cost more than all else in counting a plan's characters.
#[inline]
pub fn is_punctuation_or_space(c: char) -> bool {
    c.is_ascii_punctuation()
        || c.is_whitespace()
        || matches!(c,
            '\u{00B7}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_is_the_ideographs_and_nothing_else() {
        for c in ['职', '工', '㐀', '鿿', '豈', '𠀀', '𱍊'] {
            assert!(is_han(c), "{c:?} (U+{:04X})", c as u32);
        }
        for c in [
            'a', '1', '，', '。', 'ー', 'の', '가', '々', '〇', 'Ａ', '\u{4DC0}',
        ] {
            assert!(!is_han(c), "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn punctuation_is_never_alphanumeric() {
        let all = (0..=0x10FFFF).filter_map(char::from_u32);
        for c in all.filter(|&c| is_punctuation_or_space(c)) {
            assert!(
                !c.is_alphanumeric(),
                "{c:?} (U+{:04X}) is a word character",
                c as u32
            );
        }
    }

    #[test]
    fn punctuation_is_never_a_word() {
        let punctuation = "，。、；：？！“”‘’（）《》【】—…·「」『』〔〕 \t\n,.;:!?()[]{}<>\"'-";
        for c in punctuation.chars() {
            assert!(is_punctuation_or_space(c), "{c:?}");
        }
        for c in ['々', '〇', 'ａ', '１', 'a', '1', '职'] {
            assert!(!is_punctuation_or_space(c), "{c:?}");
        }
    }
}
