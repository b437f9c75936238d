//! The names of a site's own folders and file, which every command finds the site by.

/// The plans, as Markdown files with their attachments.
pub const CONTENT_DIR: &str = "content";
/// The site's own templates, which take the place of the theme's of the same name.
pub const TEMPLATES_DIR: &str = "templates";
/// The themes, each a folder of templates and static files.
pub const THEMES_DIR: &str = "themes";
/// Files published as they are (in the site, and in each theme).
pub const STATIC_DIR: &str = "static";
/// The site's settings.
pub const CONFIG_FILE: &str = "site.yaml";
/// Where a build writes the site when no other folder is given.
pub const DEFAULT_OUT_DIR: &str = "public";

/// The site's own folders, which no output folder may be, contain or be inside.
pub const FOLDERS: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, THEMES_DIR, STATIC_DIR];

/// Everything of the site's own under its root, which the preview watches.
pub const SOURCES: [&str; 5] = [
    CONTENT_DIR,
    TEMPLATES_DIR,
    THEMES_DIR,
    STATIC_DIR,
    CONFIG_FILE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_folder_is_none_of_the_sites_own() {
        assert!(!SOURCES.contains(&DEFAULT_OUT_DIR));
        assert!(FOLDERS.iter().all(|folder| SOURCES.contains(folder)));
    }

    #[test]
    fn names_are_single_distinct_segments() {
        for (i, name) in SOURCES.iter().enumerate() {
            assert!(!name.is_empty() && !name.contains(['/', '\\']), "{name}");
            assert!(!SOURCES[..i].contains(name), "{name} twice");
        }
    }
}
