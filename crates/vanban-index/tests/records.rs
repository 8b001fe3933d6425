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
    assert_eq!(w.known_paths().count(), 3);
    assert!(w.known_hash("/x/b.txt").is_some());
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
