//! Writing the finished site so that a web server never sees half of it.
//!
//! The new site is written into a temporary folder beside the output folder and then swapped
//! in with one rename. Until that rename the previous site is untouched; after it, the old
//! one is deleted. A temporary folder left by a killed build is removed by the next build.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{FileSource, Output};

/// Marks our temporary folders, so that stale ones can be recognised and removed.
const TEMP_MARK: &str = "plansite-";

/// Refuses an output folder whose replacement would delete the site's own files.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    let root = absolute(root);
    let out = absolute(out);
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "the output folder {} contains the site itself; choose a folder of its own, such as {}",
            out.display(),
            root.join("public").display()
        ));
    }
    for protected in ["content", "templates", "themes", "static"] {
        let dir = root.join(protected);
        if out.starts_with(&dir) {
            return Err(format!(
                "the output folder {} is inside the site's {protected}/ folder; choose a folder outside it",
                out.display()
            ));
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Resolve symlinks where the folder exists, so two names for one folder compare equal.
    fs::canonicalize(&path).unwrap_or(path)
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
    }
}
