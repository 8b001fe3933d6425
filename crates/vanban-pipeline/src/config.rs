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
    /// Worker threads for a batch (1..=[`MAX_JOBS`]).
    pub jobs: usize,
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
