use super::*;
use vanban_model::{Document, Reference, Relation, Span};

fn span(line: u32) -> Span {
    Span {
        start: 0,
        end: 10,
        line,
        page: None,
    }
}

fn reference(key: &str, date: Option<&str>) -> Reference {
    Reference {
        text: format!("Kế hoạch số {key}"),
        kind: "Kế hoạch".into(),
        key: key.into(),
        date: date.map(str::to_string),
        span: span(3),
        ..Default::default()
    }
}

fn rel(from: Option<&str>, r: &str, to: &str, ev: &str) -> Relation {
    Relation {
        from: from.map(str::to_string),
        rel: Rel::parse(r).expect("relation name"),
        to: to.into(),
        evidence: ev.into(),
        span: span(5),
        ..Relation::default()
    }
}

fn record(path: &str, own: Option<&str>, refs: Vec<Reference>, rels: Vec<Relation>) -> FileRecord {
    FileRecord {
        source: path.into(),
        document: Some(Document {
            key: own.map(str::to_string),
            ..Default::default()
        }),
        references: refs,
        relations: rels,
        ..Default::default()
    }
}

/// A Sở plan implementing a provincial plan implementing a Party resolution, a report
/// citing the Sở plan with a typo in its issuer, and the provincial plan ingested itself.
fn sample() -> Vec<FileRecord> {
    vec![
        record(
            "a/bao_cao.txt",
            None,
            vec![
                reference("12/KH-SNNPTNT", Some("2024-01-18")),
                reference("191/KH-UBND", Some("2023-12-26")),
                reference("5/QĐ-UBND", None),
            ],
            vec![
                rel(None, "based_on", "191/KH-UBND", "Căn cứ Kế hoạch số 191/KH-UBND"),
                rel(
                    Some("12/KH-SNNPTNT"),
                    "implements",
                    "191/KH-UBND",
                    "Thực hiện Kế hoạch số 191/KH-UBND ..., Sở đã ban hành Kế hoạch số 12/KH-SNNPTNT",
                ),
            ],
        ),
        record(
            "b/ke_hoach_191.txt",
            Some("191/KH-UBND"),
            vec![reference("19-NQ/TW", None)],
            vec![rel(None, "implements", "19-NQ/TW", "Triển khai thực hiện Nghị quyết số 19-NQ/TW")],
        ),
        record(
            "c/cong_van.txt",
            None,
            vec![
                reference("12/KH-SNNPTNTT", Some("2024-01-18")),
                reference("012/KH-SNNPTNT", Some("2024-01-18")),
            ],
            vec![],
        ),
    ]
}

#[test]
fn own_key_is_the_referenced_node() {
    let g = Graph::from_records(&sample());
    let n = g.lookup("191/KH-UBND").expect("node");
    assert_eq!(
        g.node(n).map(|x| x.paths.clone()),
        Some(vec!["b/ke_hoach_191.txt".into()])
    );
    assert_eq!(g.lookup("b/ke_hoach_191.txt"), Some(n));
    assert_eq!(g.lookup("ke_hoach_191.txt"), Some(n));
    // Who cites it: the report (based_on) and the Sở plan (implements).
    let by: Vec<(Rel, String)> = g.cited_by(n).into_iter().map(|h| (h.rel, h.from)).collect();
    assert_eq!(
        by,
        vec![
            (Rel::BasedOn, "a/bao_cao.txt".to_string()),
            (Rel::Implements, "12/KH-SNNPTNT".to_string()),
        ]
    );
}

#[test]
fn cites_groups_by_relation_and_adds_plain_cites() {
    let g = Graph::from_records(&sample());
    let n = g.lookup("a/bao_cao.txt").expect("node");
    let groups: Vec<(Rel, Vec<String>)> = g
        .cites(n)
        .into_iter()
        .map(|(r, hs)| (r, hs.into_iter().map(|h| h.to).collect()))
        .collect();
    assert_eq!(
        groups,
        vec![
            (Rel::BasedOn, vec!["191/KH-UBND".to_string()]),
            (
                Rel::Cites,
                vec!["12/KH-SNNPTNT".to_string(), "5/QĐ-UBND".to_string()]
            ),
        ]
    );
}

#[test]
fn trace_up_and_down() {
    let g = Graph::from_records(&sample());
    let n = g.lookup("12/kh-snnptnt").expect("tolerant lookup");
    let t = g.trace(n, Direction::Up, 3, None);
    assert_eq!(t.node, "12/KH-SNNPTNT");
    assert_eq!(t.children.len(), 1);
    assert_eq!(t.children[0].node, "191/KH-UBND");
    assert_eq!(t.children[0].children[0].node, "19-NQ/TW");
    assert_eq!(t.children[0].children[0].rel, Some(Rel::Implements));
    // Depth 1 stops at the provincial plan.
    let t1 = g.trace(n, Direction::Up, 1, None);
    assert!(t1.children[0].children.is_empty());
    // Down from the resolution reaches the Sở plan and the report (based_on).
    let r = g.lookup("19 NQ/TW").expect("party key with a space");
    let d = g.trace(r, Direction::Down, 3, None);
    let mut labels = Vec::new();
    fn walk(t: &TraceNode, out: &mut Vec<String>) {
        out.push(t.node.clone());
        for c in &t.children {
            walk(c, out);
        }
    }
    walk(&d, &mut labels);
    assert!(labels.contains(&"12/KH-SNNPTNT".to_string()), "{labels:?}");
    assert!(labels.contains(&"a/bao_cao.txt".to_string()), "{labels:?}");
    // A relation filter drops based_on.
    let only = g.trace(r, Direction::Down, 3, Some(&[Rel::Implements]));
    let mut l2 = Vec::new();
    walk(&only, &mut l2);
    assert!(!l2.contains(&"a/bao_cao.txt".to_string()));
}

#[test]
fn issuer_typo_aliases_merge_and_unmerge() {
    let g = Graph::from_records(&sample());
    // 12/KH-SNNPTNT (2 mentions) absorbs 12/KH-SNNPTNTT (1 mention, same date).
    assert_eq!(g.merges().len(), 1, "{:?}", g.merges());
    let m = &g.merges()[0];
    assert_eq!(m.canonical, "12/KH-SNNPTNT");
    assert_eq!(m.alias, "12/KH-SNNPTNTT");
    assert!(m.reason.contains("edit distance 1"), "{}", m.reason);
    assert_eq!(m.files, vec!["c/cong_van.txt".to_string()]);
    let n = g.lookup("12/KH-SNNPTNTT").expect("alias lookup");
    assert_eq!(g.label(n), "12/KH-SNNPTNT");
    assert_eq!(g.cited_by(n).len(), 2);
    let raw = g.with_merging(false);
    assert!(raw.merges().is_empty());
    let a = raw.lookup("12/KH-SNNPTNTT").expect("separate node");
    assert_eq!(raw.label(a), "12/KH-SNNPTNTT");
    assert_eq!(raw.node_count(), g.node_count() + 1);
    let back = raw.with_merging(true);
    assert_eq!(back.merges(), g.merges());
}

#[test]
fn different_issuers_or_dates_do_not_merge() {
    let recs = vec![record(
        "x.txt",
        None,
        vec![
            reference("3-KL/TW", Some("2020-01-01")),
            reference("3-KL/TU", Some("2020-01-01")),
            reference("7/QĐ-SGDĐT", Some("2021-05-01")),
            reference("7/QĐ-SGTVT", Some("2021-05-01")),
            reference("9/KH-SKHCN", Some("2021-05-01")),
            reference("9/KH-SKHHCN", Some("2022-06-01")),
            reference("9/QĐ-SKHCN", Some("2021-05-01")),
        ],
        vec![],
    )];
    let g = Graph::from_records(&recs);
    assert!(g.merges().is_empty(), "{:?}", g.merges());
}

#[test]
fn bytes_round_trip_and_corrupt_input() {
    let g = Graph::from_records(&sample());
    let bytes = g.to_bytes();
    let h = Graph::from_bytes(&bytes).expect("load");
    assert_eq!(h.nodes(), g.nodes());
    assert_eq!(h.edges(), g.edges());
    assert_eq!(h.merges(), g.merges());
    let n = h.lookup("191/KH-UBND").expect("node");
    assert_eq!(h.cited_by(n), g.cited_by(n));
    assert!(Graph::from_bytes(b"not a graph").is_err());
    assert!(Graph::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert_eq!(Graph::from_bytes(&[]).map(|g| g.node_count()).ok(), Some(0));
}

#[test]
fn subgraph_and_exports() {
    let g = Graph::from_records(&sample());
    let n = g.lookup("191/KH-UBND").expect("node");
    let sub = g.subgraph(n, 1, None);
    let labels: HashSet<&str> = sub.nodes.iter().map(|&x| g.label(x)).collect();
    assert!(labels.contains("19-NQ/TW") && labels.contains("a/bao_cao.txt"));
    assert!(!labels.contains("5/QĐ-UBND"), "depth 1 only");
    let dot = g.export(&sub, Format::Dot);
    assert!(dot.starts_with("digraph") && dot.contains("implements"));
    let json: serde_json::Value =
        serde_json::from_str(&g.export(&sub, Format::Json)).expect("json");
    assert_eq!(
        json["nodes"].as_array().map(Vec::len),
        Some(sub.nodes.len())
    );
    assert_eq!(
        json["edges"].as_array().map(Vec::len),
        Some(sub.edges.len())
    );
    let xml = g.export(&g.all(), Format::GraphMl);
    assert!(
        xml.contains("<graphml") && xml.contains("&") == xml.contains("&amp;")
            || !xml.contains('&')
    );
    assert_eq!(xml.matches("<edge ").count(), g.edge_count());
}

#[test]
fn an_uncited_document_keeps_its_own_key() {
    let g = Graph::from_records(&[record("k.txt", Some("07/QĐ-UBND"), vec![], vec![])]);
    let n = g.lookup("7/QĐ-UBND").expect("own key");
    assert_eq!(g.label(n), "7/QĐ-UBND");
    assert_eq!(g.lookup("k.txt"), Some(n));
}

#[test]
fn empty_and_keyless_records() {
    let recs = vec![FileRecord {
        source: "broken.pdf".into(),
        error: Some("no text".into()),
        ..Default::default()
    }];
    let g = Graph::from_records(&recs);
    assert_eq!(g.node_count(), 1);
    assert_eq!(g.lookup("broken.pdf"), Some(0));
    assert!(g.lookup("1/QĐ-UBND").is_none());
    let e = Graph::default();
    assert!(e.lookup("x").is_none());
    assert!(e.cited_by(5).is_empty());
    assert!(e.trace(5, Direction::Up, 3, None).children.is_empty());
}

#[test]
fn mutated_images_never_panic() {
    let g = Graph::from_records(&sample());
    let bytes = g.to_bytes();
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    for _ in 0..2000 {
        let mut b = bytes.clone();
        for _ in 0..1 + next() % 4 {
            let i = (next() as usize) % b.len();
            b[i] = next() as u8;
        }
        if next() % 5 == 0 {
            let cut = (next() as usize) % b.len();
            b.truncate(cut);
        }
        if let Ok(h) = Graph::from_bytes(&b) {
            // Whatever loaded must answer queries.
            for n in 0..h.node_count() as NodeId {
                let _ = h.cited_by(n);
                let _ = h.cites(n);
                let _ = h.trace(n, Direction::Up, 3, None);
            }
            let _ = h.export(&h.all(), Format::GraphMl);
        }
    }
}
