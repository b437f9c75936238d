//! Writing a build's site into a folder beside the output folder, then swapping it in with one
//! rename, so that a web server never sees half of it.
//!
//! Until that rename the previous site is untouched. The folder written is the generation
//! before the previous one, kept beside the output folder (`kept.rs`) and updated in place:
//! only the files whose bytes differ from what it holds are written, those that went are
//! deleted. After the swap it holds the previous site, kept for the next build. A folder that
//! cannot be believed (a killed build's, one changed by someone else, one no manifest
//! describes) is deleted and the site written whole.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::TEMP_MARK;
use super::kept::{self, KEPT_SUFFIX, MANIFEST_SUFFIX, Start};
use super::lock::LOCK_SUFFIX;
use super::manifest::{self, Entry, Generation, Inputs, Manifest};
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
    /// Where the manifest of both generations goes once the new one is out.
    manifest: PathBuf,
    /// Whether `temp` is the kept generation's folder, to be kept after the swap; not when a
    /// kept folder that could not be used could not be deleted either.
    keeps: bool,
    /// What `temp` held when the build began, file by file: empty when it was made anew.
    holds: Generation,
    /// The folders of `holds`, which exist already.
    held_folders: HashSet<String>,
    /// The published generation as the manifest described it: after the swap, what the kept
    /// folder holds.
    published: Option<Generation>,
    /// The new generation, file by file, as each is written or found the same.
    made: Mutex<Vec<(String, Entry)>>,
    /// Whether anything in `temp` was written or deleted yet.
    changed: AtomicBool,
    /// Whether `temp` was made by this build (nothing was kept, or it could not be used).
    made_anew: bool,
    /// Why the kept generation could not be used, for a note to the user.
    pub note: Option<Text>,
}

impl Staging {
    /// Cleans up after any killed build and makes or takes the folder to write (the kept
    /// generation, unless `reuse` is false: `build --no-cache`); `None`, with the reason in
    /// `problems`, when it cannot.
    pub fn new(root: &Path, out: &Path, reuse: bool, problems: &mut Problems) -> Option<Staging> {
        Staging::make(root, out, reuse, problems)
            .map_err(|err| problems.push(write_failed(out, err)))
            .ok()
    }

    fn make(root: &Path, out: &Path, reuse: bool, problems: &mut Problems) -> io::Result<Staging> {
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
        let pid_temp = parent.join(format!(".{name}.{TEMP_MARK}{}", std::process::id()));
        // A new folder's mode tells the umask: setting every file's mode by hand was 2% of a
        // build, wasted where the umask gives the same modes anyway.
        fs::create_dir(&pid_temp)?;
        let set_modes = !made_readable(&pid_temp)?;
        let (kept, manifest) = (
            kept::kept_path(&parent, &name),
            kept::manifest_path(&parent, &name),
        );
        let start = kept::start(&kept, &manifest, reuse);
        // The kept folder changes from here on: until the new manifest is written, none
        // describes it, so that a build killed meanwhile leaves it to be written whole.
        remove_file(&manifest)?;
        let (mut holds, mut note, mut keeps, mut made_anew) = (Generation::new(), None, true, true);
        let published = match start {
            Start::Kept {
                holds: held,
                published,
            } => {
                holds = held;
                made_anew = false;
                published
            }
            Start::Whole { why, published } => {
                note = why.map(|why| kept_note(&kept, why));
                if let Err(err) = kept::discard(&kept) {
                    keeps = false;
                    problems.push(kept_left(&kept, err));
                }
                published
            }
        };
        let temp = match keeps {
            true => {
                if !present(&kept) {
                    fs::create_dir(&kept)?;
                }
                fs::remove_dir(&pid_temp)?;
                kept
            }
            false => pid_temp,
        };
        let held_folders = (holds.keys())
            .flat_map(|path| Path::new(path).ancestors().skip(1))
            .filter(|folder| !folder.as_os_str().is_empty())
            .map(|folder| folder.to_string_lossy().into_owned())
            .collect();
        let staging = Staging {
            root: root.to_path_buf(),
            temp,
            out: out.to_path_buf(),
            set_modes,
            manifest,
            keeps,
            holds,
            held_folders,
            published,
            made: Mutex::new(Vec::new()),
            changed: AtomicBool::new(false),
            made_anew,
            note,
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
            if folder
                .to_str()
                .is_some_and(|f| self.held_folders.contains(f))
            {
                continue;
            }
            let target = self.temp.join(folder);
            match fs::create_dir(&target) {
                Ok(()) if self.set_modes => {
                    readable(&target, true).map_err(|e| naming(e, folder))?
                }
                Ok(()) => {}
                // Made for earlier files (pages, then the files beside them); or, in the kept
                // generation, a file of the same name, which goes.
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                    if !self.holds.is_empty() && !target.is_dir() {
                        self.changed.store(true, Ordering::Relaxed);
                        fs::remove_file(&target)
                            .and_then(|()| fs::create_dir(&target))
                            .and_then(|()| match self.set_modes {
                                true => readable(&target, true),
                                false => Ok(()),
                            })
                            .map_err(|e| naming(e, folder))?;
                    }
                }
                Err(err) => return Err(naming(err, folder)),
            }
        }
        Ok(())
    }

    /// Writes one file, unless the kept generation holds the same bytes there; its folder
    /// must exist (see [`Staging::make_folders`]).
    fn write_file(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let held = self.holds.get(path);
        let entry = match held {
            Some(held) if held.size == bytes.len() as u64 && held.hash == manifest::hash(bytes) => {
                *held
            }
            _ => {
                self.changed.store(true, Ordering::Relaxed);
                let meta = self
                    .put(path, bytes, held.is_some())
                    .map_err(|e| naming(e, Path::new(path)))?;
                Entry::of(bytes, &meta)
            }
        };
        self.made.lock().unwrap().push((path.to_string(), entry));
        Ok(())
    }

    /// Writes `bytes` at `path` and returns the file's metadata as written. Over a file of the
    /// kept generation (`replace`), the new one is written beside it and renamed over it: a
    /// web server still sending the old file from before the last swap sends it whole.
    fn put(&self, path: &str, bytes: &[u8], replace: bool) -> io::Result<fs::Metadata> {
        let target = self.temp.join(path);
        let written = match replace {
            false => target.clone(),
            true => {
                let name = target.file_name().unwrap_or_default().to_string_lossy();
                target.with_file_name(format!(".{name}.{TEMP_MARK}partial"))
            }
        };
        let mut file = match fs::File::create(&written) {
            // A folder of the kept generation where the new one has a file.
            Err(err) if target.is_dir() && !replace => {
                self.changed.store(true, Ordering::Relaxed);
                fs::remove_dir_all(&target).map_err(|_| err)?;
                fs::File::create(&written)?
            }
            file => file?,
        };
        if self.set_modes {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(0o644))?;
        }
        file.write_all(bytes)?;
        if !replace {
            return file.metadata();
        }
        drop(file);
        fs::rename(&written, &target).inspect_err(|_| {
            let _ = fs::remove_file(&written);
        })?;
        // A rename moves the file's change time on: its metadata is taken after it.
        fs::symlink_metadata(&target)
    }

    /// Deletes the files of the kept generation that the new one does not have, and the
    /// folders they leave empty.
    fn remove_gone(&self) -> io::Result<()> {
        let made = self.made.lock().unwrap();
        let wanted: HashSet<&str> = made.iter().map(|(path, _)| path.as_str()).collect();
        for path in self.holds.keys().filter(|p| !wanted.contains(p.as_str())) {
            self.changed.store(true, Ordering::Relaxed);
            match fs::remove_file(self.temp.join(path)) {
                // Gone with a folder, or a folder now (see `make_folders`).
                Err(err)
                    if !matches!(
                        err.kind(),
                        io::ErrorKind::NotFound
                            | io::ErrorKind::IsADirectory
                            | io::ErrorKind::NotADirectory
                    ) =>
                {
                    return Err(naming(err, Path::new(path)));
                }
                _ => {}
            }
            for folder in Path::new(path).ancestors().skip(1) {
                if folder.as_os_str().is_empty() || fs::remove_dir(self.temp.join(folder)).is_err()
                {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Writes the files copied as they are, in parallel; their folders must exist.
    fn copy(&self, copies: &BTreeMap<String, FileSource>) -> io::Result<()> {
        copies
            .par_iter()
            .try_for_each(|(path, source)| match source {
                // A copy of the bytes, never a link: the published site must not change when
                // someone edits the content folder later.
                FileSource::Disk(from) => {
                    let bytes = fs::read(self.root.join(from)).map_err(|e| naming(e, from))?;
                    self.write_file(path, &bytes)
                }
                FileSource::Embedded(bytes) => self.write_file(path, bytes),
                FileSource::Generated(bytes) => self.write_file(path, bytes),
            })
    }

    /// Writes `files` (the files besides the pages: copies and the search index) and puts the
    /// new site in the place of the old one, in one step. A failure, or a previous site that
    /// could not be deleted afterwards, is added to `problems`.
    /// `inputs` says what the site was built from, for the next build to find it the same.
    /// Returns what was published, file by file, once it is out.
    pub fn publish(
        mut self,
        files: &BTreeMap<String, FileSource>,
        inputs: Option<Inputs>,
        problems: &mut Problems,
    ) -> Option<Generation> {
        let written = self
            .make_folders(files.keys())
            .and_then(|()| self.copy(files))
            .and_then(|()| self.remove_gone())
            .and_then(|()| self.swap_in(inputs));
        match written {
            Ok((left, published)) => {
                if let Some((old, err)) = left {
                    problems.push(
                        Diagnostic::warning(codes::OUTPUT_OLD_SITE_LEFT, &old)
                            .arg("error", err.to_string()),
                    );
                }
                Some(published)
            }
            Err(err) => {
                problems.push(write_failed(&self.out, err));
                None
            }
        }
    }

    /// Puts the new site in the place of the previous one, in one step. The previous one is
    /// kept for the next build, and the manifest written to say what both hold; or, when it
    /// cannot be kept, deleted: returned when it could not be, with why; and the new site,
    /// file by file.
    fn swap_in(&mut self, inputs: Option<Inputs>) -> io::Result<(Left, Generation)> {
        let had_out = present(&self.out);
        let swapped = match had_out {
            true => exchange(&self.temp, &self.out),
            false => fs::rename(&self.temp, &self.out).map(|()| true),
        };
        // Where the previous site is now (if there was one).
        let old = match swapped? {
            true => self.temp.clone(),
            false => {
                let aside = PathBuf::from(format!("{}{ASIDE}", self.temp.display()));
                swap_by_renames(&self.temp, &self.out, &aside)?;
                match self.keeps && fs::rename(&aside, &self.temp).is_ok() {
                    true => self.temp.clone(),
                    false => aside,
                }
            }
        };
        let kept = self.keeps && old == self.temp;
        // What is done from here on cannot unpublish the new site: `Drop` leaves it be.
        self.changed.store(false, Ordering::Relaxed);
        self.holds = Generation::new();
        let made: Generation = std::mem::take(&mut *self.made.lock().unwrap())
            .into_iter()
            .collect();
        // Stamped now that every file is in place and the swap is done (it moves only the
        // output folder's own time on), for the next build to tell nothing changed.
        let published_folders = kept::folder_stamps(&self.out, &made);
        let manifest = Manifest {
            published: Some(made),
            published_folders,
            kept: self.published.take().filter(|_| kept && had_out),
            inputs,
        };
        // Unwritten, the next build writes the site whole: slower, never wrong.
        let _ = manifest.write(&self.manifest);
        let published = manifest.published.unwrap_or_default();
        if kept {
            self.temp = PathBuf::new();
            return Ok((None, published));
        }
        // The new site is out: failing to delete the old one is worth a word, not a failed build.
        let left = match fs::remove_dir_all(&old) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Some((old, err)),
            _ => None,
        };
        self.temp = PathBuf::new();
        Ok((left, published))
    }
}

/// A previous site that could not be deleted once the new one was out, with why.
type Left = Option<(PathBuf, io::Error)>;

impl Folder for Staging {
    fn folders(&self, paths: &mut dyn Iterator<Item = &String>) -> Result<(), Diagnostic> {
        self.make_folders(paths)
            .map_err(|err| write_failed(&self.out, err))
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_file(path, bytes)
            .map_err(|err| write_failed(&self.out, err))
    }

    fn keep(&self, path: &str, size: u64, hash: u128) -> bool {
        let same = |entry: &Entry| (entry.size, entry.hash) == (size, hash);
        let published = (self.published.as_ref()).and_then(|published| published.get(path));
        match self.holds.get(path) {
            Some(held) if same(held) && published.is_some_and(same) => {
                self.made.lock().unwrap().push((path.to_string(), *held));
                true
            }
            _ => false,
        }
    }
}

/// An unpublished site: a folder made by this build is deleted; a kept generation stays,
/// described again by its manifest if nothing in it was written yet, and otherwise left to the
/// next build to write whole.
impl Drop for Staging {
    fn drop(&mut self) {
        if self.temp.as_os_str().is_empty() || !present(&self.temp) {
            return;
        }
        let unchanged = !self.changed.load(Ordering::Relaxed);
        if !self.keeps || (self.made_anew && !unchanged) {
            let _ = fs::remove_dir_all(&self.temp);
            if !self.keeps {
                return;
            }
        }
        let manifest = Manifest {
            published: self.published.take(),
            // Unknown here: the next build reads the published folders whole.
            published_folders: None,
            kept: unchanged.then(|| std::mem::take(&mut self.holds)),
            inputs: None,
        };
        if manifest != Manifest::default() {
            let _ = manifest.write(&self.manifest);
        }
    }
}

/// Says that the new site is out but the previous one is still at `old`.
/// Says that the kept generation at `kept`, which cannot be used, cannot be deleted either: the
/// site is written into a folder of its own, and nothing is kept this time.
fn kept_left(kept: &Path, err: io::Error) -> Diagnostic {
    Diagnostic::warning(codes::OUTPUT_KEPT_LEFT, kept).arg("error", err.to_string())
}

/// Why the kept generation at `kept` is written whole this time: a note, not a warning, for it
/// costs time and nothing else.
fn kept_note(kept: &Path, why: Text) -> Text {
    Text::new("kept-note").arg("path", kept).arg("why", why)
}

/// Deletes the file at `path`, if there is one.
fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Puts right what a killed build left beside `out`: a previous site moved aside (see
/// [`swap_by_renames`]) goes back if `out` is missing; every other folder of ours is deleted.
pub(super) fn clean_up(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let prefix = format!(".{name}.{TEMP_MARK}");
    // The output folder's lock, which the build holds while it runs: it stays.
    // So do the kept generation and its manifest, which the build looks at next.
    let stay =
        [LOCK_SUFFIX, KEPT_SUFFIX, MANIFEST_SUFFIX].map(|suffix| format!("{prefix}{suffix}"));
    let mut ours: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        let entry_name = entry.file_name();
        let entry_name = entry_name.to_string_lossy();
        if entry_name.starts_with(&prefix) && !stay.iter().any(|s| *s == entry_name) {
            ours.push(entry.path());
        }
    }
    if !present(out)
        && let Some(aside) = ours.iter().find(|p| p.to_string_lossy().ends_with(ASIDE))
    {
        fs::rename(aside, out)?;
    }
    for path in ours.iter() {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => fs::remove_dir_all(path)?,
            Ok(_) => fs::remove_file(path)?,
            Err(_) => {}
        }
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
pub(super) mod tests {
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

    /// Publishes a site of `pages` (path and text) and a file copied from each of `copies`
    /// (relative to `parent`) into `out`, as a build does.
    fn build_pages(
        parent: &Path,
        out: &Path,
        pages: &[(&str, &str)],
        copies: &[(&str, &str)],
    ) -> Problems {
        let mut problems = Problems::new();
        let staging = Staging::new(parent, out, true, &mut problems).unwrap();
        let paths: Vec<String> = pages.iter().map(|(path, _)| path.to_string()).collect();
        staging.folders(&mut paths.iter()).unwrap();
        for (path, text) in pages {
            Folder::write(&staging, path, text.as_bytes()).unwrap();
        }
        let copies = (copies.iter())
            .map(|(to, from)| (to.to_string(), FileSource::Disk(from.into())))
            .collect();
        staging.publish(&copies, None, &mut problems);
        problems
    }

    /// Publishes a site of one page with text `text`, and a file copied from each `copies`
    /// (relative to `parent`), into `out`, as a build does.
    fn build(parent: &Path, out: &Path, text: &str, copies: &[(&str, &str)]) -> Problems {
        build_pages(parent, out, &[("index.html", text)], copies)
    }

    #[test]
    fn publishing_replaces_the_site_and_clears_what_killed_builds_left() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&out, "old");
        site_in(&parent.path().join(".public.plansite-1"), "half");
        fs::write(parent.path().join(".public.plansite-2"), "").unwrap();
        site_in(&parent.path().join(".other.plansite-1"), "not ours");
        fs::write(parent.path().join(".public.plansite-lock"), "").unwrap();
        let problems = build(parent.path(), &out, "new", &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(page(&out), "new");
        assert_eq!(
            names(parent.path()),
            [
                ".other.plansite-1",
                ".public.plansite-kept",
                ".public.plansite-lock",
                ".public.plansite-manifest",
                "public"
            ]
        );
        // The previous site is kept beside, for the next build to update in place.
        assert_eq!(page(&parent.path().join(".public.plansite-kept")), "old");
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
        // A folder reached through a link above it is not a link: it is published as named.
        fs::create_dir(release.join("sub")).unwrap();
        let through = link.join("sub");
        assert_eq!(published_folder(&through).unwrap(), through);
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

    /// The kept site is updated in place whatever took the place of what: a folder where it
    /// holds a file, a file where it holds a folder.
    #[test]
    fn a_file_and_a_folder_of_the_same_name_take_each_others_place_in_the_kept_site() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        fs::write(parent.path().join("a.txt"), "甲").unwrap();
        fs::write(parent.path().join("b.txt"), "乙").unwrap();
        let file = [("x", "a.txt")];
        let folder = [("x/y", "b.txt")];
        // From the third build on, each updates the site of the build before the last.
        for (i, copies) in [file, file, folder, folder, file, file].iter().enumerate() {
            let problems = build(parent.path(), &out, "页", copies);
            assert!(problems.is_empty(), "build {i}: {problems:?}");
            assert_eq!(names(&out), ["index.html", "x"], "build {i}");
            match copies[0].0 {
                "x" => assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "甲"),
                _ => assert_eq!(fs::read_to_string(out.join("x/y")).unwrap(), "乙"),
            }
            assert!(!present(&parent.path().join(".public.plansite-kept.old")));
        }
    }

    /// A folder the kept site does not have, made for a page and then holding a file too.
    #[test]
    fn a_new_folder_with_a_page_and_a_file_is_made_in_the_kept_site() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        fs::write(parent.path().join("a.txt"), "甲").unwrap();
        build(parent.path(), &out, "一", &[]);
        build(parent.path(), &out, "二", &[]);
        let pages = [("index.html", "三"), ("plans/a/index.html", "甲计划")];
        let problems = build_pages(parent.path(), &out, &pages, &[("plans/a/a.txt", "a.txt")]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(&out.join("plans/a")), ["a.txt", "index.html"]);
    }

    /// A build that fails before it wrote anything into the kept site leaves it described, for
    /// the next build to update; one that wrote into it leaves it to be written whole. Neither
    /// leaves the next build anything to note.
    #[test]
    fn a_failed_build_leaves_the_kept_site_to_the_next_without_a_note() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        let kept = kept::kept_path(parent.path(), "public");
        let manifest = kept::manifest_path(parent.path(), "public");
        build(parent.path(), &out, "一", &[]);
        build(parent.path(), &out, "二", &[]);
        let missing = [("gone.docx", "gone.docx")];
        // The kept site holds "一": the same page, then a copy that fails.
        assert!(build(parent.path(), &out, "一", &missing).has_errors());
        assert!(matches!(
            kept::start(&kept, &manifest, true),
            Start::Kept { .. }
        ));
        // Another page written into it, then the copy fails.
        assert!(build(parent.path(), &out, "三", &missing).has_errors());
        assert!(matches!(
            kept::start(&kept, &manifest, true),
            Start::Whole { why: None, .. }
        ));
        assert_eq!(page(&out), "二");
    }

    /// Sets or clears the immutable flag, which even root cannot delete past; `false` when the
    /// file system or the sandbox does not allow it.
    pub(in crate::output) fn immutable(path: &Path, on: bool) -> bool {
        std::process::Command::new("chattr")
            .arg(if on { "+i" } else { "-i" })
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Makes `folders` undeletable; `false`, with every one left as it was, when the file system
    /// does not allow it, which a test then skips, but for under CI.
    pub(in crate::output) fn lock_or_skip(folders: &[PathBuf]) -> bool {
        if folders.iter().all(|folder| immutable(folder, true)) {
            return true;
        }
        for folder in folders {
            immutable(folder, false);
        }
        // CI runs as root on ext4, where `chattr +i` works: there a skip would hide a failure.
        assert!(std::env::var_os("CI").is_none(), "chattr +i failed");
        eprintln!("skipped: this file system cannot make a folder undeletable (chattr +i)");
        false
    }

    /// A file of the kept site that the new one does not have, and that cannot be deleted, fails
    /// the build: published, the site would have a file no build made.
    #[test]
    fn a_file_gone_from_the_site_that_cannot_be_deleted_fails_the_build() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        fs::write(parent.path().join("a.txt"), "甲").unwrap();
        build(parent.path(), &out, "一", &[("a/x", "a.txt")]);
        build(parent.path(), &out, "二", &[("a/x", "a.txt")]);
        let locked = kept::kept_path(parent.path(), "public").join("a");
        if !lock_or_skip(std::slice::from_ref(&locked)) {
            return;
        }
        let problems = build(parent.path(), &out, "三", &[]);
        // Unlocked before asserting, so that a failure leaves no folder nobody can delete.
        immutable(&locked, false);
        assert!(problems.has_errors(), "{problems:?}");
        assert_eq!(page(&out), "二");
    }

    /// A kept site that cannot be used nor deleted, and a previous site that cannot be deleted
    /// once the new one is out: the new site is published with a warning for each, and the next
    /// build, told nothing about the kept one, writes the site whole without a note.
    #[test]
    fn sites_that_cannot_be_deleted_are_warnings_once_the_new_one_is_out() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        let kept = kept::kept_path(parent.path(), "public");
        let manifest = kept::manifest_path(parent.path(), "public");
        fs::write(parent.path().join("a.txt"), "甲").unwrap();
        let copies = [("a/x", "a.txt")];
        build(parent.path(), &out, "一", &copies);
        build(parent.path(), &out, "二", &copies);
        // Changed by someone else: the kept site cannot be used.
        fs::write(kept.join("stray.html"), "").unwrap();
        let locked = [kept.join("a"), out.join("a")];
        if !lock_or_skip(&locked) {
            return;
        }
        let problems = build(parent.path(), &out, "三", &copies);
        for folder in &locked {
            immutable(folder, false);
        }
        let messages: Vec<String> = problems.iter().map(Diagnostic::english).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("the previous site kept beside the output folder cannot"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("the new site is published, but the previous one could not"),
            "{messages:?}"
        );
        assert_eq!(page(&out), "三");
        assert!(matches!(
            kept::start(&kept, &manifest, true),
            Start::Whole { why: None, .. }
        ));
    }

    /// Killed after both renames of `swap_by_renames` (where the file system cannot swap two
    /// folders in one step): the new site is in place, the previous one aside, which goes.
    #[test]
    fn a_site_left_aside_behind_a_published_one_goes() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        site_in(&out, "new");
        site_in(&parent.path().join(".public.plansite-7.old"), "old");
        let problems = build(parent.path(), &out, "newer", &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(page(&out), "newer");
        assert!(!present(&parent.path().join(".public.plansite-7.old")));
    }

    /// The manifest goes before the kept site is changed: when it cannot, nothing is changed.
    #[test]
    fn a_manifest_that_cannot_be_deleted_fails_the_build() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        fs::create_dir_all(parent.path().join(".public.plansite-manifest/x")).unwrap();
        let mut problems = Problems::new();
        assert!(Staging::new(parent.path(), &out, true, &mut problems).is_none());
        assert!(problems.has_errors(), "{problems:?}");
        assert!(!present(&parent.path().join(".public.plansite-kept")));
    }

    /// A build that fails beside a kept site it can neither use nor delete leaves no manifest:
    /// the next build says again why the kept site is not used.
    #[test]
    fn a_failed_build_beside_a_kept_site_that_cannot_be_deleted_leaves_it_undescribed() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        let kept = kept::kept_path(parent.path(), "public");
        let manifest = kept::manifest_path(parent.path(), "public");
        fs::write(parent.path().join("a.txt"), "甲").unwrap();
        build(parent.path(), &out, "一", &[("a/x", "a.txt")]);
        build(parent.path(), &out, "二", &[("a/x", "a.txt")]);
        fs::write(kept.join("stray.html"), "").unwrap();
        let locked = kept.join("a");
        if !lock_or_skip(std::slice::from_ref(&locked)) {
            return;
        }
        let problems = build(parent.path(), &out, "三", &[("gone.docx", "gone.docx")]);
        immutable(&locked, false);
        assert!(problems.has_errors(), "{problems:?}");
        assert_eq!(page(&out), "二");
        assert!(matches!(
            kept::start(&kept, &manifest, true),
            Start::Whole { why: Some(_), .. }
        ));
    }
}
