//! Throughput of metric extraction against the rest of `vanban extract` on the same text.
//!
//! The five corpus reports are repeated to at least 50 MB (as separate documents, as a batch
//! would see them). Three measurements: metrics alone, the whole per-file extraction with
//! metrics, and the same with metrics switched off (`VANBAN_NO_METRICS=1`). The overhead of
//! metrics is (with - without) / without.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;
use std::time::{Duration, Instant};
use vanban_text::{repair_bytes, RepairOptions, Repaired};

const TARGET_BYTES: usize = 50 * 1024 * 1024;

fn docs() -> (Vec<Repaired>, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .filter_map(|p| std::fs::read(p).ok())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no corpus text in {}", dir.display());
    let one: Vec<Repaired> = files
        .iter()
        .filter_map(|b| repair_bytes(b, &RepairOptions::default()).ok())
        .collect();
    let per_round: usize = one.iter().map(|r| r.text.len()).sum();
    let rounds = TARGET_BYTES.div_ceil(per_round.max(1));
    let mut all = Vec::with_capacity(one.len() * rounds);
    for _ in 0..rounds {
        all.extend(one.iter().cloned());
    }
    (all, per_round * rounds)
}

fn time(f: impl Fn()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

fn bench(c: &mut Criterion) {
    let (docs, bytes) = docs();
    let metrics = || {
        for d in &docs {
            std::hint::black_box(vanban_metrics::extract(d));
        }
    };
    let ex = vanban_extract::Extractor::builtin();
    // The pipeline runs references/relations and metrics one after the other on one text.
    let whole = || {
        for d in &docs {
            std::hint::black_box(ex.extract("bench.txt", d));
            std::hint::black_box(vanban_metrics::extract(d));
        }
    };
    let without = || {
        for d in &docs {
            std::hint::black_box(ex.extract("bench.txt", d));
        }
    };
    // Plain timings, interleaved three times so load drift on a shared machine hits both
    // sides alike; the medians are the figures to report.
    let (mut tm, mut tw, mut tn) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        tm.push(time(metrics).as_secs_f64());
        tw.push(time(whole).as_secs_f64());
        tn.push(time(without).as_secs_f64());
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (tm, tw, tn) = (med(&mut tm), med(&mut tw), med(&mut tn));
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "corpus x{}: {:.1} MB; metrics alone {:.2}s ({:.1} MB/s); extract with metrics {:.2}s, \
         without {:.2}s; metrics alone = {:.1}% of extract without; with/without = +{:.1}%",
        docs.len() / 5,
        mb,
        tm,
        mb / tm,
        tw,
        tn,
        tm / tn * 100.0,
        (tw - tn) / tn * 100.0
    );

    let mut g = c.benchmark_group("metrics");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("metrics_only", |b| b.iter(metrics));
    g.bench_function("extract_with_metrics", |b| b.iter(whole));
    g.bench_function("extract_without_metrics", |b| b.iter(without));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
