//! The values templates see. Each plan's card (what lists show) is turned into a Tera value
//! once and then shared by every page that lists it; Tera values are reference-counted, so
//! putting a card in a hundred lists copies nothing.
//!
//! `docs/templates.md` documents every variable; keep it in step with this file.

use serde::Serialize;
use tera::{Map, Value};

use crate::index::{Site, Unit};
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

#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    slug: &'a str,
    path: String,
    unit: UnitRef<'a>,
    year: i32,
    year_path: String,
    date: Option<String>,
    kind: &'a str,
    tags: Vec<Link<'a>>,
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

/// What a list shows of each plan, in the order of `site.plans`.
pub fn cards(site: &Site) -> Vec<Value> {
    site.plans
        .iter()
        .zip(&site.links)
        .map(|(plan, links)| {
            value(&Card {
                title: &plan.meta.title,
                slug: &plan.slug,
                path: urls::plan(&plan.slug),
                unit: unit_ref(&site.units[links.unit]),
                year: plan.meta.year,
                year_path: urls::year(plan.meta.year),
                date: plan.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
                kind: &plan.meta.kind,
                tags: links
                    .tags
                    .iter()
                    .map(|&t| Link {
                        name: &site.tags[t].name,
                        path: urls::tag(&site.tags[t].slug),
                    })
                    .collect(),
                summary: &plan.summary,
                chars: plan.chars,
                reading_minutes: plan.chars.div_ceil(CHARS_PER_MINUTE).max(1),
                draft: plan.meta.draft,
                updated: updated(plan),
            })
        })
        .collect()
}

/// When a plan was last known to change, as feeds want it. Plans carry no time of day, and
/// the build must not depend on the clock, so it is midnight of the plan's date.
pub fn updated(plan: &crate::content::Plan) -> String {
    match plan.meta.date {
        Some(date) => format!("{}T00:00:00Z", date.format("%Y-%m-%d")),
        None => format!("{:04}-01-01T00:00:00Z", plan.meta.year),
    }
}

/// The card of plan `index` with everything its own page needs besides.
pub fn full_plan(site: &Site, cards: &[Value], index: usize) -> Value {
    let plan = &site.plans[index];
    let mut map: Map = cards[index].clone().into_map().unwrap_or_default();
    let mut put = |key: &'static str, v: Value| {
        map.insert(key.into(), v);
    };
    // The body is HTML made by the Markdown renderer: mark it safe so Tera does not escape it.
    put("html", Value::safe_string(&plan.html));
    put("toc", value(&plan.toc));
    put("author", value(&plan.meta.author));
    put("source", value(&plan.source.to_string_lossy()));
    put("extra", value(&plan.meta.extra));
    let attachments: Vec<AttachmentRef> = plan
        .attachments
        .iter()
        .map(|a| AttachmentRef {
            name: &a.name,
            path: urls::link_safe(&urls::attachment(&plan.slug, &a.name)),
            size: a.size,
            size_text: human_size(a.size),
        })
        .collect();
    put("attachments", value(&attachments));
    Value::from(map)
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
    }
}
