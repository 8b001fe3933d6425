//! `vanban ingest`: extract files in parallel and index them, incrementally, with checkpoints.

use crate::config_index::IndexArgs;
use crate::{inputs, pipeline};
use anyhow::Context;
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use vanban_index::{Known, Writer, WriterOptions};

/// Arguments of `vanban ingest`.
#[derive(clap::Args)]
#[command(after_help = "\
Index location: --index DIR, else $VANBAN_INDEX, else $XDG_DATA_HOME/vanban/index, \
else ~/.local/share/vanban/index (created on first use).

Incremental: files are identified by absolute path and blake3 content hash; unchanged files \
are skipped, changed files replace their entry, and --prune drops entries whose file is gone. \
Checkpoints: the index (documents and citation graph together) is committed every \
--commit-every documents and every --commit-secs seconds, and at the end. If the run is \
killed, the index holds the last checkpoint and the next run goes on from there: files \
committed with the same content are skipped.")]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Drop entries whose file no longer exists.
    #[arg(long)]
    pub prune: bool,
    /// Extraction threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Indexing memory budget in MB (segments are flushed when it fills). Larger budgets did
    /// not ingest faster at 100k documents but raised peak memory.
    #[arg(long, default_value_t = 48)]
    pub heap_mb: usize,
    /// Commit a checkpoint after this many indexed or removed documents. Each costs about a
    /// second (tantivy flushes and syncs): at 1M documents, 200 checkpoints of 5000 took
    /// 343 of 1120 s.
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    pub commit_every: usize,
    /// Commit a checkpoint when this many seconds have passed since the last one.
    #[arg(long, default_value_t = 60, value_name = "T")]
    pub commit_secs: u64,
    /// OCR of PDF pages without a usable text layer and of page images (`auto`, the
    /// default), of every PDF page (`always`), or none (`never`). OCR text is cached next to
    /// the index (`<index>-ocr`), so re-ingesting never reads a page twice.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub ocr: Option<crate::config::OcrWhen>,
    /// Read vocabularies from this directory, as `extract --patterns` (also: the
    /// VANBAN_PATTERNS variable); the index's number terms are written from them, so give
    /// `search` the same directory.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// Files or directories (walked recursively for .txt, .md, .html, .pdf, .doc, .docx,
    /// .odt and page images).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Files handed to the extraction pool at a time: large enough to keep both cores busy,
/// small enough that only a few hundred records are ever held in memory.
const CHUNK: usize = 256;

/// Extracted chunks that may wait for the indexer.
const QUEUED_CHUNKS: usize = 6;

enum Outcome {
    Skipped,
    Failed(String, String),
    Indexed(Box<vanban_extract::FileRecord>, String, String),
}

/// Exit status: 0 when every file was indexed or skipped, 1 when any file failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let dir = args.index.dir();
    pipeline::configure(&crate::config::PipelineArgs {
        jobs: args.jobs,
        ocr: args.ocr,
        ocr_cache: Some(crate::config::ocr_cache_beside(&dir)),
        patterns: args.patterns.clone(),
        ..Default::default()
    });
    // Symbol-part terms are written from the same vocabularies the extraction reads.
    let lexicon = match crate::config::patterns_dir(args.patterns.clone()) {
        None => None,
        Some(p) => Some(vanban_index::Lexicon::new(
            &vanban_vocab::Vocabulary::load(Some(&p))
                .map_err(|e| anyhow::anyhow!("--patterns: {e}"))?,
        )),
    };
    let mut files: Vec<PathBuf> = inputs::collect(&args.paths)?
        .into_iter()
        .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
        .collect();
    files.sort();
    files.dedup();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut writer = Writer::open(
        &dir,
        WriterOptions {
            heap_bytes: args.heap_mb.max(16) << 20,
            // One indexing thread keeps up with extraction on the other cores and makes half
            // as many segments to merge: on 20k documents it took 27% less CPU and 40% less
            // memory than two (`vanban-bench put`).
            threads: 1,
            ..WriterOptions::default()
        },
    )
    .with_context(|| format!("cannot open index {}", dir.display()))?;
    if let Some(lx) = lexicon {
        writer.set_lexicon(lx);
    }
    // Files of this run are distinct paths, so the hashes committed before it are all the
    // extraction threads need to skip unchanged files.
    let known: Known = writer.known().clone();
    let pb = inputs::progress(files.len(), "ingest");
    let every = args.commit_every.max(1);
    let period = Duration::from_secs(args.commit_secs);
    let mut t = Tally::default();
    // Extraction of the next chunks overlaps indexing of this one and goes on during a
    // checkpoint (about a second at 100k documents): a few chunks may wait, a few MB.
    let (tx, rx) = mpsc::sync_channel::<Vec<Outcome>>(QUEUED_CHUNKS);
    let indexed: anyhow::Result<()> = std::thread::scope(|scope| {
        let (files, pool, pb, known) = (&files, &pool, &pb, &known);
        scope.spawn(move || {
            for chunk in files.chunks(CHUNK) {
                let outcomes: Vec<Outcome> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|path| {
                            let out = ingest_one(path, known);
                            pb.inc(1);
                            out
                        })
                        .collect()
                });
                // The receiver is gone when indexing failed: stop extracting.
                if tx.send(outcomes).is_err() {
                    break;
                }
            }
        });
        let mut last = Instant::now();
        for outcomes in rx {
            for o in outcomes {
                match o {
                    Outcome::Skipped => t.skipped += 1,
                    Outcome::Failed(path, e) => {
                        t.failed += 1;
                        pb.suspend(|| eprintln!("vanban: {path}: {e}"));
                    }
                    Outcome::Indexed(rec, text, hash) => {
                        t.indexed += 1;
                        t.references += rec.references.iter().filter(|r| !r.is_self).count();
                        writer.put(*rec, &text, &hash)?;
                    }
                }
                if writer.pending() >= every || (writer.pending() > 0 && last.elapsed() >= period) {
                    let c = Instant::now();
                    t.graph_secs += writer.checkpoint()?.graph_secs;
                    t.commit_secs += c.elapsed().as_secs_f64();
                    t.commits += 1;
                    last = Instant::now();
                }
            }
        }
        Ok(())
    });
    indexed?;
    pb.finish_and_clear();
    let mut pruned = 0usize;
    if args.prune {
        let gone: Vec<String> = writer
            .known_paths()?
            .into_iter()
            .filter(|p| !std::path::Path::new(p).exists())
            .collect();
        for p in &gone {
            writer.remove(p);
        }
        pruned = gone.len();
    }
    let c = Instant::now();
    let documents = if writer.is_clean() {
        writer.finish()?;
        vanban_index::Index::open(&dir)?.len()
    } else {
        t.commits += 1;
        let s = writer.commit()?;
        t.graph_secs += s.graph_secs;
        s.documents
    };
    t.commit_secs += c.elapsed().as_secs_f64();
    eprintln!(
        "ingest: {} files, {} indexed, {documents} documents in index, {} references, {} \
         skipped, {} failed{}, {} commits ({:.2} s, graph {:.3} s), {:.1} s ({})",
        files.len(),
        t.indexed,
        t.references,
        t.skipped,
        t.failed,
        if args.prune {
            format!(", {pruned} pruned")
        } else {
            String::new()
        },
        t.commits,
        t.commit_secs,
        t.graph_secs,
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(if t.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Counts for the closing line.
#[derive(Default)]
struct Tally {
    skipped: usize,
    failed: usize,
    indexed: usize,
    references: usize,
    commits: usize,
    /// Time spent committing (documents and graph), waits for tantivy included.
    commit_secs: f64,
    /// The graph's part of it.
    graph_secs: f64,
}

fn ingest_one(path: &std::path::Path, known: &Known) -> Outcome {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(name, format!("cannot read: {e}")),
    };
    let hash = vanban_index::content_hash(&bytes);
    if known.is_current(&name, &hash) {
        return Outcome::Skipped;
    }
    let (record, text) = pipeline::process_bytes_with_text(path, bytes);
    match (record.error.clone(), text) {
        (Some(e), _) => Outcome::Failed(name, e),
        (None, None) => Outcome::Failed(name, "no text".into()),
        (None, Some(text)) => Outcome::Indexed(Box::new(record), text, hash),
    }
}
