//! Chinese official-document numbering made Markdown headings: `一、` → `##`, `（一）` → `###`,
//! `1.` → `####`, `（1）` → `#####`, but only where the numbered line is a heading and not a
//! numbered sentence of the body. The document's own heading styles come first.

use super::document::{Block, Document, List, Para};

/// The heading level (2 to 5) a line's numbering gives it, if it starts with one.
pub fn numbering_level(text: &str) -> Option<u8> {
    let text = text.trim_start();
    let mut chars = text.chars().peekable();
    let first = *chars.peek()?;
    let is_chinese_digit = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if first == '（' || first == '(' {
        chars.next();
        let inner: String = chars
            .clone()
            .take_while(|&c| c != '）' && c != ')')
            .collect();
        let closed = chars.clone().nth(inner.chars().count()).is_some();
        if !closed || inner.is_empty() || inner.chars().count() > 3 {
            return None;
        }
        if inner.chars().all(is_chinese_digit) {
            return Some(3);
        }
        if inner.chars().all(is_digit) {
            return Some(5);
        }
        return None;
    }
    let lead: String = chars.clone().take_while(|&c| is_chinese_digit(c)).collect();
    if !lead.is_empty() {
        let after = text[lead.len()..].chars().next();
        return (lead.chars().count() <= 3 && matches!(after, Some('、' | '．' | '.')))
            .then_some(2);
    }
    let lead: String = chars.take_while(|&c| is_digit(c)).collect();
    if !lead.is_empty() && lead.chars().count() <= 2 {
        let mut rest = text[lead.len()..].chars();
        let after = rest.next();
        let next = rest.next();
        // `1.5万元` is a number, not numbering.
        let decimal = matches!(after, Some('.' | '．')) && next.is_some_and(is_digit);
        if matches!(after, Some('.' | '、' | '．')) && !decimal {
            return Some(4);
        }
    }
    None
}

/// Up to this many characters a numbered line is short enough to be a heading by itself.
const SHORT: usize = 30;
/// Up to this many, a numbered line followed by body text (not by another numbered line of its
/// kind) is a heading too: `一、加强领导，提高认识，理清思路，完善措施。` over its paragraphs.
const MEDIUM: usize = 50;

/// The Markdown level (2 to 6) of each paragraph that is a heading, by index into `paras`.
pub fn heading_levels(paras: &[&Para]) -> Vec<Option<u8>> {
    let numbered: Vec<Option<u8>> = paras
        .iter()
        .map(|p| match p.heading {
            Some(_) => None,
            None => numbering_level(&p.plain),
        })
        .collect();
    // The neighbours that are not empty paragraphs.
    let next = |i: usize| (i + 1..paras.len()).find(|&j| !paras[j].is_empty());
    let previous = |i: usize| (0..i).rev().find(|&j| !paras[j].is_empty());
    (0..paras.len())
        .map(|i| {
            let para = paras[i];
            if let Some(level) = para.heading {
                return Some((level + 1).min(6));
            }
            let level = numbered[i]?;
            let sibling = |j: Option<usize>| j.is_some_and(|j| numbered[j] == Some(level));
            // Numbered lines one after another, with no text between them, are the items of a
            // list (`1.严格执行…` `2.加强核算…`), not headings, unless they are set in bold.
            if !para.bold && (sibling(next(i)) || sibling(previous(i))) {
                return None;
            }
            let next_is_body = next(i).is_some_and(|j| {
                paras[j].heading.is_none() && numbered[j].is_none_or(|l| l > level)
            });
            let len = para.len();
            let heading = para.bold || len <= SHORT || (len <= MEDIUM && next_is_body);
            heading.then_some(level)
        })
        .collect()
}

/// The body of the plan in Markdown, leaving out the paragraph at `skip` (the title); and the
/// headings' levels, in order, for the summary and for comparisons.
pub fn to_markdown(doc: &Document, skip: Option<usize>) -> (String, Vec<u8>) {
    let paras: Vec<&Para> = doc.paras().collect();
    let levels = heading_levels(&paras);
    let mut out = String::new();
    let mut headings = Vec::new();
    let mut index = 0;
    let mut last_was_list = false;
    for block in &doc.blocks {
        let piece = match block {
            Block::Table(table) => {
                last_was_list = false;
                table.trim_end().to_string()
            }
            Block::Para(para) => {
                let this = index;
                index += 1;
                if Some(this) == skip || para.is_empty() {
                    continue;
                }
                let text = para.markdown.trim();
                if let Some(level) = levels[this] {
                    headings.push(level);
                    last_was_list = false;
                    let text = strip_emphasis(text);
                    format!("{} {}", "#".repeat(level as usize), text)
                } else if let Some(list) = para.list {
                    let (depth, marker) = match list {
                        List::Bullet { depth } => (depth, "-"),
                        List::Numbered { depth } => (depth, "1."),
                    };
                    let item = format!("{}{marker} {text}", "   ".repeat(depth as usize));
                    // Items of one list stay together, without a blank line between them.
                    if last_was_list {
                        out.truncate(out.trim_end().len());
                        out.push('\n');
                    }
                    last_was_list = true;
                    item
                } else {
                    last_was_list = false;
                    escape_line_start(text)
                }
            }
        };
        out.push_str(&piece);
        out.push_str("\n\n");
    }
    for (n, note) in doc.footnotes.iter().enumerate() {
        out.push_str(&format!("[^{}]: {}\n", n + 1, note.trim()));
    }
    (out.trim_end().to_string() + "\n", headings)
}

/// A heading is bold already: `## **一、总体要求**` says it twice.
fn strip_emphasis(text: &str) -> String {
    let inner = text.strip_prefix("**").and_then(|t| t.strip_suffix("**"));
    match inner {
        Some(inner) if !inner.contains("**") => inner.trim().to_string(),
        _ => text.to_string(),
    }
}

/// A body paragraph that starts with what Markdown reads as markup of its own (a heading, a
/// quote, a list item, a rule, a code fence) is escaped, so that it stays the paragraph it
/// was: a backslash before ASCII punctuation stands for the character itself.
fn escape_line_start(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next();
    let spaced = chars.next().is_none_or(char::is_whitespace);
    let starts_markup = match first {
        Some('#' | '>' | '=') => true,
        Some('-' | '+' | '*') if spaced => true,
        // `---`, `* * *`, `___`: a rule, which would take the text's place.
        Some(c @ ('-' | '*' | '_')) => {
            text.chars().all(|t| t == c || t == ' ') && text.matches(c).count() >= 3
        }
        Some(c @ ('`' | '~')) => text.starts_with(&c.to_string().repeat(3)),
        _ => false,
    };
    if starts_markup {
        return format!("\\{text}");
    }
    // `1. ` and `2) ` start an ordered list: its marker is escaped after the digits.
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut after = text[digits..].chars();
    let marker = matches!(after.next(), Some('.' | ')'));
    if (1..=9).contains(&digits) && marker && after.next().is_none_or(char::is_whitespace) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_levels() {
        for (line, level) in [
            ("一、指导思想", Some(2)),
            ("十二、其他", Some(2)),
            ("（一）收合格", Some(3)),
            ("(二)举办科技下乡活动。", Some(3)),
            ("1.个人年度计划", Some(4)),
            ("1、加强工会自身建设。", Some(4)),
            ("１．组织", Some(4)),
            ("12. 第十二项", Some(4)),
            ("（1）小项", Some(5)),
            ("(3)小项", Some(5)),
            ("1.5万元用于", None),
            ("2014年工作", None),
            ("一是动员部署阶段", None),
            ("（注：见附件）", None),
            ("（一", None),
            ("（）空的括号", None),
            ("（二十一）第二十一项", Some(3)),
            ("（2014）年", None),
            ("123、第一百二十三项", None),
            ("一方面", None),
            ("工会工作", None),
            ("", None),
        ] {
            assert_eq!(numbering_level(line), level, "{line}");
        }
    }

    fn para(text: &str) -> Para {
        Para::text(text)
    }

    #[test]
    fn only_numbered_lines_that_are_headings() {
        let long = "1、开展各类活动提升职工技能素质。结合区、街道“节能降耗达标、自主创新提升、产业结构优化”的经济工作要求，组织广大职工开展劳动竞赛活动。";
        let bold = Para {
            bold: true,
            ..para("（一）加强基层工会组织建设，推动建会入会，扩大工会组织的覆盖面和影响力")
        };
        let styled = Para {
            heading: Some(1),
            ..para("总体要求")
        };
        let paras = [
            para("一、指导思想"),
            para("正文。"),
            para(long),
            para(long),
            bold,
            para("二、加强领导，提高认识，理清思路，完善措施，努力推动各项工作。"),
            para("正文。"),
            styled,
        ];
        let refs: Vec<&Para> = paras.iter().collect();
        assert_eq!(
            heading_levels(&refs),
            vec![Some(2), None, None, None, Some(3), Some(2), None, Some(2)]
        );
    }

    /// A numbered line too long to be a heading by itself, with no body text below it (the
    /// next section, or a heading of the document's own style), is a sentence; above a line
    /// numbered one level deeper, it is a heading.
    #[test]
    fn a_long_numbered_line_with_no_text_below_is_no_heading() {
        let long = "（一）加强基层工会组织建设，推动建会入会，扩大工会组织的覆盖面和影响力。";
        let styled = Para {
            heading: Some(1),
            ..para("宣传教育")
        };
        let paras = [
            para("一、组织建设"),
            para(long),
            para("二、宣传教育"),
            para(long),
            styled,
            para(long),
            para("正文。"),
            para("三、加强领导，提高认识，理清思路，完善措施，努力推动各项工作。"),
            para("（一）健全制度"),
            para("正文。"),
        ];
        let refs: Vec<&Para> = paras.iter().collect();
        assert_eq!(
            heading_levels(&refs),
            vec![
                Some(2),
                None,
                Some(2),
                None,
                Some(2),
                Some(3),
                None,
                Some(2),
                Some(3),
                None
            ]
        );
    }

    #[test]
    fn numbered_lines_one_after_another_are_a_list() {
        let paras = [
            para("一、财务工作"),
            para("1.严格执行货币资金管理制度。"),
            para("2.加强经济核算。"),
            para("3.合理编制预算。"),
            para("二、其他"),
            para("正文。"),
        ];
        let refs: Vec<&Para> = paras.iter().collect();
        assert_eq!(
            heading_levels(&refs),
            vec![Some(2), None, None, None, Some(2), None]
        );
    }

    #[test]
    fn a_bold_heading_loses_its_marks_only_when_they_hold_all_of_it() {
        for (text, heading) in [
            ("**一、总体要求**", "一、总体要求"),
            ("** 一、总体要求 **", "一、总体要求"),
            ("**一、**总体**要求**", "**一、**总体**要求**"),
            ("一、**总体**要求", "一、**总体**要求"),
        ] {
            assert_eq!(strip_emphasis(text), heading, "{text}");
        }
    }

    /// A body paragraph is read back by a Markdown reader as the same text in one paragraph.
    #[test]
    fn a_body_line_that_looks_like_markup_stays_a_paragraph() {
        for line in [
            "# 不是标题",
            "> 不是引文",
            "- 不是列表",
            "+ 不是列表",
            "* 不是列表",
            "===",
            "---",
            "***",
            "___",
            "```",
            "~~~",
            "1. 不是列表",
            "2) 不是列表",
            "3.",
            "1.5万元用于",
            "2015年",
            "-5℃",
            "--",
            "| 不是 | 表格 |",
            "普通的一段。",
        ] {
            let mut html = String::new();
            let escaped = escape_line_start(line);
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&escaped));
            let text = line.replace('>', "&gt;");
            assert_eq!(html, format!("<p>{text}</p>\n"), "{line}");
        }
        // Lines Markdown reads as text are left as they are, for the editor who edits them.
        for line in [
            "普通的一段。",
            "1.5万元用于",
            "2015年",
            "-5℃",
            "--",
            "1.严格执行",
        ] {
            assert_eq!(escape_line_start(line), line);
        }
    }

    #[test]
    fn markdown_with_lists_tables_and_footnotes() {
        let doc = Document {
            blocks: vec![
                Block::Para(para("标题")),
                Block::Para(Para {
                    markdown: "**一、总体要求**".into(),
                    ..para("一、总体要求")
                }),
                Block::Para(Para {
                    list: Some(List::Bullet { depth: 0 }),
                    ..para("甲")
                }),
                Block::Para(Para {
                    list: Some(List::Bullet { depth: 1 }),
                    ..para("乙")
                }),
                Block::Table("| a |\n| --- |\n| b |".into()),
                Block::Para(para("# 不是标题[^1]")),
            ],
            footnotes: vec!["注释".into()],
            ..Document::default()
        };
        let (md, headings) = to_markdown(&doc, Some(0));
        assert_eq!(
            md,
            "## 一、总体要求\n\n- 甲\n   - 乙\n\n| a |\n| --- |\n| b |\n\n\\# 不是标题[^1]\n\n[^1]: 注释\n"
        );
        assert_eq!(headings, vec![2]);
    }
}
