//! Saved web pages and pages copied from the intranet: the article is found (an `<article>`,
//! `<main>`, a known content box, else the element holding the most paragraph text), and
//! navigation, scripts, styles and forms are dropped. Read with a real HTML5 parser (scraper,
//! on html5ever), so that broken markup is read as a browser reads it.

use scraper::{ElementRef, Html, Node, Selector};

use std::path::{Path, PathBuf};

use super::document::{Block, Document, Image, List, Para, image_extension};
use super::inline::{Piece, inline};
use super::messages;
use super::table::{self, Cell};

/// Elements that are never part of the article.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
    "select", "textarea", "template", "svg", "head", "object", "embed",
];
/// No image of a page is read beyond this, nor all of them together beyond the second.
const IMAGE_LIMIT: u64 = 32 << 20;
const IMAGES_LIMIT: u64 = 100 << 20;

/// Elements nested deeper than this are read as their text (the walk recurses).
const MAX_DEPTH: usize = 200;

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "center",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "hr",
    "br",
    "body",
    "figure",
];
/// Where content-management systems of Chinese government and union sites put the article.
const ARTICLE: &[&str] = &[
    "article",
    "main",
    "[role=main]",
    ".TRS_Editor",
    "#zoom",
    "#content",
    ".article-content",
    ".article",
    ".content",
    "#article",
];

/// Whether elements nest deeper than `limit` (by a count of opening and closing tags, leaving
/// out those a parser closes by itself): the parser's time grows with the square of the depth,
/// so such a page is refused before it is parsed.
pub fn nests_deeper_than(text: &str, limit: usize) -> bool {
    const SELF_CLOSING: &[&str] = &[
        "br", "img", "hr", "input", "meta", "link", "p", "li", "td", "th", "tr", "option", "dt",
        "dd", "area", "base", "col", "embed", "source", "wbr", "param", "track",
    ];
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &text[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

/// The page's article; images it shows from files beside it (a page saved with its
/// `_files` folder) are taken along when `folder`, the page's folder, is given.
pub fn read(text: &str, folder: Option<&Path>) -> Document {
    let page = Html::parse_document(text);
    let root = article(&page);
    let mut reader = Reader {
        folder: folder.map(Path::to_path_buf),
        ..Reader::default()
    };
    reader.walk(root, 0);
    reader.flush();
    let has_h1 = reader
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Para(p) if p.title_style));
    let title = Selector::parse("title").ok().and_then(|s| {
        let t: String = page.select(&s).next()?.text().collect();
        let t = t
            .split(['_', '|'])
            .next()?
            .split(" - ")
            .next()?
            .trim()
            .to_string();
        (!t.is_empty()).then_some(t)
    });
    if reader.images_left > 0 {
        reader
            .notes
            .push(messages::page_images_left(reader.images_left));
    }
    Document {
        blocks: reader.blocks,
        title_property: if has_h1 { None } else { title },
        images: reader.images,
        notes: reader.notes,
        ..Document::default()
    }
}

/// The element that holds the article.
fn article(page: &Html) -> ElementRef<'_> {
    for selector in ARTICLE {
        let selector = Selector::parse(selector).expect("the selectors are valid");
        if let Some(found) = page.select(&selector).find(|e| text_len(e) > 20) {
            return found;
        }
    }
    // The element whose own paragraphs hold the most text.
    let blocks = Selector::parse("div, td, section, body").expect("valid");
    page.select(&blocks)
        .max_by_key(|e| {
            e.children()
                .filter_map(ElementRef::wrap)
                .filter(|c| c.value().name() == "p" || c.value().name() == "br")
                .map(|c| text_len(&c))
                .sum::<usize>()
        })
        .filter(|e| {
            e.children()
                .filter_map(ElementRef::wrap)
                .any(|c| c.value().name() == "p")
        })
        .unwrap_or_else(|| page.root_element())
}

fn text_len(e: &ElementRef) -> usize {
    e.text().map(|t| t.trim().chars().count()).sum()
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    pieces: Vec<Piece>,
    bold: usize,
    italic: usize,
    heading: Option<u8>,
    centered: bool,
    /// The lists the walk is in, innermost last: true for `<ol>`.
    lists: Vec<bool>,
    /// The list item the paragraph being read is.
    item: Option<List>,
    folder: Option<PathBuf>,
    images: Vec<Image>,
    image_bytes: u64,
    /// Images shown from elsewhere (another server), or not images at all.
    images_left: usize,
    notes: Vec<crate::i18n::Text>,
}

impl Reader {
    fn walk(&mut self, node: ElementRef, depth: usize) {
        if depth > MAX_DEPTH {
            // A page nested deeper than any real one: its text, without recursing further.
            let text: String = node.text().collect();
            self.pieces.push((text, false, false));
            return;
        }
        for child in node.children() {
            match child.value() {
                Node::Text(text) => {
                    let text = text.replace(['\n', '\r', '\t'], " ");
                    self.pieces.push((text, self.bold > 0, self.italic > 0));
                }
                Node::Element(e) => {
                    let Some(el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = e.name();
                    if DROPPED.contains(&name) {
                        continue;
                    }
                    if name == "table" && is_data_table(&el) {
                        self.flush();
                        let rendered = table::render(&rows(&el));
                        if !rendered.is_empty() {
                            self.blocks.push(Block::Table(rendered));
                        }
                        continue;
                    }
                    let block = BLOCKS.contains(&name);
                    if block {
                        self.flush();
                    }
                    let level = match name {
                        "h1" => Some(0),
                        "h2" | "h3" | "h4" | "h5" | "h6" => {
                            name[1..].parse::<u8>().ok().map(|n| n - 1)
                        }
                        _ => None,
                    };
                    if level.is_some() {
                        self.heading = level;
                    }
                    let centered = name == "center"
                        || e.attr("align")
                            .is_some_and(|a| a.eq_ignore_ascii_case("center"))
                        || e.attr("style")
                            .is_some_and(|s| s.replace(' ', "").contains("text-align:center"));
                    if centered && block {
                        self.centered = true;
                    }
                    if name == "img" {
                        self.image(e.attr("src").unwrap_or_default());
                        continue;
                    }
                    let bold = matches!(name, "b" | "strong");
                    let italic = matches!(name, "i" | "em");
                    let list = matches!(name, "ul" | "ol");
                    if list {
                        self.lists.push(name == "ol");
                    }
                    if name == "li" {
                        let depth = self.lists.len().saturating_sub(1).min(8) as u8;
                        self.item = Some(match self.lists.last() {
                            Some(true) => List::Numbered { depth },
                            _ => List::Bullet { depth },
                        });
                    }
                    self.bold += bold as usize;
                    self.italic += italic as usize;
                    self.walk(el, depth + 1);
                    self.bold -= bold as usize;
                    self.italic -= italic as usize;
                    if list {
                        self.lists.pop();
                    }
                    if block {
                        self.flush();
                    }
                }
                _ => {}
            }
        }
    }

    /// An image shown from a file beside the page, saved with the plan and shown where it
    /// stood; any other is counted, for the note.
    fn image(&mut self, src: &str) {
        let file = self
            .folder
            .as_deref()
            .and_then(|folder| local_image(folder, src));
        let bytes = file.and_then(|f| {
            let size = std::fs::metadata(&f).ok()?.len();
            (size <= IMAGE_LIMIT && self.image_bytes + size <= IMAGES_LIMIT)
                .then(|| std::fs::read(&f).ok())
                .flatten()
        });
        let Some((bytes, ext)) = bytes.and_then(|b| image_extension(&b).map(|ext| (b, ext))) else {
            self.images_left += 1;
            return;
        };
        self.image_bytes += bytes.len() as u64;
        let name = format!("image{}.{ext}", self.images.len() + 1);
        self.pieces
            .push((format!("\u{0}![]({name})"), false, false));
        self.images.push(Image { name, bytes });
    }

    /// Ends the paragraph being read.
    fn flush(&mut self) {
        let pieces = std::mem::take(&mut self.pieces);
        let heading = self.heading.take();
        let centered = std::mem::take(&mut self.centered);
        // An item without text gives its mark to no later paragraph.
        let item = self.item.take();
        let (markdown, plain) = inline(&pieces);
        let markdown = collapse(&markdown);
        let plain = collapse(&plain);
        if plain.is_empty() && !markdown.contains("![") {
            return;
        }
        let all_bold = pieces
            .iter()
            .filter(|p| !p.0.trim().is_empty())
            .all(|p| p.1);
        self.blocks.push(Block::Para(Para {
            markdown,
            plain,
            heading: heading.filter(|&l| l > 0),
            title_style: heading == Some(0),
            bold: all_bold,
            centered,
            list: item,
            ..Para::default()
        }));
    }
}

/// The file `src` names, if it is one beside the page: relative, without `..`, not an address
/// of another server.
fn local_image(folder: &Path, src: &str) -> Option<PathBuf> {
    let src = percent_encoding::percent_decode_str(src.split(['?', '#']).next()?)
        .decode_utf8()
        .ok()?;
    let relative = Path::new(src.as_ref());
    let inside = !src.contains(':')
        && !src.starts_with(['/', '\\'])
        && relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    let file = folder.join(relative);
    (inside && !src.is_empty() && file.is_file()).then_some(file)
}

/// Runs of spaces (and the no-break spaces pages indent with) as one, none at the ends.
fn collapse(text: &str) -> String {
    let text = text.replace(['\u{a0}', '\u{3000}'], " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table of data, not one that lays out the page: no tables inside, no long cells.
fn is_data_table(table: &ElementRef) -> bool {
    let inner = Selector::parse("table, p, div").expect("valid");
    let cells = Selector::parse("td, th").expect("valid");
    table.select(&inner).next().is_none() && table.select(&cells).all(|c| text_len(&c) < 200)
}

fn rows(table: &ElementRef) -> Vec<Vec<Cell>> {
    let tr = Selector::parse("tr").expect("valid");
    let cell = Selector::parse("td, th").expect("valid");
    table
        .select(&tr)
        .map(|row| {
            row.select(&cell)
                .map(|c| {
                    let span = |name| {
                        c.value()
                            .attr(name)
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(1usize)
                            .clamp(1, 64)
                    };
                    Cell {
                        text: collapse(&c.text().collect::<String>()),
                        cols: span("colspan"),
                        rows: span("rowspan"),
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each paragraph `page` is read into.
    fn plain(page: &str) -> Vec<String> {
        read(page, None).paras().map(|p| p.plain.clone()).collect()
    }

    #[test]
    fn the_article_without_navigation() {
        let page = r#"<html><head><title>区总工会2015年工作计划_区总工会网</title><style>p{}</style></head><body>
            <nav><a href="/">首页</a> 导航</nav><div class="menu"><p>菜单</p></div>
            <div class="content"><p align="center"><b>区总工会2015年工作计划</b></p>
            <p>一、指导思想</p><p>坚持<strong>以职工为本</strong>，<script>alert(1)</script>做好工作。</p>
            <table><tr><td colspan="2">合并</td></tr><tr><td>a</td><td>b</td></tr></table></div>
            <footer>版权所有</footer></body></html>"#;
        let doc = read(page, None);
        let paras: Vec<&Para> = doc.paras().collect();
        assert_eq!(paras[0].plain, "区总工会2015年工作计划");
        assert!(paras[0].bold && paras[0].centered);
        assert_eq!(paras[1].plain, "一、指导思想");
        assert!(!paras[1].bold && !paras[2].bold);
        assert_eq!(paras[2].markdown, "坚持**以职工为本**，做好工作。");
        assert_eq!(paras.len(), 3);
        assert!(matches!(&doc.blocks[3], Block::Table(t) if t.contains("colspan=\"2\"")));
        assert_eq!(
            doc.title_property.as_deref(),
            Some("区总工会2015年工作计划")
        );
    }

    /// The article is the first element of a known name with more than 20 characters (less is
    /// a teaser), else the element whose own paragraphs hold the most text.
    #[test]
    fn the_article_is_found_by_its_name_or_by_its_paragraphs() {
        let nav = format!(
            "<div id=\"nav\">{}</div>",
            "<a href=\"/\">栏目导航链接</a>".repeat(20)
        );
        let content =
            "<div><p>区总工会2015年工作计划</p><p>一、指导思想</p><p>坚持以职工为本。</p></div>";
        let footer = "<div class=\"footer\"><p>版权所有</p></div>";
        let plan = ["区总工会2015年工作计划", "一、指导思想", "坚持以职工为本。"];
        assert_eq!(plain(&format!("<body>{nav}{content}{footer}</body>")), plan);
        // Twenty characters.
        let teaser = "<article><p>相关阅读：区总工会二〇一五年工作要点全文</p></article>";
        assert_eq!(
            plain(&format!("<body>{teaser}{nav}{content}{footer}</body>")),
            plan
        );
        let named = "<article><div>区总工会2016年工作要点：全年新建工会二十家，发展会员一千人。</div></article>";
        assert_eq!(
            plain(&format!("<body>{named}{nav}{content}{footer}</body>")),
            ["区总工会2016年工作要点：全年新建工会二十家，发展会员一千人。"]
        );
    }

    #[test]
    fn a_page_nested_deeper_than_the_walk_goes() {
        let page = format!(
            "<body>{}工会{}</body>",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        let doc = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || read(&page, None))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(doc.paras().next().unwrap().plain, "工会");
    }

    /// Down to 200 levels inside the article, paragraphs stay paragraphs; deeper, the text is
    /// kept as one.
    #[test]
    fn paragraphs_two_hundred_levels_deep() {
        let paras = |levels: usize| -> Vec<String> {
            let page = format!(
                "<body><article>{}<p>一、坚持以职工为本，做好工作。</p><p>二、全年新建工会二十家。</p>{}</article></body>",
                "<div>".repeat(levels),
                "</div>".repeat(levels)
            );
            plain(&page)
        };
        assert_eq!(
            paras(MAX_DEPTH),
            ["一、坚持以职工为本，做好工作。", "二、全年新建工会二十家。"]
        );
        assert_eq!(
            paras(MAX_DEPTH + 1),
            ["一、坚持以职工为本，做好工作。二、全年新建工会二十家。"]
        );
    }

    #[test]
    fn nesting_is_measured_before_parsing() {
        assert!(!nests_deeper_than("<div><p>a<p>b<br><div></div></div>", 2));
        assert!(nests_deeper_than("<div><div><div>x</div></div></div>", 2));
        assert!(nests_deeper_than(&"<span>".repeat(100_000), 5_000));
    }

    #[test]
    fn italics_and_centred_lines() {
        let doc = read(
            "<body><article><center><b>区总工会2015年工作计划</b></center><p align=\"center\">（二〇一五年一月）</p><p>坚持<em>以职工为本</em>，<i>做好</i><span style=\"text-align: center\">工作</span>。</p></article></body>",
            None,
        );
        let paras: Vec<(&str, bool)> = doc
            .paras()
            .map(|p| (p.markdown.as_str(), p.centered))
            .collect();
        assert_eq!(
            paras,
            [
                ("**区总工会2015年工作计划**", true),
                ("（二〇一五年一月）", true),
                ("坚持*以职工为本*，*做好*工作。", false),
            ]
        );
    }

    /// A table that lays the page out (paragraphs or tables in it, or a cell of 200 characters
    /// or more) is read as the text it holds; a table of data stays a table.
    #[test]
    fn layout_tables_are_read_as_their_text() {
        let kinds = |table: &str| -> Vec<&'static str> {
            let page = format!("<body><article>{table}</article></body>");
            (read(&page, None).blocks.iter())
                .map(|b| match b {
                    Block::Para(_) => "para",
                    Block::Table(_) => "table",
                })
                .collect()
        };
        assert_eq!(
            kinds(
                "<table><tr><td><p>一、指导思想</p><p>坚持以职工为本，全心全意做好服务职工工作。</p></td></tr></table>"
            ),
            ["para", "para"]
        );
        let cell = |n| {
            format!(
                "<table><tr><td>{}</td><td>甲</td></tr></table>",
                "职".repeat(n)
            )
        };
        assert_eq!(kinds(&cell(200)), ["para", "para"]);
        assert_eq!(kinds(&cell(199)), ["table"]);
    }

    #[test]
    fn lists_stay_lists() {
        let doc = read(
            "<body><article><p>正文</p><ul><li>甲</li><li>乙<ol><li>一</li></ol></li><li></li></ul><p>完</p></article></body>",
            None,
        );
        let lists: Vec<(&str, Option<List>)> =
            doc.paras().map(|p| (p.plain.as_str(), p.list)).collect();
        assert_eq!(
            lists,
            [
                ("正文", None),
                ("甲", Some(List::Bullet { depth: 0 })),
                ("乙", Some(List::Bullet { depth: 0 })),
                ("一", Some(List::Numbered { depth: 1 })),
                ("完", None),
            ]
        );
    }

    #[test]
    fn headings_and_breaks() {
        let doc = read(
            "<body><article><h1>标题</h1><h2>一、总则</h2>第一段<br>第二段</article></body>",
            None,
        );
        let paras: Vec<&Para> = doc.paras().collect();
        assert!(paras[0].title_style);
        assert_eq!(paras[0].heading, None);
        assert_eq!(paras[1].heading, Some(1));
        assert_eq!(paras[2].plain, "第一段");
        assert_eq!(paras[3].plain, "第二段");
        assert_eq!(doc.title_property, None);
    }
}
