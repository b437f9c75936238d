//! plansite: publishes trade-union work plans, written as Markdown with YAML front matter, as
//! a static website browsable by unit and by year.
//!
//! Data flows one way: [`content`] loads and parses the plan files, [`site`] groups them
//! into a [`site::Site`], [`render`] turns the site into pages through the theme, and
//! [`output`] writes them. [`pipeline`] runs the stages in order, through one body for a build
//! and for the preview's rebuilds, and collects every problem: each stage adds what it finds to
//! a [`diagnostics::Problems`] and returns its value.
//!
//! Beneath the stages, for any of them to use: [`config`] (`site.yaml`), [`layout`] (the names
//! of the site's folders), [`yaml`] (YAML errors in editors' words), [`text`] (facts about
//! Chinese characters), and [`tokens`] and [`terms`] (search tokens, and a body's terms, made
//! as [`markdown`] renders it and read by [`search`]).
//!
//! [`check`], [`new_plan`], [`fix_encoding`], [`fix_slips`], [`init`], [`import`] and [`report`] serve
//! the `check`, `new`, `fix-encoding`, `check --fix`, `init`, `import` and `report` commands.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fix_encoding;
pub mod fix_slips;
pub mod i18n;
pub mod import;
pub mod init;
pub mod inputs;
pub mod layout;
pub mod markdown;
pub mod new_plan;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod rewrite;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod site;
pub mod slips;
pub mod slug;
pub mod terms;
#[cfg(test)]
mod test_site;
pub mod text;
pub mod tokens;
pub mod urls;
pub mod watch;
pub mod yaml;
