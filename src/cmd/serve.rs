//! `vanban serve`: ingest the given paths (as `vanban ingest`), then serve the web page.

use crate::config_index::IndexArgs;
use anyhow::Context;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `vanban serve`.
#[derive(clap::Args)]
#[command(after_help = "\
Opens a local web page (in Vietnamese) over the index: search by number or words, documents \
with their references as links, the lược đồ, citation traces, metric trends, and /api/* \
answering the same JSON as the CLI. With PATHs they are ingested first (incrementally, as \
`vanban ingest`). The first line printed is `listening on http://ADDR`. The page reads the \
index again within a second of each commit, so a running `vanban ingest` shows up.

The default address 127.0.0.1:8080 is reachable from this machine only; any other address \
makes the documents visible to the network.")]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Files or directories to ingest before serving.
    pub paths: Vec<PathBuf>,
}

/// `vanban ingest` with its own defaults, parsed as the command line would be, so options it
/// gains later keep their defaults here.
#[derive(clap::Parser)]
struct IngestLine {
    #[command(flatten)]
    args: super::ingest::Args,
}

fn ingest_args(dir: &std::path::Path, paths: &[PathBuf]) -> anyhow::Result<super::ingest::Args> {
    use clap::Parser;
    let mut line: Vec<std::ffi::OsString> = vec!["ingest".into(), "--index".into(), dir.into()];
    line.push("--".into());
    line.extend(paths.iter().map(|p| p.clone().into_os_string()));
    Ok(IngestLine::try_parse_from(line)?.args)
}

/// Run the command: it returns only on an error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.index.dir();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    // Bind first, so a taken port is reported before a long ingest.
    let listener = rt
        .block_on(tokio::net::TcpListener::bind(args.addr))
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    if !args.paths.is_empty() {
        let code = super::ingest::run(ingest_args(&dir, &args.paths)?)?;
        if code != ExitCode::SUCCESS {
            eprintln!("vanban: some files could not be ingested; serving the rest");
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on http://{addr}")?;
    out.flush()?;
    drop(out);
    if !vanban_web::is_loopback(&addr) {
        eprintln!(
            "vanban: warning: {addr} is not a loopback address: the documents in {} are \
             visible to every machine that can reach this one",
            dir.display()
        );
    }
    rt.block_on(vanban_web::serve(listener, vanban_web::Options::new(dir)))
        .context("server stopped")?;
    Ok(ExitCode::SUCCESS)
}
