//! The previous generation of the site, kept beside the output folder after a build swaps the
//! new one in, so that the next build can update it in place (writing only the files whose
//! bytes differ) and swap again, instead of creating and deleting every file each time: on a
//! real disk that was most of a build. Believed only when every file in it is as the manifest
//! says it was left; anything else, and it is written whole.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::TEMP_MARK;
use super::manifest::{Entry, Folders, Generation, Manifest, Stamper};
use crate::i18n::Text;

/// Ends the kept generation's name: `.<folder>.plansite-kept`, beside the output folder.
pub(super) const KEPT_SUFFIX: &str = "kept";
/// Ends the manifest's name: `.<folder>.plansite-manifest`.
pub(super) const MANIFEST_SUFFIX: &str = "manifest";

/// Where the kept generation of the output folder named `name` (in `parent`) is.
pub fn kept_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.{TEMP_MARK}{KEPT_SUFFIX}"))
}

/// Where its manifest is.
pub fn manifest_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.{TEMP_MARK}{MANIFEST_SUFFIX}"))
}

/// What the build starts from.
pub enum Start {
    /// The kept folder holds the files of this generation, exactly: only what differs is
    /// written. The manifest's description of the published one comes with it, to describe
    /// the kept folder after the swap.
    Kept {
        holds: Generation,
        published: Option<Generation>,
    },
    /// Nothing usable is kept: the site is written whole, into a new folder. `why` says, when
    /// something was there that could not be used, why not (for a note to the user).
    Whole {
        why: Option<Text>,
        published: Option<Generation>,
    },
}

/// Looks at the kept folder and its manifest and says what the build can start from. Reads
/// nothing but the manifest and the folders' entries and metadata.
pub fn start(kept: &Path, manifest: &Path, use_it: bool) -> Start {
    let read = Manifest::read(manifest);
    let kept_there = fs::symlink_metadata(kept).is_ok();
    let (why, published) = match (read, use_it) {
        (_, false) => (None, None),
        (Err(why), _) => (Some(Text::new("kept-why-manifest").arg("error", why)), None),
        (Ok(None), _) if kept_there => (Some(Text::new("kept-why-undescribed")), None),
        (Ok(None), _) => (None, None),
        (
            Ok(Some(Manifest {
                published,
                kept: Some(holds),
                ..
            })),
            _,
        ) if kept_there => match unchanged(kept, &holds) {
            Ok(()) => return Start::Kept { holds, published },
            Err(why) => (Some(why), published),
        },
        // Known to be undescribed (kept by `--no-cache`, or by a failed build that had written
        // into it): written whole without a word.
        (Ok(Some(Manifest { published, .. })), _) => (None, published),
    };
    Start::Whole { why, published }
}

/// Whether the folder `dir` holds exactly the files of `generation`, each as it was left (by
/// size, inode and change time), and no other file, folder or link.
pub fn unchanged(dir: &Path, generation: &Generation) -> Result<(), Text> {
    let changed = |path: &Path| Text::new("kept-why-changed").arg("path", path);
    let error = |e: walkdir::Error| Text::new("kept-why-error").arg("error", e.to_string());
    let meta = fs::symlink_metadata(dir)
        .map_err(|e| Text::new("kept-why-error").arg("error", e.to_string()))?;
    if !meta.is_dir() {
        return Err(Text::new("kept-why-not-a-folder"));
    }
    let folders = folders_of(generation);
    let mut found_folders = 0;
    let mut files = Vec::with_capacity(generation.len());
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(error)?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let kind = entry.file_type();
        if kind.is_dir() && folders.contains(rel) {
            found_folders += 1;
        } else if kind.is_file() && rel.to_str().is_some_and(|p| generation.contains_key(p)) {
            files.push(entry.into_path());
        } else {
            return Err(Text::new("kept-why-added").arg("path", rel));
        }
    }
    if files.len() != generation.len() || found_folders != folders.len() {
        return Err(Text::new("kept-why-deleted"));
    }
    // The metadata of ten thousand files, read on both cores.
    let stamper =
        Stamper::open(dir).map_err(|e| Text::new("kept-why-error").arg("error", e.to_string()))?;
    files.par_iter().try_for_each(|path| {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel = rel.to_str().unwrap_or_default();
        match stamper.stamp(rel) {
            Ok(now) if generation[rel].same_stamp(&now) => Ok(()),
            _ => Err(changed(Path::new(rel))),
        }
    })
}

/// The folders of `generation`: every folder a file of it is in, but the generation's own.
fn folders_of(generation: &Generation) -> FxHashSet<&Path> {
    (generation.keys())
        .flat_map(|path| Path::new(path).ancestors().skip(1))
        .filter(|folder| !folder.as_os_str().is_empty())
        .collect()
}

/// Each folder of `generation` in `dir` as it is now, once every file is in place; `None` when
/// one cannot be read (the next build then reads every folder, as [`unchanged`] does).
pub fn folder_stamps(dir: &Path, generation: &Generation) -> Option<Folders> {
    let folders: Vec<&Path> = folders_of(generation).into_iter().collect();
    let stamper = Stamper::open(dir).ok()?;
    (folders.par_iter())
        .map(|folder| {
            let folder = folder.to_str()?;
            Some((folder.to_string(), stamper.stamp(folder).ok()?))
        })
        .collect()
}

/// [`unchanged`], told from the stamps of the generation's folders instead of reading them
/// all: a file added or removed anywhere below moves its folder's change time on, so one look
/// at each folder's and each file's metadata, and one listing of `dir` itself (whose own time
/// the swap moves on), tell the same, with less than half the system calls.
pub fn unchanged_by_stamps(
    dir: &Path,
    generation: &Generation,
    folders: &Folders,
) -> Result<(), Text> {
    let error = |e: io::Error| Text::new("kept-why-error").arg("error", e.to_string());
    let derived = folders_of(generation);
    if derived.len() != folders.len()
        || !(derived.iter()).all(|f| f.to_str().is_some_and(|f| folders.contains_key(f)))
    {
        return Err(Text::new("kept-why-undescribed"));
    }
    let top: HashSet<&str> = (generation.keys().map(String::as_str))
        .chain(folders.keys().map(String::as_str))
        .filter(|path| !path.contains('/'))
        .collect();
    let mut listed = 0;
    for entry in fs::read_dir(dir).map_err(error)? {
        let name = entry.map_err(error)?.file_name();
        match name.to_str().filter(|name| top.contains(name)) {
            Some(_) => listed += 1,
            None => return Err(Text::new("kept-why-added").arg("path", Path::new(&name))),
        }
    }
    if listed != top.len() {
        return Err(Text::new("kept-why-deleted"));
    }
    let stamper = Stamper::open(dir).map_err(error)?;
    let as_left = |(rel, entry): (&String, &Entry)| match stamper.stamp(rel) {
        Ok(now) if entry.same_stamp(&now) => Ok(()),
        _ => Err(Text::new("kept-why-changed").arg("path", Path::new(rel))),
    };
    let all: Vec<(&String, &Entry)> = generation.iter().chain(folders.iter()).collect();
    all.into_par_iter().try_for_each(as_left)
}

/// Deletes a kept folder that cannot be used.
pub fn discard(kept: &Path) -> io::Result<()> {
    match fs::remove_dir_all(kept) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::manifest::Entry;

    /// A folder of two files and its generation as the manifest describes it.
    fn kept_site(dir: &Path) -> Generation {
        let mut generation = Generation::new();
        for (path, text) in [("index.html", "首页"), ("plans/a/index.html", "甲")] {
            let target = dir.join(path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(&target, text).unwrap();
            let meta = fs::metadata(&target).unwrap();
            generation.insert(path.into(), Entry::of(text.as_bytes(), &meta));
        }
        generation
    }

    /// The folders' stamps tell what reading every folder tells: a file added deep down or at
    /// the top, one removed or rewritten, each is found.
    #[test]
    fn a_published_folder_touched_by_anyone_else_is_known_by_its_stamps() {
        type Touch = fn(&Path);
        let touches: [(&str, Touch); 5] = [
            ("nothing", |_| {}),
            ("a file added below", |dir| {
                fs::write(dir.join("plans/a/stray.html"), "x").unwrap()
            }),
            ("a file added at the top", |dir| {
                fs::write(dir.join("stray.html"), "x").unwrap()
            }),
            ("a file removed", |dir| {
                fs::remove_file(dir.join("plans/a/index.html")).unwrap()
            }),
            ("a file rewritten", |dir| {
                fs::write(dir.join("plans/a/index.html"), "乙").unwrap()
            }),
        ];
        for (what, touch) in touches {
            let parent = tempfile::tempdir().unwrap();
            let dir = parent.path().join("public");
            let generation = kept_site(&dir);
            let folders = folder_stamps(&dir, &generation).unwrap();
            assert_eq!(folders.len(), 2, "plans and plans/a");
            // A change in the same tick of the clock as the stamp would keep its time.
            std::thread::sleep(std::time::Duration::from_millis(30));
            touch(&dir);
            let found = unchanged_by_stamps(&dir, &generation, &folders);
            assert_eq!(found.is_ok(), what == "nothing", "{what}: {found:?}");
            assert_eq!(
                found.is_ok(),
                unchanged(&dir, &generation).is_ok(),
                "{what}"
            );
        }
    }

    #[test]
    fn a_kept_folder_touched_by_anyone_else_is_not_believed() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("kept");
        let generation = kept_site(&dir);
        assert_eq!(unchanged(&dir, &generation), Ok(()));

        type Touch = fn(&Path);
        let touched: [(&str, Touch); 6] = [
            ("rewritten", |d| {
                fs::write(d.join("index.html"), "首页").unwrap()
            }),
            ("added", |d| fs::write(d.join("extra.html"), "").unwrap()),
            ("folder added", |d| {
                fs::create_dir(d.join("plans/b")).unwrap()
            }),
            ("deleted", |d| {
                fs::remove_file(d.join("plans/a/index.html")).unwrap()
            }),
            ("mode", |d| {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::Permissions::from_mode(0o600);
                fs::set_permissions(d.join("index.html"), mode).unwrap()
            }),
            ("replaced", |d| {
                fs::write(d.join("new"), "甲").unwrap();
                fs::rename(d.join("new"), d.join("plans/a/index.html")).unwrap()
            }),
        ];
        for (what, touch) in touched {
            let _ = fs::remove_dir_all(&dir);
            let generation = kept_site(&dir);
            // A change within the same tick of the clock as the write would keep its time.
            std::thread::sleep(std::time::Duration::from_millis(20));
            touch(&dir);
            assert!(unchanged(&dir, &generation).is_err(), "{what}");
        }
    }

    /// The note names what was found: a folder added to the kept one is named as added, not
    /// taken for files deleted.
    #[test]
    fn a_folder_added_to_the_kept_folder_is_named_in_the_note() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("kept");
        let generation = kept_site(&dir);
        fs::create_dir(dir.join("plans/b")).unwrap();
        let catalogue = crate::i18n::Catalogue::load();
        let english = catalogue.messages(crate::i18n::Lang::En);
        let why = english.text(&unchanged(&dir, &generation).unwrap_err());
        assert!(
            why.contains("plans/b") && why.ends_with("was added"),
            "{why}"
        );
    }

    #[test]
    fn what_to_start_from() {
        let parent = tempfile::tempdir().unwrap();
        let (kept, manifest) = (parent.path().join("kept"), parent.path().join("manifest"));
        let catalogue = crate::i18n::Catalogue::load();
        let english = catalogue.messages(crate::i18n::Lang::En);
        let whole = |start: Start| match start {
            Start::Whole { why, .. } => why.map(|why| english.text(&why)),
            Start::Kept { .. } => panic!("kept"),
        };
        // Nothing kept, no manifest: the first build, nothing to say.
        assert_eq!(whole(start(&kept, &manifest, true)), None);
        let generation = kept_site(&kept);
        assert!(
            whole(start(&kept, &manifest, true))
                .unwrap()
                .contains("no manifest")
        );
        let described = Manifest {
            kept: Some(generation),
            ..Manifest::default()
        };
        described.write(&manifest).unwrap();
        assert!(matches!(start(&kept, &manifest, true), Start::Kept { .. }));
        // The kept folder deleted by hand, its manifest left: written whole, without a word.
        fs::remove_dir_all(&kept).unwrap();
        assert_eq!(whole(start(&kept, &manifest, true)), None);
        // `--no-cache`: not even looked at.
        assert_eq!(whole(start(&kept, &manifest, false)), None);
        let mut bytes = fs::read(&manifest).unwrap();
        bytes[30] ^= 1;
        fs::write(&manifest, bytes).unwrap();
        assert!(
            whole(start(&kept, &manifest, true))
                .unwrap()
                .contains("damaged")
        );
    }
}
