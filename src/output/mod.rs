//! The output stage: the finished site as the program holds it ([`Output`]), and writing it,
//! either into a staging folder swapped in whole (a build) or in place (the preview).

mod guard;
mod in_place;
mod staging;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::render::{FileSource, Rendered};
use crate::search;
pub use guard::check_out_dir;
pub use in_place::write_in_place;
pub use staging::Staging;

/// Marks our temporary folders, so that stale ones can be recognised and removed.
const TEMP_MARK: &str = "plansite-";

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
