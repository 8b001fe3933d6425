//! The edge where flags and environment become one resolved [`vanban_pipeline::Config`]:
//! the only place (with `main`'s log filter and the index location) that reads the
//! environment.

use std::path::PathBuf;
use std::time::Duration;
use vanban_pipeline::{Config, MAX_JOBS};

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
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Resolve the flags and the environment into a configuration; `warn` receives notes for
/// the user (a capped `--jobs`).
pub fn resolve(args: &PipelineArgs, warn: &mut dyn FnMut(String)) -> Config {
    let mut c = Config {
        patterns: args
            .patterns
            .clone()
            .or_else(|| env("VANBAN_PATTERNS").map(PathBuf::from)),
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
