//! `vanban ingest`: incremental by content hash, replace on change, prune, and atomic under kill.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_INDEX").env_remove("VANBAN_PATTERNS");
    c
}

fn corpus_text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    std::fs::read_to_string(&names[0]).expect("read corpus")
}

/// `n` distinct documents: a real report body under a unique header.
fn write_docs(dir: &Path, n: usize, from: usize) {
    let body = corpus_text();
    for i in from..from + n {
        let sub = dir.join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let text = format!(
            "SỞ THỬ NGHIỆM\nSố: {i}/KH-STN\n\nKẾ HOẠCH\nThử nghiệm số {i}\n\nThực hiện Kế hoạch số {}/KH-STN ngày 02/01/2024.\n{body}",
            i + 100_000
        );
        std::fs::write(sub.join(format!("d{i:05}.txt")), text).expect("write");
    }
}

fn ingest(index: &Path, args: &[&Path], extra: &[&str]) -> String {
    let out = vanban()
        .arg("ingest")
        .arg("--index")
        .arg(index)
        .args(extra)
        .args(args)
        .output()
        .expect("run ingest");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "ingest failed: {err}");
    err
}

fn paths(index: &Path) -> Vec<String> {
    let ix = vanban_index::Index::open(index).expect("index opens");
    ix.records()
        .expect("records")
        .into_iter()
        .map(|r| r.source)
        .collect()
}

fn assert_unique(p: &[String]) {
    let set: HashSet<&String> = p.iter().collect();
    assert_eq!(set.len(), p.len(), "a document is indexed twice");
}

#[test]
fn ingest_twice_same_count_then_change_and_prune() {
    let docs = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    write_docs(docs.path(), 20, 0);
    let first = ingest(index.path(), &[docs.path()], &[]);
    assert!(first.contains("20 indexed"), "{first}");
    let before = paths(index.path());
    assert_eq!(before.len(), 20);
    let again = ingest(index.path(), &[docs.path()], &[]);
    assert!(
        again.contains("0 indexed") && again.contains("20 skipped"),
        "{again}"
    );
    assert_eq!(paths(index.path()).len(), 20);
    // The same files named another way are the same entries.
    let one = docs.path().join("000/d00003.txt");
    let again = ingest(index.path(), &[one.as_path()], &[]);
    assert!(again.contains("1 skipped"), "{again}");

    // A changed file replaces its entry: the new number is found, the old one is gone.
    let changed = docs.path().join("000/d00007.txt");
    let text = std::fs::read_to_string(&changed)
        .expect("read")
        .replace("Số: 7/KH-STN", "Số: 4242/KH-STN");
    std::fs::write(&changed, text).expect("write");
    let out = ingest(index.path(), &[docs.path()], &[]);
    assert!(
        out.contains("1 indexed") && out.contains("19 skipped"),
        "{out}"
    );
    let after = paths(index.path());
    assert_eq!(after.len(), 20);
    assert_unique(&after);
    let ix = vanban_index::Index::open(index.path()).expect("open");
    let found = ix.show("4242/KH-STN").expect("show");
    assert_eq!(found.len(), 1, "new number not found");
    assert!(found[0].record.source.ends_with("d00007.txt"));
    assert!(
        ix.show("7/KH-STN").expect("show").is_empty(),
        "old entry kept"
    );
    drop(ix);

    // --prune drops entries whose file is gone.
    std::fs::remove_file(docs.path().join("000/d00011.txt")).expect("rm");
    let out = ingest(index.path(), &[docs.path()], &["--prune"]);
    assert!(out.contains("1 pruned"), "{out}");
    let after = paths(index.path());
    assert_eq!(after.len(), 19);
    assert!(!after.iter().any(|p| p.ends_with("d00011.txt")));
}

#[test]
fn killed_ingest_leaves_previous_commit_and_rerun_completes() {
    let docs = tempfile::tempdir().expect("tempdir");
    let index = tempfile::tempdir().expect("tempdir");
    write_docs(docs.path(), 10, 0);
    ingest(index.path(), &[docs.path()], &[]);
    assert_eq!(paths(index.path()).len(), 10);
    let graph_before = vanban_index::Index::open(index.path())
        .expect("open")
        .graph();
    assert!(graph_before.is_ok(), "graph of the first commit loads");

    write_docs(docs.path(), 1500, 10);
    let started = Instant::now();
    let mut child = vanban()
        .arg("ingest")
        .arg("--index")
        .arg(index.path())
        .arg(docs.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ingest");
    // Kill once it is well into the batch: segment files appear as tantivy flushes or after
    // a fixed time, whichever first.
    std::thread::sleep(Duration::from_millis(400));
    let still_running = child.try_wait().expect("try_wait").is_none();
    assert!(
        still_running,
        "ingest of 1500 files finished in {:?}: make the batch larger",
        started.elapsed()
    );
    child.kill().expect("kill");
    child.wait().expect("wait");

    // The index opens and holds exactly the previous commit.
    let p = paths(index.path());
    assert_eq!(p.len(), 10, "a killed batch changed the index");
    assert!(vanban_index::Index::open(index.path())
        .expect("open")
        .graph()
        .is_ok());

    // The next run completes the batch, each document once.
    ingest(index.path(), &[docs.path()], &[]);
    let p = paths(index.path());
    assert_eq!(p.len(), 1510);
    assert_unique(&p);
    let leftovers: Vec<_> = std::fs::read_dir(index.path())
        .expect("ls")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("graph-") || n.starts_with(".graph-"))
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "old graph files not collected: {leftovers:?}"
    );
}
