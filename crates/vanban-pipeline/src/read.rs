//! Reading one file of any supported format into repaired text: the "clean" step.

use crate::Config;
use std::path::Path;
use vanban_model::{Warning, WarningKind};
use vanban_text::Repaired;

/// A file read and repaired.
pub struct Loaded {
    /// The repaired text with its offset maps.
    pub repaired: Repaired,
    /// Page count (PDFs).
    pub pages: Option<u32>,
    /// Warnings from reading (PDF fallbacks, scans).
    pub warnings: Vec<Warning>,
}

/// The formats vanban reads, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text in any supported encoding (also Markdown copies of web pages).
    Text,
    /// PDF: the text layer, in the isolated worker.
    Pdf,
    /// Word 97-2003 (`.doc`), through Debian's `antiword` (`catdoc` as fallback), with a
    /// time limit.
    Doc,
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
            _ => Format::Text,
        }
    }
}

/// Extensions a directory walk picks up.
pub const WALKED_EXTENSIONS: &[&str] = &["txt", "md", "pdf", "doc"];

/// Read `path` (or the bytes already read from it) and repair its text.
pub fn load(path: &Path, bytes: Option<Vec<u8>>, config: &Config) -> Result<Loaded, String> {
    match Format::of(path) {
        Format::Pdf => load_pdf(path, config),
        Format::Doc => {
            let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
            if meta.len() > config.max_file_bytes {
                return Err(too_large(meta.len(), config.max_file_bytes));
            }
            let text = convert_doc(path, config.pdf.timeout)?;
            let repaired =
                vanban_text::repair_vec(text, &config.repair).map_err(|e| e.to_string())?;
            Ok(Loaded {
                repaired,
                pages: None,
                warnings: Vec::new(),
            })
        }
        Format::Text => {
            let bytes = match bytes {
                Some(b) => b,
                None => read_limited(path, config.max_file_bytes)?,
            };
            if bytes.len() as u64 > config.max_file_bytes {
                return Err(too_large(bytes.len() as u64, config.max_file_bytes));
            }
            // The buffer is handed over: plain UTF-8 becomes the text without a copy.
            let repaired =
                vanban_text::repair_vec(bytes, &config.repair).map_err(|e| e.to_string())?;
            Ok(Loaded {
                repaired,
                pages: None,
                warnings: Vec::new(),
            })
        }
    }
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
    let t = vanban_pdf::extract_isolated(path, &config.pdf.isolate_options())
        .map_err(|e| e.to_string())?;
    let repaired = vanban_text::repair_pages(&t.pages, &config.repair);
    let warnings = t
        .warnings
        .iter()
        .map(|w| Warning {
            kind: match vanban_pdf::warning_kind(w) {
                "no_text_layer" => WarningKind::NoTextLayer,
                "pdf_fallback" => WarningKind::PdfFallback,
                _ => WarningKind::Pdf,
            },
            message: w.clone(),
            ..Default::default()
        })
        .collect();
    Ok(Loaded {
        repaired,
        pages: Some(t.meta.page_count),
        warnings,
    })
}

/// Output of a converter program run with a time limit (it is killed after `timeout`).
fn run_converter(
    program: &str,
    args: &[&std::ffi::OsStr],
    timeout: std::time::Duration,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let mut out = child.stdout.take().ok_or("no output")?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program} took longer than {:.0} s and was stopped",
                    timeout.as_secs_f64()
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => return Err(format!("{program}: {e}")),
        }
    };
    let buf = reader.join().unwrap_or_default();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(format!("{program} failed: {}", err.trim()));
    }
    Ok(buf)
}

/// Text of a Word 97-2003 file: antiword (tables as `|` rows, read by the markup stage),
/// catdoc when antiword cannot read it. Spans then point into this text.
fn convert_doc(path: &Path, timeout: std::time::Duration) -> Result<Vec<u8>, String> {
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
        timeout,
    ) {
        Ok(t) if !t.iter().all(u8::is_ascii_whitespace) => Ok(t),
        first => match run_converter("catdoc", &["-d".as_ref(), "utf-8".as_ref(), p], timeout) {
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
