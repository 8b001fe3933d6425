//! File -> repaired text -> extracted record, shared by `extract` and `ingest`.

use std::path::Path;
use vanban_extract::FileRecord;
use vanban_text::RepairOptions;

/// Read, repair and extract one file; never panics, never fails: errors go in the record.
pub fn process_file(path: &Path) -> FileRecord {
    process_file_with_text(path).0
}

/// [`process_file`] plus the repaired text it extracted from (pages separated by form feeds
/// for PDFs); the text is `None` when the file could not be read. Used by `ingest`.
pub fn process_file_with_text(path: &Path) -> (FileRecord, Option<String>) {
    process(path, None)
}

/// [`process_file_with_text`] for a file whose bytes the caller has already read (ingest
/// hashes them first): a text file is not read a second time, and what is extracted is
/// exactly what was hashed. PDFs are still opened by path, in the isolated worker.
pub fn process_bytes_with_text(path: &Path, bytes: Vec<u8>) -> (FileRecord, Option<String>) {
    process(path, Some(bytes))
}

fn process(path: &Path, bytes: Option<Vec<u8>>) -> (FileRecord, Option<String>) {
    let source = path.display().to_string();
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let repaired = if is_pdf {
        crate::cmd::pdf_worker::load_pdf(path)
    } else {
        let read = match bytes {
            Some(b) => Ok(b),
            None => std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read: {e}")),
        };
        // The buffer is handed over: plain UTF-8 becomes the text without a copy.
        read.and_then(|b| vanban_text::repair_vec(b, &RepairOptions::default()).map_err(Into::into))
            .map(|r| (r, None, Vec::new()))
    };
    match repaired {
        Ok((r, pages, warnings)) => {
            let mut rec = vanban_extract::extract(&source, &r);
            rec.pages = pages;
            rec.warnings.extend(warnings);
            (rec, Some(r.text))
        }
        Err(e) => (
            FileRecord {
                source,
                error: Some(format!("{e:#}")),
                ..FileRecord::default()
            },
            None,
        ),
    }
}
