//! The query set of issue 16: numbers typed the way clerks type them, and words, over an index
//! of all of `corpus/` (the seed reports and `corpus/wild/`).
//!
//! Numbers: for every document of `tests/gold/*.identity.jsonl` with an own number, spellings
//! generated from its hand-read identity (number as printed, key, kind, locality, date) plus
//! hand-written ones; each must give that document first (twins of one document count as
//! one). Words: queries written by reading the documents, with and without diacritics, each
//! with the documents it is about. Precision and recall are printed with every miss; the test
//! fails below 0.98 (numbers) and 0.9 (words).

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::OnceLock;
use vanban_index::{Hit, Index, MatchKind, SearchOptions};
mod common;

/// One annotated document of the identity gold.
#[derive(Clone, Debug)]
struct Gold {
    /// Path under `corpus/` (`wild/text/0007.txt`).
    doc: String,
    /// The number as printed (`0125/KH-UBND`).
    printed: String,
    /// Canonical key (`125/KH-UBND`).
    key: String,
    kind: Option<String>,
    locality: Option<String>,
    /// ISO date, possibly month precision.
    date: Option<String>,
}

fn gold() -> &'static [Gold] {
    static G: OnceLock<Vec<Gold>> = OnceLock::new();
    G.get_or_init(|| {
        let mut out = Vec::new();
        for f in ["seeds.identity.jsonl", "wild.identity.jsonl"] {
            let text = std::fs::read_to_string(common::root().join("tests/gold").join(f))
                .expect("identity gold");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).expect("gold line");
                let s = |k: &str| v[k].as_str().map(str::to_owned);
                let (Some(doc), Some(printed), Some(key)) = (s("doc"), s("number"), s("key"))
                else {
                    continue;
                };
                out.push(Gold {
                    doc,
                    printed,
                    key,
                    kind: s("kind"),
                    locality: s("locality"),
                    date: s("date"),
                });
            }
        }
        out
    })
}

/// One index of all of `corpus/`, built by the binary, shared by the tests of this file.
fn index() -> &'static Index {
    static I: OnceLock<(tempfile::TempDir, Index)> = OnceLock::new();
    &I.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .env_remove("VANBAN_INDEX")
            .env_remove("VANBAN_PATTERNS")
            .arg("ingest")
            .arg("--index")
            .arg(dir.path())
            .arg(common::root().join("corpus"))
            .output()
            .expect("run ingest");
        // Exit 1 means some file failed (reported); the index must still hold the rest.
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let index = Index::open(dir.path()).expect("open index");
        (dir, index)
    })
    .1
}

fn search(q: &str) -> Vec<Hit> {
    let opts = SearchOptions {
        limit: 20,
        ..SearchOptions::default()
    };
    index().search(q, &opts).unwrap_or_default()
}

/// The corpus-relative paths of a hit's files (`wild/text/0007.txt`).
fn files_of(h: &Hit) -> BTreeSet<String> {
    h.files
        .iter()
        .filter_map(|f| {
            let p = f.path.replace('\\', "/");
            p.rfind("/corpus/")
                .map(|i| p[i + "/corpus/".len()..].to_owned())
        })
        .collect()
}

/// The files of the same document as `g`: its own and those of its twins (same key, and the
/// same locality when both know it).
fn same_document(g: &Gold) -> BTreeSet<String> {
    gold()
        .iter()
        .filter(|o| {
            o.key == g.key
                && (o.locality.is_none() || g.locality.is_none() || o.locality == g.locality)
        })
        .map(|o| o.doc.clone())
        .collect()
}

/// A file and the files of its twins: the same own key (gold), or the same stem (a seed's
/// .txt and .pdf).
fn twins_of(w: &str) -> BTreeSet<String> {
    let mut t = BTreeSet::from([w.to_owned()]);
    if let Some(g) = gold().iter().find(|g| g.doc == w) {
        t.extend(same_document(g));
    }
    if let Some(stem) = w.strip_suffix(".txt") {
        t.insert(format!("{stem}.pdf"));
    }
    t
}

/// Number, year and letter parts of a key: `15/2012/QH13` -> (15, Some(2012), [QH13]).
fn split_key(key: &str) -> (String, Option<String>, Vec<String>) {
    let mut pieces = key.split(['/', '-']).filter(|p| !p.is_empty());
    let number = pieces.next().unwrap_or_default().to_owned();
    let mut year = None;
    let mut parts = Vec::new();
    for p in pieces {
        let is_year = p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit());
        if is_year && year.is_none() {
            year = Some(p.to_owned());
        } else {
            parts.push(p.to_owned());
        }
    }
    (number, year, parts)
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// Without diacritics, as typed on a keyboard without a Vietnamese input method.
fn plain(s: &str) -> String {
    vanban_index::tokens(s).join(" ")
}

/// `2025-11-20` -> `20/11/2025` (None for month precision).
fn dmy(iso: &str) -> Option<String> {
    let p: Vec<&str> = iso.split('-').collect();
    (p.len() == 3).then(|| format!("{}/{}/{}", p[2], p[1], p[0]))
}

/// The spellings people type for a document's number, from its identity.
fn spellings(g: &Gold) -> Vec<String> {
    let (n, sym_year, parts) = split_key(&g.key);
    let codes_lower: Vec<String> = parts.iter().map(|p| lower(p)).collect();
    let date_year = g.date.as_deref().map(|d| d[..4].to_owned());
    let year = sym_year.clone().or(date_year);
    let kind = g.kind.as_deref().map(lower);
    let mut out = vec![
        // As printed, leading zeros and case kept.
        g.printed.clone(),
        // Lower case.
        lower(&g.key),
        // Spaces instead of the punctuation, any order of year and parts.
        format!(
            "{n} {}{}",
            codes_lower.join(" "),
            sym_year
                .as_deref()
                .map(|y| format!(" {y}"))
                .unwrap_or_default()
        ),
        // Dashes everywhere.
        g.key.replace('/', "-"),
        // "số" before the symbol.
        format!("số {}", g.printed),
    ];
    // Upper case codes and the year of the document: "184 KH UBND 2021".
    if let Some(y) = &year {
        out.push(format!("{n} {} {y}", parts.join(" ")));
    }
    // The symbol and the date on two lines, as copied from a citing sentence.
    if let Some(d) = g.date.as_deref().and_then(dmy) {
        out.push(format!("{}\nngày {d}", g.key));
    }
    // Đ typed as D.
    if g.key.contains('Đ') {
        out.push(g.key.replace('Đ', "D"));
    }
    if let Some(kind) = &kind {
        // A type word and the number, narrowed the way a clerk would when the number alone
        // names several documents of that kind among the annotated ones.
        let ambiguous = gold().iter().any(|o| {
            o.key != g.key
                && split_key(&o.key).0 == n
                && o.kind.as_deref().map(lower).as_ref() == Some(kind)
        });
        // The locality, else the issuer part of the symbol: "quyết định 44 ttg".
        let narrow = match &g.locality {
            Some(l) => format!(" {}", lower(l)),
            None => format!(" {}", codes_lower.last().cloned().unwrap_or_default()),
        };
        let narrow = if ambiguous { narrow } else { String::new() };
        out.push(format!("{kind} {n}{narrow}"));
        // Without diacritics, with the issuer part: "ke hoach 184 ubnd".
        if let Some(last) = codes_lower.last() {
            let loc = g
                .locality
                .as_deref()
                .filter(|_| ambiguous)
                .map(|l| format!(" {}", plain(l)))
                .unwrap_or_default();
            out.push(format!("{} {n} {last}{loc}", plain(kind)));
        }
        // Type word, number and locality; or type word, "số" and the symbol.
        match &g.locality {
            Some(l) => out.push(format!("{kind} {n} {l}")),
            None => out.push(format!("{} số {}", g.kind.as_deref().unwrap_or(""), g.key)),
        }
        // Type word with number/year: "nghị định 308/2025".
        if let Some(y) = &sym_year {
            out.push(format!("{kind} {n}/{y}{narrow}"));
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// Hand-written number queries: (query, corpus-relative file of the document, or the key
/// that the first hit must cite when no document of the corpus bears it).
const HAND_NUMBERS: &[(&str, &str)] = &[
    ("nđ 308/2025", "wild/text/0062.txt"),
    ("nghị định 308", "wild/text/0062.txt"),
    (
        "Án lệ số 28/2019/AL",
        "wild/pdf/anle_TAND083638_-28.2019.AL_1568962451004.pdf",
    ),
    (
        "án lệ 54",
        "wild/pdf/anle_TAND281185_-AL_so_54_1666842914474.pdf",
    ),
    (
        "Luật số 100/2015/QH13",
        "wild/doc/vbpl_96122_-100.2015.QH13.doc",
    ),
    (
        "bộ luật hình sự 100/2015/QH13",
        "wild/doc/vbpl_96122_-100.2015.QH13.doc",
    ),
    ("luật 15/2012", "wild/text/0222.txt"),
    ("kế hoạch 141 ubnd", "wild/text/0007.txt"),
    ("141/KH-UBND 2025", "wild/text/0007.txt"),
    ("kh 141 bắc ninh", "wild/text/0007.txt"),
    ("qđ 87/2025 lai châu", "wild/text/0002.txt"),
    ("quyết định 2820 ubnd tp hcm", "wild/text/0001.txt"),
    ("chỉ thị 12 đắk lắk", "wild/text/0060.txt"),
    ("ct 09 ubnd can tho", "wild/text/0031.txt"),
    ("tt 21/2025 bgddt", "wild/text/0056.txt"),
    ("thông tư 21/2025/tt-bgdđt", "wild/text/0056.txt"),
    ("vbhn 57 bct", "wild/text/0006.txt"),
    ("kế hoạch số 0204/KH-UBND", "wild/text/0115.txt"),
    ("nq 1656 ubtvqh15", "wild/text/0192.txt"),
    ("nghị quyết 1669 hải phòng", "wild/text/0200.txt"),
    ("QĐ 4001/QĐ-BKHCN", "wild/text/0003.txt"),
    ("quyet dinh 2623 ttg", "wild/text/0098.txt"),
    ("thông báo 634/TB-VPCP", "wild/text/0026.txt"),
    ("184/KH-UBND", "=184/KH-UBND"),
    ("184 KH UBND 2021", "=184/KH-UBND"),
    ("kế hoạch 184 hưng yên", "=184/KH-UBND"),
    ("184/KH-UBND\nngày 07/12/2021", "=184/KH-UBND"),
];

/// Does the first hit of `q` answer it: a file of the document `doc` (or of a twin), or, for
/// `=KEY`, a document citing KEY?
fn judge(q: &str, want: &str) -> (bool, bool, String) {
    let hits = search(q);
    let Some(h) = hits.first() else {
        return (false, false, format!("{q:?}: nothing found (want {want})"));
    };
    let ok = if let Some(key) = want.strip_prefix('=') {
        h.matched == MatchKind::Cites && h.cited_key.as_deref() == Some(key)
    } else {
        let docs = match gold().iter().find(|g| g.doc == want) {
            Some(g) => same_document(g),
            None => BTreeSet::from([want.to_owned()]),
        };
        h.matched == MatchKind::Number && files_of(h).iter().any(|f| docs.contains(f))
    };
    let why = format!(
        "{q:?}: first hit {:?} {:?} {:?} (want {want})",
        files_of(h),
        h.matched,
        h.key
    );
    (true, ok, why)
}

fn report(
    what: &str,
    answered: usize,
    right: usize,
    total: usize,
    misses: &[String],
) -> (f64, f64) {
    for m in misses {
        println!("miss: {m}");
    }
    let p = right as f64 / answered.max(1) as f64;
    let r = right as f64 / total.max(1) as f64;
    println!("{what}: {total} queries, {answered} answered, {right} right: precision {p:.3}, recall {r:.3}");
    (p, r)
}

#[test]
fn numbers_as_people_type_them_find_their_document_first() {
    let mut queries: Vec<(String, String)> = Vec::new();
    let mut per_doc = Vec::new();
    for g in gold() {
        let s = spellings(g);
        per_doc.push(s.len());
        queries.extend(s.into_iter().map(|q| (q, g.doc.clone())));
    }
    assert!(
        gold().len() >= 60,
        "only {} annotated documents with numbers",
        gold().len()
    );
    assert!(
        per_doc.iter().all(|&n| n >= 8),
        "fewer than eight spellings for a document: {per_doc:?}"
    );
    queries.extend(
        HAND_NUMBERS
            .iter()
            .map(|(q, d)| (q.to_string(), d.to_string())),
    );
    let (mut answered, mut right, mut misses) = (0, 0, Vec::new());
    for (q, want) in &queries {
        let (a, ok, why) = judge(q, want);
        answered += usize::from(a);
        right += usize::from(ok);
        if !ok {
            misses.push(why);
        }
    }
    let (p, r) = report("numbers", answered, right, queries.len(), &misses);
    assert!(
        p >= 0.98 && r >= 0.98,
        "numbers: precision {p:.3}, recall {r:.3} below 0.98:\n{}",
        misses.join("\n")
    );
}

/// Word queries written by reading the documents: (query, files it is about). Half typed
/// with diacritics, half without.
const WORDS: &[(&str, &[&str])] = &[
    (
        "nếp sống văn minh trong việc cưới, việc tang",
        &["wild/text/0002.txt"],
    ),
    (
        "nep song van minh viec cuoi viec tang",
        &["wild/text/0002.txt"],
    ),
    (
        "chứng thư chữ ký số chuyên dùng công vụ ninh bình",
        &["wild/text/0004.txt"],
    ),
    (
        "thu hut nguon nhan luc cong nghe cao",
        &["wild/text/0005.txt"],
    ),
    (
        "nâng cao năng lực xây dựng chính sách pháp luật bắc ninh",
        &["wild/text/0007.txt"],
    ),
    ("bao ve bi mat nha nuoc nghe an", &["wild/text/0008.txt"]),
    (
        "chính sách hỗ trợ giảm nghèo bền vững",
        &["wild/text/0009.txt"],
    ),
    (
        "co cau to chuc cua so tu phap ha tinh",
        &["wild/text/0011.txt"],
    ),
    (
        "tiêu chuẩn, định mức sử dụng máy móc, thiết bị quảng ngãi",
        &["wild/text/0012.txt"],
    ),
    (
        "lo trinh doi moi cong nghe nganh kinh te mui nhon",
        &["wild/text/0017.txt"],
    ),
    (
        "quản lý nhà nước về tín ngưỡng, tôn giáo phú thọ",
        &["wild/text/0018.txt"],
    ),
    (
        "dieu le quy bao ve moi truong quang tri",
        &["wild/text/0022.txt"],
    ),
    (
        "buổi làm việc với thường trực tỉnh ủy thanh hóa",
        &["wild/text/0026.txt"],
    ),
    (
        "don gian hoa thu tuc hanh chinh nganh y te dong nai",
        &["wild/text/0027.txt"],
    ),
    ("tài nguyên nước dưới đất cần thơ", &["wild/text/0031.txt"]),
    (
        "sap xep don vi hanh chinh cap xa tinh dong thap",
        &["wild/text/0032.txt"],
    ),
    (
        "bầu cử đại biểu quốc hội khóa XVI đắk lắk",
        &["wild/text/0033.txt"],
    ),
    ("cap du bao chay rung hai phong", &["wild/text/0034.txt"]),
    ("hạ tầng 5G, IoT khu công nghệ cao", &["wild/text/0037.txt"]),
    (
        "quy che hoat dong ban chi dao nha nuoc ve du lich",
        &["wild/text/0040.txt"],
    ),
    (
        "mạng lưới cơ sở văn hóa và thể thao",
        &["wild/text/0050.txt"],
    ),
    (
        "tang cuong cai cach thu tuc hanh chinh dich vu cong dak lak",
        &["wild/text/0060.txt"],
    ),
    (
        "quy chế quản lý chữ ký số chuyên dùng công vụ đồng tháp",
        &["wild/text/0064.txt"],
    ),
    (
        "tieu chuan do luong chat luong thanh hoa",
        &["wild/text/0069.txt"],
    ),
    ("danh mục loài ngoại lai xâm hại", &["wild/text/0078.txt"]),
    (
        "he thong thong tin giai quyet thu tuc hanh chinh ninh binh",
        &["wild/text/0079.txt"],
    ),
    (
        "an toàn điện trên địa bàn tỉnh thái nguyên",
        &["wild/text/0092.txt"],
    ),
    (
        "bao ton di san van hoa the gioi hoi an",
        &["wild/text/0094.txt"],
    ),
    (
        "nuôi trồng thủy sản quan trắc cảnh báo môi trường",
        &["wild/text/0097.txt"],
    ),
    ("luat bao ve du lieu ca nhan", &["wild/text/0098.txt"]),
    ("nhu yếu phẩm khẩn cấp mưa lũ", &["wild/text/0077.txt"]),
    (
        "khac phuc hau qua thien tai mien trung",
        &["wild/text/0125.txt"],
    ),
    (
        "phòng cháy, chữa cháy rừng quảng ninh",
        &["wild/text/0131.txt"],
    ),
    (
        "tuyen dung, su dung va quan ly cong chuc",
        &["wild/text/0143.txt"],
    ),
    ("đào tạo, bồi dưỡng công chức", &["wild/text/0168.txt"]),
    ("mau the kiem toan vien nha nuoc", &["wild/text/0170.txt"]),
    ("kinh tế số và xã hội số đồng nai", &["wild/text/0176.txt"]),
    (
        "xuat khau san pham hang hoa son la",
        &["wild/text/0179.txt"],
    ),
    (
        "quy trình kiểm tra chuyên ngành công thương",
        &["wild/text/0166.txt"],
    ),
    (
        "sap xep don vi hanh chinh cap xa thanh pho ha noi",
        &["wild/text/0192.txt"],
    ),
    (
        "tuyên truyền cải cách hành chính năm 2024",
        &["003_005180baaeb1dbbd.txt"],
    ),
    (
        "cai cach hanh chinh nha nuoc tinh hung yen nam 2023",
        &["004_c2c6795a392b9f33.txt"],
    ),
    (
        "kết luận của đồng chí Phó Chủ tịch UBND tỉnh Nguyễn Duy Hưng",
        &["002_5703a52f2346975e.txt"],
    ),
    (
        "ket qua cong tac cai cach hanh chinh quy III",
        &["001_8c2eff2bf2f29df4.txt"],
    ),
    (
        "Kết quả công tác Cải cách hành chính 6 tháng đầu năm 2024",
        &["000_61f57aceba404d6a.txt"],
    ),
];

#[test]
fn word_queries_find_the_documents_they_are_about() {
    let queries = WORDS.len();
    assert!(queries >= 40, "only {queries} word queries");
    let (mut answered, mut right, mut found, mut wanted) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for (q, want) in WORDS {
        let docs: BTreeSet<String> = want.iter().flat_map(|w| twins_of(w)).collect();
        let hits = search(q);
        let top: Vec<BTreeSet<String>> = hits.iter().take(10).map(files_of).collect();
        wanted += want.len();
        // Rank of a wanted document: a hit holding its file or a twin's.
        let hit_of = |w: &str| {
            let t = twins_of(w);
            top.iter().position(|fs| fs.iter().any(|f| t.contains(f)))
        };
        found += want.iter().filter(|w| hit_of(w).is_some()).count();
        if let Some(first) = top.first() {
            answered += 1;
            if first.iter().any(|f| docs.contains(f)) {
                right += 1;
                continue;
            }
        }
        let at: Vec<Option<usize>> = want.iter().map(|w| hit_of(w).map(|i| i + 1)).collect();
        misses.push(format!(
            "{q:?}: first hit {:?}, wanted {want:?} at rank {at:?}",
            top.first()
        ));
    }
    let p = right as f64 / answered.max(1) as f64;
    let r = found as f64 / wanted.max(1) as f64;
    for m in &misses {
        println!("miss: {m}");
    }
    println!(
        "words: {} queries, {answered} answered, {right} with a wanted document first \
         (precision {p:.3}); {found}/{wanted} wanted documents in the top 10 (recall {r:.3})",
        WORDS.len()
    );
    assert!(
        p >= 0.9 && r >= 0.9,
        "words: precision {p:.3}, recall {r:.3} below 0.9:\n{}",
        misses.join("\n")
    );
}

#[test]
fn the_gold_files_exist() {
    // A renamed corpus file would make misses of every query about it: say so plainly.
    let root = common::root().join("corpus");
    let missing: Vec<&str> = gold()
        .iter()
        .map(|g| g.doc.as_str())
        .chain(WORDS.iter().flat_map(|(_, w)| w.iter().copied()))
        .chain(
            HAND_NUMBERS
                .iter()
                .map(|(_, d)| *d)
                .filter(|d| !d.starts_with('=')),
        )
        .filter(|d| !root.join(d).exists())
        .collect();
    assert!(missing.is_empty(), "missing corpus files: {missing:?}");
}
