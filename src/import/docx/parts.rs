//! The parts beside the body that say how to read it: styles (which are headings),
//! relationships (where images are) and the title property.

use std::collections::HashMap;

use super::xml::{self, Item, attr, local, on};
use crate::import::messages::Refusal;

/// What a paragraph style makes of its paragraphs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Style {
    /// 1 for Heading 1 (or outline level 0).
    pub heading: Option<u8>,
    pub title: bool,
    pub bold: bool,
    pub large: bool,
    /// The style makes its paragraphs list items: Word's List Bullet, List Number, or a
    /// style with numbering of its own (`numId`).
    pub list: Option<StyleList>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleList {
    Bullet,
    Number,
    Num(String),
}

pub type Styles = HashMap<String, Style>;

pub fn styles(text: &str) -> Result<Styles, Refusal> {
    let mut styles = Styles::new();
    let mut current: Option<(String, Style)> = None;
    xml::walk("word/styles.xml", text, |item| {
        match item {
            Item::Open { e, .. } => match local(&e).as_slice() {
                b"style" => current = attr(&e, b"styleId").map(|id| (id, Style::default())),
                b"name" => {
                    if let (Some((_, style)), Some(name)) = (&mut current, attr(&e, b"val")) {
                        let name = name.to_lowercase();
                        if name.starts_with("list bullet") {
                            style.list = Some(StyleList::Bullet);
                        } else if name.starts_with("list number") {
                            style.list = Some(StyleList::Number);
                        }
                        if name == "title" {
                            style.title = true;
                        } else if let Some(n) = name.strip_prefix("heading ") {
                            style.heading = n.trim().parse().ok().filter(|n| (1..=9).contains(n));
                        }
                    }
                }
                b"outlineLvl" => {
                    if let (Some((_, style)), Some(level)) = (&mut current, attr(&e, b"val")) {
                        let level: Option<u8> = level.parse().ok();
                        if let Some(level) = level.filter(|l| *l < 9) {
                            style.heading.get_or_insert(level + 1);
                        }
                    }
                }
                b"numId" => {
                    if let (Some((_, style)), Some(id)) = (&mut current, attr(&e, b"val"))
                        && style.list.is_none()
                        && id != "0"
                    {
                        style.list = Some(StyleList::Num(id));
                    }
                }
                b"b" => {
                    if let Some((_, style)) = &mut current {
                        style.bold = on(&e);
                    }
                }
                b"sz" => {
                    if let Some((_, style)) = &mut current {
                        style.large = is_large(&e);
                    }
                }
                _ => {}
            },
            Item::Close(name) if name == b"style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(styles)
}

/// 16 pt or more (sizes are in half points).
pub fn is_large(e: &quick_xml::events::BytesStart) -> bool {
    attr(e, b"val")
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|half| half >= 32)
}

/// Relationship ids to their targets (`rId5` → `media/image1.png`).
pub fn relationships(text: &str) -> Result<HashMap<String, String>, Refusal> {
    let mut rels = HashMap::new();
    xml::walk("word/_rels/document.xml.rels", text, |item| {
        if let Item::Open { e, .. } = item
            && local(&e) == b"Relationship"
            && attr(&e, b"TargetMode").as_deref() != Some("External")
            && let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target"))
        {
            rels.insert(id, target);
        }
        Ok(())
    })?;
    Ok(rels)
}

/// The title property (`dc:title`), if it is set.
pub fn title(text: &str) -> Result<Option<String>, Refusal> {
    let (mut inside, mut title) = (false, String::new());
    xml::walk("docProps/core.xml", text, |item| {
        match item {
            Item::Open { e, empty } => inside = local(&e) == b"title" && !empty,
            Item::Close(_) => inside = false,
            Item::Text(t) if inside => title.push_str(&t),
            Item::Text(_) => {}
        }
        Ok(())
    })?;
    let title = title.trim().to_string();
    Ok((!title.is_empty()).then_some(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_and_title_styles() {
        let xml = r#"<w:styles xmlns:w="w"><w:style w:styleId="1"><w:name w:val="heading 1"/><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style><w:style w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:styleId="a"><w:name w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#;
        let styles = styles(xml).unwrap();
        assert_eq!(
            styles["1"],
            Style {
                heading: Some(1),
                title: false,
                bold: true,
                large: true,
                list: None
            }
        );
        assert!(styles["Title"].title);
        assert_eq!(styles["a"].heading, Some(2));
    }

    /// Word writes a style's paragraph properties before its run properties, so the style is
    /// whole only at its own end.
    #[test]
    fn list_styles_and_properties_in_words_order() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:styleId="Num"><w:name w:val="Numbered"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="9"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
          <w:style w:styleId="Off"><w:name w:val="Unnumbered"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
          <w:style w:styleId="LB"><w:name w:val="List Bullet 2"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
          <w:style w:styleId="LN"><w:name w:val="List Number"/></w:style>
        </w:styles>"#;
        let styles = styles(xml).unwrap();
        assert_eq!(
            styles["Num"],
            Style {
                heading: None,
                title: false,
                bold: true,
                large: false,
                list: Some(StyleList::Num("3".into()))
            }
        );
        assert_eq!(styles["Off"].list, None);
        // The name says more than the numbering Word gives the style.
        assert_eq!(styles["LB"].list, Some(StyleList::Bullet));
        assert_eq!(styles["LN"].list, Some(StyleList::Number));
    }

    #[test]
    fn the_title_property() {
        let xml = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>区总工会2015年工作计划</dc:title><dc:creator>x</dc:creator></cp:coreProperties>"#;
        assert_eq!(
            title(xml).unwrap().as_deref(),
            Some("区总工会2015年工作计划")
        );
        assert_eq!(title("<a><dc:title/></a>").unwrap(), None);
    }
}
