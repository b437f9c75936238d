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

use super::TEMP_MARK;
use super::lock::LOCK_SUFFIX;
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::i18n::Text;
use crate::render::{FileSource, Folder};

/// Ends the name of a previous site moved aside by [`swap_by_renames`].
const ASIDE: &str = ".old";

/// Why a build's site could not be written, on the output folder: the previous site was left
/// as it was.
fn write_failed(out: &Path, err: io::Error) -> Diagnostic {
    Diagnostic::error(codes::OUTPUT_WRITE_FAILED, out)
        .arg("error", err.to_string())
        .arg("why", why(err.kind()))
}

/// What to look at when writing failed this way, as the help line's `why` (the catalogues put
/// it into words). A folder found not empty or a file gone while the build wrote means
/// something else wrote there meanwhile (`changed`): not another plansite, which waits for the
/// output folder's lock, but another program (or an older plansite).
fn why(kind: io::ErrorKind) -> &'static str {
    match kind {
        io::ErrorKind::NotFound | io::ErrorKind::DirectoryNotEmpty => "changed",
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "space",
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => "permissions",
        _ => "other",
    }
}

/// A new site being written beside `out`, in a temporary folder that becomes `out` in one step
/// by [`Staging::publish`], or is deleted when dropped unpublished: whatever happens while it is
/// written, the previous site stays whole. The pages are written into it as they are rendered
/// (it is the render's [`Folder`]), the other files when the render is done.
pub struct Staging {
    root: PathBuf,
    temp: PathBuf,
    out: PathBuf,
    /// New files and folders do not get the modes [`readable`] gives (the umask is not the
    /// usual `022`), so each one's mode is set after it is made.
    set_modes: bool,
}

impl Staging {
    /// Cleans up after any killed build and makes the temporary folder; `None`, with the reason
    /// in `problems`, when it cannot.
    pub fn new(root: &Path, out: &Path, problems: &mut Problems) -> Option<Staging> {
        Staging::make(root, out)
            .map_err(|err| problems.push(write_failed(out, err)))
            .ok()
    }

    fn make(root: &Path, out: &Path) -> io::Result<Staging> {
        // A link (a web root pointed at a release) stays: the site goes into the folder it
        // points to, staged and swapped beside that folder, so the swap is still one step.
        let out = &published_folder(out)?;
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
        keep_set_up(out, &staging.temp);
        Ok(staging)
    }

    /// Makes every folder the files at `paths` (relative to the site) go in, before the files
    /// are written in parallel.
    fn make_folders<'a>(&self, paths: impl IntoIterator<Item = &'a String>) -> io::Result<()> {
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

    /// Writes one file; its folder must exist (see [`Staging::make_folders`]).
    fn write_file(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.temp.join(path);
        fs::write(&target, bytes)
            .and_then(|()| match self.set_modes {
                true => readable(&target, false),
                false => Ok(()),
            })
            .map_err(|e| naming(e, Path::new(path)))
    }

    /// Writes the files copied as they are, in parallel; their folders must exist.
    fn copy(&self, copies: &BTreeMap<String, FileSource>) -> io::Result<()> {
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
                FileSource::Embedded(bytes) => self.write_file(path, bytes),
                FileSource::Generated(bytes) => self.write_file(path, bytes),
            })
    }

    /// Writes `files` (the files besides the pages: copies and the search index) and puts the
    /// new site in the place of the old one, in one step. A failure, or a previous site that
    /// could not be deleted afterwards, is added to `problems`.
    pub fn publish(self, files: &BTreeMap<String, FileSource>, problems: &mut Problems) {
        let written = self
            .make_folders(files.keys())
            .and_then(|()| self.copy(files))
            // Whatever is left at the temporary path afterwards (the old site, or the new one
            // if the swap failed) is deleted by `Drop`.
            .and_then(|()| swap_in(&self.temp, &self.out));
        match written {
            Ok(None) => {}
            Ok(Some((old, err))) => problems.push(
                Diagnostic::warning(codes::OUTPUT_OLD_SITE_LEFT, &old)
                    .arg("error", err.to_string()),
            ),
            Err(err) => problems.push(write_failed(&self.out, err)),
        }
    }
}

impl Folder for Staging {
    fn folders(&self, paths: &mut dyn Iterator<Item = &String>) -> Result<(), Diagnostic> {
        self.make_folders(paths)
            .map_err(|err| write_failed(&self.out, err))
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_file(path, bytes)
            .map_err(|err| write_failed(&self.out, err))
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
    // The output folder's lock, which the build holds while it runs: it stays.
    let lock = format!("{prefix}{LOCK_SUFFIX}");
    let mut ours: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        let entry_name = entry.file_name();
        let entry_name = entry_name.to_string_lossy();
        if entry_name.starts_with(&prefix) && entry_name != lock {
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

/// Where a site for `out` is written: `out` itself, or the folder it links to when it is a
/// symbolic link (followed to the end, so a link to a link works too).
pub fn published_folder(out: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(out),
        _ => Ok(out.to_path_buf()),
    }
}

/// What to say after a build into `out` when `out` is a symbolic link: where the site went.
pub fn link_note(out: &Path) -> Option<Text> {
    let link = fs::symlink_metadata(out).ok()?.file_type().is_symlink();
    let folder = published_folder(out).ok().filter(|_| link)?;
    Some(
        Text::new("output-link-note")
            .arg("out", out)
            .arg("folder", &folder),
    )
}

/// Gives the new site's folder the previous one's permission bits (setgid included), group
/// and, where this user may, owner, so that a web folder set up as `2775 root:www-data` stays
/// so. Best effort: a folder that keeps the usual mode is still a readable site.
#[cfg(unix)]
fn keep_set_up(old: &Path, new: &Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(meta) = fs::metadata(old) else { return };
    if !meta.is_dir() {
        return;
    }
    // Owner and group first: a change of owner clears the setgid bit.
    if std::os::unix::fs::chown(new, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = std::os::unix::fs::chown(new, None, Some(meta.gid()));
    }
    let _ = fs::set_permissions(new, fs::Permissions::from_mode(meta.mode() & 0o7777));
}

#[cfg(not(unix))]
fn keep_set_up(_: &Path, _: &Path) {}

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

/// Puts `new` in the place of `out`, then deletes the previous site. Returns the previous
/// site when it is out of the way but could not be deleted, and why.
fn swap_in(new: &Path, out: &Path) -> io::Result<Option<(PathBuf, io::Error)>> {
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
    match fs::remove_dir_all(&old) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Ok(Some((old, err))),
        _ => Ok(None),
    }
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

    /// Publishes a site of one page with text `text`, and a file copied from each `copies`
    /// (relative to `parent`), into `out`, as a build does.
    fn build(parent: &Path, out: &Path, text: &str, copies: &[(&str, &str)]) -> Problems {
        let mut problems = Problems::new();
        let staging = Staging::new(parent, out, &mut problems).unwrap();
        let pages = [String::from("index.html")];
        staging.folders(&mut pages.iter()).unwrap();
        Folder::write(&staging, "index.html", text.as_bytes()).unwrap();
        let copies = (copies.iter())
            .map(|(to, from)| (to.to_string(), FileSource::Disk(from.into())))
            .collect();
        staging.publish(&copies, &mut problems);
        problems
    }

    #[test]
    fn publishing_replaces_the_site_and_clears_what_killed_builds_left() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&out, "old");
        site_in(&parent.path().join(".public.plansite-1"), "half");
        site_in(&parent.path().join(".other.plansite-1"), "not ours");
        fs::write(parent.path().join(".public.plansite-lock"), "").unwrap();
        let problems = build(parent.path(), &out, "new", &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(page(&out), "new");
        assert_eq!(
            names(parent.path()),
            [".other.plansite-1", ".public.plansite-lock", "public"]
        );
    }

    #[test]
    fn a_failed_write_leaves_the_site_and_nothing_else() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&out, "old");
        let missing = [("plans/a/gone.docx", "content/gone.docx")];
        let problems = build(parent.path(), &out, "new", &missing).into_sorted();
        assert_eq!(problems.len(), 1);
        let message = &problems[0].english();
        assert!(
            message.starts_with("cannot write the site: content/gone.docx: "),
            "{message}"
        );
        assert_eq!(page(&out), "old");
        assert_eq!(names(parent.path()), ["public"]);
    }

    #[test]
    fn the_help_fits_the_failure() {
        let help = |kind| {
            write_failed(Path::new("public"), io::Error::from(kind))
                .english_hint()
                .unwrap()
        };
        assert!(help(io::ErrorKind::DirectoryNotEmpty).contains("something else changed"));
        assert!(help(io::ErrorKind::NotFound).contains("something else changed"));
        assert!(help(io::ErrorKind::StorageFull).ends_with("check free disk space"));
        assert!(!help(io::ErrorKind::PermissionDenied).contains("disk space"));
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
        let missing = [("gone.docx", "content/gone.docx")];
        assert!(build(parent.path(), &out, "newer", &missing).has_errors());
        assert_eq!(page(&out), "old");
        assert_eq!(names(parent.path()), ["public"]);
    }

    #[test]
    fn the_new_folder_keeps_the_old_ones_mode_and_group() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let parent = tempfile::tempdir().unwrap();
        let (old, new) = (parent.path().join("old"), parent.path().join("new"));
        fs::create_dir(&old).unwrap();
        fs::create_dir(&new).unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o2775)).unwrap();
        // Any group this user is in will do: root, as the tests run here, may pick any.
        let _ = std::os::unix::fs::chown(&old, None, Some(1));
        keep_set_up(&old, &new);
        let (was, is) = (fs::metadata(&old).unwrap(), fs::metadata(&new).unwrap());
        assert_eq!(is.mode() & 0o7777, 0o2775);
        assert_eq!((is.uid(), is.gid()), (was.uid(), was.gid()));
    }

    #[test]
    fn a_link_is_published_into_the_folder_it_points_to() {
        let parent = tempfile::tempdir().unwrap();
        let release = parent.path().join("release-2");
        fs::create_dir(&release).unwrap();
        let link = parent.path().join("www");
        std::os::unix::fs::symlink(&release, &link).unwrap();
        let real = fs::canonicalize(&release).unwrap();
        assert_eq!(published_folder(&link).unwrap(), real);
        assert_eq!(published_folder(&release).unwrap(), release);
        let missing = parent.path().join("none");
        assert_eq!(published_folder(&missing).unwrap(), missing);
        let note = link_note(&link).unwrap();
        let catalogue = crate::i18n::Catalogue::load();
        let en = catalogue.messages(crate::i18n::Lang::En).text(&note);
        assert!(
            en.contains(&format!("folder it points to, {}", real.display())),
            "{en}"
        );
        let zh = catalogue.messages(crate::i18n::Lang::Zh).text(&note);
        assert!(zh.contains("是符号链接"), "{zh}");
        assert_eq!(link_note(&release), None);
    }
}
