//! Where results go: standard output or a file (`-o -` is standard output), and the quiet end
//! of a closed pipe (`vanban extract corpus/ | head -1` exits 0 without a message).

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// A buffered writer to `path`, or to standard output when it is `None` or `-`.
pub fn open(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => Ok(Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ))),
        None => Ok(Box::new(std::io::BufWriter::new(std::io::stdout().lock()))),
    }
}

/// Is this error (or what caused it) a write to a closed pipe?
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}
