//! Shims over `vanban-pipeline` for the commands not yet given their own configured pipeline
//! (ingest, metrics): a process-wide pipeline resolved from the default flags and the
//! environment.

use std::path::Path;
use std::sync::OnceLock;
use vanban_model::FileRecord;

static P: OnceLock<vanban_pipeline::Pipeline> = OnceLock::new();

fn global() -> &'static vanban_pipeline::Pipeline {
    P.get_or_init(|| build(&crate::config::PipelineArgs::default()))
}

fn build(args: &crate::config::PipelineArgs) -> vanban_pipeline::Pipeline {
    crate::config::pipeline(args).unwrap_or_else(|e| {
        eprintln!("vanban: {e:#}");
        std::process::exit(2)
    })
}

/// Set the process-wide pipeline from these flags (before the first file is read; later
/// calls are ignored).
pub fn configure(args: &crate::config::PipelineArgs) {
    let _ = P.get_or_init(|| build(args));
}

/// Read, repair and extract one file; errors go in the record.
pub fn process_file(path: &Path) -> FileRecord {
    global().process(path).record
}

/// [`process_file`] for bytes already read, with the repaired text.
pub fn process_bytes_with_text(path: &Path, bytes: Vec<u8>) -> (FileRecord, Option<String>) {
    let p = global().process_bytes(path, bytes);
    (p.record, p.text)
}
