//! One writer at a time per output folder: an advisory lock on a file beside the folder, which
//! says who holds it, so that a second build waits for the first (or fails at once) instead of
//! both deleting each other's half-written sites.
//!
//! The lock is the operating system's (`flock` on Unix, through `fs4`): a process that dies
//! loses it, so a lock left by a killed build is simply taken by the next. What a holder writes
//! into the file (process id, command, since when) is only shown while its process lives.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use fs4::{FileExt, TryLockError};

use super::TEMP_MARK;
use crate::i18n::{Arg, Text};

/// Ends the lock file's name: `.<folder>.plansite-lock`, beside the folder.
pub(super) const LOCK_SUFFIX: &str = "lock";

/// The lock on one output folder, held until dropped. The file stays (empty) when it is let
/// go: deleting it could let two processes lock two different files of the same name.
#[derive(Debug)]
pub struct OutLock {
    file: File,
    path: PathBuf,
}

/// Whether to wait for a lock someone else holds.
pub enum Waiting<'a> {
    /// Wait, after telling `notice` who holds it.
    Wait(&'a mut dyn FnMut(&Holder)),
    /// Fail at once (`--no-wait`).
    Fail,
}

/// Who holds a lock, as far as can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A live process that said who it is.
    Known {
        pid: u32,
        command: String,
        since: String,
    },
    /// A process that has not said who it is yet (it has just taken the lock), or whose note
    /// names a process that is no longer running.
    Unknown,
}

impl Holder {
    /// Its values, for a message that names it (`output-holder`, `output-locked`): `who` is
    /// `known` or `unknown`; `pid`, `command` and `since` are empty when unknown.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let (who, pid, command, since) = match self {
            Holder::Known {
                pid,
                command,
                since,
            } => ("known", pid.to_string(), command.as_str(), since.as_str()),
            Holder::Unknown => ("unknown", String::new(), "", ""),
        };
        vec![
            ("who", who.into()),
            ("pid", pid.into()),
            ("command", command.into()),
            ("since", since.into()),
        ]
    }

    /// Who holds the lock, in words (`process 7 (`plansite build`), since …`).
    pub fn text(&self) -> Text {
        Text {
            id: "output-holder",
            args: self.args(),
        }
    }
}

/// In English, as the lock's note and tests read it; [`Holder::text`] for people.
impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Holder::Known {
                pid,
                command,
                since,
            } => write!(f, "process {pid} (`{command}`), since {since}"),
            Holder::Unknown => write!(f, "another plansite process (it has not said which yet)"),
        }
    }
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Someone holds it and `Waiting::Fail` was asked for.
    Busy { lock: PathBuf, holder: Holder },
    /// The lock file could not be made, read or locked.
    Io { lock: PathBuf, err: io::Error },
}

/// The lock file of the output folder `out`: beside it, never inside what is published.
pub fn lock_path(out: &Path) -> io::Result<PathBuf> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "the output folder needs a name",
        )
    })?;
    let name = name.to_string_lossy();
    Ok(parent.join(format!(".{name}.{TEMP_MARK}{LOCK_SUFFIX}")))
}

impl OutLock {
    /// Takes the lock on `out`, waiting for its holder or not as `waiting` says, and writes
    /// who holds it now into the lock file.
    pub fn take(out: &Path, waiting: Waiting) -> Result<OutLock, LockError> {
        let path = lock_path(out).map_err(|err| LockError::Io {
            lock: out.to_path_buf(),
            err,
        })?;
        let io_error = |err: io::Error| LockError::Io {
            lock: path.clone(),
            err,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error)?;
        }
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        // Made by another user who builds into the same folder: a lock needs only reading.
        let file = match opened {
            Err(err) if err.kind() == io::ErrorKind::PermissionDenied => File::open(&path),
            opened => opened,
        }
        .map_err(io_error)?;
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(TryLockError::Error(err)) => return Err(io_error(err)),
            Err(TryLockError::WouldBlock) => {
                let holder = read_holder(&file);
                match waiting {
                    Waiting::Fail => {
                        let lock = path.clone();
                        return Err(LockError::Busy { lock, holder });
                    }
                    Waiting::Wait(notice) => {
                        notice(&holder);
                        FileExt::lock(&file).map_err(io_error)?;
                    }
                }
            }
        }
        let mut lock = OutLock { file, path };
        // The note only informs those who wait: a lock file this user may not write (opened
        // for reading) is still a lock, whose holder they are told is unknown.
        let _ = lock.say_who();
        Ok(lock)
    }

    /// Where the lock file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces whatever an earlier holder left with this process's note.
    fn say_who(&mut self) -> io::Result<()> {
        let note = format!(
            "pid: {}\ncommand: {}\nsince: {}\n",
            std::process::id(),
            this_command(),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S %:z")
        );
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(note.as_bytes())?;
        self.file.flush()
    }
}

impl Drop for OutLock {
    /// Empties the note before the lock goes (with the file's closing), so that no one reads
    /// it as the next holder's.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// This process's command line, as the holder's note shows it.
fn this_command() -> String {
    let mut args = std::env::args();
    let program = args.next().unwrap_or_default();
    let program = Path::new(&program)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or(program);
    std::iter::once(program)
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Who the note in a held lock file names, if that process is still running.
fn read_holder(mut file: &File) -> Holder {
    let mut text = String::new();
    if file.rewind().is_err() || file.read_to_string(&mut text).is_err() {
        return Holder::Unknown;
    }
    parse_note(&text)
        .filter(|holder| match holder {
            Holder::Known { pid, .. } => is_running(*pid),
            Holder::Unknown => true,
        })
        .unwrap_or(Holder::Unknown)
}

/// The holder a note names, when it is whole.
fn parse_note(text: &str) -> Option<Holder> {
    let field = |key: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
            .map(str::to_string)
    };
    Some(Holder::Known {
        pid: field("pid")?.parse().ok()?,
        command: field("command")?,
        since: field("since")?,
    })
}

/// Whether a process with this id runs. A note left by a killed holder (its lock went with
/// it) names a process that is gone, or by now another with its id; only the first can be
/// told where there is no `/proc`, so elsewhere every note is believed.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_is_beside_the_folder() {
        assert_eq!(
            lock_path(Path::new("/srv/www/public")).unwrap(),
            Path::new("/srv/www/.public.plansite-lock")
        );
        assert_eq!(
            lock_path(Path::new("public")).unwrap(),
            Path::new("./.public.plansite-lock")
        );
        assert!(lock_path(Path::new("/")).is_err());
    }

    #[test]
    fn a_second_taker_sees_the_holder_and_gets_the_lock_once_it_goes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutLock::take(&out, Waiting::Fail).unwrap();
        let note = fs::read_to_string(first.path()).unwrap();
        assert!(
            note.starts_with(&format!("pid: {}\n", std::process::id())),
            "{note}"
        );
        match OutLock::take(&out, Waiting::Fail) {
            Err(LockError::Busy { holder, .. }) => {
                let Holder::Known { pid, .. } = holder else {
                    panic!("{holder:?}")
                };
                assert_eq!(pid, std::process::id());
            }
            other => panic!("{other:?}"),
        }
        let path = first.path().to_path_buf();
        drop(first);
        assert_eq!(fs::read_to_string(&path).unwrap(), "", "the note goes");
        assert!(!out.exists(), "nothing is made inside the folder");
        let again = OutLock::take(&out, Waiting::Fail).unwrap();
        drop(again);
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_this_user_may_not_write_still_locks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let path = lock_path(&out).unwrap();
        fs::write(&path, "").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let first = OutLock::take(&out, Waiting::Fail).unwrap();
        assert!(matches!(
            OutLock::take(&out, Waiting::Fail),
            Err(LockError::Busy { .. })
        ));
        drop(first);
    }

    /// As `a_lock_file_this_user_may_not_write_still_locks`, for root too, past whom
    /// permissions go: a lock file made immutable cannot be opened for writing by anyone.
    #[test]
    fn a_lock_file_no_one_may_write_still_locks() {
        use crate::output::staging::tests::{immutable, lock_or_skip};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let path = lock_path(&out).unwrap();
        fs::write(&path, "").unwrap();
        if !lock_or_skip(std::slice::from_ref(&path)) {
            return;
        }
        let first = OutLock::take(&out, Waiting::Fail);
        let second = OutLock::take(&out, Waiting::Fail);
        drop(first);
        // Writable again before asserting, so that a failure leaves no file nobody can delete.
        immutable(&path, false);
        assert!(matches!(second, Err(LockError::Busy { .. })), "{second:?}");
    }

    #[test]
    fn a_waiting_taker_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutLock::take(&out, Waiting::Fail).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn({
            let out = out.clone();
            move || {
                let mut notice = |holder: &Holder| tx.send(holder.clone()).unwrap();
                OutLock::take(&out, Waiting::Wait(&mut notice)).unwrap();
            }
        });
        let holder = rx.recv().unwrap();
        assert!(matches!(holder, Holder::Known { .. }), "{holder:?}");
        drop(first);
        waiter.join().unwrap();
    }

    #[test]
    fn notes_of_dead_processes_are_not_shown() {
        let note = "pid: 4000000000\ncommand: plansite build\nsince: 2026-01-01 08:00:00 +08:00\n";
        assert!(matches!(parse_note(note), Some(Holder::Known { .. })));
        assert_eq!(parse_note("pid: 12\n"), None, "half a note");
        assert_eq!(parse_note(""), None);
        assert!(is_running(std::process::id()));
        assert!(!is_running(4_000_000_000));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        fs::write(&path, note).unwrap();
        let file = File::open(&path).unwrap();
        assert_eq!(read_holder(&file), Holder::Unknown);
    }

    #[test]
    fn holders_are_described() {
        let holder = Holder::Known {
            pid: 7,
            command: "plansite build".into(),
            since: "2026-01-01 08:00:00 +08:00".into(),
        };
        assert_eq!(
            holder.to_string(),
            "process 7 (`plansite build`), since 2026-01-01 08:00:00 +08:00"
        );
        let catalogue = crate::i18n::Catalogue::load();
        let say = |lang, holder: &Holder| catalogue.messages(lang).text(&holder.text());
        use crate::i18n::Lang::{En, Zh};
        assert_eq!(say(En, &holder), holder.to_string());
        assert_eq!(say(En, &Holder::Unknown), Holder::Unknown.to_string());
        assert_eq!(
            say(Zh, &holder),
            "进程 7（`plansite build`），从 2026-01-01 08:00:00 +08:00 开始"
        );
    }
}
