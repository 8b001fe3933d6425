//! Query speed on a synthetic graph of 100k documents: cited-by and a depth-3 trace.
//!
//! Shape: 63 provinces x ~1600 documents; each province has plans implementing a few
//! national resolutions, Sở plans implementing provincial plans, and reports citing ~12
//! documents (based_on 2, implements 2, cites the rest). Popular national documents end up
//! with tens of thousands of citing edges, which is the worst case for cited-by.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use vanban_graph::{Direction, Graph};
use vanban_model::{Document, FileRecord, Reference, Relation, Span};

fn span() -> Span {
    Span {
        start: 100,
        end: 180,
        line: 7,
        page: Some(2),
    }
}

fn rng(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn reference(key: String) -> Reference {
    Reference {
        text: format!("Kế hoạch số {key}"),
        kind: "Kế hoạch".into(),
        key,
        span: span(),
        ..Default::default()
    }
}

fn relation(from: Option<String>, rel: &str, to: String) -> Relation {
    Relation {
        evidence: format!("Thực hiện văn bản số {to}, đơn vị đã ban hành văn bản."),
        from,
        rel: vanban_model::Rel::parse(rel).expect("relation name"),
        to,
        span: span(),
        ..Relation::default()
    }
}

/// A two-letter issuer suffix per province (digits would never be merged as typos anyway).
fn code(prov: usize) -> String {
    let a = (b'A' + (prov / 26) as u8) as char;
    let b = (b'A' + (prov % 26) as u8) as char;
    format!("{a}{b}")
}

/// `n` synthetic records.
pub fn corpus(n: usize) -> Vec<FileRecord> {
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let national: Vec<String> = (1..=300).map(|i| format!("{i}/NQ-CP")).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let prov = i % 63;
        let own = format!("{}/KH-UBND{}", i / 63 + 1, code(prov));
        let mut refs = Vec::new();
        let mut rels = Vec::new();
        // Provincial plans earlier in the same province.
        let earlier = i / 63;
        for j in 0..12 {
            let key = if j < 3 || earlier == 0 {
                national[(rng(&mut s) % 300) as usize].clone()
            } else {
                format!(
                    "{}/KH-UBND{}",
                    1 + rng(&mut s) as usize % earlier,
                    code(prov)
                )
            };
            refs.push(reference(key.clone()));
            match j {
                0 | 1 => rels.push(relation(None, "based_on", key)),
                2 | 3 => rels.push(relation(None, "implements", key)),
                4 => rels.push(relation(
                    Some(key.clone()),
                    "implements",
                    national[(rng(&mut s) % 300) as usize].clone(),
                )),
                _ => {}
            }
        }
        out.push(FileRecord {
            source: format!("corpus/{prov}/{i}.txt"),
            document: Some(Document {
                key: Some(own),
                ..Default::default()
            }),
            references: refs,
            relations: rels,
            ..Default::default()
        });
    }
    out
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("VANBAN_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let recs = corpus(n);
    let t = std::time::Instant::now();
    let g = Graph::from_records(&recs);
    let build = t.elapsed();
    let t = std::time::Instant::now();
    let bytes = g.to_bytes();
    let save = t.elapsed();
    let t = std::time::Instant::now();
    let g = Graph::from_bytes(&bytes).expect("load");
    let load = t.elapsed();
    eprintln!(
        "{n} docs: {} nodes, {} edges; build {build:?}, to_bytes {save:?} ({} MB), from_bytes {load:?}",
        g.node_count(),
        g.edge_count(),
        bytes.len() / 1_000_000
    );
    let hot = g.lookup("7/NQ-CP").expect("national node");
    let mid = g
        .lookup(&format!("50/KH-UBND{}", code(3)))
        .expect("provincial node");
    let leaf = g
        .lookup(&format!("{}/KH-UBND{}", n / 63, code(5)))
        .expect("recent plan");
    eprintln!(
        "cited-by sizes: national {}, provincial {}",
        g.cited_by(hot).len(),
        g.cited_by(mid).len()
    );
    c.bench_function("cited_by provincial plan", |b| {
        b.iter(|| black_box(g.cited_by(black_box(mid))))
    });
    c.bench_function("cited_by national resolution (hot)", |b| {
        b.iter(|| black_box(g.cited_by(black_box(hot))))
    });
    c.bench_function("trace up depth 3", |b| {
        b.iter(|| black_box(g.trace(black_box(leaf), Direction::Up, 3, None)))
    });
    c.bench_function("trace down depth 3", |b| {
        b.iter(|| black_box(g.trace(black_box(mid), Direction::Down, 3, None)))
    });
    c.bench_function("lookup tolerant", |b| {
        b.iter(|| black_box(g.lookup(black_box("050/kh-ubndad"))))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
