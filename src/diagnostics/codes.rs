//! Every kind of problem plansite reports, each with its stable, machine-readable code (dotted,
//! lower-case: what it is about, then what is wrong) and a description that names the kind
//! when findings of it are counted rather than printed.
//!
//! A code names one kind of message: a new kind of message gets a new code, never one already
//! used for something else (the test below and `tests::codes_are_used_once` keep it so). Codes
//! are printed by `plansite check --format json`: once published, a code keeps its meaning.

use super::{Code, Kind};

macro_rules! codes {
    ($($name:ident = $id:literal, $about:literal;)*) => {
        $(pub const $name: Code = Code(&Kind { id: $id, about: $about });)*
        /// Every code, in the order written here.
        pub const ALL: &[Code] = &[$($name),*];
        /// The constants' names, for the test that finds where each is used.
        #[cfg(test)]
        pub(super) const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

codes! {
    // site.yaml
    CONFIG_MISSING = "config.missing", "no site.yaml in the site folder";
    CONFIG_UNREADABLE = "config.unreadable", "a site.yaml that cannot be read as UTF-8 text";
    CONFIG_YAML = "config.yaml", "a site.yaml that is not valid YAML or has a wrong field";
    CONFIG_UNIT_NO_NAME = "config.unit.no-name", "a declared unit with an empty name";
    CONFIG_UNIT_DUPLICATE = "config.unit.duplicate", "a unit declared twice";
    CONFIG_UNIT_SLUG_INVALID = "config.unit.slug-invalid", "a unit's `slug:` that cannot be used";
    CONFIG_UNIT_SLUG_DUPLICATE = "config.unit.slug-duplicate", "two declared units with the same slug";
    CONFIG_UNIT_PARENT_MISSING = "config.unit.parent-missing", "a unit's parent that is not declared";
    CONFIG_UNIT_PARENT_CYCLE = "config.unit.parent-cycle", "a unit that is, through its parents, its own parent";
    CONFIG_THEME_MISSING = "config.theme.missing", "a theme whose folder is not there";
    CONFIG_FILING_UNIT_UNDECLARED = "config.filing-unit.undeclared", "a unit expected to file that is not declared";
    CONFIG_KIND_PLAN_AND_SUMMARY = "config.kind.plan-and-summary", "a kind listed as both a plan and a summary";
    CONFIG_BASE_URL_INVALID = "config.base-url.invalid", "a `base_url` that is not a full http or https address";
    CONFIG_BASE_PATH_INVALID = "config.base-path.invalid", "a `base_path` that is an address, not a path";
    OPTION_BASE_PATH_INVALID = "option.base-path.invalid", "a `--base-path` that is an address, not a path";
    CONFIG_BASE_URL_MISSING = "config.base-url.missing", "no `base_url`, which the feed and sitemap need";
    YAML_TAB = "yaml.tab", "a tab where YAML wants spaces";
    SITE_NOT_FOUND = "site.not-found", "no site.yaml in the folder or any folder above it";
    SITE_NO_PLANS = "site.no-plans", "a site with no plan to publish";

    // Chinese typing slips in front matter and site.yaml, mended as the editor meant them
    SLIP_FULL_WIDTH_COLON = "slip.full-width-colon", "a full-width colon after a key, read as `:`";
    SLIP_INVISIBLE = "slip.invisible", "an invisible character around a key or value, removed";
    SLIP_FULL_WIDTH_DIGITS = "slip.full-width-digits", "full-width digits in a number or date, read as digits";
    SLIP_LIST_SEPARATOR = "slip.list-separator", "`，` or `、` between list items, read as `, `";
    SLIP_LIST_BRACKETS = "slip.list-brackets", "full-width brackets around a list, read as `[ ]`";
    SLIP_UNKNOWN_KEY_COLON = "slip.unknown-key-colon", "a full-width colon after a word that is no known key";

    // Reading the content
    CONTENT_MISSING = "content.missing", "no content folder";
    CONTENT_STRAY_FILE = "content.stray-file", "a file that belongs to no plan";
    CONTENT_TXT_SUFFIX = "content.txt-suffix", "a plan saved as `.md.txt`";
    CONTENT_AUTOSAVE = "content.autosave", "an editor's autosave or backup of a plan";
    CONTENT_SYMLINK = "content.symlink", "a symbolic link in the content folder";
    FILE_UNREADABLE = "file.unreadable", "a file that cannot be read";
    FILE_ENCODING_GBK = "file.encoding.gbk", "a file saved as GBK/GB18030";
    FILE_ENCODING_UTF16 = "file.encoding.utf16", "a file saved as UTF-16";
    FILE_ENCODING_INVALID = "file.encoding.invalid", "a file that is not valid UTF-8 text";

    // Front matter
    FRONT_MATTER_EMPTY_FILE = "front-matter.empty-file", "an empty plan file";
    FRONT_MATTER_NOT_OPENED = "front-matter.not-opened", "front matter without its opening `---` line";
    FRONT_MATTER_MISSING = "front-matter.missing", "a plan file without front matter";
    FRONT_MATTER_NOT_CLOSED = "front-matter.not-closed", "front matter without its closing `---` line";
    FRONT_MATTER_NOT_A_MAPPING = "front-matter.not-a-mapping", "front matter that is not `key: value` lines";
    FRONT_MATTER_YAML = "front-matter.yaml", "front matter that is not valid YAML";
    FRONT_MATTER_SECOND_DOCUMENT = "front-matter.second-document", "a `---` or `...` line inside the front matter";

    // A plan's fields
    PLAN_KEY_NOT_A_WORD = "plan.key.not-a-word", "a front-matter key that is not a word";
    PLAN_KEY_UNKNOWN = "plan.key.unknown", "an unknown front-matter key that looks like a known one";
    PLAN_TITLE_MISSING = "plan.title.missing", "a plan without `title`";
    PLAN_TITLE_EMPTY = "plan.title.empty", "an empty `title`";
    PLAN_TITLE_DUPLICATE = "plan.title.duplicate", "a title another plan already has";
    PLAN_UNIT_MISSING = "plan.unit.missing", "a plan without `unit`";
    PLAN_UNIT_EMPTY = "plan.unit.empty", "an empty `unit`";
    PLAN_UNIT_UNDECLARED = "plan.unit.undeclared", "a unit not declared in site.yaml";
    PLAN_FIELD_NOT_TEXT = "plan.field.not-text", "a field that must be text but is not";
    PLAN_DATE_OUT_OF_RANGE = "plan.date.out-of-range", "a `date` outside the years plansite accepts";
    PLAN_DATE_NOT_A_DATE = "plan.date.not-a-date", "a `date` not written YYYY-MM-DD";
    PLAN_YEAR_MISSING = "plan.year.missing", "a plan without `year` or `date`";
    PLAN_YEAR_NOT_A_NUMBER = "plan.year.not-a-number", "a `year` that is not a whole number";
    PLAN_YEAR_OUT_OF_RANGE = "plan.year.out-of-range", "a `year` outside the years plansite accepts";
    PLAN_YEAR_NOT_THE_DATES = "plan.year.not-the-dates", "a `year` that is not the year of `date`";
    PLAN_TAGS_NOT_A_WORD = "plan.tags.not-a-word", "a tag that is not a word";
    PLAN_TAGS_NOT_A_LIST = "plan.tags.not-a-list", "`tags` that are not a list";
    PLAN_DRAFT_NOT_A_BOOL = "plan.draft.not-a-bool", "a `draft` that is not true or false";
    PLAN_SLUG_INVALID = "plan.slug.invalid", "a `slug:` that cannot be used";
    PLAN_SLUG_DUPLICATE = "plan.slug.duplicate", "a slug another plan already has";
    PLAN_BODY_EMPTY = "plan.body.empty", "a plan with no text after its front matter";

    // A plan's text
    LINK_DRAFT = "link.draft", "a link to a draft";
    LINK_MISSING_PLAN = "link.missing-plan", "a link to a plan that does not exist";
    LINK_UNPUBLISHED_PLAN = "link.unpublished-plan", "a link to a plan that is not published";
    LINK_ROOT_ABSOLUTE = "link.root-absolute", "a link from the site's root to its own pages";
    LINK_MISSING_HEADING = "link.missing-heading", "a link to a heading the plan does not have";
    LINK_SPACES = "link.spaces", "a link target with spaces, shown as text";
    LINK_MISSING_IMAGE = "link.missing-image", "an image whose file does not exist";
    LINK_MISSING_FILE = "link.missing-file", "a link to a file that does not exist";
    LINK_UNPUBLISHED_FILE = "link.unpublished-file", "a link to a file that is not published";
    MARKDOWN_TOO_DEEP = "markdown.too-deep", "lists or quotes nested too deep";
    HTML_TOO_DEEP = "html.too-deep", "HTML nested too deep";

    // Attachments
    ATTACHMENT_UNREADABLE = "attachment.unreadable", "an attachment that cannot be read";
    ATTACHMENT_REPLACES_PAGE = "attachment.replaces-page", "an attachment named like the plan's page";
    ATTACHMENT_NAME_WINDOWS = "attachment.name.windows", "an attachment name Windows cannot keep";
    ATTACHMENT_NAME_CASE = "attachment.name.case", "attachments whose names differ only in letter case";

    // The site as a whole
    UNIT_SLUG_CLASH = "unit.slug-clash", "units that would share an address";
    TAG_SLUG_CLASH = "tag.slug-clash", "tags that would share an address";
    STATIC_OVERWRITES_PAGE = "static.overwrites-page", "a static file in the place of a generated page";

    // Templates
    TEMPLATE_ERROR = "template.error", "a template error";
    TEMPLATE_UNREADABLE = "template.unreadable", "a template file that cannot be read";
    TEMPLATE_NOT_UTF8 = "template.not-utf8", "a template that is not UTF-8 text";

    // Writing the site
    OUTPUT_REFUSED = "output.refused", "an output folder that may not be replaced";
    OUTPUT_LOCKED = "output.locked", "an output folder another build is writing";
    OUTPUT_LOCK_FAILED = "output.lock-failed", "an output folder that cannot be locked";
    OUTPUT_WRITE_FAILED = "output.write-failed", "a site that could not be written";
    OUTPUT_OLD_SITE_LEFT = "output.old-site-left", "a previous site that could not be deleted";
    OUTPUT_KEPT_LEFT = "output.kept-left", "a kept previous site that cannot be used nor deleted";
    PREVIEW_WRITE_FAILED = "preview.write-failed", "a preview that could not be written";
    PREVIEW_INTERNAL_ERROR = "preview.internal-error", "an internal error while rebuilding the preview";

    // plansite new
    NEW_FOLDER_EXISTS = "new.folder-exists", "a plan folder that already exists";
    NEW_FILE_EXISTS = "new.file-exists", "a plan file that already exists";
    NEW_WRITE_FAILED = "new.write-failed", "a new plan that could not be written";
    NEW_FIELD_EMPTY = "new.field.empty", "an empty unit or title";
    NEW_FIELD_NOT_ONE_LINE = "new.field.not-one-line", "a unit or title of more than one line";
    NEW_YEAR_OUT_OF_RANGE = "new.year.out-of-range", "a year outside the years plansite accepts";

    // plansite fix-encoding
    FIX_ENCODING_UNKNOWN = "fix-encoding.unknown", "a file in no encoding plansite can convert";
    FIX_ENCODING_UNCLEAN = "fix-encoding.unclean", "a file whose bytes do not decode cleanly";
    FIX_ENCODING_BACKUP_EXISTS = "fix-encoding.backup-exists", "a backup that already exists";
    FIX_ENCODING_BACKUP_FAILED = "fix-encoding.backup-failed", "a backup that could not be written";
    FIX_ENCODING_WRITE_FAILED = "fix-encoding.write-failed", "a converted file that could not be written";

    // plansite check --fix
    FIX_SLIPS_BACKUP_EXISTS = "fix-slips.backup-exists", "a `.fix.bak` backup that already exists";
    FIX_SLIPS_BACKUP_FAILED = "fix-slips.backup-failed", "a `.fix.bak` backup that could not be written";
    FIX_SLIPS_WRITE_FAILED = "fix-slips.write-failed", "a mended file that could not be written";

    // plansite init
    INIT_SITE_EXISTS = "init.site-exists", "a folder that already holds a site";
    INIT_WRITE_FAILED = "init.write-failed", "a new site that could not be written";
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Dotted, lower-case words of letters, digits and dashes: `plan.title.missing`.
    fn well_formed(id: &str) -> bool {
        let words: Vec<&str> = id.split('.').collect();
        words.len() >= 2
            && words.iter().all(|word| {
                !word.is_empty()
                    && !word.starts_with('-')
                    && !word.ends_with('-')
                    && !word.contains("--")
                    && (word.bytes())
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
    }

    #[test]
    fn codes_are_well_formed_and_each_names_one_kind() {
        let mut ids = HashSet::new();
        let mut abouts = HashSet::new();
        for code in ALL {
            assert!(well_formed(code.id()), "{}", code.id());
            assert!(ids.insert(code.id()), "{} is used twice", code.id());
            assert!(
                abouts.insert(code.about()),
                "two codes are {:?}",
                code.about()
            );
            assert!(!code.about().is_empty() && !code.about().ends_with('.'));
        }
        assert!(!well_formed("Plan.title"));
        assert!(!well_formed("plan"));
        assert!(!well_formed("plan..title"));
        assert!(!well_formed("plan.title_missing"));
    }
}
