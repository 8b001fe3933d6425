//! The edge where flags and environment become one resolved [`vanban_pipeline::Config`]:
//! the only place (with `main`'s log filter and the index location) that reads the
//! environment.

use std::path::PathBuf;
use std::time::Duration;
use vanban_pipeline::{Config, OcrMode, MAX_JOBS};

/// Flags every command that reads documents shares (`extract`, `ingest`, `metrics`).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct PipelineArgs {
    /// Worker threads; 0 means one per core (the default). At most 256.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Read vocabularies from this directory: a file there (same relative path as under
    /// `patterns/`, e.g. `relations/cues.tsv`) replaces the built-in one. Also: the
    /// VANBAN_PATTERNS variable.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// Refuse files larger than this many megabytes (default 256).
    #[arg(long, value_name = "MB")]
    pub max_file_size: Option<u64>,
    /// Do not extract metric values (also: VANBAN_NO_METRICS=1).
    #[arg(long)]
    pub no_metrics: bool,
    /// OCR (Tesseract, Vietnamese model): `auto` reads PDF pages without a usable text layer
    /// and page images, `always` every PDF page, `never` none.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub ocr: Option<OcrWhen>,
    /// Resolution for OCR of PDF pages drawn without an image (default 300); a scanned page
    /// is read at its own image's resolution.
    #[arg(long, value_name = "DPI")]
    pub ocr_dpi: Option<u32>,
    /// Where OCR text is cached by page-image hash (default: next to the index,
    /// `<index>-ocr`).
    #[arg(long, value_name = "DIR")]
    pub ocr_cache: Option<PathBuf>,
}

/// Values of `--ocr`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OcrWhen {
    /// Pages without a usable text layer, and page images.
    Auto,
    /// Every PDF page.
    Always,
    /// None.
    Never,
}

/// The OCR cache next to an index directory: `<index>-ocr`.
pub fn ocr_cache_beside(index: &std::path::Path) -> PathBuf {
    let mut s = index.as_os_str().to_os_string();
    s.push("-ocr");
    PathBuf::from(s)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The vocabulary override directory: `--patterns`, else `VANBAN_PATTERNS`.
pub fn patterns_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| env("VANBAN_PATTERNS").map(PathBuf::from))
}

/// Resolve the flags and the environment into a configuration; `warn` receives notes for
/// the user (a capped `--jobs`).
pub fn resolve(args: &PipelineArgs, warn: &mut dyn FnMut(String)) -> Config {
    let mut c = Config {
        patterns: patterns_dir(args.patterns.clone()),
        metrics: !(args.no_metrics || env("VANBAN_NO_METRICS").as_deref() == Some("1")),
        ..Config::default()
    };
    if let Some(mb) = args.max_file_size {
        c.max_file_bytes = mb.saturating_mul(1 << 20);
    }
    c.jobs = match args.jobs {
        None | Some(0) => vanban_pipeline::default_jobs(),
        Some(n) if n > MAX_JOBS => {
            warn(format!(
                "--jobs {n} is more than {MAX_JOBS}; using {MAX_JOBS}"
            ));
            MAX_JOBS
        }
        Some(n) => n,
    };
    if let Some(t) = env("VANBAN_PDF_TIMEOUT")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|t| t.is_finite() && *t > 0.0)
    {
        c.pdf.timeout = Duration::from_secs_f64(t.min(1e6));
    }
    if let Some(mb) = env("VANBAN_PDF_MEMORY_MB").and_then(|v| v.trim().parse::<u64>().ok()) {
        c.pdf.memory_bytes = mb.saturating_mul(1 << 20);
    }
    c.ocr.mode = match args.ocr {
        None | Some(OcrWhen::Auto) => OcrMode::Auto,
        Some(OcrWhen::Always) => OcrMode::Always,
        Some(OcrWhen::Never) => OcrMode::Never,
    };
    // Tesseract reads a page image from a file faster than from a pipe.
    c.ocr.options.scratch = Some(std::env::temp_dir());
    if let Some(d) = args.ocr_dpi {
        if (50..=1200).contains(&d) {
            c.ocr.options.dpi = d;
        } else {
            warn(format!(
                "--ocr-dpi {d} is outside 50..1200; using {}",
                c.ocr.options.dpi
            ));
        }
    }
    c.ocr.options.cache = Some(
        args.ocr_cache
            .clone()
            .unwrap_or_else(|| ocr_cache_beside(&crate::config_index::default_index_dir())),
    );
    c.ocr.progress = crate::progress::ocr_pages();
    // Each engine run gets the worker's limits, but a page is slower than a PDF's text.
    c.ocr.options.limits.memory_bytes = c.pdf.memory_bytes;
    c.pdf.program = std::env::var_os("VANBAN_PDF_WORKER")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    c
}

/// The pipeline for these flags, with notes printed to standard error.
pub fn pipeline(args: &PipelineArgs) -> anyhow::Result<vanban_pipeline::Pipeline> {
    let config = resolve(args, &mut |w| eprintln!("vanban: {w}"));
    Ok(vanban_pipeline::Pipeline::new(config)?)
}
