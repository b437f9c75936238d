//! The search index as the browser reads it: every plan holding a word is found through its
//! character pairs, fields are flagged for ranking, and drafts are absent.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::TestSite;
use plansite::search::shards;
use plansite::tokens;
use serde_json::Value;

/// The built index, read back as the browser reads it.
struct Index {
    manifest: Value,
    /// `[title, path, unit, year, date]` per document.
    docs: Vec<Value>,
    shards: Vec<Vec<shards::Postings>>,
}

impl Index {
    fn read(site: &TestSite) -> Index {
        let out = site.out();
        let manifest: Value =
            serde_json::from_str(&fs::read_to_string(out.join("search/index.json")).unwrap())
                .unwrap();
        let count = manifest["shards"].as_u64().unwrap();
        assert!(
            count.is_power_of_two(),
            "the browser masks hashes with shards - 1"
        );
        let shards = (0..count)
            .map(|n| {
                shards::decode(&fs::read(out.join(format!("search/s/{n}.bin"))).unwrap()).unwrap()
            })
            .collect();
        let chunk = manifest["chunk"].as_u64().unwrap() as usize;
        let total = manifest["docs"].as_u64().unwrap() as usize;
        let mut docs = Vec::new();
        for n in 0..total.div_ceil(chunk) {
            let rows: Vec<Value> = serde_json::from_str(
                &fs::read_to_string(out.join(format!("search/d/{n}.json"))).unwrap(),
            )
            .unwrap();
            docs.extend(rows);
        }
        assert_eq!(docs.len(), total);
        Index {
            manifest,
            docs,
            shards,
        }
    }

    /// Documents (by path) holding `token`, with their weight bytes.
    fn postings(&self, token: &str) -> Vec<(String, u8)> {
        let hash = tokens::hash(token);
        let shard = &self.shards[(hash as u64 % self.shards.len() as u64) as usize];
        shard
            .iter()
            .find(|(h, _)| *h == hash)
            .map(|(_, list)| {
                list.iter()
                    .map(|&(doc, w)| (self.docs[doc as usize][1].as_str().unwrap().to_string(), w))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Documents that hold every pair of characters of `word`.
    fn candidates(&self, word: &str) -> BTreeSet<String> {
        let mut pairs = Vec::new();
        tokens::for_each(word, |t| {
            pairs.push(String::from_utf8(t.to_vec()).expect("tokens are text"))
        });
        let mut sets = pairs.iter().map(|p| {
            self.postings(p)
                .into_iter()
                .map(|(path, _)| path)
                .collect::<BTreeSet<_>>()
        });
        let first = sets.next().unwrap_or_default();
        sets.fold(first, |acc, s| &acc & &s)
    }
}

/// The text of each built plan page (its article), by path: what a reader can find.
fn plan_texts(site: &TestSite, index: &Index) -> Vec<(String, String)> {
    index
        .docs
        .iter()
        .map(|row| {
            let path = row[1].as_str().unwrap().to_string();
            let html = site.read_out(&path);
            let start = html
                .find("data-search-text")
                .expect("plan pages mark their text");
            let end = html[start..].find("</article>").unwrap() + start;
            let mut text = String::new();
            let mut in_tag = false;
            for c in html[start..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag && !c.is_whitespace() => text.push(c),
                    _ => {}
                }
            }
            (path, text)
        })
        .collect()
}

#[test]
fn every_plan_with_a_word_is_found() {
    let site = TestSite::sample();
    site.build().ok();
    let index = Index::read(&site);
    assert_eq!(index.manifest["version"], 1);
    assert_eq!(index.docs.len(), 22, "every sample plan is a document");
    let texts = plan_texts(&site, &index);
    for word in [
        "帮扶",
        "困难职工",
        "工资集体协商",
        "女职工",
        "劳动竞赛",
        "职工之家",
    ] {
        let holding: BTreeSet<String> = texts
            .iter()
            .filter(|(_, text)| text.contains(word))
            .map(|(path, _)| path.clone())
            .collect();
        assert!(!holding.is_empty(), "the sample has plans with {word}");
        let found = index.candidates(word);
        assert!(
            found.is_superset(&holding),
            "{word}: missed {:?}",
            holding.difference(&found).collect::<Vec<_>>()
        );
        if word.chars().count() == 2 {
            assert_eq!(found, holding, "{word}: a pair is found exactly");
        }
    }
}

#[test]
fn fields_are_flagged_for_ranking() {
    let site = TestSite::new("title: 测试\nunits:\n  - name: 街道总工会\n");
    site.plan(
        "title-hit",
        "title: 困难职工帮扶计划\nunit: 街道总工会\nyear: 2014\ntags: [维权]",
        "正文不提。",
    );
    site.plan(
        "body-hit",
        "title: 年度计划\nunit: 街道总工会\nyear: 2013\ntags: [帮扶工作]",
        "今年继续做好帮扶。\n\n帮扶对象包括困难职工。",
    );
    site.build().ok();
    let index = Index::read(&site);
    let weights: Vec<(String, u8)> = index.postings("帮扶");
    let weight = |slug: &str| {
        weights
            .iter()
            .find(|(path, _)| path.contains(slug))
            .map(|(_, w)| *w)
            .unwrap_or_else(|| panic!("{slug} not found for 帮扶: {weights:?}"))
    };
    assert_eq!(weight("title-hit"), 0x80, "in the title only");
    assert_eq!(
        weight("body-hit"),
        0x20 | 2,
        "in a tag and twice in the body"
    );
    let unit: Vec<_> = index
        .postings("街道")
        .into_iter()
        .map(|(_, w)| w & 0x40)
        .collect();
    assert_eq!(
        unit,
        [0x40, 0x40],
        "the unit's name is a field of both plans"
    );
    let year: Vec<_> = index.postings("2014").into_iter().collect();
    assert_eq!(year.len(), 1);
    assert_eq!(year[0].1 & 0x10, 0x10, "the year is a fact of its plan");
}

#[test]
fn drafts_are_not_indexed() {
    let site = TestSite::new("title: 测试\nunits:\n  - name: 市总工会\n");
    site.plan(
        "open",
        "title: 公开计划\nunit: 市总工会\nyear: 2015",
        "公开内容。",
    );
    site.plan(
        "secret",
        "title: 保密草稿\nunit: 市总工会\nyear: 2016\ndraft: true",
        "绝密正文。",
    );
    site.build().ok();
    let index = Index::read(&site);
    assert_eq!(index.docs.len(), 1);
    for token in ["保密", "草稿", "绝密", "2016"] {
        assert!(
            index.postings(token).is_empty(),
            "draft token {token} leaked into the index"
        );
    }
    assert_eq!(index.postings("公开").len(), 1);

    site.run(&["build", "--drafts"]).ok();
    let index = Index::read(&site);
    assert_eq!(
        index.docs.len(),
        2,
        "a preview with drafts searches them too"
    );
    assert_eq!(index.postings("绝密").len(), 1);
}

#[test]
fn the_search_page_and_box_are_on_the_site() {
    let site = TestSite::sample();
    site.build().ok();
    let page = site.read_out("search/index.html");
    for part in [
        "id=\"search-status\"",
        "id=\"search-results\"",
        "src=\"../search.js\"",
        "data-root=\"../\"",
    ] {
        assert!(page.contains(part), "search page lacks {part}");
    }
    let home = site.read_out("index.html");
    assert!(home.contains("role=\"search\" action=\"search/index.html\""));
    assert!(site.out().join("search.js").is_file());
}
