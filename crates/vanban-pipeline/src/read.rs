//! Reading one file of any supported format into repaired text: the "clean" step.

use crate::Config;
use std::path::Path;
use vanban_model::{OcrPage, Warning, WarningKind};
use vanban_text::Repaired;

/// A file read and repaired.
pub struct Loaded {
    /// The repaired text with its offset maps.
    pub repaired: Repaired,
    /// Page count (PDFs, page images).
    pub pages: Option<u32>,
    /// Pages read by OCR, with the engine's confidence.
    pub ocr: Vec<OcrPage>,
    /// Warnings from reading (PDF fallbacks, scans, OCR).
    pub warnings: Vec<Warning>,
}

impl Loaded {
    fn text(repaired: Repaired) -> Loaded {
        Loaded {
            repaired,
            pages: None,
            ocr: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// The formats vanban reads, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any supported encoding (also Markdown copies of web pages, whose markup
    /// the markup stage reads past).
    Text,
    /// A web page saved as HTML.
    Html,
    /// PDF: the text layer, in the isolated worker; pages without one by OCR.
    Pdf,
    /// Word 97-2003 (`.doc`), through Debian's `antiword` (`catdoc` as fallback), with a
    /// time limit.
    Doc,
    /// Word 2007 and later (`.docx`).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// A page image (`.png`, `.jpg`, `.tif`, `.pnm`), read by OCR.
    Image,
    /// A format vanban does not read: the message says what it is and what to do.
    Unsupported(&'static str),
}

impl Format {
    /// The format of a path, by extension; anything else is read as text (and refused with
    /// a clear error if its bytes are not text).
    pub fn of(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pdf") => Format::Pdf,
            Some("doc") => Format::Doc,
            Some("docx" | "docm" | "dotx") => Format::Docx,
            Some("odt") => Format::Odt,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("png" | "jpg" | "jpeg" | "tif" | "tiff" | "pnm" | "pgm" | "ppm" | "pbm") => {
                Format::Image
            }
            Some("xls" | "xlsx" | "ods") => Format::Unsupported(
                "a spreadsheet: vanban reads documents, not sheets; save it as PDF or text",
            ),
            Some("ppt" | "pptx" | "odp") => {
                Format::Unsupported("a presentation: save it as PDF to read it")
            }
            Some("rtf") => Format::Unsupported(
                "Rich Text Format (.rtf): save it as .docx, .odt or PDF to read it",
            ),
            Some("zip" | "rar" | "7z" | "gz" | "tar") => {
                Format::Unsupported("an archive: unpack it and read the files inside")
            }
            Some("mht" | "mhtml") => Format::Unsupported(
                "a web archive (.mht): save the page as HTML (\"Web page, HTML only\") to read it",
            ),
            _ => Format::Text,
        }
    }
}

/// Extensions a directory walk picks up.
pub const WALKED_EXTENSIONS: &[&str] = &[
    "txt", "md", "pdf", "doc", "docx", "odt", "html", "htm", "png", "jpg", "jpeg", "tif", "tiff",
];

/// Read `path` (or the bytes already read from it) and repair its text.
pub fn load(path: &Path, bytes: Option<Vec<u8>>, config: &Config) -> Result<Loaded, String> {
    let bytes_or_read = |bytes: Option<Vec<u8>>| -> Result<Vec<u8>, String> {
        let b = match bytes {
            Some(b) => b,
            None => read_limited(path, config.max_file_bytes)?,
        };
        if b.len() as u64 > config.max_file_bytes {
            return Err(too_large(b.len() as u64, config.max_file_bytes));
        }
        Ok(b)
    };
    let repair = |text: String| {
        vanban_text::repair_vec(text.into_bytes(), &config.repair).map_err(|e| e.to_string())
    };
    match Format::of(path) {
        Format::Pdf => load_pdf(path, config),
        Format::Doc => {
            let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
            if meta.len() > config.max_file_bytes {
                return Err(too_large(meta.len(), config.max_file_bytes));
            }
            let text = convert_doc(path, config)?;
            let repaired =
                vanban_text::repair_vec(text, &config.repair).map_err(|e| e.to_string())?;
            Ok(Loaded::text(repaired))
        }
        Format::Docx => {
            let b = bytes_or_read(bytes)?;
            Ok(Loaded::text(repair(crate::office::docx_text(&b)?)?))
        }
        Format::Odt => {
            let b = bytes_or_read(bytes)?;
            Ok(Loaded::text(repair(crate::office::odt_text(&b)?)?))
        }
        Format::Html => {
            let b = bytes_or_read(bytes)?;
            let repaired =
                vanban_text::repair_html(b, &config.repair).map_err(|e| e.to_string())?;
            Ok(Loaded::text(repaired))
        }
        Format::Image => crate::ocr::load_image(&bytes_or_read(bytes)?, config),
        Format::Unsupported(what) => Err(format!("not read: {what}")),
        Format::Text => {
            let bytes = bytes_or_read(bytes)?;
            // The buffer is handed over: plain UTF-8 becomes the text without a copy.
            let repaired =
                vanban_text::repair_vec(bytes, &config.repair).map_err(|e| match sniff(&e) {
                    Some(m) => m,
                    None => e.to_string(),
                })?;
            Ok(Loaded::text(repaired))
        }
    }
}

/// For a binary file with a text extension (or none): what it is, when its bytes say so.
fn sniff(e: &vanban_text::TextError) -> Option<String> {
    matches!(e, vanban_text::TextError::Binary(_)).then(|| {
        format!(
            "{e}: not a text file; vanban reads .txt, .md, .html, .pdf, .doc, .docx, .odt and \
             page images (.png, .jpg, .tif): give the file its format's extension or save it \
             as one of those"
        )
    })
}

/// The message for a file over the size limit, naming the flag that raises it.
pub fn too_large(len: u64, limit: u64) -> String {
    format!(
        "file is {:.1} MB, over the {:.0} MB limit (raise it with --max-file-size MB)",
        len as f64 / 1e6,
        limit as f64 / (1 << 20) as f64
    )
}

/// Read a whole file, refusing one over `limit` bytes before reading it.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

fn load_pdf(path: &Path, config: &Config) -> Result<Loaded, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > config.max_file_bytes {
        return Err(too_large(meta.len(), config.max_file_bytes));
    }
    let mut t = vanban_pdf::extract_isolated(path, &config.pdf.isolate_options())
        .map_err(|e| e.to_string())?;
    let mut warnings = Vec::new();
    let (ocr, ocr_warnings) = crate::ocr::ocr_pdf_pages(path, &mut t, config);
    let repaired = if ocr.is_empty() {
        vanban_text::repair_pages(&t.pages, &config.repair)
    } else {
        let idx: Vec<usize> = ocr.iter().map(|o| o.page as usize - 1).collect();
        vanban_text::repair_ocr_pages(&t.pages, &idx, &config.ocr.lexicon, &config.repair)
    };
    warnings.extend(t.warnings.iter().map(|w| Warning {
        kind: match vanban_pdf::warning_kind(w) {
            "no_text_layer" => WarningKind::NoTextLayer,
            "pdf_fallback" => WarningKind::PdfFallback,
            _ => WarningKind::Pdf,
        },
        message: w.clone(),
        ..Default::default()
    }));
    warnings.extend(ocr_warnings);
    Ok(Loaded {
        repaired,
        pages: Some(t.meta.page_count),
        ocr,
        warnings,
    })
}

/// Output of a converter program run under the worker limits (time and memory; it is
/// killed, with its process group, after the time limit).
fn run_converter(
    program: &str,
    args: &[&std::ffi::OsStr],
    config: &Config,
) -> Result<Vec<u8>, String> {
    let limits = vanban_ocr::run::Limits {
        timeout: config.pdf.timeout,
        memory_bytes: config.pdf.memory_bytes,
    };
    vanban_ocr::run::run(Path::new(program), args, &[], b"", limits).map_err(|e| match e {
        vanban_ocr::run::RunError::Missing(p) => format!("cannot run {p}: not installed"),
        e => e.to_string(),
    })
}

/// Text of a Word 97-2003 file: antiword (tables as `|` rows, read by the markup stage),
/// catdoc when antiword cannot read it. Spans then point into this text.
fn convert_doc(path: &Path, config: &Config) -> Result<Vec<u8>, String> {
    let p = path.as_os_str();
    match run_converter(
        "antiword",
        &[
            "-m".as_ref(),
            "UTF-8.txt".as_ref(),
            "-w".as_ref(),
            "0".as_ref(),
            p,
        ],
        config,
    ) {
        Ok(t) if !t.iter().all(u8::is_ascii_whitespace) => Ok(t),
        // antiword knows the container: a file it calls no Word document is not one, and
        // catdoc would print its bytes as text.
        Err(e) if e.contains("not a Word Document") => Err(format!(
            "not a Word document (no Word 97 text stream): {e}; open and save it as .docx or PDF"
        )),
        first => match run_converter("catdoc", &["-d".as_ref(), "utf-8".as_ref(), p], config) {
            Ok(t) => Ok(t),
            Err(e) if e.starts_with("cannot run") => Err(match first {
                Err(a) if a.starts_with("cannot run") => {
                    "a Word 97 .doc file: reading it needs antiword (Debian package antiword) \
                     or catdoc (package catdoc); install one, or save the file as .docx or PDF"
                        .to_string()
                }
                Err(a) => a,
                Ok(_) => "antiword found no text in this .doc file".to_string(),
            }),
            Err(e) => Err(e),
        },
    }
}
