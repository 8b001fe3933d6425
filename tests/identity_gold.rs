//! Every document knows who it is (issue 12, `docs/spec/identity.md`): own number (key),
//! kind, locality and date of the documents annotated by reading in
//! `tests/gold/wild.identity.jsonl` (web copies, Gazette PDFs, precedents, Word files) and
//! `tests/gold/seeds.identity.jsonl` (the five reports), scored field by field through the
//! real `vanban extract`. Prints accuracy per field and every miss; fails below 0.97.

use std::collections::BTreeMap;
mod common;

const BAR: f64 = 0.97;

fn gold() -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for f in ["seeds.identity.jsonl", "wild.identity.jsonl"] {
        let text =
            std::fs::read_to_string(common::root().join("tests/gold").join(f)).expect("gold");
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(serde_json::from_str(l).expect("gold JSON line"));
        }
    }
    out
}

#[test]
fn own_identity_matches_gold() {
    let gold = gold();
    assert!(
        gold.len() >= 65,
        "identity gold looks truncated: {}",
        gold.len()
    );
    let paths: Vec<std::path::PathBuf> = gold
        .iter()
        .map(|g| {
            common::root()
                .join("corpus")
                .join(g["doc"].as_str().expect("doc"))
        })
        .collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["extract", "--jobs", "2", "--no-metrics"])
        .args(&paths)
        .env_remove("VANBAN_PATTERNS")
        .output()
        .expect("run vanban extract");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let mut by_source: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for l in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
        by_source.insert(v["source"].as_str().unwrap_or_default().to_string(), v);
    }
    let mut report = String::new();
    let mut failed = Vec::new();
    for field in ["key", "kind", "locality", "date"] {
        let mut right = 0;
        let mut misses = Vec::new();
        for (g, p) in gold.iter().zip(&paths) {
            let rec = by_source.get(&p.display().to_string());
            let got = rec
                .and_then(|r| r["document"][field].as_str())
                .map(str::to_string);
            let want = g[field].as_str().map(str::to_string);
            if got == want {
                right += 1;
            } else {
                let err = rec.and_then(|r| r["error"].as_str()).unwrap_or("");
                misses.push(format!(
                    "  {} [{}]: want {want:?}, got {got:?} {err}",
                    g["doc"].as_str().unwrap_or(""),
                    g["layout"].as_str().unwrap_or("")
                ));
            }
        }
        let acc = right as f64 / gold.len() as f64;
        report.push_str(&format!(
            "{field:9} accuracy {acc:.3} ({right}/{})\n{}",
            gold.len(),
            misses.iter().map(|m| format!("{m}\n")).collect::<String>()
        ));
        if acc < BAR {
            failed.push(format!("{field} {acc:.3}"));
        }
    }
    println!("{report}");
    assert!(failed.is_empty(), "below {BAR}: {failed:?}\n{report}");
}
