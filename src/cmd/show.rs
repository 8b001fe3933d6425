//! `vanban show`: one document's metadata, references and text.

use crate::config_index::IndexArgs;
use std::io::Write;
use std::process::ExitCode;
use vanban_index::{Index, StoredDoc};

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
    /// A file path (as ingested), the document's own number in any spelling, or
    /// `KEY@Locality` (`63/2025/QĐ-UBND@Lai Châu`) for the document of one province.
    pub key_or_path: String,
}

/// Run the command. Exit status 1 when nothing matches; 0 when the reader stops early.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    super::search::quiet_broken_pipe(show(args))
}

/// A locality name folded for comparison: no tones, `đ` -> `d`, lower case, single spaces.
fn fold_locality(s: &str) -> String {
    vanban_text::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `KEY@Locality` split in two (None for a plain key or path).
fn split_locality(q: &str) -> Option<(&str, &str)> {
    q.rsplit_once('@')
        .map(|(k, l)| (k.trim(), l.trim()))
        .filter(|(k, l)| !k.is_empty() && !l.is_empty())
}

/// The documents `q` names: a path or key as the index finds them, or for `KEY@Locality`
/// the key's files of that locality.
fn lookup(index: &Index, q: &str) -> anyhow::Result<Vec<StoredDoc>> {
    let docs = index.show(q)?;
    let Some((key, loc)) = split_locality(q) else {
        return Ok(docs);
    };
    // A path holding '@' is still a path.
    if docs.iter().any(|d| d.record.source == q) {
        return Ok(docs);
    }
    let want = fold_locality(loc);
    let mut docs = index.show(key)?;
    docs.retain(|d| {
        d.record
            .document
            .as_ref()
            .and_then(|x| x.locality.as_deref())
            .is_some_and(|l| fold_locality(l) == want)
    });
    Ok(docs)
}

/// `KEY@Locality` of a document bearing its own number with a locality, else its key.
fn node_name(d: &StoredDoc) -> Option<String> {
    let doc = d.record.document.as_ref()?;
    let key = doc.key.as_deref()?;
    Some(match doc.locality.as_deref() {
        Some(l) => format!("{key}@{l}"),
        None => key.to_string(),
    })
}

/// Documents grouped by the node they are (one group per locality), in first-seen order.
fn by_node(docs: Vec<StoredDoc>) -> Vec<(Option<String>, Vec<StoredDoc>)> {
    let mut groups: Vec<(Option<String>, Vec<StoredDoc>)> = Vec::new();
    for d in docs {
        let name = node_name(&d);
        match groups.iter_mut().find(|g| g.0.is_some() && g.0 == name) {
            Some(g) => g.1.push(d),
            None => groups.push((name, vec![d])),
        }
    }
    groups
}

fn show(args: Args) -> anyhow::Result<ExitCode> {
    let index = Index::open(&args.index.dir())?;
    let groups = by_node(lookup(&index, &args.key_or_path)?);
    // A bare key naming documents of several localities answers for each separately.
    let located: Vec<&str> = groups.iter().filter_map(|g| g.0.as_deref()).collect();
    let several = located.iter().filter(|n| n.contains('@')).count() > 1;
    if several {
        eprintln!(
            "vanban: {} names {} documents of different localities ({}); each is shown \
             apart (name one with KEY@Locality)",
            args.key_or_path,
            located.len(),
            located.join(", ")
        );
    }
    let names: Vec<Option<String>> = groups
        .iter()
        .flat_map(|(n, ds)| ds.iter().map(move |_| n.clone()))
        .collect();
    let docs: Vec<StoredDoc> = groups.into_iter().flat_map(|(_, ds)| ds).collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let sources: Vec<&str> = docs.iter().map(|d| d.record.source.as_str()).collect();
    let statuses = super::status::of_paths(&args.index.dir(), &sources);
    if args.json {
        let mut v = super::status::with_status(serde_json::to_value(&docs)?, &statuses);
        for (d, name) in v.as_array_mut().into_iter().flatten().zip(&names) {
            if let Some(o) = d.as_object_mut() {
                if args.no_text {
                    o.remove("text");
                }
                if let Some(n) = name {
                    o.insert("node".into(), serde_json::json!(n));
                }
            }
        }
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        let mut last: Option<&Option<String>> = None;
        for (di, d) in docs.iter().enumerate() {
            let r = &d.record;
            if several && last != Some(&names[di]) {
                if let Some(n) = &names[di] {
                    writeln!(out, "### {n}")?;
                }
            }
            last = Some(&names[di]);
            writeln!(out, "== {}", r.source)?;
            if let Some(n) = names[di].as_deref().filter(|n| n.contains('@')) {
                writeln!(out, "{:>8}: {n}", "node")?;
            }
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
