//! `plansite fix-encoding`: rewrites plan files saved as GBK/GB18030 or UTF-16 as UTF-8.
//!
//! Editors on Windows save Chinese text in the system encoding without knowing it. A build
//! names the encoding; this command converts such files so the editor need not find the
//! right "save as" dialog. Each original is kept beside the file first (`a.md.gbk.bak`, which
//! the build ignores), an existing backup is never overwritten, and a file is converted only
//! when its bytes decode without loss and encode back to the same bytes.

use std::fs;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use crate::content::load::{self, DecodeProblem};
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::CONFIG_FILE;
use crate::rewrite::{RewriteError, rewrite};

/// One file rewritten as UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Relative to the site root.
    pub path: PathBuf,
    /// The encoding it was in, as editors know it.
    pub from: &'static str,
    /// Where the original bytes are, relative to the site root.
    pub backup: PathBuf,
}

/// An encoding a file can be converted from.
struct Source {
    encoding: &'static Encoding,
    name: &'static str,
    /// Goes between the file name and `.bak` in the backup's name.
    tag: &'static str,
    bom: &'static [u8],
}

/// Converts every plan file (and `site.yaml`) under `root` that is not UTF-8; returns the files
/// converted, and adds to `problems` why others were not.
pub fn fix_encoding(root: &Path, problems: &mut Problems) -> Vec<Converted> {
    let mut converted = Vec::new();
    let mut files = load::plan_files(root);
    if root.join(CONFIG_FILE).is_file() {
        files.insert(0, PathBuf::from(CONFIG_FILE));
    }
    for path in files {
        // One file's problem is its own: the others are still converted.
        match convert(root, &path) {
            Ok(Some(done)) => converted.push(done),
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    converted
}

/// Converts one file; `Ok(None)` when it is UTF-8 already.
fn convert(root: &Path, path: &Path) -> Result<Option<Converted>, Diagnostic> {
    let full = root.join(path);
    let bytes = fs::read(&full).map_err(|err| load::unreadable(path, &err))?;
    let source = match source_of(&bytes) {
        Ok(None) => return Ok(None),
        Ok(Some(source)) => source,
        Err(line) => {
            return Err(Diagnostic::error(codes::FIX_ENCODING_UNKNOWN, path).at_line(line));
        }
    };
    let text = lossless_text(&bytes[source.bom.len()..], source.encoding).ok_or_else(|| {
        Diagnostic::error(codes::FIX_ENCODING_UNCLEAN, path).arg("encoding", source.name)
    })?;

    let backup =
        rewrite(root, path, &bytes, text.as_bytes(), source.tag).map_err(|err| match err {
            RewriteError::BackupExists(backup) => {
                Diagnostic::error(codes::FIX_ENCODING_BACKUP_EXISTS, path).arg("backup", &backup)
            }
            RewriteError::Backup(backup, err) => {
                Diagnostic::error(codes::FIX_ENCODING_BACKUP_FAILED, path)
                    .arg("backup", &backup)
                    .arg("error", err.to_string())
            }
            RewriteError::Write(backup, err) => {
                Diagnostic::error(codes::FIX_ENCODING_WRITE_FAILED, path)
                    .arg("backup", &backup)
                    .arg("error", err.to_string())
            }
        })?;
    Ok(Some(Converted {
        path: path.to_path_buf(),
        from: source.name,
        backup,
    }))
}

/// The encoding `bytes` are in when they are not UTF-8 (`Ok(None)`); `Err(line)` when they are
/// none of the encodings a Chinese editor's program saves in, with the first bad byte's line.
fn source_of(bytes: &[u8]) -> Result<Option<Source>, usize> {
    match load::decode(bytes.to_vec()) {
        Ok(_) => Ok(None),
        Err(DecodeProblem::LooksLikeGbk) => Ok(Some(Source {
            encoding: GB18030,
            name: "GBK/GB18030",
            tag: "gbk",
            bom: b"",
        })),
        Err(DecodeProblem::Utf16) if bytes.starts_with(&[0xFF, 0xFE]) => Ok(Some(Source {
            encoding: UTF_16LE,
            name: "UTF-16",
            tag: "utf16",
            bom: &[0xFF, 0xFE],
        })),
        Err(DecodeProblem::Utf16) => Ok(Some(Source {
            encoding: UTF_16BE,
            name: "UTF-16",
            tag: "utf16",
            bom: &[0xFE, 0xFF],
        })),
        Err(DecodeProblem::NotUtf8 { line }) => Err(line),
    }
}

/// Text saved as UTF-8, GBK/GB18030 or UTF-16, detected as `fix-encoding` detects it and decoded
/// without loss, with the encoding's name (`UTF-8` when it was); `None` when it is none of them
/// cleanly. Line endings become `\n`. For `plansite import`, which reads text files as they come.
pub fn decode_text(bytes: Vec<u8>) -> Option<(String, &'static str)> {
    let source = match source_of(&bytes) {
        Ok(None) => return load::decode(bytes).ok().map(|text| (text, "UTF-8")),
        Ok(Some(source)) => source,
        Err(_) => return None,
    };
    let text = lossless_text(&bytes[source.bom.len()..], source.encoding)?;
    Some((text.replace("\r\n", "\n").replace('\r', "\n"), source.name))
}

/// The text, if every byte decodes and the text encodes back to exactly the same bytes.
fn lossless_text(bytes: &[u8], encoding: &'static Encoding) -> Option<String> {
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    // encoding_rs encodes only to UTF-8 and the GB family; for UTF-16 a clean decode is
    // already exact, since every code unit sequence without a lone surrogate round-trips.
    if encoding == GB18030 {
        let (again, _, unmappable) = encoding.encode(&text);
        if unmappable || again != bytes {
            return None;
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_round_trips_and_broken_gbk_does_not() {
        let (gbk, _, _) = GB18030.encode("---\ntitle: 工会工作计划\n---\n正文");
        assert_eq!(
            lossless_text(&gbk, GB18030).as_deref(),
            Some("---\ntitle: 工会工作计划\n---\n正文")
        );
        // A lead byte without its second byte.
        let mut cut = gbk.to_vec();
        cut.push(0x81);
        assert_eq!(lossless_text(&cut, GB18030), None);
        // A byte that decodes, but to a character written back otherwise: 0x80 is read as
        // €, which GB18030 writes as A2 E3. Converted, the file would not be what was saved.
        assert_eq!(lossless_text(&[b'a', 0x80], GB18030), None);
    }

    #[test]
    fn utf16_with_a_lone_surrogate_is_refused() {
        let good: Vec<u8> = "工会".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(lossless_text(&good, UTF_16LE).as_deref(), Some("工会"));
        assert_eq!(lossless_text(&[0x00, 0xD8, b'a', 0], UTF_16LE), None);
    }
}
