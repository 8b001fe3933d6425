//! Positions in the original source.

use serde::{Deserialize, Serialize};

/// A span in the original source: byte offsets, 1-based line, and 1-based page for PDFs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Start byte offset (into the file, or into the page's extracted text for PDFs).
    pub start: usize,
    /// End byte offset, exclusive.
    pub end: usize,
    /// 1-based line of `start` (in the file, or in the page for PDFs).
    pub line: u32,
    /// 1-based page number for PDFs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
}
