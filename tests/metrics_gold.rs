//! Metric extraction scored against the hand-checked gold (`tests/gold/seeds.metrics.jsonl`).
//!
//! Runs the real binary (`vanban extract corpus/*.txt`) and matches records by
//! (file, kind, value) occurrence, plus rank and index for rankings and the row code for table
//! rows. Prints precision and recall per kind and every miss and false positive; fails below
//! 0.95 for percent, ratio and rank and below 0.85 for count and amount.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

mod common;

/// The matching key of one record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    doc: String,
    kind: String,
    /// Value in thousandths, so 70.7 and 70.70 are equal.
    milli: i64,
    rank: Option<i64>,
    index: Option<String>,
    row: Option<String>,
}

fn key(doc: &str, m: &Value) -> Key {
    let kind = m["kind"].as_str().unwrap_or("").to_string();
    let ranked = kind == "rank";
    Key {
        doc: doc.to_string(),
        milli: (m["value"].as_f64().unwrap_or(f64::NAN) * 1000.0).round() as i64,
        rank: if ranked { m["rank"].as_i64() } else { None },
        index: if ranked {
            m["index"].as_str().map(str::to_string)
        } else {
            None
        },
        row: m["row"].as_str().map(str::to_string),
        kind,
    }
}

type Bag = BTreeMap<Key, Vec<String>>;

fn predicted() -> Bag {
    let stdout = common::extract_stdout(common::corpus_files("txt"));
    let mut bag = Bag::new();
    for line in stdout.lines() {
        let rec: Value = serde_json::from_str(line).expect("JSON line");
        let doc = common::basename(rec["source"].as_str().unwrap_or(""));
        for m in rec["metrics"].as_array().into_iter().flatten() {
            bag.entry(key(&doc, m))
                .or_default()
                .push(m["text"].as_str().unwrap_or("").to_string());
        }
    }
    bag
}

fn gold() -> Bag {
    let path = common::root().join("tests/gold/seeds.metrics.jsonl");
    let text = std::fs::read_to_string(path).expect("gold file");
    let mut bag = Bag::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let m: Value = serde_json::from_str(line).expect("gold JSON line");
        let doc = m["doc"].as_str().unwrap_or("").to_string();
        bag.entry(key(&doc, &m))
            .or_default()
            .push(m["text"].as_str().unwrap_or("").to_string());
    }
    bag
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(110).collect();
    t.replace('\n', " ")
}

#[test]
fn metrics_match_gold() {
    let gold = gold();
    let pred = predicted();
    let kinds: BTreeSet<String> = gold
        .keys()
        .chain(pred.keys())
        .map(|k| k.kind.clone())
        .collect();
    let mut failures = Vec::new();
    println!("kind      gold  pred    tp  precision  recall");
    for kind in &kinds {
        let (mut tp, mut ng, mut np) = (0usize, 0usize, 0usize);
        for (k, v) in gold.iter().filter(|(k, _)| &k.kind == kind) {
            ng += v.len();
            tp += v.len().min(pred.get(k).map_or(0, Vec::len));
        }
        for (_, v) in pred.iter().filter(|(k, _)| &k.kind == kind) {
            np += v.len();
        }
        let p = if np == 0 { 1.0 } else { tp as f64 / np as f64 };
        let r = if ng == 0 { 1.0 } else { tp as f64 / ng as f64 };
        println!("{kind:8} {ng:5} {np:5} {tp:5}  {p:9.3}  {r:6.3}");
        let bar = match kind.as_str() {
            "percent" | "ratio" | "rank" => 0.95,
            _ => 0.85,
        };
        if p < bar || r < bar {
            failures.push(format!("{kind}: precision {p:.3} recall {r:.3} < {bar}"));
        }
    }
    for (k, v) in &gold {
        let got = pred.get(k).map_or(0, Vec::len);
        for t in v.iter().skip(got) {
            println!("MISS {k:?}\n     {}", short(t));
        }
    }
    for (k, v) in &pred {
        let want = gold.get(k).map_or(0, Vec::len);
        for t in v.iter().skip(want) {
            println!("FP   {k:?}\n     {}", short(t));
        }
    }
    assert!(failures.is_empty(), "below the bar: {failures:?}");
}
