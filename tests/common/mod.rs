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

    /// Runs the binary on the site in English: most tests read its English words.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_as(Some("en"), args)
    }

    /// Runs the binary on the site as editors do, with no language chosen: in Chinese,
    /// unless the site's `language` says otherwise.
    pub fn run_as_editors_do(&self, args: &[&str]) -> Run {
        self.run_as(None, args)
    }

    /// Runs the binary on the site with `PLANSITE_LANG` set to `lang`, or not set at all.
    pub fn run_as(&self, lang: Option<&str>, args: &[&str]) -> Run {
        let mut command = plansite();
        match lang {
            Some(lang) => command.env("PLANSITE_LANG", lang),
            None => command.env_remove("PLANSITE_LANG"),
        };
        let output = (command.args(args).arg("--root").arg(self.root()))
            .output()
            .unwrap();
        Run::from(output)
    }

    /// Runs the binary in `dir` (relative to the site root) without `--root`, as an editor
    /// who types a command in a folder of the site.
    pub fn run_in(&self, dir: &str, args: &[&str]) -> Run {
        run_in(&self.root().join(dir), args)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn read_out(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// The binary as the tests run it: in English, whose words they read (`TestSite::run_as`,
/// tests/lang.rs and tests/slips.rs read the Chinese).
pub fn plansite() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plansite"));
    command.env("PLANSITE_LANG", "en");
    command
}

/// Runs the binary in `dir`, without `--root`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = plansite().args(args).current_dir(dir).output().unwrap();
    Run::from(output)
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

    /// Asserts standard output holds this text.
    pub fn says_out(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
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
            // As a browser does: split off the fragment, then `%E4%BA%8C` is `二`, `%23` is `#`.
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let (path, fragment) = (decode(path), decode(fragment));
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

/// A copy of the fixture site `tests/hostile/<name>`.
pub fn fixture(name: &str) -> TestSite {
    let site = TestSite {
        dir: tempfile::tempdir().unwrap(),
    };
    copy_dir(
        &Path::new(REPO).join("tests/hostile").join(name),
        site.root(),
    );
    site
}

/// What in a built site could run a script, as `file: finding`: `<script>`, `<iframe>`,
/// `<object>`, `<embed>`, form elements, `on…=` attributes and `javascript:` addresses in real
/// tags. Escaped text (`&lt;script&gt;`) is text and is not a finding.
pub fn active_content(out: &Path) -> Vec<String> {
    const BANNED_TAGS: &[&str] = &[
        "script", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea",
        "select", "style", "base",
    ];
    let mut found = Vec::new();
    for (rel, bytes) in snapshot(out) {
        if rel
            .extension()
            .is_none_or(|e| e != "html" && e != "xml" && e != "svg")
        {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for tag in tags(&text) {
            let name = tag.name.to_ascii_lowercase();
            if BANNED_TAGS.contains(&name.as_str()) && !is_theme_search(&name, &tag) {
                found.push(format!("{}: <{name}>", rel.display()));
            }
            for (attr, value) in &tag.attributes {
                let attr = attr.to_ascii_lowercase();
                // As a browser reads the value: entities decoded, blanks inside ignored.
                let squeezed: String = decode_entities(value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if attr.starts_with("on") {
                    found.push(format!("{}: <{name} {attr}=...>", rel.display()));
                }
                if squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:") {
                    found.push(format!("{}: <{name} {attr}={value}>", rel.display()));
                }
            }
        }
    }
    found
}

/// The default theme's own search box, "more results" button and search script, and the plan
/// page's print button and its script, which are the only active elements a built site should
/// hold. Matched on attributes a sanitized plan body could never produce (forms, inputs,
/// buttons and scripts are all removed from it).
fn is_theme_search(name: &str, tag: &Tag) -> bool {
    let attr = |key: &str| {
        tag.attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    };
    match name {
        "form" => attr("role") == Some("search"),
        "input" => attr("id") == Some("site-search-q"),
        "button" => {
            attr("type") == Some("submit") && attr("id").is_none()
                || attr("id") == Some("search-more")
                || attr("type") == Some("button") && attr("data-print").is_some()
        }
        "script" => {
            attr("src").is_some_and(|s| s.ends_with("search.js"))
                || attr("data-print-script").is_some()
        }
        _ => false,
    }
}

pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The start tags of an HTML or XML text, read the way a browser's tokenizer reads them closely
/// enough for a test: a `<` followed by a letter opens a tag; quoted values may hold `>`.
pub fn tags(text: &str) -> Vec<Tag> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '<' || !chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        let mut attributes = Vec::new();
        loop {
            while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
                i += 1;
            }
            if i >= chars.len() || chars[i] == '>' {
                break;
            }
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '=' | '>' | '/')
            {
                i += 1;
            }
            let attr: String = chars[start..i].iter().collect();
            let mut value = String::new();
            if chars.get(i) == Some(&'=') {
                i += 1;
                match chars.get(i) {
                    Some(&q) if q == '"' || q == '\'' => {
                        i += 1;
                        let start = i;
                        while i < chars.len() && chars[i] != q {
                            i += 1;
                        }
                        value = chars[start..i.min(chars.len())].iter().collect();
                        i += 1;
                    }
                    _ => {
                        let start = i;
                        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' {
                            i += 1;
                        }
                        value = chars[start..i].iter().collect();
                    }
                }
            }
            if attr.is_empty() {
                i += 1;
            } else {
                attributes.push((attr, value));
            }
        }
        found.push(Tag { name, attributes });
    }
    found
}

/// Files of a built site that contain `text`.
pub fn files_containing(out: &Path, text: &str) -> Vec<PathBuf> {
    snapshot(out)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(text))
        .map(|(rel, _)| rel)
        .collect()
}

/// Numeric character references and the named ones that can hide a `javascript:`.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[1..end];
        let decoded = match entity {
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) if end < rest.len() => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Runs the binary in `root` like [`TestSite::run`], but kills it and fails the test if it has
/// not finished by `deadline`: a hang must fail, not stall the suite. The deadline is far above
/// the time a build takes; it is not a speed test.
pub fn run_with_deadline(root: &Path, args: &[&str], deadline: std::time::Duration) -> Run {
    let mut child = plansite()
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > deadline {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "plansite {args:?} did not finish within {deadline:?}\nstderr:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Run::from(child.wait_with_output().unwrap())
}
