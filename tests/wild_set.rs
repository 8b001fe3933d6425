//! The wild set (issue 12): every file gets a record without error; every clause that opens
//! with "Căn cứ" and names a numbered document gives `based_on` (web copies wrap them in
//! `*...*`); no markup (`**`, `*`, `|`) reaches reference texts, evidence or header fields.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
mod common;

fn run(args: &[&str]) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(common::root())
        .args(args)
        .env_remove("VANBAN_PATTERNS")
        .output()
        .expect("run vanban");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn records() -> &'static Vec<serde_json::Value> {
    static R: std::sync::OnceLock<Vec<serde_json::Value>> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        run(&[
            "extract",
            "--jobs",
            "2",
            "--no-metrics",
            "corpus/wild/text",
            "corpus/wild/pdf",
            "corpus/wild/doc",
        ])
    })
}

#[test]
fn every_wild_file_gets_a_record_without_error() {
    let recs = records();
    let on_disk = ["text", "pdf", "doc"]
        .iter()
        .map(|d| {
            std::fs::read_dir(common::root().join("corpus/wild").join(d))
                .expect("dir")
                .count()
        })
        .sum::<usize>();
    assert_eq!(recs.len(), on_disk);
    let errors: Vec<String> = recs
        .iter()
        .filter(|r| !r["error"].is_null())
        .map(|r| format!("{}: {}", r["source"], r["error"]))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The first sentence of a paragraph: to the first ". " before a capital, or ";".
fn first_sentence(p: &str) -> &str {
    let b = p.as_bytes();
    for (i, c) in p.char_indices() {
        if c == ';' {
            return &p[..i];
        }
        if c == '.'
            && b.get(i + 1) == Some(&b' ')
            && p[i + 2..].chars().next().is_some_and(char::is_uppercase)
        {
            return &p[..i];
        }
    }
    p
}

#[test]
fn every_basis_clause_gives_based_on() {
    let texts: BTreeMap<String, String> = run(&["normalize", "--json", "corpus/wild/text"])
        .into_iter()
        .map(|v| {
            (
                v["source"].as_str().unwrap_or_default().to_string(),
                v["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let (mut clauses, mut missed) = (0, Vec::new());
    for r in records() {
        let Some(text) = texts.get(r["source"].as_str().unwrap_or_default()) else {
            continue;
        };
        let based: BTreeSet<&str> = r["relations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|x| x["rel"] == "based_on")
            .filter_map(|x| x["to"].as_str())
            .collect();
        for para in text
            .lines()
            .map(str::trim)
            .filter(|p| p.starts_with("Căn cứ"))
        {
            let clause = first_sentence(para);
            let keys: Vec<&str> = r["references"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|x| x["self"] == false)
                .filter(|x| x["text"].as_str().is_some_and(|t| clause.contains(t)))
                .filter_map(|x| x["key"].as_str())
                .collect();
            if keys.is_empty() {
                continue;
            }
            clauses += 1;
            if !keys.iter().any(|k| based.contains(k)) {
                missed.push(format!(
                    "{}: {}",
                    r["source"],
                    clause.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    println!(
        "basis clauses naming a numbered document: {clauses}, without based_on: {}",
        missed.len()
    );
    assert!(clauses >= 500, "too few basis clauses found: {clauses}");
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn no_markup_in_reference_texts_evidence_or_header_fields() {
    let mut bad = Vec::new();
    let marked = |s: &str| s.contains("**") || s.contains('|') || s.contains("\\-");
    for r in records() {
        let src = r["source"].as_str().unwrap_or_default();
        for x in r["references"].as_array().into_iter().flatten() {
            let t = x["text"].as_str().unwrap_or_default();
            if marked(t) || t.contains('*') {
                bad.push(format!("{src}: reference {t:?}"));
            }
        }
        for x in r["relations"].as_array().into_iter().flatten() {
            let t = x["evidence"].as_str().unwrap_or_default();
            if marked(t) {
                bad.push(format!("{src}: evidence {t:?}"));
            }
        }
        let d = &r["document"];
        for f in [
            "number",
            "kind",
            "subject",
            "place",
            "signer",
            "signing_capacity",
        ] {
            if let Some(t) = d[f].as_str() {
                if marked(t) || t.contains('*') {
                    bad.push(format!("{src}: {f} {t:?}"));
                }
            }
        }
        for t in d["issuing_body"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
        {
            if marked(t) || t.contains('*') {
                bad.push(format!("{src}: issuing_body {t:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} markup leaks:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
