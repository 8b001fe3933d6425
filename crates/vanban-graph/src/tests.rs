use super::*;
use std::collections::HashSet;
use vanban_model::{Document, FileRecord, Reference, Relation, Span};

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

/// A file of a province: its own key and date, and what it cites with the locality it tells.
fn located(
    path: &str,
    own: Option<(&str, &str)>,
    loc: &str,
    refs: Vec<(&str, &str, Option<&str>)>,
) -> FileRecord {
    let mut r = record(
        path,
        own.map(|o| o.0),
        refs.into_iter()
            .map(|(k, d, l)| Reference {
                locality: l.map(str::to_string),
                ..reference(k, Some(d))
            })
            .collect(),
        vec![],
    );
    if let Some(doc) = r.document.as_mut() {
        doc.locality = Some(loc.into());
        doc.date = own.map(|o| o.1.to_string());
        doc.kind = Some("Kế hoạch".into());
    }
    r
}

#[test]
fn aliases_merge_inside_one_locality_never_across_two() {
    // Both provinces' Sở KH&CN issue 05/KH-SKHCN on the same day; each province has a citer
    // typing the issuer SKHHCN, and a third citer types it without telling the province.
    let recs = vec![
        located(
            "dn/kh05.txt",
            Some(("05/KH-SKHCN", "2024-03-01")),
            "Đồng Nai",
            vec![],
        ),
        located(
            "lc/kh05.txt",
            Some(("05/KH-SKHCN", "2024-03-01")),
            "Lai Châu",
            vec![],
        ),
        located(
            "dn/bao_cao.txt",
            None,
            "Đồng Nai",
            vec![("05/KH-SKHHCN", "2024-03-01", Some("Đồng Nai"))],
        ),
        located(
            "lc/bao_cao.txt",
            None,
            "Lai Châu",
            vec![("05/KH-SKHHCN", "2024-03-01", Some("Lai Châu"))],
        ),
        located(
            "x/cong_van.txt",
            None,
            "Hà Nội",
            vec![("05/KH-SKHHCN", "2024-03-01", None)],
        ),
    ];
    // Each province's own plan is also cited with its right spelling.
    let mut recs = recs;
    for (p, l) in [
        ("dn/to_trinh.txt", "Đồng Nai"),
        ("lc/to_trinh.txt", "Lai Châu"),
    ] {
        recs.push(located(
            p,
            None,
            l,
            vec![("05/KH-SKHCN", "2024-03-01", Some(l))],
        ));
    }
    let g = Graph::from_records(&recs);
    let mut m: Vec<(String, String, Option<String>, Vec<String>)> = g
        .merges()
        .iter()
        .map(|m| {
            (
                m.canonical.clone(),
                m.alias.clone(),
                m.locality.clone(),
                m.files.clone(),
            )
        })
        .collect();
    m.sort();
    assert_eq!(
        m,
        vec![
            (
                "5/KH-SKHCN".to_string(),
                "5/KH-SKHHCN".to_string(),
                Some("Lai Châu".to_string()),
                vec!["lc/bao_cao.txt".to_string()]
            ),
            (
                "5/KH-SKHCN".to_string(),
                "5/KH-SKHHCN".to_string(),
                Some("Đồng Nai".to_string()),
                vec!["dn/bao_cao.txt".to_string()]
            ),
        ]
    );
    let citers = |q: &str| -> Vec<String> {
        let n = g.lookup_all(q);
        assert_eq!(n.len(), 1, "{q}: {n:?}");
        g.cited_by(n[0]).into_iter().map(|h| h.file).collect()
    };
    assert_eq!(
        citers("05/KH-SKHCN@Lai Châu"),
        ["lc/bao_cao.txt", "lc/to_trinh.txt"]
    );
    assert_eq!(
        citers("05/KH-SKHCN@Dong Nai"),
        ["dn/bao_cao.txt", "dn/to_trinh.txt"]
    );
    // The citer that does not tell the province is merged into neither.
    let untold: Vec<_> = g
        .lookup_all("05/KH-SKHHCN")
        .into_iter()
        .filter(|&n| g.node(n).is_some_and(|x| x.locality.is_none()))
        .collect();
    assert_eq!(untold.len(), 1, "{:?}", g.lookup_all("05/KH-SKHHCN"));
    let by: Vec<String> = g.cited_by(untold[0]).into_iter().map(|h| h.file).collect();
    assert_eq!(by, ["x/cong_van.txt"]);
    assert_eq!(g.label(untold[0]), "5/KH-SKHHCN");

    // One province alone: the typo cited without a province is that province's document.
    let one = vec![
        located(
            "lc/kh05.txt",
            Some(("05/KH-SKHCN", "2024-03-01")),
            "Lai Châu",
            vec![],
        ),
        located(
            "lc/bao_cao.txt",
            None,
            "Lai Châu",
            vec![("05/KH-SKHHCN", "2024-03-01", None)],
        ),
    ];
    let g = Graph::from_records(&one);
    assert_eq!(g.merges().len(), 1, "{:?}", g.merges());
    let n = g.lookup_all("05/KH-SKHHCN");
    assert_eq!(n, g.lookup_all("05/KH-SKHCN"));
    assert_eq!(n.len(), 1);
    let node = g.node(n[0]).expect("node");
    assert_eq!(node.locality.as_deref(), Some("Lai Châu"));
    assert_eq!(node.paths, ["lc/kh05.txt"]);
}

fn named(name: &str, year: i32, number: Option<&str>) -> vanban_model::NamedRef {
    vanban_model::NamedRef {
        text: format!("{name} năm {year}"),
        kind: "Luật".into(),
        name: name.into(),
        year: Some(year),
        number: number.map(str::to_string),
        span: span(4),
        ..Default::default()
    }
}

#[test]
fn a_law_by_name_and_by_number_is_one_node() {
    let law_ref = |key: &str| Reference {
        kind: "Luật".into(),
        ..reference(key, None)
    };
    let mut tied = record(
        "a/tied.txt",
        Some("1/KH-UBND"),
        vec![law_ref("45/2013/QH13")],
        vec![],
    );
    tied.named = vec![named("Luật Đất đai", 2013, Some("45/2013/QH13"))];
    let mut by_name = record("b/by_name.txt", Some("2/KH-UBND"), vec![], vec![]);
    by_name.named = vec![
        named("Luật Đất đai", 2013, None),
        named("Luật Hải quan", 2014, None),
        // Two numbers written for one name somewhere: the name cannot tell which.
        named("Luật Thuế", 2020, None),
    ];
    let by_number = record(
        "c/by_number.txt",
        None,
        vec![law_ref("45/2013/QH13")],
        vec![],
    );
    let mut conflicting = record("d/two.txt", None, vec![], vec![]);
    conflicting.named = vec![
        named("Luật Thuế", 2020, Some("1/2020/QH14")),
        named("Luật Thuế", 2020, Some("2/2020/QH14")),
    ];
    let g = Graph::from_records(&[tied, by_name, by_number, conflicting]);
    let n = g.lookup_all("45/2013/QH13");
    assert_eq!(n.len(), 1);
    for q in [
        "Luật Đất đai 2013",
        "luật đất đai năm 2013",
        "LUẬT ĐẤT ĐAI NĂM 2013",
        "Luật số 45/2013/QH13",
    ] {
        assert_eq!(g.lookup_all(q), n, "{q}");
    }
    assert_eq!(g.label(n[0]), "45/2013/QH13");
    let files: Vec<String> = g.cited_by(n[0]).into_iter().map(|h| h.file).collect();
    assert_eq!(files, ["a/tied.txt", "b/by_name.txt", "c/by_number.txt"]);
    let up = g.trace(
        g.lookup("2/KH-UBND").expect("plan"),
        Direction::Up,
        1,
        Some(&[Rel::Cites]),
    );
    let kids: Vec<&str> = up.children.iter().map(|c| c.node.as_str()).collect();
    assert!(kids.contains(&"45/2013/QH13"), "{kids:?}");
    assert!(kids.contains(&"Luật Hải quan 2014"), "{kids:?}");
    // Named without any number: a node of its own, found by its name.
    let h = g.lookup_all("Luật Hải quan năm 2014");
    assert_eq!(h.len(), 1);
    assert_eq!(g.label(h[0]), "Luật Hải quan 2014");
    let by: Vec<String> = g.cited_by(h[0]).into_iter().map(|h| h.file).collect();
    assert_eq!(by, ["b/by_name.txt"]);
    assert!(g.lookup_all("Luật Hải quan 2015").is_empty());
    let t = g.lookup_all("Luật Thuế 2020");
    assert_eq!(t.len(), 1);
    assert_eq!(g.label(t[0]), "Luật Thuế 2020");
    // The stored graph answers the same.
    let back = Graph::from_bytes(&g.to_bytes()).expect("load");
    assert_eq!(back.lookup_all("Luật Đất đai 2013"), n);
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

#[test]
fn images_hold_the_exact_source() {
    let g = Graph::from_records(&sample());
    let h = Graph::from_bytes(&g.to_bytes()).expect("load");
    assert_eq!(h, g);
    let raw = g.with_merging(false);
    let back = Graph::from_bytes(&raw.to_bytes()).expect("load");
    assert_eq!(back, raw);
    assert!(!back.merging());
    // Record order does not matter: the graph is built in path order.
    let mut rev = sample();
    rev.reverse();
    assert_eq!(Graph::from_records(&rev), g);
}

#[test]
fn segments_resolve_newest_first() {
    let recs = sample();
    let mut old = Segment::new();
    for r in &recs {
        old.add(r);
    }
    // The report changes (it no longer cites 5/QĐ-UBND), the công văn is removed.
    let mut report = recs[0].clone();
    report.references.pop();
    let mut new = Segment::new();
    new.add(&report);
    new.remove("c/cong_van.txt");
    let seg = |s: &Segment| Segment::from_bytes(&s.to_bytes());
    let g = Graph::from_segments([seg(&new), seg(&old)]).expect("load");
    let want = Graph::from_records(&[report.clone(), recs[1].clone()]);
    assert_eq!(g, want);
    assert!(g.lookup("5/QĐ-UBND").is_none());
    assert!(g.merges().is_empty(), "the typo came from the removed file");
    // Merging the two segments into one keeps the same graph; the removal is kept only
    // when older segments may still hold the path.
    let one = Segment::merge([seg(&new), seg(&old)], false).expect("merge");
    assert_eq!((one.doc_count(), one.tombstone_count()), (2, 1));
    let top = Segment::merge([seg(&new), seg(&old)], true).expect("merge");
    assert_eq!((top.doc_count(), top.tombstone_count()), (2, 0));
    assert_eq!(
        Graph::from_segments([Ok::<_, GraphError>(top)]).unwrap(),
        want
    );
    assert!(Segment::from_bytes(b"VBG2junk").is_err());
}

mod incremental {
    //! Random puts, changes, removals, commits and segment merges: the graph of the stored
    //! segments always equals the graph built from scratch on the files alive.
    use super::super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, HashSet};
    use vanban_model::{Document, FileRecord, Reference, Relation, Span};

    const ISSUERS: [&str; 6] = ["UBND", "UBNDD", "SKHCN", "SKHHCN", "TW", "TU"];
    const DATES: [&str; 3] = ["2024-01-18", "2023-12-26", "2022-05-01"];

    fn key(n: u64) -> String {
        let kind = ["KH", "QĐ"][(n % 2) as usize];
        let iss = ISSUERS[((n / 2) % 6) as usize];
        format!("{}/{kind}-{iss}", 1 + (n / 12) % 3)
    }

    fn span(n: u64) -> Span {
        Span {
            start: n as usize,
            end: n as usize + 9,
            line: 1 + (n % 7) as u32,
            page: n.is_multiple_of(3).then_some(2),
        }
    }

    /// A record of `path` from a few random numbers: its own key, references with dates,
    /// relations from itself or from a key it names.
    fn record(
        path: &str,
        own: Option<u64>,
        refs: &[(u64, u8)],
        rels: &[(u64, u64, u8)],
    ) -> FileRecord {
        FileRecord {
            source: path.into(),
            document: Some(Document {
                key: own.map(key),
                kind: own.map(|_| "Kế hoạch".to_string()),
                date: own.map(|o| DATES[(o % 3) as usize].to_string()),
                subject: own.map(|o| format!("Về việc {o}")),
                ..Default::default()
            }),
            references: refs
                .iter()
                .map(|&(k, d)| Reference {
                    text: format!("Kế hoạch số {}", key(k)),
                    kind: "Kế hoạch".into(),
                    key: key(k),
                    date: (d < 3).then(|| DATES[d as usize].to_string()),
                    span: span(k),
                    ..Default::default()
                })
                .collect(),
            relations: rels
                .iter()
                .map(|&(f, t, r)| Relation {
                    from: (f % 3 == 0).then(|| key(f)),
                    rel: Rel::ALL[(r % 12) as usize],
                    to: key(t),
                    evidence: format!("Căn cứ {} và {}", key(t), r),
                    span: span(t + f),
                    ..Relation::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        Put(u8, Option<u64>, Vec<(u64, u8)>, Vec<(u64, u64, u8)>),
        Remove(u8),
        Commit,
        Compact(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (
                0u8..8,
                proptest::option::of(0u64..36),
                proptest::collection::vec((0u64..36, 0u8..5), 0..5),
                proptest::collection::vec((0u64..36, 0u64..36, 0u8..12), 0..3)
            )
                .prop_map(|(p, o, r, l)| Op::Put(p, o, r, l)),
            1 => (0u8..8).prop_map(Op::Remove),
            2 => Just(Op::Commit),
            1 => (2u8..5).prop_map(Op::Compact),
        ]
    }

    fn load(store: &[Vec<u8>]) -> Graph {
        Graph::from_segments(store.iter().rev().map(|b| Segment::from_bytes(b))).expect("load")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn equals_a_full_rebuild(ops in proptest::collection::vec(op(), 1..40)) {
            let mut live: BTreeMap<String, FileRecord> = BTreeMap::new();
            let mut store: Vec<Vec<u8>> = Vec::new();
            let mut batch = Segment::new();
            let mut touched: HashSet<String> = HashSet::new();
            // What the batch will do to `live` once committed.
            let mut pending: Vec<(String, Option<FileRecord>)> = Vec::new();
            for op in ops.into_iter().chain([Op::Commit]) {
                match op {
                    Op::Put(p, own, refs, rels) => {
                        let path = format!("d/{p}.txt");
                        if touched.insert(path.clone()) {
                            let r = record(&path, own, &refs, &rels);
                            batch.add(&r);
                            pending.push((path, Some(r)));
                        }
                    }
                    Op::Remove(p) => {
                        let path = format!("d/{p}.txt");
                        if touched.insert(path.clone()) {
                            batch.remove(&path);
                            pending.push((path, None));
                        }
                    }
                    Op::Commit => {
                        if !batch.is_empty() {
                            store.push(std::mem::take(&mut batch).to_bytes());
                        }
                        touched.clear();
                        for (path, r) in pending.drain(..) {
                            match r {
                                Some(r) => live.insert(path, r),
                                None => live.remove(&path),
                            };
                        }
                        let want = Graph::from_records(live.values());
                        prop_assert_eq!(load(&store), want);
                    }
                    Op::Compact(n) => {
                        // Merge the newest `n` committed segments into one.
                        let n = (n as usize).min(store.len());
                        if n >= 2 {
                            let at = store.len() - n;
                            let run: Vec<Vec<u8>> = store.drain(at..).collect();
                            let merged = Segment::merge(
                                run.iter().rev().map(|b| Segment::from_bytes(b)),
                                at == 0,
                            )
                            .expect("merge");
                            store.push(merged.to_bytes());
                            prop_assert_eq!(load(&store), Graph::from_records(live.values()));
                        }
                    }
                }
            }
        }
    }
}
