//! Writing the preview's output into its folder in place, rewriting only the files whose bytes
//! changed, each swapped in whole so that the server never sends half a page.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::{Output, TEMP_MARK};
use crate::render::FileSource;

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
            return write(path, html, compare);
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn page(output: &mut Output, path: &str, html: &str) {
        output.pages.insert(path.into(), Arc::from(html.as_bytes()));
    }

    #[test]
    fn only_the_files_that_differ_are_written_and_the_rest_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        let mut output = Output::default();
        page(&mut output, "index.html", "首页");
        page(&mut output, "plans/a/index.html", "甲");
        assert_eq!(write_in_place(dir.path(), &out, &output, None).unwrap(), 2);
        // Compared with the folder: nothing differs, but a file nobody built goes.
        fs::write(out.join("stray.html"), "多余").unwrap();
        assert_eq!(write_in_place(dir.path(), &out, &output, None).unwrap(), 1);
        assert!(!out.join("stray.html").exists());
        // Told what changed: only that is written, or deleted with the folder it leaves empty.
        output.pages.remove("plans/a/index.html");
        page(&mut output, "index.html", "新首页");
        let touched: BTreeSet<String> = ["index.html".into(), "plans/a/index.html".into()].into();
        assert_eq!(
            write_in_place(dir.path(), &out, &output, Some(&touched)).unwrap(),
            2
        );
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "新首页"
        );
        assert!(!out.join("plans").exists());
        // A file already gone from the folder (deleted by hand) is no error.
        let touched: BTreeSet<String> = ["gone.html".into()].into();
        assert!(write_in_place(dir.path(), &out, &output, Some(&touched)).is_ok());
    }

    #[test]
    fn a_copied_file_and_an_index_file_told_changed_are_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        fs::write(dir.path().join("f.txt"), "一").unwrap();
        let mut output = Output::default();
        let copy = FileSource::Disk("f.txt".into());
        output.copies.insert("plans/a/f.txt".into(), copy);
        let index = |text: &str| Arc::from(text.as_bytes());
        output.index.insert("search/index.json".into(), index("{}"));
        write_in_place(dir.path(), &out, &output, None).unwrap();
        // The attachment changed on disk and the index was made again: both are written, not
        // taken for files gone from the site.
        fs::write(dir.path().join("f.txt"), "二").unwrap();
        output
            .index
            .insert("search/index.json".into(), index("{\"docs\":1}"));
        let touched: BTreeSet<String> = ["plans/a/f.txt".into(), "search/index.json".into()].into();
        write_in_place(dir.path(), &out, &output, Some(&touched)).unwrap();
        assert_eq!(fs::read_to_string(out.join("plans/a/f.txt")).unwrap(), "二");
        assert_eq!(
            fs::read_to_string(out.join("search/index.json")).unwrap(),
            "{\"docs\":1}"
        );
    }
}
