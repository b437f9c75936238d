pub mod args;
pub mod localize;
pub mod terminal;
