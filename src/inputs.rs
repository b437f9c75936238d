//! A fingerprint of everything a build reads, taken from the files' metadata without reading
//! them: `site.yaml`, the site's folders, the options, the output folder's path and the
//! plansite binary itself. Equal fingerprints mean the build would write the same bytes
//! (output is deterministic), so a build whose inputs have the fingerprint of the last one,
//! into an output folder as that build left it, has nothing to do.

use std::ffi::OsStr;
use std::fs;
use std::hash::Hasher;
use std::path::Path;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::layout::{CONFIG_FILE, SOURCES};

/// How close to the fingerprint's moment a file may have changed and still be trusted: file
/// times come from a coarse clock, so a file saved in the same tick, after the build read it,
/// could keep the time it had. Such a fingerprint is not kept (git's "racy" files).
const TICK: Duration = Duration::from_millis(50);

/// The plansite binary that runs, by its version, size and modification time: what a cache
/// must have been made by to be believed (another binary's types and pages may differ).
pub fn program() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let exe = fs::metadata(std::env::current_exe().ok()?).ok()?;
    Some(format!(
        "plansite {} {}:{}.{}",
        env!("CARGO_PKG_VERSION"),
        exe.size(),
        exe.mtime(),
        exe.mtime_nsec(),
    ))
}

/// A fingerprint, or `None` when one cannot be trusted (a file too new, or unreadable
/// metadata): the build then runs in full.
pub fn fingerprint(root: &Path, out: &Path, options: &[String]) -> Option<u128> {
    let taken = SystemTime::now();
    let mut hash = Xxh3::new();
    for option in options {
        hash.write(option.as_bytes());
        hash.write_u8(0);
    }
    hash.write(out.as_os_str().as_encoded_bytes());
    hash.write_u8(0);
    let exe = std::env::current_exe().ok()?;
    stamp(
        &mut hash,
        "plansite".as_ref(),
        &fs::metadata(exe).ok()?,
        taken,
    )?;
    for source in SOURCES {
        let path = root.join(source);
        if source == CONFIG_FILE {
            stamp(
                &mut hash,
                source.as_ref(),
                &fs::metadata(&path).ok()?,
                taken,
            )?;
            continue;
        }
        // Followed when it is a link, as the build follows it.
        match fs::metadata(&path) {
            Ok(meta) => {
                stamp(&mut hash, source.as_ref(), &meta, taken)?;
                if meta.is_dir() {
                    hash.write_u128(folder_fingerprint(&path, taken)?);
                }
            }
            // A folder that is not there is an input too (its absence).
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => hash.write(b"missing"),
            Err(_) => return None,
        }
    }
    Some(hash.digest128())
}

/// The fingerprint of every file and folder under `dir`, by name, sorted so that the same files
/// give the same fingerprint; the folders below are taken on every core. Each is looked at
/// through its folder's open handle (`DirEntry::metadata`, a `statx` relative to it): by
/// whole paths, the kernel's walk along each path and the paths' joining were a third of a
/// build with nothing to do.
fn folder_fingerprint(dir: &Path, taken: SystemTime) -> Option<u128> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir).ok()?.collect::<Result<_, _>>().ok()?;
    entries.sort_unstable_by_key(fs::DirEntry::file_name);
    let stamped: Vec<Option<u128>> = (entries.par_iter())
        .map(|entry| {
            let mut hash = Xxh3::new();
            let meta = entry.metadata().ok()?;
            stamp(&mut hash, &entry.file_name(), &meta, taken)?;
            if meta.is_dir() {
                hash.write_u128(folder_fingerprint(&entry.path(), taken)?);
            }
            Some(hash.digest128())
        })
        .collect();
    let mut hash = Xxh3::new();
    for entry in stamped {
        hash.write_u128(entry?);
    }
    Some(hash.digest128())
}

/// Adds a file's name and what says it was not changed: its size, inode, kind and change
/// times. `None` when it changed too close to `taken` to be told from a later change.
fn stamp(hash: &mut Xxh3, name: &OsStr, meta: &fs::Metadata, taken: SystemTime) -> Option<()> {
    use std::os::unix::fs::MetadataExt;
    let changed = SystemTime::UNIX_EPOCH
        + Duration::new(meta.ctime().max(0) as u64, meta.ctime_nsec().max(0) as u32);
    let modified = meta.modified().ok()?;
    if changed.max(modified) + TICK > taken {
        return None;
    }
    hash.write(name.as_encoded_bytes());
    hash.write_u8(0);
    for n in [
        meta.size(),
        meta.ino(),
        meta.dev(),
        u64::from(meta.mode()),
        meta.ctime() as u64,
        meta.ctime_nsec() as u64,
        meta.mtime() as u64,
        meta.mtime_nsec() as u64,
    ] {
        hash.write_u64(n);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site of one plan, `content/plans/a.md`, in a folder of its own.
    fn one_plan_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.yaml"), "title: 甲\n").unwrap();
        fs::create_dir_all(dir.path().join("content/plans")).unwrap();
        fs::write(dir.path().join("content/plans/a.md"), "甲").unwrap();
        dir
    }

    #[test]
    fn any_change_to_an_input_changes_the_fingerprint() {
        let dir = one_plan_site();
        let (root, out) = (dir.path(), dir.path().join("public"));
        let old = SystemTime::now() - Duration::from_secs(10);
        let age = |path: &Path| {
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(old)
                .unwrap()
        };
        // Just written: too new to be trusted.
        assert_eq!(fingerprint(root, &out, &[]), None);
        std::thread::sleep(TICK * 2);
        let first = fingerprint(root, &out, &[]).unwrap();
        assert_eq!(fingerprint(root, &out, &[]), Some(first));
        assert_ne!(
            fingerprint(root, &out, &["--drafts".to_string()]),
            Some(first)
        );
        assert_ne!(fingerprint(root, &root.join("www"), &[]), Some(first));
        // The same size and modification time, other bytes: the change time tells.
        fs::write(root.join("content/plans/a.md"), "乙").unwrap();
        age(&root.join("content/plans/a.md"));
        std::thread::sleep(TICK * 2);
        let second = fingerprint(root, &out, &[]).unwrap();
        assert_ne!(second, first);
        fs::create_dir(root.join("templates")).unwrap();
        std::thread::sleep(TICK * 2);
        assert_ne!(fingerprint(root, &out, &[]), Some(second));
    }

    /// The build follows `content/` when it is a link to a folder elsewhere, and reads the
    /// folders below it: so does the fingerprint.
    #[test]
    fn a_file_deep_in_a_linked_content_folder_is_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("site"), dir.path().join("plans"));
        fs::create_dir_all(elsewhere.join("plans/2016/市总工会")).unwrap();
        let plan = elsewhere.join("plans/2016/市总工会/a.md");
        fs::write(&plan, "甲").unwrap();
        fs::create_dir(&root).unwrap();
        fs::write(root.join("site.yaml"), "title: 甲\n").unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("content")).unwrap();
        let out = root.join("public");
        std::thread::sleep(TICK * 2);
        let first = fingerprint(&root, &out, &[]).unwrap();
        fs::write(&plan, "乙乙").unwrap();
        std::thread::sleep(TICK * 2);
        assert_ne!(fingerprint(&root, &out, &[]), Some(first));
    }

    /// A source folder that cannot be looked at (a link to itself, a share that is gone) is
    /// not taken for one that is not there: there is no fingerprint, and the build runs.
    #[test]
    fn a_source_folder_that_cannot_be_looked_at_gives_no_fingerprint() {
        let dir = one_plan_site();
        let (root, out) = (dir.path(), dir.path().join("public"));
        std::thread::sleep(TICK * 2);
        assert!(
            fingerprint(root, &out, &[]).is_some(),
            "no templates: missing"
        );
        std::os::unix::fs::symlink("templates", root.join("templates")).unwrap();
        std::thread::sleep(TICK * 2);
        assert_eq!(fingerprint(root, &out, &[]), None);
    }

    /// A file changed a moment ago and its modification time set back (`cp -p`, `touch -d`, an
    /// archive unpacked) is still too new to be trusted: its change time tells.
    #[test]
    fn a_file_changed_just_now_with_an_old_modification_time_gives_no_fingerprint() {
        let dir = one_plan_site();
        let (root, out) = (dir.path(), dir.path().join("public"));
        let plan = root.join("content/plans/a.md");
        std::thread::sleep(TICK * 2);
        assert!(fingerprint(root, &out, &[]).is_some());
        // Rewritten in place, so that its folder does not change with it.
        fs::write(&plan, "乙").unwrap();
        let old = SystemTime::now() - Duration::from_secs(10);
        let file = fs::File::options().write(true).open(&plan).unwrap();
        file.set_modified(old).unwrap();
        assert_eq!(fingerprint(root, &out, &[]), None);
    }
}
