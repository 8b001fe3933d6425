//! Decode, repair and normalise Vietnamese text extracted from administrative documents.
//!
//! PLACEHOLDER SKELETON: the API below is the contract other crates build on; the
//! implementation is being filled in (issue 2). Keep the public names; add, don't rename.

mod numdate;

pub use numdate::{find_dates, parse_date_prefix, parse_number, DateError, PartialDate};

use serde::Serialize;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// The byte encoding a source file was detected to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little endian (with BOM).
    Utf16Le,
    /// UTF-16 big endian (with BOM).
    Utf16Be,
    /// Windows-1258 (Vietnamese code page, combining tones).
    Windows1258,
    /// TCVN3 / ABC (.VnTime fonts).
    Tcvn3,
    /// VNI (VNI-Times fonts).
    Vni,
    /// UTF-8 text that is really TCVN3 read as Windows-1252/Latin-1.
    Tcvn3Mojibake,
    /// UTF-8 text that is really VNI read as Windows-1252/Latin-1.
    VniMojibake,
}

/// Which of the two accepted tone-mark placements to canonicalise to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToneStyle {
    /// Leave tone placement as written.
    #[default]
    Keep,
    /// hoà, thuỷ (Quyết định 1989/QĐ-BGDĐT, 2018).
    Modern,
    /// hòa, thủy.
    Traditional,
}

/// Options for [`repair_bytes`] and [`repair_pages`].
#[derive(Clone, Debug)]
pub struct RepairOptions {
    /// Tone-mark placement to canonicalise to.
    pub tone: ToneStyle,
    /// Join hard-wrapped lines and drop PDF-extraction blank lines.
    pub layout: bool,
}

impl Default for RepairOptions {
    fn default() -> Self {
        Self {
            tone: ToneStyle::Keep,
            layout: true,
        }
    }
}

/// One change made to the text, in original coordinates.
#[derive(Clone, Debug, Serialize)]
pub struct Repair {
    /// What kind of repair (`nfc`, `combining-mark`, `eth`, `join-line`, `hyphen`, `tone`, ...).
    pub kind: &'static str,
    /// Start byte offset in the original.
    pub start: usize,
    /// End byte offset in the original.
    pub end: usize,
    /// The original text.
    pub before: String,
    /// The replacement text.
    pub after: String,
}

/// A span in the original source: byte offsets, 1-based line, and 1-based page for PDFs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SourceSpan {
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

/// Errors that stop a source from being decoded at all.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// Nothing to read.
    #[error("empty file")]
    Empty,
    /// Looks like binary data, not text in any supported encoding.
    #[error("binary data, not text: {0}")]
    Binary(String),
}

/// Repaired text plus everything needed to report spans in original coordinates.
#[derive(Clone, Debug)]
pub struct Repaired {
    /// The repaired, NFC text.
    pub text: String,
    /// Detected source encoding.
    pub encoding: Encoding,
    /// Every repair made, with original offsets.
    pub repairs: Vec<Repair>,
    /// Best-effort notes (e.g. invalid bytes replaced).
    pub warnings: Vec<String>,
    original_len: usize,
    original_line_starts: Vec<usize>,
    page_starts: Vec<usize>,
}

impl Repaired {
    /// Map a byte range of [`Repaired::text`] back to the original source.
    pub fn source_span(&self, range: Range<usize>) -> SourceSpan {
        // PLACEHOLDER: identity mapping.
        let start = range.start.min(self.original_len);
        let end = range.end.min(self.original_len).max(start);
        let (page, base) = match self.page_starts.partition_point(|&p| p <= start) {
            0 => (None, 0),
            i if !self.page_starts.is_empty() => (Some(i as u32), self.page_starts[i - 1]),
            _ => (None, 0),
        };
        let line_idx = self.original_line_starts.partition_point(|&l| l <= start);
        let base_line = self.original_line_starts.partition_point(|&l| l <= base);
        SourceSpan {
            start: start - base,
            end: end - base,
            line: (line_idx - base_line + 1) as u32,
            page,
        }
    }
}

/// Decode raw file bytes, repair and normalise them.
pub fn repair_bytes(bytes: &[u8], opts: &RepairOptions) -> Result<Repaired, TextError> {
    let _ = opts;
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let s = String::from_utf8_lossy(bytes).into_owned();
    Ok(build(s, Encoding::Utf8, Vec::new()))
}

/// Repair the per-page text of a PDF; spans then carry page numbers.
pub fn repair_pages(pages: &[String], opts: &RepairOptions) -> Repaired {
    let _ = opts;
    let mut s = String::new();
    let mut starts = Vec::new();
    for p in pages {
        starts.push(s.len());
        s.push_str(p);
        s.push('\u{c}');
    }
    build(s, Encoding::Utf8, starts)
}

fn build(s: String, encoding: Encoding, page_starts: Vec<usize>) -> Repaired {
    let mut line_starts = vec![0];
    line_starts.extend(s.match_indices('\n').map(|(i, _)| i + 1));
    let text: String = s.nfc().collect();
    Repaired {
        original_len: s.len(),
        text,
        encoding,
        repairs: Vec::new(),
        warnings: Vec::new(),
        original_line_starts: line_starts,
        page_starts,
    }
}

/// Search-key folding: lower case, no tones or diacritics, đ -> d.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}
