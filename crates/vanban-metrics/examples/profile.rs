//! Run metric extraction over the corpus many times (for `perf record` / `perf stat`).
//! `profile ROUNDS FILES...` times metrics alone; with `VANBAN_PROFILE_EXTRACT=1` it times the
//! whole per-file extraction instead (references, relations and metrics).

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let whole = std::env::var_os("VANBAN_PROFILE_EXTRACT").is_some();
    let docs: Vec<vanban_text::Repaired> = std::env::args()
        .skip(2)
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| vanban_text::repair_bytes(&b, &vanban_text::RepairOptions::default()).ok())
        .collect();
    let t = std::time::Instant::now();
    let mut n = 0;
    let mut bytes = 0;
    for _ in 0..rounds {
        for d in &docs {
            n += if whole {
                vanban_extract::Extractor::builtin()
                    .extract("profile.txt", d)
                    .references
                    .len()
                    + vanban_metrics::extract(d).len()
            } else {
                vanban_metrics::extract(d).len()
            };
            bytes += d.text.len();
        }
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "{n} metrics, {:.1} MB in {s:.2}s = {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / s
    );
}
