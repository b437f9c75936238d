//! Search beyond one word, in the browser: several words must all occur, a title match ranks
//! before a text match and the newer plan first on ties, a phrase must occur whole, and the
//! browser's token hashes are the index's.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::common::TestSite;
use super::static_server::StaticServer;
use super::{Chromium, Page, wait_for_results};

/// Plans made so that each query below has exactly one right answer.
fn search_site() -> TestSite {
    let site = TestSite::new("title: 搜索测试\nunits:\n  - name: 市总工会\n");
    for (slug, title, year, body) in [
        ("title-match", "集体协商工作计划", 2014, "今年的安排。"),
        ("body-newer", "劳动竞赛计划", 2016, "推进集体协商。"),
        ("body-older", "职工之家建设计划", 2015, "开展集体协商。"),
        // Every character pair of 工资协商 (工资, 资协, 协商), but never the phrase.
        ("apart", "帮扶计划", 2017, "发放工资。物资协调。民主协商。"),
        ("phrase", "民主管理计划", 2013, "开展工资协商。"),
    ] {
        site.plan(
            slug,
            &format!("title: {title}\nunit: 市总工会\nyear: {year}"),
            body,
        );
    }
    site.build().ok();
    site
}

/// The titles the search page shows for `query`, in order.
fn results_for(page: &Page, query: &str) -> Vec<String> {
    let q = utf8_percent_encode(query, NON_ALPHANUMERIC);
    page.open(&format!("search/index.html?q={q}"));
    wait_for_results(page)
        .into_iter()
        .map(|(title, _)| first_line(&title))
        .collect()
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}

#[test]
fn searching_ranks_and_checks_whole_phrases() {
    let Some(chromium) = Chromium::launch("searching_ranks_and_checks_whole_phrases") else {
        return;
    };
    let site = search_site();
    let server = StaticServer::start(&site.out(), "/");
    let page = chromium.tab(&server.url);
    // A title match first; then text matches, newer first.
    assert_eq!(
        results_for(&page, "集体协商"),
        ["集体协商工作计划", "劳动竞赛计划", "职工之家建设计划"]
    );
    // Several words: all must occur (the year is one of the plan's fields).
    assert_eq!(results_for(&page, "集体协商 2016"), ["劳动竞赛计划"]);
    assert_eq!(results_for(&page, "2014 协商"), ["集体协商工作计划"]);
    // The pairs of a phrase apart are not the phrase.
    assert_eq!(results_for(&page, "工资协商"), ["民主管理计划"]);
    page.assert_clean();
}

/// The token hashes pinned in `src/tokens.rs`'s tests, computed by `search.js`'s own `hash`
/// function: the index is written with one and read with the other.
#[test]
fn the_browser_hashes_tokens_as_the_index_does() {
    let Some(chromium) = Chromium::launch("the_browser_hashes_tokens_as_the_index_does") else {
        return;
    };
    let script = std::fs::read_to_string(
        std::path::Path::new(super::common::REPO).join("themes/default/static/search.js"),
    )
    .unwrap();
    let start = script
        .find("  function hash(token) {")
        .expect("search.js has hash()");
    let end = start + script[start..].find("\n  }\n").expect("hash() ends") + 4;
    let hash = &script[start..end];
    let site = search_site();
    let server = StaticServer::start(&site.out(), "/");
    let page = chromium.tab(&server.url);
    page.open("index.html");
    let pinned: [(&str, u64); 5] = [
        ("", 0x811c_9dc5),
        ("a", 0xe40c_292c),
        ("foobar", 0xbf9c_f968),
        ("帮扶", 0x2b44_cdfb),
        ("女职工", 0x925a_9764),
    ];
    for (token, expected) in pinned {
        let js = format!("(function () {{ {hash} return hash({token:?}); }})()");
        let got = page.eval(&js);
        assert_eq!(got.as_u64(), Some(expected), "hash({token:?}) in search.js");
    }
}
