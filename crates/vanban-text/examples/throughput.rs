//! Throughput of `repair_bytes` on the corpus repeated to 50 MB, in wall time and in CPU
//! time of this process (so a busy machine does not hide the per-core figure).
//! Run: `cargo run --release -p vanban-text --example throughput`.

use std::path::PathBuf;
use std::time::Instant;
use vanban_text::{repair_bytes, repair_vec, RepairOptions, ToneStyle};

/// User + system CPU seconds of this process (Linux `/proc/self/stat`, 100 Hz ticks).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit(')').next()?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let raw: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let opts = RepairOptions {
        tone: ToneStyle::Modern,
        layout: true,
    };
    let clean: Vec<Vec<u8>> = raw
        .iter()
        .map(|b| repair_bytes(b, &opts).expect("repair").text.into_bytes())
        .collect();
    // An argument picks one data set (`clean-utf8` or `raw-corpus`), e.g. for a profiler.
    let only = std::env::args().nth(1);
    for (name, parts) in [("clean-utf8", &clean), ("raw-corpus", &raw)] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut data = Vec::new();
        while data.len() < 50 << 20 {
            for p in parts.iter() {
                data.extend_from_slice(p);
                data.push(b'\n');
            }
        }
        let iters = 5;
        // Baseline: what one UTF-8 validation plus one copy costs on this machine.
        let (w0, c0) = (Instant::now(), cpu_seconds().unwrap_or(0.0));
        for _ in 0..iters {
            let s = std::str::from_utf8(std::hint::black_box(&data)).expect("utf-8");
            std::hint::black_box(s.to_string());
        }
        let base_cpu = cpu_seconds().unwrap_or(0.0) - c0;
        let base_wall = w0.elapsed().as_secs_f64();
        let mb = (data.len() * iters) as f64 / (1 << 20) as f64;
        let rate = |wall: f64, cpu: f64| {
            format!(
                "wall {:.0} MiB/s, cpu {:.0} MiB/s",
                mb / wall,
                if cpu > 0.0 { mb / cpu } else { f64::NAN }
            )
        };
        let (w0, c0) = (Instant::now(), cpu_seconds().unwrap_or(0.0));
        for _ in 0..iters {
            std::hint::black_box(repair_bytes(std::hint::black_box(&data), &opts).expect("repair"));
        }
        let borrowed = rate(
            w0.elapsed().as_secs_f64(),
            cpu_seconds().unwrap_or(0.0) - c0,
        );
        // Owned buffers, as the pipeline hands over a file it has read: copies made untimed.
        let (mut wall, mut cpu) = (0.0, 0.0);
        for _ in 0..iters {
            let buf = data.clone();
            let (w0, c0) = (Instant::now(), cpu_seconds().unwrap_or(0.0));
            std::hint::black_box(repair_vec(std::hint::black_box(buf), &opts).expect("repair"));
            wall += w0.elapsed().as_secs_f64();
            cpu += cpu_seconds().unwrap_or(0.0) - c0;
        }
        // The same bytes as one buffer per corpus file, as a batch of documents arrives.
        let files: Vec<&Vec<u8>> = parts.iter().cycle().take(parts.len() * 320).collect();
        let total: usize = files.iter().map(|f| f.len()).sum();
        let (mut fwall, mut fcpu) = (0.0, 0.0);
        for _ in 0..iters {
            let bufs: Vec<Vec<u8>> = files.iter().map(|f| f.to_vec()).collect();
            let (w0, c0) = (Instant::now(), cpu_seconds().unwrap_or(0.0));
            for buf in bufs {
                std::hint::black_box(repair_vec(buf, &opts).expect("repair"));
            }
            fwall += w0.elapsed().as_secs_f64();
            fcpu += cpu_seconds().unwrap_or(0.0) - c0;
        }
        let fmb = (total * iters) as f64 / (1 << 20) as f64;
        println!(
            "{name}, {} files ({:.0} MB) one at a time: repair_vec wall {:.0} MiB/s, cpu {:.0} MiB/s",
            files.len(),
            total as f64 / (1 << 20) as f64,
            fmb / fwall,
            if fcpu > 0.0 { fmb / fcpu } else { f64::NAN },
        );
        println!(
            "{name}: {:.0} MB x{iters}: repair_vec {}; repair_bytes {}; \
             baseline (validate + copy) {}",
            data.len() as f64 / (1 << 20) as f64,
            rate(wall, cpu),
            borrowed,
            rate(base_wall, base_cpu),
        );
    }
}
