//! Which of a plan's attachments its text already shows as images, so that the 附件 list does
//! not offer them a second time.

use std::collections::BTreeSet;

/// The file names, as written in the plan's folder, of the images `html` shows from the page's
/// own folder: `src="photo.png"` or `src="./合%20影.png"`, percent-decoded. Images from
/// elsewhere (another folder, another site) are left out.
pub fn images_shown(html: &str) -> BTreeSet<String> {
    let mut shown = BTreeSet::new();
    let mut rest = html;
    while let Some(at) = rest.find("<img ") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let Some(src) = tag.find("src=\"").map(|i| &tag[i + 5..]) else {
            continue;
        };
        let src = &src[..src.find('"').unwrap_or(src.len())];
        let src = src.replace("&amp;", "&");
        let src = src.strip_prefix("./").unwrap_or(&src);
        if src.is_empty() || src.contains(['/', ':', '?', '#']) {
            continue;
        }
        let name = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
        shown.insert(name.into_owned());
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_from_the_pages_folder_are_found_decoded() {
        let html = "<p><img src=\"photo.png\" alt=\"合影\" /> <img alt=\"\" src=\"./%E5%90%88%20%E5%BD%B1.jpg\" />\
                    <img src=\"a&amp;b.png\"><img src=\"sub/x.png\"><img src=\"https://x.org/y.png\">\
                    <img src=\"../other/z.png\"><img alt=\"no source\"><a href=\"doc.docx\">doc</a></p>";
        let shown: Vec<String> = images_shown(html).into_iter().collect();
        assert_eq!(shown, ["a&b.png", "photo.png", "合 影.jpg"]);
        assert!(images_shown("<p>no images</p>").is_empty());
    }
}
