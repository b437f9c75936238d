//! What `plansite import` says to the editor, as [`Text`]s of the catalogues
//! (`locales/*/import.ftl`), put into words by the binary in the language of the run.

use std::path::Path;

use super::infer::From;
use crate::i18n::Text;

/// Why a file was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unreadable(String),
    /// The file is larger than anything a plan needs.
    TooLarge {
        limit_mb: u64,
    },
    /// A .docx that is not a zip archive, or a broken one.
    NotZip,
    /// A .docx without `word/document.xml`.
    NotWord,
    /// A part's name leaves the archive (`..`, an absolute path).
    UnsafePartName(String),
    /// A part would unpack to more than is allowed (a zip bomb).
    PartTooLarge {
        part: String,
        limit_mb: u64,
    },
    /// A part that does not unpack as its headers say (damaged, or lying about its size).
    PartUnreadable {
        part: String,
        error: String,
    },
    TooManyParts,
    /// XML with a DOCTYPE (where entities are declared).
    Doctype(String),
    BadXml {
        part: String,
        error: String,
    },
    /// More paragraphs than any plan has.
    TooLong {
        limit: usize,
    },
    /// A page whose elements nest deeper than any real page.
    TooDeep {
        limit: usize,
    },
    /// An image whose bytes are not PNG, JPEG, GIF or WebP.
    NotAnImage(String),
    /// Not UTF-8, GBK/GB18030 or UTF-16.
    Encoding,
    /// A Markdown file with front matter is a plan already.
    HasFrontMatter,
    /// A .doc or .wps file, and no LibreOffice to convert it.
    NeedsDocx {
        ext: String,
    },
    ConvertFailed(String),
    /// Nothing to import.
    Empty,
    /// Every name tried was taken.
    NameTaken(String),
    WriteFailed(String),
}

impl Refusal {
    /// Why the file was not imported.
    pub fn message(&self) -> Text {
        match self {
            Refusal::Unreadable(err) => Text::new("import-unreadable").arg("error", err),
            Refusal::TooLarge { limit_mb } => Text::new("import-too-large").arg("limit", *limit_mb),
            Refusal::NotZip => Text::new("import-not-zip"),
            Refusal::NotWord => Text::new("import-not-word"),
            Refusal::UnsafePartName(part) => Text::new("import-unsafe-part-name").arg("part", part),
            Refusal::PartTooLarge { part, limit_mb } => Text::new("import-part-too-large")
                .arg("part", part)
                .arg("limit", *limit_mb),
            Refusal::PartUnreadable { part, error } => Text::new("import-part-unreadable")
                .arg("part", part)
                .arg("error", error),
            Refusal::TooManyParts => Text::new("import-too-many-parts"),
            Refusal::Doctype(part) => Text::new("import-doctype").arg("part", part),
            Refusal::BadXml { part, error } => Text::new("import-bad-xml")
                .arg("part", part)
                .arg("error", error),
            Refusal::TooLong { limit } => Text::new("import-too-long").arg("limit", *limit),
            Refusal::TooDeep { limit } => Text::new("import-too-deep").arg("limit", *limit),
            Refusal::NotAnImage(image) => Text::new("import-not-an-image").arg("image", image),
            Refusal::Encoding => Text::new("import-encoding"),
            Refusal::HasFrontMatter => Text::new("import-has-front-matter"),
            Refusal::NeedsDocx { ext } => Text::new("import-needs-docx").arg("ext", ext),
            Refusal::ConvertFailed(err) => Text::new("import-convert-failed").arg("error", err),
            Refusal::Empty => Text::new("import-empty"),
            Refusal::NameTaken(name) => Text::new("import-name-taken").arg("name", name),
            Refusal::WriteFailed(err) => Text::new("import-write-failed").arg("error", err),
        }
    }
}

/// Where a value came from, in words: `import-from` chooses them by the key JSON gives.
fn from(from: From) -> Text {
    Text::new("import-from").arg("from", from.key())
}

/// One value of the summary line (`field` is title, unit, year or kind) and where it came
/// from, with the name the document gave it when that is not the value.
pub fn field(field: &'static str, value: String, found: From, named: Option<&str>) -> Text {
    let text = match named {
        Some(named) => Text::new("import-field-named").arg("named", named),
        None => Text::new("import-field"),
    };
    text.arg("field", field)
        .arg("value", value)
        .arg("from", self::from(found))
}

/// The one line that says what became of a file that was imported.
pub fn written(dry_run: bool, source: &Path, path: &Path, fields: [Text; 4]) -> Text {
    let id = match dry_run {
        true => "import-would-write",
        false => "import-written",
    };
    let [title, unit, year, kind] = fields;
    Text::new(id)
        .arg("source", source)
        .arg("path", path)
        .arg("title", title)
        .arg("unit", unit)
        .arg("year", year)
        .arg("kind", kind)
}

pub fn skipped(source: &Path) -> Text {
    Text::new("import-skipped").arg("source", source)
}

pub fn refused(source: &Path, refusal: &Refusal) -> Text {
    Text::new("import-refused")
        .arg("source", source)
        .arg("reason", refusal.message())
}

/// What the editor should check in a plan that was written.
pub fn unit_unknown(named: Option<&str>, declared: &[&str]) -> Text {
    let units = declared.join("、");
    match named {
        Some(named) => Text::new("import-unit-unknown-named").arg("named", named),
        None => Text::new("import-unit-unknown"),
    }
    .arg("units", units)
}

pub fn unit_guessed(named: &str, unit: &str) -> Text {
    Text::new("import-unit-guessed")
        .arg("named", named)
        .arg("unit", unit)
}

pub fn unit_inferred(basis: &str) -> Text {
    Text::new("import-unit-inferred").arg("basis", basis)
}

pub fn year_unknown(written: i32) -> Text {
    Text::new("import-year-unknown").arg("year", written.to_string())
}

pub fn year_inferred(basis: &str) -> Text {
    Text::new("import-year-inferred").arg("basis", basis)
}

pub fn kind_default(kind: &str) -> Text {
    Text::new("import-kind-default").arg("kind", kind)
}

pub fn kind_differs(kind: &str, named: &str, phrase: &str) -> Text {
    Text::new("import-kind-differs")
        .arg("kind", kind)
        .arg("named", named)
        .arg("phrase", phrase)
}

pub fn page_images_left(n: usize) -> Text {
    Text::new("import-page-images-left").arg("count", n)
}

pub fn renamed(wanted: &Path) -> Text {
    Text::new("import-renamed").arg("path", wanted)
}

pub fn draft_note() -> Text {
    Text::new("import-draft")
}

/// The year written into `year_basis:` when nothing says it: part of the plan, which is
/// written in Chinese whatever the language of the run.
pub const YEAR_UNKNOWN_BASIS: &str = "文中没有年份，暂填导入时的年份，待核对";

pub fn totals(written: usize, skipped: usize, refused: usize, dry_run: bool) -> Text {
    let id = match dry_run {
        true => "import-totals-dry-run",
        false => "import-totals",
    };
    Text::new(id)
        .arg("written", written)
        .arg("skipped", skipped)
        .arg("refused", refused)
}

pub fn year_out_of_range(year: i32, years: std::ops::RangeInclusive<i32>) -> Text {
    Text::new("import-year-out-of-range")
        .arg("year", year.to_string())
        .arg("first", years.start().to_string())
        .arg("last", years.end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Catalogue, Lang};

    /// Every text import says is in both catalogues, with the values the code gives (a value
    /// the catalogue names and the code does not give panics in debug).
    #[test]
    fn every_text_is_said_in_every_language() {
        let part = || "word/styles.xml".to_string();
        let refusals = [
            Refusal::Unreadable("denied".into()),
            Refusal::TooLarge { limit_mb: 20 },
            Refusal::NotZip,
            Refusal::NotWord,
            Refusal::UnsafePartName("../evil.xml".into()),
            Refusal::PartTooLarge {
                part: part(),
                limit_mb: 50,
            },
            Refusal::PartUnreadable {
                part: part(),
                error: "bad".into(),
            },
            Refusal::TooManyParts,
            Refusal::Doctype(part()),
            Refusal::BadXml {
                part: part(),
                error: "bad".into(),
            },
            Refusal::TooLong { limit: 50_000 },
            Refusal::TooDeep { limit: 2_000 },
            Refusal::NotAnImage("image1.png".into()),
            Refusal::Encoding,
            Refusal::HasFrontMatter,
            Refusal::NeedsDocx { ext: "wps".into() },
            Refusal::ConvertFailed("bad".into()),
            Refusal::Empty,
            Refusal::NameTaken("2015-a".into()),
            Refusal::WriteFailed("denied".into()),
        ];
        let source = Path::new("in/a.docx");
        let fields = || {
            [
                field(
                    "title",
                    "区总工会2015年工作计划".into(),
                    From::Prominent,
                    None,
                ),
                field("unit", "市总工会".into(), From::Title, Some("嘉兴市总工会")),
                field("year", "2015".into(), From::SignOff, None),
                field("kind", "工作计划".into(), From::Default, None),
            ]
        };
        let mut texts: Vec<Text> = refusals.iter().map(|r| refused(source, r)).collect();
        texts.extend([
            written(false, source, Path::new("content/plans/a.md"), fields()),
            written(true, source, Path::new("content/plans/a.md"), fields()),
            skipped(source),
            unit_unknown(None, &["市总工会", "区总工会"]),
            unit_unknown(Some("大庄镇工会"), &["市总工会"]),
            unit_inferred("正文中最常提到“市总工会”（3次）"),
            year_unknown(2026),
            year_inferred("正文中最常提到的年份是2015年（2次）"),
            kind_default("工作计划"),
            kind_differs("工作计划", "工作总结", "现总结如下"),
            page_images_left(1),
            page_images_left(4),
            renamed(Path::new("content/plans/2015-a")),
            draft_note(),
            totals(1, 2, 3, false),
            totals(1, 2, 3, true),
            year_out_of_range(3000, 1900..=2100),
        ]);
        let catalogue = Catalogue::load();
        for lang in Lang::ALL {
            let messages = catalogue.messages(lang);
            for text in &texts {
                let said = messages.text(text);
                assert!(!said.contains("import-"), "{lang:?}: {said}");
            }
        }
        let en = catalogue.messages(Lang::En);
        assert_eq!(
            en.text(&written(false, source, Path::new("a.md"), fields())),
            "in/a.docx → wrote a.md: title 区总工会2015年工作计划 (first large or bold line); \
             unit 市总工会 (title “嘉兴市总工会”); year 2015 (sign-off); kind 工作计划 (default)"
        );
        let zh = catalogue.messages(Lang::Zh);
        assert_eq!(
            zh.text(&written(false, source, Path::new("a.md"), fields())),
            "in/a.docx → 已写入 a.md：标题 区总工会2015年工作计划（首个大字或加粗短行）；\
             单位 市总工会（标题“嘉兴市总工会”）；年份 2015（落款）；类别 工作计划（默认值）"
        );
    }
}
