//! Extraction in a worker process with a time limit and a memory guard.
//!
//! pdf-extract panics by design on malformed files and can loop or allocate without bound, so
//! every file gets its own child process. The protocol is private to this module: the worker
//! ([`worker_main`]) prints one JSON `Result<PdfText, PdfError>` per file on stdout and exits 0;
//! anything else (a signal, another exit code, no or unreadable output, the time limit) becomes
//! a [`PdfError::Worker`] with a reason a person can act on.

use crate::{PdfError, PdfText};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Default time limit per file.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default address-space limit for a worker (2 GiB).
pub const DEFAULT_MEMORY_LIMIT: u64 = 2 << 30;

/// How to run the worker.
#[derive(Clone, Debug)]
pub struct IsolateOptions {
    /// The program to run (by default this executable).
    pub program: PathBuf,
    /// Arguments before the file name (by default `["__pdf-worker"]`).
    pub args: Vec<OsString>,
    /// Wall-clock limit; the worker is killed after it.
    pub timeout: Duration,
    /// Address-space limit in bytes (RLIMIT_AS), 0 for none.
    pub memory_limit: u64,
}

impl Default for IsolateOptions {
    fn default() -> Self {
        Self {
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vanban")),
            args: vec![OsString::from("__pdf-worker")],
            timeout: DEFAULT_TIMEOUT,
            memory_limit: DEFAULT_MEMORY_LIMIT,
        }
    }
}

/// The worker side: extract each file in this process and print one JSON result per line.
/// Returns the process exit code (0 when every result was written).
pub fn worker_main(paths: &[PathBuf]) -> i32 {
    // Panics are caught and reported in the result; the default hook would only add noise.
    std::panic::set_hook(Box::new(|_| {}));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for p in paths {
        let r = crate::extract_file_in_process(p);
        let line = match serde_json::to_string(&r) {
            Ok(l) => l,
            Err(_) => return 3,
        };
        if writeln!(out, "{line}").and_then(|_| out.flush()).is_err() {
            return 3;
        }
    }
    0
}

/// Extract one file in a worker process (see the module documentation).
pub fn extract_isolated(path: &Path, opts: &IsolateOptions) -> Result<PdfText, PdfError> {
    // Cheap checks first, so a missing file is an io error and not a worker failure.
    std::fs::metadata(path).map_err(|e| PdfError::Io(e.to_string()))?;
    let mut cmd = Command::new(&opts.program);
    cmd.args(&opts.args).arg(path);
    let limits = vanban_sandbox::Limits {
        timeout: opts.timeout,
        memory_bytes: opts.memory_limit,
    };
    let out = vanban_sandbox::run(cmd, b"", limits, 1 << 20).map_err(|e| match e {
        vanban_sandbox::SpawnError::Start(e) => PdfError::Worker(format!(
            "cannot start worker {}: {e}",
            opts.program.display()
        )),
        vanban_sandbox::SpawnError::Wait(e) => {
            PdfError::Worker(format!("cannot wait for worker: {e}"))
        }
    })?;
    let (stdout, stderr) = (out.stdout, out.stderr);
    let Some(status) = out.status else {
        return Err(PdfError::Worker(format!(
            "timed out after {:.1} s (killed; set VANBAN_PDF_TIMEOUT to allow more)",
            opts.timeout.as_secs_f64()
        )));
    };
    if status.success() {
        // The result is the last line: anything a library printed before it is ignored.
        let line = stdout
            .split(|&b| b == b'\n')
            .rfind(|l| !l.is_empty())
            .unwrap_or_default();
        return match serde_json::from_slice::<Result<PdfText, PdfError>>(line) {
            Ok(r) => r,
            Err(e) => Err(PdfError::Worker(format!("unreadable worker output: {e}"))),
        };
    }
    Err(PdfError::Worker(describe_failure(status, &stderr, opts)))
}

fn describe_failure(
    status: std::process::ExitStatus,
    stderr: &[u8],
    opts: &IsolateOptions,
) -> String {
    let tail = vanban_sandbox::last_line(stderr);
    let text = String::from_utf8_lossy(stderr);
    let oom = text.contains("memory allocation of") || text.contains("out of memory");
    let limit_mb = opts.memory_limit >> 20;
    if oom {
        return format!(
            "out of memory (limit {limit_mb} MiB; set VANBAN_PDF_MEMORY_MB to allow more)"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let what = match sig {
                libc::SIGABRT => "aborted",
                libc::SIGSEGV => "crashed (segmentation fault, e.g. stack overflow)",
                libc::SIGBUS => "crashed (bus error)",
                libc::SIGILL => "crashed (illegal instruction)",
                libc::SIGFPE => "crashed (arithmetic fault)",
                libc::SIGKILL => "killed (out of memory?)",
                libc::SIGXCPU => "killed (CPU time limit)",
                _ => "killed by a signal",
            };
            return if tail.is_empty() {
                format!("{what} (signal {sig})")
            } else {
                format!("{what} (signal {sig}): {tail}")
            };
        }
    }
    match status.code() {
        Some(c) if tail.is_empty() => format!("exited with code {c}"),
        Some(c) => format!("exited with code {c}: {tail}"),
        None => format!("failed: {tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn sh(script: &str, timeout_ms: u64) -> IsolateOptions {
        IsolateOptions {
            program: PathBuf::from("/bin/sh"),
            args: vec!["-c".into(), script.into(), "worker".into()],
            timeout: Duration::from_millis(timeout_ms),
            memory_limit: 0,
        }
    }

    fn any_file() -> tempfile::NamedTempFile {
        tempfile::NamedTempFile::new().unwrap()
    }

    #[test]
    fn kills_a_hanging_worker() {
        let f = any_file();
        let t = Instant::now();
        let e = extract_isolated(f.path(), &sh("sleep 30", 300)).unwrap_err();
        assert!(t.elapsed() < Duration::from_secs(10));
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("timed out")),
            "{e}"
        );
    }

    #[test]
    fn reports_abort_and_exit_codes() {
        let f = any_file();
        let e = extract_isolated(f.path(), &sh("kill -ABRT $$", 5000)).unwrap_err();
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("aborted")),
            "{e}"
        );
        let e = extract_isolated(f.path(), &sh("echo boom >&2; exit 101", 5000)).unwrap_err();
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("code 101") && m.contains("boom")),
            "{e}"
        );
        let e = extract_isolated(
            f.path(),
            &sh(
                "echo 'memory allocation of 99 bytes failed' >&2; kill -ABRT $$",
                5000,
            ),
        )
        .unwrap_err();
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("out of memory")),
            "{e}"
        );
    }

    #[test]
    fn passes_worker_results_through() {
        let f = any_file();
        let ok = r#"echo '{"Ok":{"pages":["a"],"meta":{"title":null,"author":null,"producer":null,"created":null,"modified":null,"page_count":1,"encrypted":false},"warnings":[]}}'"#;
        let t = extract_isolated(f.path(), &sh(ok, 5000)).unwrap();
        assert_eq!(t.pages, vec!["a".to_string()]);
        let e = extract_isolated(f.path(), &sh(r#"echo '{"Err":"Encrypted"}'"#, 5000));
        assert_eq!(e.unwrap_err(), PdfError::Encrypted);
        let e = extract_isolated(f.path(), &sh("echo garbage", 5000)).unwrap_err();
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("unreadable")),
            "{e}"
        );
    }

    #[test]
    fn memory_limit_applies_to_the_child() {
        let f = any_file();
        let mut o = sh("ulimit -v", 5000);
        o.memory_limit = 256 << 20;
        // `ulimit -v` prints the limit in KiB; the worker protocol then fails to parse it,
        // which is exactly what we want to see in the message.
        let e = extract_isolated(f.path(), &o).unwrap_err();
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("unreadable")),
            "{e}"
        );
        let o = IsolateOptions {
            args: vec!["-c".into(), "ulimit -v >&2; exit 7".into(), "w".into()],
            ..o
        };
        let e = extract_isolated(f.path(), &o).unwrap_err();
        assert!(
            matches!(&e, PdfError::Worker(m) if m.contains("262144")),
            "{e}"
        );
    }

    #[test]
    fn missing_file_is_io() {
        let e = extract_isolated(Path::new("/nonexistent/x.pdf"), &sh("true", 1000));
        assert!(matches!(e, Err(PdfError::Io(_))));
    }
}
