//! PLACEHOLDER SKELETON: being implemented.

use std::process::ExitCode;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Inputs.
    pub paths: Vec<std::path::PathBuf>,
}

/// Run the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

/// Extract a PDF in an isolated worker and repair its pages.
pub fn load_pdf(
    path: &std::path::Path,
) -> anyhow::Result<(
    vanban_text::Repaired,
    Option<u32>,
    Vec<vanban_extract::Warning>,
)> {
    let _ = path;
    anyhow::bail!("PDF support not implemented yet")
}
