//! `vanban search` on the five real reports, through the binary with `--index <tempdir>`.
//! Expected answers come from `tests/gold/seeds.references.jsonl`, never hard-coded.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
mod common;

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_INDEX").env_remove("VANBAN_PATTERNS");
    c
}

/// One index of the seed reports shared by the tests of this file (ingest is the slow part).
fn index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = vanban()
            .arg("ingest")
            .arg("--index")
            .arg(dir.path())
            // The five seed reports (text and PDF), which the gold covers; the wild set has
            // its own tests.
            .args(common::corpus_files("txt"))
            .args(common::corpus_files("pdf"))
            .output()
            .expect("run ingest");
        // Exit 1 means some file failed (reported); the index must still hold the rest.
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
}

fn search(args: &[&str]) -> Vec<serde_json::Value> {
    let out = vanban()
        .arg("search")
        .arg("--index")
        .arg(index())
        .args(["--json", "--limit", "1000"])
        .args(args)
        .output()
        .expect("run search");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "search {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON array")
}

/// File name without directory and extension: the txt and pdf of one report agree.
fn stem(source: &str) -> String {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_owned()
}

/// Gold: canonical key -> reports citing it.
fn gold() -> HashMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/gold/seeds.references.jsonl"
    ))
    .expect("gold");
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("gold line");
        let (Some(key), Some(doc)) = (v["key"].as_str(), v["doc"].as_str()) else {
            continue;
        };
        out.entry(key.to_owned()).or_default().insert(stem(doc));
    }
    out
}

fn citing(hits: &[serde_json::Value]) -> BTreeSet<String> {
    hits.iter()
        .filter(|h| h["match"] == "cites")
        .map(|h| stem(h["source"].as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn every_spelling_finds_exactly_the_citing_reports() {
    let gold = gold();
    let cases = [
        (
            "184/KH-UBND",
            &["184/KH-UBND", "184 kh ubnd", "kh-ubnd 184", "KH UBND 184"][..],
        ),
        ("6/2024/QĐ-UBND", &["06/2024/qd-ubnd", "qđ ubnd 6 2024"][..]),
        ("208-KH/TU", &["208-KH/TU", "208/kh-tu", "kh tu 208"][..]),
    ];
    let mut failures = Vec::new();
    for (key, spellings) in cases {
        let want = gold.get(key).cloned().unwrap_or_default();
        assert!(!want.is_empty(), "gold has no report citing {key}");
        for q in spellings {
            let got = citing(&search(&[q]));
            if got != want {
                failures.push(format!("{q:?}: want {want:?}, got {got:?}"));
            }
        }
    }
    // `số 184`: every report citing any document numbered 184.
    let want: BTreeSet<String> = gold
        .iter()
        .filter(|(k, _)| k.split(['/', '-']).next() == Some("184"))
        .flat_map(|(_, d)| d.iter().cloned())
        .collect();
    let got = citing(&search(&["số 184"]));
    if got != want {
        failures.push(format!("\"số 184\": want {want:?}, got {got:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_citing_sentence_is_the_snippet() {
    let hits = search(&["184/KH-UBND"]);
    let cites: Vec<_> = hits.iter().filter(|h| h["match"] == "cites").collect();
    assert!(!cites.is_empty(), "no citing hits");
    for h in cites {
        let snippet = h["snippet"].as_str().unwrap_or_default();
        let bold = snippet
            .split_once("<b>")
            .and_then(|(_, r)| r.split_once("</b>"))
            .map(|(b, _)| b)
            .unwrap_or_default();
        assert!(
            bold.contains("184/KH-UBND"),
            "reference not highlighted: {snippet}"
        );
        // The snippet is a passage of the document itself (white space aside) around it.
        let plain = snippet.replace("<b>", "").replace("</b>", "");
        let source = h["source"].as_str().unwrap_or_default();
        let show = vanban()
            .args(["show", "--json", "--index"])
            .arg(index())
            .arg(source)
            .output()
            .expect("run show");
        let docs: Vec<serde_json::Value> = serde_json::from_slice(&show.stdout).expect("show JSON");
        let text = docs
            .first()
            .and_then(|d| d["text"].as_str())
            .unwrap_or_default();
        let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let plain = plain.replace("&amp;", "&");
        assert!(
            squashed.contains(&plain),
            "snippet is not from {source}: {plain}"
        );
        assert!(plain.len() > bold.len() + 10, "no sentence around: {plain}");
        assert!(h["line"].as_u64().is_some_and(|l| l > 0), "no line: {h}");
    }
}

#[test]
fn words_without_diacritics_find_accented_text() {
    let hits = search(&["cai cach hanh chinh"]);
    assert!(!hits.is_empty(), "folded query found nothing");
    for h in &hits {
        assert_eq!(h["match"], "text");
        let s = h["snippet"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            s.contains("<b>cải</b>") || s.contains("<b>cách</b>") || s.contains("<b>hành</b>"),
            "accented words not highlighted: {s}"
        );
        assert!(h["score"].as_f64().is_some_and(|x| x > 0.0));
    }
    // The accent-sensitive field keeps "cai" and "cải" apart.
    let exact = search(&["--exact-accents", "cai cach hanh chinh"]);
    assert!(
        exact.is_empty(),
        "exact accents matched unaccented: {exact:?}"
    );
    let exact = search(&["--exact-accents", "cải cách hành chính"]);
    assert_eq!(exact.len(), hits.len());
}

#[test]
fn phrases_and_json_agree_with_text_output() {
    let phrase = search(&["\"chuyen doi so\""]);
    assert!(!phrase.is_empty());
    // Every phrase hit holds the words together (folded); the scattered words alone do not
    // make a hit.
    for h in &phrase {
        let source = h["source"].as_str().unwrap_or_default();
        let show = vanban()
            .args(["show", "--json", "--index"])
            .arg(index())
            .arg(source)
            .output()
            .expect("run show");
        let docs: Vec<serde_json::Value> = serde_json::from_slice(&show.stdout).expect("JSON");
        let text = docs[0]["text"].as_str().unwrap_or_default();
        let folded = vanban_text::fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            folded.contains("chuyen doi so"),
            "{source} lacks the phrase"
        );
        assert!(h["snippet"].as_str().unwrap_or_default().contains("<b>"));
    }
    let words = search(&["chuyen doi so"]);
    assert!(words.len() >= phrase.len());
    // Same hits, same order, with and without --json.
    let text = vanban()
        .arg("search")
        .arg("--index")
        .arg(index())
        .args(["--limit", "1000", "\"chuyen doi so\""])
        .output()
        .expect("run");
    let listed: Vec<String> = String::from_utf8_lossy(&text.stdout)
        .lines()
        .filter(|l| !l.starts_with(' '))
        // Hit lines are numbered ("3. /path ..."); the closing count line is not.
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with('.'))
        })
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect();
    let json: Vec<String> = phrase
        .iter()
        .map(|h| h["source"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(listed, json);
}

#[test]
fn filters_narrow_results() {
    let all = search(&["cải cách"]);
    let plans = search(&["--kind", "kế hoạch", "cải cách"]);
    assert!(plans.len() < all.len(), "kind filter kept everything");
    assert!(plans.iter().all(|h| h["kind"] == "Kế hoạch"), "{plans:?}");
    let dated = search(&["--from", "2024", "--to", "2024-12-31", "cải cách"]);
    assert!(dated
        .iter()
        .all(|h| h["date"].as_str().is_some_and(|d| d.starts_with("2024"))));
}
