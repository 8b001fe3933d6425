//! Shims over `vanban_pipeline::inputs` for the commands that still take a plain file list.

use std::path::PathBuf;
use vanban_pipeline::inputs::{expand, Input};

/// The files to read: unreadable or missing paths and skipped ones are reported on standard
/// error (the commands using this shim index or list records, so those have nowhere to go).
pub fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let e = expand(paths, vanban_pipeline::read::WALKED_EXTENSIONS);
    for w in &e.warnings {
        eprintln!("vanban: {w}");
    }
    Ok(e.inputs
        .into_iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p),
            Input::Error(p, why) => {
                eprintln!("vanban: {}: {why}", p.display());
                None
            }
        })
        .collect())
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    crate::progress::bar(len, what)
}
