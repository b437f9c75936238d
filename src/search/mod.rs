//! The search index: written with the site, read by the browser (`static/search.js`) a piece
//! at a time, so a search downloads a few small files however large the site is.
//!
//! - `search/index.json`: how the index is cut up, and a key that changes with its contents
//!   (the browser adds it to every address, so a rebuilt index is never mixed with a cached one).
//! - `search/s/<n>.bin`: shard `n` holds the postings of every token whose hash ends in `n`
//!   (see [`shards`]). A query fetches only the shards of its own tokens.
//! - `search/d/<n>.json`: title, address, unit, year and date of documents `n*CHUNK` to
//!   `(n+1)*CHUNK - 1`, fetched only for the results shown.
//!
//! Documents are the published plans in site order (newest first), so ties in ranking fall
//! to the newer plan. Drafts are not in the site unless previewing with `--drafts`.

pub mod shards;
pub mod tokens;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::index::Site;
use crate::urls;
use shards::Weight;

/// Documents per `search/d/` file: a results page of ten touches at most ten small files.
const CHUNK: usize = 32;

pub const MANIFEST: &str = "search/index.json";

/// The index's files by output path, and its size.
#[derive(Debug, Default)]
pub struct SearchIndex {
    pub files: BTreeMap<String, Arc<[u8]>>,
    pub bytes: usize,
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    docs: usize,
    shards: usize,
    chunk: usize,
    key: String,
}

pub fn build(site: &Site) -> SearchIndex {
    let postings: Vec<Vec<(u32, Weight)>> = (0..site.plans.len())
        .into_par_iter()
        .map(|i| document_tokens(site, i))
        .collect();
    let shard_files = shards::encode(postings);
    let mut files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
    let shard_count = shard_files.len();
    for (n, bytes) in shard_files.into_iter().enumerate() {
        files.insert(format!("search/s/{n}.bin"), bytes.into());
    }
    for (n, chunk) in site.plans.chunks(CHUNK).enumerate() {
        let start = n * CHUNK;
        let docs: Vec<DocRow> = chunk
            .iter()
            .enumerate()
            .map(|(k, plan)| {
                DocRow(
                    &plan.meta.title,
                    urls::plan(&plan.slug),
                    &site.units[site.links[start + k].unit].display,
                    plan.meta.year,
                    plan.meta.date.map(|d| d.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        files.insert(format!("search/d/{n}.json"), json(&docs).into());
    }
    let key = files.iter().fold(tokens::FNV_OFFSET, |h, (path, bytes)| {
        tokens::fnv1a(tokens::fnv1a(h, path.as_bytes()), bytes)
    });
    let manifest = Manifest {
        version: 1,
        docs: site.plans.len(),
        shards: shard_count,
        chunk: CHUNK,
        key: format!("{key:08x}"),
    };
    files.insert(MANIFEST.into(), json(&manifest).into());
    let bytes = files.values().map(|f| f.len()).sum();
    SearchIndex { files, bytes }
}

/// `[title, path, unit, year, date]`: an array, not an object, to keep the files small.
#[derive(Serialize)]
struct DocRow<'a>(&'a str, String, &'a str, i32, String);

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("search rows are plain strings and numbers")
}

/// Every token of plan `i` with where it occurs: fields as flags, body occurrences counted.
fn document_tokens(site: &Site, i: usize) -> Vec<(u32, Weight)> {
    let plan = &site.plans[i];
    let unit = &site.units[site.links[i].unit];
    let mut found: Vec<(u32, Weight)> = Vec::new();
    let mut add = |text: &str, weight: Weight| {
        tokens::for_each(text, |t| found.push((tokens::hash(t), weight)));
    };
    add(&plan.meta.title, Weight::TITLE);
    add(&unit.display, Weight::UNIT);
    if unit.name != unit.display {
        add(&unit.name, Weight::UNIT);
    }
    for tag in &plan.meta.tags {
        add(tag, Weight::TAGS);
    }
    add(&plan.meta.year.to_string(), Weight::FACTS);
    add(&plan.meta.kind, Weight::FACTS);
    add(&plan.text, Weight::ONCE_IN_BODY);
    found.sort_unstable_by_key(|&(hash, _)| hash);
    found.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 = kept.1.merge(later.1);
        }
        same
    });
    found
}
