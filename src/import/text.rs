//! Plain text (`.txt`, in UTF-8, GBK/GB18030 or UTF-16 as `fix-encoding` detects them) and
//! Markdown without front matter: one paragraph a line.

use super::document::{Block, Document, Para};

/// Why a text file cannot be imported.
#[derive(Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// Not UTF-8, GBK/GB18030 or UTF-16.
    Encoding,
    /// A Markdown file that is a plan already.
    HasFrontMatter,
}

/// The text of a file, decoded; with the encoding's name.
pub fn decode(bytes: Vec<u8>) -> Result<(String, &'static str), TextProblem> {
    crate::fix_encoding::decode_text(bytes).ok_or(TextProblem::Encoding)
}

/// A text file: each line that is not blank is a paragraph (the plans are typed, or pasted,
/// a paragraph a line).
pub fn read_text(text: &str) -> Document {
    let blocks = text
        .lines()
        .map(|line| line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|line| !line.is_empty())
        .map(|line| Block::Para(Para::text(line)))
        .collect();
    Document {
        blocks,
        ..Document::default()
    }
}

/// A Markdown file without front matter: its paragraphs as they are (lines of one paragraph
/// joined), its `#` headings kept as headings, the first `#` the title.
pub fn read_markdown(text: &str) -> Result<Document, TextProblem> {
    if text.trim_start_matches('\u{feff}').starts_with("---\n") {
        return Err(TextProblem::HasFrontMatter);
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    let flush = |current: &mut Option<Vec<&str>>, blocks: &mut Vec<Block>| {
        if let Some(lines) = current.take() {
            let text = lines.join("\n");
            let is_table_or_list = lines
                .iter()
                .any(|l| l.starts_with('|') || l.starts_with("- ") || l.starts_with("* "));
            blocks.push(match is_table_or_list {
                true => Block::Table(text),
                false => {
                    let mut joined = String::new();
                    for line in &lines {
                        super::document::join_soft(&mut joined, line);
                    }
                    Block::Para(Para::text(&joined))
                }
            });
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut current, &mut blocks);
        } else if let Some(heading) = markdown_heading(trimmed) {
            flush(&mut current, &mut blocks);
            blocks.push(Block::Para(heading));
        } else {
            current.get_or_insert_with(Vec::new).push(line);
        }
    }
    flush(&mut current, &mut blocks);
    Ok(Document {
        blocks,
        ..Document::default()
    })
}

/// `## 一、总体要求` as a paragraph that is a heading of that level (`#` is the title).
fn markdown_heading(line: &str) -> Option<Para> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let text = line[hashes..].strip_prefix(' ')?.trim();
    if !(1..=6).contains(&hashes) || text.is_empty() {
        return None;
    }
    let mut para = Para::text(text);
    if hashes == 1 {
        para.title_style = true;
    } else {
        para.heading = Some(hashes as u8 - 1);
    }
    Some(para)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_every_encoding() {
        let text = "区总工会2015年工作计划\r\n\r\n一、指导思想\r\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        for (bytes, name) in [
            (text.as_bytes().to_vec(), "UTF-8"),
            (gbk.into_owned(), "GBK/GB18030"),
            (utf16, "UTF-16"),
        ] {
            let (decoded, found) = decode(bytes).unwrap();
            assert_eq!(found, name);
            let doc = read_text(&decoded);
            let lines: Vec<&str> = doc.paras().map(|p| p.plain.as_str()).collect();
            assert_eq!(lines, ["区总工会2015年工作计划", "一、指导思想"]);
        }
        // A byte-order mark, and the white space Word pastes, are trimmed from each line.
        let doc = read_text("\u{feff}区总工会\n\u{3000}\u{3000}正文。\n");
        let lines: Vec<&str> = doc.paras().map(|p| p.plain.as_str()).collect();
        assert_eq!(lines, ["区总工会", "正文。"]);
        assert_eq!(decode(vec![0x81, 0x20, 0xFF]), Err(TextProblem::Encoding));
    }

    #[test]
    fn markdown_keeps_its_headings() {
        let doc = read_markdown("# 标题\n\n## 一、总体\n\n第一行\n第二行\n\nwork\nplan\n").unwrap();
        let paras: Vec<&Para> = doc.paras().collect();
        assert!(paras[0].title_style);
        assert_eq!(paras[1].heading, Some(1));
        assert_eq!(paras[2].plain, "第一行第二行");
        assert_eq!(paras[3].plain, "work plan");
        // Seven marks are no heading, nor are marks with nothing after them.
        let doc = read_markdown("####### 七级\n\n## \n").unwrap();
        assert!(doc.paras().all(|p| p.heading.is_none() && !p.title_style));
        // Tables and lists stay as they were written, line by line.
        for block in ["| 甲 | 乙 |\n| --- | --- |", "- 甲\n- 乙", "* 甲\n* 乙"] {
            let doc = read_markdown(&format!("正文\n\n{block}\n")).unwrap();
            assert!(
                matches!(&doc.blocks[1], Block::Table(t) if t == block),
                "{block}: {:?}",
                doc.blocks
            );
        }
        assert_eq!(
            read_markdown("---\ntitle: x\n---\n"),
            Err(TextProblem::HasFrontMatter)
        );
    }
}
