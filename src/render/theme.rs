//! Loading a theme: its Tera templates and static files, with the site's own `templates/`
//! and `static/` overriding them file by file.
//!
//! The default theme is built into the binary, so a site needs no `themes/` folder; a
//! `themes/<name>/` folder in the site wins over the built-in copy, which is how the default
//! theme itself is edited and previewed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::{ErrorKind, Kwargs, State, Tera, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Problems, codes};
use crate::layout::{CONFIG_FILE, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
    /// Made by the build, like the search index.
    Generated(Arc<[u8]>),
}

pub struct Theme {
    pub tera: Tera,
    /// Output path (relative to the site root) to source, for files copied as they are.
    pub static_files: BTreeMap<String, FileSource>,
    /// Template name to the file it came from, for messages.
    template_paths: BTreeMap<String, PathBuf>,
    /// Template name to its text: a render cache is valid only for the same templates.
    pub template_sources: BTreeMap<String, String>,
}

impl Theme {
    /// The theme `config` names with the site's overrides; `None`, with the problems added to
    /// `problems`, when a file cannot be read or a template does not compile.
    pub fn load(root: &Path, config: &Config, problems: &mut Problems) -> Option<Theme> {
        let mut templates: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        // Read problems are gathered apart: any of them leaves no theme.
        let mut found = Vec::new();

        let theme_dir = Path::new(THEMES_DIR).join(&config.theme);
        if root.join(&theme_dir).is_dir() {
            read_dir(
                root,
                &theme_dir,
                &mut templates,
                &mut static_files,
                &mut found,
            );
        } else if config.theme == "default" {
            for file in embedded_files(&DEFAULT_THEME) {
                let rel = file.path();
                let shown = Path::new("(built-in default theme)").join(rel);
                if let Ok(name) = rel.strip_prefix(TEMPLATES_DIR) {
                    let text = String::from_utf8_lossy(file.contents()).into_owned();
                    templates.insert(template_name(name), (text, shown));
                } else if let Ok(name) = rel.strip_prefix(STATIC_DIR) {
                    static_files.insert(template_name(name), FileSource::Embedded(file.contents()));
                }
            }
        } else {
            found.push(
                Diagnostic::error(codes::CONFIG_THEME_MISSING, CONFIG_FILE)
                    .arg("theme", &config.theme)
                    .arg("folder", &theme_dir),
            );
        }
        // The site's own files override the theme's, file by file.
        read_dir(
            root,
            Path::new(""),
            &mut templates,
            &mut static_files,
            &mut found,
        );
        if !found.is_empty() {
            problems.extend(found);
            return None;
        }

        let mut tera = Tera::new();
        tera.register_filter("url", url_filter);
        let template_paths: BTreeMap<String, PathBuf> = templates
            .iter()
            .map(|(name, (_, path))| (name.clone(), path.clone()))
            .collect();
        let template_sources: BTreeMap<String, String> = templates
            .iter()
            .map(|(name, (text, _))| (name.clone(), text.clone()))
            .collect();
        let mut theme = Theme {
            tera: Tera::new(),
            static_files,
            template_paths,
            template_sources,
        };
        if let Err(err) = tera.add_raw_templates(&theme.template_sources) {
            problems.extend(theme.template_problems(&templates, err));
            return None;
        }
        theme.tera = tera;
        Some(theme)
    }

    /// A template error as a diagnostic on the template's file and line.
    pub fn diagnostic(&self, err: &tera::Error) -> Diagnostic {
        // What is wrong: Tera's words (`tera`), or a parent template missing (`missing-parent`),
        // which the catalogues put into words.
        let (name, line, col, kind, message) = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
                report.filename().to_string(),
                Some(report.span().start_line),
                report.span().start_col + 1,
                "tera",
                report.message().to_string(),
            ),
            ErrorKind::MissingParent { current, parent } => {
                (current.clone(), None, 1, "missing-parent", parent.clone())
            }
            other => (String::new(), None, 1, "tera", other.to_string()),
        };
        let path = self
            .template_paths
            .get(&name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(TEMPLATES_DIR).join(&name));
        let d = Diagnostic::error(codes::TEMPLATE_ERROR, path)
            .arg("kind", kind)
            .arg("error", message);
        match line {
            Some(line) => d.at(line, col),
            None => d,
        }
    }

    /// Every template with a syntax error, not just the first one Tera met.
    fn template_problems(
        &self,
        templates: &BTreeMap<String, (String, PathBuf)>,
        first: tera::Error,
    ) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = templates
            .iter()
            .filter_map(|(name, (text, _))| {
                let mut alone = Tera::new();
                match alone.add_raw_template(name, text) {
                    Err(err) if matches!(err.kind(), ErrorKind::SyntaxError(_)) => {
                        Some(self.diagnostic(&err))
                    }
                    _ => None,
                }
            })
            .collect();
        if problems.is_empty() {
            problems.push(self.diagnostic(&first));
        }
        problems
    }
}

/// `{{ page | url }}`: the link from the page being rendered to another page of the site,
/// given as its output path. The page's way back to the root is in the context as `root`.
fn url_filter(path: &str, _: Kwargs, state: &State) -> tera::TeraResult<String> {
    // Called some twenty times a page: the root is borrowed from its value, not copied out.
    let root: Option<Value> = state.get("root")?;
    let root = root.as_ref().and_then(Value::as_str).unwrap_or_default();
    let mut url = String::with_capacity(root.len() + path.len());
    url.push_str(root);
    url.push_str(path);
    Ok(url)
}

fn template_name(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files
}

/// Reads `base/templates/**` and `base/static/**` (relative to the site root) from disk.
fn read_dir(
    root: &Path,
    base: &Path,
    templates: &mut BTreeMap<String, (String, PathBuf)>,
    static_files: &mut BTreeMap<String, FileSource>,
    problems: &mut Vec<Diagnostic>,
) {
    for (sub, is_templates) in [(TEMPLATES_DIR, true), (STATIC_DIR, false)] {
        let dir = root.join(base).join(sub);
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) if entry.file_type().is_file() => entry,
                Ok(_) => continue,
                Err(err) => {
                    problems.push(
                        Diagnostic::error(codes::TEMPLATE_UNREADABLE, base.join(sub))
                            .arg("error", err.to_string()),
                    );
                    continue;
                }
            };
            let file_name = entry.file_name().to_string_lossy();
            if crate::content::load::is_ignored(&file_name) {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let shown = base.join(sub).join(rel);
            if is_templates {
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        templates.insert(template_name(rel), (text, shown));
                    }
                    Err(err) => problems.push(
                        Diagnostic::error(codes::TEMPLATE_NOT_UTF8, shown)
                            .arg("error", err.to_string()),
                    ),
                }
            } else {
                static_files.insert(
                    template_name(rel),
                    FileSource::Disk(entry.path().to_path_buf()),
                );
            }
        }
    }
}
