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

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::content::Plan;
use crate::index::{Site, Unit};
use crate::urls;
use shards::Weight;

/// Documents per `search/d/` file. The ten results shown are usually in ten different files,
/// so they are kept small (about 1 KB); a site of 10,000 plans has 1,250 of them.
const CHUNK: usize = 8;

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

/// The index of `site`, built from scratch: a build's path, which keeps nothing afterwards.
///
/// Nothing after the index needs the plans' plain text, so each plan's is dropped as soon as
/// its tokens are made (where no cache shares the plan): at 100,000 plans the texts are
/// 450 MB, which the postings then take over instead of growing the process.
pub fn build_dropping_text(site: &mut Site) -> SearchIndex {
    let Site {
        plans,
        links,
        units,
        ..
    } = site;
    let postings: Vec<Vec<(u32, Weight)>> = plans
        .par_iter_mut()
        .zip(links.par_iter())
        .map(|(plan, links)| {
            let tokens = document_tokens(plan, &units[links.unit]);
            if let Some(plan) = Arc::get_mut(plan) {
                plan.text = String::new();
            }
            tokens
        })
        .collect();
    let site = &*site;
    let shard_files = shards::encode(postings);
    let mut files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
    let shard_count = shard_files.len();
    for (n, bytes) in shard_files.into_iter().enumerate() {
        files.insert(shard_path(n), bytes.into());
    }
    for (n, chunk) in site.plans.chunks(CHUNK).enumerate() {
        files.insert(chunk_path(n), doc_rows(site, n * CHUNK, chunk));
    }
    let digests: Vec<u32> = files.values().map(|bytes| digest(bytes)).collect();
    finish(site, files, shard_count, &digests)
}

/// The index of `site`, reusing from `cache` what the last build made: the tokens of every
/// plan that has not changed, the files of the shards none of whose postings changed, and
/// the document files whose rows are the same. The preview server's path; it gives the same
/// files as [`build`].
pub fn build_with(site: &Site, cache: &mut SearchCache) -> SearchIndex {
    // A plan's tokens and its row come from the plan and its unit's names, nothing else.
    let units: Vec<(String, String)> = site
        .units
        .iter()
        .map(|u| (u.display.clone(), u.name.clone()))
        .collect();
    let unit_of = |i: usize| &units[site.links[i].unit];
    let old_unit = |doc: &Doc| &cache.units[doc.unit];
    // Plans usually keep their places; when they have moved, they are found by slug.
    let aligned = cache.docs.len() == site.plans.len()
        && cache
            .docs
            .iter()
            .zip(&site.plans)
            .all(|(doc, plan)| doc.plan.slug == plan.slug);
    let by_slug: HashMap<&str, &Doc> = match aligned {
        true => HashMap::new(),
        false => cache
            .docs
            .iter()
            .map(|d| (d.plan.slug.as_str(), d))
            .collect(),
    };
    let docs: Vec<Doc> = (0..site.plans.len())
        .into_par_iter()
        .map(|i| {
            let plan = &site.plans[i];
            let old = match aligned {
                true => cache.docs.get(i),
                false => by_slug.get(plan.slug.as_str()).copied(),
            };
            let old = old.filter(|old| Arc::ptr_eq(&old.plan, plan) && old_unit(old) == unit_of(i));
            let tokens = match old {
                Some(old) => old.tokens.clone(),
                None => {
                    // Sorted, so that a changed plan's tokens can be compared with its old ones.
                    let mut tokens = document_tokens(plan, &site.units[site.links[i].unit]);
                    tokens.sort_unstable_by_key(|&(hash, _)| hash);
                    Arc::new(tokens)
                }
            };
            Doc {
                plan: plan.clone(),
                unit: site.links[i].unit,
                tokens,
            }
        })
        .collect();
    drop(by_slug);
    // Whether each document differs from the one at its place last time.
    let changed: Vec<bool> = (0..docs.len())
        .map(|d| match cache.docs.get(d) {
            Some(old) => {
                !Arc::ptr_eq(&old.tokens, &docs[d].tokens)
                    || !Arc::ptr_eq(&old.plan, &docs[d].plan)
                    || old_unit(old).0 != unit_of(d).0
            }
            None => true,
        })
        .collect();
    let postings: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let shard_count = shards::shard_count(postings);
    let moved: Vec<usize> = (0..docs.len())
        .filter(|&d| {
            cache
                .docs
                .get(d)
                .is_none_or(|old| !Arc::ptr_eq(&old.tokens, &docs[d].tokens))
        })
        .collect();
    // Documents are numbered by position, so a document that moved is a change at both
    // places; when many changed, or the shards are cut differently, every shard is redone.
    let in_place = cache.docs.len() == docs.len()
        && cache.shards.len() == shard_count
        && moved.len() * 8 < docs.len().max(8);
    if in_place {
        update_shards(&mut cache.shards, &cache.docs, &docs, &moved);
    } else {
        cache.shards = pack_shards(&docs, shard_count);
    }

    let mut files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
    for (n, shard) in cache.shards.iter().enumerate() {
        files.insert(shard_path(n), shard.file.clone());
    }
    let mut chunks = Vec::with_capacity(site.plans.len().div_ceil(CHUNK));
    for (n, positions) in (0..docs.len())
        .collect::<Vec<_>>()
        .chunks(CHUNK)
        .enumerate()
    {
        let bytes = match cache.chunks.get(n) {
            Some((len, bytes))
                if *len == positions.len() && !positions.iter().any(|&d| changed[d]) =>
            {
                bytes.clone()
            }
            _ => {
                let start = n * CHUNK;
                doc_rows(site, start, &site.plans[start..start + positions.len()])
            }
        };
        files.insert(chunk_path(n), bytes.clone());
        chunks.push((positions.len(), bytes));
    }
    let digests: Vec<u32> = files
        .iter()
        .map(|(path, bytes)| match cache.digests.get(path) {
            Some((kept, digest)) if Arc::ptr_eq(kept, bytes) => *digest,
            _ => digest(bytes),
        })
        .collect();
    cache.digests = files
        .iter()
        .zip(&digests)
        .map(|((path, bytes), &d)| (path.clone(), (bytes.clone(), d)))
        .collect();
    cache.chunks = chunks;
    cache.docs = docs;
    cache.units = units;
    finish(site, files, shard_count, &digests)
}

/// What [`build_with`] keeps between builds.
#[derive(Default)]
pub struct SearchCache {
    /// The documents in site order, as last indexed.
    docs: Vec<Doc>,
    /// The display name and name of each unit, as last indexed.
    units: Vec<(String, String)>,
    shards: Vec<Shard>,
    /// Each document file with the number of rows it holds.
    chunks: Vec<(usize, Arc<[u8]>)>,
    /// Each file's bytes, by path, with their digest.
    digests: HashMap<String, (Arc<[u8]>, u32)>,
}

/// A document as indexed: the plan, its unit (in [`SearchCache::units`]), and its tokens.
struct Doc {
    plan: Arc<Plan>,
    unit: usize,
    tokens: Arc<Vec<(u32, Weight)>>,
}

/// One shard's postings, packed and sorted, and its file.
struct Shard {
    postings: Vec<u64>,
    file: Arc<[u8]>,
}

fn pack_shards(docs: &[Doc], shard_count: usize) -> Vec<Shard> {
    let mut postings: Vec<Vec<u64>> = vec![Vec::new(); shard_count];
    for (d, doc) in docs.iter().enumerate() {
        for &(hash, weight) in doc.tokens.iter() {
            postings[shards::shard_of(hash, shard_count)].push(shards::pack(hash, d, weight));
        }
    }
    postings
        .into_par_iter()
        .map(|mut postings| {
            postings.sort_unstable();
            postings.shrink_to_fit();
            let file = shards::encode_shard(&postings).into();
            Shard { postings, file }
        })
        .collect()
}

/// Takes the old postings of the `changed` documents out of their shards and puts the new ones
/// in, re-encoding only the shards that changed.
fn update_shards(shards: &mut [Shard], old: &[Doc], new: &[Doc], changed: &[usize]) {
    let count = shards.len();
    let mut touched = vec![false; count];
    for &d in changed {
        // Both lists are sorted by hash: walk them together, and touch only what differs.
        let (mut was, mut is) = (
            old[d].tokens.iter().peekable(),
            new[d].tokens.iter().peekable(),
        );
        loop {
            let (take_old, take_new) = match (was.peek(), is.peek()) {
                (None, None) => break,
                (Some(a), Some(b)) if a.0 == b.0 => (true, true),
                (Some(a), Some(b)) => (a.0 < b.0, b.0 < a.0),
                (Some(_), None) => (true, false),
                (None, Some(_)) => (false, true),
            };
            let gone = take_old.then(|| was.next()).flatten();
            let came = take_new.then(|| is.next()).flatten();
            if gone == came {
                continue;
            }
            if let Some(&(hash, weight)) = gone {
                let shard = shards::shard_of(hash, count);
                let postings = &mut shards[shard].postings;
                if let Ok(at) = postings.binary_search(&shards::pack(hash, d, weight)) {
                    postings.remove(at);
                }
                touched[shard] = true;
            }
            if let Some(&(hash, weight)) = came {
                let shard = shards::shard_of(hash, count);
                let postings = &mut shards[shard].postings;
                let packed = shards::pack(hash, d, weight);
                if let Err(at) = postings.binary_search(&packed) {
                    postings.insert(at, packed);
                }
                touched[shard] = true;
            }
        }
    }
    shards
        .par_iter_mut()
        .zip(touched)
        .filter(|(_, touched)| *touched)
        .for_each(|(shard, _)| shard.file = shards::encode_shard(&shard.postings).into());
}

fn shard_path(n: usize) -> String {
    format!("search/s/{n}.bin")
}

fn chunk_path(n: usize) -> String {
    format!("search/d/{n}.json")
}

/// The document file of `chunk`, the plans from position `start` on.
fn doc_rows(site: &Site, start: usize, chunk: &[Arc<Plan>]) -> Arc<[u8]> {
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
    json(&docs).into()
}

fn digest(bytes: &[u8]) -> u32 {
    tokens::fnv1a(tokens::FNV_OFFSET, bytes)
}

/// Adds the manifest, whose key is made of every file's path and digest (`digests` in the
/// order of `files`).
fn finish(
    site: &Site,
    mut files: BTreeMap<String, Arc<[u8]>>,
    shard_count: usize,
    digests: &[u32],
) -> SearchIndex {
    let key = files
        .keys()
        .zip(digests)
        .fold(tokens::FNV_OFFSET, |h, (path, digest)| {
            tokens::fnv1a(tokens::fnv1a(h, path.as_bytes()), &digest.to_le_bytes())
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

/// Every token of a plan with where it occurs: fields as flags, body occurrences counted.
fn document_tokens(plan: &Plan, unit: &Unit) -> Vec<(u32, Weight)> {
    // A plan has a few thousand tokens but only a few hundred distinct ones; merging them in a
    // map costs less than sorting them all (the shards are sorted later anyway).
    // Sized for the distinct pairs of the text (about one for every 6 bytes of Chinese), so
    // that the map is not grown and rehashed again and again: that was 15% of the index's cost.
    let mut found: FxHashMap<u32, Weight> =
        FxHashMap::with_capacity_and_hasher(plan.text.len() / 6 + 64, Default::default());
    let mut add = |text: &str, weight: Weight| {
        tokens::for_each(text, |t| {
            found
                .entry(tokens::hash(t))
                .and_modify(|w| *w = w.merge(weight))
                .or_insert(weight);
        });
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
    found.into_iter().collect()
}
