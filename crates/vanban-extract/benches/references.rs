//! Text -> numbered references over the five corpus reports repeated to >= 50 MB, one core.
//! Goal (issue 3): >= 300 MB/s. Set VANBAN_BENCH_OUT=FILE to also get the best MB/s of a few
//! plain timed runs written there (used by `just bench-extract` for the ratio to Python).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Instant;
use vanban_extract::Extractor;

const TARGET: usize = 50 * 1024 * 1024;

#[path = "../examples/common/corpus.rs"]
mod corpus;

fn corpus_text() -> String {
    let one = corpus::texts().join("\n\n");
    let mut s = String::with_capacity(TARGET + one.len());
    while s.len() < TARGET {
        s.push_str(&one);
        s.push_str("\n\n");
    }
    s
}

/// CPU time of this thread (Linux), to tell a slow extractor from a busy shared machine.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn bench(c: &mut Criterion) {
    let text = corpus_text();
    let ex = Extractor::builtin();
    let n = ex.references(&text).len();
    eprintln!("{} MB, {n} references per pass", text.len() / (1024 * 1024));
    if let Ok(out) = std::env::var("VANBAN_BENCH_OUT") {
        let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
        for _ in 0..5 {
            let (t, c0) = (Instant::now(), thread_cpu_ns());
            std::hint::black_box(ex.references(std::hint::black_box(&text)));
            best = best.min(t.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (c0, thread_cpu_ns()) {
                best_cpu = best_cpu.min((b - a) as f64 / 1e9);
            }
        }
        let mbps = text.len() as f64 / 1e6 / best;
        let cpu = text.len() as f64 / 1e6 / best_cpu;
        eprintln!("text -> references: {mbps:.1} MB/s wall, {cpu:.1} MB/s of this thread's CPU time (best of 5)");
        let _ = std::fs::write(out, format!("{mbps:.3} {n}\n"));
    }
    let mut g = c.benchmark_group("references");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("corpus_x50MB", |b| {
        b.iter(|| ex.references(std::hint::black_box(&text)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
