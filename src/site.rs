//! Grouping the plans once, for every page that lists them: by unit (as a tree), by year and
//! by tag, with each plan's neighbours in its unit, and each unit's plan and summary of each
//! year ([`filing`]).
//!
//! Everything is ordered here, deterministically, so templates only walk lists.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Plan;
use crate::diagnostics::{Diagnostic, Problems, closest, codes};
use crate::layout::CONFIG_FILE;
use crate::slug::{fold, slugify};

mod filing;
pub use filing::{Filed, Pair, StatusRow, YearStatus};

/// The whole site, read and grouped; immutable once built.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first. Shared with the parse cache, which keeps unchanged plans between rebuilds.
    pub plans: Vec<Arc<Plan>>,
    /// Parallel to `plans`.
    pub links: Vec<PlanLinks>,
    /// In tree order: each unit is followed by its sub-units.
    pub units: Vec<Unit>,
    /// Newest first.
    pub years: Vec<Year>,
    /// Most used first.
    pub tags: Vec<Tag>,
}

/// Where a plan sits in the indexes (indices into the `Site` lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLinks {
    pub unit: usize,
    pub tags: Vec<usize>,
    /// The unit's plan before this one in time, and after it.
    pub older: Option<usize>,
    pub newer: Option<usize>,
    /// The plan or summary of the same unit and year this one links to (see [`Pair`]).
    pub pair: Pair,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub name: String,
    /// What readers see: the declared display name, else the name.
    pub display: String,
    pub slug: String,
    pub description: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// 0 for a top-level unit.
    pub depth: usize,
    /// The unit's own plans, newest first.
    pub plans: Vec<usize>,
    /// The years of the unit's own plans, newest first, each with where its plans start in
    /// `plans`.
    pub years: Vec<(i32, usize)>,
    /// Plans of the unit and all units below it.
    pub total: usize,
    pub declared: bool,
    /// The years the unit filed a plan or a summary in, newest first.
    pub filed: Vec<Filed>,
    /// Whether the unit is expected to file every year (`filing_units` in `site.yaml`).
    pub expected: bool,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Newest first.
    pub plans: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub plans: Vec<usize>,
}

impl Site {
    /// The site of `plans`, grouped as `config` says, with what is wrong in the grouping (units
    /// and tags whose addresses clash, undeclared units) added to `problems`.
    pub fn build(config: Config, mut plans: Vec<Arc<Plan>>, problems: &mut Problems) -> Site {
        plans.sort_by(|a, b| {
            (
                Reverse(a.meta.year),
                Reverse(a.meta.date),
                &a.meta.title,
                &a.slug,
            )
                .cmp(&(
                    Reverse(b.meta.year),
                    Reverse(b.meta.date),
                    &b.meta.title,
                    &b.slug,
                ))
        });
        let units = build_units(&config, &plans, problems);
        let unit_of: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.name.clone(), i))
            .collect();
        let (tags, tag_of) = build_tags(&config, &plans, problems);

        let mut units = units;
        let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, plan) in plans.iter().enumerate() {
            let unit = &mut units[unit_of[plan.meta.unit.as_str()]];
            // Plans are sorted by year: each year's plans come together.
            if unit
                .years
                .last()
                .is_none_or(|&(year, _)| year != plan.meta.year)
            {
                unit.years.push((plan.meta.year, unit.plans.len()));
            }
            unit.plans.push(i);
            years.entry(plan.meta.year).or_default().push(i);
        }
        for i in (0..units.len()).rev() {
            // Tree order puts children after their parent, so one backward pass sums subtrees.
            let total = units[i].plans.len()
                + units[i]
                    .children
                    .iter()
                    .map(|&c| units[c].total)
                    .sum::<usize>();
            units[i].total = total;
        }

        let mut links: Vec<PlanLinks> = plans
            .iter()
            .map(|plan| PlanLinks {
                unit: unit_of[plan.meta.unit.as_str()],
                tags: plan.meta.tags.iter().map(|t| tag_of[t.as_str()]).collect(),
                older: None,
                newer: None,
                pair: Pair::default(),
            })
            .collect();
        for unit in &units {
            for (pos, &plan) in unit.plans.iter().enumerate() {
                links[plan].newer = pos.checked_sub(1).map(|p| unit.plans[p]);
                links[plan].older = unit.plans.get(pos + 1).copied();
            }
        }
        filing::pair_up(&config, &plans, &mut units, &mut links);
        let years = years
            .into_iter()
            .rev()
            .map(|(year, plans)| Year { year, plans })
            .collect();
        Site {
            config,
            plans,
            links,
            units,
            years,
            tags,
        }
    }

    /// Index of a unit's ancestors, from the top of the tree down to its parent.
    pub fn ancestors(&self, unit: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.units[unit].parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.units[parent].parent;
        }
        chain.reverse();
        chain
    }
}

/// Declared units in their tree, then units that plans name but `site.yaml` does not declare.
fn build_units(config: &Config, plans: &[Arc<Plan>], problems: &mut Problems) -> Vec<Unit> {
    let drafts = unit_drafts(config, plans, problems);
    let slugs = unit_slugs(config, &drafts, problems);
    let tree = Tree::of(&drafts, &slugs);
    tree.order
        .iter()
        .map(|&(i, depth)| {
            let draft = &drafts[i];
            Unit {
                name: draft.name.clone(),
                display: draft.display.clone(),
                slug: slugs[i].clone(),
                description: draft.description.clone(),
                parent: draft
                    .parent
                    .as_deref()
                    .and_then(|p| tree.index_of.get(p))
                    .map(|p| tree.position[p]),
                children: tree.children[i].iter().map(|c| tree.position[c]).collect(),
                depth,
                plans: Vec::new(),
                years: Vec::new(),
                total: 0,
                declared: draft.declared,
                filed: Vec::new(),
                expected: false,
            }
        })
        .collect()
}

/// A unit before its slug and its place in the tree are known.
struct UnitDraft<'a> {
    name: String,
    display: String,
    explicit_slug: Option<String>,
    description: String,
    parent: Option<String>,
    order: (i64, usize),
    declared: bool,
    /// For a unit that is not declared, the first plan that names it: where messages about
    /// the unit point.
    named_in: Option<&'a Path>,
}

/// Every unit: those declared, in the order of `site.yaml`, then those that plans name without
/// their being declared (a warning on each such plan when the site declares units at all).
fn unit_drafts<'a>(
    config: &Config,
    plans: &'a [Arc<Plan>],
    problems: &mut Problems,
) -> Vec<UnitDraft<'a>> {
    let mut drafts: Vec<UnitDraft> = config
        .units
        .iter()
        .enumerate()
        .map(|(i, d)| UnitDraft {
            name: d.name.clone(),
            display: d.display.clone().unwrap_or_else(|| d.name.clone()),
            explicit_slug: d.slug.clone(),
            description: d.description.clone(),
            parent: d.parent.clone(),
            order: (d.order.unwrap_or(i64::MAX), i),
            declared: true,
            named_in: None,
        })
        .collect();
    let declared: HashSet<&str> = config.units.iter().map(|u| u.name.as_str()).collect();
    let mut undeclared: BTreeMap<&str, Vec<&Plan>> = BTreeMap::new();
    for plan in plans {
        if !declared.contains(plan.meta.unit.as_str()) {
            undeclared.entry(&plan.meta.unit).or_default().push(plan);
        }
    }
    for (name, users) in &undeclared {
        if !config.units.is_empty() {
            for plan in users {
                // Shared with `plansite new`'s warning: the help line names the closest
                // declared unit (`.help`), or else says what declaring it does (`.help-tree`).
                let d = Diagnostic::warning(codes::PLAN_UNIT_UNDECLARED, &plan.source)
                    .arg("unit", *name)
                    .at(plan.meta.line("unit"), 1);
                let d = match closest(name, declared.iter().copied()) {
                    Some(close) => d.arg("close", close),
                    None => d.help_from("help-declare"),
                };
                problems.push(d);
            }
        }
        drafts.push(UnitDraft {
            name: name.to_string(),
            display: name.to_string(),
            explicit_slug: None,
            description: String::new(),
            parent: None,
            order: (i64::MAX, usize::MAX),
            declared: false,
            named_in: Some(users[0].source.as_path()),
        });
    }
    drafts
}

/// Each unit's slug, explicit ones first, so that a derived slug gives way to one chosen by hand.
fn unit_slugs(config: &Config, drafts: &[UnitDraft], problems: &mut Problems) -> Vec<String> {
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut slugs = vec![String::new(); drafts.len()];
    for (i, draft) in drafts.iter().enumerate() {
        let Some(explicit) = &draft.explicit_slug else {
            continue;
        };
        let slug = slugify(explicit, config.slugify);
        if let Some(other) = taken.get(&fold(&slug)) {
            problems.push(
                Diagnostic::error(codes::CONFIG_UNIT_SLUG_DUPLICATE, Path::new(CONFIG_FILE))
                    .arg("other", other)
                    .arg("unit", &draft.name)
                    .arg("slug", &slug),
            );
        }
        taken.insert(fold(&slug), draft.name.clone());
        slugs[i] = slug;
    }
    for (i, draft) in drafts.iter().enumerate() {
        if draft.explicit_slug.is_some() {
            continue;
        }
        let (slug, clash) = unique_slug(slugify(&draft.name, config.slugify), &taken);
        if let Some(other) = clash {
            let path = draft.named_in.unwrap_or(Path::new(CONFIG_FILE));
            problems.push(
                Diagnostic::warning(codes::UNIT_SLUG_CLASH, path)
                    .arg("other", other)
                    .arg("unit", &draft.name)
                    .arg("address", slugify(&draft.name, config.slugify))
                    .arg("slug", &slug),
            );
        }
        taken.insert(fold(&slug), draft.name.clone());
        slugs[i] = slug;
    }
    slugs
}

/// The units' tree, by their indices among the drafts.
struct Tree<'a> {
    index_of: HashMap<&'a str, usize>,
    /// Each unit's children, in order.
    children: Vec<Vec<usize>>,
    /// Tree order, each unit with its depth: roots by (order, position in the file), each
    /// followed by its subtree.
    order: Vec<(usize, usize)>,
    /// Each unit's place in `order`.
    position: HashMap<usize, usize>,
}

impl<'a> Tree<'a> {
    fn of(drafts: &'a [UnitDraft], slugs: &[String]) -> Tree<'a> {
        let index_of: HashMap<&str, usize> = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.as_str(), i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); drafts.len()];
        let mut roots = Vec::new();
        for (i, draft) in drafts.iter().enumerate() {
            match draft.parent.as_deref().and_then(|p| index_of.get(p)) {
                Some(&parent) => children[parent].push(i),
                None => roots.push(i),
            }
        }
        let key = |&i: &usize| (drafts[i].order, slugs[i].clone());
        roots.sort_by_key(key);
        for list in &mut children {
            list.sort_by_key(key);
        }
        let mut order = Vec::with_capacity(drafts.len());
        let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            order.push((i, depth));
            stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
        }
        let position = order
            .iter()
            .enumerate()
            .map(|(pos, &(i, _))| (i, pos))
            .collect();
        Tree {
            index_of,
            children,
            order,
            position,
        }
    }
}

/// Tags, most used first; returns the index of each tag name too.
fn build_tags(
    config: &Config,
    plans: &[Arc<Plan>],
    problems: &mut Problems,
) -> (Vec<Tag>, HashMap<String, usize>) {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        for tag in &plan.meta.tags {
            by_name.entry(tag).or_default().push(i);
        }
    }
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut tags = Vec::with_capacity(by_name.len());
    for (name, plan_indices) in by_name {
        let (slug, clash) = unique_slug(slugify(name, config.slugify), &taken);
        if let Some(other) = clash {
            let plan = &plans[plan_indices[0]];
            problems.push(
                Diagnostic::warning(codes::TAG_SLUG_CLASH, &plan.source)
                    .arg("other", other)
                    .arg("tag", name)
                    .arg("address", slugify(name, config.slugify))
                    .arg("slug", &slug)
                    .at(plan.meta.line("tags"), 1),
            );
        }
        taken.insert(fold(&slug), name.to_string());
        tags.push(Tag {
            name: name.to_string(),
            slug,
            plans: plan_indices,
        });
    }
    tags.sort_by(|a, b| (Reverse(a.plans.len()), &a.slug).cmp(&(Reverse(b.plans.len()), &b.slug)));
    let index = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    (tags, index)
}

/// `slug`, or `slug-2`, `slug-3`... when taken; also returns whose slug it was. `taken` is keyed
/// by [`fold`]: addresses that differ only in letter case are one folder on Windows and macOS.
fn unique_slug(slug: String, taken: &HashMap<String, String>) -> (String, Option<String>) {
    let Some(owner) = taken.get(&fold(&slug)) else {
        return (slug, None);
    };
    let free = (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !taken.contains_key(&fold(s)))
        .unwrap_or_default();
    (free, Some(owner.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, parent: Option<&str>, order: (i64, usize)) -> UnitDraft<'static> {
        UnitDraft {
            name: name.into(),
            display: name.into(),
            explicit_slug: None,
            description: String::new(),
            parent: parent.map(String::from),
            order,
            declared: true,
            named_in: None,
        }
    }

    #[test]
    fn a_units_total_counts_its_own_plans_and_its_sub_units() {
        let test = crate::test_site::TestSite::new(10);
        test.plan("a", "市总工会", 2015, "正文。")
            .plan("b", "市总工会", 2016, "正文。")
            .plan("c", "区总工会", 2015, "正文。")
            .plan("d", "区总工会", 2016, "正文。")
            .plan("e", "区总工会", 2017, "正文。");
        let site = test.load();
        let counts: Vec<(&str, usize, usize)> = (site.units.iter())
            .map(|u| (u.name.as_str(), u.plans.len(), u.total))
            .collect();
        assert_eq!(counts, [("市总工会", 2, 5), ("区总工会", 3, 3)]);
        // The breadcrumbs above each unit: its parents, from the top.
        assert_eq!(site.ancestors(0), Vec::<usize>::new());
        assert_eq!(site.ancestors(1), [0]);
    }

    #[test]
    fn the_tree_puts_each_unit_after_its_parent_in_order() {
        let drafts = [
            draft("区", Some("市"), (i64::MAX, 0)),
            draft("市", None, (i64::MAX, 1)),
            draft("街道", Some("区"), (i64::MAX, 2)),
            draft("县", Some("市"), (1, 3)),
            draft("省", None, (0, 4)),
        ];
        let slugs: Vec<String> = ["qu", "shi", "jie-dao", "xian", "sheng"]
            .map(String::from)
            .to_vec();
        let tree = Tree::of(&drafts, &slugs);
        let names: Vec<(&str, usize)> = tree
            .order
            .iter()
            .map(|&(i, depth)| (drafts[i].name.as_str(), depth))
            .collect();
        assert_eq!(
            names,
            [("省", 0), ("市", 0), ("县", 1), ("区", 1), ("街道", 2)]
        );
        assert_eq!(tree.position[&tree.index_of["县"]], 2);
    }

    #[test]
    fn a_clash_of_derived_slugs_points_at_the_plan_that_named_the_unit() {
        let config = Config::parse("title: t\n", &mut Problems::new()).expect("a config");
        let plan = Path::new("content/a.md");
        let drafts = [
            draft("a", None, (0, 0)),
            UnitDraft {
                named_in: Some(plan),
                ..draft("A", None, (0, 1))
            },
        ];
        let mut problems = Problems::new();
        assert_eq!(unit_slugs(&config, &drafts, &mut problems), ["a", "a-2"]);
        let found: Vec<&Diagnostic> = problems.iter().collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, plan);
        assert_eq!(
            found[0].english(),
            "units `a` and `A` would both have the address `a`; `A` gets `a-2`"
        );
        let zh = found[0].rendered_in(crate::i18n::Lang::Zh);
        assert!(
            zh.starts_with(
                "content/a.md: warning: 单位“a”和“A”的网址会相同（都是 `a`），“A”改用 `a-2`\n"
            ),
            "{zh}"
        );
        assert!(
            zh.ends_with("在 site.yaml 里登记这个单位，用 `slug:` 给它另定一个网址名"),
            "{zh}"
        );
    }
}
