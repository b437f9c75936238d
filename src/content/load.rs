//! Finding plan files under `content/` and reading them as text.
//!
//! Every `.md` file is a plan: either `name.md`, or `name/index.md` when a plan has
//! attachments, which are the other files in its folder. Nothing else is silently skipped: a
//! stray document that no plan owns gets a warning, because an editor who dropped it there
//! expects it to be published.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::CONTENT_DIR;

/// A plan file found under `content/`, not yet read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFile {
    /// Relative to the site root, as shown in messages (`content/plans/a.md`).
    pub path: PathBuf,
    /// The slug the file name suggests: the file stem, or the folder name for `index.md`.
    pub stem: String,
    /// Files beside an `index.md`, relative to the site root, sorted.
    pub attachments: Vec<PathBuf>,
}

/// A plan file given as text rather than read from disk: for fuzzing and tests, see
/// [`super::parse_sources`].
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, as shown in messages (`content/plans/a.md`).
    pub path: PathBuf,
    /// The slug the file name suggests: the file stem, or the folder name for `index.md`.
    pub stem: String,
    /// Decoded, line endings made `\n` (see [`decode`]).
    pub text: String,
    /// Files beside an `index.md`, relative to the site root, sorted.
    pub attachments: Vec<PathBuf>,
}

/// Finds every plan under `root/content` with its attachments, sorted by path (by its bytes),
/// and adds to `problems` what stood in the way of finding them or belongs to no plan; reads
/// nothing. Files that
/// cannot be read are reported by [`read`]; the caller refuses to publish while any error
/// stands, so nothing is lost silently.
pub fn find(root: &Path, problems: &mut Problems) -> Vec<PlanFile> {
    let Files {
        plan_files,
        other_files,
    } = find_files(root, problems);

    // The files in each bundle's folder are its attachments.
    // A plan saved as `.md.txt` or an editor's autosave is neither an attachment nor a stray
    // document: each gets a message of its own.
    let mut in_folder: HashMap<&Path, Vec<PathBuf>> = HashMap::new();
    for other in &other_files {
        if let Some(slip) = misnamed_plan(other) {
            problems.push(slip);
            continue;
        }
        in_folder
            .entry(other.parent().unwrap_or(Path::new("")))
            .or_default()
            .push(other.clone());
    }
    let mut plans = Vec::with_capacity(plan_files.len());
    for path in &plan_files {
        let is_bundle = path.file_name().is_some_and(|n| n == "index.md");
        let name = if is_bundle {
            path.parent().and_then(Path::file_name)
        } else {
            path.file_stem()
        };
        let stem = name
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let attachments = match is_bundle {
            true => in_folder
                .remove(path.parent().unwrap_or(Path::new("")))
                .unwrap_or_default(),
            false => Vec::new(),
        };
        plans.push(PlanFile {
            path: path.clone(),
            stem,
            attachments,
        });
    }
    // What is left belongs to no bundle.
    let mut stray: Vec<PathBuf> = in_folder.into_values().flatten().collect();
    stray.sort();
    for other in stray {
        problems.push(Diagnostic::warning(codes::CONTENT_STRAY_FILE, &other));
    }
    plans
}

/// The warning for a plan that Notepad saved as `.md.txt`, or an editor's autosave of one
/// (`#x.md#`): neither is published, nor taken for an attachment.
fn misnamed_plan(path: &Path) -> Option<Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let lower = name.to_lowercase();
    if let Some(stem) = lower
        .strip_suffix(".md.txt")
        .map(|_| &name[..name.len() - 4])
    {
        return Some(
            Diagnostic::warning(codes::CONTENT_TXT_SUFFIX, path)
                .arg("name", name.as_ref())
                .arg("stem", stem),
        );
    }
    if name.len() > 2 && name.starts_with('#') && name.ends_with('#') {
        let plan = &name[1..name.len() - 1];
        return Some(Diagnostic::warning(codes::CONTENT_AUTOSAVE, path).arg("plan", plan));
    }
    None
}

/// Reads a plan file as text (see [`decode`]); `path` is relative to `root`.
pub fn read(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(path)).map_err(|err| unreadable(path, &err))?;
    decode(bytes).map_err(|problem| problem.into_diagnostic(path))
}

/// The error for a file that cannot be read (`err` says why).
pub fn unreadable(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(codes::FILE_UNREADABLE, path)
        .arg("kind", "file")
        .arg("error", err.to_string())
}

/// The plan files under `root/content`, relative to the root, as [`find`] finds them
/// (whether or not they can be read).
pub fn plan_files(root: &Path) -> Vec<PathBuf> {
    find_files(root, &mut Problems::new()).plan_files
}

/// The files under `content/`, each list sorted (see [`sort_paths`]).
struct Files {
    plan_files: Vec<PathBuf>,
    other_files: Vec<PathBuf>,
}

/// The files under `content/`, with what stood in the way of finding them added to `problems`.
fn find_files(root: &Path, problems: &mut Problems) -> Files {
    let mut found = Files {
        plan_files: Vec::new(),
        other_files: Vec::new(),
    };
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        problems.push(Diagnostic::error(codes::CONTENT_MISSING, CONTENT_DIR));
        return found;
    }
    // Sorted once at the end rather than folder by folder: walkdir's sort asks each entry for
    // its file name again at every comparison, which was most of the cost of a rebuild.
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or(content.clone());
                problems.push(
                    Diagnostic::error(codes::FILE_UNREADABLE, path)
                        .arg("kind", "entry")
                        .arg("error", err.to_string()),
                );
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            problems.push(symlink(root, entry.path(), &rel));
        } else if entry.file_type().is_file() {
            if is_markdown(entry.path()) {
                found.plan_files.push(rel);
            } else {
                found.other_files.push(rel);
            }
        }
    }
    sort_paths(&mut found.plan_files);
    sort_paths(&mut found.other_files);
    found
}

/// Sorts by the paths' bytes: a deterministic order that is cheap to compare (unlike `Path`'s
/// own order, which splits both paths into components at each comparison).
fn sort_paths(paths: &mut [PathBuf]) {
    paths.sort_unstable_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
}

/// Links are never followed: one that leads outside the site would publish whatever it points
/// at (`/etc`, someone's home folder), and one inside it would publish a file twice.
fn symlink(root: &Path, link: &Path, rel: &Path) -> Diagnostic {
    let d = Diagnostic::warning(codes::CONTENT_SYMLINK, rel);
    let d = match std::fs::read_link(link) {
        Ok(target) => d.arg("target-kind", "known").arg("target", &target),
        Err(_) => d.arg("target-kind", "unknown").arg("target", ""),
    };
    let inside = match (std::fs::canonicalize(link), std::fs::canonicalize(root)) {
        (Ok(target), Ok(root)) => target.starts_with(root),
        // A link to nothing, or to something that cannot be read, is not the site's.
        _ => false,
    };
    d.arg("place", if inside { "inside" } else { "outside" })
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Hidden files and the droppings of editors and operating systems, never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$") // Word's lock files
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Why a file's bytes are not usable text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeProblem {
    /// Not UTF-8, but valid GB18030 (which includes GBK): the usual Windows Chinese encoding.
    LooksLikeGbk,
    Utf16,
    /// Not UTF-8; `line` is where the first bad byte is.
    NotUtf8 {
        line: usize,
    },
}

impl DecodeProblem {
    fn into_diagnostic(self, path: &Path) -> Diagnostic {
        match self {
            DecodeProblem::LooksLikeGbk => Diagnostic::error(codes::FILE_ENCODING_GBK, path),
            DecodeProblem::Utf16 => Diagnostic::error(codes::FILE_ENCODING_UTF16, path),
            DecodeProblem::NotUtf8 { line } => {
                Diagnostic::error(codes::FILE_ENCODING_INVALID, path).at_line(line)
            }
        }
    }
}

/// Bytes to text: UTF-8 with or without a byte-order mark; all line endings become `\n`.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, DecodeProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeProblem::Utf16);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // Into a string in place: the text is not copied. Checked with SIMD: the standard library
    // goes a byte at a time through Chinese text, which was 3% of a build.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
        Err(_) => return Err(not_utf8(&bytes)),
    };
    match text.contains('\r') {
        true => Ok(text.replace("\r\n", "\n").replace('\r', "\n")),
        false => Ok(text),
    }
}

/// What bytes that are not UTF-8 look like they are.
fn not_utf8(bytes: &[u8]) -> DecodeProblem {
    let gbk = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some();
    if gbk {
        return DecodeProblem::LooksLikeGbk;
    }
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(err) => err.valid_up_to(),
    };
    let line = 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
    DecodeProblem::NotUtf8 { line }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Lang};

    #[test]
    fn utf8_with_bom_and_crlf() {
        let bytes = b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n";
        assert_eq!(decode(bytes.to_vec()).unwrap(), "---\ntitle: a\n---\n");
    }

    #[test]
    fn gbk_is_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 工会工作计划\n---\n");
        assert_eq!(decode(gbk.to_vec()), Err(DecodeProblem::LooksLikeGbk));
    }

    #[test]
    fn utf16_is_named() {
        assert_eq!(decode(vec![0xFF, 0xFE, b'a', 0]), Err(DecodeProblem::Utf16));
    }

    #[test]
    fn garbage_points_at_line() {
        assert_eq!(
            decode(b"ok\nok\n\xFF\xFF\xFF".to_vec()),
            Err(DecodeProblem::NotUtf8 { line: 3 })
        );
    }

    #[test]
    fn misnamed_plans_are_named_for_what_they_are() {
        let id = |name: &str| misnamed_plan(Path::new(name)).map(|d| d.code.id());
        assert_eq!(id("content/2015-jiedao.md.txt"), Some("content.txt-suffix"));
        assert_eq!(id("content/a/计划.MD.TXT"), Some("content.txt-suffix"));
        assert_eq!(id("content/#x.md#"), Some("content.autosave"));
        let autosave = misnamed_plan(Path::new("content/#x.md#")).unwrap();
        assert_eq!(autosave.args, [("plan", crate::i18n::Arg::from("x.md"))]);
        assert_eq!(id("content/a/notes.txt"), None);
        // Only a name both begun and ended by `#`, around a name, is an autosave.
        for name in [
            "content/a/C#",
            "content/a/#1",
            "content/a/##",
            "content/a/#",
        ] {
            assert_eq!(id(name), None, "{name}");
        }
        let hint = misnamed_plan(Path::new("content/2015.md.txt"))
            .unwrap()
            .english_hint();
        assert!(hint.unwrap().contains("`2015.md`"));
        let zh = Catalogue::load();
        let zh = zh.messages(Lang::Zh);
        let d = misnamed_plan(Path::new("content/2015.md.txt")).unwrap();
        assert_eq!(
            d.message(&zh),
            "文件名以 .md.txt 结尾，不会发布（这份计划被存成了 `2015.md.txt`，不会当作计划读取）"
        );
        assert_eq!(
            d.hint(&zh).unwrap(),
            "把它改名为 `2015.md`（记事本另存为时，保存类型选“所有文件”）"
        );
    }

    #[test]
    fn what_stands_in_the_way_of_reading_is_said_in_each_language() {
        let catalogue = Catalogue::load();
        let (zh, en) = (catalogue.messages(Lang::Zh), catalogue.messages(Lang::En));
        let root = tempfile::tempdir().unwrap();
        let mut problems = Problems::new();
        find(root.path(), &mut problems);
        let missing = problems.iter().next().unwrap();
        assert_eq!(missing.message(&en), "there is no content folder");
        assert_eq!(missing.message(&zh), "没有 content 文件夹");

        let unreadable = read(root.path(), Path::new("content/a.md")).unwrap_err();
        assert!(
            unreadable
                .message(&en)
                .starts_with("cannot read the file: ")
        );
        assert!(unreadable.message(&zh).starts_with("无法读取这个文件："));

        let gbk = DecodeProblem::LooksLikeGbk.into_diagnostic(Path::new("a.md"));
        assert!(
            gbk.hint(&en)
                .unwrap()
                .starts_with("run `plansite fix-encoding` to convert")
        );
        assert!(
            gbk.hint(&zh)
                .unwrap()
                .starts_with("运行 `plansite fix-encoding`")
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_named_with_where_they_lead() {
        let root = tempfile::tempdir().unwrap();
        let plans = root.path().join("content/plans");
        std::fs::create_dir_all(&plans).unwrap();
        std::fs::write(plans.join("a.md"), "x").unwrap();
        std::os::unix::fs::symlink("/nonexistent/leak", plans.join("leak.md")).unwrap();
        std::os::unix::fs::symlink("a.md", plans.join("twice.md")).unwrap();
        let mut problems = Problems::new();
        find(root.path(), &mut problems);
        let catalogue = Catalogue::load();
        let (zh, en) = (catalogue.messages(Lang::Zh), catalogue.messages(Lang::En));
        let said: Vec<(String, String)> = (problems.iter())
            .map(|d| (d.message(&en), d.message(&zh)))
            .collect();
        assert!(said.contains(&(
            "this is a symbolic link to /nonexistent/leak, outside the site folder; links are not followed, so it is not published".into(),
            "这是一个符号链接，指向 /nonexistent/leak（位于网站文件夹以外）；符号链接不会被跟随，所以它不会发布".into(),
        )), "{said:#?}");
        assert!(
            said.contains(&(
                "this is a symbolic link to a.md; links are not followed, so it is not published"
                    .into(),
                "这是一个符号链接，指向 a.md；符号链接不会被跟随，所以它不会发布".into(),
            )),
            "{said:#?}"
        );
    }

    #[test]
    fn editor_files_are_ignored() {
        let names = [
            ".a.md.swp",
            "a.md.swx",
            "a.md~",
            "~$计划.docx",
            ".DS_Store",
            "4913.tmp",
            "计划.md.bak",
            "Thumbs.db",
            "thumbs.db",
            "desktop.ini",
            "Desktop.ini",
        ];
        for name in names {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("计划.md"));
    }
}
