//! Terraform's value model (cty) and its wire codecs.
//!
//! Terraform sends every configuration, plan and state object as a `DynamicValue` holding
//! msgpack (or, for stored state, JSON). The encoding is *type directed*: the same bytes mean
//! different things under different types (an object is a map whose keys must all be present;
//! a set is an array), so decoding and encoding always take the schema's [`Type`].
//!
//! - [`Type`]: a cty type, with its JSON form used in schemas ([`Type::to_json`]).
//! - [`Value`]: an untyped value tree; null and unknown can stand anywhere.
//! - [`msgpack`]: the binary codec Terraform uses on the wire.
//! - [`json`]: the JSON decoder for stored state (`raw_state.json`) and `DynamicValue.json`.
//! - [`Path`]: attribute paths, carried by decode errors and diagnostics.

mod path;
mod types;
mod value;

pub mod json;
pub mod msgpack;

pub use path::{Path, PathStep};
pub use types::Type;
pub use value::{Number, Value};

/// A value that could not be decoded, with the place in the value where decoding failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where in the value the problem is (empty for the root).
    pub path: Path,
    /// What was wrong, in words a user can act on.
    pub message: String,
}

impl DecodeError {
    /// A decode error at `path`.
    pub fn new(path: Path, message: impl Into<String>) -> Self {
        Self {
            path,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}
