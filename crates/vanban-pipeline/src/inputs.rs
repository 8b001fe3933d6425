//! The PATH_OR_DIR arguments of a batch, expanded into the files to read, in a stable order.
//!
//! Nothing here stops a batch: a path that does not exist or cannot be read becomes an input
//! that yields an error record; symlink loops, FIFOs, sockets and devices are skipped with a
//! warning (reading a FIFO would block forever); a directory holding no document says so.

use std::path::{Path, PathBuf};

/// One thing to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file to read.
    File(PathBuf),
    /// A named path that cannot be read: it gets a record with this error.
    Error(PathBuf, String),
}

impl Input {
    /// The path.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Error(p, _) => p,
        }
    }
}

/// The expanded arguments.
#[derive(Clone, Debug, Default)]
pub struct Expanded {
    /// What to process, in order: arguments in the order given, each directory's files
    /// sorted by name.
    pub inputs: Vec<Input>,
    /// Skipped paths and empty directories, for the user.
    pub warnings: Vec<String>,
}

/// Does a walked file look like something we read?
fn wanted(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

/// What kind of special file this is, if it is not a regular file or a directory.
fn special(ft: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some("a device");
        }
    }
    let _ = ft;
    None
}

/// Expand `paths`: files named directly are always taken (their errors are reported per
/// file); directories are walked recursively (following symlinks, loops skipped) for files
/// whose extension is in `extensions`.
pub fn expand(paths: &[PathBuf], extensions: &[&str]) -> Expanded {
    let mut out = Expanded::default();
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "cannot read: no such file or directory".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                out.inputs.push(Input::Error(p.clone(), why));
                continue;
            }
        };
        if let Some(what) = special(&meta.file_type()) {
            out.warnings.push(format!(
                "{}: skipped, {what} is not a document",
                p.display()
            ));
            continue;
        }
        if !meta.is_dir() {
            out.inputs.push(Input::File(p.clone()));
            continue;
        }
        let before = out.inputs.len();
        for entry in walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) => {
                    let ft = e.file_type();
                    if ft.is_dir() {
                        continue;
                    }
                    if !wanted(e.path(), extensions) {
                        continue;
                    }
                    if let Some(what) = special(&ft) {
                        out.warnings.push(format!(
                            "{}: skipped, {what} is not a document",
                            e.path().display()
                        ));
                    } else {
                        out.inputs.push(Input::File(e.into_path()));
                    }
                }
                Err(e) => {
                    let at = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                    if e.loop_ancestor().is_some() {
                        out.warnings
                            .push(format!("{}: skipped, symlink loop", at.display()));
                    } else if at.is_dir() || !wanted(&at, extensions) {
                        // An unreadable directory or a broken link to something else: say so,
                        // there is no document to give a record to.
                        out.warnings
                            .push(format!("{}: skipped, {}", at.display(), io_reason(&e)));
                    } else {
                        out.inputs
                            .push(Input::Error(at, format!("cannot read: {}", io_reason(&e))));
                    }
                }
            }
        }
        if out.inputs.len() == before {
            out.warnings.push(format!(
                "{}: no document found (looked for .{} files)",
                p.display(),
                extensions.join(", .")
            ));
        }
    }
    out
}

fn io_reason(e: &walkdir::Error) -> String {
    e.io_error()
        .map(|io| io.to_string())
        .unwrap_or_else(|| e.to_string())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn loops_fifos_and_missing_paths_never_stop_the_walk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "Số 1").expect("write");
        std::fs::create_dir(d.join("sub")).expect("mkdir");
        std::fs::write(d.join("sub/b.txt"), "Số 2").expect("write");
        std::os::unix::fs::symlink(d, d.join("sub/loop")).expect("symlink");
        let fifo = d.join("pipe.txt");
        let c = std::ffi::CString::new(fifo.to_str().expect("utf-8 path")).expect("cstring");
        // SAFETY: a plain libc call on a NUL-terminated path.
        assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
        let missing = d.join("nope.txt");
        let e = expand(&[d.to_path_buf(), missing.clone()], &["txt"]);
        let files: Vec<_> = e
            .inputs
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => Some(p.strip_prefix(d).expect("inside").to_path_buf()),
                _ => None,
            })
            .collect();
        assert_eq!(files, [PathBuf::from("a.txt"), PathBuf::from("sub/b.txt")]);
        assert!(e.inputs.contains(&Input::Error(
            missing,
            "cannot read: no such file or directory".into()
        )));
        let w = e.warnings.join("\n");
        assert!(w.contains("symlink loop"), "{w}");
        assert!(w.contains("a FIFO"), "{w}");
    }

    #[test]
    fn an_empty_directory_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let e = expand(&[dir.path().to_path_buf()], &["txt", "pdf"]);
        assert!(e.inputs.is_empty());
        assert!(
            e.warnings[0].contains("no document found"),
            "{:?}",
            e.warnings
        );
    }

    extern "C" {
        #[link_name = "mkfifo"]
        fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
    }
}
