//! `vanban extract corpus/` stays byte-identical across refactorings: the blake3 hash of every
//! record is kept in `tests/snapshots/extract-corpus.b3` (one `hash<TAB>source` line per file,
//! in output order). A change of behaviour is made on purpose by re-running this test with
//! `VANBAN_BLESS=1`, which rewrites the file; the diff of that file then shows which records
//! changed, and the commit says why.

use std::path::Path;
use std::process::Command;
mod common;

#[test]
fn extract_corpus_output_is_unchanged() {
    let root = common::root();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(root)
        .args(["extract", "--jobs", "2", "corpus/"])
        .env_remove("VANBAN_NO_METRICS")
        .env_remove("VANBAN_PATTERNS")
        .output()
        .expect("run vanban extract");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "vanban extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 JSON Lines");
    let mut got = String::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let source = v["source"].as_str().unwrap_or_default();
        got.push_str(&format!(
            "{}\t{source}\n",
            blake3::hash(line.as_bytes()).to_hex()
        ));
    }
    let path = root.join("tests/snapshots/extract-corpus.b3");
    if std::env::var_os("VANBAN_BLESS").is_some() {
        std::fs::write(&path, &got).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("snapshot file (VANBAN_BLESS=1 writes it)");
    let source = |l: &str| {
        l.split_once('\t')
            .map(|(_, s)| s.to_string())
            .unwrap_or_default()
    };
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut diffs = Vec::new();
    for l in &g {
        if !w.contains(l) {
            diffs.push(format!("changed or new: {}", source(l)));
        }
    }
    for l in &w {
        if !g.iter().any(|x| source(x) == source(l)) {
            diffs.push(format!("missing: {}", source(l)));
        }
    }
    if diffs.is_empty() && w != g {
        diffs.push("same records, different order".into());
    }
    assert!(
        diffs.is_empty(),
        "`vanban extract corpus/` output differs from {} ({} records):\n{}",
        Path::new("tests/snapshots/extract-corpus.b3").display(),
        g.len(),
        diffs.join("\n")
    );
}
