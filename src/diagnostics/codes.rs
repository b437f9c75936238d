//! Every kind of problem plansite reports, each with its stable, machine-readable code (dotted,
//! lower-case: what it is about, then what is wrong). Its words are in the catalogues
//! (`locales/*/`), under the code with `-` for `.`: the message, its `.help` line, and the
//! `.about` that names the kind when findings of it are counted rather than printed.
//!
//! A code names one kind of message: a new kind of message gets a new code, never one already
//! used for something else (the test below and `tests::codes_are_used_once` keep it so). Codes
//! are printed by `plansite check --format json`: once published, a code keeps its meaning.

use super::Code;

macro_rules! codes {
    ($($name:ident = $id:literal;)*) => {
        $(pub const $name: Code = Code($id);)*
        /// Every code, in the order written here.
        pub const ALL: &[Code] = &[$($name),*];
        /// The constants' names, for the test that finds where each is used.
        #[cfg(test)]
        pub(super) const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

codes! {
    // site.yaml
    CONFIG_MISSING = "config.missing";
    CONFIG_UNREADABLE = "config.unreadable";
    CONFIG_YAML = "config.yaml";
    CONFIG_UNIT_NO_NAME = "config.unit.no-name";
    CONFIG_UNIT_DUPLICATE = "config.unit.duplicate";
    CONFIG_UNIT_SLUG_INVALID = "config.unit.slug-invalid";
    CONFIG_UNIT_SLUG_DUPLICATE = "config.unit.slug-duplicate";
    CONFIG_UNIT_PARENT_MISSING = "config.unit.parent-missing";
    CONFIG_UNIT_PARENT_CYCLE = "config.unit.parent-cycle";
    CONFIG_THEME_MISSING = "config.theme.missing";
    CONFIG_FILING_UNIT_UNDECLARED = "config.filing-unit.undeclared";
    CONFIG_KIND_PLAN_AND_SUMMARY = "config.kind.plan-and-summary";
    CONFIG_BASE_URL_INVALID = "config.base-url.invalid";
    CONFIG_BASE_PATH_INVALID = "config.base-path.invalid";
    OPTION_BASE_PATH_INVALID = "option.base-path.invalid";
    CONFIG_BASE_URL_MISSING = "config.base-url.missing";
    YAML_TAB = "yaml.tab";
    SITE_NOT_FOUND = "site.not-found";
    SITE_NO_PLANS = "site.no-plans";

    // Chinese typing slips in front matter and site.yaml, mended as the editor meant them
    SLIP_FULL_WIDTH_COLON = "slip.full-width-colon";
    SLIP_INVISIBLE = "slip.invisible";
    SLIP_FULL_WIDTH_DIGITS = "slip.full-width-digits";
    SLIP_LIST_SEPARATOR = "slip.list-separator";
    SLIP_LIST_BRACKETS = "slip.list-brackets";
    SLIP_UNKNOWN_KEY_COLON = "slip.unknown-key-colon";

    // Reading the content
    CONTENT_MISSING = "content.missing";
    CONTENT_STRAY_FILE = "content.stray-file";
    CONTENT_TXT_SUFFIX = "content.txt-suffix";
    CONTENT_AUTOSAVE = "content.autosave";
    CONTENT_SYMLINK = "content.symlink";
    FILE_UNREADABLE = "file.unreadable";
    FILE_ENCODING_GBK = "file.encoding.gbk";
    FILE_ENCODING_UTF16 = "file.encoding.utf16";
    FILE_ENCODING_INVALID = "file.encoding.invalid";

    // Front matter
    FRONT_MATTER_EMPTY_FILE = "front-matter.empty-file";
    FRONT_MATTER_NOT_OPENED = "front-matter.not-opened";
    FRONT_MATTER_MISSING = "front-matter.missing";
    FRONT_MATTER_NOT_CLOSED = "front-matter.not-closed";
    FRONT_MATTER_NOT_A_MAPPING = "front-matter.not-a-mapping";
    FRONT_MATTER_YAML = "front-matter.yaml";
    FRONT_MATTER_SECOND_DOCUMENT = "front-matter.second-document";

    // A plan's fields
    PLAN_KEY_NOT_A_WORD = "plan.key.not-a-word";
    PLAN_KEY_UNKNOWN = "plan.key.unknown";
    PLAN_TITLE_MISSING = "plan.title.missing";
    PLAN_TITLE_EMPTY = "plan.title.empty";
    PLAN_TITLE_DUPLICATE = "plan.title.duplicate";
    PLAN_UNIT_MISSING = "plan.unit.missing";
    PLAN_UNIT_EMPTY = "plan.unit.empty";
    PLAN_UNIT_UNDECLARED = "plan.unit.undeclared";
    PLAN_FIELD_NOT_TEXT = "plan.field.not-text";
    PLAN_DATE_OUT_OF_RANGE = "plan.date.out-of-range";
    PLAN_DATE_NOT_A_DATE = "plan.date.not-a-date";
    PLAN_YEAR_MISSING = "plan.year.missing";
    PLAN_YEAR_NOT_A_NUMBER = "plan.year.not-a-number";
    PLAN_YEAR_OUT_OF_RANGE = "plan.year.out-of-range";
    PLAN_YEAR_NOT_THE_DATES = "plan.year.not-the-dates";
    PLAN_TAGS_NOT_A_WORD = "plan.tags.not-a-word";
    PLAN_TAGS_NOT_A_LIST = "plan.tags.not-a-list";
    PLAN_DRAFT_NOT_A_BOOL = "plan.draft.not-a-bool";
    PLAN_SLUG_INVALID = "plan.slug.invalid";
    PLAN_SLUG_DUPLICATE = "plan.slug.duplicate";
    PLAN_BODY_EMPTY = "plan.body.empty";

    // A plan's text
    LINK_DRAFT = "link.draft";
    LINK_MISSING_PLAN = "link.missing-plan";
    LINK_UNPUBLISHED_PLAN = "link.unpublished-plan";
    LINK_ROOT_ABSOLUTE = "link.root-absolute";
    LINK_MISSING_HEADING = "link.missing-heading";
    LINK_SPACES = "link.spaces";
    LINK_MISSING_IMAGE = "link.missing-image";
    LINK_MISSING_FILE = "link.missing-file";
    LINK_UNPUBLISHED_FILE = "link.unpublished-file";
    MARKDOWN_TOO_DEEP = "markdown.too-deep";
    HTML_TOO_DEEP = "html.too-deep";

    // Attachments
    ATTACHMENT_UNREADABLE = "attachment.unreadable";
    ATTACHMENT_REPLACES_PAGE = "attachment.replaces-page";
    ATTACHMENT_NAME_WINDOWS = "attachment.name.windows";
    ATTACHMENT_NAME_CASE = "attachment.name.case";

    // The site as a whole
    UNIT_SLUG_CLASH = "unit.slug-clash";
    TAG_SLUG_CLASH = "tag.slug-clash";
    STATIC_OVERWRITES_PAGE = "static.overwrites-page";
    PLAN_BODY_UNREADABLE = "plan.body-unreadable";

    // Templates
    TEMPLATE_ERROR = "template.error";
    TEMPLATE_UNREADABLE = "template.unreadable";
    TEMPLATE_NOT_UTF8 = "template.not-utf8";

    // Writing the site
    OUTPUT_REFUSED = "output.refused";
    OUTPUT_LOCKED = "output.locked";
    OUTPUT_LOCK_FAILED = "output.lock-failed";
    OUTPUT_WRITE_FAILED = "output.write-failed";
    OUTPUT_OLD_SITE_LEFT = "output.old-site-left";
    OUTPUT_KEPT_LEFT = "output.kept-left";
    PREVIEW_WRITE_FAILED = "preview.write-failed";
    PREVIEW_INTERNAL_ERROR = "preview.internal-error";

    // plansite new
    NEW_FOLDER_EXISTS = "new.folder-exists";
    NEW_FILE_EXISTS = "new.file-exists";
    NEW_WRITE_FAILED = "new.write-failed";
    NEW_FIELD_EMPTY = "new.field.empty";
    NEW_FIELD_NOT_ONE_LINE = "new.field.not-one-line";
    NEW_YEAR_OUT_OF_RANGE = "new.year.out-of-range";

    // plansite fix-encoding
    FIX_ENCODING_UNKNOWN = "fix-encoding.unknown";
    FIX_ENCODING_UNCLEAN = "fix-encoding.unclean";
    FIX_ENCODING_BACKUP_EXISTS = "fix-encoding.backup-exists";
    FIX_ENCODING_BACKUP_FAILED = "fix-encoding.backup-failed";
    FIX_ENCODING_WRITE_FAILED = "fix-encoding.write-failed";

    // plansite check --fix
    FIX_SLIPS_BACKUP_EXISTS = "fix-slips.backup-exists";
    FIX_SLIPS_BACKUP_FAILED = "fix-slips.backup-failed";
    FIX_SLIPS_WRITE_FAILED = "fix-slips.write-failed";

    // plansite init
    INIT_SITE_EXISTS = "init.site-exists";
    INIT_WRITE_FAILED = "init.write-failed";
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::i18n::{Catalogue, Lang};

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
        let mut messages = HashSet::new();
        for code in ALL {
            assert!(well_formed(code.id()), "{}", code.id());
            assert!(ids.insert(code.id()), "{} is used twice", code.id());
            assert!(
                messages.insert(code.message_id()),
                "two codes have the message {}",
                code.message_id()
            );
        }
        assert!(!well_formed("Plan.title"));
        assert!(!well_formed("plan"));
        assert!(!well_formed("plan..title"));
        assert!(!well_formed("plan.title_missing"));
    }

    /// Every code has its message and `.about` in every language, and the `.about`s of two
    /// codes never read alike.
    #[test]
    fn every_code_has_its_words_in_every_language() {
        let catalogue = Catalogue::load();
        for lang in Lang::ALL {
            let messages = catalogue.messages(lang);
            let mut abouts = HashSet::new();
            for code in ALL {
                let id = code.message_id();
                let about = messages.attribute(&id, "about", &[]);
                let about = about.unwrap_or_else(|| panic!("{lang:?}: {id} has no .about"));
                assert!(!about.ends_with('.') && !about.ends_with('。'), "{about}");
                assert!(
                    abouts.insert(about.clone()),
                    "{lang:?}: two codes are {about:?}"
                );
                assert!(messages.has(&id), "{lang:?}: {id} has no message");
            }
        }
    }
}
