//! Validity of documents (issue 13, `docs/spec/validity.md`): `corpus/wild/` (and the seed
//! reports) ingested once into a temporary index, then `vanban status --json --at DATE` for
//! every case of `tests/gold/wild.status.jsonl` (annotated by reading). A case is right when
//! the status is the gold one, every document the gold says ended it is named in the
//! evidence of the edges that decide the status, and a stated effective date is the gold
//! one. Prints every miss; fails below 0.95.

mod common;
use std::path::PathBuf;
use std::process::Command;

const BAR: f64 = 0.95;

fn vanban(args: &[String]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .env_remove("VANBAN_PATTERNS")
        .output()
        .expect("run vanban");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Keys compared as the graph spells them: upper case (`QĐ-TTg` and `QĐ-TTG` are one).
fn k(s: &str) -> String {
    s.trim().to_uppercase()
}

#[test]
fn status_of_the_wild_set_matches_gold() {
    let root = common::root();
    let gold: Vec<serde_json::Value> =
        std::fs::read_to_string(root.join("tests/gold/wild.status.jsonl"))
            .expect("status gold")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("gold JSON line"))
            .collect();
    assert!(
        gold.len() >= 30,
        "status gold looks truncated: {}",
        gold.len()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("idx").display().to_string();
    let mut inputs: Vec<PathBuf> = vec![root.join("corpus/wild")];
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("corpus"))
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    inputs.extend(seeds);
    let mut args: Vec<String> = vec!["ingest".into(), "--index".into(), index.clone()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let (ok, _, err) = vanban(&args);
    assert!(ok, "ingest failed: {err}");

    let mut right = 0;
    let mut misses = Vec::new();
    for g in &gold {
        let key = g["key"].as_str().expect("key");
        let at = g["at"].as_str().expect("at");
        let want = g["status"].as_str().expect("status");
        let query = match g["locality"].as_str() {
            Some(l) => format!("{key}@{l}"),
            None => key.to_string(),
        };
        let (_, out, err) = vanban(&[
            "status".into(),
            "--index".into(),
            index.clone(),
            "--json".into(),
            "--at".into(),
            at.into(),
            query.clone(),
        ]);
        let v: serde_json::Value = match serde_json::from_str(&out) {
            Ok(v) => v,
            Err(e) => {
                misses.push(format!("{query} at {at}: no JSON ({e}): {err}"));
                continue;
            }
        };
        // A bare key of several localities answers with an array: the node without one is
        // the national document the gold means.
        let v = match v.as_array() {
            Some(a) => a
                .iter()
                .find(|s| s["locality"].is_null())
                .or(a.first())
                .cloned()
                .unwrap_or_default(),
            None => v,
        };
        let got = v["status"].as_str().unwrap_or("?");
        let deciding: Vec<String> = [
            "repealed_by",
            "replaced_by",
            "terminated_by",
            "suspended_by",
        ]
        .iter()
        .flat_map(|f| v[*f].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["key"].as_str().map(k))
        .collect();
        let by: Vec<String> = g["by"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(k)).collect())
            .unwrap_or_default();
        let missing_by: Vec<&String> = by.iter().filter(|b| !deciding.contains(b)).collect();
        let eff_ok = match g["effective_date"].as_str() {
            Some(d) => v["effective_date"].as_str() == Some(d),
            None => true,
        };
        if got == want && missing_by.is_empty() && eff_ok {
            right += 1;
        } else {
            misses.push(format!(
                "{query} at {at}: want {want} by {by:?} effective {}, got {got} by {deciding:?} \
                 effective {} ({})",
                g["effective_date"],
                v["effective_date"],
                g["source"].as_str().unwrap_or_default()
            ));
        }
    }
    let acc = right as f64 / gold.len() as f64;
    println!("status: {right}/{} right ({acc:.3})", gold.len());
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(
        acc >= BAR,
        "status accuracy {acc:.3} below {BAR}: {} misses",
        misses.len()
    );
}
