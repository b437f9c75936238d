//! quick-xml events with what a .docx must never hold refused: a DOCTYPE (where entities are
//! declared; quick-xml never expands them, and Word never writes one) and references to
//! entities other than XML's five.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::import::messages::Refusal;

/// What the walkers see: an element opening (`empty` when it closes at once), closing, or text.
pub enum Item<'a> {
    Open { e: BytesStart<'a>, empty: bool },
    Close(Vec<u8>),
    Text(String),
}

/// Calls `each` for every element and text of `xml`, in order.
pub fn walk<'a>(
    part: &str,
    xml: &'a str,
    mut each: impl FnMut(Item<'a>) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    let mut reader = Reader::from_str(xml);
    let bad = |error: String| Refusal::BadXml {
        part: part.to_string(),
        error,
    };
    loop {
        let event = reader.read_event().map_err(|e| bad(e.to_string()))?;
        match event {
            Event::DocType(_) => return Err(Refusal::Doctype(part.to_string())),
            Event::Start(e) => each(Item::Open { e, empty: false })?,
            Event::Empty(e) => each(Item::Open { e, empty: true })?,
            Event::End(e) => each(Item::Close(e.local_name().as_ref().as_bytes().to_vec()))?,
            Event::Text(t) => each(Item::Text(t.xml10_content().into_owned()))?,
            Event::CData(t) => each(Item::Text(t.as_ref().to_string()))?,
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.as_ref().to_string();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| bad(format!("undeclared entity &{name};")))?
                            .to_string()
                    }
                };
                each(Item::Text(text))?;
            }
            Event::Eof => return Ok(()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

/// An attribute's value by its local name (`w:val` → `val`).
pub fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref().as_bytes() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A toggle such as `<w:b/>` or `<w:b w:val="false"/>`.
pub fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

pub fn local(e: &BytesStart) -> Vec<u8> {
    e.local_name().as_ref().as_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, Refusal> {
        let mut out = String::new();
        walk("x.xml", xml, |item| {
            if let Item::Text(t) = item {
                out.push_str(&t);
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn entities_are_never_expanded() {
        assert_eq!(texts("<a>x &amp; &#x5DE5; &lt;</a>").unwrap(), "x & 工 <");
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;\">]><a>&l2;</a>";
        assert_eq!(texts(bomb), Err(Refusal::Doctype("x.xml".into())));
        assert!(matches!(texts("<a>&xxe;</a>"), Err(Refusal::BadXml { .. })));
        assert!(matches!(texts("<a><b></a>"), Err(Refusal::BadXml { .. })));
    }
}
