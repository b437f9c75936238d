//! A plan printed as a Chinese official document (GB/T 9704): printed to PDF by Chromium and
//! read back with `lopdf`: A4 paper, none of the site around the plan, 22 lines of 28
//! characters a page, page numbers as "— 1 —"; and the 打印 button, shown only on screen.

use std::io::Write;

use lopdf::Document;
use unicode_normalization::UnicodeNormalization;

use super::chromium::Chromium;
use super::static_server::StaticServer;
use super::{common::TestSite, screenshot_dir};

/// Paragraphs in the long plan: each 26 characters, a line of 28 with its 2-character indent.
const LINES: usize = 440;

/// The sample site with a long plan of [`LINES`] one-line paragraphs, built.
fn sample_with_a_long_plan() -> TestSite {
    let site = TestSite::sample();
    let han: Vec<char> =
        "工会组织职工群众开展劳动竞赛深化厂务公开推进集体协商维护合法权益服务困难职工建设职工之家"
            .chars()
            .collect();
    let mut next = han.iter().cycle();
    let paragraphs: Vec<String> = (0..LINES)
        .map(|_| next.by_ref().take(26).collect())
        .collect();
    // A 工作要点 of 2017: the page links to the unit's summary of 2017, which is not printed.
    site.plan(
        "2017-long",
        "title: 县总工会2017年工作要点（长篇）\nunit: 县总工会\nyear: 2017\nkind: 工作要点",
        &paragraphs.join("\n\n"),
    );
    site.build().ok();
    site
}

/// Each page's text, from the PDF, with the page's width and height in points.
fn pages(pdf: &[u8]) -> Vec<(String, f32, f32)> {
    let mut doc = Document::load_mem(pdf).expect("Chromium writes a PDF lopdf reads");
    // Chromium embeds CJK fonts as Type 3 fonts whose `/Encoding` names glyphs only by number
    // (`/g3DC7`); their `/ToUnicode` map says which characters they draw, and lopdf reads
    // that map when a font has no `/Encoding`.
    for object in doc.objects.values_mut() {
        if let Ok(font) = object.as_dict_mut()
            && font.has(b"ToUnicode")
        {
            font.remove(b"Encoding");
        }
    }
    doc.get_pages()
        .into_iter()
        .map(|(number, id)| {
            let text = doc.extract_text(&[number]).unwrap_or_default();
            let page = doc.get_object(id).and_then(|o| o.as_dict()).unwrap();
            let media_box = page.get(b"MediaBox").and_then(|b| b.as_array()).unwrap();
            let size: Vec<f32> = (media_box.iter())
                .map(|n| n.as_float().unwrap_or_else(|_| n.as_i64().unwrap() as f32))
                .collect();
            (text, size[2] - size[0], size[3] - size[1])
        })
        .collect()
}

/// What `extract_text` gives back, without the line breaks and spaces it puts between pieces,
/// and in NFKC: the fonts map some characters to look-alikes (工 to the Kangxi radical ⼯).
fn squeeze(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_plan_prints_as_an_official_document() {
    let Some(chromium) = Chromium::launch("a_plan_prints_as_an_official_document") else {
        return;
    };
    let site = sample_with_a_long_plan();
    let server = StaticServer::start(&site.out(), "/plans/");
    let page = chromium.tab(&server.url);
    page.open("plans/2017-long/index.html");

    // On screen: the 打印 button, made visible by its script; printed: nothing of the site.
    let shown =
        "(sel) => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display)";
    let displays = |selectors: &str| page.eval(&format!("({shown})({selectors:?})"));
    assert_eq!(
        displays(".print-button"),
        serde_json::json!(["inline-block"])
    );
    page.emulate_print(true);
    let hidden = [
        ".site-header",
        ".site-nav",
        ".site-search",
        ".breadcrumbs",
        ".pager",
        ".site-footer",
        ".print-button",
        ".plan-top",
    ];
    for selector in hidden {
        let found = displays(selector);
        assert!(
            found.as_array().is_some_and(|d| !d.is_empty()),
            "no {selector}"
        );
        for display in found.as_array().unwrap() {
            assert_eq!(display, "none", "{selector} is printed");
        }
    }
    // The body's type is 156/28 mm, so that 28 characters fill the 156 mm line (at 96 CSS
    // pixels an inch).
    let size =
        page.eval("parseFloat(getComputedStyle(document.querySelector('.plan-body p')).fontSize)");
    let expected = 156.0 / 28.0 / 25.4 * 96.0;
    assert!(
        (size.as_f64().unwrap() - expected).abs() < 0.05,
        "body type is {size}px, not {expected:.2}px"
    );
    page.emulate_print(false);
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).unwrap();

    let pdf = page.print_to_pdf();
    std::fs::write(dir.join("plan-print.pdf"), &pdf).unwrap();
    let pages = pages(&pdf);
    for (number, (text, width, height)) in pages.iter().enumerate() {
        // A4 is 595.3 x 841.9 points.
        assert!(
            (width - 595.3).abs() < 1.5 && (height - 841.9).abs() < 1.5,
            "page {} is {width} x {height} points, not A4",
            number + 1
        );
        let text = squeeze(text);
        for site_text in [
            "按单位",
            "按年份",
            "搜索",
            "首页",
            "上一篇",
            "打印",
            "本年度",
        ] {
            assert!(
                !text.contains(site_text),
                "page {}: {site_text:?} is printed:\n{text}",
                number + 1
            );
        }
        let folio = format!("—{}—", number + 1);
        assert!(
            text.contains(&folio),
            "page {}: no {folio}:\n{text}",
            number + 1
        );
    }
    assert!(
        // Not 长: its glyph maps to the radical ⻓, which NFKC leaves as it is.
        squeeze(&pages[0].0).contains("县总工会2017年工作要点"),
        "the title is on page 1:\n{}",
        pages[0].0
    );
    // 440 lines and the title's three make 443, at 22 a page 21 pages (21 lines a page would
    // need 22, 23 lines 20; 27 characters a line would wrap every paragraph: 41).
    assert_eq!(pages.len(), 21, "pages for {LINES} lines");
    page.emulate_print(true);
    // The first page as printed: the paper's width and height at 96 pixels an inch, with the
    // page's margins around the plan (a screenshot cannot show the page number in the margin).
    page.eval(
        "document.body.style.cssText = 'width: 210mm; padding: 37mm 26mm 35mm 28mm; margin: 0'",
    );
    let first = page.screenshot_area(&dir, "plan-print", 210.0 / 25.4 * 96.0, 297.0 / 25.4 * 96.0);
    page.assert_clean();
    let _ = writeln!(
        std::io::stderr(),
        "screenshot: {}\nprinted: {}",
        first.display(),
        dir.join("plan-print.pdf").display()
    );
}
