//! `vanban`: turn Vietnamese administrative documents into searchable, linked data.

mod cmd;
mod config;
mod config_index;
mod inputs;
mod output;
mod pipeline;
mod progress;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// The extractor makes many short-lived strings and vectors per sentence; glibc's allocator
// spent about an eighth of `extract` in malloc/free (callgrind), mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Vietnamese administrative documents -> references, relations, metrics, search.
#[derive(Parser)]
#[command(name = "vanban", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the repaired, normalised text of files.
    Normalize(cmd::normalize::Args),
    /// Extract references, relations and metrics to JSON Lines.
    Extract(cmd::extract::Args),
    /// Extract and index files (txt and pdf, directories recursively).
    Ingest(cmd::ingest::Args),
    /// Search the index by document number or by words.
    Search(cmd::search::Args),
    /// Show one document's metadata, references and text.
    Show(cmd::show::Args),
    /// What a document cites, grouped by relation.
    Cites(cmd::graph::CitesArgs),
    /// Who cites a document.
    CitedBy(cmd::graph::CitedByArgs),
    /// Follow the citation chain up or down from a document.
    Trace(cmd::graph::TraceArgs),
    /// Is a document in force as of a date, and what decided it.
    Status(cmd::status::Args),
    /// Both directions of a document's relations, grouped as the lược đồ shows them.
    Relations(cmd::graph::RelationsArgs),
    /// Export the citation graph (dot, json, graphml).
    Graph(cmd::graph::GraphArgs),
    /// List metric values across the corpus.
    Metrics(cmd::metrics::Args),
    /// Serve the local web page (ingesting PATHs first).
    Serve(cmd::serve::Args),
    /// Internal: extract one PDF in an isolated worker process.
    #[command(hide = true, name = "__pdf-worker")]
    PdfWorker(cmd::pdf_worker::Args),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VANBAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Normalize(a) => cmd::normalize::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Search(a) => cmd::search::run(a),
        Command::Show(a) => cmd::show::run(a),
        Command::Cites(a) => cmd::graph::cites(a),
        Command::CitedBy(a) => cmd::graph::cited_by(a),
        Command::Trace(a) => cmd::graph::trace(a),
        Command::Status(a) => cmd::status::run(a),
        Command::Relations(a) => cmd::graph::relations(a),
        Command::Graph(a) => cmd::graph::graph(a),
        Command::Metrics(a) => cmd::metrics::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::PdfWorker(a) => cmd::pdf_worker::run(a),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`vanban extract corpus/ | head -1`): nothing more to say.
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vanban: {e:#}");
            ExitCode::from(2)
        }
    }
}
