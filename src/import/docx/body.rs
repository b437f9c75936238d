//! The body (`word/document.xml`) walked once: paragraphs with their style, runs with bold and
//! italic, soft breaks joined, tables (merged cells kept), images, footnote references.
//! Tracked deletions, the formats tracked changes replaced, comments and field codes (page
//! numbers) are left out.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::MAX_PARAGRAPHS;
use super::archive::{Archive, IMAGES_LIMIT, PART_LIMIT};
use super::numbering::Numbering;
use super::parts::{StyleList, Styles, is_large};
use super::xml::{self, Item, attr, local, on};
use crate::import::document::{self, Block, Document, Image, List, Para};
use crate::import::inline::{BREAK, escape, inline};
use crate::import::messages::Refusal;
use crate::import::table::{self, Cell};

pub struct Context<'a> {
    pub styles: &'a Styles,
    /// Counts the numbers of automatic numbering as paragraphs are read.
    pub numbering: std::cell::RefCell<Numbering>,
    pub rels: &'a HashMap<String, String>,
    /// Footnotes by their id in the document.
    pub footnotes: &'a HashMap<String, String>,
}

/// A run of text in one format.
#[derive(Default, Clone, Copy)]
struct Run {
    bold: bool,
    italic: bool,
    large: bool,
}

/// The paragraph being read.
#[derive(Default)]
struct ParaBuilder {
    pieces: Vec<(String, bool, bool)>,
    /// Markdown that is not text (images, footnote references), after the piece at its index.
    style: Option<String>,
    outline: Option<u8>,
    list: Option<(String, u8)>,
    centered: bool,
    all_bold: bool,
    any_text: bool,
    large: bool,
}

/// A table being read: its rows, and for vertical merges the cell each column continues.
#[derive(Default)]
struct TableBuilder {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    /// (grid column, text, span, vertical merge: Some(true) restart, Some(false) continue).
    cell: Option<(String, usize, Option<bool>)>,
    /// For each grid column, the cell (row, index) that last started there: where a vertical
    /// merge continues, found at once however long the table.
    last_at: HashMap<usize, (usize, usize)>,
    column: usize,
}

struct Walker<'c, 'z, 'b> {
    context: &'c Context<'c>,
    zip: &'z mut Archive<'b>,
    doc: Document,
    /// The paragraphs being read: more than one inside a text box, whose paragraphs stand
    /// inside a run of the paragraph around it.
    paras: Vec<ParaBuilder>,
    /// The run being read, or the last one: text stands only in runs, each of which starts
    /// afresh.
    run: Run,
    in_rpr: bool,
    in_ppr: bool,
    /// Inside these, nothing is read: deletions, field instructions, comments' marks.
    skip_depth: usize,
    in_text: bool,
    tables: Vec<TableBuilder>,
    paragraphs: usize,
    image_bytes: u64,
    images_by_target: HashMap<String, String>,
    footnote_numbers: HashMap<String, usize>,
}

pub fn read(xml: &str, context: &Context, zip: &mut Archive) -> Result<Document, Refusal> {
    let mut walker = Walker {
        context,
        zip,
        doc: Document::default(),
        paras: Vec::new(),
        run: Run::default(),
        in_rpr: false,
        in_ppr: false,
        skip_depth: 0,
        in_text: false,
        tables: Vec::new(),
        paragraphs: 0,
        image_bytes: 0,
        images_by_target: HashMap::new(),
        footnote_numbers: HashMap::new(),
    };
    xml::walk("word/document.xml", xml, |item| walker.item(item))?;
    let mut notes: Vec<(usize, String)> = walker
        .footnote_numbers
        .iter()
        .map(|(id, &n)| (n, context.footnotes.get(id).cloned().unwrap_or_default()))
        .collect();
    notes.sort();
    walker.doc.footnotes = notes.into_iter().map(|(_, text)| text).collect();
    Ok(walker.doc)
}

/// Elements whose content is never part of the plan.
const SKIPPED: &[&[u8]] = &[
    // Word writes a text box twice, for new readers and, as a fallback, for old ones.
    b"Fallback",
    b"del",
    b"delText",
    b"instrText",
    b"commentReference",
    b"moveFrom",
    // A tracked change of format keeps the properties as they were before it.
    b"pPrChange",
    b"rPrChange",
    b"tblPrChange",
    b"trPrChange",
    b"tcPrChange",
];

impl Walker<'_, '_, '_> {
    fn item(&mut self, item: Item) -> Result<(), Refusal> {
        match item {
            Item::Open { e, empty } => {
                let name = local(&e);
                if self.skip_depth > 0 {
                    if !empty {
                        self.skip_depth += 1;
                    }
                    return Ok(());
                }
                if SKIPPED.contains(&name.as_slice()) {
                    if !empty {
                        self.skip_depth = 1;
                    }
                    return Ok(());
                }
                self.open(&name, &e, empty)?;
            }
            Item::Close(name) => {
                if self.skip_depth > 0 {
                    self.skip_depth -= 1;
                    return Ok(());
                }
                self.close(&name);
            }
            Item::Text(text) => {
                if self.skip_depth == 0 && self.in_text {
                    self.text(&text);
                }
            }
        }
        Ok(())
    }

    fn open(&mut self, name: &[u8], e: &BytesStart, empty: bool) -> Result<(), Refusal> {
        match name {
            b"p" => {
                self.count()?;
                self.paras.push(ParaBuilder {
                    all_bold: true,
                    ..ParaBuilder::default()
                });
                if empty {
                    self.close(b"p");
                }
            }
            b"pPr" => self.in_ppr = !empty,
            b"rPr" => self.in_rpr = !empty,
            b"r" => self.run = Run::default(),
            b"t" => self.in_text = !empty,
            b"tab" if !self.in_ppr => self.text(" "),
            // A page or column break inside a paragraph parts its words as a line break does.
            b"br" | b"cr" => {
                let s = BREAK.to_string();
                self.text(&s);
            }
            b"pStyle" => self.with_para(|p| p.style = attr(e, b"val")),
            b"outlineLvl" => {
                let level: Option<u8> = attr(e, b"val").and_then(|v| v.parse().ok());
                self.with_para(|p| p.outline = level.filter(|l| *l < 9).map(|l| l + 1));
            }
            b"jc" => {
                let center = attr(e, b"val").as_deref() == Some("center");
                self.with_para(|p| p.centered = center);
            }
            b"numId" => {
                let id = attr(e, b"val").unwrap_or_default();
                self.with_para(|p| p.list = Some((id, p.list.as_ref().map_or(0, |l| l.1))));
            }
            b"ilvl" => {
                let level: u8 = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                self.with_para(|p| {
                    let id = p.list.take().map(|l| l.0).unwrap_or_default();
                    p.list = Some((id, level.min(8)));
                });
            }
            b"b" if self.in_rpr => self.run.bold = on(e),
            b"i" if self.in_rpr => self.run.italic = on(e),
            b"sz" if self.in_rpr => self.run.large = is_large(e),
            b"blip" => {
                if let Some(id) = attr(e, b"embed") {
                    self.image(&id)?;
                }
            }
            b"imagedata" => {
                if let Some(id) = attr(e, b"id") {
                    self.image(&id)?;
                }
            }
            b"footnoteReference" => {
                if let Some(id) = attr(e, b"id") {
                    let next = self.footnote_numbers.len() + 1;
                    let n = *self.footnote_numbers.entry(id).or_insert(next);
                    self.markup(&format!("[^{n}]"));
                }
            }
            b"tbl" => self.tables.push(TableBuilder::default()),
            b"tr" => {
                self.count()?;
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                    t.column = 0;
                }
            }
            b"tc" => {
                self.count()?;
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some((String::new(), 1, None));
                }
            }
            b"gridSpan" => {
                let span = attr(e, b"val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1usize)
                    .clamp(1, 64);
                if let Some((_, s, _)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    *s = span;
                }
            }
            b"vMerge" => {
                let restart = attr(e, b"val").as_deref() == Some("restart");
                if let Some((_, _, v)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    *v = Some(restart);
                }
            }
            _ => {}
        }
        if empty && matches!(name, b"pPr" | b"rPr" | b"t" | b"tc" | b"tr" | b"tbl") {
            self.close(name);
        }
        Ok(())
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"pPr" => self.in_ppr = false,
            b"rPr" => self.in_rpr = false,
            b"t" => self.in_text = false,
            b"p" => {
                if let Some(builder) = self.paras.pop() {
                    let para = self.finish(builder);
                    match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        Some((text, _, _)) => {
                            if !para.markdown.trim().is_empty() {
                                if !text.is_empty() {
                                    text.push('\n');
                                }
                                text.push_str(para.markdown.trim());
                            }
                        }
                        None => self.doc.blocks.push(Block::Para(para)),
                    }
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some((text, cols, merge)) = t.cell.take()
                {
                    let start = t.column;
                    t.column += cols;
                    if merge == Some(false)
                        && let Some(&(row, index)) = t.last_at.get(&start)
                        && let Some(cell) = t.rows.get_mut(row).and_then(|r| r.get_mut(index))
                    {
                        // Continues the cell above that starts at this column.
                        cell.rows += 1;
                        return;
                    }
                    t.last_at.insert(start, (t.rows.len(), t.row.len()));
                    t.row.push(Cell {
                        text,
                        cols,
                        rows: 1,
                    });
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            b"tbl" => {
                if let Some(t) = self.tables.pop() {
                    let rendered = table::render(&t.rows);
                    match self.tables.last_mut().and_then(|outer| outer.cell.as_mut()) {
                        // A table inside a cell: its text, in the outer cell.
                        Some((text, _, _)) => text.push_str(&rendered.replace('\n', " ")),
                        None if !rendered.is_empty() => {
                            self.doc.blocks.push(Block::Table(rendered))
                        }
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// Paragraphs, rows and cells are counted together against the bound.
    fn count(&mut self) -> Result<(), Refusal> {
        self.paragraphs += 1;
        match self.paragraphs > MAX_PARAGRAPHS {
            true => Err(Refusal::TooLong {
                limit: MAX_PARAGRAPHS,
            }),
            false => Ok(()),
        }
    }

    fn with_para(&mut self, f: impl FnOnce(&mut ParaBuilder)) {
        if self.in_ppr
            && let Some(p) = self.paras.last_mut()
        {
            f(p);
        }
    }

    fn text(&mut self, text: &str) {
        let Run {
            bold,
            italic,
            large,
        } = self.run;
        if let Some(p) = self.paras.last_mut() {
            if !text.trim().is_empty() && text != BREAK.to_string() {
                p.any_text = true;
                p.all_bold &= bold;
                p.large |= large;
            }
            p.pieces.push((text.to_string(), bold, italic));
        }
    }

    /// Markdown that is not text (an image, a footnote reference), where it stands.
    fn markup(&mut self, markdown: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.pieces.push((format!("\u{0}{markdown}"), false, false));
        }
    }

    fn image(&mut self, id: &str) -> Result<(), Refusal> {
        let Some(target) = self.context.rels.get(id) else {
            return Ok(());
        };
        let part = part_of(target).ok_or_else(|| Refusal::UnsafePartName(target.clone()))?;
        let name = match self.images_by_target.get(&part) {
            Some(name) => name.clone(),
            None => {
                let Some(bytes) = self.zip.part(&part, PART_LIMIT)? else {
                    return Ok(());
                };
                self.image_bytes += bytes.len() as u64;
                if self.image_bytes > IMAGES_LIMIT {
                    return Err(Refusal::PartTooLarge {
                        part,
                        limit_mb: IMAGES_LIMIT >> 20,
                    });
                }
                let ext = document::image_extension(&bytes)
                    .ok_or_else(|| Refusal::NotAnImage(part.clone()))?;
                let name = format!("image{}.{ext}", self.doc.images.len() + 1);
                self.doc.images.push(Image {
                    name: name.clone(),
                    bytes,
                });
                self.images_by_target.insert(part, name.clone());
                name
            }
        };
        self.markup(&format!("![]({name})"));
        Ok(())
    }

    fn finish(&self, builder: ParaBuilder) -> Para {
        let style = builder
            .style
            .as_ref()
            .and_then(|s| self.context.styles.get(s));
        let (mut markdown, mut plain) = inline(&builder.pieces);
        let mut numbered = |id: &str, depth: u8| {
            let mut numbering = self.context.numbering.borrow_mut();
            if numbering.is_bullet(id, depth) {
                Some(List::Bullet { depth })
            } else if let Some(label) = numbering.next_label(id, depth) {
                // The label Word draws (`一、`) is written out, as if typed: the numbering
                // then says which heading it is, as typed numbers do.
                if !plain.trim().is_empty() {
                    markdown = format!("{label}{}", markdown.trim_start());
                    plain = format!("{label}{}", plain.trim_start());
                }
                None
            } else {
                Some(List::Numbered { depth })
            }
        };
        let list = match (&builder.list, style.and_then(|s| s.list.as_ref())) {
            // numId 0 takes a paragraph out of a list, its style's too.
            (Some((id, _)), _) if id == "0" => None,
            (Some((id, depth)), _) if !id.is_empty() => numbered(id, *depth),
            // A level (`ilvl`) alone is a level of the style's list.
            (list, Some(StyleList::Num(id))) => numbered(id, list.as_ref().map_or(0, |l| l.1)),
            (_, Some(StyleList::Bullet)) => Some(List::Bullet { depth: 0 }),
            (_, Some(StyleList::Number)) => Some(List::Numbered { depth: 0 }),
            _ => None,
        };
        Para {
            markdown,
            plain,
            heading: builder.outline.or(style.and_then(|s| s.heading)),
            title_style: style.is_some_and(|s| s.title),
            bold: builder.any_text && (builder.all_bold || style.is_some_and(|s| s.bold)),
            large: builder.large || style.is_some_and(|s| s.large),
            centered: builder.centered,
            list,
        }
    }
}

/// A relationship's target as a part name (`media/image1.png` → `word/media/image1.png`);
/// `None` when it would leave the archive.
fn part_of(target: &str) -> Option<String> {
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("word/{target}"),
    };
    super::archive::safe_name(&part).then_some(part)
}

/// The footnotes' text by id. The separators Word keeps among them are read too: no reference
/// names them.
pub fn footnotes(xml: &str) -> Result<HashMap<String, String>, Refusal> {
    let mut notes = HashMap::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    let mut skip = 0usize;
    xml::walk("word/footnotes.xml", xml, |item| {
        match item {
            Item::Open { e, empty } => {
                let name = local(&e);
                if skip > 0 || SKIPPED.contains(&name.as_slice()) {
                    if !empty {
                        skip += 1;
                    }
                    return Ok(());
                }
                match name.as_slice() {
                    b"footnote" => {
                        current = attr(&e, b"id").map(|id| (id, String::new()));
                    }
                    b"t" => in_text = !empty,
                    b"p" => {
                        if let Some((_, text)) = current.as_mut()
                            && !text.is_empty()
                        {
                            text.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Item::Close(name) => {
                if skip > 0 {
                    skip -= 1;
                } else if name == b"t" {
                    in_text = false;
                } else if name == b"footnote"
                    && let Some((id, text)) = current.take()
                {
                    notes.insert(id, escape(text.trim()));
                }
            }
            Item::Text(t) => {
                if in_text
                    && skip == 0
                    && let Some((_, text)) = current.as_mut()
                {
                    text.push_str(&t);
                }
            }
        }
        Ok(())
    })?;
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_that_leave_the_archive() {
        assert_eq!(
            part_of("media/image1.png").as_deref(),
            Some("word/media/image1.png")
        );
        assert_eq!(
            part_of("/word/media/a.png").as_deref(),
            Some("word/media/a.png")
        );
        assert_eq!(part_of("../../etc/passwd"), None);
    }
}
