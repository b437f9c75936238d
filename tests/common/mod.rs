//! Helpers for the integration tests: small sites in temporary folders, the real binary, and
//! a walker that checks every link of a built site.

#![allow(dead_code)] // each test file uses its own subset

pub mod server;
pub mod slug_rules;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A site in a temporary folder, deleted when dropped.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new(site_yaml: &str) -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        site.write("site.yaml", site_yaml);
        fs::create_dir_all(site.root().join("content/plans")).unwrap();
        site
    }

    /// A copy of the repository's sample site.
    pub fn sample() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::copy(
            Path::new(REPO).join("site.yaml"),
            site.root().join("site.yaml"),
        )
        .unwrap();
        copy_dir(
            &Path::new(REPO).join("content"),
            &site.root().join("content"),
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn plan(&self, name: &str, front: &str, body: &str) {
        self.write(
            &format!("content/plans/{name}.md"),
            format!("---\n{front}\n---\n\n{body}\n"),
        );
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_plansite"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .unwrap();
        Run::from(output)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn read_out(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn failed(&self) -> &Run {
        assert_eq!(
            self.code, 1,
            "expected failure\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts the diagnostics name this text (e.g. `content/plans/a.md:3:1: error: ...`).
    pub fn says(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// All `href` and `src` values in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    found
}

/// Resolves every relative link of every page on disk, fragments included, and returns the
/// broken ones as `page -> link`. Links that leave the site count as broken: the site must
/// work offline.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, bytes) in snapshot(out) {
        if rel.extension().is_none_or(|e| e != "html") || rel == Path::new("404.html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            if link.starts_with("mailto:") {
                continue;
            }
            if link.contains("://") || link.starts_with('/') {
                broken.push(format!("{} -> {link} (leaves the site)", rel.display()));
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                out.join(&rel)
            } else {
                out.join(rel.parent().unwrap()).join(path)
            };
            let Ok(target) = target.canonicalize() else {
                broken.push(format!("{} -> {link}", rel.display()));
                continue;
            };
            if !target.starts_with(out.canonicalize().unwrap()) || target.is_dir() {
                broken.push(format!(
                    "{} -> {link} (outside the site or a folder)",
                    rel.display()
                ));
                continue;
            }
            if !fragment.is_empty() {
                let page = fs::read_to_string(&target).unwrap_or_default();
                if !page.contains(&format!("id=\"{fragment}\"")) {
                    broken.push(format!("{} -> {link} (no such anchor)", rel.display()));
                }
            }
        }
    }
    broken
}
