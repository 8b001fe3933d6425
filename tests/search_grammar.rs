//! `vanban search` as clerks type (issue 16) on a temp index of all of `corpus/` (the seed
//! reports and `corpus/wild/`) plus fixtures written here (two provinces' decisions bearing
//! one local number). Expected documents come from `tests/gold/*.identity.jsonl` and the
//! seeds' reference gold, never from running vanban.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.env_remove("VANBAN_INDEX")
        .env_remove("VANBAN_PATTERNS")
        .env_remove("NO_COLOR");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Two decisions numbered 63/2025/QĐ-UBND, of Lai Châu and of Đồng Nai, each with a citer
/// naming its province.
fn fixtures(dir: &Path) {
    let doc = |province: &str, upper: &str, date: (u32, u32), subject: &str| {
        format!(
            "ỦY BAN NHÂN DÂN\nTỈNH {upper}\n\nSố: 63/2025/QĐ-UBND\n\n{province}, ngày {} tháng {} \
             năm 2025\n\nQUYẾT ĐỊNH\n{subject}\n\nỦY BAN NHÂN DÂN TỈNH {upper}\n\nCăn cứ Luật \
             Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2025;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. \
             Ban hành kèm theo Quyết định này quy định {subject}.\n",
            date.0, date.1
        )
    };
    let citer = |province: &str, upper: &str, n: u32| {
        format!(
            "ỦY BAN NHÂN DÂN\nTỈNH {upper}\n\nSố: {n}/KH-UBND\n\n{province}, ngày 10 tháng 12 \
             năm 2025\n\nKẾ HOẠCH\nTriển khai quy định về quản lý chợ\n\nCăn cứ Quyết định số \
             63/2025/QĐ-UBND ngày 01/12/2025 của UBND tỉnh {province} ban hành quy định quản lý \
             chợ;\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau.\n"
        )
    };
    let files = [
        (
            "lc_qd63.txt",
            doc(
                "Lai Châu",
                "LAI CHÂU",
                (1, 12),
                "về quản lý chợ trên địa bàn tỉnh",
            ),
        ),
        (
            "dn_qd63.txt",
            doc(
                "Đồng Nai",
                "ĐỒNG NAI",
                (3, 11),
                "về quản lý cảng cá trên địa bàn tỉnh",
            ),
        ),
        ("lc_kh.txt", citer("Lai Châu", "LAI CHÂU", 901)),
        ("dn_kh.txt", citer("Đồng Nai", "ĐỒNG NAI", 902)),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }
}

struct Fixture {
    index: tempfile::TempDir,
    _docs: tempfile::TempDir,
}

fn index() -> &'static Path {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let index = tempfile::tempdir().expect("tempdir");
        let docs = tempfile::tempdir().expect("tempdir");
        fixtures(docs.path());
        let out = vanban()
            .arg("ingest")
            .arg("--index")
            .arg(index.path())
            .arg(root().join("corpus"))
            .arg(docs.path())
            .output()
            .expect("run ingest");
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Fixture { index, _docs: docs }
    })
    .index
    .path()
}

fn run(args: &[&str]) -> Output {
    vanban()
        .arg("search")
        .arg("--index")
        .arg(index())
        .args(args)
        .output()
        .expect("run search")
}

fn search(args: &[&str]) -> Vec<serde_json::Value> {
    let limit: &[&str] = if args.contains(&"--limit") {
        &[]
    } else {
        &["--limit", "1000"]
    };
    let out = run(&[&["--json"], limit, args].concat());
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "search {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON array")
}

fn name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned()
}

fn stem(path: &str) -> String {
    let n = name(path);
    n.rsplit_once('.').map_or(n.clone(), |(s, _)| s.to_owned())
}

/// Gold identity lines: (file name, key).
fn gold_keys() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in ["wild.identity.jsonl", "seeds.identity.jsonl"] {
        let Ok(text) = std::fs::read_to_string(root().join("tests/gold").join(f)) else {
            continue;
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("gold line");
            if let (Some(doc), Some(key)) = (v["doc"].as_str(), v["key"].as_str()) {
                out.push((name(doc), key.to_owned()));
            }
        }
    }
    out
}

fn files_of(h: &serde_json::Value) -> BTreeSet<String> {
    h["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str().map(name))
        .collect()
}

/// The first hit bears `key` (one of its files is a gold bearer of it), or, when no file of
/// the index bears it, cites it.
fn first_is(q: &str, key: &str) -> Result<(), String> {
    let hits = search(&[q]);
    let Some(h) = hits.first() else {
        return Err(format!("{q:?}: nothing found (want {key})"));
    };
    let bearers: BTreeSet<String> = gold_keys()
        .into_iter()
        .filter(|(_, k)| k == key)
        .map(|(d, _)| d)
        // The Lai Châu fixture written above bears its province's 63/2025/QĐ-UBND (the
        // Đồng Nai one bears the same number and must not come first for "lai châu").
        .chain(
            (key == "63/2025/QĐ-UBND" && q.contains("lai châu")).then(|| "lc_qd63.txt".to_owned()),
        )
        .collect();
    let ok = if bearers.is_empty() {
        h["match"] == "cites" && h["cited_key"].as_str().is_some_and(|k| k == key)
    } else {
        h["match"] == "number" && files_of(h).iter().any(|f| bearers.contains(f))
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{q:?}: first hit {} {} {} (want {key}, bearers {bearers:?})",
            h["source"], h["match"], h["key"]
        ))
    }
}

#[test]
fn every_form_of_the_issue_finds_its_number_first() {
    let cases = [
        ("nghị định 308", "308/2025/NĐ-CP"),
        ("nđ 308/2025", "308/2025/NĐ-CP"),
        ("kế hoạch 141 ubnd", "141/KH-UBND"),
        ("141/KH-UBND 2025", "141/KH-UBND"),
        ("184 KH UBND 2021", "184/KH-UBND"),
        ("Luật số 100/2015/QH13", "100/2015/QH13"),
        ("72/2025/QH15", "72/2025/QH15"),
        ("Án lệ số 28/2019/AL", "28/2019/AL"),
        ("quyết định 63 ubnd lai châu", "63/2025/QĐ-UBND"),
        ("184/KH-UBND chuyển đổi số", "184/KH-UBND"),
    ];
    let misses: Vec<String> = cases
        .iter()
        .filter_map(|(q, k)| first_is(q, k).err())
        .collect();
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn locality_picks_the_province_and_each_bearer_leads_its_citers() {
    let lc = search(&["quyết định 63 ubnd lai châu"]);
    assert_eq!(
        lc.first().and_then(|h| h["source"].as_str()).map(name),
        Some("lc_qd63.txt".into()),
        "{lc:?}"
    );
    assert!(
        lc.iter().all(|h| h["locality"] != "Đồng Nai"),
        "Đồng Nai listed under Lai Châu: {lc:?}"
    );
    // The bare number: both bearers, each followed by the citer of its own province.
    let all = search(&["63/2025/QĐ-UBND"]);
    let order: Vec<String> = all
        .iter()
        .filter_map(|h| h["source"].as_str())
        .map(name)
        .filter(|n| n.starts_with("lc_") || n.starts_with("dn_"))
        .collect();
    let pos = |n: &str| order.iter().position(|o| o == n);
    let (Some(lq), Some(lk), Some(dq), Some(dk)) = (
        pos("lc_qd63.txt"),
        pos("lc_kh.txt"),
        pos("dn_qd63.txt"),
        pos("dn_kh.txt"),
    ) else {
        panic!("missing fixtures: {order:?}");
    };
    assert!(lq < lk && dq < dk, "a citer before its bearer: {order:?}");
    // Lai Châu's decision is the newer: it and its citer come first.
    assert!(lk < dq, "groups interleaved: {order:?}");
}

#[test]
fn narrowing_never_empties() {
    // A wrong year or locality is dropped rather than emptying the answer, and said so.
    let out = run(&["--json", "141/KH-UBND 1999"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("year ignored"), "{err}");
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        first_is("141/KH-UBND 1999", "141/KH-UBND").is_ok(),
        "{hits:?}"
    );
    let wide = search(&["63/2025/QĐ-UBND"]);
    let narrow = search(&["63/2025/QĐ-UBND lai châu"]);
    assert!(!narrow.is_empty() && narrow.len() < wide.len());
    let nowhere = search(&["63/2025/QĐ-UBND cà mau"]);
    assert_eq!(
        nowhere.len(),
        wide.len(),
        "an unmatched locality emptied or cut"
    );
}

#[test]
fn twins_are_one_hit_listing_both_files() {
    let hits = search(&["184 kh ubnd"]);
    // Gold: the seed reports citing 184/KH-UBND, each a .txt and a .pdf.
    let text =
        std::fs::read_to_string(root().join("tests/gold/seeds.references.jsonl")).expect("gold");
    let want: BTreeSet<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["key"] == "184/KH-UBND")
        .filter_map(|v| v["doc"].as_str().map(stem))
        .collect();
    assert_eq!(want.len(), 5, "gold changed: {want:?}");
    let got: Vec<String> = hits
        .iter()
        .filter_map(|h| h["source"].as_str())
        .map(stem)
        .collect();
    assert_eq!(
        got.iter().cloned().collect::<BTreeSet<_>>(),
        want,
        "{got:?}"
    );
    assert_eq!(got.len(), 5, "a report listed twice: {got:?}");
    for h in &hits {
        let formats: BTreeSet<&str> = h["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["format"].as_str())
            .collect();
        assert_eq!(formats, BTreeSet::from(["pdf", "txt"]), "{h}");
        assert_eq!(
            h["files"][0]["path"], h["source"],
            "source is not the first file"
        );
        assert_eq!(h["total"], 5);
        for f in h["files"].as_array().into_iter().flatten() {
            assert!(f["line"].as_u64().is_some_and(|l| l > 0), "{f}");
        }
    }
    // Text output lists the second file under the hit.
    let out = run(&["184 kh ubnd"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("   + ")).count(),
        5,
        "{text}"
    );
    assert!(text.contains("5 kết quả"), "{text}");
}

#[test]
fn a_citing_hit_says_how_it_cites() {
    let hits = search(&["184/KH-UBND"]);
    let labels: BTreeSet<&str> = hits
        .iter()
        .filter(|h| h["match"] == "cites")
        .filter_map(|h| h["relation"].as_str())
        .collect();
    // The seed reports cite it with "Căn cứ": based_on.
    assert!(labels.contains("based_on"), "{labels:?}");
    let out = run(&["184/KH-UBND"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[based_on 184/KH-UBND]"));
}

#[test]
fn symbols_are_shown_as_printed() {
    // For every gold document whose printed number differs from its key (case, leading
    // zeros), the hit shows it as printed.
    let text =
        std::fs::read_to_string(root().join("tests/gold/wild.identity.jsonl")).expect("gold");
    let mut checked = 0;
    let mut misses = Vec::new();
    for v in text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    {
        let (Some(doc), Some(number), Some(key)) =
            (v["doc"].as_str(), v["number"].as_str(), v["key"].as_str())
        else {
            continue;
        };
        if number == key {
            continue;
        }
        checked += 1;
        let hits = search(&[key]);
        let h = hits
            .iter()
            .find(|h| files_of(h).contains(&name(doc)) && h["match"] == "number");
        match h {
            Some(h) if h["symbol"] == number => {}
            Some(h) => misses.push(format!("{doc}: symbol {} want {number}", h["symbol"])),
            None => misses.push(format!("{doc}: not found by {key}")),
        }
    }
    assert!(checked >= 3, "too few printed forms in the gold: {checked}");
    let rate = 1.0 - misses.len() as f64 / checked as f64;
    println!("printed symbols: {}/{checked}", checked - misses.len());
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(rate >= 0.9, "{}", misses.join("\n"));
}

/// The stored text of an indexed file (`vanban show --json`).
fn stored_text(source: &str) -> String {
    let out = vanban()
        .args(["show", "--json", "--index"])
        .arg(index())
        .arg(source)
        .output()
        .expect("run show");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("show JSON");
    v[0]["text"].as_str().unwrap_or_default().to_owned()
}

/// Lower-case words of a text, diacritics kept (how the exact field reads it).
fn exact_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn accents_rank_exact_matches_first() {
    let query = "chuyển đổi số";
    let hits = search(&[query]);
    assert!(!hits.is_empty());
    let q = exact_words(query);
    // 0: the text holds the phrase as typed; 1: every word as typed, apart; 2: only folded
    // look-alikes ("chuyên", "đôi"). The list must never go back to a lower tier.
    let tiers: Vec<(u8, String)> = hits
        .iter()
        .map(|h| {
            let src = h["source"].as_str().unwrap_or_default();
            let w = exact_words(&stored_text(src));
            let tier = if w.windows(q.len()).any(|win| win == q.as_slice()) {
                0
            } else if q.iter().all(|x| w.contains(x)) {
                1
            } else {
                2
            };
            (tier, name(src))
        })
        .collect();
    assert!(
        tiers.windows(2).all(|p| p[0].0 <= p[1].0),
        "a hit of a lower tier ranks above a higher one (0 phrase, 1 exact words, 2 folded): \
         {tiers:?}"
    );
    assert_eq!(tiers[0].0, 0, "top hit does not hold the phrase: {tiers:?}");
    // Without diacritics, accent-insensitive: at least as many hits.
    let folded = search(&["chuyen doi so"]);
    assert!(folded.len() >= hits.len());
}

#[test]
fn patterns_teach_the_grammar_new_type_words() {
    // A type word the built-in vocabulary does not know ("kế sách"), given as Kế hoạch in an
    // override of type_words.tsv: the query becomes a number query only with --patterns.
    let dir = tempfile::tempdir().expect("tempdir");
    let builtin = std::fs::read_to_string(root().join("patterns/type_words.tsv"))
        .expect("patterns/type_words.tsv");
    std::fs::write(
        dir.path().join("type_words.tsv"),
        format!("{builtin}\nKế sách\tKế hoạch\n"),
    )
    .expect("write override");
    let q = "kế sách 141 bắc ninh";
    let bears = |hits: &[serde_json::Value]| {
        hits.first()
            .is_some_and(|h| h["match"] == "number" && h["key"] == "141/KH-UBND")
    };
    let plain = search(&[q]);
    assert!(!bears(&plain), "built-in vocabulary already reads {q:?}");
    let with = search(&["--patterns", dir.path().to_str().expect("utf-8 path"), q]);
    assert!(bears(&with), "--patterns ignored: {:?}", with.first());
    let out = vanban()
        .env("VANBAN_PATTERNS", dir.path())
        .args(["search", "--json", "--index"])
        .arg(index())
        .arg(q)
        .output()
        .expect("run search");
    let env: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(bears(&env), "VANBAN_PATTERNS ignored: {:?}", env.first());
    // A directory that is not one is a bad flag value.
    let bad = run(&["--patterns", "/nonexistent/patterns", q]);
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
}

#[test]
fn nothing_found_is_said_with_suggestions() {
    let out = run(&["148 kh ubnd"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Không tìm thấy"), "{text}");
    assert!(
        text.contains("Có phải bạn tìm: ") && text.contains("184/KH-UBND"),
        "{text}"
    );
    let out = run(&["--lang", "en", "148 kh ubnd"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("No results") && text.contains("Did you mean"),
        "{text}"
    );
    // Words: a typo gets the nearest known word.
    let out = run(&["chuyẻn đổi sốx hànhh"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Từ gần giống") && text.contains("hanh"),
        "{text}"
    );
    // JSON: the array alone on stdout, the message on stderr.
    let out = run(&["--json", "148 kh ubnd"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không tìm thấy"));
}

#[test]
fn bad_flags_say_what_is_allowed() {
    let out = run(&["--kind", "xyz", "cải cách"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--kind") && err.contains("Kế hoạch") && err.contains("KH"),
        "{err}"
    );
    let out = run(&["--limit", "0", "cải cách"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--limit"));
    let out = run(&["--from", "2025-13-40", "cải cách"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("25/11/2025"));
    let out = run(&["--color", "sometimes", "cải cách"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never"));
    // An unclosed quote is reported, and the words still searched.
    let out = run(&["\"cải cách"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn flag_forms_agree() {
    let base = |args: &[&str]| -> BTreeSet<String> {
        search(&[args, &["cải cách hành chính"]].concat())
            .iter()
            .filter_map(|h| h["source"].as_str().map(str::to_owned))
            .collect()
    };
    let code = base(&["--kind", "KH"]);
    assert!(!code.is_empty());
    assert_eq!(code, base(&["--kind", "kế hoạch"]));
    assert_eq!(code, base(&["--kind", "KE HOACH"]));
    let iso = base(&["--from", "2024-01-18"]);
    assert_eq!(iso, base(&["--from", "18/01/2024"]));
    assert_eq!(base(&["--from", "2024-01"]), base(&["--from", "01/2024"]));
    assert!(base(&["--to", "2023"]).len() < base(&[]).len());
    let hy = base(&["--issuer", "Hưng Yên"]);
    assert!(!hy.is_empty(), "--issuer by province found nothing");
    assert_eq!(hy, base(&["--issuer", "hung yen"]));
}

#[test]
fn pages_and_colour() {
    let all = search(&["cải cách"]);
    assert!(all.len() > 3, "too few hits to page");
    let p1 = search(&["--limit", "2", "--page", "1", "cải cách"]);
    let p2 = search(&["--limit", "2", "--page", "2", "cải cách"]);
    assert_eq!(p1.len(), 2);
    assert_eq!(p1[0]["source"], all[0]["source"]);
    assert_eq!(p2[0]["source"], all[2]["source"]);
    assert_eq!(p2[0]["rank"], 3);
    assert_eq!(p1[0]["total"], all[0]["total"]);
    let out = run(&["--limit", "2", "cải cách"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--page 2"), "{text}");
    let coloured = run(&["--color", "always", "cải cách"]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\x1b["));
    let plain = vanban()
        .env("NO_COLOR", "1")
        .args(["search", "--index"])
        .arg(index())
        .arg("cải cách")
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\x1b["));
}

#[test]
fn word_hits_count_lines_of_the_original_file() {
    // For text files, the line a word hit gives is a line of the file holding the word.
    let hits = search(&["\"cải cách hành chính\""]);
    let mut checked = 0;
    let mut misses = Vec::new();
    for h in &hits {
        for f in h["files"].as_array().into_iter().flatten() {
            if f["format"] != "txt" {
                continue;
            }
            let (Some(path), Some(line)) = (f["path"].as_str(), f["line"].as_u64()) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            checked += 1;
            // The phrase may wrap: the line or the next one holds its first word.
            let lines: Vec<String> = text.lines().map(vanban_text::fold).collect();
            let at = line as usize - 1;
            let ok = lines.get(at..(at + 2).min(lines.len())).is_some_and(|ls| {
                ls.iter()
                    .any(|l| l.contains("cai cach") || l.contains("hanh chinh"))
            });
            if !ok {
                misses.push(format!("{path}:{line}"));
            }
        }
    }
    println!(
        "word-hit lines: {}/{checked} hold the words",
        checked - misses.len()
    );
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(checked > 0);
    assert!(
        misses.len() as f64 <= checked as f64 * 0.2,
        "{}",
        misses.join("\n")
    );
}

#[test]
fn ingest_reads_the_patterns_it_is_given() {
    // A kind the built-in vocabulary does not know ("Kế sách", code KS), added by overrides
    // of doc_types.tsv and type_words.tsv: with `ingest --patterns` the stored reference is
    // of that kind and `search --patterns "kế sách 45"` answers with its citer.
    let pat = tempfile::tempdir().expect("tempdir");
    for (file, row) in [
        ("doc_types.tsv", "KS\tKế sách\tstate"),
        ("type_words.tsv", "Kế sách\tKế sách"),
    ] {
        let builtin = std::fs::read_to_string(root().join("patterns").join(file))
            .expect("built-in pattern file");
        std::fs::write(pat.path().join(file), format!("{builtin}\n{row}\n"))
            .expect("write override");
    }
    let docs = tempfile::tempdir().expect("tempdir");
    let citer = docs.path().join("citer.txt");
    std::fs::write(
        &citer,
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố: 77/KH-UBND\n\nLai Châu, ngày 10 tháng 12 năm \
         2025\n\nKẾ HOẠCH\nTu bổ đê điều\n\nCăn cứ Kế sách số 45/UBND-NN ngày 01/12/2025 \
         của Ủy ban nhân dân tỉnh về tu bổ đê;\n\nKế hoạch triển khai như sau.\n",
    )
    .expect("write fixture");
    let pat_dir = pat.path().to_str().expect("utf-8 path");
    let ingested = |with_patterns: bool| -> (String, Vec<serde_json::Value>) {
        let index = tempfile::tempdir().expect("tempdir");
        let mut ingest = vanban();
        ingest.arg("ingest").arg("--index").arg(index.path());
        if with_patterns {
            ingest.args(["--patterns", pat_dir]);
        }
        let out = ingest.arg(docs.path()).output().expect("run ingest");
        assert!(out.status.success(), "{out:?}");
        let out = vanban()
            .args(["show", "--json", "--no-text", "--index"])
            .arg(index.path())
            .arg(std::fs::canonicalize(&citer).expect("canonical path"))
            .output()
            .expect("run show");
        let shown: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
        let kind = shown[0]["record"]["references"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["key"] == "45/UBND-NN"))
            .map(|r| r["kind"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default();
        let out = vanban()
            .args(["search", "--json", "--patterns", pat_dir, "--index"])
            .arg(index.path())
            .arg("kế sách 45")
            .output()
            .expect("run search");
        (
            kind,
            serde_json::from_slice(&out.stdout).expect("JSON array"),
        )
    };
    let (kind, hits) = ingested(true);
    assert_eq!(
        kind, "Kế sách",
        "ingest --patterns not read by the extraction"
    );
    assert!(
        hits.iter()
            .any(|h| h["match"] == "cites" && h["cited_key"] == "45/UBND-NN"),
        "{hits:?}"
    );
    let (kind, _) = ingested(false);
    assert_ne!(
        kind, "Kế sách",
        "the built-in vocabulary knows Kế sách: the test proves nothing"
    );
}
