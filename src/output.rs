//! Writing the finished site so that a web server never sees half of it.
//!
//! The new site is written into a temporary folder beside the output folder and then swapped
//! in with one rename. Until that rename the previous site is untouched; after it, the old
//! one is deleted. A temporary folder left by a killed build is removed by the next build.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::{FileSource, Output};
use crate::urls;

/// Marks our temporary folders, so that stale ones can be recognised and removed.
const TEMP_MARK: &str = "plansite-";

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

/// Writes `output` as the new content of `out`, atomically.
pub fn publish(root: &Path, out: &Path, output: &Output) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "the output folder needs a name",
            )
        })?
        .to_string_lossy()
        .into_owned();
    remove_stale(&parent, &name)?;

    let temp = parent.join(format!(".{name}.{TEMP_MARK}{}", std::process::id()));
    let written = write_all(root, &temp, output);
    if let Err(err) = written {
        let _ = fs::remove_dir_all(&temp);
        return Err(err);
    }
    swap_in(&temp, out)
}

fn remove_stale(parent: &Path, name: &str) -> io::Result<()> {
    let prefix = format!(".{name}.{TEMP_MARK}");
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

fn write_all(root: &Path, dir: &Path, output: &Output) -> io::Result<()> {
    fs::create_dir(dir)?;
    let mut folders: Vec<PathBuf> = output
        .pages
        .keys()
        .chain(output.copies.keys())
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(dir.join(folder))?;
    }
    output
        .pages
        .par_iter()
        .try_for_each(|(path, html)| fs::write(dir.join(path), html))?;
    output.copies.par_iter().try_for_each(|(path, source)| {
        let target = dir.join(path);
        match source {
            // A copy of the bytes, never a link: the published site must not change when
            // someone edits the content folder later.
            FileSource::Disk(from) => fs::copy(root.join(from), target).map(drop),
            FileSource::Embedded(bytes) => fs::write(target, bytes),
            FileSource::Generated(bytes) => fs::write(target, bytes),
        }
    })
}

/// Makes `dir` hold exactly `output`, rewriting only files whose bytes changed and deleting
/// those no longer built. For the preview server: a browser reloads only once this returns, and
/// unchanged pages keep their timestamps. Returns how many files were written or deleted.
pub fn write_in_place(root: &Path, dir: &Path, output: &Output) -> io::Result<usize> {
    fs::create_dir_all(dir)?;
    let wanted: std::collections::BTreeSet<PathBuf> = output
        .pages
        .keys()
        .chain(output.copies.keys())
        .map(PathBuf::from)
        .collect();
    let mut changed = 0;
    for entry in walkdir::WalkDir::new(dir).contents_first(true).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            if !wanted.iter().any(|w| w.starts_with(rel)) {
                fs::remove_dir_all(entry.path())?;
            }
        } else if !wanted.contains(rel) {
            fs::remove_file(entry.path())?;
            changed += 1;
        }
    }
    let write_if_changed = |path: &str, bytes: &[u8]| -> io::Result<usize> {
        let target = dir.join(path);
        if fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(0);
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, bytes)?;
        Ok(1)
    };
    changed += output
        .pages
        .par_iter()
        .map(|(path, html)| write_if_changed(path, html.as_bytes()))
        .sum::<io::Result<usize>>()?;
    for (path, source) in &output.copies {
        changed += match source {
            FileSource::Disk(from) => write_if_changed(path, &fs::read(root.join(from))?)?,
            FileSource::Embedded(bytes) => write_if_changed(path, bytes)?,
            FileSource::Generated(bytes) => write_if_changed(path, bytes)?,
        };
    }
    Ok(changed)
}

/// Puts `new` in the place of `out` in one step, then deletes the old site.
fn swap_in(new: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(new, out);
    }
    exchange(new, out)?;
    // `new` now holds the previous site.
    fs::remove_dir_all(new)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Without an atomic exchange there is a moment with no site between the two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)?;
    fs::rename(a, b)?;
    fs::rename(&aside, a)
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
