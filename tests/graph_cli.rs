//! The graph commands over the five reports ingested into a temporary index (issue 6):
//! `cited-by 184/KH-UBND` returns exactly the citing files and typed edges the gold implies,
//! `trace --up` from every plan in the gold reaches what the gold says it builds on (to depth
//! 3), aliases of one document written with an issuer typo resolve to one node, and the
//! exports parse.

mod common;
use common::basename;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn vanban(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("run vanban");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("gold file")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

struct Fixture {
    _dir: tempfile::TempDir,
    index: PathBuf,
    rels: Vec<serde_json::Value>,
    refs: Vec<serde_json::Value>,
}

fn fixture() -> Fixture {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("idx");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("corpus"))
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut args = vec![
        "ingest".to_string(),
        "--index".into(),
        index.display().to_string(),
    ];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, _, err) = vanban(&a);
    assert!(ok, "ingest failed: {err}");
    Fixture {
        _dir: dir,
        index,
        rels: jsonl(&root.join("tests/gold/seeds.relations.jsonl")),
        refs: jsonl(&root.join("tests/gold/seeds.references.jsonl")),
    }
}

fn s(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn graph_commands_on_the_corpus() {
    let fx = fixture();
    let idx = fx.index.display().to_string();

    // --- cited-by 184/KH-UBND ---------------------------------------------------------
    let target = "184/KH-UBND";
    // Typed edges into the target, from the gold: (rel, citing label) where the document
    // itself is shown by its file name.
    let want_typed: BTreeSet<(String, String)> = fx
        .rels
        .iter()
        .filter(|r| s(&r["to"]) == target)
        .map(|r| {
            let from = s(&r["from"]);
            let from = if from == "SELF" { s(&r["doc"]) } else { from };
            (s(&r["rel"]), from)
        })
        .collect();
    // Files citing it at all: the reference gold plus the relation gold.
    let want_files: BTreeSet<String> = fx
        .refs
        .iter()
        .filter(|r| s(&r["key"]) == target)
        .map(|r| s(&r["doc"]))
        .chain(
            fx.rels
                .iter()
                .filter(|r| s(&r["to"]) == target)
                .map(|r| s(&r["doc"])),
        )
        .collect();
    let (ok, out, err) = vanban(&["cited-by", "--index", &idx, "--json", target]);
    assert!(ok, "cited-by failed: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("cited-by JSON");
    // A local plan's node is `KEY@Locality` (identity.md); the gold names the key.
    let node = s(&v["node"]);
    assert_eq!(node.split('@').next(), Some(target), "{node}");
    let hits = v["cited_by"].as_array().cloned().unwrap_or_default();
    let got_typed: BTreeSet<(String, String)> = hits
        .iter()
        .filter(|h| s(&h["rel"]) != "cites")
        .map(|h| {
            let from = s(&h["from"]);
            let from = if from.contains('/') && from.ends_with(".txt") {
                basename(&from)
            } else {
                // Nodes of local documents carry `@Locality`; the gold names keys.
                from.split('@').next().unwrap_or(&from).to_string()
            };
            (s(&h["rel"]), from)
        })
        .collect();
    let got_files: BTreeSet<String> = hits.iter().map(|h| basename(&s(&h["file"]))).collect();
    println!("cited-by {target}: typed {got_typed:?}\n  files {got_files:?}");
    assert_eq!(got_typed, want_typed);
    assert_eq!(got_files, want_files);
    for h in &hits {
        assert!(
            !s(&h["sentence"]).is_empty(),
            "every hit has its sentence: {h}"
        );
        assert!(
            h["line"].as_u64().unwrap_or(0) > 0,
            "every hit has its line: {h}"
        );
    }
    // Text output mentions every citing file.
    let (ok, text, _) = vanban(&["cited-by", "--index", &idx, "184/kh-ubnd"]);
    assert!(ok);
    for f in &want_files {
        assert!(text.contains(f.as_str()), "{f} missing from:\n{text}");
    }

    // --- trace --up: each gold subject reaches its gold closure (depth 3) -------------------
    let mut up: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &fx.rels {
        if s(&r["from"]) != "SELF" {
            up.entry(s(&r["from"])).or_default().insert(s(&r["to"]));
        }
    }
    let mut checked = 0;
    for start in up.keys() {
        let mut want = BTreeSet::new();
        let mut frontier = vec![start.clone()];
        for _ in 0..3 {
            let mut next = Vec::new();
            for n in frontier {
                for m in up.get(&n).into_iter().flatten() {
                    if want.insert(m.clone()) {
                        next.push(m.clone());
                    }
                }
            }
            frontier = next;
        }
        let (ok, out, err) = vanban(&[
            "trace",
            "--index",
            &idx,
            "--json",
            "--no-merge",
            "--up",
            "--depth",
            "3",
            start,
        ]);
        assert!(ok, "trace {start} failed: {err}");
        let t: serde_json::Value = serde_json::from_str(&out).expect("trace JSON");
        let mut got = BTreeSet::new();
        fn walk(t: &serde_json::Value, out: &mut BTreeSet<String>) {
            for c in t["children"].as_array().into_iter().flatten() {
                // Local documents are nodes `KEY@Locality` (identity.md); the gold names keys.
                let node = c["node"].as_str().unwrap_or_default();
                out.insert(node.split('@').next().unwrap_or(node).to_string());
                walk(c, out);
            }
        }
        walk(&t, &mut got);
        let missing: Vec<&String> = want.difference(&got).collect();
        assert!(
            missing.is_empty(),
            "trace --up {start}: missing {missing:?}, got {got:?}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} trace starts in the gold");
    // A Sở plan goes up to the provincial plan it implements; the tree is printed indented.
    let (sở, province) = fx
        .rels
        .iter()
        .filter(|r| {
            s(&r["rel"]) == "implements"
                && s(&r["from"]).contains("/KH-S")
                && s(&r["to"]).ends_with("/KH-UBND")
        })
        .map(|r| (s(&r["from"]), s(&r["to"])))
        .next()
        .expect("a Sở plan implementing a provincial plan in the gold");
    let (ok, text, _) = vanban(&["trace", "--index", &idx, &sở]);
    assert!(ok);
    assert!(
        text.lines()
            .any(|l| l.starts_with("  implements -> ") && l.contains(&province)),
        "{text}"
    );

    // --- aliases: one document written with two issuer spellings in the gold --------------
    let keys: BTreeSet<String> = fx
        .rels
        .iter()
        .flat_map(|r| [s(&r["from"]), s(&r["to"])])
        .filter(|k| k != "SELF")
        .collect();
    // Same number and type, issuers one extra letter apart (a letter typed twice).
    let split = |k: &str| {
        k.rsplit_once('-')
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    let one_extra = |long: &str, short: &str| {
        let l: Vec<char> = long.chars().collect();
        short.chars().count() >= 4
            && l.len() == short.chars().count() + 1
            && (0..l.len()).any(|i| {
                let mut c = l.clone();
                c.remove(i);
                c.into_iter().collect::<String>() == short
            })
    };
    let mut pair = None;
    for a in &keys {
        for b in &keys {
            if let (Some((pa, ia)), Some((pb, ib))) = (split(a), split(b)) {
                if pa == pb && one_extra(&ia, &ib) {
                    pair = Some((a.clone(), b.clone()));
                }
            }
        }
    }
    let (a, b) = pair.expect("the gold spells one plan two ways");
    let label = |k: &str, extra: &[&str]| {
        let mut args = vec!["cites", "--index", idx.as_str(), "--json"];
        args.extend_from_slice(extra);
        args.push(k);
        let (ok, out, err) = vanban(&args);
        assert!(ok, "cites {k}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("cites JSON");
        s(&v["node"])
    };
    assert_eq!(label(&a, &[]), label(&b, &[]), "{a} and {b} merge");
    assert_ne!(
        label(&a, &["--no-merge"]),
        label(&b, &["--no-merge"]),
        "--no-merge keeps them apart"
    );

    // --- exports ----------------------------------------------------------------------------
    let (ok, out, err) = vanban(&["graph", "--index", &idx, "--format", "json"]);
    assert!(ok, "graph json: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("graph JSON");
    let merges = v["merges"].as_array().cloned().unwrap_or_default();
    assert!(
        merges.iter().any(|m| {
            let ks = [s(&m["canonical"]), s(&m["alias"])];
            ks.contains(&a) && ks.contains(&b)
        }),
        "merge of {a} / {b} reported: {merges:?}"
    );
    let (ok, dot, _) = vanban(&["graph", "--index", &idx, "--root", target, "--depth", "1"]);
    assert!(
        ok && dot.starts_with("digraph") && dot.contains("based_on"),
        "{dot}"
    );
    let (ok, xml, _) = vanban(&[
        "graph",
        "--index",
        &idx,
        "--format",
        "graphml",
        "--rel",
        "implements",
    ]);
    assert!(ok && xml.contains("<graphml") && !xml.contains(">based_on<"));
    // Unknown keys: exit status 1 and a message.
    let (ok, _, err) = vanban(&["cited-by", "--index", &idx, "999999/XX-YYY"]);
    assert!(!ok && err.contains("not in the citation graph"));
}
