//! References extracted from every `corpus/*.pdf` through the binary, scored against the gold
//! of the text twins (`tests/gold/seeds.references.jsonl`) by (file stem, key) occurrences.
//! Issue 4's bar: recall and precision >= 0.99 for every file. Every miss is printed.

use std::collections::BTreeMap;
mod common;
use common::stem;

#[test]
fn pdf_references_match_gold_per_file() {
    let root = common::root();
    let pdfs = common::corpus_files("pdf");
    let stdout = common::extract_stdout(&pdfs);

    // (stem, key) -> (ours, gold) occurrence counts, plus our surface texts for the report.
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    let mut surfaces: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut seen_files = Vec::new();
    for line in stdout.lines() {
        let rec: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let file = stem(rec["source"].as_str().unwrap_or_default());
        assert!(rec["error"].is_null(), "error in {file}: {}", rec["error"]);
        assert!(
            rec["pages"].as_u64().unwrap_or(0) > 0,
            "{file}: no page count"
        );
        seen_files.push(file.clone());
        for r in rec["references"].as_array().into_iter().flatten() {
            if r["self"].as_bool() == Some(true) {
                continue;
            }
            assert!(
                r["span"]["page"].as_u64().unwrap_or(0) >= 1,
                "{file}: reference without a page: {r}"
            );
            let key = r["key"].as_str().unwrap_or_default().to_string();
            let k = (file.clone(), key);
            counts.entry(k.clone()).or_default().0 += 1;
            surfaces
                .entry(k)
                .or_default()
                .push(r["text"].as_str().unwrap_or_default().replace('\n', "⏎"));
        }
    }
    assert_eq!(seen_files.len(), pdfs.len(), "one record per PDF");

    let gold =
        std::fs::read_to_string(root.join("tests/gold/seeds.references.jsonl")).expect("gold");
    let mut gold_surface: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: serde_json::Value = serde_json::from_str(line).expect("gold JSON");
        let k = (
            stem(g["doc"].as_str().unwrap_or_default()),
            g["key"].as_str().unwrap_or_default().to_string(),
        );
        if !seen_files.contains(&k.0) {
            continue;
        }
        counts.entry(k.clone()).or_default().1 += 1;
        gold_surface
            .entry(k)
            .or_default()
            .push(g["surface"].as_str().unwrap_or_default().to_string());
    }

    // Per file: tp, fp, fn.
    let mut per_file: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for f in &seen_files {
        per_file.entry(f.clone()).or_default();
    }
    for ((file, key), (o, g)) in &counts {
        let e = per_file.entry(file.clone()).or_default();
        let tp = o.min(g);
        e.0 += tp;
        if g > o {
            e.2 += g - o;
            let s = gold_surface.get(&(file.clone(), key.clone()));
            println!("MISS  {file} {key} x{} (gold: {:?})", g - o, s);
        }
        if o > g {
            e.1 += o - g;
            let s = surfaces.get(&(file.clone(), key.clone()));
            println!("FALSE {file} {key} x{} (ours: {:?})", o - g, s);
        }
    }
    let mut failures = Vec::new();
    for (file, (tp, fp, fn_)) in &per_file {
        let p = *tp as f64 / (tp + fp).max(1) as f64;
        let r = *tp as f64 / (tp + fn_).max(1) as f64;
        println!("{file}: tp {tp} fp {fp} fn {fn_} precision {p:.4} recall {r:.4}");
        if p < 0.99 || r < 0.99 {
            failures.push(format!("{file} (precision {p:.4}, recall {r:.4})"));
        }
    }
    assert!(
        failures.is_empty(),
        "below 0.99 precision or recall: {}",
        failures.join(", ")
    );
}
