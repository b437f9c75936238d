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
        Some(xml) => body::footnotes(&xml)?,
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
    use crate::import::document::{Block, List, Para};

    fn docx(document: &str) -> Vec<u8> {
        docx_of(&[("word/document.xml", document.as_bytes())])
    }

    fn docx_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        // Stored, not compressed: the test of the images' limit writes 100 MB.
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in parts {
            zip.start_file(*name, stored).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    /// A document.xml of these paragraphs and tables.
    fn body(content: &str) -> String {
        format!(
            r#"<w:document xmlns:w="w" xmlns:r="r" xmlns:v="v" xmlns:a="a"><w:body>{content}</w:body></w:document>"#
        )
    }

    fn paras(doc: &Document) -> Vec<&Para> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p),
                Block::Table(_) => None,
            })
            .collect()
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

    #[test]
    fn outline_levels_alignment_and_tabs() {
        let xml = body(
            r#"<w:p><w:pPr><w:outlineLvl w:val="1"/><w:jc w:val="center"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t></w:r></w:p>
               <w:p><w:pPr><w:outlineLvl w:val="9"/><w:jc w:val="both"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#,
        );
        let doc = read(&docx(&xml)).unwrap();
        let [heading, text] = paras(&doc)[..] else {
            panic!("two paragraphs")
        };
        // Outline level 1 is the second level; 9 is Word's body text.
        assert_eq!((heading.heading, heading.centered), (Some(2), true));
        assert_eq!((text.heading, text.centered), (None, false));
        // A tab in the text is a space; the tab stops of the paragraph are none.
        assert_eq!(heading.plain, "一 二");
    }

    /// A paragraph is bold when all its text is, spaces and breaks aside, and large when any
    /// of its text is; a line break (a page break too) joins words with a space.
    #[test]
    fn bold_large_and_breaks_of_runs() {
        let xml = body(
            r#"<w:p><w:r><w:rPr><w:b/><w:sz w:val="36"/></w:rPr><w:t>标题</w:t></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:br/></w:r></w:p>
               <w:p><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>正文</w:t></w:r><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>大</w:t></w:r></w:p>
               <w:p><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>Plan</w:t><w:br/><w:t>A</w:t><w:br w:type="page"/><w:t>B</w:t></w:r></w:p>
               <w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">  </w:t></w:r></w:p>"#,
        );
        let doc = read(&docx(&xml)).unwrap();
        let looks: Vec<_> = paras(&doc)
            .iter()
            .map(|p| (p.plain.as_str(), p.bold, p.large))
            .collect();
        assert_eq!(
            looks,
            [
                ("标题", true, true),
                ("正文大", false, true),
                ("Plan A B", false, false),
                ("  ", false, false)
            ]
        );
    }

    /// A tracked change of format keeps the old properties beside the new: only the new
    /// are the plan's.
    #[test]
    fn the_formats_a_tracked_change_replaced_are_left_out() {
        let xml = body(
            r#"<w:p><w:pPr><w:jc w:val="left"/><w:pPrChange w:id="1"><w:pPr><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:pPr><w:r><w:rPr><w:rPrChange w:id="2"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>正文</w:t></w:r></w:p>
               <w:tbl><w:tr><w:tc><w:tcPr><w:tcPrChange w:id="3"><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tcPrChange></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let doc = read(&docx(&xml)).unwrap();
        let para = paras(&doc)[0];
        assert_eq!(
            (para.heading, para.centered, para.bold),
            (None, false, false)
        );
        assert_eq!(doc.blocks[1], Block::Table("| 甲 |\n| --- |".into()));
    }

    #[test]
    fn cells_spanning_columns_and_tables_with_nothing_in_them() {
        let xml = body(
            r#"<w:tbl><w:tblPr/><w:tblGrid/></w:tbl>
               <w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>合</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let doc = read(&docx(&xml)).unwrap();
        let [Block::Table(table)] = &doc.blocks[..] else {
            panic!("one table: {:?}", doc.blocks)
        };
        assert!(table.contains(r#"<td colspan="2">合</td>"#), "{table}");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      </w:numbering>"#;

    /// Lists a paragraph's style makes: by the style's name, or by numbering the style has,
    /// at the level the paragraph names; numId 0 takes a paragraph out of any list.
    #[test]
    fn lists_and_looks_from_styles() {
        let styles = r#"<w:styles xmlns:w="w">
          <w:style w:styleId="H"><w:name w:val="Numbered Heading"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
          <w:style w:styleId="LB"><w:name w:val="List Bullet"/></w:style>
          <w:style w:styleId="LN"><w:name w:val="List Number"/></w:style>
        </w:styles>"#;
        let style = |id: &str, props: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{id}"/>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let xml = body(
            &[
                style("H", "", "工作目标"),
                style("H", r#"<w:numPr><w:ilvl w:val="1"/></w:numPr>"#, "具体任务"),
                style("H", r#"<w:numPr><w:numId w:val="0"/></w:numPr>"#, "说明"),
                style("LB", "", "要点"),
                style("LN", "", "步骤"),
                style("LN", r#"<w:numPr><w:numId w:val="0"/></w:numPr>"#, "结语"),
            ]
            .concat(),
        );
        let bytes = docx_of(&[
            ("word/document.xml", xml.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
            ("word/numbering.xml", NUMBERING.as_bytes()),
        ]);
        let doc = read(&bytes).unwrap();
        let lists: Vec<_> = paras(&doc)
            .iter()
            .map(|p| (p.plain.as_str(), p.list, p.bold, p.large))
            .collect();
        assert_eq!(
            lists,
            [
                ("一、工作目标", None, true, true),
                ("（一）具体任务", None, true, true),
                ("说明", None, true, true),
                ("要点", Some(List::Bullet { depth: 0 }), false, false),
                ("步骤", Some(List::Numbered { depth: 0 }), false, false),
                ("结语", None, false, false),
            ]
        );
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

    /// A document of `content` and these images, each a part of its own (`rId1` the first).
    fn docx_with_images(content: &str, images: &[&[u8]]) -> Vec<u8> {
        let xml = body(content);
        let parts: Vec<String> = (0..images.len())
            .map(|i| format!("word/media/{i}.png"))
            .collect();
        let rels: String = (parts.iter().enumerate())
            .map(|(i, part)| {
                let target = part.strip_prefix("word/").unwrap();
                format!(r#"<Relationship Id="rId{}" Target="{target}"/>"#, i + 1)
            })
            .collect();
        let rels = format!(r#"<Relationships xmlns="r">{rels}</Relationships>"#);
        let mut zip = vec![
            ("word/document.xml", xml.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
        ];
        zip.extend(parts.iter().map(String::as_str).zip(images.iter().copied()));
        docx_of(&zip)
    }

    /// Images of new Word (DrawingML's `blip`) and of old (VML's `imagedata`).
    #[test]
    fn images_of_new_and_old_word() {
        let bytes = docx_with_images(
            r#"<w:p><w:r><w:drawing><a:blip r:embed="rId1"/></w:drawing></w:r><w:r><w:pict><v:shape><v:imagedata r:id="rId2"/></v:shape></w:pict></w:r></w:p>"#,
            &[PNG, PNG],
        );
        let doc = read(&bytes).unwrap();
        assert_eq!(paras(&doc)[0].markdown, "![](image1.png)![](image2.png)");
        assert_eq!(doc.images.len(), 2);
    }

    /// 100 MB of images in all are read, and not a byte more.
    #[test]
    fn images_are_read_up_to_their_limit_in_all() {
        // One image a paragraph.
        let showing = |images: &[&[u8]]| {
            let content: String = (1..=images.len())
                .map(|i| format!(r#"<w:p><w:r><a:blip r:embed="rId{i}"/></w:r></w:p>"#))
                .collect();
            read(&docx_with_images(&content, images)).map(|doc| doc.images.len())
        };
        let quarter: &[u8] = &[PNG, &vec![0; (25 << 20) - PNG.len()]].concat();
        assert_eq!(showing(&[quarter; 4]), Ok(4));
        assert_eq!(
            showing(&[quarter, quarter, quarter, quarter, PNG]),
            Err(Refusal::PartTooLarge {
                part: "word/media/4.png".into(),
                limit_mb: 100
            })
        );
    }

    #[test]
    fn paragraphs_are_read_up_to_their_limit() {
        let paragraphs = |n: usize| body(&"<w:p/>".repeat(n));
        let doc = read(&docx(&paragraphs(MAX_PARAGRAPHS))).unwrap();
        assert_eq!(doc.blocks.len(), MAX_PARAGRAPHS);
        assert_eq!(
            read(&docx(&paragraphs(MAX_PARAGRAPHS + 1))).map(|_| ()),
            Err(Refusal::TooLong {
                limit: MAX_PARAGRAPHS
            })
        );
    }

    /// A footnote of two paragraphs is one line; text moved away from it is left out.
    #[test]
    fn footnotes_of_paragraphs_with_moved_text() {
        let notes = r#"<w:footnotes xmlns:w="w">
          <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
          <w:footnote w:id="1"><w:p><w:r><w:t>第一段</w:t></w:r><w:moveFrom><w:r><w:t>移</w:t><w:t>走</w:t></w:r></w:moveFrom></w:p>
          <w:p><w:r><w:t>second</w:t></w:r></w:p></w:footnote>
        </w:footnotes>"#;
        let xml = body(
            r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
        );
        let bytes = docx_of(&[
            ("word/document.xml", xml.as_bytes()),
            ("word/footnotes.xml", notes.as_bytes()),
        ]);
        let doc = read(&bytes).unwrap();
        assert_eq!(paras(&doc)[0].markdown, "正文[^1]");
        assert_eq!(doc.footnotes, ["第一段 second"]);
    }
}
