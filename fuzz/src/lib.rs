//! What the fuzz targets share: the rules every slug must follow (the same file the property
//! tests use).

#[path = "../../tests/common/slug_rules.rs"]
mod slug_rules;

pub use slug_rules::slug_problem;
