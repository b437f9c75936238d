//! .docx files, read with `zip` and `quick-xml`: the body's paragraphs with their styles,
//! tables, images and footnotes. Page headers and footers (their own parts), comments and
//! tracked deletions are never read into the plan.

mod archive;
mod body;
mod numbering;
mod parts;
mod xml;

use super::document::Document;
use super::messages::Refusal;
use archive::{Archive, PART_LIMIT};

/// No plan has more paragraphs than this; a document with more (a 10,000-page one) is refused
/// as soon as it is seen to, so time and memory stay bounded.
pub const MAX_PARAGRAPHS: usize = 50_000;

pub fn read(bytes: &[u8]) -> Result<Document, Refusal> {
    let mut zip = Archive::open(bytes)?;
    let document = zip
        .text("word/document.xml", PART_LIMIT)?
        .ok_or(Refusal::NotWord)?;
    let styles = match zip.text("word/styles.xml", PART_LIMIT)? {
        Some(xml) => parts::styles(&xml)?,
        None => Default::default(),
    };
    let numbering = match zip.text("word/numbering.xml", PART_LIMIT)? {
        Some(xml) => numbering::read(&xml)?,
        None => Default::default(),
    };
    let rels = match zip.text("word/_rels/document.xml.rels", PART_LIMIT)? {
        Some(xml) => parts::relationships(&xml)?,
        None => Default::default(),
    };
    let title = match zip.text("docProps/core.xml", PART_LIMIT)? {
        Some(xml) => parts::title(&xml)?,
        None => None,
    };
    let footnotes = match zip.text("word/footnotes.xml", PART_LIMIT)? {
        Some(xml) => body::footnotes(&xml, &styles)?,
        None => Default::default(),
    };
    let context = body::Context {
        styles: &styles,
        numbering: std::cell::RefCell::new(numbering),
        rels: &rels,
        footnotes: &footnotes,
    };
    let mut doc = body::read(&document, &context, &mut zip)?;
    doc.title_property = title;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::import::document::Block;

    fn docx(document: &str) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    fn texts(doc: &Document) -> Vec<&str> {
        doc.blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.plain.as_str(),
                Block::Table(t) => t.as_str(),
            })
            .collect()
    }

    #[test]
    fn a_text_box_is_read_once_and_keeps_the_paragraph_around_it() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body><w:p><w:r><w:t>前文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框中</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框中</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>后文</w:t></w:r></w:p></w:body></w:document>"#;
        let doc = read(&docx(xml)).unwrap();
        assert_eq!(texts(&doc), ["框中", "前文后文"]);
    }

    #[test]
    fn deletions_field_codes_and_page_breaks() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>留下</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:br w:type="page"/><w:t>的</w:t></w:r><w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p></w:body></w:document>"#;
        let doc = read(&docx(xml)).unwrap();
        assert_eq!(texts(&doc), ["留下的插入"]);
    }

    /// Text outside a run's `<w:t>` (a drawing's position and size, an image's description,
    /// the layout of the XML) is not the plan's.
    #[test]
    fn only_the_text_of_runs_is_read() {
        let xml = r#"<w:document xmlns:w="w" xmlns:wp="wp">
  <w:body>
    <w:p>
      <w:r><w:t>做好</w:t></w:r>
      <w:r><w:drawing><wp:anchor><wp:positionH><wp:posOffset>1905</wp:posOffset></wp:positionH><wp:align>center</wp:align></wp:anchor></w:drawing></w:r>
      <w:r><w:t>工作。</w:t></w:r>
    </w:p>
  </w:body>
</w:document>"#;
        let doc = read(&docx(xml)).unwrap();
        assert_eq!(texts(&doc), ["做好工作。"]);
    }
}
