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

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::content::Plan;
use crate::site::{Site, Unit};
use crate::terms::{self, Weight};
use crate::{tokens, urls};

/// Documents per `search/d/` file. The ten results shown are usually in ten different files,
/// so they are kept small (about 1 KB); a site of 10,000 plans has 1,250 of them.
const CHUNK: usize = 8;

pub const MANIFEST: &str = "search/index.json";

/// The index's files by output path.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// Files of the index made by a build of it, by output path.
type Made = Vec<(String, Arc<[u8]>)>;

/// The files of the index that changed since the last [`build`] with the same cache.
#[derive(Debug, Default)]
pub struct IndexChanges {
    /// Written or rewritten.
    pub files: Made,
    /// No longer part of the index.
    pub gone: Vec<String>,
}

/// A document's tokens with where they occur, sorted by hash.
type Tokens = Arc<Vec<(u32, Weight)>>;

#[derive(Serialize)]
struct Manifest {
    version: u32,
    docs: usize,
    shards: usize,
    chunk: usize,
    key: String,
}

/// The index of `site`, reusing from `cache` what the last call with it made, and the files
/// that changed since: one body for builds and the preview. A build's cache keeps nothing
/// ([`SearchCache::keeping_nothing`]), so every file is made and returned; the preview's
/// keeps every plan's tokens and the shards, and makes again only what changed (see
/// [`SearchCache::update`]). Either way the files are handed over, and the manifest made, by
/// [`SearchCache::apply`].
pub fn build(site: &Site, cache: &mut SearchCache) -> IndexChanges {
    let (files, gone, shard_count) = match cache.keep {
        true => cache.update(site),
        false => {
            let (files, shard_count) = encode(site);
            (files, Vec::new(), shard_count)
        }
    };
    let changes = cache.apply(site.plans.len(), shard_count, files, gone);
    if !cache.keep {
        cache.clear();
    }
    changes
}

/// Every file of the index but the manifest, with the number of shards, made from nothing and
/// keeping nothing: a build's path.
///
/// The bodies' terms are in the plans already; only each plan's fields (title, unit, tags,
/// year, kind) are tokenized here, and the shards merge them with the body's terms, so that
/// no list of a whole document's tokens is ever made: at 100,000 plans those were 600 MB.
fn encode(site: &Site) -> (Made, usize) {
    let docs: Vec<Fields> = site
        .plans
        .par_iter()
        .zip(&site.links)
        .map(|(plan, links)| Fields::of(plan, &site.units[links.unit]))
        .collect();
    let postings = docs.iter().map(|d| d.distinct).sum();
    let shard_files = shards::encode(docs.len(), postings, |d, keys| {
        let body = site.plans[d].terms.in_keys(keys.clone());
        let fields = docs[d].tokens.iter().copied();
        body.chain(fields.filter(move |&(hash, _)| shards::in_keys(&keys, hash)))
    });
    drop(docs);
    let shard_count = shard_files.len();
    let mut files: Made = (shard_files.into_iter().enumerate())
        .map(|(n, bytes)| (shard_path(n), bytes.into()))
        .collect();
    for (n, chunk) in site.plans.chunks(CHUNK).enumerate() {
        files.push((chunk_path(n), doc_rows(site, n * CHUNK, chunk)));
    }
    (files, shard_count)
}

/// What [`build`] keeps between builds.
pub struct SearchCache {
    /// Whether anything is kept: not in a build, which makes the index once.
    keep: bool,
    /// The documents in site order, as last indexed.
    docs: Vec<Doc>,
    /// The display name and name of each unit, as last indexed.
    units: Vec<(String, String)>,
    /// How many postings the documents have: the number of shards follows it.
    postings: usize,
    shards: Vec<Shard>,
    /// Every file but the manifest, by path, with its digest.
    files: BTreeMap<String, (Arc<[u8]>, u32)>,
    manifest: Option<Arc<[u8]>>,
}

/// The preview's cache: empty, and keeping what each build of the index makes for the next.
impl Default for SearchCache {
    fn default() -> SearchCache {
        SearchCache {
            keep: true,
            docs: Vec::new(),
            units: Vec::new(),
            postings: 0,
            shards: Vec::new(),
            files: BTreeMap::new(),
            manifest: None,
        }
    }
}

/// A document as indexed: the plan, its unit (in [`SearchCache::units`]), and its tokens.
struct Doc {
    plan: Arc<Plan>,
    unit: usize,
    tokens: Tokens,
}

/// A document whose tokens changed: its place, its old tokens and its new ones.
type Moved = (usize, Tokens, Tokens);

impl SearchCache {
    /// A build's cache: it keeps nothing, and the index is made from nothing.
    pub fn keeping_nothing() -> SearchCache {
        SearchCache {
            keep: false,
            ..SearchCache::default()
        }
    }

    /// Forgets what was made, so that the next build makes the whole index and hands over
    /// every file.
    pub fn clear(&mut self) {
        *self = SearchCache {
            keep: self.keep,
            ..SearchCache::default()
        };
    }

    /// When the cache keeps what it made: the documents of the plans that changed made again,
    /// and the files they touch. Returns those files, the paths of the files gone, and the
    /// number of shards. Its cost grows with the plans changed when the others kept their
    /// places.
    fn update(&mut self, site: &Site) -> (Made, Vec<String>, usize) {
        // A plan's tokens and its row come from the plan and its unit's names, nothing else.
        let units: Vec<(String, String)> = site
            .units
            .iter()
            .map(|u| (u.display.clone(), u.name.clone()))
            .collect();
        let (old_shards, old_docs) = (self.shards.len(), self.docs.len());
        let same_places = self.units == units
            && self.docs.len() == site.plans.len()
            && (self.docs.iter().zip(&site.plans).zip(&site.links))
                .all(|((doc, plan), links)| doc.plan.slug == plan.slug && doc.unit == links.unit);
        let (changed, moved) = match same_places {
            true => {
                let (changed, moved) = self.replace_changed(site);
                (changed, Some(moved))
            }
            false => (self.replace_all(site, &units), None),
        };
        self.units = units;
        let shard_count = shards::shard_count(self.postings);
        // Documents are numbered by position: when plans moved, or many changed, or the shards
        // are cut differently, every shard is redone.
        let touched_shards = match moved {
            Some(moved)
                if self.shards.len() == shard_count && moved.len() * 8 < self.docs.len().max(8) =>
            {
                update_shards(&mut self.shards, &moved)
            }
            _ => {
                self.shards = pack_shards(&self.docs, shard_count);
                (0..shard_count).collect()
            }
        };
        let mut files: Made = touched_shards
            .into_iter()
            .map(|n| (shard_path(n), self.shards[n].file.clone()))
            .collect();
        let docs = self.docs.len();
        let mut touched_chunks: Vec<usize> = changed.iter().map(|&d| d / CHUNK).collect();
        // With fewer documents, the last file holds fewer rows.
        if docs < old_docs && docs > 0 {
            touched_chunks.push((docs - 1) / CHUNK);
        }
        touched_chunks.sort_unstable();
        touched_chunks.dedup();
        for n in touched_chunks {
            let start = n * CHUNK;
            let end = (start + CHUNK).min(docs);
            files.push((
                chunk_path(n),
                doc_rows(site, start, &site.plans[start..end]),
            ));
        }
        let gone = (shard_count..old_shards)
            .map(shard_path)
            .chain((docs.div_ceil(CHUNK)..old_docs.div_ceil(CHUNK)).map(chunk_path))
            .collect();
        (files, gone, shard_count)
    }

    /// When every plan is where it was, with the same unit: the documents of the plans that
    /// changed made again. Returns their places, and those whose tokens changed.
    fn replace_changed(&mut self, site: &Site) -> (Vec<usize>, Vec<Moved>) {
        let changed: Vec<usize> = (self.docs.iter().zip(&site.plans).enumerate())
            .filter(|(_, (doc, plan))| !Arc::ptr_eq(&doc.plan, plan))
            .map(|(d, _)| d)
            .collect();
        let tokens: Vec<Tokens> = changed.par_iter().map(|&d| tokens_of(site, d)).collect();
        let mut moved = Vec::new();
        for (&d, tokens) in changed.iter().zip(tokens) {
            let doc = &mut self.docs[d];
            doc.plan = site.plans[d].clone();
            if doc.tokens != tokens {
                self.postings = self.postings - doc.tokens.len() + tokens.len();
                let old = std::mem::replace(&mut doc.tokens, tokens.clone());
                moved.push((d, old, tokens));
            }
        }
        (changed, moved)
    }

    /// Every document made again, taking the tokens of each plan that has not changed (found
    /// by slug) from the cache. Returns the places whose plan or unit changed.
    fn replace_all(&mut self, site: &Site, units: &[(String, String)]) -> Vec<usize> {
        let old_units = &self.units;
        let by_slug: HashMap<&str, &Doc> = self
            .docs
            .iter()
            .map(|d| (d.plan.slug.as_str(), d))
            .collect();
        let docs: Vec<Doc> = (0..site.plans.len())
            .into_par_iter()
            .map(|d| {
                let (plan, unit) = (&site.plans[d], site.links[d].unit);
                let old = by_slug.get(plan.slug.as_str()).filter(|old| {
                    Arc::ptr_eq(&old.plan, plan) && old_units[old.unit] == units[unit]
                });
                let tokens = match old {
                    Some(old) => old.tokens.clone(),
                    None => tokens_of(site, d),
                };
                Doc {
                    plan: plan.clone(),
                    unit,
                    tokens,
                }
            })
            .collect();
        drop(by_slug);
        let changed = (docs.iter().enumerate())
            .filter(|(d, doc)| {
                self.docs.get(*d).is_none_or(|old| {
                    !Arc::ptr_eq(&old.plan, &doc.plan) || old_units[old.unit] != units[doc.unit]
                })
            })
            .map(|(d, _)| d)
            .collect();
        self.postings = docs.iter().map(|d| d.tokens.len()).sum();
        self.docs = docs;
        changed
    }

    /// Takes in the files made again and the ones gone, with the manifest, and returns those
    /// whose bytes changed.
    fn apply(
        &mut self,
        docs: usize,
        shard_count: usize,
        files: Made,
        gone: Vec<String>,
    ) -> IndexChanges {
        let mut changes = IndexChanges::default();
        for path in gone {
            if self.files.remove(&path).is_some() {
                changes.gone.push(path);
            }
        }
        for (path, bytes) in files {
            if self.files.get(&path).is_some_and(|(old, _)| *old == bytes) {
                continue;
            }
            self.files
                .insert(path.clone(), (bytes.clone(), digest(&bytes)));
            changes.files.push((path, bytes));
        }
        let files = self.files.iter().map(|(path, (_, digest))| (path, *digest));
        let manifest = manifest(docs, shard_count, files);
        if self.manifest.as_ref() != Some(&manifest) {
            self.manifest = Some(manifest.clone());
            changes.files.push((MANIFEST.into(), manifest));
        }
        changes
    }
}

/// One shard's postings, packed and sorted, and its file.
struct Shard {
    postings: Vec<u64>,
    file: Arc<[u8]>,
}

/// The tokens of the plan at place `d`.
fn tokens_of(site: &Site, d: usize) -> Tokens {
    Arc::new(document_tokens(
        &site.plans[d],
        &site.units[site.links[d].unit],
    ))
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

/// Takes the old postings of the `moved` documents out of their shards and puts the new ones
/// in, re-encoding only the shards that changed. Returns those shards' numbers, in order.
fn update_shards(shards: &mut [Shard], moved: &[Moved]) -> Vec<usize> {
    let count = shards.len();
    let mut touched = vec![false; count];
    for (d, old, new) in moved {
        let d = *d;
        // Both lists are sorted by hash: walk them together, and touch only what differs.
        let (mut was, mut is) = (old.iter().peekable(), new.iter().peekable());
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
        .zip(&touched)
        .filter(|(_, touched)| **touched)
        .for_each(|(shard, _)| shard.file = shards::encode_shard(&shard.postings).into());
    (0..count).filter(|&n| touched[n]).collect()
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

/// The manifest, whose key is made of every other file's path and digest, in path order.
fn manifest<'a>(
    docs: usize,
    shard_count: usize,
    files: impl Iterator<Item = (&'a String, u32)>,
) -> Arc<[u8]> {
    let key = files.fold(tokens::FNV_OFFSET, |h, (path, digest)| {
        tokens::fnv1a(tokens::fnv1a(h, path.as_bytes()), &digest.to_le_bytes())
    });
    let manifest = Manifest {
        version: 1,
        docs,
        shards: shard_count,
        chunk: CHUNK,
        key: format!("{key:08x}"),
    };
    json(&manifest).into()
}

/// `[title, path, unit, year, date]`: an array, not an object, to keep the files small.
#[derive(Serialize)]
struct DocRow<'a>(&'a str, String, &'a str, i32, String);

fn json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("search rows are plain strings and numbers")
}

/// The tokens of a plan's fields, each once with its flags, and how many distinct tokens the
/// plan has with its body's.
struct Fields {
    tokens: Vec<(u32, Weight)>,
    distinct: usize,
}

impl Fields {
    fn of(plan: &Plan, unit: &Unit) -> Fields {
        let mut found: FxHashMap<u32, Weight> = FxHashMap::default();
        let mut add = |text: &str, weight: Weight| terms::add(&mut found, text, weight);
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
        let in_body = plan
            .terms
            .iter()
            .filter(|(hash, _)| found.contains_key(hash));
        let distinct = plan.terms.len() + found.len() - in_body.count();
        Fields {
            tokens: found.into_iter().collect(),
            distinct,
        }
    }
}

/// Every token of a plan with where it occurs, sorted by hash: fields as flags, body
/// occurrences counted.
fn document_tokens(plan: &Plan, unit: &Unit) -> Vec<(u32, Weight)> {
    let fields = Fields::of(plan, unit).tokens;
    let mut tokens: Vec<(u32, Weight)> = plan.terms.iter().chain(fields).collect();
    tokens.sort_unstable_by_key(|&(hash, _)| hash);
    tokens.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 = kept.1.merge(later.1);
        }
        same
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::Terms;
    use crate::test_site::TestSite;

    fn files(changes: IndexChanges) -> Files {
        assert!(changes.gone.is_empty());
        changes.files.into_iter().collect()
    }

    /// Twenty plans of two units and as many years, the body of the n-th `body(n)`.
    fn twenty_plans(body: impl Fn(usize) -> String) -> TestSite {
        let test = TestSite::new(10);
        for n in 0..20 {
            let unit = ["市总工会", "区总工会"][n % 2];
            test.plan(&format!("p{n}"), unit, 2000 + n as i32, &body(n));
        }
        test
    }

    #[test]
    fn a_cache_that_keeps_nothing_makes_the_files_the_preview_keeps() {
        let test = twenty_plans(|n| "正文帮扶。".repeat(n + 1));
        let site = test.load();
        let mut kept = SearchCache::default();
        let mut preview = files(build(&site, &mut kept));
        let full = files(build(&site, &mut SearchCache::keeping_nothing()));
        assert_eq!(preview, full);
        assert!(full.contains_key(MANIFEST) && full.contains_key(&shard_path(0)));

        // A body edited: the preview hands over only what changed, and ends where a build
        // that keeps nothing does.
        test.plan("p3", "区总工会", 2003, "改过的正文。");
        let site = test.load();
        let changes = build(&site, &mut kept);
        // Its row (title, address, unit, year, date) is as it was: only the one shard and the
        // manifest that names it change.
        let changed: Vec<&str> = changes
            .files
            .iter()
            .map(|(path, _)| path.as_str())
            .collect();
        assert_eq!(changed, [shard_path(0).as_str(), MANIFEST]);
        preview.extend(files(changes));
        assert_eq!(
            preview,
            files(build(&site, &mut SearchCache::keeping_nothing()))
        );
    }

    /// Two plans, each of its own unit.
    fn two_units() -> TestSite {
        let test = TestSite::new(10);
        test.plan("p0", "市总工会", 2001, "正文。");
        test.plan("p1", "区总工会", 2002, "正文。");
        test
    }

    #[test]
    fn a_build_keeps_nothing_and_hands_over_every_file_each_time() {
        let test = two_units();
        let site = test.load();
        let all = files(build(&site, &mut SearchCache::keeping_nothing()));
        let mut cache = SearchCache::keeping_nothing();
        for n in 1..=2 {
            assert_eq!(files(build(&site, &mut cache)), all, "build {n}");
            // Kept, the plans' tokens and the shards' postings would be held until the build
            // ends: hundreds of MB at 100,000 plans.
            assert!(
                cache.docs.is_empty() && cache.shards.is_empty() && cache.files.is_empty(),
                "build {n} kept the index"
            );
        }
    }

    #[test]
    fn a_unit_given_a_display_name_is_renamed_in_the_previews_index() {
        let test = two_units();
        let mut site = test.load();
        let mut kept = SearchCache::default();
        let mut preview = files(build(&site, &mut kept));
        // site.yaml names the unit anew; the plans are those of the last build.
        let unit = site.links[0].unit;
        site.units[unit].display = "新名工会".into();
        preview.extend(files(build(&site, &mut kept)));
        assert_eq!(
            preview,
            files(build(&site, &mut SearchCache::keeping_nothing()))
        );
    }

    /// `site` with the plan at `d` made again and changed by `edit`, the others shared with
    /// it, as a rebuild that parsed one file again hands them over.
    fn edited(site: &Site, d: usize, edit: impl FnOnce(&mut Plan)) -> Site {
        let mut site = site.clone();
        let mut plan = Plan::clone(&site.plans[d]);
        edit(&mut plan);
        site.plans[d] = Arc::new(plan);
        site
    }

    /// `site` without the plan at `d`.
    fn without(site: &Site, d: usize) -> Site {
        let mut site = site.clone();
        site.plans.remove(d);
        site.links.remove(d);
        site
    }

    /// The files of the index of `site` made from nothing.
    fn fresh(site: &Site) -> Files {
        files(build(site, &mut SearchCache::keeping_nothing()))
    }

    /// A body of `n` distinct words.
    fn words(n: usize) -> Terms {
        Terms::of(&(0..n).map(|i| format!("w{i} ")).collect::<String>())
    }

    /// Builds the index of `site` with the preview's `cache`, takes the changes into `kept`
    /// as the preview's folder takes them, and checks that it is then the index a build
    /// makes.
    fn follow(cache: &mut SearchCache, kept: &mut Files, site: &Site, what: &str) {
        let changes = build(site, cache);
        for path in changes.gone {
            assert!(
                kept.remove(&path).is_some(),
                "{what}: {path} gone but never made"
            );
        }
        kept.extend(changes.files);
        assert_eq!(
            *kept,
            fresh(site),
            "{what}: the preview's index is not a build's"
        );
        let postings: usize = cache.docs.iter().map(|d| d.tokens.len()).sum();
        assert_eq!(
            cache.postings, postings,
            "{what}: the shards are sized by a wrong count"
        );
    }

    #[test]
    fn the_preview_index_is_a_builds_after_every_kind_of_change() {
        let test = twenty_plans(|n| format!("正文{n}帮扶。"));
        let mut site = test.load();
        let mut cache = SearchCache::default();
        let mut kept = Files::new();
        follow(&mut cache, &mut kept, &site, "first build");

        site = edited(&site, 3, |p| p.terms = Terms::of("改过的正文，帮扶。"));
        follow(&mut cache, &mut kept, &site, "a body edited");
        site = edited(&site, 12, |p| p.meta.title = "新的标题".into());
        follow(
            &mut cache,
            &mut kept,
            &site,
            "a title edited in the second file of rows",
        );
        site = edited(&site, 6, |_| {});
        follow(&mut cache, &mut kept, &site, "a plan read again unchanged");
        for d in [1, 9, 17] {
            site = edited(&site, d, |p| p.terms = Terms::of("三份一起改。"));
        }
        follow(&mut cache, &mut kept, &site, "three plans edited at once");

        // Enough words for more than one shard, then edits while there are several.
        site = edited(&site, 0, |p| p.terms = words(20_000));
        follow(&mut cache, &mut kept, &site, "a plan grown past one shard");
        assert!(cache.shards.len() > 1);
        site = edited(&site, 4, |p| p.terms = Terms::of("多个分片时改的正文。"));
        follow(
            &mut cache,
            &mut kept,
            &site,
            "a body edited among several shards",
        );
        site = edited(&site, 5, |p| p.terms = words(30));
        follow(
            &mut cache,
            &mut kept,
            &site,
            "latin words added among several shards",
        );
        site = edited(&site, 0, |p| p.terms = Terms::of("又变短了。"));
        follow(&mut cache, &mut kept, &site, "back to one shard");
        assert_eq!(cache.shards.len(), 1);

        site.units[1].display = "区级工会".into();
        follow(
            &mut cache,
            &mut kept,
            &site,
            "a unit's display name changed",
        );
        site.links[7].unit = 1 - site.links[7].unit;
        follow(&mut cache, &mut kept, &site, "a plan moved to another unit");

        site = without(&site, 19);
        follow(&mut cache, &mut kept, &site, "the last plan removed");
        for _ in 0..3 {
            site = without(&site, 16);
        }
        follow(
            &mut cache,
            &mut kept,
            &site,
            "three plans removed, one file of rows fewer",
        );
        site = without(&site, 2);
        site = edited(&site, 10, |p| p.terms = Terms::of("删除时改的正文。"));
        follow(
            &mut cache,
            &mut kept,
            &site,
            "a plan removed while another is edited",
        );

        let mut added = Plan::clone(&site.plans[0]);
        added.slug = "added".into();
        added.meta.title = "新增计划".into();
        site.plans.push(Arc::new(added));
        site.links.push(site.links[0].clone());
        follow(&mut cache, &mut kept, &site, "a plan added at the end");
        site.plans.swap(1, 2);
        site.links.swap(1, 2);
        follow(&mut cache, &mut kept, &site, "two plans swapped");

        site.plans.clear();
        site.links.clear();
        follow(&mut cache, &mut kept, &site, "every plan removed");
    }

    #[test]
    fn every_row_names_its_plan_and_its_unit() {
        let test = TestSite::new(10);
        for n in 0..12 {
            let unit = ["市总工会", "区总工会"][n % 3 / 2];
            test.plan(&format!("p{n}"), unit, 2000 + n as i32, "正文。");
        }
        let site = test.load();
        let index = fresh(&site);
        let rows: Vec<serde_json::Value> = (0..site.plans.len().div_ceil(CHUNK))
            .flat_map(|n| {
                serde_json::from_slice::<Vec<serde_json::Value>>(&index[&chunk_path(n)]).unwrap()
            })
            .collect();
        assert_eq!(rows.len(), site.plans.len());
        for (d, (row, plan)) in rows.iter().zip(&site.plans).enumerate() {
            let unit = &site.units[site.links[d].unit].display;
            assert_eq!(row[0], plan.meta.title.as_str());
            assert_eq!(row[1], urls::plan(&plan.slug));
            assert_eq!(row[2], unit.as_str(), "the unit of {}", plan.slug);
        }
    }

    #[test]
    fn a_unit_is_found_by_its_name_and_by_its_display_name() {
        let test = TestSite::new(10);
        test.plan("p0", "市总工会", 2001, "正文。");
        let mut site = test.load();
        let unit = site.links[0].unit;
        site.units[unit].display = "市级工会".into();
        let tokens = document_tokens(&site.plans[0], &site.units[unit]);
        for pair in ["市总", "总工", "市级", "级工", "工会"] {
            assert!(
                (tokens.iter())
                    .any(|&(hash, w)| hash == tokens::hash(pair)
                        && w.byte() & Weight::UNIT.byte() != 0),
                "{pair} is not a unit token"
            );
        }
    }

    #[test]
    fn a_word_both_in_a_field_and_in_the_body_counts_once_to_size_the_shards() {
        let test = TestSite::new(10);
        // The title and the tag (帮扶) are in the body too; the unit, year and kind are not.
        test.plan("abc", "市总工会", 2001, "abc 帮扶，正文。");
        let site = test.load();
        let (plan, unit) = (&site.plans[0], &site.units[site.links[0].unit]);
        let fields = Fields::of(plan, unit);
        assert_eq!(fields.distinct, document_tokens(plan, unit).len());
        assert!(fields.distinct < plan.terms.len() + fields.tokens.len());
    }

    #[test]
    fn every_plan_moved_to_another_unit_at_once_is_moved_in_the_previews_index() {
        let test = two_units();
        let mut site = test.load();
        let mut cache = SearchCache::default();
        let mut kept = Files::new();
        follow(&mut cache, &mut kept, &site, "first build");
        // The same plans in the same places, each now in the other's unit.
        let (a, b) = (site.links[0].unit, site.links[1].unit);
        (site.links[0].unit, site.links[1].unit) = (b, a);
        follow(&mut cache, &mut kept, &site, "the two plans' units swapped");
    }

    #[test]
    fn an_edit_among_several_shards_encodes_again_only_the_shard_of_its_new_word() {
        let test = twenty_plans(|n| format!("正文{n}帮扶。"));
        let mut site = test.load();
        site = edited(&site, 0, |p| p.terms = words(40_000));
        site = edited(&site, 4, |p| p.terms = Terms::of("正文帮扶。"));
        let mut cache = SearchCache::default();
        let mut kept = Files::new();
        follow(&mut cache, &mut kept, &site, "first build");
        let before: Vec<Arc<[u8]>> = cache.shards.iter().map(|s| s.file.clone()).collect();
        assert!(before.len() > 2);

        site = edited(&site, 4, |p| p.terms = Terms::of("正文帮扶。xyz"));
        follow(&mut cache, &mut kept, &site, "one word added to a body");
        // The preview's cost grows with what changed: every other shard keeps its file.
        let encoded: Vec<usize> = (before.iter().zip(&cache.shards).enumerate())
            .filter(|(_, (old, new))| !Arc::ptr_eq(old, &new.file))
            .map(|(n, _)| n)
            .collect();
        let shard = shards::shard_of(tokens::hash("xyz"), before.len());
        assert_eq!(encoded, [shard]);
    }

    #[test]
    fn a_file_of_rows_whose_every_plan_moved_is_made_again() {
        let test = twenty_plans(|n| format!("正文{n}帮扶。"));
        let mut site = test.load();
        let mut cache = SearchCache::default();
        let mut kept = Files::new();
        follow(&mut cache, &mut kept, &site, "first build");
        // Each plan of the second file of rows changes places with the one of its unit two
        // places on; the plans of the other files stay where they were.
        for d in [8, 9, 12, 13] {
            site.plans.swap(d, d + 2);
            site.links.swap(d, d + 2);
        }
        follow(
            &mut cache,
            &mut kept,
            &site,
            "the second file's plans swapped in pairs",
        );
    }

    #[test]
    fn the_unit_of_every_plan_of_a_file_of_rows_renamed_is_renamed_in_it() {
        let test = TestSite::new(10);
        test.plan("p0", "市总工会", 2001, "正文。");
        let mut site = test.load();
        let mut cache = SearchCache::default();
        let mut kept = Files::new();
        follow(&mut cache, &mut kept, &site, "first build");
        let unit = site.links[0].unit;
        site.units[unit].display = "新名工会".into();
        follow(
            &mut cache,
            &mut kept,
            &site,
            "the sole unit given a display name",
        );
    }
}
