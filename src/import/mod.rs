//! `plansite import`: Word files (.docx; .doc and .wps through LibreOffice), saved web pages,
//! text and Markdown made plans: headings from the numbering of Chinese official documents,
//! front matter read from the document, every file summed up in one line.
//!
//! Each file is read into a [`document::Document`] by its reader (`docx`, `html`, `text`),
//! its front matter is read from that ([`infer`]), its body written ([`structure`]), and it is
//! saved under a name never taken before ([`write`]). A file that cannot be imported is
//! refused with the reason, and the others go on.

pub mod chinese_numerals;
mod document;
mod docx;
mod eras;
mod html;
pub mod infer;
mod inline;
mod legacy;
pub mod messages;
mod structure;
mod table;
mod text;
mod unit;
mod write;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::Problems;
use crate::i18n::Text;
use document::Document;
use infer::{Found, From};
use messages::Refusal;

/// What the editor asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<String>,
    /// Write every plan as a draft, even one whose unit and year were read from it.
    pub draft: bool,
    /// Say what would be written, writing nothing.
    pub dry_run: bool,
}

/// What became of one file. `--format json` prints these with their words (`notes`,
/// `message`, `summary`) put into the language of the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub source: String,
    pub status: Status,
    /// Relative to the site root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Found<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Found<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<Found<i32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Found<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub draft: bool,
    /// The headings' Markdown levels, in order (2 is `##`).
    pub headings: Vec<u8>,
    pub images: usize,
    /// What the editor should check, and anything else worth saying.
    #[serde(skip)]
    pub notes: Vec<Text>,
    /// Why the file was skipped or refused.
    #[serde(skip)]
    pub message: Option<Text>,
    /// The one line the text output gives this file.
    #[serde(skip)]
    pub summary: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Written,
    WouldWrite,
    Skipped,
    Refused,
}

/// The kinds of file read, by extension (lower case).
const READ: &[&str] = &["docx", "doc", "wps", "txt", "html", "htm", "md", "markdown"];
/// No plan is bigger than this as a text or a page (a .docx, with its images, may be larger).
const TEXT_LIMIT: u64 = 20 << 20;
const DOCX_LIMIT: u64 = 200 << 20;
/// No real page nests its elements this deep.
const HTML_DEPTH: usize = 2_000;

/// What is wrong with the options themselves, before anything is read: a `--year` outside the
/// years plansite accepts.
pub fn check_options(options: &Options) -> Result<(), Text> {
    match options.year {
        Some(year) if !crate::content::meta::YEARS.contains(&year) => Err(
            messages::year_out_of_range(year, crate::content::meta::YEARS),
        ),
        _ => Ok(()),
    }
}

/// Imports every file given, and every file of a kind it reads in the folders given (in
/// name order); `None` when `site.yaml` cannot be read (its problems are in `problems`).
pub fn import(
    root: &Path,
    inputs: &[PathBuf],
    options: &Options,
    problems: &mut Problems,
) -> Option<Vec<Outcome>> {
    let config = Config::load(root, problems)?;
    let units: Vec<&str> = config.units.iter().map(|u| u.name.as_str()).collect();
    let mut taken = BTreeSet::new();
    let mut outcomes = Vec::new();
    for file in files(inputs) {
        let outcome = match kind_of_file(&file) {
            None => skipped(&file),
            Some(ext) => match read(&file, &ext) {
                Ok(doc) => one(root, &config, &units, &file, doc, options, &mut taken),
                Err(refusal) => refused(&file, refusal),
            },
        };
        outcomes.push(outcome);
    }
    Some(outcomes)
}

/// The files given and those in the folders given, each folder's in name order.
fn files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let walk = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .follow_links(false);
            files.extend(
                walk.into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .filter(|e| !e.file_name().to_string_lossy().starts_with(['.', '~']))
                    .map(|e| e.into_path()),
            );
        } else {
            files.push(input.clone());
        }
    }
    files
}

fn kind_of_file(file: &Path) -> Option<String> {
    let ext = file.extension()?.to_string_lossy().to_lowercase();
    READ.contains(&ext.as_str()).then_some(ext)
}

/// The file read into a document by the reader for its kind.
fn read(file: &Path, ext: &str) -> Result<Document, Refusal> {
    let size = std::fs::metadata(file)
        .map_err(|err| Refusal::Unreadable(err.to_string()))?
        .len();
    let limit = if matches!(ext, "docx" | "doc" | "wps") {
        DOCX_LIMIT
    } else {
        TEXT_LIMIT
    };
    if size > limit {
        return Err(Refusal::TooLarge {
            limit_mb: limit >> 20,
        });
    }
    let bytes = std::fs::read(file).map_err(|err| Refusal::Unreadable(err.to_string()))?;
    let doc = match ext {
        "docx" => docx::read(&bytes)?,
        "doc" | "wps" => docx::read(&legacy::to_docx(file, ext)?)?,
        "html" | "htm" => {
            let text = decode(bytes)?;
            if html::nests_deeper_than(&text, HTML_DEPTH) {
                return Err(Refusal::TooDeep { limit: HTML_DEPTH });
            }
            html::read(&text, file.parent())
        }
        "md" | "markdown" => {
            text::read_markdown(&decode(bytes)?).map_err(|_| Refusal::HasFrontMatter)?
        }
        _ => text::read_text(&decode(bytes)?),
    };
    if doc.paras().all(|p| p.is_empty()) {
        return Err(Refusal::Empty);
    }
    Ok(doc)
}

fn decode(bytes: Vec<u8>) -> Result<String, Refusal> {
    text::decode(bytes)
        .map(|(text, _)| text)
        .map_err(|_| Refusal::Encoding)
}

fn skipped(file: &Path) -> Outcome {
    let summary = messages::skipped(file);
    Outcome {
        message: Some(summary.clone()),
        ..empty(file, Status::Skipped, summary)
    }
}

fn refused(file: &Path, refusal: Refusal) -> Outcome {
    Outcome {
        message: Some(refusal.message()),
        ..empty(file, Status::Refused, messages::refused(file, &refusal))
    }
}

fn empty(file: &Path, status: Status, summary: Text) -> Outcome {
    Outcome {
        source: file.display().to_string(),
        status,
        path: None,
        title: None,
        unit: None,
        year: None,
        kind: None,
        date: None,
        draft: false,
        headings: Vec::new(),
        images: 0,
        notes: Vec::new(),
        message: None,
        summary,
    }
}

/// One document made a plan, and written unless this is a dry run.
fn one(
    root: &Path,
    config: &Config,
    units: &[&str],
    file: &Path,
    doc: Document,
    options: &Options,
    taken: &mut BTreeSet<String>,
) -> Outcome {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let read = infer::infer(&doc, units, &stem);
    let mut notes = doc.notes.clone();
    let mut draft = options.draft;

    let kind = match &options.kind {
        Some(kind) => Found {
            value: kind.clone(),
            from: From::Option,
            detail: None,
        },
        None => read.kind.clone(),
    };
    if kind.from == From::Default {
        notes.push(messages::kind_default(&kind.value));
    }
    if let (None, Some((named, phrase))) = (&options.kind, &read.kind_in_text) {
        notes.push(messages::kind_differs(&kind.value, named, phrase));
    }
    let unit = match (&options.unit, &read.unit) {
        (Some(unit), _) => Found {
            value: unit.clone(),
            from: From::Option,
            detail: None,
        },
        (None, Some(unit)) => {
            if unit.from == From::Text {
                // Named in the body only: likely, not read; the editor confirms it.
                draft = true;
                notes.push(messages::unit_inferred(
                    unit.detail.as_deref().unwrap_or_default(),
                ));
            } else if let Some(named) =
                (unit.detail.as_deref()).filter(|named| !named.contains(unit.value.as_str()))
            {
                // Taken for the closest declared name (`社区工会` for `区总工会`): the plan
                // might belong to another unit, so it waits for the editor.
                draft = true;
                notes.push(messages::unit_guessed(named, &unit.value));
            }
            unit.clone()
        }
        (None, None) => {
            draft = true;
            let named = named_unit(&read.title.value);
            notes.push(messages::unit_unknown(named.as_deref(), units));
            Found {
                value: named.unwrap_or_else(|| "待定".to_string()),
                from: From::Default,
                detail: None,
            }
        }
    };
    let year = match (options.year, &read.year) {
        (Some(year), _) => Found {
            value: year,
            from: From::Option,
            detail: None,
        },
        (None, Some(year)) => year.clone(),
        (None, None) => {
            draft = true;
            let now = chrono::Local::now().year();
            notes.push(messages::year_unknown(now));
            Found {
                value: now,
                from: From::Default,
                detail: Some(messages::YEAR_UNKNOWN_BASIS.to_string()),
            }
        }
    };
    let year_basis = match year.from {
        From::Text | From::Default => year.detail.clone(),
        From::SignOff if year.detail.as_deref().is_some_and(|d| d.contains("推断")) => {
            year.detail.clone()
        }
        _ => None,
    };
    if year.from == From::Text {
        notes.push(messages::year_inferred(
            year.detail.as_deref().unwrap_or_default(),
        ));
    }
    let date = read
        .date
        .filter(|d| d.year() == year.value)
        .map(|d| d.format("%Y-%m-%d").to_string());

    let (body, headings) = structure::to_markdown(&doc, read.title_para);
    let front = write::Front {
        title: read.title.value.clone(),
        unit: unit.value.clone(),
        year: year.value,
        year_basis,
        date: date.clone(),
        kind: kind.value.clone(),
        draft,
    };
    let text = format!("---\n{}---\n\n{body}", front.to_yaml());
    if draft {
        notes.push(messages::draft_note());
    }

    let name = crate::new_plan::without_year(&read.title.value, year.value);
    let stem = format!(
        "{}-{}",
        year.value,
        crate::slug::slugify(&name, config.slugify)
    );
    let chosen = write::choose_path(root, &stem, !doc.images.is_empty(), taken);
    let (path, renamed) = match chosen {
        Ok(chosen) => chosen,
        Err(refusal) => return refused(file, refusal),
    };
    if renamed {
        notes.push(messages::renamed(
            &Path::new(crate::new_plan::PLANS_DIR).join(&stem),
        ));
    }
    if !options.dry_run
        && let Err(refusal) = write::write(root, &path, &text, &doc.images)
    {
        return refused(file, refusal);
    }
    let taken_name = match doc.images.is_empty() {
        true => path.file_stem(),
        false => path.parent().and_then(Path::file_name),
    };
    taken.insert(
        taken_name
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
    );

    // The name the document gave the unit, when it is not the declared one (the basis of an
    // inferred unit is in the notes).
    let named = match unit.from {
        From::Title | From::SignOff => unit.detail.as_deref(),
        _ => None,
    };
    let fields = [
        messages::field("title", front.title.clone(), read.title.from, None),
        messages::field("unit", unit.value.clone(), unit.from, named),
        messages::field("year", year.value.to_string(), year.from, None),
        messages::field("kind", kind.value.clone(), kind.from, None),
    ];
    let summary = messages::written(options.dry_run, file, &path, fields);
    Outcome {
        source: file.display().to_string(),
        status: if options.dry_run {
            Status::WouldWrite
        } else {
            Status::Written
        },
        path: Some(path.display().to_string()),
        title: Some(read.title),
        unit: Some(unit),
        year: Some(year),
        kind: Some(kind),
        date,
        draft,
        headings,
        images: doc.images.len(),
        notes,
        message: None,
        summary,
    }
}

/// The body a title names, when it matches no declared unit, to write as it is.
fn named_unit(title: &str) -> Option<String> {
    unit::named_body(title).filter(|n| n != title)
}
