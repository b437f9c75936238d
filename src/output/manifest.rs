//! What the two generations of a published site hold, file by file: the one in the output
//! folder and the one kept beside it (see `kept.rs`), so that the next build can tell which
//! files of the kept one it need not write again. Stored beside the output folder in a small
//! versioned binary format with a checksum, so that a damaged or foreign manifest is known for
//! what it is and ignored, never believed.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// Opens every manifest; the number after it changes whenever the format or the meaning of a
/// field does, so that a manifest of another version is ignored.
const MAGIC: &[u8] = b"plansite-manifest 2\n";

/// One file as written: its bytes' size and hash, and what says cheaply, without reading it,
/// that nobody wrote it since (its inode and change time, which every write, `chmod`, `chown`
/// or replacement moves on, and which no program can set back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub size: u64,
    pub hash: u128,
    pub ino: u64,
    pub ctime: (i64, i64),
}

impl Entry {
    /// The entry of a file just written with `bytes`, from its metadata.
    pub fn of(bytes: &[u8], meta: &fs::Metadata) -> Entry {
        Entry {
            size: bytes.len() as u64,
            hash: hash(bytes),
            ..Entry::stamp(meta)
        }
    }

    /// What the metadata alone tells: all but the hash.
    #[cfg(unix)]
    pub fn stamp(meta: &fs::Metadata) -> Entry {
        use std::os::unix::fs::MetadataExt;
        Entry {
            size: meta.size(),
            hash: 0,
            ino: meta.ino(),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    pub fn stamp(meta: &fs::Metadata) -> Entry {
        // Without a change time, the modification time stands in (a weaker check).
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        Entry {
            size: meta.len(),
            hash: 0,
            ino: 0,
            ctime: modified.map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos() as i64)),
        }
    }

    /// Whether `now`, a file's stamp, is the one it had when written.
    pub fn same_stamp(&self, now: &Entry) -> bool {
        (now.size, now.ino, now.ctime) == (self.size, self.ino, self.ctime)
    }
}

/// A folder whose files are stamped ([`Entry::stamp`]) by their paths in it. On Linux each is
/// looked at through the folder's open handle (`statx` relative to it), so the kernel walks
/// only the part of the path below the folder: by whole paths, that walk was a third of a
/// build with nothing to do.
pub struct Stamper {
    #[cfg(target_os = "linux")]
    fd: rustix::fd::OwnedFd,
    #[cfg(not(target_os = "linux"))]
    dir: std::path::PathBuf,
}

impl Stamper {
    #[cfg(target_os = "linux")]
    pub fn open(dir: &Path) -> io::Result<Stamper> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        Ok(Stamper {
            fd: rustix::fs::open(dir, flags, Mode::empty())?,
        })
    }

    #[cfg(not(target_os = "linux"))]
    pub fn open(dir: &Path) -> io::Result<Stamper> {
        Ok(Stamper {
            dir: dir.to_path_buf(),
        })
    }

    /// The stamp of the file, folder or link (not followed) at `rel` in the folder.
    #[cfg(target_os = "linux")]
    pub fn stamp(&self, rel: &str) -> io::Result<Entry> {
        use rustix::fs::{AtFlags, StatxFlags};
        let mask = StatxFlags::SIZE | StatxFlags::INO | StatxFlags::CTIME;
        let st = rustix::fs::statx(&self.fd, rel, AtFlags::SYMLINK_NOFOLLOW, mask)?;
        Ok(Entry {
            size: st.stx_size,
            hash: 0,
            ino: st.stx_ino,
            ctime: (st.stx_ctime.tv_sec, i64::from(st.stx_ctime.tv_nsec)),
        })
    }

    #[cfg(not(target_os = "linux"))]
    pub fn stamp(&self, rel: &str) -> io::Result<Entry> {
        fs::symlink_metadata(self.dir.join(rel)).map(|meta| Entry::stamp(&meta))
    }
}

/// The hash that tells a file's bytes from any other's.
pub fn hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// One generation of the site: every file, by path relative to its folder.
pub type Generation = HashMap<String, Entry>;

/// The folders of a generation, by path relative to its folder, with what their metadata said
/// once every file was in place: a file added to or removed from a folder moves its change time
/// on, so these tell that a generation is as it was left without reading every folder.
pub type Folders = HashMap<String, Entry>;

/// Both generations, as far as they are known.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Manifest {
    /// The output folder's.
    pub published: Option<Generation>,
    /// The output folder's folders, when they were stamped as the build published it.
    pub published_folders: Option<Folders>,
    /// The kept folder's.
    pub kept: Option<Generation>,
    /// What the published generation was built from, when the build found no problem.
    pub inputs: Option<Inputs>,
}

/// The inputs of a build, by their fingerprint (see `inputs.rs`), and what it reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs {
    pub fingerprint: u128,
    pub plans: u64,
    pub pages: u64,
    pub files: u64,
}

impl Manifest {
    /// Reads the manifest at `path`: `Ok(None)` when there is none, `Err` with why when it
    /// cannot be believed.
    pub fn read(path: &Path) -> Result<Option<Manifest>, String> {
        Manifest::read_with(path, Kept::Read)
    }

    /// [`Manifest::read`] without the kept generation (`kept` is `None`): what a build needs
    /// to tell that nothing changed, a third of the manifest's decoding left out.
    pub fn read_published(path: &Path) -> Result<Option<Manifest>, String> {
        Manifest::read_with(path, Kept::Skipped)
    }

    fn read_with(path: &Path, kept: Kept) -> Result<Option<Manifest>, String> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err.to_string()),
        };
        Manifest::decode_with(&bytes, kept).map(Some)
    }

    /// Writes the manifest to `path` in one step (beside it, then renamed over it), so that a
    /// build killed meanwhile leaves the old one or none, never half of one.
    pub fn write(&self, path: &Path) -> io::Result<()> {
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        fs::write(&partial, self.encode())
            .and_then(|()| fs::rename(&partial, path))
            .inspect_err(|_| {
                let _ = fs::remove_file(&partial);
            })
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 * (self.len() + 1));
        out.extend_from_slice(MAGIC);
        for generation in [&self.published, &self.kept, &self.published_folders] {
            match generation {
                None => out.push(0),
                Some(files) => {
                    out.push(1);
                    out.extend_from_slice(&(files.len() as u64).to_le_bytes());
                    // Sorted, so that the same generation always gives the same bytes.
                    let mut sorted: Vec<_> = files.iter().collect();
                    sorted.sort_unstable_by_key(|(path, _)| path.as_str());
                    for (path, entry) in sorted {
                        out.extend_from_slice(&(path.len() as u32).to_le_bytes());
                        out.extend_from_slice(path.as_bytes());
                        out.extend_from_slice(&entry.size.to_le_bytes());
                        out.extend_from_slice(&entry.hash.to_le_bytes());
                        out.extend_from_slice(&entry.ino.to_le_bytes());
                        out.extend_from_slice(&entry.ctime.0.to_le_bytes());
                        out.extend_from_slice(&entry.ctime.1.to_le_bytes());
                    }
                }
            }
        }
        match self.inputs {
            None => out.push(0),
            Some(inputs) => {
                out.push(1);
                out.extend_from_slice(&inputs.fingerprint.to_le_bytes());
                for n in [inputs.plans, inputs.pages, inputs.files] {
                    out.extend_from_slice(&n.to_le_bytes());
                }
            }
        }
        let sum = xxh3_64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    fn len(&self) -> usize {
        [&self.published, &self.kept]
            .iter()
            .map(|g| g.as_ref().map_or(0, HashMap::len))
            .sum()
    }

    #[cfg(test)]
    fn decode(bytes: &[u8]) -> Result<Manifest, String> {
        Manifest::decode_with(bytes, Kept::Read)
    }

    fn decode_with(bytes: &[u8], kept: Kept) -> Result<Manifest, String> {
        let damaged = || "damaged (its checksum does not match)".to_string();
        if !bytes.starts_with(MAGIC) {
            return Err("written by another version of plansite, or not a manifest".into());
        }
        let (body, sum) = bytes
            .split_at_checked(bytes.len().saturating_sub(8))
            .ok_or_else(damaged)?;
        if body.len() < MAGIC.len()
            || sum.len() != 8
            || xxh3_64(body) != u64::from_le_bytes(sum.try_into().unwrap())
        {
            return Err(damaged());
        }
        let mut reader = Reader(&body[MAGIC.len()..]);
        let mut generations = [None, None, None];
        for (at, generation) in generations.iter_mut().enumerate() {
            if reader.take::<1>()?[0] == 0 {
                continue;
            }
            let count = u64::from_le_bytes(reader.take()?) as usize;
            if at == 1 && kept == Kept::Skipped {
                for _ in 0..count {
                    let len = u32::from_le_bytes(reader.take()?) as usize;
                    reader.slice(len + ENTRY_LEN)?;
                }
                continue;
            }
            let mut files = Generation::with_capacity(count.min(1 << 24));
            for _ in 0..count {
                let len = u32::from_le_bytes(reader.take()?) as usize;
                let path = String::from_utf8(reader.slice(len)?.to_vec())
                    .map_err(|_| "a path is not UTF-8".to_string())?;
                let entry = Entry {
                    size: u64::from_le_bytes(reader.take()?),
                    hash: u128::from_le_bytes(reader.take()?),
                    ino: u64::from_le_bytes(reader.take()?),
                    ctime: (
                        i64::from_le_bytes(reader.take()?),
                        i64::from_le_bytes(reader.take()?),
                    ),
                };
                files.insert(path, entry);
            }
            *generation = Some(files);
        }
        let inputs = match reader.take::<1>()?[0] {
            0 => None,
            _ => Some(Inputs {
                fingerprint: u128::from_le_bytes(reader.take()?),
                plans: u64::from_le_bytes(reader.take()?),
                pages: u64::from_le_bytes(reader.take()?),
                files: u64::from_le_bytes(reader.take()?),
            }),
        };
        if !reader.0.is_empty() {
            return Err(damaged());
        }
        let [published, kept, published_folders] = generations;
        Ok(Manifest {
            published,
            published_folders,
            kept,
            inputs,
        })
    }
}

/// Whether a manifest's kept generation is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    Read,
    Skipped,
}

/// The bytes of an entry after its path: size, hash, inode and change time.
const ENTRY_LEN: usize = 8 + 16 + 8 + 16;

/// Reads a manifest's fields in order, failing on one cut short.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn slice(&mut self, n: usize) -> Result<&'a [u8], String> {
        let (head, rest) = self
            .0
            .split_at_checked(n)
            .ok_or_else(|| "damaged (cut short)".to_string())?;
        self.0 = rest;
        Ok(head)
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.slice(N)?.try_into().unwrap())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let entry = |n: u64| Entry {
            size: n,
            hash: u128::from(n) << 70 | 5,
            ino: n + 1,
            ctime: (1_700_000_000 + n as i64, 999_999_999),
        };
        Manifest {
            published: Some(
                [
                    ("index.html".into(), entry(1)),
                    ("计划/甲/index.html".into(), entry(2)),
                ]
                .into(),
            ),
            published_folders: Some(
                [("计划".into(), entry(3)), ("计划/甲".into(), entry(4))].into(),
            ),
            kept: None,
            inputs: Some(Inputs {
                fingerprint: 1 << 100 | 7,
                plans: 2,
                pages: 5,
                files: 9,
            }),
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        assert_eq!(Manifest::read(&path), Ok(None));
        sample().write(&path).unwrap();
        assert_eq!(Manifest::read(&path), Ok(Some(sample())));
        let both = Manifest {
            kept: sample().published,
            ..sample()
        };
        both.write(&path).unwrap();
        assert_eq!(Manifest::read(&path), Ok(Some(both.clone())));
        let published = Manifest { kept: None, ..both };
        assert_eq!(Manifest::read_published(&path), Ok(Some(published)));
    }

    /// A manifest that is there but cannot be read is not taken for none: the note says why.
    #[test]
    fn a_manifest_that_cannot_be_read_is_not_taken_for_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        fs::create_dir(&path).unwrap();
        assert!(Manifest::read(&path).is_err());
    }

    #[test]
    fn any_damage_is_found() {
        let bytes = sample().encode();
        // Every byte changed, and every length cut, is told from the real thing.
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x40;
            assert!(Manifest::decode(&damaged).is_err(), "byte {at}");
            assert!(Manifest::decode(&bytes[..at]).is_err(), "cut at {at}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Manifest::decode(&longer).is_err());
        assert!(Manifest::decode(b"plansite-manifest 2\n").is_err());
        assert!(Manifest::decode(b"plansite-manifest 1\n").is_err());
    }
}
