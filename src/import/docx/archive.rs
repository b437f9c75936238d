//! The zip archive a .docx is, read defensively: part names that leave the archive are refused,
//! and no part is unpacked beyond a bound, whatever its header declares.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::import::messages::Refusal;

/// No part of a plan's .docx unpacks to more than this (the text of a 1,000-page document is
/// a few MB); images are bounded the same.
pub const PART_LIMIT: u64 = 32 << 20;
/// All images together.
pub const IMAGES_LIMIT: u64 = 100 << 20;
const MAX_PARTS: usize = 5_000;

pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Archive<'a>, Refusal> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Refusal::NotZip)?;
        if zip.len() > MAX_PARTS {
            return Err(Refusal::TooManyParts);
        }
        for name in zip.file_names() {
            let name = name.map_err(|_| Refusal::NotZip)?;
            if !safe_name(&name) {
                return Err(Refusal::UnsafePartName(name.to_string()));
            }
        }
        Ok(Archive { zip })
    }

    /// A part's bytes, `None` when there is no such part; refused when it would unpack to more
    /// than `limit` (its declared size is checked, and the bytes read are bounded anyway, since
    /// the declaration may lie).
    pub fn part(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, Refusal> {
        let too_large = || Refusal::PartTooLarge {
            part: name.to_string(),
            limit_mb: limit >> 20,
        };
        let mut file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(_) => return Err(Refusal::NotZip),
        };
        if file.size() > limit {
            return Err(too_large());
        }
        let mut bytes = Vec::with_capacity(file.size().min(limit) as usize);
        (&mut file)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Refusal::PartUnreadable {
                part: name.to_string(),
                error: e.to_string(),
            })?;
        if bytes.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(Some(bytes))
    }

    /// A part's text (the XML parts are UTF-8).
    pub fn text(&mut self, name: &str, limit: u64) -> Result<Option<String>, Refusal> {
        let Some(bytes) = self.part(name, limit)? else {
            return Ok(None);
        };
        let bytes = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .map(<[u8]>::to_vec)
            .unwrap_or(bytes);
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Refusal::BadXml {
                part: name.to_string(),
                error: "not UTF-8".into(),
            })
    }
}

/// A part name that stays inside the archive: relative, without `..`, without a drive.
pub fn safe_name(name: &str) -> bool {
    let name = name.replace('\\', "/");
    !name.starts_with('/')
        && !name.contains(':')
        && !name.contains('\0')
        && !name.split('/').any(|segment| segment == "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of `parts`, each with its bytes.
    fn zip_of(parts: &[(String, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, bytes) in parts {
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn an_archive_of_more_parts_than_a_document_has_is_refused() {
        let parts = |n: usize| {
            zip_of(
                &(0..n)
                    .map(|i| (format!("word/{i}.xml"), &b""[..]))
                    .collect::<Vec<_>>(),
            )
        };
        assert!(Archive::open(&parts(MAX_PARTS)).is_ok());
        assert!(matches!(
            Archive::open(&parts(MAX_PARTS + 1)),
            Err(Refusal::TooManyParts)
        ));
    }

    #[test]
    fn a_part_is_read_up_to_its_limit_and_refused_past_it() {
        let bytes = zip_of(&[("word/document.xml".to_string(), b"0123456789")]);
        let mut archive = Archive::open(&bytes).unwrap();
        let part = archive.part("word/document.xml", 10);
        assert_eq!(part.ok().flatten().as_deref(), Some(&b"0123456789"[..]));
        assert!(matches!(
            archive.part("word/document.xml", 9),
            Err(Refusal::PartTooLarge { .. })
        ));
        assert!(matches!(archive.part("word/styles.xml", 9), Ok(None)));
    }

    #[test]
    fn names_that_leave_the_archive() {
        for (name, safe) in [
            ("word/document.xml", true),
            ("word/media/image1.png", true),
            ("../evil", false),
            ("word/../../evil", false),
            ("/etc/passwd", false),
            ("\\windows\\x", false),
            ("C:/x", false),
            ("word\\..\\..\\x", false),
        ] {
            assert_eq!(safe_name(name), safe, "{name}");
        }
    }
}
