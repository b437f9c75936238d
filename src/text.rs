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

/// The name of a character that shows as nothing or as a plain space, for messages: editors
/// paste them from Word and web pages and cannot see them. `None` for any other character.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00A0}' => "不换行空格 no-break space",
        '\u{3000}' => "全角空格 ideographic space",
        '\u{200B}' => "零宽空格 zero-width space",
        '\u{200C}' => "零宽不连字 zero-width non-joiner",
        '\u{200D}' => "零宽连字 zero-width joiner",
        '\u{2060}' => "字连接符 word joiner",
        '\u{FEFF}' => "零宽不换行空格 zero-width no-break space",
        _ => return None,
    })
}

/// `text` with each invisible character spelt out, as `街道总工会<U+200B 零宽空格 zero-width
/// space>`: two values that look the same in a message must not read the same.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| invisible_name(c).is_some()) {
        return text.into();
    }
    let mut shown = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        match invisible_name(c) {
            Some(name) => shown.push_str(&format!("<U+{:04X} {name}>", c as u32)),
            None => shown.push(c),
        }
    }
    shown.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_spelt_out() {
        assert_eq!(visible("街道总工会"), "街道总工会");
        assert_eq!(
            visible("街道总工会\u{200B}"),
            "街道总工会<U+200B 零宽空格 zero-width space>"
        );
        assert_eq!(
            visible("\u{3000}a\u{A0}"),
            "<U+3000 全角空格 ideographic space>a<U+00A0 不换行空格 no-break space>"
        );
        // Ordinary spaces are visible enough.
        assert_eq!(visible("a b"), "a b");
        // Each that Word and web pages bring, the joiners of emoji and Indic scripts too.
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
            assert_ne!(
                visible(&format!("工{c}会")),
                format!("工{c}会"),
                "U+{:04X}",
                c as u32
            );
        }
    }

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
