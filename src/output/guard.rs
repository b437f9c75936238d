//! The check that an output folder is safe to replace: refuses any folder whose replacement
//! would delete the site itself or files plansite did not write.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::{DEFAULT_OUT_DIR, FOLDERS};
use crate::urls;

/// Refuses an output folder whose replacement would delete anything but an earlier build: the
/// site itself, its folders (wherever symbolic links put them), a folder above them, or a
/// folder of other files. Runs before anything is written or deleted. Returns whether `out`
/// may be used; if not, says why in `problems`.
pub fn check_out_dir(root: &Path, out: &Path, problems: &mut Problems) -> bool {
    match refusal(root, out) {
        None => true,
        Some(refused) => {
            problems.push(refused);
            false
        }
    }
}

/// Why `out` may not be the output folder of the site at `root`, if it may not: the error on
/// it, whose `why` says which case it is (the catalogues put each into words).
fn refusal(root: &Path, given: &Path) -> Option<Diagnostic> {
    let root = resolve(root);
    let out = resolve(given);
    let refused = |why: &'static str| {
        Diagnostic::error(codes::OUTPUT_REFUSED, given)
            .arg("why", why)
            .arg("out", &out)
            .arg("suggested", &root.join(DEFAULT_OUT_DIR))
            .without_help()
    };
    if out == root || root.starts_with(&out) {
        return Some(refused("contains-site"));
    }
    for name in FOLDERS {
        let folder = resolve(&root.join(name));
        if out.starts_with(&folder) {
            return Some(refused("inside-folder").arg("folder", name));
        }
        if folder.starts_with(&out) {
            return Some(
                refused("contains-folder")
                    .arg("folder", name)
                    .arg("path", &folder),
            );
        }
    }
    if out.exists() && !out.is_dir() {
        return Some(refused("file"));
    }
    if holds_other_files(&out) {
        return Some(
            refused("other-files")
                .arg("home", urls::HOME)
                .arg("not_found", urls::NOT_FOUND),
        );
    }
    None
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
    fn a_refused_folder_is_an_error_on_it() {
        let mut problems = Problems::new();
        assert!(!check_out_dir(
            Path::new("/srv/site"),
            Path::new("/srv"),
            &mut problems
        ));
        let found = problems.into_sorted();
        assert_eq!(found.len(), 1);
        assert!(found[0].is_error());
        assert_eq!(found[0].path, Path::new("/srv"));
        assert_eq!(
            found[0].english(),
            "the output folder /srv contains the site itself; choose a folder of its own, such as /srv/site/public"
        );
        let zh = found[0].rendered_in(crate::i18n::Lang::Zh);
        assert_eq!(
            zh,
            "/srv: error: 输出文件夹 /srv 包含了网站本身；请另用一个单独的文件夹，例如 /srv/site/public"
        );
        let mut problems = Problems::new();
        let out = Path::new("/srv/site/public");
        assert!(check_out_dir(Path::new("/srv/site"), out, &mut problems));
        assert!(problems.is_empty());
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let root = Path::new("/srv/site");
        assert!(refusal(root, Path::new("/srv/site")).is_some());
        assert!(refusal(root, Path::new("/srv")).is_some());
        assert!(refusal(root, Path::new("/srv/site/content/out")).is_some());
        assert!(refusal(root, Path::new("/srv/site/public")).is_none());
        assert!(refusal(root, Path::new("/var/www/plans")).is_none());
        // `..` is resolved even where the folders do not exist yet.
        assert!(refusal(root, Path::new("/srv/site/public/../content")).is_some());
        assert!(refusal(root, Path::new("/srv/site/public/../../site")).is_some());
        assert!(refusal(root, Path::new("/")).is_some());
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
        let err = refusal(&root, &dir.path().join("data")).unwrap().english();
        assert!(err.contains("contains the site's content/ folder"), "{err}");
        // A link named like an output folder that leads into the content.
        std::os::unix::fs::symlink(&elsewhere, root.join("public")).unwrap();
        assert!(refusal(&root, &root.join("public")).is_some());

        let other = dir.path().join("home");
        fs::create_dir_all(&other).unwrap();
        assert!(refusal(&root, &other).is_none(), "an empty folder is fine");
        fs::write(other.join("notes.txt"), "mine").unwrap();
        let err = refusal(&root, &other).unwrap().english();
        assert!(
            err.contains("holds files that plansite did not write"),
            "{err}"
        );
        fs::write(other.join("index.html"), "").unwrap();
        fs::write(other.join("404.html"), "").unwrap();
        assert!(refusal(&root, &other).is_none(), "an earlier build");
        fs::write(dir.path().join("file"), "").unwrap();
        assert!(refusal(&root, &dir.path().join("file")).is_some());
    }

    #[test]
    fn a_folder_with_a_home_page_but_no_404_page_is_not_an_earlier_build() {
        // A web server's root holds an `index.html` of its own; every build writes both.
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "").unwrap();
        fs::write(dir.path().join("logo.png"), "").unwrap();
        let err = refusal(Path::new("/srv/site"), dir.path())
            .unwrap()
            .english();
        assert!(
            err.contains("holds files that plansite did not write"),
            "{err}"
        );
    }
}
