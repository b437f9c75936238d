//! A plan's body as HTML, which a build keeps on disk rather than in memory.
//!
//! Bodies' HTML is much of what a build holds (a third of its peak at 10,000 plans, most of a
//! gigabyte at 100,000), and a build needs each body once, for its plan's page. So a body
//! taken from the parse cache stays in the cache's file, and the bodies a build renders go to
//! a [`Spill`], which writes them to a file once it holds enough: such a plan holds only where
//! its HTML is, and its page reads it back. The preview, which renders a plan's page again
//! after every save, holds them all in memory.
//!
//! A body read back is checked against the hash it was kept with, so that a file changed
//! under the build gives an error, never a wrong page.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io;
use std::sync::{Arc, Mutex, OnceLock};

use xxhash_rust::xxh3::xxh3_64;

/// A body's HTML: held in memory, or kept in a file.
#[derive(Clone)]
pub struct Html(Where);

#[derive(Clone)]
enum Where {
    Held(Arc<str>),
    Kept(Kept),
}

/// A text kept in `file`, `len` bytes from byte `at`, whose hash is `hash`.
#[derive(Clone)]
struct Kept {
    file: Arc<File>,
    at: u64,
    len: u32,
    hash: u64,
}

impl Html {
    /// `text`, held in memory.
    pub fn held(text: String) -> Html {
        Html(Where::Held(text.into()))
    }

    /// The text kept in `file`, `len` bytes from byte `at`, whose `xxh3_64` hash is `hash`.
    /// Not read until asked for.
    pub(super) fn kept(file: Arc<File>, at: u64, len: u32, hash: u64) -> Html {
        Html(Where::Kept(Kept {
            file,
            at,
            len,
            hash,
        }))
    }

    /// The text, read back from its file if it is kept in one.
    pub fn text(&self) -> io::Result<Cow<'_, str>> {
        match &self.0 {
            Where::Held(text) => Ok(Cow::Borrowed(text)),
            // A build reads back only the bodies of the pages it renders: the standard check
            // of UTF-8 costs little here.
            Where::Kept(kept) => String::from_utf8(kept.read()?)
                .map(Cow::Owned)
                .map_err(|_| changed()),
        }
    }

    /// The text's bytes with its hash, as the parse cache keeps them.
    pub(super) fn bytes_and_hash(&self) -> io::Result<(Cow<'_, [u8]>, u64)> {
        match &self.0 {
            Where::Held(text) => Ok((Cow::Borrowed(text.as_bytes()), xxh3_64(text.as_bytes()))),
            Where::Kept(kept) => Ok((Cow::Owned(kept.read()?), kept.hash)),
        }
    }
}

impl Kept {
    /// The bytes, checked against their hash.
    fn read(&self) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; self.len as usize];
        read_exact_at(&self.file, &mut bytes, self.at)?;
        match xxh3_64(&bytes) == self.hash {
            true => Ok(bytes),
            false => Err(changed()),
        }
    }
}

fn changed() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the file changed after it was read",
    )
}

/// An empty text: what a plan read back from the parse cache holds until its body's place is
/// known.
impl Default for Html {
    fn default() -> Html {
        Html(Where::Held(Arc::from("")))
    }
}

/// Its length and hash, wherever it is: two plans' bodies compare equal when their texts do.
impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (len, hash) = match &self.0 {
            Where::Held(text) => (text.len(), xxh3_64(text.as_bytes())),
            Where::Kept(kept) => (kept.len as usize, kept.hash),
        };
        f.debug_struct("Html")
            .field("len", &len)
            .field("hash", &hash)
            .finish()
    }
}

/// How many bytes of bodies a build holds in memory before it writes the rest to a file: more
/// than the bodies of 10,000 plans (65 MB), about a fifth of what 100,000 plans' bodies take.
const HELD_AT_MOST: u64 = 128 << 20;

/// Where the bodies a build renders go: held in memory up to [`HELD_AT_MOST`] bytes, and
/// written to a file beyond, so that no build holds more, however many plans it has. The file
/// is a temporary one with no name, made when first needed and gone when the build ends.
#[derive(Debug, Default)]
pub struct Spill {
    /// `None` inside when it could not be made: the bodies are then held.
    file: OnceLock<Option<Arc<File>>>,
    /// Where the next body goes in the file, and how many bytes are held. Only the place is
    /// taken under the lock; bodies are written side by side.
    at: Mutex<(u64, u64)>,
}

impl Spill {
    /// `text`, held, or written to the spill file once enough are held. Held when it cannot be
    /// written (a full disk), which costs memory, never the build.
    pub fn put(&self, text: String) -> Html {
        let Ok(len) = u32::try_from(text.len()) else {
            return Html::held(text);
        };
        let at = {
            let mut at = self.at.lock().unwrap_or_else(|e| e.into_inner());
            let (end, held) = &mut *at;
            if *held + u64::from(len) <= HELD_AT_MOST {
                *held += u64::from(len);
                None
            } else {
                *end += u64::from(len);
                Some(*end - u64::from(len))
            }
        };
        let Some(at) = at else {
            return Html::held(text);
        };
        let file = (self.file).get_or_init(|| tempfile::tempfile().ok().map(Arc::new));
        match file {
            Some(file) if write_all_at(file, text.as_bytes(), at).is_ok() => {
                Html::kept(file.clone(), at, len, xxh3_64(text.as_bytes()))
            }
            _ => Html::held(text),
        }
    }
}

#[cfg(test)]
impl Spill {
    /// A spill that may hold `room` more bytes of bodies in memory.
    pub(super) fn with_room(room: u64) -> Spill {
        let spill = Spill::default();
        spill.at.lock().unwrap().1 = HELD_AT_MOST - room;
        spill
    }

    /// How many bytes of bodies it wrote to its file.
    pub(super) fn written(&self) -> u64 {
        self.at.lock().unwrap().0
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_write(bytes, at)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => {
                bytes = &bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::Spill as S;

    fn with_room(room: u64) -> Spill {
        S::with_room(room)
    }

    fn full() -> Spill {
        S::with_room(0)
    }

    fn file(spill: &Spill) -> &File {
        spill.file.get().unwrap().as_ref().unwrap()
    }

    fn held(html: &Html) -> bool {
        matches!(html.0, Where::Held(_))
    }

    #[test]
    fn bodies_are_held_up_to_the_limit_and_written_beyond_and_read_back_as_they_were() {
        // Each counts towards the limit.
        let spill = with_room(25);
        let ten = || "<p>甲</p>".to_string();
        let (a, b) = (spill.put(ten()), spill.put(ten()));
        assert!(
            spill.file.get().is_none(),
            "no file while every body is held"
        );
        let c = spill.put(ten());
        assert_eq!([held(&a), held(&b), held(&c)], [true, true, false]);

        let spill = with_room(12);
        let first = spill.put("<p>甲</p>".to_string());
        assert!(held(&first), "{first:?}");
        let second = spill.put("<p>乙乙</p>".to_string());
        assert!(!held(&second), "beyond the limit: {second:?}");
        assert_eq!(second.text().unwrap(), "<p>乙乙</p>");
        assert_eq!(first.text().unwrap(), "<p>甲</p>");

        let spill = full();
        let texts = ["<p>甲</p>", "<p></p>", "<h2 id=\"一\">一、指导思想</h2>"];
        let kept: Vec<Html> = texts.iter().map(|t| spill.put(t.to_string())).collect();
        for (html, text) in kept.iter().zip(texts) {
            assert!(matches!(html.0, Where::Kept(_)), "{html:?}");
            assert_eq!(html.text().unwrap(), text);
        }
    }

    #[test]
    fn a_kept_text_whose_bytes_changed_is_an_error_not_a_page() {
        let spill = full();
        let html = spill.put("<p>甲乙</p>".to_string());
        write_all_at(file(&spill), b"<q>", 0).unwrap();
        let err = html.text().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(html.bytes_and_hash().is_err());
    }

    #[test]
    fn a_kept_text_cut_short_is_an_error() {
        let spill = full();
        let html = spill.put("<p>甲乙</p>".to_string());
        file(&spill).set_len(3).unwrap();
        assert!(html.text().is_err());
    }

    /// Plans are compared by their debug form in tests: a body's tells its text apart from
    /// another's, and not where it is.
    #[test]
    fn a_body_shows_the_same_held_or_kept_and_another_differently() {
        let text = "<p>甲</p>";
        let kept = full().put(text.to_string());
        let held = Html::held(text.to_string());
        assert_eq!(format!("{kept:?}"), format!("{held:?}"));
        assert_ne!(
            format!("{held:?}"),
            format!("{:?}", Html::held("<p>乙</p>".into()))
        );
    }

    #[test]
    fn a_held_text_is_kept_with_the_hash_a_kept_one_is_checked_against() {
        let held = Html::held("<p>丙</p>".to_string());
        let (bytes, hash) = held.bytes_and_hash().unwrap();
        assert_eq!(hash, xxh3_64(&bytes));
        assert_eq!(held.text().unwrap(), "<p>丙</p>");
    }
}
