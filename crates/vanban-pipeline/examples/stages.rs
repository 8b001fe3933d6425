//! Time each stage of the pipeline on one file (for profiling): repair, references and
//! relations, metrics, JSON. `cargo run --release -p vanban-pipeline --example stages FILE`.

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let bytes = std::fs::read(&path).expect("read");
    let mb = bytes.len() as f64 / 1e6;
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let ex = vanban_extract::Extractor::builtin();
    let mv = vanban_metrics::Vocab::builtin();
    // Warm up (compiles every lazily built pattern), so rounds time the work only.
    warmup(&path, &bytes, ex, mv);
    let mut best = [f64::MAX; 4];
    for _ in 0..rounds {
        for (b, x) in best.iter_mut().zip(round(&path, &bytes, ex, mv)) {
            *b = b.min(x);
        }
    }
    let total: f64 = best.iter().sum();
    for (name, t) in ["repair", "references+relations", "metrics", "json"]
        .iter()
        .zip(best)
    {
        println!("{name:22} {:7.3} s  {:8.1} MB/s", t, mb / t);
    }
    println!("{:22} {:7.3} s  {:8.1} MB/s", "total", total, mb / total);
}

/// The warm-up pass (kept apart from [`round`] for callgrind's `--toggle-collect`).
#[inline(never)]
fn warmup(path: &str, bytes: &[u8], ex: &vanban_extract::Extractor, mv: &vanban_metrics::Vocab) {
    work(path, bytes, ex, mv);
}

/// One timed pass. Not inlined, so that
/// `valgrind --tool=callgrind --toggle-collect='*stages::round*'` counts just these.
#[inline(never)]
fn round(
    path: &str,
    bytes: &[u8],
    ex: &vanban_extract::Extractor,
    mv: &vanban_metrics::Vocab,
) -> [f64; 4] {
    work(path, bytes, ex, mv)
}

/// One pass over the file; seconds per stage.
#[inline(never)]
fn work(
    path: &str,
    bytes: &[u8],
    ex: &vanban_extract::Extractor,
    mv: &vanban_metrics::Vocab,
) -> [f64; 4] {
    {
        let t = Instant::now();
        let r = vanban_text::repair_vec(bytes.to_vec(), &vanban_text::RepairOptions::default())
            .expect("repair");
        let t1 = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut rec = ex.extract(path, &r);
        let t2 = t.elapsed().as_secs_f64();
        let t = Instant::now();
        rec.metrics = vanban_metrics::extract_with(&r, mv);
        let t3 = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let json = serde_json::to_vec(&rec).expect("json");
        let t4 = t.elapsed().as_secs_f64();
        std::hint::black_box(json);
        [t1, t2, t3, t4]
    }
}
