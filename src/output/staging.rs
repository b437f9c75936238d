//! Writing a build's site into a temporary folder beside the output folder, then swapping it
//! in with one rename, so that a web server never sees half of it.
//!
//! Until that rename the previous site is untouched; after it, the old one is deleted. A
//! temporary folder left by a killed build is removed by the next build.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Output, TEMP_MARK};
use crate::render::FileSource;

/// Ends the name of a previous site moved aside by [`swap_by_renames`].
const ASIDE: &str = ".old";

#[derive(Debug, Default)]
pub struct Published {
    /// The previous site, out of the way but not deleted, and why it could not be.
    pub leftover: Option<(PathBuf, io::Error)>,
}

/// Writes `output` as the new content of `out`, atomically. On error the previous site is left
/// as it was and nothing of the attempt remains.
pub fn publish(root: &Path, out: &Path, output: &Output) -> io::Result<Published> {
    let staging = Staging::new(root, out)?;
    let paths = (output.pages.keys())
        .chain(output.copies.keys())
        .chain(output.index.keys());
    staging.folders(paths)?;
    output
        .pages
        .par_iter()
        .try_for_each(|(path, html)| staging.write(path, html.as_bytes()))?;
    output
        .index
        .par_iter()
        .try_for_each(|(path, bytes)| staging.write(path, bytes))?;
    staging.copy(&output.copies)?;
    staging.publish()
}

/// A new site being written beside `out`, in a temporary folder that becomes `out` in one step
/// by [`Staging::publish`], or is deleted when dropped unpublished: whatever happens while it is
/// written, the previous site stays whole.
pub struct Staging {
    root: PathBuf,
    temp: PathBuf,
    out: PathBuf,
    /// New files and folders do not get the modes [`readable`] gives (the umask is not the
    /// usual `022`), so each one's mode is set after it is made.
    set_modes: bool,
}

impl Staging {
    /// Cleans up after any killed build and makes the temporary folder.
    pub fn new(root: &Path, out: &Path) -> io::Result<Staging> {
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
        clean_up(&parent, &name, out)?;
        let temp = parent.join(format!(".{name}.{TEMP_MARK}{}", std::process::id()));
        fs::create_dir(&temp)?;
        // A new folder's mode tells the umask: setting every file's mode by hand was 2% of a
        // build, wasted where the umask gives the same modes anyway.
        let set_modes = !made_readable(&temp)?;
        let staging = Staging {
            root: root.to_path_buf(),
            temp,
            out: out.to_path_buf(),
            set_modes,
        };
        readable(&staging.temp, true)?;
        Ok(staging)
    }

    /// Makes every folder the files at `paths` (relative to the site) go in, before the files
    /// are written in parallel.
    pub fn folders<'a>(&self, paths: impl IntoIterator<Item = &'a String>) -> io::Result<()> {
        let mut folders: BTreeSet<&Path> = BTreeSet::new();
        for path in paths {
            let above = Path::new(path).ancestors().skip(1);
            folders.extend(above.filter(|a| !a.as_os_str().is_empty()));
        }
        // Sorted, so every folder comes after the one it is in.
        for folder in folders {
            let target = self.temp.join(folder);
            match fs::create_dir(&target) {
                Ok(()) if self.set_modes => {
                    readable(&target, true).map_err(|e| naming(e, folder))?
                }
                Ok(()) => {}
                // Made for earlier files (pages, then the files beside them).
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(naming(err, folder)),
            }
        }
        Ok(())
    }

    /// Writes one file; its folder must exist (see [`Staging::folders`]).
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.temp.join(path);
        fs::write(&target, bytes)
            .and_then(|()| match self.set_modes {
                true => readable(&target, false),
                false => Ok(()),
            })
            .map_err(|e| naming(e, Path::new(path)))
    }

    /// Writes the files copied as they are, in parallel; their folders must exist.
    pub fn copy(&self, copies: &BTreeMap<String, FileSource>) -> io::Result<()> {
        copies
            .par_iter()
            .try_for_each(|(path, source)| match source {
                // A copy of the bytes, never a link: the published site must not change when
                // someone edits the content folder later.
                FileSource::Disk(from) => {
                    let target = self.temp.join(path);
                    fs::copy(self.root.join(from), &target).map_err(|e| naming(e, from))?;
                    readable(&target, false).map_err(|e| naming(e, Path::new(path)))
                }
                FileSource::Embedded(bytes) => self.write(path, bytes),
                FileSource::Generated(bytes) => self.write(path, bytes),
            })
    }

    /// Puts the new site in the place of the old one, in one step.
    pub fn publish(self) -> io::Result<Published> {
        // Whatever is left at the temporary path afterwards (the old site, or the new one if
        // the swap failed) is deleted by `Drop`.
        swap_in(&self.temp, &self.out)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if present(&self.temp) {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

/// Puts right what a killed build left beside `out`: a previous site moved aside (see
/// [`swap_by_renames`]) goes back if `out` is missing; every other folder of ours is deleted.
fn clean_up(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let prefix = format!(".{name}.{TEMP_MARK}");
    let mut ours: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            ours.push(entry.path());
        }
    }
    if !present(out)
        && let Some(aside) = ours.iter().find(|p| p.to_string_lossy().ends_with(ASIDE))
    {
        fs::rename(aside, out)?;
    }
    for path in ours.iter().filter(|p| present(p)) {
        fs::remove_dir_all(path)?;
    }
    Ok(())
}

/// Whether anything (a folder, a file, a link) has this name.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Gives a published file or folder a mode that a web server running as another user can
/// read, whatever the umask of the build (`077` makes files only their owner can read) and
/// whatever the mode of an attachment in `content/` (a copy keeps it).
#[cfg(unix)]
fn readable(path: &Path, folder: bool) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if folder { 0o755 } else { 0o644 };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn readable(_: &Path, _: bool) -> io::Result<()> {
    Ok(())
}

/// Whether `folder`, just made, has the mode [`readable`] gives folders: then the umask is
/// `022`, and new files get the mode it gives files too.
#[cfg(unix)]
fn made_readable(folder: &Path) -> io::Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    Ok(fs::metadata(folder)?.permissions().mode() & 0o777 == 0o755)
}

#[cfg(not(unix))]
fn made_readable(_: &Path) -> io::Result<bool> {
    Ok(true)
}

/// The error with the file it concerns, for a message that says where to look.
fn naming(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// Puts `new` in the place of `out`, then deletes the previous site.
fn swap_in(new: &Path, out: &Path) -> io::Result<Published> {
    let swapped = if present(out) {
        exchange(new, out)
    } else {
        fs::rename(new, out).map(|()| true)
    };
    let old = match swapped {
        // `new` now holds the previous site (or nothing, if there was none).
        Ok(true) => new.to_path_buf(),
        Ok(false) => {
            let aside = PathBuf::from(format!("{}{ASIDE}", new.display()));
            swap_by_renames(new, out, &aside)?;
            aside
        }
        Err(err) => {
            let _ = fs::remove_dir_all(new);
            return Err(err);
        }
    };
    // The new site is out: failing to delete the old one is worth a word, not a failed build.
    let leftover = match fs::remove_dir_all(&old) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Some((old, err)),
        _ => None,
    };
    Ok(Published { leftover })
}

/// Swaps two folders in one step; `Ok(false)` when the file system cannot (network shares).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Two renames, with a moment between them when `out` is missing. A build killed in that
/// moment leaves the previous site at `aside`, from where [`clean_up`] brings it back.
fn swap_by_renames(new: &Path, out: &Path, aside: &Path) -> io::Result<()> {
    let undo = |err: io::Error| {
        let _ = fs::remove_dir_all(new);
        err
    };
    fs::rename(out, aside).map_err(undo)?;
    if let Err(err) = fs::rename(new, out) {
        let _ = fs::rename(aside, out);
        return Err(undo(err));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_in(dir: &Path, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), text).unwrap();
    }

    fn page(dir: &Path) -> String {
        fs::read_to_string(dir.join("index.html")).unwrap()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn one_page(text: &str) -> Output {
        let mut output = Output::default();
        output.pages.insert("index.html".into(), text.into());
        output
    }

    #[test]
    fn publishing_replaces_the_site_and_clears_what_killed_builds_left() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&out, "old");
        site_in(&parent.path().join(".public.plansite-1"), "half");
        site_in(&parent.path().join(".other.plansite-1"), "not ours");
        let published = publish(parent.path(), &out, &one_page("new")).unwrap();
        assert!(published.leftover.is_none());
        assert_eq!(page(&out), "new");
        assert_eq!(names(parent.path()), [".other.plansite-1", "public"]);
    }

    #[test]
    fn a_failed_write_leaves_the_site_and_nothing_else() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&out, "old");
        let mut output = one_page("new");
        let missing = FileSource::Disk("content/gone.docx".into());
        output.copies.insert("plans/a/gone.docx".into(), missing);
        let err = publish(parent.path(), &out, &output).unwrap_err();
        assert!(err.to_string().starts_with("content/gone.docx: "), "{err}");
        assert_eq!(page(&out), "old");
        assert_eq!(names(parent.path()), ["public"]);
    }

    #[test]
    fn swapping_by_renames_puts_the_old_site_aside() {
        let parent = tempfile::tempdir().unwrap();
        let (new, out, aside) = (
            parent.path().join("new"),
            parent.path().join("out"),
            parent.path().join("aside"),
        );
        site_in(&new, "new");
        site_in(&out, "old");
        swap_by_renames(&new, &out, &aside).unwrap();
        assert_eq!((page(&out), page(&aside)), ("new".into(), "old".into()));
        assert!(!present(&new));
    }

    #[test]
    fn a_site_moved_aside_by_a_killed_build_comes_back() {
        // Killed between the two renames of `swap_by_renames`: no `public`, the previous site
        // aside, the new one complete beside it. Even if the next build fails, the previous
        // site is back in its place.
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&parent.path().join(".public.plansite-7.old"), "old");
        site_in(&parent.path().join(".public.plansite-7"), "new");
        let mut failing = one_page("newer");
        let missing = FileSource::Disk("content/gone.docx".into());
        failing.copies.insert("gone.docx".into(), missing);
        assert!(publish(parent.path(), &out, &failing).is_err());
        assert_eq!(page(&out), "old");
        assert_eq!(names(parent.path()), ["public"]);
    }
}
