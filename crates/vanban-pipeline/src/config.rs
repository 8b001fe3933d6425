//! The one configuration of a run, resolved at the edge (flags and environment, by the CLI)
//! and handed to the library as plain values: nothing below reads the environment.

use std::path::PathBuf;
use std::time::Duration;
use vanban_text::RepairOptions;

/// Files larger than this are refused unless the limit is raised (`--max-file-size`): a
/// 256 MB text is far beyond any real administrative document, and reading one takes a few
/// times its size in memory.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 << 20;

/// Most worker threads a batch starts, whatever is asked: more than a few per core only adds
/// memory and contention.
pub const MAX_JOBS: usize = 256;

/// Limits of the isolated PDF worker.
#[derive(Clone, Debug)]
pub struct PdfLimits {
    /// Wall-clock limit per file.
    pub timeout: Duration,
    /// Address-space limit of the worker in bytes, 0 for none.
    pub memory_bytes: u64,
    /// The worker program (default: this executable with `__pdf-worker`).
    pub program: Option<PathBuf>,
}

impl Default for PdfLimits {
    fn default() -> Self {
        let d = vanban_pdf::IsolateOptions::default();
        PdfLimits {
            timeout: d.timeout,
            memory_bytes: d.memory_limit,
            program: None,
        }
    }
}

/// When pages are read by OCR (`--ocr`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without a usable text layer, and page images.
    #[default]
    Auto,
    /// Every page of every PDF, whatever its text layer (a layer known to be bad).
    Always,
    /// Never: scanned pages stay empty with a `no_text_layer` warning.
    Never,
}

/// OCR settings.
#[derive(Clone, Debug, Default)]
pub struct OcrConfig {
    /// Which pages.
    pub mode: OcrMode,
    /// Engine, renderer, resolution, limits and the cache directory (resolved by the CLI,
    /// next to the index).
    pub options: vanban_ocr::OcrOptions,
    /// Engine processes running now, across all files of the batch: at most `jobs` at once.
    pub slots: std::sync::Arc<Slots>,
    /// Symbol codes and common words the OCR repair checks against (set from the
    /// vocabularies by [`crate::Pipeline::new`]).
    pub lexicon: std::sync::Arc<vanban_text::OcrLexicon>,
    /// Told about every page queued for OCR and every page read (a progress bar on a
    /// terminal, set by the CLI); none by default.
    pub progress: Option<std::sync::Arc<dyn OcrProgress>>,
}

/// What OCR reports as it goes: pages are queued per file and finish in any order.
pub trait OcrProgress: Send + Sync {
    /// `pages` more pages are waiting for OCR.
    fn queued(&self, pages: usize);
    /// One page was read (from the cache when `cached`), or failed.
    fn done(&self, cached: bool);
}

impl std::fmt::Debug for dyn OcrProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OcrProgress")
    }
}

/// A counter of running OCR processes shared by every file of a batch, so that a file's
/// pages run in parallel without `jobs` files each starting `jobs` engines.
#[derive(Debug, Default)]
pub struct Slots {
    busy: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

impl Slots {
    /// Run `f` once fewer than `limit` others are running.
    pub fn with<T>(&self, limit: usize, f: impl FnOnce() -> T) -> T {
        {
            let mut n = self.busy.lock().unwrap_or_else(|p| p.into_inner());
            while *n >= limit.max(1) {
                n = self.freed.wait(n).unwrap_or_else(|p| p.into_inner());
            }
            *n += 1;
        }
        // Released even if `f` panics, so one bad page never starves the batch.
        struct Release<'a>(&'a Slots);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                let mut n = self.0.busy.lock().unwrap_or_else(|p| p.into_inner());
                *n = n.saturating_sub(1);
                self.0.freed.notify_one();
            }
        }
        let _r = Release(self);
        f()
    }
}

/// Everything a pipeline run depends on.
#[derive(Clone, Debug)]
pub struct Config {
    /// Text repair options.
    pub repair: RepairOptions,
    /// A directory whose vocabulary files replace the built-in ones (`--patterns`).
    pub patterns: Option<PathBuf>,
    /// Extract metric values.
    pub metrics: bool,
    /// PDF worker limits.
    pub pdf: PdfLimits,
    /// Files larger than this many bytes are refused with an error naming the flag.
    pub max_file_bytes: u64,
    /// Worker threads for a batch (1..=[`MAX_JOBS`]); also the most OCR engines at once.
    pub jobs: usize,
    /// OCR of scanned pages and page images.
    pub ocr: OcrConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            repair: RepairOptions::default(),
            patterns: None,
            metrics: true,
            pdf: PdfLimits::default(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            jobs: default_jobs(),
            ocr: OcrConfig::default(),
        }
    }
}

/// One thread per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl PdfLimits {
    /// The worker options these limits give.
    pub fn isolate_options(&self) -> vanban_pdf::IsolateOptions {
        let mut o = vanban_pdf::IsolateOptions {
            timeout: self.timeout,
            memory_limit: self.memory_bytes,
            ..Default::default()
        };
        if let Some(p) = &self.program {
            o.program = p.clone();
        }
        o
    }
}
