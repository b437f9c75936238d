//! The check that an output folder is safe to replace: refuses any folder whose replacement
//! would delete the site itself or files plansite did not write.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::urls;

/// The site's own folders, which no output folder may be, contain or be inside.
const SITE_FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

/// Refuses an output folder whose replacement would delete anything but an earlier build: the
/// site itself, its folders (wherever symbolic links put them), a folder above them, or a
/// folder of other files. Runs before anything is written or deleted.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    let root = resolve(root);
    let out = resolve(out);
    let elsewhere = format!(
        "choose a folder of its own, such as {}",
        root.join("public").display()
    );
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "the output folder {} contains the site itself; {elsewhere}",
            out.display()
        ));
    }
    for name in SITE_FOLDERS {
        let folder = resolve(&root.join(name));
        if out.starts_with(&folder) {
            return Err(format!(
                "the output folder {} is inside the site's {name}/ folder; {elsewhere}",
                out.display()
            ));
        }
        if folder.starts_with(&out) {
            return Err(format!(
                "the output folder {} contains the site's {name}/ folder ({}); {elsewhere}",
                out.display(),
                folder.display()
            ));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(format!(
            "the output folder {} is a file, not a folder; {elsewhere}",
            out.display()
        ));
    }
    if holds_other_files(&out) {
        return Err(format!(
            "the output folder {} holds files that plansite did not write (it has no {} and {}), and building would delete them; choose a new or empty folder, or empty this one first",
            out.display(),
            urls::HOME,
            urls::NOT_FOUND
        ));
    }
    Ok(())
}

/// A folder with files in it that is not an earlier build: every build writes the home page
/// and the 404 page at its top. (A home folder or a web server's root passed by mistake.)
fn holds_other_files(dir: &Path) -> bool {
    let not_empty = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    not_empty && !(dir.join(urls::HOME).is_file() && dir.join(urls::NOT_FOUND).is_file())
}

/// `path` made absolute, with symbolic links and `..` resolved as far as the path exists and
/// `..` taken by name beyond, so that two names of one folder compare equal even before the
/// output folder is made.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = absolute.components().collect();
    for existing in (1..=parts.len()).rev() {
        let Ok(mut resolved) = fs::canonicalize(parts[..existing].iter().collect::<PathBuf>())
        else {
            continue;
        };
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::CurDir => {}
                other => resolved.push(other),
            }
        }
        return resolved;
    }
    absolute
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_folders() {
        let root = Path::new("/srv/site");
        assert!(check_out_dir(root, Path::new("/srv/site")).is_err());
        assert!(check_out_dir(root, Path::new("/srv")).is_err());
        assert!(check_out_dir(root, Path::new("/srv/site/content/out")).is_err());
        assert!(check_out_dir(root, Path::new("/srv/site/public")).is_ok());
        assert!(check_out_dir(root, Path::new("/var/www/plans")).is_ok());
        // `..` is resolved even where the folders do not exist yet.
        assert!(check_out_dir(root, Path::new("/srv/site/public/../content")).is_err());
        assert!(check_out_dir(root, Path::new("/srv/site/public/../../site")).is_err());
        assert!(check_out_dir(root, Path::new("/")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn folders_reached_through_links_and_folders_of_other_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let elsewhere = dir.path().join("data/plans");
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        // content/ lives elsewhere: the folder above it holds the plans too.
        std::os::unix::fs::symlink(&elsewhere, root.join("content")).unwrap();
        let err = check_out_dir(&root, &dir.path().join("data")).unwrap_err();
        assert!(err.contains("contains the site's content/ folder"), "{err}");
        // A link named like an output folder that leads into the content.
        std::os::unix::fs::symlink(&elsewhere, root.join("public")).unwrap();
        assert!(check_out_dir(&root, &root.join("public")).is_err());

        let other = dir.path().join("home");
        fs::create_dir_all(&other).unwrap();
        assert!(
            check_out_dir(&root, &other).is_ok(),
            "an empty folder is fine"
        );
        fs::write(other.join("notes.txt"), "mine").unwrap();
        let err = check_out_dir(&root, &other).unwrap_err();
        assert!(
            err.contains("holds files that plansite did not write"),
            "{err}"
        );
        fs::write(other.join("index.html"), "").unwrap();
        fs::write(other.join("404.html"), "").unwrap();
        assert!(check_out_dir(&root, &other).is_ok(), "an earlier build");
        fs::write(dir.path().join("file"), "").unwrap();
        assert!(check_out_dir(&root, &dir.path().join("file")).is_err());
    }
}
