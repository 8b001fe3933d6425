//! Throughput of repair on the corpus repeated to >= 50 MB: raw corpus text (PDF-extracted,
//! needs layout and mark repair) and clean UTF-8 (already repaired: the quick path), each
//! from a borrowed slice (`repair_bytes`, which must copy into the result) and from an owned
//! buffer (`repair_vec`, what the pipeline does with a file it has read; the buffer is made
//! outside the timed part).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::path::PathBuf;
use vanban_text::{repair_bytes, repair_vec, RepairOptions, ToneStyle};

const TARGET: usize = 50 * 1024 * 1024;

fn corpus_texts() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect()
}

fn repeat_to(parts: &[Vec<u8>], target: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(target + (1 << 20));
    while out.len() < target {
        for p in parts {
            out.extend_from_slice(p);
            out.push(b'\n');
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let raw = corpus_texts();
    let opts = RepairOptions {
        tone: ToneStyle::Modern,
        layout: true,
    };
    let clean: Vec<Vec<u8>> = raw
        .iter()
        .map(|b| repair_bytes(b, &opts).expect("repair").text.into_bytes())
        .collect();
    let mut g = c.benchmark_group("repair");
    g.sample_size(10);
    for (name, data) in [
        ("clean-utf8", repeat_to(&clean, TARGET)),
        ("raw-corpus", repeat_to(&raw, TARGET)),
    ] {
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(format!("{name}/owned"), |b| {
            b.iter_batched(
                || data.clone(),
                |buf| repair_vec(buf, &opts).expect("repair"),
                BatchSize::LargeInput,
            )
        });
        g.bench_function(format!("{name}/borrowed"), |b| {
            b.iter(|| repair_bytes(std::hint::black_box(&data), &opts).expect("repair"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
