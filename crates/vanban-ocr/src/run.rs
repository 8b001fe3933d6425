//! External programs (Tesseract, pdftoppm, antiword, catdoc) run as isolated children: their
//! own process group, an address-space limit, a CPU-time backstop and a wall-clock limit after
//! which the whole group is killed. A program that crashes, hangs or eats memory on one bad
//! input costs that input, never the batch.

use std::path::Path;
use std::process::Command;

pub use vanban_sandbox::Limits;

/// Why a program gave no output.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RunError {
    /// The program is not installed (or not on PATH).
    #[error("{0} is not installed")]
    Missing(String),
    /// Killed after the time limit.
    #[error("{program} took longer than {secs:.0} s and was stopped")]
    Timeout {
        /// The program.
        program: String,
        /// The limit in seconds.
        secs: f64,
    },
    /// Exited with an error or was killed by a signal.
    #[error("{program} failed: {message}")]
    Failed {
        /// The program.
        program: String,
        /// Its last line on standard error, or how it died.
        message: String,
    },
}

/// Run `program args` with `input` on standard input (none if empty) and return its standard
/// output; standard error is kept only for the failure message.
pub fn run(
    program: &Path,
    args: &[&std::ffi::OsStr],
    envs: &[(&str, &str)],
    input: &[u8],
    limits: Limits,
) -> Result<Vec<u8>, RunError> {
    let name = program.display().to_string();
    let mut cmd = Command::new(program);
    cmd.args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = vanban_sandbox::run(cmd, input, limits, 1 << 16).map_err(|e| match e {
        vanban_sandbox::SpawnError::Start(e) if e.kind() == std::io::ErrorKind::NotFound => {
            RunError::Missing(name.clone())
        }
        vanban_sandbox::SpawnError::Start(e) => RunError::Failed {
            program: name.clone(),
            message: format!("cannot start: {e}"),
        },
        vanban_sandbox::SpawnError::Wait(e) => RunError::Failed {
            program: name.clone(),
            message: format!("cannot wait: {e}"),
        },
    })?;
    let Some(status) = out.status else {
        return Err(RunError::Timeout {
            program: name,
            secs: limits.timeout.as_secs_f64(),
        });
    };
    if status.success() {
        return Ok(out.stdout);
    }
    let last = vanban_sandbox::last_line(&out.stderr);
    let how = match status.code() {
        Some(c) => format!("exit code {c}"),
        None => "killed by a signal (out of memory?)".to_string(),
    };
    Err(RunError::Failed {
        program: name,
        message: if last.is_empty() {
            how
        } else {
            format!("{how}: {last}")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn sh(script: &str, ms: u64, input: &[u8]) -> Result<Vec<u8>, RunError> {
        run(
            Path::new("/bin/sh"),
            &["-c".as_ref(), script.as_ref()],
            &[],
            input,
            Limits {
                timeout: Duration::from_millis(ms),
                memory_bytes: 256 << 20,
            },
        )
    }

    #[test]
    fn output_input_errors_and_timeouts() {
        assert_eq!(sh("cat", 5000, b"abc").unwrap(), b"abc");
        let t = Instant::now();
        assert!(matches!(
            sh("sleep 30", 300, b""),
            Err(RunError::Timeout { .. })
        ));
        assert!(t.elapsed() < Duration::from_secs(10));
        let e = sh("echo boom >&2; exit 3", 5000, b"").unwrap_err();
        assert!(e.to_string().contains("exit code 3: boom"), "{e}");
        assert_eq!(sh("ulimit -v", 5000, b"").unwrap(), b"262144\n");
        let e = run(
            Path::new("/nonexistent/program"),
            &[],
            &[],
            b"",
            Limits {
                timeout: Duration::from_secs(1),
                memory_bytes: 0,
            },
        )
        .unwrap_err();
        assert!(matches!(e, RunError::Missing(_)), "{e}");
    }
}
