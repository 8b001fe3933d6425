//! A batch never stops and loses nothing (issue 11): bad paths and files get records or
//! warnings, special files are skipped, records stream out in order, closed pipes end
//! quietly, `--jobs` is capped, `-o -` is standard output, size limits name their flag.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
mod common;

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_PATTERNS")
        .env_remove("VANBAN_NO_METRICS")
        .env_remove("VANBAN_PDF_WORKER");
    c
}

fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

const REPORT: &str =
    "Thực hiện Kế hoạch số 184/KH-UBND ngày 07/12/2021 của UBND tỉnh, Sở đã triển khai.\n";

#[test]
fn loops_fifos_missing_paths_and_empty_folders_do_not_stop_the_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("a.txt"), REPORT).expect("write");
    std::fs::create_dir(d.join("sub")).expect("mkdir");
    std::fs::write(d.join("sub/b.txt"), REPORT).expect("write");
    std::os::unix::fs::symlink(d, d.join("sub/loop")).expect("symlink");
    let fifo = d.join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    std::fs::create_dir(d.join("empty")).expect("mkdir");
    let missing = d.join("missing.txt");
    let out = vanban()
        .arg("extract")
        .arg(d)
        .arg(&missing)
        .arg(d.join("empty"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    let recs = records(&out.stdout);
    let sources: Vec<&str> = recs
        .iter()
        .map(|r| r["source"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(sources.len(), 3, "{sources:?}\n{err}");
    assert!(sources[0].ends_with("/a.txt") && sources[1].ends_with("sub/b.txt"));
    assert_eq!(recs[0]["references"][0]["key"], "184/KH-UBND");
    assert!(sources[2].ends_with("missing.txt"));
    assert_eq!(recs[2]["error"], "cannot read: no such file or directory");
    assert!(err.contains("symlink loop"), "{err}");
    assert!(err.contains("a FIFO"), "{err}");
    assert!(err.contains("no document found"), "{err}");
    // A missing file failed: status 1, and the rest is there.
    assert_eq!(out.status.code(), Some(1), "{err}");
}

#[test]
fn stray_nul_bytes_keep_the_references_and_binary_files_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = REPORT.repeat(200).into_bytes();
    text.insert(300, 0);
    std::fs::write(dir.path().join("nul.txt"), &text).expect("write");
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend(std::iter::repeat_n(0u8, 4000));
    std::fs::write(dir.path().join("old.txt"), &doc).expect("write");
    let out = vanban()
        .arg("extract")
        .arg(dir.path())
        .output()
        .expect("run");
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 2);
    let nul = &recs[0];
    assert!(nul["error"].is_null(), "{nul}");
    assert!(!nul["references"].as_array().expect("refs").is_empty());
    let kinds: Vec<&str> = nul["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"decode"), "{kinds:?}");
    let e = recs[1]["error"].as_str().expect("binary error");
    assert!(e.contains("Word 97"), "{e}");
}

#[test]
fn records_stream_out_before_the_batch_ends() {
    // The second file is a PDF whose worker takes 20 seconds (a fake worker): the first
    // record must be readable long before that.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), REPORT).expect("write");
    std::fs::write(dir.path().join("b.pdf"), b"%PDF-1.4\n").expect("write");
    let worker = dir.path().join("slow-worker.sh");
    std::fs::write(&worker, "#!/bin/sh\nsleep 20\n").expect("write");
    let mut perm = std::fs::metadata(&worker).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(&worker, perm).expect("chmod");
    let started = Instant::now();
    let mut child = vanban()
        .args(["extract", "--jobs", "2"])
        .arg(dir.path())
        .env("VANBAN_PDF_WORKER", &worker)
        .env("VANBAN_PDF_TIMEOUT", "30")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let waited = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("a.txt"), "{line}");
    assert!(
        waited < Duration::from_secs(15),
        "first record after {waited:?}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    let corpus = common::root().join("corpus");
    let mut child = vanban()
        .args(["extract", "--jobs", "1"])
        .arg(&corpus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        let mut r = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        r.read_line(&mut line).expect("read one record");
        // Dropping the reader closes the pipe, as `| head -1` does.
    }
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
}

#[test]
fn jobs_are_capped_and_dash_is_standard_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("a.txt");
    std::fs::write(&f, REPORT).expect("write");
    let out = vanban()
        .args(["extract", "--jobs", "100000", "-o", "-"])
        .arg(&f)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("using 256"));
    assert_eq!(records(&out.stdout).len(), 1);
    let out = vanban()
        .args(["extract", "--jobs", "0"])
        .arg(&f)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert_eq!(records(&out.stdout).len(), 1);
}

#[test]
fn a_file_over_the_size_limit_names_the_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("big.txt");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&f).expect("create"));
    for _ in 0..(3 << 20) / REPORT.len() + 1 {
        w.write_all(REPORT.as_bytes()).expect("write");
    }
    drop(w);
    let out = vanban()
        .args(["extract", "--max-file-size", "2"])
        .arg(&f)
        .output()
        .expect("run");
    let recs = records(&out.stdout);
    let e = recs[0]["error"].as_str().expect("size error");
    assert!(e.contains("--max-file-size"), "{e}");
    assert_eq!(out.status.code(), Some(1));
    let out = vanban()
        .args(["extract", "--max-file-size", "8"])
        .arg(&f)
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(Path::new(&f).exists());
}
