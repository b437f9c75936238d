//! What every slug must be, wherever it comes from. Shared by the property tests and the fuzz
//! targets (`fuzz/src/lib.rs` includes this file), so both hold the code to the same rules.

/// Names Windows refuses as file or folder names, whatever the case. Windows also reserves
/// `COM` and `LPT` followed by a superscript digit.
const WINDOWS_RESERVED: &[&str] = &["con", "prn", "aux", "nul"];

/// Why `slug` is not a safe path segment, or `None` when it is.
pub fn slug_problem(slug: &str) -> Option<String> {
    let bad = |why: &str| Some(format!("slug {slug:?} {why}"));
    if slug.is_empty() {
        return bad("is empty");
    }
    if let Some(c) = slug.chars().find(|&c| c != '-' && !c.is_alphanumeric()) {
        return bad(&format!("contains {c:?}"));
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return bad("has a stray dash");
    }
    // A character that has a lower-case form collides with it on Windows and macOS shares.
    if let Some(c) = slug.chars().find(|&c| !c.to_lowercase().eq([c])) {
        return bad(&format!("contains the upper-case {c:?}"));
    }
    let lower = slug.to_lowercase();
    let device = lower
        .strip_prefix("com")
        .or_else(|| lower.strip_prefix("lpt"))
        .is_some_and(|n| {
            matches!(
                n,
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
        });
    if device || WINDOWS_RESERVED.contains(&lower.as_str()) {
        return bad("is a name Windows reserves for a device");
    }
    None
}
