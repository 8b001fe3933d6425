//! Text per page and metadata from PDFs (issue 4).
//!
//! Two entry points:
//! - [`extract_in_process`] parses in this process. It catches panics from pdf-extract and lopdf
//!   page by page, but cannot survive an abort, a stack overflow, an endless loop or memory
//!   exhaustion.
//! - [`extract_isolated`] runs the same code in a worker process (`vanban __pdf-worker FILE`)
//!   with a time limit and an address-space limit, and turns every way the worker can die into a
//!   [`PdfError::Worker`]. Use it for untrusted files.
//!
//! Text comes from our own interpreter over lopdf ([`fast`]), which decodes fonts the way
//! pdf-extract does and lays text out through the same output device ([`layout`]); pages it
//! cannot follow go to pdf-extract itself, and when pdf-extract fails on a page we fall back to
//! lopdf's text extraction for that page and say so in a warning. The page text is returned as
//! extracted: PDF-specific damage (ligatures, control codes, symbols wrapped at a hyphen,
//! running page numbers) is repaired by the first stages of `vanban-text`'s repair chain, which
//! map every edit back to this text.

mod content;
pub mod fast;
mod fonts;
mod glyphs;
pub mod isolate;
pub mod layout;
pub mod testgen;

pub use isolate::{extract_isolated, worker_main, IsolateOptions};

use pdf_extract::{Document, Object};
use serde::{Deserialize, Serialize};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Re-export of the lopdf that pdf-extract is built on, so callers build one copy.
pub use pdf_extract as lopdf;

/// Warning text for a PDF whose pages carry no text at all.
pub const NO_TEXT_LAYER: &str = "no text layer (scanned image?)";

/// Fewest letters and digits a page's text layer needs to count as usable: a scanned page
/// often carries a stray page number or a scanner's stamp as text, and nothing else.
pub const USABLE_TEXT_CHARS: usize = 16;

/// Does this page's text layer fall short of a usable one (blank, invisible or control
/// characters only, or a handful of characters), so that the page should be read by OCR?
pub fn needs_ocr(page: &str) -> bool {
    page.chars()
        .filter(|c| c.is_alphanumeric())
        .take(USABLE_TEXT_CHARS)
        .count()
        < USABLE_TEXT_CHARS
}

/// Document-level metadata read through lopdf.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct PdfMeta {
    /// Info dictionary Title.
    pub title: Option<String>,
    /// Info dictionary Author.
    pub author: Option<String>,
    /// Info dictionary Producer.
    pub producer: Option<String>,
    /// Creation date as written.
    pub created: Option<String>,
    /// Modification date as written.
    pub modified: Option<String>,
    /// Number of pages.
    pub page_count: u32,
    /// Was the file encrypted (owner password only, since we could read it)?
    pub encrypted: bool,
}

/// Extracted text of a PDF, one string per page.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PdfText {
    /// Text of each page, in order.
    pub pages: Vec<String>,
    /// Metadata.
    pub meta: PdfMeta,
    /// Fallbacks taken, pages that failed, "no text layer (scanned image?)".
    pub warnings: Vec<String>,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error, Serialize, Deserialize, PartialEq, Eq)]
pub enum PdfError {
    /// Needs a user password.
    #[error("encrypted: a user password is required")]
    Encrypted,
    /// Not a PDF or damaged beyond repair.
    #[error("malformed PDF: {0}")]
    Malformed(String),
    /// The worker crashed, hung or ran out of memory.
    #[error("PDF worker failed: {0}")]
    Worker(String),
    /// Reading the file failed.
    #[error("io: {0}")]
    Io(String),
}

/// Machine-readable kind of one of our warnings (`no_text_layer`, `pdf_fallback`, `pdf`).
pub fn warning_kind(warning: &str) -> &'static str {
    if warning.contains(NO_TEXT_LAYER) {
        "no_text_layer"
    } else if warning.contains("fallback") {
        "pdf_fallback"
    } else {
        "pdf"
    }
}

/// Options for [`extract_in_process_with`].
#[derive(Clone, Copy, Debug)]
pub struct ExtractOptions {
    /// Try our own text path over lopdf first (see [`fast`]); pdf-extract remains the fallback.
    pub fast: bool,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        Self { fast: true }
    }
}

/// Read a file and extract it in this process (see [`extract_in_process`]).
pub fn extract_file_in_process(path: &std::path::Path) -> Result<PdfText, PdfError> {
    let bytes = std::fs::read(path).map_err(|e| PdfError::Io(e.to_string()))?;
    extract_in_process(&bytes)
}

/// Extract in this process. Panics inside pdf-extract or lopdf are caught and become page
/// warnings or errors, but aborts, hangs and memory exhaustion are not survivable here: prefer
/// [`extract_isolated`] for untrusted files.
pub fn extract_in_process(bytes: &[u8]) -> Result<PdfText, PdfError> {
    extract_in_process_with(bytes, &ExtractOptions::default())
}

/// [`extract_in_process`] with options.
pub fn extract_in_process_with(bytes: &[u8], opts: &ExtractOptions) -> Result<PdfText, PdfError> {
    match catch_unwind(AssertUnwindSafe(|| extract_unguarded(bytes, opts))) {
        Ok(r) => r,
        Err(p) => Err(PdfError::Malformed(format!(
            "parser panicked: {}",
            panic_message(p.as_ref())
        ))),
    }
}

fn extract_unguarded(bytes: &[u8], opts: &ExtractOptions) -> Result<PdfText, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Malformed("empty file".into()));
    }
    // Readers accept junk before the header, but only within the first kilobyte.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::Malformed("not a PDF (no %PDF- header)".into()));
    }
    let mut doc = Document::load_mem(bytes).map_err(|e| PdfError::Malformed(e.to_string()))?;
    let mut encrypted = doc.was_encrypted();
    if doc.is_encrypted() {
        encrypted = true;
        // Owner-password-only files open with the empty user password.
        if doc.decrypt("").is_err() {
            return Err(PdfError::Encrypted);
        }
    }
    let page_ids = doc.get_pages();
    let mut meta = read_meta(&doc);
    meta.encrypted = encrypted;
    meta.page_count = u32::try_from(page_ids.len()).unwrap_or(u32::MAX);

    let mut warnings = Vec::new();
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut fonts = fast::FontCache::new();
    for (&num, &id) in &page_ids {
        let quick = if opts.fast {
            catch_unwind(AssertUnwindSafe(|| {
                fast::page_text(&doc, num, id, &mut fonts)
            }))
            .ok()
            .flatten()
        } else {
            None
        };
        let text = match quick
            .map(Ok)
            .unwrap_or_else(|| page_text_pdf_extract(&doc, num, id))
        {
            Ok(t) => t,
            Err(why) => match page_text_lopdf(&doc, num) {
                Ok(t) => {
                    warnings.push(format!(
                        "page {num}: pdf-extract failed ({why}); used lopdf fallback"
                    ));
                    t
                }
                Err(why2) => {
                    warnings.push(format!(
                        "page {num}: no text extracted (pdf-extract: {why}; lopdf fallback: {why2})"
                    ));
                    String::new()
                }
            },
        };
        pages.push(text);
    }
    // Invisible and control characters are what fonts without a usable encoding give.
    let blank = |p: &String| {
        p.chars().all(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
        })
    };
    if pages.iter().all(blank) {
        warnings.push(NO_TEXT_LAYER.to_string());
    }
    Ok(PdfText {
        pages,
        meta,
        warnings,
    })
}

fn page_text_pdf_extract(
    doc: &Document,
    num: u32,
    id: pdf_extract::ObjectId,
) -> Result<String, String> {
    // pdf-extract unwraps a missing page dictionary and content; check first so that the
    // common damage gives a plain error rather than a panic message.
    if doc.get_dictionary(id).is_err() {
        return Err("page object is not a dictionary".into());
    }
    let mut out = layout::PageText::new();
    match catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut out, num)
    })) {
        Ok(Ok(())) => Ok(out.into_text()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(p) => Err(format!("panicked: {}", panic_message(p.as_ref()))),
    }
}

fn page_text_lopdf(doc: &Document, num: u32) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[num]))) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(e.to_string()),
        Err(p) => Err(format!("panicked: {}", panic_message(p.as_ref()))),
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

fn read_meta(doc: &Document) -> PdfMeta {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let Some(info) = info else {
        return PdfMeta::default();
    };
    let field = |k: &[u8]| -> Option<String> {
        let o = info.get(k).ok()?;
        let o = match o {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            o => o,
        };
        match o {
            Object::String(b, _) => {
                let s = decode_pdf_string(b);
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_string())
            }
            _ => None,
        }
    };
    PdfMeta {
        title: field(b"Title"),
        author: field(b"Author"),
        producer: field(b"Producer"),
        created: field(b"CreationDate"),
        modified: field(b"ModDate"),
        ..PdfMeta::default()
    }
}

/// Decode a PDF text string: UTF-16BE with BOM, UTF-8 with BOM (PDF 2.0), else PDFDocEncoding
/// (approximated by Latin-1, which agrees on every printable byte that matters for metadata).
pub fn decode_pdf_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_pdf_inputs_without_panicking() {
        assert!(matches!(
            extract_in_process(b""),
            Err(PdfError::Malformed(_))
        ));
        assert!(matches!(
            extract_in_process(b"hello world"),
            Err(PdfError::Malformed(_))
        ));
        assert!(matches!(
            extract_in_process(b"%PDF-1.7\n"),
            Err(PdfError::Malformed(_))
        ));
    }

    #[test]
    fn reads_text_and_metadata_of_a_generated_pdf() {
        let bytes = testgen::text_pdf(&["Quyet dinh so 12/QD-UBND", "Trang hai"]);
        let t = extract_in_process(&bytes).expect("readable");
        assert_eq!(t.meta.page_count, 2);
        assert_eq!(t.pages.len(), 2);
        assert!(t.pages[0].contains("12/QD-UBND"), "{:?}", t.pages[0]);
        assert!(t.pages[1].contains("Trang hai"), "{:?}", t.pages[1]);
        assert_eq!(t.meta.title.as_deref(), Some("Generated test"));
        assert!(!t.meta.encrypted);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    #[test]
    fn user_password_gives_encrypted_error() {
        let bytes = testgen::encrypted_pdf("secret", "owner");
        assert_eq!(extract_in_process(&bytes).unwrap_err(), PdfError::Encrypted);
    }

    #[test]
    fn owner_password_only_is_read() {
        let bytes = testgen::encrypted_pdf("", "owner");
        let t = extract_in_process(&bytes).expect("readable with empty user password");
        assert!(t.meta.encrypted);
        assert!(t.pages.concat().contains("Bao cao"), "{:?}", t.pages);
    }

    #[test]
    fn image_only_pdf_warns_no_text_layer() {
        let t = extract_in_process(&testgen::image_only_pdf()).expect("not an error");
        assert_eq!(t.meta.page_count, 1);
        assert!(
            t.warnings.iter().any(|w| w == NO_TEXT_LAYER),
            "{:?}",
            t.warnings
        );
    }

    #[test]
    fn decodes_utf16_metadata() {
        let mut b = vec![0xFE, 0xFF];
        for u in "Báo cáo".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_pdf_string(&b), "Báo cáo");
        assert_eq!(decode_pdf_string(b"Plain"), "Plain");
    }

    #[test]
    fn panic_messages_are_kept() {
        let p = catch_unwind(|| panic!("bad {}", 42)).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "bad 42");
        let p = catch_unwind(|| panic!("plain")).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "plain");
    }

    #[test]
    fn pages_without_usable_text_need_ocr() {
        assert!(needs_ocr(""));
        assert!(needs_ocr(" \u{200B}\u{1}\n"));
        assert!(needs_ocr("- 3 -"));
        assert!(!needs_ocr("Quyết định số 12/QĐ-UBND ngày 5/3/2024"));
    }

    #[test]
    fn warning_kinds() {
        assert_eq!(warning_kind(NO_TEXT_LAYER), "no_text_layer");
        assert_eq!(
            warning_kind("page 2: pdf-extract failed (x); used lopdf fallback"),
            "pdf_fallback"
        );
    }
}
