//! The names of a site's own folders and file, which every command finds the site by.

use std::path::{Path, PathBuf};

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
/// plansite's cache of what it made of the plans, for the next build (see
/// [`crate::content::stored`]).
pub const CACHE_DIR: &str = ".plansite";
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

/// The site a command started in `start` works on: the nearest folder, from `start` up, that
/// holds `site.yaml`, as git and cargo find their own. An editor who runs a command from
/// `content/plans/` means the site it is in. Given relative to `start` (`..`, `../..`), so
/// that messages name files as the editor sees them from where they are; `None` when no
/// folder above holds one.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let absolute = start.canonicalize().ok()?;
    let depth = absolute
        .ancestors()
        .position(|folder| folder.join(CONFIG_FILE).is_file())?;
    let up: PathBuf = std::iter::repeat_n("..", depth).collect();
    Some(match depth {
        0 => start.to_path_buf(),
        _ if start == Path::new(".") => up,
        _ => start.join(up),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_site_above_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let plans = site.join("content/plans");
        std::fs::create_dir_all(&plans).unwrap();
        assert_eq!(find_root(&plans), None);
        std::fs::write(site.join(CONFIG_FILE), "title: x\n").unwrap();
        assert_eq!(find_root(&site), Some(site.clone()));
        let found = find_root(&plans).unwrap();
        assert_eq!(found, plans.join("../.."));
        assert_eq!(found.canonicalize().unwrap(), site.canonicalize().unwrap());
        // A site inside a site: the nearest wins.
        std::fs::write(plans.join(CONFIG_FILE), "title: y\n").unwrap();
        assert_eq!(find_root(&plans), Some(plans.clone()));
        // A folder named site.yaml is not a site's settings.
        let other = dir.path().join("other");
        std::fs::create_dir_all(other.join(CONFIG_FILE)).unwrap();
        assert_eq!(find_root(&other), None);
    }

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
