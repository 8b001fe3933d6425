//! Rough per-stage timing of the reference finder, in this thread's CPU time (the shared
//! machine is loaded, so wall time overstates the cost). Development aid.
use std::time::Instant;
use vanban_extract::{patterns::Patterns, refs::Finder};

#[path = "common/corpus.rs"]
mod corpus;

fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let mut one = String::new();
    for t in corpus::texts() {
        one.push_str(&t);
        one.push_str("\n\n");
    }
    // VANBAN_PROF_MB / VANBAN_PROF_RUNS: a smaller single run keeps callgrind quick.
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (size_mb, runs) = (env("VANBAN_PROF_MB", 50), env("VANBAN_PROF_RUNS", 3));
    let mut text = String::new();
    while text.len() < size_mb << 20 {
        text.push_str(&one);
    }
    let f = Finder::new(Patterns::builtin());
    let mb = text.len() as f64 / 1e6;
    for _ in 0..runs {
        let (c0, t) = (cpu_ns(), Instant::now());
        let (found, _) = f.find(&text, &[]);
        let cpu = (cpu_ns() - c0) as f64 / 1e9;
        println!(
            "find: {} refs, wall {:.0} MB/s, cpu {:.0} MB/s",
            found.len(),
            mb / t.elapsed().as_secs_f64(),
            mb / cpu
        );
    }
}
