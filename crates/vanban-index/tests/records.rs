//! The index with records built by hand: number lookup in every spelling, replace, remove,
//! filters, and the graph committed with the documents.

use vanban_index::{Index, MatchKind, SearchOptions, Writer, WriterOptions};
use vanban_model::{Document, FileRecord, Reference, Span};

fn reference(text: &str, key: &str, line: u32) -> Reference {
    Reference {
        text: text.into(),
        kind: "Quyết định".into(),
        key: key.into(),
        number: key.split(['/', '-']).next().unwrap_or_default().into(),
        span: Span {
            start: 0,
            end: text.len(),
            line,
            page: None,
        },
        ..Default::default()
    }
}

fn record(
    path: &str,
    own: Option<&str>,
    kind: &str,
    date: &str,
    refs: Vec<Reference>,
) -> FileRecord {
    FileRecord {
        source: path.into(),
        document: Some(Document {
            key: own.map(Into::into),
            kind: Some(kind.into()),
            date: Some(date.into()),
            issuer: own.and_then(|k| k.rsplit('-').next()).map(Into::into),
            type_code: own
                .and_then(|k| k.rsplit('/').next())
                .and_then(|t| t.split('-').next())
                .map(Into::into),
            subject: Some(format!("Về việc {kind}")),
            ..Default::default()
        }),
        references: refs,
        ..Default::default()
    }
}

/// Documents from a province and a ministry not in the corpus.
fn fixtures() -> Vec<(FileRecord, String)> {
    let qd = "Quyết định số 15/2023/QĐ-UBND";
    vec![
        (
            record("/x/a.txt", Some("15/2023/QĐ-UBND"), "Quyết định", "2023-03-02", vec![]),
            "Quyết định ban hành quy chế quản lý đê điều tỉnh Cà Mau.".into(),
        ),
        (
            record(
                "/x/b.txt",
                Some("77/KH-SNN"),
                "Kế hoạch",
                "2023-05-10",
                vec![reference(qd, "15/2023/QĐ-UBND", 3)],
            ),
            format!("Mở đầu\nCăn cứ {qd} ngày 02/3/2023 của UBND tỉnh về quản lý đê điều.\nPhòng chống thiên tai."),
        ),
        (
            record(
                "/x/c.txt",
                Some("9/BC-BTNMT"),
                "Báo cáo",
                "2024-01-20",
                vec![
                    reference("Nghị quyết số 24-NQ/TW", "24-NQ/TW", 2),
                    reference("Quyết định 15/2023/QĐ-UBND", "15/2023/QĐ-UBND", 5),
                ],
            ),
            "Báo cáo tài nguyên nước.\nThực hiện Nghị quyết số 24-NQ/TW về biến đổi khí hậu.\nTheo Quyết định 15/2023/QĐ-UBND, đê biển được gia cố.".into(),
        ),
    ]
}

fn build(dir: &std::path::Path) {
    let mut w = Writer::open(dir, WriterOptions::default()).unwrap();
    for (r, t) in fixtures() {
        let h = vanban_index::content_hash(t.as_bytes());
        w.put(r, &t, &h).unwrap();
    }
    w.commit().unwrap();
}

fn sources(hits: &[vanban_index::Hit]) -> Vec<(String, MatchKind)> {
    hits.iter().map(|h| (h.source.clone(), h.matched)).collect()
}

#[test]
fn number_in_any_spelling_gives_document_then_citers() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let ix = Index::open(dir.path()).unwrap();
    assert_eq!(ix.len(), 3);
    let opts = SearchOptions::default();
    let want = vec![
        ("/x/a.txt".to_owned(), MatchKind::Number),
        ("/x/c.txt".to_owned(), MatchKind::Cites),
        ("/x/b.txt".to_owned(), MatchKind::Cites),
    ];
    for q in [
        "15/2023/QĐ-UBND",
        "15/2023/qd-ubnd",
        "qđ ubnd 15 2023",
        "QD UBND 15",
        "Quyết định số 015/2023/QĐ-UBND",
    ] {
        assert_eq!(sources(&ix.search(q, &opts).unwrap()), want, "{q}");
    }
    let hits = ix.search("24-nq/tw", &opts).unwrap();
    assert_eq!(
        sources(&hits),
        vec![("/x/c.txt".to_owned(), MatchKind::Cites)]
    );
    assert_eq!(
        hits[0].snippet,
        "Thực hiện <b>Nghị quyết số 24-NQ/TW</b> về biến đổi khí hậu."
    );
    assert_eq!(hits[0].line, Some(2));
    // "số 15": every document citing any number 15.
    let hits = ix.search("số 15", &opts).unwrap();
    assert_eq!(hits.len(), 3);
    // Unknown number with a slash: no fallback to words.
    assert!(ix.search("999/KH-UBND", &opts).unwrap().is_empty());
}

#[test]
fn words_filters_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let ix = Index::open(dir.path()).unwrap();
    let all = ix.search("de dieu", &SearchOptions::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert!(
        all[0].snippet.contains("<b>đê</b> <b>điều</b>"),
        "{}",
        all[0].snippet
    );
    let only = SearchOptions {
        kind: Some("KH".into()),
        ..Default::default()
    };
    assert_eq!(sources(&ix.search("de dieu", &only).unwrap()).len(), 1);
    let dated = SearchOptions {
        from: Some("2023-04".into()),
        to: Some("2023".into()),
        ..Default::default()
    };
    let hits = ix.search("de dieu", &dated).unwrap();
    assert_eq!(
        sources(&hits),
        vec![("/x/b.txt".to_owned(), MatchKind::Text)]
    );
    let issuer = SearchOptions {
        issuer: Some("btnmt".into()),
        ..Default::default()
    };
    assert_eq!(ix.search("de bien", &issuer).unwrap().len(), 1);
    let one = SearchOptions {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(ix.search("15/2023/QĐ-UBND", &one).unwrap().len(), 1);
    let exact = SearchOptions {
        exact_accents: true,
        ..Default::default()
    };
    assert!(ix.search("de dieu", &exact).unwrap().is_empty());
    assert_eq!(ix.search("đê điều", &exact).unwrap().len(), 2);
    let bad = SearchOptions {
        from: Some("yesterday".into()),
        ..Default::default()
    };
    assert!(ix.search("de", &bad).is_err());
    // Details for the first hit only: the second keeps its files but gets no snippet.
    let first = SearchOptions {
        details: Some(0..1),
        ..Default::default()
    };
    let some = ix.search("de dieu", &first).unwrap();
    assert_eq!(sources(&some), sources(&all));
    assert_eq!(some[0].snippet, all[0].snippet);
    assert!(some[1].snippet.is_empty() && some[1].line.is_none());
    assert!(!all[1].snippet.is_empty());
    assert_eq!(some[1].files.len(), all[1].files.len());
}

#[test]
fn replace_remove_and_graph_payload() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let first_graph: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("graph-"))
        .collect();
    assert_eq!(first_graph.len(), 1);
    // Replace b (new number), remove c, in one commit.
    let mut w = Writer::open(dir.path(), WriterOptions::default()).unwrap();
    assert_eq!(w.known_paths().unwrap().len(), 3);
    assert!(w.is_known("/x/b.txt"));
    assert!(w.known().is_current(
        "/x/b.txt",
        &vanban_index::content_hash(fixtures()[1].1.as_bytes())
    ));
    let (mut b, text) = fixtures().swap_remove(1);
    b.document.as_mut().unwrap().key = Some("78/KH-SNN".into());
    w.put(b, &text, "changed").unwrap();
    w.remove("/x/c.txt");
    w.commit().unwrap();
    let ix = Index::open(dir.path()).unwrap();
    assert_eq!(ix.len(), 2);
    let paths: Vec<String> = ix
        .records()
        .unwrap()
        .into_iter()
        .map(|r| r.source)
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(ix.show("77/KH-SNN").unwrap().is_empty());
    assert_eq!(ix.show("kh snn 78").unwrap().len(), 1);
    assert_eq!(ix.show("/x/b.txt").unwrap()[0].hash, "changed");
    ix.graph().unwrap();
    let graphs: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("graph-") || n.starts_with(".graph-"))
        .collect();
    assert_eq!(graphs.len(), 1, "{graphs:?}");
}

#[test]
fn uncommitted_writer_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    {
        let mut w = Writer::open(dir.path(), WriterOptions::default()).unwrap();
        w.remove("/x/a.txt");
        let (r, t) = fixtures().swap_remove(0);
        let mut r = r;
        r.source = "/x/new.txt".into();
        w.put(r, &t, "h").unwrap();
        // Dropped without commit, as a killed process would.
    }
    let ix = Index::open(dir.path()).unwrap();
    assert_eq!(ix.len(), 3);
    assert_eq!(ix.show("/x/a.txt").unwrap().len(), 1);
    assert!(ix.show("/x/new.txt").unwrap().is_empty());
    assert!(Index::open(&dir.path().join("nope")).is_err());
}

/// A record of document `i`, version `v`: its own number, and references to a few others
/// (some with an issuer typo that the graph merges).
fn versioned(i: u64, v: u64) -> (FileRecord, String) {
    let own = format!("{}/KH-SKHCN", i + 1);
    let mut refs = Vec::new();
    for j in 0..(1 + (i + v) % 3) {
        let n = 1 + (i * 7 + v * 3 + j * 5) % 12;
        let iss = if (i + j + v).is_multiple_of(4) {
            "SKHHCN"
        } else {
            "SKHCN"
        };
        let mut r = reference(
            &format!("Kế hoạch số {n}/KH-{iss}"),
            &format!("{n}/KH-{iss}"),
            2,
        );
        r.date = Some(format!("2024-01-{:02}", 1 + n % 3));
        refs.push(r);
    }
    let rec = record(
        &format!("/y/{i}.txt"),
        Some(&own),
        "Kế hoạch",
        "2024-01-02",
        refs,
    );
    (rec, format!("Kế hoạch {i} phiên bản {v}"))
}

#[test]
fn checkpoints_update_the_graph_as_a_full_rebuild_would() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut most_segments = 0;
    for round in 0..12u64 {
        let mut w = Writer::open(dir.path(), WriterOptions::default()).unwrap();
        for batch in 0..3 {
            let mut touched = std::collections::HashSet::new();
            for _ in 0..1 + next() % 9 {
                let i = next() % 24;
                if !touched.insert(i) {
                    continue;
                }
                if next().is_multiple_of(5) {
                    w.remove(&format!("/y/{i}.txt"));
                } else {
                    let (r, t) = versioned(i, round * 3 + batch);
                    let h = vanban_index::content_hash(t.as_bytes());
                    w.put(r, &t, &h).unwrap();
                }
            }
            let summary = w.checkpoint().unwrap();
            most_segments = most_segments.max(summary.graph_segments);
            let ix = Index::open(dir.path()).unwrap();
            let records = ix.records().unwrap();
            assert_eq!(summary.documents as usize, records.len());
            let want = vanban_graph::Graph::from_records(&records);
            assert_eq!(ix.graph().unwrap(), want, "round {round} batch {batch}");
        }
        drop(w);
    }
    assert!(most_segments > 1, "never more than one graph segment");
}

/// Many files holding a query's words, few its phrase: the phrase holders still come first
/// though they score lower (a window of the best-scored files ranked by the phrase would
/// miss them), a quoted phrase with diacritics puts its exact matches before folded ones,
/// and the totals are exact counts.
#[test]
fn many_matches_rank_the_window_by_the_phrase() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Writer::open(dir.path(), WriterOptions::default()).unwrap();
    let n = 5_200;
    for i in 0..n {
        // Most files hold the words apart, in a short text that scores high; every 50th the
        // phrase with its accents in a long text that scores low, and every 50th (offset) the
        // phrase without accents in a shorter one: scores alone would rank them the other way.
        let filler = "công tác quản lý nhà nước trên địa bàn ".repeat(8);
        let text = match i % 50 {
            0 => format!("Báo cáo về chuyển đổi số của tỉnh; {filler}"),
            25 => "Bao cao ve chuyen doi so.".to_string(),
            _ => format!("Chuyển {i}, đổi, số."),
        };
        let key = format!("{}/BC-UBND", i + 1);
        let rec = record(
            &format!("/m/{i}.txt"),
            Some(&key),
            "Báo cáo",
            "2024-01-02",
            vec![],
        );
        w.put(rec, &text, &format!("h{i}")).unwrap();
    }
    w.commit().unwrap();
    let ix = Index::open(dir.path()).unwrap();
    let opts = SearchOptions {
        limit: 10,
        ..Default::default()
    };
    let res = ix.search_page("chuyển đổi số", &opts).unwrap();
    assert_eq!(res.total, n, "every file holds the three words");
    assert!(
        res.hits
            .iter()
            .take(5)
            .all(|h| h.snippet.contains("<b>chuyển</b> <b>đổi</b>")),
        "phrase holders first: {:?}",
        res.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>()
    );
    let quoted = ix.search_page("\"chuyển đổi số\"", &opts).unwrap();
    // 104 exact and 104 folded holders of the phrase.
    assert_eq!(quoted.total, 2 * n / 50);
    let first: Vec<&str> = quoted.hits.iter().map(|h| h.snippet.as_str()).collect();
    assert!(
        first.iter().all(|s| s.contains("<b>chuyển</b>")),
        "exact matches before folded ones: {first:?}"
    );
}
