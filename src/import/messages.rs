//! Every sentence `plansite import` says to the editor, Chinese first and English after, in one
//! place so that they can move to the message catalogues as they are.

use std::path::Path;

use super::infer::From;

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
    pub fn message(&self) -> String {
        match self {
            Refusal::Unreadable(err) => format!("无法读取文件：{err} (cannot read the file: {err})"),
            Refusal::TooLarge { limit_mb } => format!(
                "文件太大（超过 {limit_mb} MB），不像一份计划 (the file is larger than {limit_mb} MB, more than any plan)"
            ),
            Refusal::NotZip => "不是有效的 Word 文档：.docx 文件应是 zip 压缩包，这个文件不是，或已损坏 (not a valid .docx: it is not a zip archive, or it is damaged)".into(),
            Refusal::NotWord => "压缩包里没有 Word 正文（word/document.xml） (the archive holds no Word document, word/document.xml)".into(),
            Refusal::UnsafePartName(name) => format!(
                "文件中有指向压缩包以外的部件名“{name}”，为安全起见未导入 (a part is named `{name}`, which points outside the archive; refused for safety)"
            ),
            Refusal::PartTooLarge { part, limit_mb } => format!(
                "部件“{part}”解压后超过 {limit_mb} MB，可能是压缩炸弹，未导入 (the part `{part}` unpacks to more than {limit_mb} MB, possibly a zip bomb; refused)"
            ),
            Refusal::PartUnreadable { part, error } => format!(
                "部件“{part}”无法解压：{error}；文件已损坏或被篡改 (the part `{part}` does not unpack: {error}; the file is damaged or tampered with)"
            ),
            Refusal::TooManyParts => "压缩包中的部件过多，不像 Word 文档 (the archive holds too many parts for a Word document)".into(),
            Refusal::Doctype(part) => format!(
                "部件“{part}”含有 DOCTYPE 声明（Word 从不写入），为安全起见未导入 (the part `{part}` has a DOCTYPE declaration, which Word never writes; refused for safety)"
            ),
            Refusal::BadXml { part, error } => format!(
                "部件“{part}”不是有效的 XML：{error} (the part `{part}` is not valid XML: {error})"
            ),
            Refusal::TooLong { limit } => format!(
                "文档超过 {limit} 段，远超一份计划的长度，未导入 (the document has more than {limit} paragraphs, far more than a plan; refused)"
            ),
            Refusal::TooDeep { limit } => format!(
                "网页的元素嵌套超过 {limit} 层，不像真实的网页，未导入 (the page nests its elements more than {limit} deep, unlike any real page; refused)"
            ),
            Refusal::NotAnImage(name) => format!(
                "图片“{name}”不是 PNG、JPEG、GIF 或 WebP 图片，未导入；请在 Word 中把它另存为图片后重新插入 (the image `{name}` is not a PNG, JPEG, GIF or WebP image; save it as a picture in Word and insert it again)"
            ),
            Refusal::Encoding => "文本不是 UTF-8、GBK/GB18030 或 UTF-16 编码；请用记事本另存为 UTF-8 (the text is not UTF-8, GBK/GB18030 or UTF-16; save it again as UTF-8)".into(),
            Refusal::HasFrontMatter => "这个 Markdown 文件已有前言（---），已经是计划文件，直接放进 content/plans/ 即可 (the Markdown file has front matter already: it is a plan; put it in content/plans/ as it is)".into(),
            Refusal::NeedsDocx { ext } => format!(
                "未安装 LibreOffice，无法读取 .{ext} 文件；请在 Word 或 WPS 中打开它，“文件 → 另存为”，文件类型选“Word 文档 (*.docx)”，再导入 .docx 文件 (.{ext} files need LibreOffice, which is not installed; open the file in Word or WPS, save it as \"Word Document (*.docx)\" and import that)"
            ),
            Refusal::ConvertFailed(err) => format!(
                "LibreOffice 未能把它转换为 .docx：{err}；请在 Word 或 WPS 中另存为 .docx 再导入 (LibreOffice could not convert it to .docx: {err}; save it as .docx in Word or WPS and import that)"
            ),
            Refusal::Empty => "文件中没有正文 (the file has no text)".into(),
            Refusal::NameTaken(name) => format!(
                "“{name}”及其备用名都已被占用，未写入 (`{name}` and the other names tried are taken; nothing was written)"
            ),
            Refusal::WriteFailed(err) => format!("无法写入计划：{err} (cannot write the plan: {err})"),
        }
    }
}

/// Where a value came from, as the summary says it.
pub fn from(from: From) -> &'static str {
    match from {
        From::Option => "命令行参数 option",
        From::TitleProperty => "文档标题属性 title property",
        From::TitleStyle => "标题样式 Title style",
        From::Prominent => "首个大字或加粗短行 first large or bold line",
        From::FirstLine => "第一行 first line",
        From::FileName => "文件名 file name",
        From::Title => "标题 title",
        From::SignOff => "落款 sign-off",
        From::Text => "正文推断 inferred from the text",
        From::Default => "默认值 default",
    }
}

/// The one line that says what became of a file that was imported.
pub fn written(
    dry_run: bool,
    source: &Path,
    path: &Path,
    fields: &[(&str, String, From, Option<&str>)],
) -> String {
    let verb = match dry_run {
        true => "将写入 (would write)",
        false => "已写入 (wrote)",
    };
    let described: Vec<String> = fields
        .iter()
        .map(|(name, value, from, named)| match named {
            Some(named) => format!("{name} {value}（{}“{named}”）", self::from(*from)),
            None => format!("{name} {value}（{}）", self::from(*from)),
        })
        .collect();
    format!(
        "{} → {verb} {}：{}",
        source.display(),
        path.display(),
        described.join("；")
    )
}

pub const TITLE: &str = "标题 title";
pub const UNIT: &str = "单位 unit";
pub const YEAR: &str = "年份 year";
pub const KIND: &str = "类型 kind";
pub const DATE: &str = "日期 date";

pub fn skipped(source: &Path) -> String {
    format!(
        "{}：跳过，不是可导入的文件类型（.docx、.doc、.wps、.txt、.html、.htm、.md） (skipped: not a kind of file import reads)",
        source.display()
    )
}

pub fn refused(source: &Path, refusal: &Refusal) -> String {
    format!(
        "{}：未导入 (not imported)：{}",
        source.display(),
        refusal.message()
    )
}

/// What the editor should check in a plan that was written.
pub fn unit_unknown(named: Option<&str>, declared: &[&str]) -> String {
    let list = declared.join("、");
    match named {
        Some(named) => format!(
            "单位“{named}”与 site.yaml 中的单位（{list}）都对不上，已写为草稿；请改正 unit:，或用 --unit 指定 (the unit `{named}` matches none declared in site.yaml; written as a draft: correct `unit:` or give --unit)"
        ),
        None => format!(
            "标题和落款中都没有认出单位，已写为草稿；请填写 unit:（site.yaml 中的单位：{list}），或用 --unit 指定 (no unit was found in the title or the sign-off; written as a draft: fill in `unit:` or give --unit)"
        ),
    }
}

pub fn unit_inferred(basis: &str) -> String {
    format!(
        "单位是推断的：{basis}，已写为草稿；请核对 unit:，或用 --unit 指定 (the unit was inferred from the body text, so the plan is a draft: check `unit:` or give --unit)"
    )
}

pub fn year_unknown(written: i32) -> String {
    format!(
        "文中没有年份，暂填 {written} 并写为草稿；请核对 year:，或用 --year 指定 (no year in the document: {written} is written for now, as a draft; check `year:` or give --year)"
    )
}

pub fn year_inferred(basis: &str) -> String {
    format!(
        "年份是推断的：{basis}；请核对 year: 和 year_basis: (the year was inferred from the text, see `year_basis:`; check it)"
    )
}

pub fn kind_default(kind: &str) -> String {
    format!(
        "标题结尾看不出文件类型，暂填“{kind}”；请核对 kind:，或用 --kind 指定 (the title's ending names no kind: `{kind}` is written; check `kind:` or give --kind)"
    )
}

pub fn kind_differs(kind: &str, named: &str, phrase: &str) -> String {
    format!(
        "标题说是“{kind}”，正文却说“{phrase}”，像是{named}；请核对 kind:，或用 --kind 指定 (the title says {kind}, but the text reads like a {named}: check `kind:` or give --kind)"
    )
}

pub fn page_images_left(n: usize) -> String {
    format!(
        "网页中有 {n} 张图片不在网页旁边的文件夹里（或不是图片），未导入；需要时请另存后放进计划的文件夹 ({n} images of the page are not in files beside it, or are not images, and were left out)"
    )
}

pub fn renamed(wanted: &Path) -> String {
    format!(
        "{} 已存在，未覆盖，改用新名称 (exists already and was not overwritten: a new name was used)",
        wanted.display()
    )
}

pub fn draft_note() -> &'static str {
    "草稿（draft: true）：核对后删去这一行即可发布 (a draft: remove the line `draft: true` when it has been checked)"
}

pub const YEAR_UNKNOWN_BASIS: &str = "文中没有年份，暂填导入时的年份，待核对";

pub fn totals(written: usize, skipped: usize, refused: usize, dry_run: bool) -> String {
    match dry_run {
        true => format!(
            "试运行，未写入任何文件：可写入 {written} 个，跳过 {skipped} 个，未导入 {refused} 个 (dry run, nothing written: {written} would be written, {skipped} skipped, {refused} not imported)"
        ),
        false => format!(
            "写入 {written} 个，跳过 {skipped} 个，未导入 {refused} 个 (wrote {written}, skipped {skipped}, {refused} not imported)"
        ),
    }
}

pub fn year_out_of_range(year: i32, years: std::ops::RangeInclusive<i32>) -> String {
    format!(
        "--year 应在 {} 到 {} 之间，不是 {year} (the year must be between {} and {}, not {year})",
        years.start(),
        years.end(),
        years.start(),
        years.end()
    )
}
