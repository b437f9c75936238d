//! What a link's address is: one into the site's own files, one that cannot run script, or
//! one with a scheme (RFC 3986), which leads outside the site.

/// A link into the site's own files: relative, not just a fragment, and with no scheme
/// (`mailto:`, `irc:`, any other), which browsers would follow rather than look for a file.
/// A Windows drive (`D:\附件.docx`) reads as a one-letter scheme, but no such scheme is in use:
/// it is taken for the file on the editor's own computer it is, so that the editor is told the
/// site does not have it.
pub fn is_local(dest: &str) -> bool {
    let outside = dest.is_empty()
        || dest.starts_with(['#', '/'])
        || scheme(dest).is_some_and(|scheme| scheme.len() > 1);
    !outside
}

/// The scheme `dest` starts with, as RFC 3986 spells one: a letter, then letters, digits, `+`,
/// `-` or `.`, up to a `:`. Case does not matter (`MAILTO:`).
pub(super) fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first.is_ascii_alphabetic() && rest_ok).then_some(scheme)
}

/// An address that cannot run script whatever follows: web and mail addresses, and
/// addresses without a scheme. Anything else goes through the sanitizer, which knows the rest.
pub(super) fn is_plainly_safe(dest: &str) -> bool {
    const SAFE_SCHEMES: [&str; 4] = ["http:", "https:", "mailto:", "tel:"];
    if dest.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    match dest.find(':') {
        None => true,
        // `a/b:c` or `?x=1:2`: the colon is not part of a scheme.
        Some(colon) if dest[..colon].contains(['/', '?', '#']) => true,
        Some(colon) => SAFE_SCHEMES
            .iter()
            .any(|s| dest[..=colon].eq_ignore_ascii_case(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_with_a_scheme_lead_outside() {
        for dest in [
            "https://example.org",
            "MAILTO:A@B.C",
            "mailto:a@b",
            "irc://x/y",
            "irc:x",
            "tel:12345",
            "data:text/plain,x",
            "JavaScript:x",
            "svn+ssh://x",
            "x-y.z:w",
            "#一-目标",
            "/about/",
            "//cdn.example/x",
            "",
        ] {
            assert!(!is_local(dest), "{dest}");
        }
        for dest in [
            "other.md",
            "../2015/a.md#一-目标",
            "附件.docx",
            "a/b:c",
            "附件:1.docx",
            "1x:y",
            "D:\\文件\\附件.docx",
            "c:/x.doc",
            "foo@bar.example.com",
        ] {
            assert!(is_local(dest), "{dest}");
        }
        assert_eq!(scheme("Svn+SSH://x"), Some("Svn+SSH"));
        assert_eq!(scheme("+x:y"), None);
        assert_eq!(scheme(":y"), None);
    }

    #[test]
    fn only_web_and_mail_addresses_are_plainly_safe() {
        for safe in [
            "https://a.example/x:y",
            "../b/index.html",
            "mailto:a@b",
            "MAILTO:A@B.C",
            "附件.docx",
            "a/b:c",
            "foo@bar.example.com",
        ] {
            assert!(is_plainly_safe(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:x",
            "data:text/html,x",
            "jav\u{0}ascript:x",
            "x y:z",
            "irc://x/y",
            // Not an address at all: the sanitizer drops it rather than the page link to it.
            "https://x y.example",
            "https://x\u{1}.example",
        ] {
            assert!(!is_plainly_safe(unsafe_), "{unsafe_}");
        }
    }
}
