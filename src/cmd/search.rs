//! `vanban search`: find documents by number (any spelling) or by words.

use crate::config_index::IndexArgs;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use vanban_index::{Hit, Index, MatchKind, SearchOptions};

/// Arguments of `vanban search`.
#[derive(clap::Args)]
#[command(after_help = "\
A query that reads as a document number (184/KH-UBND, \"kh ubnd 184\", \"qđ ubnd 6 2024\", \
208-KH/TU, \"số 184\") lists the document bearing it, then every document citing it with the \
citing sentence. Anything else is a full-text search (accent-insensitive unless \
--exact-accents; \"quoted phrases\" work). --json prints the same hits as an array; the shape \
is documented in docs/search-json.md. Exit status 1 when nothing is found.")]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Print a JSON array of hits.
    #[arg(long)]
    pub json: bool,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only documents of this kind (`Kế hoạch`, `ke hoach`, or the code `KH`).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only documents of this issuer (symbol part such as UBND, or words of the issuing body).
    #[arg(long)]
    pub issuer: Option<String>,
    /// Only documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only documents dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Respect diacritics in word queries (`số` does not match `so`).
    #[arg(long)]
    pub exact_accents: bool,
    /// Only documents in force today (`status` in_force or partly_expired, see `vanban status`).
    #[arg(long)]
    pub in_force: bool,
    /// The query (several words are joined with spaces).
    #[arg(required = true)]
    pub query: Vec<String>,
}

/// Run the command; a reader that stops early (`| head -1`) ends it quietly with status 0.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(search(args))
}

/// A closed standard output (EPIPE) is how a pager or `head` says "enough": success, not an
/// error. Shared by the index and graph commands.
pub(crate) fn quiet_broken_pipe(r: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match r {
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        r => r,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn search(args: Args) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index.dir())?;
    let opts = SearchOptions {
        // --in-force drops hits after the search: ask for more so the limit can still fill.
        limit: if args.in_force {
            args.limit.saturating_mul(5)
        } else {
            args.limit
        },
        kind: args.kind.clone(),
        issuer: args.issuer.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        exact_accents: args.exact_accents,
    };
    let mut hits = index.search(&args.query.join(" "), &opts)?;
    let mut statuses = super::status::of_hits(&args.index.dir(), &hits);
    if args.in_force {
        (hits, statuses) = hits
            .into_iter()
            .zip(statuses)
            .filter(|(_, s)| s.is_some_and(|s| s.in_force()))
            .take(args.limit)
            .unzip();
    }
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        let v = super::status::with_status(serde_json::to_value(&hits)?, &statuses);
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for (i, h) in hits.iter().enumerate() {
            print_hit(&mut out, i + 1, h, tty)?;
            if let Some(Some(s)) = statuses.get(i) {
                writeln!(out, "   {}", s.label())?;
            }
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_hit(out: &mut impl Write, n: usize, h: &Hit, tty: bool) -> std::io::Result<()> {
    let meta: Vec<&str> = [h.key.as_deref(), h.kind.as_deref(), h.date.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let place = match (h.page, h.line) {
        (Some(p), Some(l)) => format!("p.{p} l.{l}"),
        (None, Some(l)) => format!("l.{l}"),
        _ => String::new(),
    };
    let why = match h.matched {
        MatchKind::Number => "[number]".to_owned(),
        MatchKind::Cites => "[cites]".to_owned(),
        MatchKind::Text => format!("[{:.2}]", h.score),
    };
    writeln!(
        out,
        "{n}. {}  {}  {place}  {why}",
        h.source,
        meta.join(" · ")
    )?;
    writeln!(out, "   {}", render(&h.snippet, tty))
}

/// `<b>` becomes bold colour on a terminal and nothing elsewhere; entities are decoded.
fn render(snippet: &str, tty: bool) -> String {
    let (on, off) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    snippet
        .replace("<b>", on)
        .replace("</b>", off)
        .replace('\n', " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
