//! The floor under the build-time figures: a bare pipeline of the crates plansite is made of,
//! on the same corpus and machine. Front matter through serde_yaml, Markdown through
//! pulldown-cmark, pages through Tera, in parallel through rayon; plan pages and unpaginated
//! unit, year and tag lists, and nothing else: no checks or messages, no search index, feeds,
//! navigation, summaries or atomic publishing. The speed targets were set against such a
//! pipeline, so its time here tells how far a target is this machine's and how far the
//! work plansite does besides.
//!
//! Run as `scale bare <site> <out>`, a child process timed like plansite and Hugo.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tera::{Context, Tera};

#[derive(Deserialize)]
struct Front {
    title: String,
    unit: String,
    year: i32,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
}

struct Plan {
    slug: String,
    front: Front,
    html: String,
}

#[derive(Serialize)]
struct Item<'a> {
    title: &'a str,
    path: String,
}

const BASE: &str = r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head><body><main>{% block content %}{% endblock %}</main></body></html>"#;
const PLAN: &str = r#"{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}{% block content %}<h1>{{ title }}</h1><p><a href="/units/{{ unit }}/">{{ unit_name }}</a> · <a href="/years/{{ year }}/">{{ year }}</a>{% for tag in tags %} · <a href="/tags/{{ loop.index }}/">{{ tag }}</a>{% endfor %}</p>{{ html | safe }}{% endblock %}"#;
const LIST: &str = r#"{% extends "base.html" %}{% block title %}{{ name }}{% endblock %}{% block content %}<h1>{{ name }}</h1><ul>{% for plan in plans %}<li><a href="{{ plan.path }}">{{ plan.title }}</a></li>{% endfor %}</ul>{% endblock %}"#;

/// Builds the site at `site` into `out`; returns the number of pages.
pub fn build(site: &Path, out: &Path) -> io::Result<usize> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let plans: Vec<Plan> = files
        .par_iter()
        .map(|path| read(path))
        .collect::<io::Result<Vec<Option<Plan>>>>()?
        .into_iter()
        .flatten()
        .collect();

    let mut tera = Tera::new();
    tera.add_raw_templates(vec![
        ("base.html", BASE),
        ("plan.html", PLAN),
        ("list.html", LIST),
    ])
    .map_err(io::Error::other)?;
    let mut units: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        units.entry(&plan.front.unit).or_default().push(i);
        years.entry(plan.front.year).or_default().push(i);
        for tag in &plan.front.tags {
            tags.entry(tag).or_default().push(i);
        }
    }
    let unit_number: BTreeMap<&str, usize> =
        units.keys().enumerate().map(|(n, u)| (*u, n)).collect();

    // Each page's context is made on the thread that renders it.
    let plan_page = |plan: &Plan| {
        let mut ctx = Context::new();
        ctx.insert("title", &plan.front.title);
        ctx.insert("unit", &unit_number[plan.front.unit.as_str()]);
        ctx.insert("unit_name", &plan.front.unit);
        ctx.insert("year", &plan.front.year);
        ctx.insert("tags", &plan.front.tags);
        ctx.insert("html", &plan.html);
        ctx
    };
    let list_page = |name: &str, members: &[usize]| {
        let items: Vec<Item> = members
            .iter()
            .map(|&i| Item {
                title: &plans[i].front.title,
                path: format!("/plans/{}/", plans[i].slug),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("name", name);
        ctx.insert("plans", &items);
        ctx
    };
    let mut lists: Vec<(String, String, &[usize])> = Vec::new();
    for (n, (unit, members)) in units.iter().enumerate() {
        lists.push((format!("units/{n}"), unit.to_string(), members));
    }
    for (year, members) in &years {
        lists.push((format!("years/{year}"), year.to_string(), members));
    }
    for (n, (tag, members)) in tags.iter().enumerate() {
        lists.push((format!("tags/{}", n + 1), tag.to_string(), members));
    }
    let write = |dir: String, template: &str, ctx: Context| -> io::Result<()> {
        let html = tera.render(template, &ctx).map_err(io::Error::other)?;
        let dir = out.join(dir);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("index.html"), html)
    };
    plans
        .par_iter()
        .try_for_each(|plan| write(format!("plans/{}", plan.slug), "plan.html", plan_page(plan)))?;
    lists.par_iter().try_for_each(|(dir, name, members)| {
        write(dir.clone(), "list.html", list_page(name, members))
    })?;
    let pages = plans.len() + lists.len();
    Ok(pages)
}

/// One plan file, or `None` for a draft.
fn read(path: &Path) -> io::Result<Option<Plan>> {
    let text = fs::read_to_string(path)?;
    let malformed = || io::Error::other(format!("{}: no front matter", path.display()));
    let rest = text.strip_prefix("---\n").ok_or_else(malformed)?;
    let end = rest.find("\n---\n").ok_or_else(malformed)?;
    let front: Front = serde_yaml::from_str(&rest[..end]).map_err(io::Error::other)?;
    if front.draft {
        return Ok(None);
    }
    let body = &rest[end + 5..];
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, Options::ENABLE_TABLES));
    let slug = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    Ok(Some(Plan { slug, front, html }))
}
