//! Hidden `__pdf-worker` subcommand: the isolated process `vanban_pdf::extract_isolated`
//! starts (this binary again), so a PDF that makes pdf-extract abort, loop or eat memory costs
//! one worker process, never the batch.

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
