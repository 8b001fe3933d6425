//! The bundled copies of `../shared` (corpus, gold answers, spec) must stay identical to it:
//! the project works from a fresh clone without `../shared`, but when it is there (as in CI)
//! a drift means tests score against stale answers. `just sync-shared` copies them again.

use std::path::{Path, PathBuf};

/// (directory in ../shared, directory in the repo, file extensions compared).
const PAIRS: &[(&str, &str, &[&str])] = &[
    ("seeds", "corpus", &["txt"]),
    ("corpus-pdf", "corpus", &["pdf"]),
    ("gold", "tests/gold", &["jsonl"]),
    ("spec", "docs/spec", &["md"]),
    ("wild", "corpus/wild", &["md", "tsv"]),
    ("wild/text", "corpus/wild/text", &["txt"]),
    ("wild/pdf", "corpus/wild/pdf", &["pdf"]),
    ("wild/doc", "corpus/wild/doc", &["doc"]),
];

fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| exts.contains(&e))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn bundled_copies_match_shared() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    if !shared.join("gold").is_dir() {
        println!("no ../shared next to the checkout: nothing to compare");
        return;
    }
    let mut drift = Vec::new();
    for (from, to, exts) in PAIRS {
        for src in files(&shared.join(from), exts) {
            let name = src.file_name().expect("file name");
            let dst = root.join(to).join(name);
            let same = std::fs::read(&dst).ok() == std::fs::read(&src).ok();
            if !same {
                drift.push(format!("{} != {}", dst.display(), src.display()));
            }
        }
    }
    assert!(
        drift.is_empty(),
        "bundled copies differ from ../shared (run `just sync-shared`):\n{}",
        drift.join("\n")
    );
}
