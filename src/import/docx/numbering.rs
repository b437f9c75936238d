//! Word's automatic numbering (`word/numbering.xml`): which lists are bulleted, and the labels
//! Word draws before numbered paragraphs (`一、`, `（一）`, `1.`), which are not in the text but
//! say, as typed numbers would, what level of heading a paragraph is.

use std::collections::HashMap;

use super::xml::{self, Item, attr, local};
use crate::import::messages::Refusal;

/// One level of a list: its number format (`decimal`, `chineseCounting`, `bullet` …), its label
/// with `%1` … `%9` for the levels' numbers, and where it starts (as 1 when it says none, or 0).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Level {
    pub format: String,
    pub text: String,
    pub start: u32,
}

#[derive(Debug, Default)]
pub struct Numbering {
    /// For each list (`numId`), its levels by `ilvl`.
    lists: HashMap<String, HashMap<u8, Level>>,
    /// The numbers drawn so far, by list and level.
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    pub fn is_bullet(&self, num_id: &str, level: u8) -> bool {
        self.level(num_id, level)
            .is_some_and(|l| l.format == "bullet")
    }

    fn level(&self, num_id: &str, level: u8) -> Option<&Level> {
        self.lists.get(num_id)?.get(&level)
    }

    /// The label Word draws before the next paragraph of this list and level, counting it;
    /// `None` for bullets and lists without a label.
    pub fn next_label(&mut self, num_id: &str, level: u8) -> Option<String> {
        let list = self.lists.get(num_id)?;
        let this = list.get(&level)?;
        if this.format == "bullet" || this.format == "none" {
            return None;
        }
        let counters = self.counters.entry(num_id.to_string()).or_insert([0; 9]);
        let at = usize::from(level.min(8));
        counters[at] = match counters[at] {
            0 => this.start.max(1),
            n => n + 1,
        };
        counters[at + 1..].fill(0);
        let mut label = this.text.clone();
        for n in (1..=at + 1).rev() {
            let lvl = list.get(&((n - 1) as u8));
            let value = counters[n - 1].max(lvl.map_or(1, |l| l.start.max(1)));
            let format = lvl.map_or("decimal", |l| l.format.as_str());
            label = label.replace(&format!("%{n}"), &number(value, format));
        }
        (!label.trim().is_empty()).then_some(label)
    }
}

/// A number in one of Word's formats.
fn number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "chineseLegalSimplified" => chinese(n),
        "lowerLetter" => letter(n, b'a'),
        "upperLetter" => letter(n, b'A'),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一 (up to 99; beyond, the digits).
fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

fn letter(n: u32, base: u8) -> String {
    let n = n.saturating_sub(1) % 26;
    char::from(base + n as u8).to_string()
}

pub fn read(text: &str) -> Result<Numbering, Refusal> {
    let mut abstracts: HashMap<String, HashMap<u8, Level>> = HashMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let (mut abstract_id, mut level, mut num_id) = (None::<String>, None::<u8>, None::<String>);
    xml::walk("word/numbering.xml", text, |item| {
        if let Item::Open { e, .. } = item {
            match local(&e).as_slice() {
                b"abstractNum" => abstract_id = attr(&e, b"abstractNumId"),
                b"lvl" => {
                    // Word's levels are 0 to 8; a paragraph asks for no other.
                    level = attr(&e, b"ilvl").and_then(|l| l.parse().ok());
                    if let (Some(id), Some(l)) = (abstract_id.clone(), level) {
                        abstracts.entry(id).or_default().insert(l, Level::default());
                    }
                }
                name @ (b"numFmt" | b"lvlText" | b"start") => {
                    if let (Some(id), Some(l)) = (abstract_id.clone(), level)
                        && let Some(lvl) = abstracts.get_mut(&id).and_then(|a| a.get_mut(&l))
                        && let Some(value) = attr(&e, b"val")
                    {
                        match name {
                            b"numFmt" => lvl.format = value,
                            b"lvlText" => lvl.text = value,
                            _ => lvl.start = value.parse().unwrap_or(1),
                        }
                    }
                }
                b"num" => {
                    num_id = attr(&e, b"numId");
                    abstract_id = None;
                }
                b"abstractNumId" => {
                    if let (Some(num), Some(abs)) = (num_id.take(), attr(&e, b"val")) {
                        nums.push((num, abs));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    let lists = nums
        .into_iter()
        .filter_map(|(num, abs)| Some((num, abstracts.get(&abs)?.clone())))
        .collect();
    Ok(Numbering {
        lists,
        counters: HashMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      </w:numbering>"#;

    #[test]
    fn labels_as_word_draws_them() {
        let mut n = read(XML).unwrap();
        let mut next = |level| n.next_label("1", level);
        assert_eq!(next(0).as_deref(), Some("一、"));
        assert_eq!(next(1).as_deref(), Some("（一）"));
        assert_eq!(next(2).as_deref(), Some("1."));
        assert_eq!(next(2).as_deref(), Some("2."));
        assert_eq!(next(1).as_deref(), Some("（二）"));
        assert_eq!(next(2).as_deref(), Some("1."));
        assert_eq!(next(0).as_deref(), Some("二、"));
        assert_eq!(next(1).as_deref(), Some("（一）"));
        assert_eq!(n.next_label("2", 0), None);
        assert!(n.is_bullet("2", 0));
        assert!(!n.is_bullet("1", 0));
        assert_eq!(n.next_label("9", 0), None);
    }

    #[test]
    fn numbers_in_words_formats() {
        for (n, format, want) in [
            (1, "chineseCounting", "一"),
            (10, "chineseCounting", "十"),
            (12, "chineseCountingThousand", "十二"),
            (21, "ideographTraditional", "二十一"),
            (3, "decimal", "3"),
            (3, "decimalFullWidth", "３"),
            (2, "lowerLetter", "b"),
            (28, "upperLetter", "B"),
        ] {
            assert_eq!(number(n, format), want);
        }
    }
}
