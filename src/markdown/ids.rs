//! Ids that nothing else on a plan's page repeats: headings avoid the theme's own ids, and
//! footnotes get ids of their own (`fn-1`, `fnref-1`) instead of their bare labels.

use pulldown_cmark::{CowStr, Event, Tag};
use rustc_hash::FxHashMap;
use unicase::UniCase;

use crate::slug::{SlugStrategy, UniqueIds, slugify};

/// The ids the default theme gives elements of a plan's page, around the body: `main` and
/// `site-search-q` in `base.html`, `toc-title` and `attachments-title` in `plan.html`. A heading
/// `# main` taking `id="main"` would make the theme's skip link jump to it.
pub const THEME_IDS: &[&str] = &["main", "site-search-q", "toc-title", "attachments-title"];

/// The ids of one page, with the theme's taken before any heading asks.
pub(super) fn page_ids() -> UniqueIds {
    UniqueIds::with_taken(THEME_IDS)
}

/// Where a body's footnote references and definitions are among its events, so that once every
/// heading has its id they can be given ids no heading has.
///
/// pulldown-cmark writes a footnote with its bare label as id (`[^1]` gives `id="1"`, which a
/// heading `# 1` has too), numbers footnotes by the label as written although it matches labels
/// regardless of case (`[^A]` and `[^a]` get two numbers, and the reference's link misses),
/// and gives a reference no id to come back to. These events are written here instead.
///
/// A reference is never inside an image's description (its `alt` text, where a link could not
/// go): pulldown-cmark ends any link or image being read when it finds one.
#[derive(Default)]
pub(super) struct Footnotes {
    /// Index in the events of each reference and definition.
    found: Vec<usize>,
}

/// One footnote: its number, its id, and the id of the first reference to it.
struct Note {
    number: usize,
    id: String,
    first_reference: Option<String>,
}

impl Footnotes {
    /// Notes `event`, which goes into the events at `index`.
    #[inline]
    pub(super) fn note(&mut self, event: &Event, index: usize) {
        if matches!(
            event,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        ) {
            self.found.push(index);
        }
    }

    /// Writes each reference and definition noted in `events` with ids from `ids`: a footnote
    /// `fn-<label>`, each reference to it `fnref-<label>`, made unique, and the definition's
    /// number links back to the first reference. Numbers are as pulldown-cmark gives them: in
    /// the order labels first appear.
    pub(super) fn write(self, ids: &mut UniqueIds, events: &mut [Event]) {
        if self.found.is_empty() {
            return;
        }
        let mut notes: FxHashMap<UniCase<String>, Note> = FxHashMap::default();
        // Each reference's own id, in the order of `found` (definitions have none).
        let mut reference_ids = Vec::with_capacity(self.found.len());
        for &index in &self.found {
            let (label, is_reference) = match &events[index] {
                Event::FootnoteReference(label) => (label, true),
                Event::Start(Tag::FootnoteDefinition(label)) => (label, false),
                _ => unreachable!("only footnote events are noted"),
            };
            let slug = slugify(label, SlugStrategy::Unicode);
            let count = notes.len();
            let note = notes
                .entry(UniCase::new(label.to_string()))
                .or_insert_with(|| Note {
                    number: count + 1,
                    id: ids.make_unique(format!("fn-{slug}")),
                    first_reference: None,
                });
            if is_reference {
                let id = ids.make_unique(format!("fnref-{slug}"));
                note.first_reference.get_or_insert_with(|| id.clone());
                reference_ids.push(Some(id));
            } else {
                reference_ids.push(None);
            }
        }
        // A second definition of one label is shown too: it needs an id of its own.
        let mut defined = FxHashMap::default();
        for (&index, reference_id) in self.found.iter().zip(reference_ids) {
            let (Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label))) =
                &events[index]
            else {
                unreachable!("only footnote events are noted")
            };
            let key = UniCase::new(label.to_string());
            let note = &notes[&key];
            let number = note.number;
            events[index] = match reference_id {
                Some(reference_id) => Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\" id=\"{reference_id}\">\
                     {number}</a></sup>",
                    note.id
                ))),
                None => {
                    let again = defined.insert(key, ()).is_some();
                    let id = if again {
                        ids.make_unique(note.id.clone())
                    } else {
                        note.id.clone()
                    };
                    let label = match &note.first_reference {
                        Some(back) => format!("<a href=\"#{back}\">{number}</a>"),
                        None => number.to_string(),
                    };
                    Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"{id}\">\
                         <sup class=\"footnote-definition-label\">{label}</sup>"
                    )))
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawHtml;
    use crate::markdown::{LocalLink, render};

    fn html(body: &str) -> String {
        render(body, &|_: &LocalLink| None, RawHtml::Sanitize).html
    }

    /// Every `id="..."` in `html`.
    fn ids_in(html: &str) -> Vec<&str> {
        html.split("id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect()
    }

    #[test]
    fn footnotes_do_not_take_a_headings_id() {
        let html = html("# 1\n\n正文[^1]。\n\n[^1]: 注释。\n");
        assert_eq!(ids_in(&html), ["1", "fnref-1", "fn-1"], "{html}");
        assert!(
            html.contains(r##"<a href="#fn-1" id="fnref-1">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(
                r##"<sup class="footnote-definition-label"><a href="#fnref-1">1</a></sup>"##
            ),
            "{html}"
        );
    }

    #[test]
    fn headings_keep_their_ids_and_footnotes_step_aside() {
        let html = html("# fn 1\n\n# fnref 1\n\n正文[^1]。\n\n[^1]: 注释。\n");
        assert_eq!(
            ids_in(&html),
            ["fn-1", "fnref-1", "fnref-1-2", "fn-1-2"],
            "{html}"
        );
    }

    #[test]
    fn headings_avoid_the_themes_ids() {
        let html = html("# main\n\n## Toc title {#toc-title}\n\n## site search q\n\n## main\n");
        assert_eq!(
            ids_in(&html),
            ["main-2", "toc-title-2", "site-search-q-2", "main-3"],
            "{html}"
        );
    }

    #[test]
    fn labels_match_regardless_of_case_and_number_in_order_of_appearance() {
        let html = html("甲[^B]乙[^a]丙[^b]。\n\n[^A]: 一。\n\n[^b]: 二。\n");
        assert_eq!(
            ids_in(&html),
            ["fnref-b", "fnref-a", "fnref-b-2", "fn-a", "fn-b"],
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#fn-b" id="fnref-b">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#fn-a" id="fnref-a">2</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#fn-b" id="fnref-b-2">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(
                r##"id="fn-a"><sup class="footnote-definition-label"><a href="#fnref-a">2</a>"##
            ),
            "{html}"
        );
    }

    #[test]
    fn labels_that_are_no_ids_become_ids() {
        let html = html("甲[^注 释]乙[^注-释]。\n\n[^注 释]: 一。\n\n[^注-释]: 二。\n");
        assert_eq!(
            ids_in(&html),
            ["fnref-注-释", "fnref-注-释-2", "fn-注-释", "fn-注-释-2"],
            "{html}"
        );
    }

    #[test]
    fn a_definition_without_reference_has_no_link_back() {
        let html = html("正文。\n\n[^1]: 注释。\n\n[^1]: 又一个。\n");
        assert!(!html.contains("href"), "{html}");
        assert_eq!(ids_in(&html), ["fn-1", "fn-1-2"], "{html}");
    }

    #[test]
    fn a_reference_ends_an_image_being_read() {
        let html = html("![图[^1]](a.png)\n\n[^1]: 注释。\n");
        assert!(!html.contains("<img"), "{html}");
        assert_eq!(ids_in(&html), ["fnref-1", "fn-1"], "{html}");
    }

    #[test]
    fn the_themes_ids_are_all_known() {
        let templates = [
            include_str!("../../themes/default/templates/base.html"),
            include_str!("../../themes/default/templates/plan.html"),
            include_str!("../../themes/default/templates/partials/tag_list.html"),
        ];
        for template in templates {
            for id in ids_in(template) {
                assert!(
                    THEME_IDS.contains(&id),
                    "the theme's id {id:?} is not reserved"
                );
            }
        }
    }
}
