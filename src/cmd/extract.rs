//! `vanban extract`: batch extraction to JSON Lines, one object per input file, streamed in
//! input order as files finish.

use crate::config::PipelineArgs;
use crate::{output, progress};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban_pipeline::{batch, inputs, read};

/// Arguments of `vanban extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Reading and extraction settings.
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Write JSON Lines here instead of standard output (`-` is standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Files or directories (walked recursively for .txt, .md, .html, .pdf, .doc, .docx,
    /// .odt and page images).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Exit status: 0 when every file was read, 1 when any file failed (its record has `error`),
/// 2 on a usage or output error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = crate::config::pipeline(&args.pipeline)?;
    let expanded = inputs::expand(&args.paths, read::WALKED_EXTENSIONS);
    for w in &expanded.warnings {
        eprintln!("vanban: {w}");
    }
    let mut out = output::open(args.output.as_deref())?;
    let pb = progress::bar(expanded.inputs.len(), "extract");
    // Issuer spellings that look like typos of a key cited in an earlier file of the batch.
    let mut same_as = vanban_extract::checks::BatchSameAs::new();
    let (mut failed, mut total) = (0usize, 0usize);
    let mut write_error: Option<anyhow::Error> = None;
    batch::process_all(
        &pipeline,
        &expanded.inputs,
        pipeline.config().jobs,
        |mut p| {
            pb.inc(1);
            total += 1;
            let r = &mut p.record;
            if let Some(e) = &r.error {
                failed += 1;
                pb.suspend(|| eprintln!("vanban: {}: {e}", r.source));
            }
            same_as.check(r);
            // Each record goes out whole as soon as it is ready (a reader sees progress, a
            // kill loses only the files still in flight).
            let written = serde_json::to_writer(&mut out, &*r)
                .map_err(anyhow::Error::from)
                .and_then(|()| out.write_all(b"\n").map_err(anyhow::Error::from))
                .and_then(|()| out.flush().map_err(anyhow::Error::from));
            match written {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    write_error = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    pb.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e);
    }
    out.flush()?;
    if total == 0 {
        eprintln!("vanban: nothing to extract");
        return Ok(ExitCode::from(1));
    }
    if failed > 0 {
        eprintln!("vanban: {failed} of {total} files failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
