//! Text per page and metadata from PDFs (issue 4).
//!
//! PLACEHOLDER SKELETON: being implemented.

use serde::{Deserialize, Serialize};

/// Document-level metadata read through lopdf.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
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
#[derive(Debug, thiserror::Error, Serialize, Deserialize)]
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

/// Extract in this process. May panic inside pdf-extract on hostile input: prefer the
/// isolated entry point for untrusted files.
pub fn extract_in_process(bytes: &[u8]) -> Result<PdfText, PdfError> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes)
        .map_err(|e| PdfError::Malformed(e.to_string()))?;
    Ok(PdfText {
        meta: PdfMeta {
            page_count: pages.len() as u32,
            ..PdfMeta::default()
        },
        pages,
        warnings: Vec::new(),
    })
}
