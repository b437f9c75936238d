//! Timing a build run as a child process, with its peak memory, and sizing what it wrote.

use std::fs;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of a command.
pub struct Sample {
    pub wall: Duration,
    /// Peak resident set of the child, in bytes, as the kernel accounted it.
    pub peak_rss: u64,
    /// User and system CPU time of the child: unlike wall time, barely moved by other load.
    pub cpu: Duration,
    /// Of `cpu`, the time in the kernel (creating, writing and deleting files, mostly).
    pub sys: Duration,
}

/// Runs `command` to completion with its output sent to `log`, and fails unless it exits 0.
pub fn run(command: &mut Command, log: &Path) -> io::Result<Sample> {
    let log_file = fs::File::create(log)?;
    let started = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .spawn()?;
    let (status, peak_rss, cpu, sys) = wait_with_usage(child)?;
    let wall = started.elapsed();
    if status != 0 {
        let text = fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(io::Error::other(format!(
            "{command:?} failed (status {status}):\n{}",
            tail.join("\n")
        )));
    }
    Ok(Sample {
        wall,
        peak_rss,
        cpu,
        sys,
    })
}

/// Waits for `child` with wait4, which also returns the child's own resource usage: its
/// peak RSS, unlike getrusage(RUSAGE_CHILDREN), is not mixed with earlier children's.
#[cfg(unix)]
fn wait_with_usage(child: std::process::Child) -> io::Result<(i32, u64, Duration, Duration)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data, valid when zeroed.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet waited for (the `Child` is never waited on);
        // both pointers are to live locals.
        let result = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if result == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let sys = time(usage.ru_stime);
    let cpu = time(usage.ru_utime) + sys;
    // Linux reports ru_maxrss in KiB.
    Ok((code, usage.ru_maxrss as u64 * 1024, cpu, sys))
}

/// Without wait4 the peak memory and CPU time are unknown (reported as 0).
#[cfg(not(unix))]
fn wait_with_usage(mut child: std::process::Child) -> io::Result<(i32, u64, Duration, Duration)> {
    let code = child.wait()?.code().unwrap_or(-1);
    Ok((code, 0, Duration::ZERO, Duration::ZERO))
}

/// CPU time (user and system) this process has used so far, all threads.
#[cfg(unix)]
pub fn process_cpu() -> Duration {
    // SAFETY: rusage is plain old data, valid when zeroed; getrusage fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live local.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

#[cfg(not(unix))]
pub fn process_cpu() -> Duration {
    Duration::ZERO
}

/// Sizes of what a build wrote.
#[derive(Default)]
pub struct Written {
    /// HTML and XML files: the pages.
    pub pages: usize,
    pub bytes: u64,
    /// Bytes under `search/`.
    pub search_bytes: u64,
}

pub fn written(out: &Path) -> Written {
    let mut sizes = Written::default();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        sizes.bytes += len;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html" || e == "xml") {
            sizes.pages += 1;
        }
        if path
            .strip_prefix(out)
            .is_ok_and(|rel| rel.starts_with("search"))
        {
            sizes.search_bytes += len;
        }
    }
    sizes
}

pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    match values.len() {
        0 => Duration::ZERO,
        n if !n.is_multiple_of(2) => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2,
    }
}

pub fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

pub fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// `1.5 GB`, `240 MB`, `12.0 KB`, `0 B` (powers of 1024).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut size = n as f64 / 1024.0;
    let mut unit = 0;
    while size >= 1024.0 && unit < UNITS.len() - 1 {
        size /= 1024.0;
        unit += 1;
    }
    if size >= 100.0 {
        format!("{size:.0} {}", UNITS[unit])
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

/// `100,000`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
