//! `vanban search`: find documents by number (any spelling) or by words.

use crate::config_index::IndexArgs;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use vanban_index::{Hit, Index, IndexError, Lexicon, MatchKind, SearchOptions};

/// Arguments of `vanban search`.
#[derive(clap::Args)]
#[command(after_help = "\
A query that reads as a document number lists the document bearing it, then every document \
citing it with the citing sentence and how it cites (based_on, implements, ...). Numbers are \
typed as people say them: 184/KH-UBND, \"kh ubnd 184\", \"kế hoạch 141 ubnd\", \"nghị định \
308\", \"nđ 308/2025\", \"184 KH UBND 2021\", \"Luật số 100/2015/QH13\", \"quyết định 63 ubnd \
lai châu\"; a year, kind or locality narrows but never empties the answer. Words after a \
number narrow its documents (\"184/KH-UBND chuyển đổi số\"). Anything else is a full-text \
search: accent-insensitive when the query has no diacritics; with diacritics, exact matches \
first. The files of one document (its .txt and .pdf) are one hit. Grammar: docs/search.md; \
--json shape: docs/search-json.md. Exit status 1 when nothing is found, 2 on bad flags.")]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Print a JSON array of hits.
    #[arg(long)]
    pub json: bool,
    /// At most this many hits per page (at least 1).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// The page of hits to show, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    /// Only documents of this kind: a name (`Kế hoạch`, `ke hoach`) or a code (`KH`).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only documents of this issuer: symbol part (UBND), words of the issuing body, or its
    /// province (`Hưng Yên`).
    #[arg(long)]
    pub issuer: Option<String>,
    /// Only documents dated on or after (2025-11-25, 25/11/2025, 11/2025 or 2025).
    #[arg(long)]
    pub from: Option<String>,
    /// Only documents dated on or before (2025-11-25, 25/11/2025, 11/2025 or 2025).
    #[arg(long)]
    pub to: Option<String>,
    /// Respect diacritics in word queries (`số` does not match `so`).
    #[arg(long)]
    pub exact_accents: bool,
    /// Only documents in force today (`status` in_force or partly_expired, see `vanban status`).
    #[arg(long)]
    pub in_force: bool,
    /// Colour of matches: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Language of messages: vi (default) or en.
    #[arg(long, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Read the vocabularies from this directory (type words, codes, issuers and provinces
    /// of the query grammar), as `extract` and `ingest` do. Also: VANBAN_PATTERNS.
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<std::path::PathBuf>,
    /// The query (several words are joined with spaces).
    #[arg(required = true)]
    pub query: Vec<String>,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to colour, given the terminal and the environment (`NO_COLOR`, no-color.org).
    pub fn on(self, tty: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// `--lang`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
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
    let en = args.lang == Lang::En;
    let index = Index::open(&args.index.dir())?;
    // The grammar reads the same vocabularies as the extraction that built the index.
    let lexicon = match crate::config::patterns_dir(args.patterns.clone()) {
        None => None,
        Some(dir) => match vanban_vocab::Vocabulary::load(Some(&dir)) {
            Ok(v) => Some(Lexicon::new(&v)),
            Err(e) => {
                eprintln!("vanban: --patterns: {e}");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let lexicon: &Lexicon = match &lexicon {
        Some(l) => l,
        None => Lexicon::builtin(),
    };
    let query = args.query.join(" ");
    if query.matches('"').count() % 2 == 1 {
        eprintln!(
            "{}",
            if en {
                "vanban: unclosed quote: searching the words without it"
            } else {
                "vanban: thiếu dấu \" đóng: tìm các từ, bỏ dấu ngoặc"
            }
        );
    }
    let opts = SearchOptions {
        // --in-force drops hits after the search: ask for more so the page can still fill.
        limit: if args.in_force {
            args.limit.saturating_mul(5)
        } else {
            args.limit
        },
        page: args.page,
        kind: args.kind.clone(),
        issuer: args.issuer.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        exact_accents: args.exact_accents,
        details: None,
    };
    let mut res = match index.search_page_with(lexicon, &query, &opts) {
        Ok(r) => r,
        Err(IndexError::Invalid(m)) => {
            eprintln!("vanban: {m}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let mut statuses = super::status::of_hits(&args.index.dir(), &res.hits);
    if args.in_force {
        (res.hits, statuses) = std::mem::take(&mut res.hits)
            .into_iter()
            .zip(statuses)
            .filter(|(_, s)| s.is_some_and(|s| s.in_force()))
            .take(args.limit)
            .unzip();
    }
    let stdout = std::io::stdout();
    let color = args.color.on(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    for n in &res.notes {
        eprintln!("vanban: {n}");
    }
    if args.json {
        let v = super::status::with_status(serde_json::to_value(&res.hits)?, &statuses);
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for (i, h) in res.hits.iter().enumerate() {
            print_hit(&mut out, h, color)?;
            if let Some(Some(s)) = statuses.get(i) {
                writeln!(out, "   {}", s.label())?;
            }
        }
        if !res.hits.is_empty() {
            let pages = res.total.div_ceil(args.limit);
            let first = res.hits.first().map_or(0, |h| h.rank);
            let last = res.hits.last().map_or(0, |h| h.rank);
            if en {
                write!(out, "{first}-{last} of {} results", res.total)?;
            } else {
                write!(out, "{first}-{last} / {} kết quả", res.total)?;
            }
            if args.page < pages {
                if en {
                    write!(out, "; next: --page {}", args.page + 1)?;
                } else {
                    write!(out, "; trang sau: --page {}", args.page + 1)?;
                }
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    if !res.hits.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    // Never silent: say so, and offer what is close.
    let past_end = res.total > 0;
    let s = if past_end {
        Default::default()
    } else {
        index.suggest_with(lexicon, &query)?
    };
    let mut msg = if past_end {
        if en {
            format!(
                "No results on page {} ({} results in all)",
                args.page, res.total
            )
        } else {
            format!(
                "Không có kết quả ở trang {} (tất cả {} kết quả)",
                args.page, res.total
            )
        }
    } else if en {
        format!("No results for: {query}")
    } else {
        format!("Không tìm thấy: {query}")
    };
    if !s.numbers.is_empty() {
        msg.push('\n');
        msg.push_str(if en {
            "Did you mean: "
        } else {
            "Có phải bạn tìm: "
        });
        msg.push_str(&s.numbers.join(", "));
        msg.push('?');
    }
    if !s.words.is_empty() {
        msg.push('\n');
        msg.push_str(if en {
            "Close words: "
        } else {
            "Từ gần giống: "
        });
        msg.push_str(&s.words.join(", "));
    }
    // With --json the array stays the only thing on standard output.
    if args.json {
        eprintln!("{msg}");
    } else {
        println!("{msg}");
    }
    Ok(ExitCode::from(1))
}

fn print_hit(out: &mut impl Write, h: &Hit, color: bool) -> std::io::Result<()> {
    let number = h.symbol.as_deref().or(h.key.as_deref());
    let meta: Vec<&str> = [
        number,
        h.kind.as_deref(),
        h.issuer.as_deref(),
        h.locality.as_deref(),
        h.date.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let why = match h.matched {
        MatchKind::Number => "[number]".to_owned(),
        MatchKind::Cites => format!(
            "[{}{}]",
            h.relation.as_deref().unwrap_or("cites"),
            h.cited_key
                .as_deref()
                .map(|k| format!(" {k}"))
                .unwrap_or_default()
        ),
        MatchKind::Text => format!("[{:.2}]", h.score),
    };
    let place = |page: Option<u32>, line: Option<u32>| match (page, line) {
        (Some(p), Some(l)) => format!("  p.{p} l.{l}"),
        (None, Some(l)) => format!("  l.{l}"),
        _ => String::new(),
    };
    writeln!(
        out,
        "{}. {}{}  {}  {why}",
        h.rank,
        h.source,
        place(h.page, h.line),
        meta.join(" · ")
    )?;
    if let Some(s) = h.subject.as_deref().filter(|s| !s.is_empty()) {
        writeln!(out, "   {}", one_line(s, 160))?;
    }
    // The other files of the same document.
    for f in h.files.iter().filter(|f| f.path != h.source) {
        writeln!(out, "   + {}{}", f.path, place(f.page, f.line))?;
    }
    writeln!(out, "   {}", render(&h.snippet, color))
}

/// A subject on one line, cut at a word boundary.
fn one_line(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_owned();
    format!("{cut} …")
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
