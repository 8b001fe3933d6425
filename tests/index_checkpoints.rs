//! `vanban ingest` checkpoints: a run killed after a checkpoint keeps it, a re-run goes on
//! from there and ends with the index and graph of a clean ingest; and the index commands
//! end quietly when their reader goes away (`| head -1`).

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_INDEX").env_remove("VANBAN_PATTERNS");
    c
}

/// `n` distinct documents citing each other, each a real report body under its own header.
fn write_docs(dir: &Path, n: usize) {
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/002_5703a52f2346975e.txt"
    ))
    .expect("corpus file");
    for i in 0..n {
        let sub = dir.join(format!("{:03}", i / 100));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let text = format!(
            "SỞ THỬ NGHIỆM\nSố: {}/KH-SKHCN\n\nKẾ HOẠCH\nThử nghiệm số {i}\n\nThực hiện Kế hoạch số \
             {}/KH-SKHCN ngày 02/01/2024 và Kế hoạch số {}/KH-SKHHCN ngày 02/01/2024.\n{body}",
            i + 1,
            (i * 7) % n + 1,
            (i * 13) % n + 1,
        );
        std::fs::write(sub.join(format!("d{i:05}.txt")), text).expect("write");
    }
}

fn ingest(index: &Path, docs: &Path, extra: &[&str]) -> String {
    let out = vanban()
        .arg("ingest")
        .arg("--index")
        .arg(index)
        .args(extra)
        .arg(docs)
        .output()
        .expect("run ingest");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "ingest failed: {err}");
    err
}

fn committed(index: &Path) -> usize {
    vanban_index::Index::open(index).map_or(0, |ix| ix.len() as usize)
}

fn paths(index: &Path) -> Vec<String> {
    let ix = vanban_index::Index::open(index).expect("index opens");
    ix.records()
        .expect("records")
        .into_iter()
        .map(|r| r.source)
        .collect()
}

#[test]
fn killed_after_a_checkpoint_a_rerun_completes_as_a_clean_ingest() {
    let docs = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    let clean = tempfile::tempdir().expect("tempdir");
    let n = 800;
    write_docs(docs.path(), n);
    let mut child = vanban()
        .args([
            "ingest",
            "--commit-every",
            "50",
            "--commit-secs",
            "3600",
            "--index",
        ])
        .arg(index.path())
        .arg(docs.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ingest");
    // SIGKILL as soon as the first checkpoint is visible.
    let started = Instant::now();
    while committed(index.path()) == 0 {
        assert!(
            child.try_wait().expect("try_wait").is_none(),
            "ingest ended before the first checkpoint was seen"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no checkpoint"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let finished_early = child.try_wait().expect("try_wait").is_some();
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert!(
        !finished_early,
        "ingest of {n} files finished: make the batch larger"
    );

    // What was killed holds whole checkpoints only, each document once, and its graph loads.
    let kept = paths(index.path());
    assert!(!kept.is_empty() && kept.len() < n, "{} of {n}", kept.len());
    assert_eq!(kept.len() % 50, 0, "a partial batch was committed");
    assert_eq!(kept.iter().collect::<HashSet<_>>().len(), kept.len());
    let g = vanban_index::Index::open(index.path())
        .expect("open")
        .graph()
        .expect("graph of the checkpoint");
    assert_eq!(g.file_count(), kept.len());

    // The re-run skips what was committed and completes the rest.
    let out = ingest(index.path(), docs.path(), &["--commit-every", "50"]);
    assert!(
        out.contains(&format!("{} indexed", n - kept.len()))
            && out.contains(&format!("{} skipped", kept.len())),
        "{out}"
    );
    let all = paths(index.path());
    assert_eq!(all.len(), n);
    assert_eq!(
        all.iter().collect::<HashSet<_>>().len(),
        n,
        "a document twice"
    );

    // Same documents and same graph as one clean ingest of the same files.
    ingest(clean.path(), docs.path(), &[]);
    let mut a = all.clone();
    let mut b = paths(clean.path());
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let resumed = vanban_index::Index::open(index.path())
        .expect("open")
        .graph()
        .expect("graph");
    let fresh = vanban_index::Index::open(clean.path())
        .expect("open")
        .graph()
        .expect("graph");
    assert!(resumed.edge_count() > n, "edges: {}", resumed.edge_count());
    assert!(!fresh.merges().is_empty(), "the SKHHCN typo is merged");
    assert!(
        resumed == fresh,
        "the resumed graph differs from a clean ingest's"
    );
}

/// Run a command whose standard output is closed before it writes: it must end with
/// status 0 and say nothing of a broken pipe.
fn closed_stdout(args: &[&str], index: &Path) {
    let mut child = vanban()
        .args(args)
        .arg("--index")
        .arg(index)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    assert!(
        !err.to_lowercase().contains("broken pipe"),
        "{args:?}: {err}"
    );
}

#[test]
fn index_commands_end_quietly_on_a_closed_pipe() {
    let docs = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    write_docs(docs.path(), 30);
    ingest(index.path(), docs.path(), &[]);
    for args in [
        &["search", "--limit", "30", "ke hoach"][..],
        &["search", "--json", "--limit", "30", "2/KH-SKHCN"],
        &["show", "2/KH-SKHCN"],
        &["cites", "2/KH-SKHCN"],
        &["cited-by", "--json", "2/KH-SKHCN"],
        &["trace", "--down", "--rel", "cites", "2/KH-SKHCN"],
        &["graph", "--format", "json"],
    ] {
        closed_stdout(args, index.path());
    }
}
