//! Old Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice when it is
//! installed; without it the editor is told how to save the file as .docx.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::messages::Refusal;

/// LibreOffice is given this long to convert one file.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The .docx LibreOffice makes of `file`.
pub fn to_docx(file: &Path, ext: &str) -> Result<Vec<u8>, Refusal> {
    let Some(office) = ["soffice", "libreoffice"].into_iter().find(|p| on_path(p)) else {
        return Err(Refusal::NeedsDocx {
            ext: ext.to_string(),
        });
    };
    let out = tempfile::tempdir().map_err(|e| Refusal::ConvertFailed(e.to_string()))?;
    // A profile of its own, so that a LibreOffice the editor has open does not take the job.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        out.path().join("profile").display()
    );
    let mut child = Command::new(office)
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(out.path())
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Refusal::ConvertFailed(e.to_string()))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Refusal::ConvertFailed("timed out".into()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(Refusal::ConvertFailed(e.to_string())),
        }
    }
    let stem = file.file_stem().unwrap_or_default();
    let converted = out.path().join(stem).with_extension("docx");
    std::fs::read(&converted).map_err(|e| Refusal::ConvertFailed(e.to_string()))
}

/// Whether `program` is on the PATH (as `program.exe` on Windows).
fn on_path(program: &str) -> bool {
    let names = [program.to_string(), format!("{program}.exe")];
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| names.iter().any(|n| dir.join(n).is_file()))
    })
}
