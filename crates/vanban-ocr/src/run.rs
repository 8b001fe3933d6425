//! External programs (Tesseract, pdftoppm, antiword, catdoc) run as isolated children: their
//! own process group, an address-space limit, a CPU-time backstop and a wall-clock limit after
//! which the whole group is killed. A program that crashes, hangs or eats memory on one bad
//! input costs that input, never the batch.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Limits of one child process.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wall-clock limit; the child's process group is killed after it.
    pub timeout: Duration,
    /// Address-space limit in bytes (RLIMIT_AS), 0 for none.
    pub memory_bytes: u64,
}

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
    cmd.args(args)
        .stdin(if input.is_empty() {
            Stdio::null()
        } else {
            Stdio::piped()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    limit(&mut cmd, limits);
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            RunError::Missing(name.clone())
        } else {
            RunError::Failed {
                program: name.clone(),
                message: format!("cannot start: {e}"),
            }
        }
    })?;
    // Feed and drain on threads so that neither side ever blocks on a full pipe.
    let feeder = child.stdin.take().map(|mut w| {
        let data = input.to_vec();
        std::thread::spawn(move || {
            let _ = w.write_all(&data);
        })
    });
    let mut so = child.stdout.take();
    let mut se = child.stderr.take();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = so.as_mut() {
            let _ = s.read_to_end(&mut v);
        }
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = se.as_mut() {
            let _ = s.take(1 << 16).read_to_end(&mut v);
            let _ = std::io::copy(s, &mut std::io::sink());
        }
        v
    });
    let start = Instant::now();
    let mut nap = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if start.elapsed() >= limits.timeout => {
                kill_group(&child);
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => {
                std::thread::sleep(nap);
                nap = (nap * 2).min(Duration::from_millis(20));
            }
            Err(e) => {
                kill_group(&child);
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Failed {
                    program: name,
                    message: format!("cannot wait: {e}"),
                });
            }
        }
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let out = out_t.join().unwrap_or_default();
    let err = err_t.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(RunError::Timeout {
            program: name,
            secs: limits.timeout.as_secs_f64(),
        });
    };
    if status.success() {
        return Ok(out);
    }
    let text = String::from_utf8_lossy(&err);
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect::<String>();
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

#[cfg(unix)]
fn kill_group(child: &std::process::Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: plain syscall on the child's own process group (process_group(0) below).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
fn kill_group(_child: &std::process::Child) {}

#[cfg(unix)]
fn limit(cmd: &mut Command, limits: Limits) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    let mem = limits.memory_bytes;
    let cpu = limits.timeout.as_secs().saturating_mul(2).saturating_add(5);
    // SAFETY: the closure runs between fork and exec and only calls setrlimit, which is
    // async-signal-safe; it allocates nothing and takes no locks.
    unsafe {
        cmd.pre_exec(move || {
            let set = |res, v: u64| {
                let lim = libc::rlimit {
                    rlim_cur: v as libc::rlim_t,
                    rlim_max: v as libc::rlim_t,
                };
                libc::setrlimit(res, &lim)
            };
            if mem > 0 && set(libc::RLIMIT_AS, mem) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let _ = set(libc::RLIMIT_CORE, 0);
            let _ = set(libc::RLIMIT_CPU, cpu);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit(_cmd: &mut Command, _limits: Limits) {}

#[cfg(test)]
mod tests {
    use super::*;

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
