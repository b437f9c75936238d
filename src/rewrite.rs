//! Rewriting an editor's file safely: the original kept in a backup beside it (never over an
//! earlier backup), then the new bytes put in its place in one rename.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file was left as it was.
#[derive(Debug)]
pub enum RewriteError {
    /// A backup of that name is there already, from an earlier run: it is never overwritten.
    BackupExists(PathBuf),
    Backup(PathBuf, io::Error),
    /// The new bytes could not be put in place; the backup holds the original too.
    Write(PathBuf, io::Error),
}

/// Replaces the file at `path` (relative to `root`) with `new`, after copying `original` to
/// `<name>.<tag>.bak` beside it. Returns the backup's path, relative to `root`.
pub fn rewrite(
    root: &Path,
    path: &Path,
    original: &[u8],
    new: &[u8],
    tag: &str,
) -> Result<PathBuf, RewriteError> {
    let full = root.join(path);
    let mut backup_name = full.file_name().unwrap_or_default().to_os_string();
    backup_name.push(format!(".{tag}.bak"));
    let backup = full.with_file_name(backup_name);
    let shown = backup.strip_prefix(root).unwrap_or(&backup).to_path_buf();
    write_backup(&backup, original).map_err(|err| match err.kind() {
        io::ErrorKind::AlreadyExists => RewriteError::BackupExists(shown.clone()),
        _ => RewriteError::Backup(shown.clone(), err),
    })?;
    replace(&full, new).map_err(|err| RewriteError::Write(shown.clone(), err))?;
    Ok(shown)
}

/// Writes the original bytes to a new file; fails if one is there already.
fn write_backup(backup: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(backup)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Replaces `path` with `bytes` in one rename, keeping its permissions, so that a crash leaves
/// either the old file or the new one.
fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let permissions = fs::metadata(path)?.permissions();
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".plansite-rewrite")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_original_is_kept_and_never_over_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new("a.md");
        fs::write(dir.path().join(path), "旧").unwrap();
        let backup = rewrite(dir.path(), path, "旧".as_bytes(), "新".as_bytes(), "fix").unwrap();
        assert_eq!(backup, Path::new("a.md.fix.bak"));
        assert_eq!(fs::read_to_string(dir.path().join(path)).unwrap(), "新");
        assert_eq!(fs::read_to_string(dir.path().join(&backup)).unwrap(), "旧");
        let again = rewrite(dir.path(), path, "新".as_bytes(), "更新".as_bytes(), "fix");
        assert!(matches!(again, Err(RewriteError::BackupExists(_))));
        assert_eq!(fs::read_to_string(dir.path().join(path)).unwrap(), "新");
        assert_eq!(fs::read_to_string(dir.path().join(&backup)).unwrap(), "旧");
    }
}
