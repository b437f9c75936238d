//! How long a plan's text is as a Chinese reader counts it, and a summary cut from it at a
//! clean place.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{is_han, is_punctuation_or_space};

/// How many letters and digits `text` has: the length a Chinese reader counts (字数).
// Called for every piece of text in a body, from `render` in the module above: inlined there,
// as when the two sat in one file.
#[inline]
pub(super) fn letters_and_digits(text: &str) -> usize {
    let is_counted = |c: char| {
        // Most characters are Han or punctuation: settled without the Unicode tables.
        is_han(c) || (!is_punctuation_or_space(c) && c.is_alphanumeric())
    };
    let bytes = text.as_bytes();
    let (mut count, mut at) = (0, 0);
    while let Some(&lead) = bytes.get(at) {
        // U+5000 to U+9FFF, most of a Chinese text, are the three bytes led by E5 to E9: all
        // Han, counted without being decoded (decoding every character was 3% of a build).
        if (0xE5..=0xE9).contains(&lead) {
            count += 1;
            at += 3;
            continue;
        }
        let c = text[at..].chars().next().expect("`at` is at a character");
        count += usize::from(is_counted(c));
        at += c.len_utf8();
    }
    count
}

/// Cuts text to at most `max` characters for a summary, preferring to end at the end of a
/// sentence, and never inside a character made of several code points.
pub fn summarize(text: &str, max: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // One past `max` tells whether the text is longer; a first paragraph may be pages long.
    // The segmentation rules are needed only where a character may join its neighbours: most
    // summaries have none, and the rules cost a tenth of rendering a body.
    let graphemes: Vec<&str> = if text.chars().take(max + 1).all(stands_alone) {
        (text.char_indices().take(max + 1))
            .map(|(at, c)| &text[at..at + c.len_utf8()])
            .collect()
    } else {
        text.graphemes(true).take(max + 1).collect()
    };
    if graphemes.len() <= max {
        return text;
    }
    let head = &graphemes[..max];
    let sentence_end = head
        .iter()
        .rposition(|g| matches!(*g, "。" | "！" | "？" | "；" | "!" | "?" | ";"));
    match sentence_end {
        Some(end) if end >= max / 2 => head[..=end].concat(),
        _ => {
            let mut cut = head.concat();
            cut.truncate(
                cut.trim_end_matches([',', '，', '、', '：', ':', ' '])
                    .len(),
            );
            cut.push('…');
            cut
        }
    }
}

/// Whether `c` is a character of its own whatever is next to it, when every character next
/// to it is one of these too: printable ASCII, Han, and the punctuation and full-width forms
/// of Chinese text. None of them is a mark, a joiner, a Hangul jamo or a regional indicator,
/// the characters the Unicode segmentation rules join to others.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{00B7}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{3001}'..='\u{3029}'
        | '\u{3030}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF5E}')
        || is_han(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_that_stand_alone_are_graphemes_of_their_own() {
        let alone: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| stands_alone(c))
            .collect();
        for &c in &alone {
            for (before, after) in [('a', '中'), ('，', '~'), ('\u{FF5E}', '\u{3001}')] {
                let text = format!("{before}{c}{after}");
                assert_eq!(text.graphemes(true).count(), 3, "U+{:04X}", c as u32);
            }
        }
        // And the rules would join what is left out.
        for joined in [
            "e\u{301}",
            "\u{1F1E8}\u{1F1F3}",
            "\u{1100}\u{1161}",
            "\u{3006}\u{302A}",
        ] {
            assert!(!joined.chars().all(stands_alone), "{joined:?}");
            assert_eq!(joined.graphemes(true).count(), 1, "{joined:?}");
        }
    }

    #[test]
    fn letters_and_digits_are_counted_for_every_character() {
        let counted = |c: char| is_han(c) || (!is_punctuation_or_space(c) && c.is_alphanumeric());
        let all: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        let expected = all.chars().filter(|&c| counted(c)).count();
        assert_eq!(letters_and_digits(&all), expected);
        assert_eq!(letters_and_digits("2015年，帮扶困难职工 3.5 万元！"), 15);
    }

    #[test]
    fn summaries_end_cleanly() {
        assert_eq!(summarize("短文。", 10), "短文。");
        assert_eq!(
            summarize("第一句话说完了。第二句话还没有说完就被截断", 12),
            "第一句话说完了。"
        );
        assert_eq!(
            summarize("一二三四五六七八九十，一二三", 8),
            "一二三四五六七八…"
        );
        assert_eq!(summarize("一二三四五六七，八九", 8), "一二三四五六七…");
        // A sentence that ends in the first half would make too short a summary: cut instead.
        assert_eq!(
            summarize("好。第二句话很长很长还没有说完就被截断", 10),
            "好。第二句话很长很长…"
        );
        // A letter with its accent, a flag: one character each, never cut apart.
        assert_eq!(summarize("cafe\u{301}cafe\u{301}", 4), "cafe\u{301}…");
        assert_eq!(
            summarize("国旗\u{1F1E8}\u{1F1F3}国旗", 3),
            "国旗\u{1F1E8}\u{1F1F3}…"
        );
    }
}
