//! Child processes run under limits: their own process group, an address-space limit
//! (RLIMIT_AS), no core dumps, a CPU-time backstop and a wall-clock limit after which the whole
//! group is killed. Used by the PDF worker and by every external program (Tesseract, pdftoppm,
//! antiword, catdoc), so that one crashing, hanging or memory-hungry input costs that input and
//! never the batch. Callers turn the [`Outcome`] into their own errors.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Limits of one child process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock limit; the child's process group is killed after it.
    pub timeout: Duration,
    /// Address-space limit in bytes (RLIMIT_AS), 0 for none.
    pub memory_bytes: u64,
}

/// How a child ended and what it printed.
#[derive(Debug)]
pub struct Outcome {
    /// Its exit status, `None` when it was killed at the time limit.
    pub status: Option<ExitStatus>,
    /// Everything it wrote on standard output.
    pub stdout: Vec<u8>,
    /// The first `stderr_cap` bytes it wrote on standard error (the rest is drained).
    pub stderr: Vec<u8>,
}

/// Why a child could not be run at all.
#[derive(Debug)]
pub enum SpawnError {
    /// Starting it failed (`NotFound` when the program is not installed).
    Start(std::io::Error),
    /// Waiting for it failed (it was killed).
    Wait(std::io::Error),
}

/// Run `cmd` under `limits` with `input` on standard input (standard input is closed when
/// `input` is empty); standard output and error are always captured.
pub fn run(
    mut cmd: Command,
    input: &[u8],
    limits: Limits,
    stderr_cap: usize,
) -> Result<Outcome, SpawnError> {
    cmd.stdin(if input.is_empty() {
        Stdio::null()
    } else {
        Stdio::piped()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    limit(&mut cmd, limits);
    let mut child = cmd.spawn().map_err(SpawnError::Start)?;
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
    let cap = stderr_cap as u64;
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(s) = se.as_mut() {
            let _ = s.take(cap).read_to_end(&mut v);
            // Keep draining so the child never blocks on a full stderr pipe.
            let _ = std::io::copy(s, &mut std::io::sink());
        }
        v
    });
    let start = Instant::now();
    let mut nap = Duration::from_micros(200);
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
                return Err(SpawnError::Wait(e));
            }
        }
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Ok(Outcome {
        status,
        stdout: out_t.join().unwrap_or_default(),
        stderr: err_t.join().unwrap_or_default(),
    })
}

/// The last non-blank line of a child's standard error, at most 300 characters.
pub fn last_line(stderr: &[u8]) -> String {
    let s = String::from_utf8_lossy(stderr);
    let last = s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    last.chars().take(300).collect()
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
    // Its own process group, so a timeout kills everything the child started.
    cmd.process_group(0);
    let mem = limits.memory_bytes;
    // A CPU-time backstop in case this process dies and can no longer kill the child.
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
            // No core dumps from crashing children; failure here is harmless.
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

    fn sh(script: &str, ms: u64, mem: u64, input: &[u8]) -> Outcome {
        let mut c = Command::new("/bin/sh");
        c.args(["-c", script]);
        run(
            c,
            input,
            Limits {
                timeout: Duration::from_millis(ms),
                memory_bytes: mem,
            },
            1 << 16,
        )
        .unwrap()
    }

    #[test]
    fn output_input_and_exit_status() {
        let o = sh("cat; echo err >&2; exit 3", 5000, 0, b"abc");
        assert_eq!(o.stdout, b"abc");
        assert_eq!(o.status.and_then(|s| s.code()), Some(3));
        assert_eq!(last_line(&o.stderr), "err");
    }

    #[test]
    fn a_hanging_child_and_its_group_are_killed() {
        let t = Instant::now();
        // The background sleep is in the same group: the pipe closes only when it dies too.
        let o = sh("sleep 30 & sleep 30", 300, 0, b"");
        assert!(o.status.is_none());
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    }

    #[test]
    fn the_memory_limit_applies() {
        let o = sh("ulimit -v", 5000, 256 << 20, b"");
        assert_eq!(o.stdout, b"262144\n");
    }

    #[test]
    fn a_missing_program_is_not_found() {
        let e = run(
            Command::new("/nonexistent/program"),
            b"",
            Limits {
                timeout: Duration::from_secs(1),
                memory_bytes: 0,
            },
            100,
        )
        .unwrap_err();
        assert!(
            matches!(&e, SpawnError::Start(e) if e.kind() == std::io::ErrorKind::NotFound),
            "{e:?}"
        );
    }

    #[test]
    fn a_huge_stderr_is_capped_and_drained() {
        let o = sh("head -c 1000000 /dev/zero >&2; echo done", 10_000, 0, b"");
        assert_eq!(o.stderr.len(), 1 << 16);
        assert_eq!(o.stdout, b"done\n");
    }
}
