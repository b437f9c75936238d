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
