//! Hidden `__pdf-worker` subcommand and [`load_pdf`], the pipeline's way into a PDF.
//!
//! `load_pdf` re-executes this binary as `vanban __pdf-worker FILE` (see
//! `vanban_pdf::isolate`), so a PDF that makes pdf-extract abort, loop or eat memory costs one
//! worker process, never the batch.

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// PDF files; one JSON result per file is printed on standard output.
    pub paths: Vec<std::path::PathBuf>,
}

/// Run the worker: extract each file in this process and print the results.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let code = vanban_pdf::worker_main(&args.paths);
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(3)))
}

/// Extract a PDF in an isolated worker and repair its pages.
///
/// Returns the repaired text (spans carry 1-based page numbers), the page count and the
/// extraction warnings (`pdf_fallback`, `no_text_layer`, `pdf`). Limits come from
/// `VANBAN_PDF_TIMEOUT` (seconds, default 60) and `VANBAN_PDF_MEMORY_MB` (default 2048).
pub fn load_pdf(
    path: &std::path::Path,
) -> anyhow::Result<(
    vanban_text::Repaired,
    Option<u32>,
    Vec<vanban_extract::Warning>,
)> {
    let opts = vanban_pdf::IsolateOptions::from_env();
    let t = vanban_pdf::extract_isolated(path, &opts)?;
    let repaired = vanban_text::repair_pages(&t.pages, &vanban_text::RepairOptions::default());
    let warnings = t
        .warnings
        .iter()
        .map(|w| vanban_extract::Warning {
            kind: match vanban_pdf::warning_kind(w) {
                "no_text_layer" => vanban_model::WarningKind::NoTextLayer,
                "pdf_fallback" => vanban_model::WarningKind::PdfFallback,
                _ => vanban_model::WarningKind::Pdf,
            },
            message: w.clone(),
            ..Default::default()
        })
        .collect();
    Ok((repaired, Some(t.meta.page_count), warnings))
}
