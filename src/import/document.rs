//! What every reader (.docx, .html, .txt, .md) makes of a file: paragraphs with what they
//! look like, tables already written as Markdown or HTML, images and footnotes. The later
//! steps (headings, front matter) work on this alone, whatever the file was.

/// One imported document.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The title the file declares of itself (Word's title property, HTML's `<title>`).
    pub title_property: Option<String>,
    /// Images in the order they are shown; `Block`s name them by index.
    pub images: Vec<Image>,
    /// Footnotes by their number (`[^1]`), already Markdown.
    pub footnotes: Vec<String>,
    /// What the reader left out that the editor should know of.
    pub notes: Vec<crate::i18n::Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    /// A table, already Markdown (or HTML, where cells are merged).
    Table(String),
}

/// A paragraph: its text as Markdown (bold, italic, image and footnote references) and as
/// plain text, and what it looks like.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Para {
    pub markdown: String,
    pub plain: String,
    /// A heading by the document's own markup: Word's Heading 1 or outline level 0 is 1,
    /// HTML's `<h2>` is 1 (since `<h1>` is the title).
    pub heading: Option<u8>,
    /// Word's Title style, or HTML's `<h1>`.
    pub title_style: bool,
    /// Every character bold.
    pub bold: bool,
    /// In type larger than the body's (16 pt or more).
    pub large: bool,
    pub centered: bool,
    pub list: Option<List>,
}

/// A list item as the document marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Bullet { depth: u8 },
    Numbered { depth: u8 },
}

/// An image found in the document, checked to be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `image1.png`: the name it is saved under beside the plan.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Para {
    /// A plain paragraph of text, as text files and simple pages give them.
    pub fn text(text: &str) -> Para {
        Para {
            markdown: text.to_string(),
            plain: text.to_string(),
            ..Para::default()
        }
    }

    /// How many characters the paragraph has, as an editor counts them.
    pub fn len(&self) -> usize {
        self.plain.trim().chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.plain.trim().is_empty() && !self.markdown.contains("![")
    }
}

impl Document {
    pub fn paras(&self) -> impl Iterator<Item = &Para> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
    }
}

/// The kinds of image the importer saves, by their first bytes; `None` for anything else
/// (an image that is not one is refused, whatever its name says).
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// Whether `c` is a character between which soft line breaks leave no space: Han characters
/// and full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    crate::text::is_han(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2018}'..='\u{201D}' | '…' | '—')
}

/// Joins two pieces of one paragraph that a soft line break separated: no space between
/// Chinese characters, one between words.
pub fn join_soft(left: &mut String, right: &str) {
    let right = right.trim_start();
    let end = left.trim_end().chars().last();
    left.truncate(left.trim_end().len());
    match (end, right.chars().next()) {
        (Some(a), Some(b)) if !(is_cjk(a) || is_cjk(b)) => left.push(' '),
        _ => {}
    }
    left.push_str(right);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_join_without_stray_spaces() {
        for (a, b, want) in [
            ("工会", "工作", "工会工作"),
            ("工会 ", " 工作", "工会工作"),
            ("work", "plan", "work plan"),
            ("工会，", "plan", "工会，plan"),
            ("", "工作", "工作"),
        ] {
            let mut left = a.to_string();
            join_soft(&mut left, b);
            assert_eq!(left, want);
        }
    }

    #[test]
    fn images_by_their_bytes() {
        assert_eq!(image_extension(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(image_extension(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(image_extension(b"GIF89a..."), Some("gif"));
        assert_eq!(image_extension(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(image_extension(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_extension(b"MZ\x90\0"), None);
    }
}
