//! Text in runs of formats (bold, italic) made Markdown, with soft line breaks joined: what
//! Word's runs and a page's `<b>` and `<i>` become alike.

use super::document;

/// Stands for a soft line break until the paragraph is finished.
pub const BREAK: char = '\u{2028}';

/// A piece of a paragraph: its text, bold, italic. Text starting with `\0` is Markdown that is
/// not text (an image, a footnote reference), written as it is.
pub type Piece = (String, bool, bool);

/// The runs as Markdown (bold as `**…**`, italic as `*…*`, soft breaks joined) and as text.
pub fn inline(pieces: &[(String, bool, bool)]) -> (String, String) {
    // Runs of one format are joined first, so that `**工会****工作**` is `**工会工作**`.
    let mut merged: Vec<(String, bool, bool)> = Vec::new();
    for (text, bold, italic) in pieces {
        match merged.last_mut() {
            Some(last)
                if last.1 == *bold
                    && last.2 == *italic
                    && !text.starts_with('\u{0}')
                    && !last.0.starts_with('\u{0}') =>
            {
                last.0.push_str(text)
            }
            _ => merged.push((text.clone(), *bold, *italic)),
        }
    }
    let mut markdown = String::new();
    let mut plain = String::new();
    for (text, bold, italic) in &merged {
        if let Some(markup) = text.strip_prefix('\u{0}') {
            markdown.push_str(markup);
            continue;
        }
        plain.push_str(text);
        let escaped = escape(text);
        let core = escaped.trim();
        let marker = match (bold, italic) {
            _ if core.is_empty() || core == BREAK.to_string() => "",
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        if marker.is_empty() {
            markdown.push_str(&escaped);
        } else {
            let lead = &escaped[..escaped.len() - escaped.trim_start().len()];
            let trail = &escaped[escaped.trim_end().len()..];
            markdown.push_str(&format!("{lead}{marker}{core}{marker}{trail}"));
        }
    }
    (join_breaks(&markdown), join_breaks(&plain))
}

/// Soft line breaks joined: no space between Chinese characters.
fn join_breaks(text: &str) -> String {
    let mut out = String::new();
    for (i, piece) in text.split(BREAK).enumerate() {
        match i {
            0 => out.push_str(piece),
            _ => document::join_soft(&mut out, piece),
        }
    }
    out
}

/// Characters Markdown would read as markup, escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_become_markdown() {
        let p = |t: &str, b, i| (t.to_string(), b, i);
        let (md, plain) = inline(&[
            p("一、", true, false),
            p("总体要求", true, false),
            p(" 正文*", false, false),
            p("斜", false, true),
        ]);
        assert_eq!(md, "**一、总体要求** 正文\\**斜*");
        assert_eq!(plain, "一、总体要求 正文*斜");
        let (md, _) = inline(&[
            p("工会", false, false),
            p("\u{2028}", false, false),
            p("工作 plan", false, false),
            p("\u{2028}", false, false),
            p("next", false, false),
        ]);
        assert_eq!(md, "工会工作 plan next");
        // A bold space, or a bold line break, gets no marks around nothing.
        let (md, _) = inline(&[
            p("工会", false, false),
            p(" ", true, false),
            p("工作", false, false),
            p("\u{2028}", true, true),
            p("计划", false, false),
        ]);
        assert_eq!(md, "工会 工作计划");
    }
}
