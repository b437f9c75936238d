//! Writing the finished site so that a web server never sees half of it.
//!
//! The new site is written into a temporary folder beside the output folder and then swapped
//! in with one rename. Until that rename the previous site is untouched; after it, the old
//! one is deleted. A temporary folder left by a killed build is removed by the next build.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::{FileSource, Output};
use crate::urls;

/// Marks our temporary folders, so that stale ones can be recognised and removed.
const TEMP_MARK: &str = "plansite-";
/// Ends the name of a previous site moved aside by [`swap_by_renames`].
const ASIDE: &str = ".old";

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

/// What publishing left that the user should know about, besides the new site.
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

/// Makes `dir` hold exactly `output`, rewriting only files whose bytes changed and deleting
/// those no longer built. For the preview server: a browser reloads only once this returns, and
/// unchanged pages keep their timestamps. `touched` holds the paths of the files that may
/// differ from what `dir` holds, when that is known: only they are written or deleted.
/// Otherwise every file is compared with the one in `dir`. Returns how many files were written
/// or deleted.
pub fn write_in_place(
    root: &Path,
    dir: &Path,
    output: &Output,
    touched: Option<&BTreeSet<String>>,
) -> io::Result<usize> {
    fs::create_dir_all(dir)?;
    let write = |path: &str, bytes: &[u8], compare: bool| -> io::Result<usize> {
        let target = dir.join(path);
        if compare && fs::read(&target).is_ok_and(|old| old == bytes) {
            return Ok(0);
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        // Written beside and renamed over the page, so that the server, reading while the
        // preview is rebuilt, sends the old page or the new one, never half of one.
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let partial = target.with_file_name(format!(".{name}.{TEMP_MARK}partial"));
        fs::write(&partial, bytes)
            .and_then(|()| fs::rename(&partial, &target))
            .inspect_err(|_| {
                let _ = fs::remove_file(&partial);
            })?;
        Ok(1)
    };
    // Files whose bytes are not known to have changed are compared with the ones in `dir`.
    let put = |path: &str, compare: bool| -> io::Result<usize> {
        if let Some(html) = output.pages.get(path) {
            return write(path, html.as_bytes(), compare);
        }
        if let Some(bytes) = output.index.get(path) {
            return write(path, bytes, compare);
        }
        match &output.copies[path] {
            // A file copied from disk is here when its source may have changed: compared, it
            // is written only if it did.
            FileSource::Disk(from) => write(path, &fs::read(root.join(from))?, true),
            FileSource::Embedded(bytes) => write(path, bytes, compare),
            FileSource::Generated(bytes) => write(path, bytes, compare),
        }
    };
    // Deletions first, so that no folder emptied by one is filled by a write meanwhile.
    let (removed, files, compare) = match touched {
        Some(touched) => {
            let (present, gone): (Vec<&str>, Vec<&str>) = touched
                .iter()
                .map(String::as_str)
                .partition(|p| output.has(p));
            let removed = gone
                .iter()
                .map(|path| remove(dir, path))
                .sum::<io::Result<usize>>()?;
            (removed, present, false)
        }
        None => (
            remove_unwanted(dir, output)?,
            output.files().collect(),
            true,
        ),
    };
    let written = files
        .par_iter()
        .map(|path| put(path, compare))
        .sum::<io::Result<usize>>()?;
    Ok(removed + written)
}

/// Deletes every file and folder under `dir` that `output` does not have.
fn remove_unwanted(dir: &Path, output: &Output) -> io::Result<usize> {
    let wanted: HashSet<&Path> = output.paths().collect();
    let wanted_dirs: HashSet<&Path> = wanted.iter().flat_map(|p| p.ancestors()).collect();
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir).contents_first(true).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            if !wanted_dirs.contains(rel) {
                fs::remove_dir_all(entry.path())?;
            }
        } else if !wanted.contains(rel) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Deletes the file at `path` under `dir`, and the folders it leaves empty.
fn remove(dir: &Path, path: &str) -> io::Result<usize> {
    match fs::remove_file(dir.join(path)) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    // Folders such as plans/<slug>/ go with their last file.
    for folder in Path::new(path).ancestors().skip(1) {
        if folder.as_os_str().is_empty() || fs::remove_dir(dir.join(folder)).is_err() {
            break;
        }
    }
    Ok(1)
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
