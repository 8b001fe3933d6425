//! Accuracy of `vanban extract` against the hand-checked references of the five reports
//! (`tests/gold/seeds.references.jsonl`): occurrences compared by (file, key) as multisets.
//! Fails below F1 0.99 or date accuracy 0.98 (issue 3).

use std::collections::BTreeMap;
use std::path::Path;
mod common;
use common::basename;

type Occ = (String, Option<String>, String, String); // (date, kind, text) per key, in order

#[test]
fn references_match_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stdout = common::extract_stdout(common::corpus_files("txt"));

    // (file, key) -> occurrences in order.
    let mut ours: BTreeMap<(String, String), Vec<Occ>> = BTreeMap::new();
    for line in stdout.lines() {
        let rec: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert!(
            rec["error"].is_null(),
            "error in {}: {}",
            rec["source"],
            rec["error"]
        );
        let file = basename(rec["source"].as_str().unwrap_or_default());
        for r in rec["references"].as_array().into_iter().flatten() {
            if r["self"].as_bool() == Some(true) {
                continue;
            }
            let key = r["key"].as_str().unwrap_or_default().to_string();
            ours.entry((file.clone(), key)).or_default().push((
                String::new(),
                r["date"].as_str().map(str::to_string),
                r["kind"].as_str().unwrap_or_default().to_string(),
                r["text"]
                    .as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
        }
    }
    let mut gold: BTreeMap<(String, String), Vec<Occ>> = BTreeMap::new();
    let gold_text =
        std::fs::read_to_string(root.join("tests/gold/seeds.references.jsonl")).expect("gold");
    for line in gold_text.lines().filter(|l| !l.trim().is_empty()) {
        let g: serde_json::Value = serde_json::from_str(line).expect("gold JSON");
        gold.entry((
            g["doc"].as_str().unwrap_or_default().to_string(),
            g["key"].as_str().unwrap_or_default().to_string(),
        ))
        .or_default()
        .push((
            g["seq"].to_string(),
            g["date"].as_str().map(str::to_string),
            g["kind"].as_str().unwrap_or_default().to_string(),
            g["surface"].as_str().unwrap_or_default().to_string(),
        ));
    }

    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut date_ok, mut kind_ok) = (0usize, 0usize);
    let mut report = Vec::new();
    let keys: std::collections::BTreeSet<_> = ours.keys().chain(gold.keys()).cloned().collect();
    for k in keys {
        let o = ours.get(&k).map(Vec::as_slice).unwrap_or_default();
        let g = gold.get(&k).map(Vec::as_slice).unwrap_or_default();
        let n = o.len().min(g.len());
        tp += n;
        for (a, b) in o.iter().zip(g) {
            if a.1 == b.1 {
                date_ok += 1;
            } else {
                report.push(format!(
                    "DATE  {} {}: ours {:?} gold {:?} ({})",
                    k.0, k.1, a.1, b.1, b.3
                ));
            }
            if a.2 == b.2 {
                kind_ok += 1;
            } else {
                report.push(format!(
                    "KIND  {} {}: ours {:?} gold {:?} ({})",
                    k.0, k.1, a.2, b.2, b.3
                ));
            }
        }
        for x in &g[n..] {
            fn_ += 1;
            report.push(format!(
                "MISS  {} {} (gold seq {}: {:?})",
                k.0, k.1, x.0, x.3
            ));
        }
        for x in &o[n..] {
            fp += 1;
            report.push(format!("FALSE {} {} ({:?})", k.0, k.1, x.3));
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let da = date_ok as f64 / tp.max(1) as f64;
    let ka = kind_ok as f64 / tp.max(1) as f64;
    for l in &report {
        println!("{l}");
    }
    println!(
        "references: tp {tp} fp {fp} fn {fn_} precision {p:.4} recall {r:.4} F1 {f1:.4}; date accuracy {da:.4}; kind accuracy {ka:.4}"
    );
    assert!(f1 >= 0.99, "F1 {f1:.4} below 0.99");
    assert!(da >= 0.98, "date accuracy {da:.4} below 0.98");
}
