//! `vanban extract`: batch extraction to JSON Lines, one object per input file.

use crate::{inputs, pipeline};
use anyhow::Context;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `vanban extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Write JSON Lines here instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Read the vocabularies (doc_types.tsv, type_words.tsv, issuers.tsv) from this
    /// directory instead of the built-in ones (also: the VANBAN_PATTERNS variable).
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// Files or directories (walked recursively for .txt and .pdf).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Exit status: 0 when every file was read, 1 when any file failed (its record has `error`),
/// 2 on a usage or output error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.patterns {
        vanban_extract::set_patterns_dir(dir)
            .with_context(|| format!("cannot load patterns from {}", dir.display()))?;
    }
    let files = inputs::collect(&args.paths)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let pb = inputs::progress(files.len(), "extract");
    let mut records: Vec<_> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let r = pipeline::process_file(f);
                pb.inc(1);
                r
            })
            .collect()
    });
    pb.finish_and_clear();
    // Issuer spellings that look like typos of a key cited in another file of the batch.
    vanban_extract::checks::same_as_batch(&mut records);
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut failed = 0;
    for r in &records {
        if let Some(e) = &r.error {
            failed += 1;
            eprintln!("vanban: {}: {e}", r.source);
        }
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("vanban: {failed} of {} files failed", records.len());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
