//! Synthetic corpus generator and in-process query benchmark (issue 5).
//!
//! `gen` writes deterministic, realistic documents (plans, reports, decisions, with real
//! reference forms, dates and metrics) plus their ground truth as JSON Lines; `query` measures
//! search latency through the `vanban-index` library and checks number answers against the
//! ground truth; `load` puts bounded HTTP load on a running `vanban serve`.

mod gen;
mod load;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::time::Instant;

/// Synthetic corpus generator and scale benchmarks for vanban.
#[derive(Parser)]
#[command(name = "vanban-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write N synthetic documents under DIR and their ground truth to DIR/truth.jsonl.
    Gen {
        /// How many documents.
        #[arg(long)]
        docs: usize,
        /// Output directory (documents go in numbered sub-directories of 1000).
        #[arg(long)]
        out: PathBuf,
        /// Random seed: the same seed gives byte-identical output.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time number and word queries against an index built from a generated corpus.
    Query {
        /// The index directory.
        #[arg(long)]
        index: PathBuf,
        /// The ground truth written by `gen`.
        #[arg(long)]
        truth: PathBuf,
        /// Queries of each kind.
        #[arg(long, default_value_t = 2000)]
        n: usize,
        /// Random seed for picking queries.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Hits per query.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Also print this many number queries as SQLite/grep workloads to this file.
        #[arg(long)]
        dump_queries: Option<PathBuf>,
    },
    /// Time the graph work of a commit: what the old full rebuild did (read every stored
    /// record, build the graph) against loading the stored segments.
    Graph {
        /// The index directory.
        #[arg(long)]
        index: PathBuf,
    },
    /// Time the index side of ingest alone: put already extracted records (JSON Lines from
    /// `vanban extract`, the text read from each record's source) into a new index,
    /// committing every N documents, and report documents per second per phase.
    Put {
        /// `vanban extract` output.
        #[arg(long)]
        records: PathBuf,
        /// The index directory (must not exist yet).
        #[arg(long)]
        index: PathBuf,
        /// Commit every this many documents.
        #[arg(long, default_value_t = 5000)]
        commit_every: usize,
        /// Indexing heap in MB.
        #[arg(long, default_value_t = 48)]
        heap_mb: usize,
        /// Indexing threads (0: tantivy's choice).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Bounded load on a running `vanban serve` (loopback only): p50/p99 of number searches,
    /// word searches and document pages drawn from a generated corpus.
    Load {
        /// The server, `http://127.0.0.1:PORT`.
        #[arg(long)]
        url: String,
        /// The corpus `gen` wrote and the server's index holds.
        #[arg(long)]
        corpus: PathBuf,
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Requests per client (at most, with --while-pid).
        #[arg(long, default_value_t = 300)]
        requests: usize,
        /// Stop when this process (an ingest) ends.
        #[arg(long)]
        while_pid: Option<u32>,
        /// Random seed for picking pages.
        #[arg(long, default_value_t = 11)]
        seed: u64,
        /// Label of the figures.
        #[arg(long, default_value = "idle")]
        label: String,
    },
    /// Wait until the server serves the last document of a generated corpus (an ingest of it
    /// just ended) and print how long that took.
    WaitDoc {
        /// The server, `http://127.0.0.1:PORT`.
        #[arg(long)]
        url: String,
        /// The corpus `gen` wrote.
        #[arg(long)]
        corpus: PathBuf,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 60)]
        timeout_s: u64,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Gen { docs, out, seed } => {
            let started = Instant::now();
            let stats = gen::generate(docs, &out, seed)?;
            eprintln!(
                "gen: {docs} documents, {:.1} MB, {} references, {:.1} s -> {}",
                stats.bytes as f64 / 1e6,
                stats.references,
                started.elapsed().as_secs_f64(),
                out.display()
            );
            Ok(())
        }
        Command::Query {
            index,
            truth,
            n,
            seed,
            limit,
            dump_queries,
        } => query(&index, &truth, n, seed, limit, dump_queries),
        Command::Graph { index } => graph(&index),
        Command::Put {
            records,
            index,
            commit_every,
            heap_mb,
            threads,
        } => put(&records, &index, commit_every, heap_mb, threads),
        Command::Load {
            url,
            corpus,
            clients,
            requests,
            while_pid,
            seed,
            label,
        } => load::run(load::Plan {
            url,
            clients,
            requests,
            while_pid,
            corpus,
            seed,
            label,
        }),
        Command::WaitDoc {
            url,
            corpus,
            timeout_s,
        } => load::wait_for(&url, &corpus, std::time::Duration::from_secs(timeout_s)),
    }
}

fn graph(index: &std::path::Path) -> anyhow::Result<()> {
    let ix = vanban_index::Index::open(index)?;
    let t = Instant::now();
    let records = ix.records()?;
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let full = vanban_graph::Graph::from_records(&records);
    let build = t.elapsed().as_secs_f64();
    drop(records);
    let t = Instant::now();
    let loaded = ix.graph()?;
    let load = t.elapsed().as_secs_f64();
    anyhow::ensure!(loaded == full, "stored graph differs from a full rebuild");
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "documents": ix.len(),
            "nodes": full.node_count(),
            "edges": full.edge_count(),
            "merges": full.merges().len(),
            "full_rebuild_read_records_s": read,
            "full_rebuild_build_s": build,
            "load_segments_s": load,
            "equal": true,
        }))?
    );
    Ok(())
}

fn put(
    records: &std::path::Path,
    index: &std::path::Path,
    every: usize,
    heap_mb: usize,
    threads: usize,
) -> anyhow::Result<()> {
    use std::io::BufRead;
    anyhow::ensure!(!index.exists(), "{} exists", index.display());
    let started = Instant::now();
    let mut w = vanban_index::Writer::open(
        index,
        vanban_index::WriterOptions {
            heap_bytes: heap_mb << 20,
            threads,
            ..Default::default()
        },
    )?;
    let f = std::fs::File::open(records)
        .with_context(|| format!("cannot read {}", records.display()))?;
    let (mut n, mut read_s, mut commit_s) = (0usize, 0f64, 0f64);
    for line in std::io::BufReader::new(f).lines() {
        let t = Instant::now();
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: vanban_model::FileRecord = serde_json::from_str(&line)?;
        let text = std::fs::read_to_string(&rec.source)?;
        let hash = vanban_index::content_hash(text.as_bytes());
        read_s += t.elapsed().as_secs_f64();
        w.put(rec, &text, &hash)?;
        n += 1;
        if n.is_multiple_of(every) {
            let t = Instant::now();
            w.checkpoint()?;
            commit_s += t.elapsed().as_secs_f64();
        }
    }
    let t = Instant::now();
    w.commit()?;
    commit_s += t.elapsed().as_secs_f64();
    let total = started.elapsed().as_secs_f64();
    let index_s = total - read_s;
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "documents": n,
            "total_s": total,
            "read_parse_s": read_s,
            "index_s": index_s,
            "commit_s": commit_s,
            "index_docs_per_s": n as f64 / index_s.max(1e-9),
        }))?
    );
    Ok(())
}

/// The ground truth of one generated document.
#[derive(serde::Deserialize)]
struct Truth {
    doc: String,
    references: Vec<gen::TruthRef>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn query(
    index: &std::path::Path,
    truth: &std::path::Path,
    n: usize,
    seed: u64,
    limit: usize,
    dump: Option<PathBuf>,
) -> anyhow::Result<()> {
    use std::collections::{HashMap, HashSet};
    let ix = vanban_index::Index::open(index)?;
    let text = std::fs::read_to_string(truth)
        .with_context(|| format!("cannot read {}", truth.display()))?;
    // key -> documents citing it (file names), from the ground truth.
    let mut citing: HashMap<String, HashSet<String>> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let t: Truth = serde_json::from_str(line)?;
        let name = t.doc.rsplit('/').next().unwrap_or(&t.doc).to_owned();
        for r in t.references {
            citing.entry(r.key).or_default().insert(name.clone());
        }
    }
    let mut keys: Vec<&String> = citing.keys().collect();
    keys.sort();
    anyhow::ensure!(!keys.is_empty(), "no references in the ground truth");
    let mut rng = gen::Rng::new(seed);
    let opts = vanban_index::SearchOptions {
        limit,
        ..Default::default()
    };
    // Warm the page cache and the searcher once.
    ix.search("cải cách hành chính", &opts)?;
    let mut number_ms = Vec::with_capacity(n);
    let mut number_queries = Vec::with_capacity(n);
    for _ in 0..n {
        let key = keys[rng.below(keys.len())];
        let q = gen::spelling(key, &mut rng);
        let t = Instant::now();
        let hits = ix.search(&q, &opts)?;
        number_ms.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(hits);
        number_queries.push((key.clone(), q));
    }
    let words = gen::word_queries(n, &mut rng);
    let mut word_ms = Vec::with_capacity(n);
    let mut word_hits = 0usize;
    for q in &words {
        let t = Instant::now();
        let hits = ix.search(q, &opts)?;
        word_ms.push(t.elapsed().as_secs_f64() * 1e3);
        word_hits += usize::from(!hits.is_empty());
    }
    // The queries behind the tail (stderr, so the JSON on stdout stays one document).
    let spellings: Vec<&str> = number_queries.iter().map(|(_, q)| q.as_str()).collect();
    for (what, ms, qs) in [
        ("number", &number_ms, &spellings),
        (
            "word",
            &word_ms,
            &words.iter().map(String::as_str).collect(),
        ),
    ] {
        let mut by: Vec<(f64, &str)> = ms.iter().copied().zip(qs.iter().copied()).collect();
        by.sort_by(|a, b| b.0.total_cmp(&a.0));
        let slow: Vec<String> = by
            .iter()
            .take(5)
            .map(|(t, q)| format!("{q:?} {t:.1} ms"))
            .collect();
        eprintln!("slowest {what} queries: {}", slow.join(", "));
    }
    // Correctness of number answers on a sample (not timed): every citing document, no other.
    let all = vanban_index::SearchOptions {
        limit: 1_000_000,
        ..Default::default()
    };
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    for (key, q) in number_queries.iter().take(200) {
        let want = &citing[key];
        let got: HashSet<String> = ix
            .search(q, &all)?
            .into_iter()
            .filter(|h| h.matched == vanban_index::MatchKind::Cites)
            .map(|h| h.source.rsplit('/').next().unwrap_or(&h.source).to_owned())
            .collect();
        tp += got.intersection(want).count();
        fp += got.difference(want).count();
        fnn += want.difference(&got).count();
    }
    if let Some(p) = dump {
        let body: String = number_queries
            .iter()
            .map(|(k, _)| format!("{k}\n"))
            .collect::<String>();
        std::fs::write(&p, body)?;
        let wp = p.with_extension("words");
        std::fs::write(&wp, words.join("\n") + "\n")?;
    }
    number_ms.sort_by(f64::total_cmp);
    word_ms.sort_by(f64::total_cmp);
    let report = serde_json::json!({
        "documents": ix.len(),
        "number_queries": n,
        "number_p50_ms": percentile(&number_ms, 0.5),
        "number_p99_ms": percentile(&number_ms, 0.99),
        "number_max_ms": percentile(&number_ms, 1.0),
        "word_queries": words.len(),
        "word_p50_ms": percentile(&word_ms, 0.5),
        "word_p99_ms": percentile(&word_ms, 0.99),
        "word_max_ms": percentile(&word_ms, 1.0),
        "word_queries_with_hits": word_hits,
        "number_precision": tp as f64 / (tp + fp).max(1) as f64,
        "number_recall": tp as f64 / (tp + fnn).max(1) as f64,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
