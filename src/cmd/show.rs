//! `vanban show`: one document's metadata, references and text.

use crate::config_index::IndexArgs;
use std::io::Write;
use std::process::ExitCode;
use vanban_index::Index;

/// Arguments of `vanban show`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Print a JSON array of `{record, text, hash}` objects.
    #[arg(long)]
    pub json: bool,
    /// Leave out the text: metadata and references only (in JSON, no `text` field).
    #[arg(long)]
    pub no_text: bool,
    /// A file path (as ingested) or the document's own number in any spelling.
    pub key_or_path: String,
}

/// Run the command. Exit status 1 when nothing matches; 0 when the reader stops early.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::search::quiet_broken_pipe(show(args))
}

fn show(args: Args) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index.dir())?;
    let docs = index.show(&args.key_or_path)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let sources: Vec<&str> = docs.iter().map(|d| d.record.source.as_str()).collect();
    let statuses = super::status::of_paths(&args.index.dir(), &sources);
    if args.json {
        let mut v = super::status::with_status(serde_json::to_value(&docs)?, &statuses);
        if args.no_text {
            for d in v.as_array_mut().into_iter().flatten() {
                if let Some(o) = d.as_object_mut() {
                    o.remove("text");
                }
            }
        }
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for (di, d) in docs.iter().enumerate() {
            let r = &d.record;
            writeln!(out, "== {}", r.source)?;
            if let Some(Some(s)) = statuses.get(di) {
                writeln!(out, "{:>8}: {}", "status", s.label())?;
            }
            if let Some(doc) = &r.document {
                let fields = [
                    ("number", doc.key.as_deref().or(doc.number.as_deref())),
                    ("kind", doc.kind.as_deref()),
                    ("date", doc.date.as_deref()),
                    ("locality", doc.locality.as_deref()),
                    ("place", doc.place.as_deref()),
                    ("subject", doc.subject.as_deref()),
                    ("signer", doc.signer.as_deref()),
                ];
                for (name, v) in fields {
                    if let Some(v) = v {
                        writeln!(out, "{name:>8}: {v}")?;
                    }
                }
                if !doc.issuing_body.is_empty() {
                    writeln!(out, "{:>8}: {}", "issuer", doc.issuing_body.join(" / "))?;
                }
            }
            writeln!(out, "references ({}):", r.references.len())?;
            for x in &r.references {
                let date = x.date.as_deref().unwrap_or("-");
                let page = x.span.page.map(|p| format!("p.{p} ")).unwrap_or_default();
                writeln!(
                    out,
                    "  {:<24} {:<14} {date:<10} {page}l.{}",
                    x.key, x.kind, x.span.line
                )?;
            }
            if !args.no_text {
                writeln!(out, "text:\n{}\n", d.text)?;
            }
        }
    }
    out.flush()?;
    Ok(if docs.is_empty() {
        eprintln!("vanban: nothing in the index matches {}", args.key_or_path);
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
