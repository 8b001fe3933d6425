//! Helpers shared by the end-to-end tests: corpus files, running `vanban extract`, file names.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `corpus/*.<ext>`, sorted; panics (fails the test) when there are none.
pub fn corpus_files(ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus/*.{ext}");
    files
}

/// Run `vanban extract` on `files` and return its JSON Lines output; fails the test if the
/// command does not succeed.
pub fn extract_stdout<P: AsRef<std::ffi::OsStr>>(files: impl IntoIterator<Item = P>) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["extract", "--jobs", "2"])
        .args(files)
        .env_remove("VANBAN_NO_METRICS")
        .env_remove("VANBAN_PATTERNS")
        .output()
        .expect("run vanban extract");
    assert!(
        out.status.success(),
        "vanban extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 JSON Lines")
}

/// The file name of a path (`corpus/000_x.txt` -> `000_x.txt`).
pub fn basename(p: &str) -> String {
    Path::new(p)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The file stem of a path (`corpus/000_x.pdf` -> `000_x`).
pub fn stem(p: &str) -> String {
    Path::new(p)
        .file_stem()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}
