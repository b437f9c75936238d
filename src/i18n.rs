//! Every text plansite shows a person, in Simplified Chinese (the default) and in English.
//!
//! The texts live in Fluent catalogues, `locales/<lang>/<area>.ftl`, one folder per language,
//! built into the binary. Code names a text by its id and gives its values ([`Text`]); only
//! the end that shows it to someone (the terminal, the preview's overlay) looks it up, in the
//! language of the run ([`Messages`]). A diagnostic's text has its code's id, with `-` for
//! `.` (`plan.year.missing` is `plan-year-missing`), its help line is that message's `.help`
//! attribute, and its `.about` attribute names the kind when findings are counted.
//!
//! Fluent rather than a table of strings because English needs plurals ("1 error",
//! "2 errors") and Chinese does not, and each catalogue decides that for itself; the
//! low-level `fluent-bundle` rather than `fluent-templates` because a [`Catalogue`] is then a
//! value the binary makes and passes on, not a global loader.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use include_dir::{Dir, include_dir};

use crate::text::visible;

static LOCALES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales");

/// A language plansite speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The catalogue folder, and the value of `--lang` and `PLANSITE_LANG`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Reads a language as people and systems write it: `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`,
    /// `en-US`, in any case. None for a language plansite does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_', '.']).next()?;
        match primary.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A value put into a text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Str(String),
    /// A number: English chooses "1 plan" or "2 plans" by it.
    Num(i64),
    /// A text of the catalogues, put into words in the same language first: for a part
    /// that several messages share (why a name cannot be used).
    Text(Box<Text>),
}

impl From<Text> for Arg {
    fn from(value: Text) -> Arg {
        Arg::Text(Box::new(value))
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Arg {
        Arg::Str(value)
    }
}

impl From<&str> for Arg {
    fn from(value: &str) -> Arg {
        Arg::Str(value.to_string())
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Arg {
        Arg::Str(value.clone())
    }
}

impl From<char> for Arg {
    fn from(value: char) -> Arg {
        Arg::Str(value.to_string())
    }
}

impl From<&std::path::Path> for Arg {
    fn from(value: &std::path::Path) -> Arg {
        Arg::Str(value.display().to_string())
    }
}

impl From<&std::path::PathBuf> for Arg {
    fn from(value: &std::path::PathBuf) -> Arg {
        Arg::Str(value.display().to_string())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::Num(i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(i32, i64, u16, u32, u64, usize);

/// A text to show: its id in the catalogues and its values, looked up only when shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Text {
    pub fn new(id: &'static str) -> Text {
        Text {
            id,
            args: Vec::new(),
        }
    }

    /// The text with one more value, named as the catalogues name it (`{ $name }`).
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }
}

/// Every language's catalogue, read once per run.
pub struct Catalogue {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl Catalogue {
    /// Reads the catalogues built into the binary. A mistake in one of them is the program's
    /// own fault, and `tests::catalogues_parse` keeps them free of it; should one slip
    /// through, the messages that could be read still work and the others show their id.
    pub fn load() -> Catalogue {
        Catalogue::of(&Lang::ALL)
    }

    /// The catalogues of `langs` only: a run speaks one language, and reading the other
    /// would cost it a few milliseconds and megabytes for nothing.
    pub fn of(langs: &[Lang]) -> Catalogue {
        let bundles = (langs.iter().copied())
            .map(|lang| {
                let id: unic_langid::LanguageIdentifier =
                    lang.code().parse().expect("a valid language tag");
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Unicode isolation marks around each value help right-to-left scripts and
                // show as stray characters in terminals and in tests.
                bundle.set_use_isolating(false);
                for (_, source) in sources(lang) {
                    let resource = FluentResource::try_new(source.to_string())
                        .unwrap_or_else(|(partial, _)| partial);
                    bundle.add_resource_overriding(resource);
                }
                (lang, bundle)
            })
            .collect();
        Catalogue { bundles }
    }

    /// The texts of one language, which must be among those read.
    pub fn messages(&self, lang: Lang) -> Messages<'_> {
        let bundle = (self.bundles.iter())
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
            .expect("every language has a bundle");
        Messages { bundle, lang }
    }
}

/// Each catalogue file of `lang`, by name, in name order.
pub fn sources(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<_> = (LOCALES.get_dir(lang.code()).into_iter())
        .flat_map(|dir| dir.files())
        .filter_map(|file| {
            let name = file.path().file_name()?.to_str()?;
            Some((name, file.contents_utf8()?))
        })
        .filter(|(name, _)| name.ends_with(".ftl"))
        .collect();
    files.sort();
    files
}

/// The texts of one language, as the terminal or the preview shows them.
#[derive(Clone, Copy)]
pub struct Messages<'a> {
    bundle: &'a FluentBundle<FluentResource>,
    pub lang: Lang,
}

impl Messages<'_> {
    /// The text, with its values put in; its id when the catalogue lacks it.
    pub fn text(&self, text: &Text) -> String {
        self.format(text.id, None, &text.args)
            .unwrap_or_else(|| text.id.to_string())
    }

    /// The message `id`, with `args`; its id when the catalogue lacks it.
    pub fn get(&self, id: &str, args: &[(&'static str, Arg)]) -> String {
        self.format(id, None, args)
            .unwrap_or_else(|| id.to_string())
    }

    /// Whether the catalogue has the message `id`, with a value.
    pub fn has(&self, id: &str) -> bool {
        (self.bundle.get_message(id)).is_some_and(|message| message.value().is_some())
    }

    /// An attribute of the message `id` (`.help`), None when it is missing or empty.
    pub fn attribute(
        &self,
        id: &str,
        attribute: &str,
        args: &[(&'static str, Arg)],
    ) -> Option<String> {
        self.format(id, Some(attribute), args)
            .filter(|text| !text.trim().is_empty())
    }

    fn format(
        &self,
        id: &str,
        attribute: Option<&str>,
        args: &[(&'static str, Arg)],
    ) -> Option<String> {
        let message = self.bundle.get_message(id)?;
        let pattern = match attribute {
            Some(name) => message.get_attribute(name)?.value(),
            None => message.value()?,
        };
        let mut values = FluentArgs::new();
        for (name, value) in args {
            match value {
                // Two values that look alike must not read alike: a unit name pasted from Word
                // with a zero-width space in it shows it, by name, in every message.
                Arg::Str(s) => values.set(*name, FluentValue::from(visible(s).into_owned())),
                Arg::Num(n) => values.set(*name, FluentValue::from(*n)),
                Arg::Text(text) => values.set(*name, FluentValue::from(self.text(text))),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&values), &mut errors);
        // A value the text names but the code did not give (or gave under another name) shows
        // as `{$name}`: a mistake of the program, which every test run in debug catches here.
        debug_assert!(errors.is_empty(), "{id}: {errors:?}");
        Some(text.into_owned())
    }
}

/// Which language a run speaks: `--lang`, else `PLANSITE_LANG`, else the site's `language`,
/// else Chinese. A value plansite does not speak is passed over, as if it were not given.
pub fn choose(option: Option<&str>, env: Option<&str>, site: Option<&str>) -> Lang {
    [option, env, site]
        .into_iter()
        .flatten()
        .find_map(Lang::from_tag)
        .unwrap_or(Lang::Zh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    #[test]
    fn tags_are_read_as_people_write_them() {
        for (tag, lang) in [
            ("zh", Some(Lang::Zh)),
            ("zh-CN", Some(Lang::Zh)),
            ("zh_CN.UTF-8", Some(Lang::Zh)),
            ("ZH-Hans", Some(Lang::Zh)),
            ("en", Some(Lang::En)),
            ("en-US", Some(Lang::En)),
            (" EN ", Some(Lang::En)),
            ("fr", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag:?}");
        }
    }

    #[test]
    fn the_option_wins_then_the_environment_then_the_site() {
        assert_eq!(choose(None, None, None), Lang::Zh);
        assert_eq!(choose(None, None, Some("en")), Lang::En);
        assert_eq!(choose(None, Some("zh"), Some("en")), Lang::Zh);
        assert_eq!(choose(Some("en"), Some("zh"), Some("zh-CN")), Lang::En);
        assert_eq!(choose(Some("fr"), None, Some("en")), Lang::En);
    }

    /// Every message, attribute and the values each uses, per language.
    fn entries(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut entries = BTreeMap::new();
        for (name, source) in sources(lang) {
            let resource = match fluent_syntax::parser::parse(source) {
                Ok(resource) => resource,
                Err((_, errors)) => panic!("locales/{}/{name}: {errors:?}", lang.code()),
            };
            for entry in resource.body {
                let ast::Entry::Message(message) = entry else {
                    continue;
                };
                let id = message.id.name.to_string();
                if let Some(value) = &message.value {
                    let old = entries.insert(id.clone(), variables(value));
                    assert!(old.is_none(), "{id} is in locales/{} twice", lang.code());
                }
                for attribute in &message.attributes {
                    let key = format!("{id}.{}", attribute.id.name);
                    entries.insert(key, variables(&attribute.value));
                }
            }
        }
        entries
    }

    fn variables(pattern: &ast::Pattern<&str>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, &mut found);
            }
        }
        found
    }

    fn expression_variables(expression: &ast::Expression<&str>, found: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Inline(inline) => inline_variables(inline, found),
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, found);
                for variant in variants {
                    found.extend(variables(&variant.value));
                }
            }
        }
    }

    fn inline_variables(inline: &ast::InlineExpression<&str>, found: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                found.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, found)
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for argument in &arguments.positional {
                    inline_variables(argument, found);
                }
            }
            _ => {}
        }
    }

    /// The test the catalogues live by: every message and attribute is in every language,
    /// with the same values to fill in.
    #[test]
    fn every_language_has_every_message_with_the_same_values() {
        let zh = entries(Lang::Zh);
        let en = entries(Lang::En);
        assert!(!zh.is_empty());
        let only = |a: &BTreeMap<String, _>, b: &BTreeMap<String, _>| -> Vec<String> {
            a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
        };
        assert_eq!(only(&zh, &en), Vec::<String>::new(), "in Chinese only");
        assert_eq!(only(&en, &zh), Vec::<String>::new(), "in English only");
        for (key, values) in &zh {
            assert_eq!(values, &en[key], "{key}: the values differ (zh, then en)");
        }
    }

    #[test]
    fn catalogues_parse_and_both_languages_have_the_same_files() {
        let names = |lang| {
            sources(lang)
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Lang::Zh), names(Lang::En));
        for lang in Lang::ALL {
            for (name, source) in sources(lang) {
                assert!(
                    FluentResource::try_new(source.to_string()).is_ok(),
                    "locales/{}/{name} does not parse",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn values_are_put_in_and_english_counts() {
        let catalogue = Catalogue::load();
        let en = catalogue.messages(Lang::En);
        let zh = catalogue.messages(Lang::Zh);
        let count = |n: usize| vec![("errors", Arg::from(n)), ("warnings", Arg::from(0usize))];
        assert_eq!(en.get("summary-counts", &count(1)), "1 error, 0 warnings");
        assert_eq!(en.get("summary-counts", &count(2)), "2 errors, 0 warnings");
        assert_eq!(zh.get("summary-counts", &count(2)), "2 个错误，0 个警告");
        assert_eq!(en.get("no-such-message", &[]), "no-such-message");
        let unit = [("unit", Arg::from("街道总工会\u{200B}"))];
        assert_eq!(
            en.get("config-unit-duplicate", &unit),
            "unit `街道总工会<U+200B 零宽空格 zero-width space>` is declared twice"
        );
    }
}
