//! The output stage: the finished site as the program holds it ([`Output`]), and writing it,
//! either into a staging folder swapped in whole (a build) or in place (the preview).

mod guard;
mod in_place;
mod kept;
mod lock;
mod manifest;
mod staging;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::render::{FileSource, Rendered};
use crate::search;
pub use guard::check_out_dir;
pub use in_place::write_in_place;
pub use lock::{Holder, LockError, OutLock, Waiting, lock_path};
pub use manifest::Inputs;
pub use staging::{Staging, link_note};

/// Marks our temporary folders, so that stale ones can be recognised and removed.
const TEMP_MARK: &str = "plansite-";

/// What the last build into `out` reported, when it was built from inputs of this
/// `fingerprint`, found no problem, and `out` still holds exactly what it wrote: then a build
/// has nothing to do. Also puts right what a killed build left beside `out`, as a build does.
pub fn unchanged_since(out: &Path, fingerprint: u128) -> Option<Inputs> {
    let out = staging::published_folder(out).ok()?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = out.file_name()?.to_string_lossy().into_owned();
    let manifest =
        manifest::Manifest::read_published(&kept::manifest_path(&parent, &name)).ok()??;
    let inputs = manifest.inputs.filter(|i| i.fingerprint == fingerprint)?;
    staging::clean_up(&parent, &name, &out).ok()?;
    let published = manifest.published.as_ref()?;
    match &manifest.published_folders {
        Some(folders) => kept::unchanged_by_stamps(&out, published, folders).ok()?,
        None => kept::unchanged(&out, published).ok()?,
    }
    Some(inputs)
}

/// The finished site, before it is written: pages by output path, and files to copy. The
/// preview keeps one from rebuild to rebuild and updates it with what each changed.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub pages: BTreeMap<String, Arc<[u8]>>,
    pub copies: BTreeMap<String, FileSource>,
    /// The search index's files.
    pub index: search::Files,
}

impl Output {
    /// Every file's path, relative to the output folder.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.pages
            .keys()
            .chain(self.copies.keys())
            .chain(self.index.keys())
            .map(String::as_str)
    }

    /// [`Output::files`] as paths.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files().map(Path::new)
    }

    /// Whether the output has a file at `path`: looked up in its sorted maps, which at 13,000
    /// files costs less than hashing them all as `Path`s (component by component).
    pub fn has(&self, path: &str) -> bool {
        self.pages.contains_key(path)
            || self.copies.contains_key(path)
            || self.index.contains_key(path)
    }

    /// Takes in what a render changed, the files to copy now, and what changed in the search
    /// index. Returns the paths of the files that changed or went with them: what must be
    /// written or deleted again. A file copied from disk is among them when it was not copied
    /// from the same file before, or when `on_disk_changed` says its source may have changed.
    pub fn update(
        &mut self,
        rendered: Rendered,
        index: search::IndexChanges,
        on_disk_changed: impl Fn(&Path) -> bool,
    ) -> Vec<String> {
        let Rendered {
            pages,
            gone,
            copies,
            ..
        } = rendered;
        let mut touched = Vec::new();
        for (path, bytes) in index.files {
            self.index.insert(path.clone(), bytes);
            touched.push(path);
        }
        for path in index.gone {
            self.index.remove(&path);
            touched.push(path);
        }
        for (path, html) in pages {
            if self.pages.get(&path) != Some(&html) {
                touched.push(path.clone());
                self.pages.insert(path, html);
            }
        }
        for path in gone {
            if self.pages.remove(&path).is_some() {
                touched.push(path);
            }
        }
        for (path, source) in &copies {
            let same = match (source, self.copies.get(path)) {
                (FileSource::Embedded(new), Some(FileSource::Embedded(old))) => {
                    std::ptr::eq(*new, *old)
                }
                (FileSource::Disk(new), Some(FileSource::Disk(old))) => {
                    new == old && !on_disk_changed(new)
                }
                _ => false,
            };
            if !same {
                touched.push(path.clone());
            }
        }
        let copies_gone = self
            .copies
            .keys()
            .filter(|path| !copies.contains_key(*path));
        touched.extend(copies_gone.cloned());
        self.copies = copies;
        touched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static STYLE: &[u8] = b"body {}";

    fn rendered(pages: &[(&str, &str)], gone: &[&str], copies: &[(&str, FileSource)]) -> Rendered {
        Rendered {
            pages: (pages.iter())
                .map(|(path, html)| (path.to_string(), Arc::from(html.as_bytes())))
                .collect(),
            gone: gone.iter().map(|path| path.to_string()).collect(),
            copies: (copies.iter())
                .map(|(path, source)| (path.to_string(), source.clone()))
                .collect(),
            ..Rendered::default()
        }
    }

    fn index(files: &[(&str, &str)], gone: &[&str]) -> search::IndexChanges {
        search::IndexChanges {
            files: (files.iter())
                .map(|(path, bytes)| (path.to_string(), Arc::from(bytes.as_bytes())))
                .collect(),
            gone: gone.iter().map(|path| path.to_string()).collect(),
        }
    }

    fn sorted(mut paths: Vec<String>) -> Vec<String> {
        paths.sort();
        paths
    }

    #[test]
    fn an_update_reports_exactly_the_paths_it_touched() {
        let mut output = Output::default();
        let style = || ("style.css", FileSource::Embedded(STYLE));
        let attachment = || {
            (
                "plans/a/f.txt",
                FileSource::Disk("content/plans/a/f.txt".into()),
            )
        };
        let first = rendered(
            &[("a.html", "甲"), ("b.html", "乙")],
            &[],
            &[style(), attachment()],
        );
        let touched = output.update(first, index(&[("search/index.json", "{}")], &[]), |_| false);
        assert_eq!(
            sorted(touched),
            [
                "a.html",
                "b.html",
                "plans/a/f.txt",
                "search/index.json",
                "style.css"
            ]
        );

        // A page rendered again with the same bytes, one changed, one gone that was never
        // there; the same copies, the attachment unchanged on disk; no change to the index.
        let same = rendered(
            &[("a.html", "甲"), ("b.html", "乙二")],
            &["c.html"],
            &[style(), attachment()],
        );
        assert_eq!(output.update(same, index(&[], &[]), |_| false), ["b.html"]);
        assert_eq!(&*output.pages["b.html"], "乙二".as_bytes());

        // A page gone, the attachment changed on disk, the stylesheet no longer copied, an
        // index file gone.
        let fewer = rendered(&[], &["a.html"], &[attachment()]);
        let touched = output.update(fewer, index(&[], &["search/index.json"]), |_| true);
        assert_eq!(
            sorted(touched),
            ["a.html", "plans/a/f.txt", "search/index.json", "style.css"]
        );
        assert_eq!(
            output.files().collect::<Vec<_>>(),
            ["b.html", "plans/a/f.txt"]
        );
    }
}
