//! The values templates see. Each plan's card (what lists show) is turned into a Tera value
//! once and then shared by every page that lists it; Tera values are reference-counted, so
//! putting a card in a hundred lists copies nothing.
//!
//! `docs/templates.md` documents every variable; keep it in step with this file and
//! `context.rs`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Map, Value};

use crate::content::Plan;
use crate::diagnostics::Diagnostic;
use crate::site::{Site, Tag, Unit};
use crate::urls;

/// Characters a reader reads in a minute: the usual figure for Chinese prose.
const CHARS_PER_MINUTE: usize = 400;

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub path: String,
}

#[derive(Serialize)]
pub struct UnitRef<'a> {
    pub name: &'a str,
    pub display: &'a str,
    pub slug: &'a str,
    pub path: String,
    pub description: &'a str,
    pub depth: usize,
    /// The unit's own plans.
    pub count: usize,
    /// Plans of the unit and every unit below it.
    pub total: usize,
    pub declared: bool,
}

#[derive(Serialize)]
pub struct YearRef {
    pub year: i32,
    pub path: String,
    pub count: usize,
}

/// A plan as lists show it. `unit` and `tags` hold places for the unit's and the tags' own
/// values, which [`card`] puts there: shared, not copied into each card.
#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    slug: &'a str,
    path: String,
    unit: (),
    year: i32,
    year_path: String,
    date: Option<String>,
    kind: &'a str,
    tags: (),
    summary: &'a str,
    chars: usize,
    reading_minutes: usize,
    draft: bool,
    /// RFC 3339, for feeds: the plan's date, else the first day of its year.
    updated: String,
}

#[derive(Serialize)]
struct AttachmentRef<'a> {
    name: &'a str,
    path: String,
    size: u64,
    size_text: String,
}

pub fn unit_ref(unit: &Unit) -> UnitRef<'_> {
    UnitRef {
        name: &unit.name,
        display: &unit.display,
        slug: &unit.slug,
        path: urls::unit(&unit.slug),
        description: &unit.description,
        depth: unit.depth,
        count: unit.plans.len(),
        total: unit.total,
        declared: unit.declared,
    }
}

pub fn year_ref(year: i32, count: usize) -> YearRef {
    YearRef {
        year,
        path: urls::year(year),
        count,
    }
}

pub fn value<T: Serialize>(data: &T) -> Value {
    Value::from_serializable(data)
}

/// The values of every unit and plan, made once per render and shared by every page that
/// shows them (Tera values are reference-counted, so putting a card in a hundred lists copies
/// nothing).
///
/// The preview keeps them from one render to the next ([`Values::reusing`]): a value whose
/// inputs are unchanged is the previous render's value again, the same allocation, so the
/// render cache's comparison of a page's context with the last one's is a pointer comparison
/// for everything unchanged.
#[derive(Default)]
pub struct Values {
    /// Parallel to `site.units`.
    pub units: Vec<Value>,
    /// What a list shows of each plan, parallel to `site.plans`. Read through [`Values::card`],
    /// which notes the plan as shown. A build makes each when a page first shows it: one
    /// after an edit renders a few pages, which show few plans.
    cards: Vec<OnceLock<Value>>,
    /// Parallel to `site.tags`, for the cards made when first shown.
    tags: Vec<Value>,
    /// Each plan's value for its own page, when kept: a build makes each as its page is
    /// rendered instead, so that the pages' text is not held twice.
    plans: Option<Vec<Value>>,
    /// What each plan's values were made from, parallel to `site.plans`, for the next render.
    made: Vec<Made>,
    units_by_slug: HashMap<String, Value>,
    tags_by_slug: HashMap<String, Value>,
}

/// A plan's values and their inputs. Holding the plan keeps its allocation alive, so a plan
/// at the same address in a later render is this very plan.
struct Made {
    plan: Arc<Plan>,
    unit: Value,
    tags: Vec<Value>,
    card: Value,
    full: Value,
}

impl Values {
    /// The values of a build.
    pub fn new(site: &Site) -> Values {
        let units: Vec<Value> = site.units.iter().map(|u| value(&unit_ref(u))).collect();
        let tags: Vec<Value> = site.tags.iter().map(tag_value).collect();
        Values {
            units,
            tags,
            cards: site.plans.iter().map(|_| OnceLock::new()).collect(),
            ..Values::default()
        }
    }

    /// The values for `site`, taking from `previous` every value whose inputs are the same,
    /// and keeping the plans' page values for the next render. Errs when a plan's body cannot
    /// be read back.
    pub fn reusing(site: &Site, previous: &Values) -> Result<Values, Diagnostic> {
        let reuse = |old: Option<&Value>, fresh: Value| match old {
            Some(old) if *old == fresh => old.clone(),
            _ => fresh,
        };
        let units: Vec<Value> = site
            .units
            .iter()
            .map(|u| reuse(previous.units_by_slug.get(&u.slug), value(&unit_ref(u))))
            .collect();
        let tags: Vec<Value> = site
            .tags
            .iter()
            .map(|tag| reuse(previous.tags_by_slug.get(&tag.slug), tag_value(tag)))
            .collect();
        // Plans usually keep their places; when they have moved, they are found by slug.
        let aligned = previous.made.len() == site.plans.len()
            && previous
                .made
                .iter()
                .zip(&site.plans)
                .all(|(m, plan)| m.plan.slug == plan.slug);
        let by_slug: HashMap<&str, &Made> = match aligned {
            true => HashMap::new(),
            false => previous
                .made
                .iter()
                .map(|m| (m.plan.slug.as_str(), m))
                .collect(),
        };
        let made: Vec<Made> = site
            .plans
            .par_iter()
            .zip(&site.links)
            .enumerate()
            .map(|(i, (plan, links))| {
                let unit = units[links.unit].clone();
                let tags: Vec<Value> = links.tags.iter().map(|&t| tags[t].clone()).collect();
                let old = match aligned {
                    true => previous.made.get(i),
                    false => by_slug.get(plan.slug.as_str()).copied(),
                };
                // A card shows the plan, its unit and its tags, and nothing else.
                let old = old.filter(|old| {
                    Arc::ptr_eq(&old.plan, plan) && old.unit == unit && old.tags == tags
                });
                let (card, full) = match old {
                    Some(old) => (old.card.clone(), old.full.clone()),
                    None => {
                        let card = card(plan, &unit, tags.clone());
                        let full = full_plan(plan, &card)?;
                        (card, full)
                    }
                };
                Ok(Made {
                    plan: plan.clone(),
                    unit,
                    tags,
                    card,
                    full,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        drop(by_slug);
        Ok(Values {
            cards: made
                .iter()
                .map(|m| OnceLock::from(m.card.clone()))
                .collect(),
            plans: Some(made.iter().map(|m| m.full.clone()).collect()),
            made,
            units_by_slug: site
                .units
                .iter()
                .map(|u| u.slug.clone())
                .zip(units.iter().cloned())
                .collect(),
            tags_by_slug: (site.tags.iter().map(|t| t.slug.clone()))
                .zip(tags.iter().cloned())
                .collect(),
            tags,
            units,
        })
    }

    /// The values of the plans `changed` made again, in place, when nothing else about the
    /// site changed since these values were made (the same units, tags and plan order): the
    /// preview's path for an edited plan, whose cost is that of the plans changed alone. Errs
    /// when a plan's body cannot be read back.
    pub fn update(&mut self, site: &Site, changed: &[usize]) -> Result<(), Diagnostic> {
        let plans = self
            .plans
            .as_mut()
            .expect("values kept between renders hold the plans' page values");
        for &i in changed {
            let plan = &site.plans[i];
            // The plan's unit and tags are as they were (see above).
            let made = &self.made[i];
            let card = card(plan, &made.unit, made.tags.clone());
            let full = full_plan(plan, &card)?;
            self.cards[i] = OnceLock::from(card.clone());
            plans[i] = full.clone();
            let made = &mut self.made[i];
            made.plan = plan.clone();
            made.card = card;
            made.full = full;
        }
        Ok(())
    }

    /// The card of plan `index` of `site`, noted in `shown`.
    pub fn card(&self, site: &Site, index: usize, shown: &Shown) -> Value {
        shown.note(index);
        self.card_of(site, index)
    }

    fn card_of(&self, site: &Site, index: usize) -> Value {
        let made = || {
            let links = &site.links[index];
            let tags = links.tags.iter().map(|&t| self.tags[t].clone()).collect();
            card(&site.plans[index], &self.units[links.unit], tags)
        };
        self.cards[index].get_or_init(made).clone()
    }

    /// How many plans there are.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// The value of plan `index` for its own page (its card and everything besides), noted in
    /// `shown`. Errs when its body cannot be read back.
    pub fn plan(&self, site: &Site, index: usize, shown: &Shown) -> Result<Value, Diagnostic> {
        shown.note(index);
        match &self.plans {
            Some(plans) => Ok(plans[index].clone()),
            None => full_plan(&site.plans[index], &self.card_of(site, index)),
        }
    }
}

/// The plans whose values a page's context holds, noted as the context is made: when only
/// some plans' values change, only the pages that show them need to be made again. Plans'
/// values can be had only through [`Values::card`] and [`Values::plan`], which note them.
#[derive(Default)]
pub struct Shown(RefCell<Vec<usize>>);

impl Shown {
    fn note(&self, plan: usize) {
        self.0.borrow_mut().push(plan);
    }

    /// The plans noted, in order, each once.
    pub fn into_plans(self) -> Vec<usize> {
        let mut plans = self.0.into_inner();
        plans.sort_unstable();
        plans.dedup();
        plans.shrink_to_fit();
        plans
    }
}

/// A tag's value, as cards and tag pages show it.
fn tag_value(tag: &Tag) -> Value {
    value(&Link {
        name: &tag.name,
        path: urls::tag(&tag.slug),
    })
}

/// The card of `plan`, with the values of its unit and tags. A unit's value has nine fields:
/// shared, it is neither made nor held again for each of the unit's plans (a build's peak
/// memory at 100,000 plans from 1.88 to 1.71 GB, at 10,000 from 260 to 245 MB).
fn card(plan: &Plan, unit: &Value, tags: Vec<Value>) -> Value {
    let mut card = value(&Card {
        title: &plan.meta.title,
        slug: &plan.slug,
        path: urls::plan(&plan.slug),
        unit: (),
        year: plan.meta.year,
        year_path: urls::year(plan.meta.year),
        date: plan.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        kind: &plan.meta.kind,
        tags: (),
        summary: &plan.summary,
        chars: plan.chars,
        reading_minutes: plan.chars.div_ceil(CHARS_PER_MINUTE).max(1),
        draft: plan.meta.draft,
        updated: updated(plan),
    })
    .into_map()
    .expect("a card is a map");
    // Each in the place its field holds, so that a card's fields come in the same order.
    card.insert("unit".into(), unit.clone());
    card.insert("tags".into(), Value::from(tags));
    Value::from(card)
}

/// When a plan was last known to change, as feeds want it. Plans carry no time of day, and
/// the build must not depend on the clock, so it is midnight of the plan's date.
pub fn updated(plan: &Plan) -> String {
    match plan.meta.date {
        Some(date) => format!("{}T00:00:00Z", date.format("%Y-%m-%d")),
        None => format!("{:04}-01-01T00:00:00Z", plan.meta.year),
    }
}

/// The card of `plan` with everything its own page needs besides.
/// Errs when the plan's body, kept on disk, cannot be read back.
fn full_plan(plan: &Plan, card: &Value) -> Result<Value, Diagnostic> {
    let html = plan.body_html()?;
    let mut map: Map = card.clone().into_map().unwrap_or_default();
    let mut put = |key: &'static str, v: Value| {
        map.insert(key.into(), v);
    };
    // The body is HTML made by the Markdown renderer: mark it safe so Tera does not escape it.
    put("html", Value::safe_string(&html));
    put("toc", value(&plan.toc));
    put("author", value(&plan.meta.author));
    put("source", value(&plan.source.to_string_lossy()));
    put("extra", value(&plan.meta.extra));
    // An image the text shows is not offered again under 附件.
    let shown = super::inline::images_shown(&html);
    let attachments: Vec<AttachmentRef> = plan
        .attachments
        .iter()
        .filter(|a| !shown.contains(&a.name))
        .map(|a| AttachmentRef {
            name: &a.name,
            path: urls::link_safe(&urls::attachment(&plan.slug, &a.name)),
            size: a.size,
            size_text: human_size(a.size),
        })
        .collect();
    put("attachments", value(&attachments));
    Ok(Value::from(map))
}

/// `532 B`, `12.5 KB`, `3.1 MB`: sizes as file managers show them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(532), "532 B");
        assert_eq!(human_size(12_800), "12.5 KB");
        assert_eq!(human_size(3_250_000), "3.1 MB");
        // GB is the largest unit: a terabyte is counted in it.
        assert_eq!(human_size(5 << 30), "5.0 GB");
        assert_eq!(human_size(2048 << 30), "2048.0 GB");
    }
}
