//! The one place that decides where each page is written and how pages link to each other.
//!
//! Pages are addressed by their output path relative to the site root (`plans/x/index.html`).
//! Links between pages are made relative (`../../units/y/index.html`) and always name the
//! `index.html` file, so the site works under any sub-path of a web server and opened straight
//! from disk, where a browser does not turn a folder into its `index.html`.

pub const HOME: &str = "index.html";
pub const NOT_FOUND: &str = "404.html";
pub const UNITS: &str = "units/index.html";
pub const YEARS: &str = "years/index.html";
pub const TAGS: &str = "tags/index.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const FEED: &str = "atom.xml";
pub const SEARCH: &str = "search/index.html";
/// The theme's stylesheet and search script, copied from its `static/` folder.
pub const STYLESHEET: &str = "style.css";
pub const SEARCH_SCRIPT: &str = "search.js";

pub fn plan(slug: &str) -> String {
    format!("plans/{slug}/index.html")
}

/// A file attached to a plan is written beside the plan's page.
pub fn attachment(plan_slug: &str, file_name: &str) -> String {
    format!("plans/{plan_slug}/{file_name}")
}

/// An output path as it can be written in a link. Attachments keep the names editors gave
/// them, and `计划#2.docx` or `50% 完成.xlsx` would otherwise end the path early or be read as
/// an escape: such characters are percent-encoded. Letters of every script stay as they are;
/// browsers show them as written.
pub fn link_safe(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_control() || " \"#%<>?\\^`{|}".contains(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn unit(slug: &str) -> String {
    format!("units/{slug}/index.html")
}

pub fn year(year: i32) -> String {
    format!("years/{year}/index.html")
}

pub fn tag(slug: &str) -> String {
    format!("tags/{slug}/index.html")
}

/// Page `number` (from 1) of a paginated index whose first page is `first`:
/// `units/x/index.html`, then `units/x/page/2/index.html`, ...
pub fn page(first: &str, number: usize) -> String {
    if number <= 1 {
        return first.to_string();
    }
    let folder = first.strip_suffix("index.html").unwrap_or(first);
    format!("{folder}page/{number}/index.html")
}

/// The prefix that leads from a page back to the site root: `""`, `"../"`, `"../../"`...
pub fn root_from(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The link to write in `from` to reach `to` (both output paths).
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut link = "../".repeat(from_dir.len() - common);
    link.push_str(&to_parts[common..].join("/"));
    link
}

/// The address of a page for readers outside the site (feeds, sitemaps, the 404 page, which
/// a server shows at whatever depth the missing address had): base path plus page, with
/// `index.html` dropped as servers add it back.
pub fn absolute(base_path: &str, page: &str) -> String {
    let page = page.strip_suffix(HOME).unwrap_or(page);
    format!("{base_path}{page}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_live_below_the_first() {
        assert_eq!(page("units/a/index.html", 1), "units/a/index.html");
        assert_eq!(page("units/a/index.html", 2), "units/a/page/2/index.html");
        assert_eq!(
            page("years/2014/index.html", 10),
            "years/2014/page/10/index.html"
        );
        assert_eq!(
            relative("units/a/page/2/index.html", "units/a/index.html"),
            "../../index.html"
        );
    }

    #[test]
    fn roots() {
        assert_eq!(root_from(HOME), "");
        assert_eq!(root_from(UNITS), "../");
        assert_eq!(root_from(&plan("a")), "../../");
    }

    #[test]
    fn relative_links() {
        let cases = [
            (HOME, "plans/a/index.html", "plans/a/index.html"),
            ("plans/a/index.html", HOME, "../../index.html"),
            (
                "plans/a/index.html",
                "plans/b/index.html",
                "../b/index.html",
            ),
            ("plans/a/index.html", "plans/a/附件.docx", "附件.docx"),
            ("units/index.html", "units/x/index.html", "x/index.html"),
            (
                "units/x/index.html",
                "years/2015/index.html",
                "../../years/2015/index.html",
            ),
            ("units/index.html", "units/index.html", "index.html"),
            // A folder the page is in: its last segment stays, so the link names something.
            ("plans/a/index.html", "plans/a", "../a"),
        ];
        for (from, to, expected) in cases {
            assert_eq!(relative(from, to), expected, "{from} -> {to}");
        }
    }

    #[test]
    fn links_to_odd_file_names() {
        assert_eq!(
            link_safe(&attachment("a", "计划 #2（草稿）?.docx")),
            "plans/a/计划%20%232（草稿）%3F.docx"
        );
        assert_eq!(link_safe("plans/a/50%.xlsx"), "plans/a/50%25.xlsx");
        assert_eq!(link_safe("plans/a/名单😀.xlsx"), "plans/a/名单😀.xlsx");
    }

    #[test]
    fn absolute_addresses() {
        assert_eq!(absolute("/", HOME), "/");
        assert_eq!(absolute("/plans/", &plan("a")), "/plans/plans/a/");
        assert_eq!(absolute("/plans/", "style.css"), "/plans/style.css");
    }
}
