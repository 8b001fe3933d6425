//! `vanban cites`, `cited-by`, `trace` and `graph`: the citation graph stored with the index.

use super::search::quiet_broken_pipe;
use crate::config_index::IndexArgs;
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban_graph::{Direction, Format, Graph, Hit, NodeId, Rel, TraceNode};

/// Options shared by the graph commands.
#[derive(clap::Args)]
pub struct Common {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Keep keys that differ by an issuer typo apart (undo alias merging).
    #[arg(long)]
    pub no_merge: bool,
}

/// `vanban cites`.
#[derive(clap::Args)]
#[command(after_help = "\
Lists what a document cites, grouped by relation (based_on, implements, amends, replaces, \
repeals, guides, issued_with, cites), with the sentence stating each. KEY_OR_PATH is a document \
number in any spelling (184/KH-UBND, 184/kh-ubnd, 04/KH-SKHCN) or the path of an ingested file. \
Exit status 1 when the document is not in the graph.")]
pub struct CitesArgs {
    #[command(flatten)]
    pub common: Common,
    /// Key or path.
    pub key: String,
}

/// `vanban cited-by`.
#[derive(clap::Args)]
#[command(after_help = "\
Lists every document citing KEY with the relation, the citing sentence, the file and the page. \
Exit status 1 when the document is not in the graph or nothing cites it.")]
pub struct CitedByArgs {
    #[command(flatten)]
    pub common: Common,
    /// Key (or path of an ingested file).
    pub key: String,
}

/// `vanban trace`.
#[derive(clap::Args)]
#[command(after_help = "\
Follows the chain from KEY as an indented tree: --up (default) towards what it builds on (a \
Sở plan -> the provincial plan it implements -> the Party resolution behind that), --down \
towards what builds on it. Plain `cites` edges are left out unless --rel names them.")]
pub struct TraceArgs {
    #[command(flatten)]
    pub common: Common,
    /// Follow what the document builds on (default).
    #[arg(long, conflicts_with = "down")]
    pub up: bool,
    /// Follow what builds on the document.
    #[arg(long)]
    pub down: bool,
    /// Levels to follow.
    #[arg(long, default_value_t = 3)]
    pub depth: usize,
    /// Relations to follow, comma separated (default: all but cites).
    #[arg(long, value_delimiter = ',')]
    pub rel: Vec<String>,
    /// Key (or path of an ingested file).
    pub key: String,
}

/// `vanban relations`.
#[derive(clap::Args)]
#[command(after_help = "\
The lược đồ of the national legal database: the documents KEY acts on, grouped by relation \
with the database's labels (Văn bản được căn cứ, Văn bản bị thay thế, Văn bản được hướng dẫn, \
...), then the documents acting on it (Văn bản căn cứ vào, Văn bản thay thế, Văn bản hướng \
dẫn, ...), each with the sentence stating it. Exit status 1 when the document is not in the \
graph.")]
pub struct RelationsArgs {
    #[command(flatten)]
    pub common: Common,
    /// Key, KEY@Locality or path.
    pub key: String,
}

/// `vanban graph`.
#[derive(clap::Args)]
#[command(after_help = "\
Exports the citation graph (or, with --root, the part within --depth steps of one document) \
for Graphviz (dot), jq (json, with evidence and the alias merges) or Gephi (graphml).")]
pub struct GraphArgs {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Only the neighbourhood of this document.
    #[arg(long)]
    pub root: Option<String>,
    /// Steps from --root, both directions.
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// dot, json or graphml.
    #[arg(long, default_value = "dot")]
    pub format: String,
    /// Only these relations, comma separated.
    #[arg(long, value_delimiter = ',')]
    pub rel: Vec<String>,
    /// Keep keys that differ by an issuer typo apart (undo alias merging).
    #[arg(long)]
    pub no_merge: bool,
    /// Write here instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

fn load(index: &IndexArgs, no_merge: bool) -> anyhow::Result<Graph> {
    let dir = index.dir();
    let idx = vanban_index::Index::open(&dir)
        .with_context(|| format!("cannot open index {}", dir.display()))?;
    let g = idx.graph()?;
    Ok(if no_merge { g.with_merging(false) } else { g })
}

fn parse_rels(names: &[String]) -> anyhow::Result<Option<Vec<Rel>>> {
    if names.is_empty() {
        return Ok(None);
    }
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| {
            Rel::parse(n).with_context(|| {
                format!(
                    "unknown relation {n:?} (one of: {})",
                    Rel::ALL.map(Rel::as_str).join(", ")
                )
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map(Some)
}

fn find(g: &Graph, key: &str) -> Option<NodeId> {
    find_all(g, key).first().copied()
}

/// Every node `key` names (one per locality), with the warnings of `identity.md`.
fn find_all(g: &Graph, key: &str) -> Vec<NodeId> {
    let ns = g.lookup_all(key);
    if ns.is_empty() {
        eprintln!("vanban: {key}: not in the citation graph");
    }
    let located: Vec<&str> = ns
        .iter()
        .filter_map(|&n| g.node(n).and_then(|x| x.locality.as_deref()))
        .collect();
    for &n in &ns {
        if !located.is_empty() && g.node(n).is_some_and(|x| x.locality.is_none()) {
            eprintln!(
                "vanban: warning: {}: cited without a locality that can be told (it could be \
                 the document of {}); shown apart",
                g.label(n),
                located.join(", ")
            );
        }
    }
    ns
}

/// Hits grouped by relation, strongest first, with the lược đồ label of each group.
fn grouped(hits: Vec<Hit>, label: fn(Rel) -> &'static str) -> Vec<(Rel, &'static str, Vec<Hit>)> {
    Rel::ALL
        .into_iter()
        .filter_map(|r| {
            let hs: Vec<Hit> = hits.iter().filter(|h| h.rel == r).cloned().collect();
            (!hs.is_empty()).then(|| (r, label(r), hs))
        })
        .collect()
}

fn groups_json(groups: &[(Rel, &'static str, Vec<Hit>)]) -> serde_json::Value {
    serde_json::Value::Array(
        groups
            .iter()
            .map(|(r, l, hs)| serde_json::json!({"rel": r, "label": l, "hits": hs}))
            .collect(),
    )
}

/// Print one side of the lược đồ: `other` names the document at the far end of each hit.
fn print_groups(
    out: &mut impl Write,
    groups: &[(Rel, &'static str, Vec<Hit>)],
    other: fn(&Hit) -> &str,
) -> std::io::Result<()> {
    for (rel, label, hits) in groups {
        writeln!(out, "  {label} ({rel}, {})", hits.len())?;
        for h in hits {
            let file = if h.file == other(h) {
                String::new()
            } else {
                format!(" ({} {}line {})", h.file, page(h), h.line)
            };
            writeln!(out, "    {}{file}", other(h))?;
            if h.rel != Rel::Cites || h.sentence != other(h) {
                writeln!(out, "      \u{201c}{}\u{201d}", h.sentence)?;
            }
        }
    }
    Ok(())
}

/// Emit one JSON document per node (an array when a key names several).
fn write_json(out: &mut impl Write, docs: Vec<serde_json::Value>) -> anyhow::Result<()> {
    let v = if docs.len() == 1 {
        docs.into_iter().next().unwrap_or_default()
    } else {
        serde_json::Value::Array(docs)
    };
    writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    Ok(())
}

fn page(h: &Hit) -> String {
    match h.page {
        Some(p) => format!("p.{p} "),
        None => String::new(),
    }
}

fn describe(g: &Graph, n: NodeId) -> String {
    let Some(node) = g.node(n) else {
        return "?".into();
    };
    let mut s = node.label().to_string();
    if let Some(k) = &node.kind {
        s.push_str(&format!(" ({k}"));
        if let Some(d) = &node.date {
            s.push_str(&format!(", {d}"));
        }
        s.push(')');
    }
    if node.key.is_some() && !node.paths.is_empty() {
        s.push_str(&format!(" [{}]", node.paths.join(", ")));
    }
    if !node.aliases.is_empty() {
        s.push_str(&format!(" aka {}", node.aliases.join(", ")));
    }
    s
}

/// Run `cites`.
pub fn cites(a: CitesArgs) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(run_cites(a))
}

fn run_cites(a: CitesArgs) -> anyhow::Result<ExitCode> {
    let g = load(&a.common.index, a.common.no_merge)?;
    let ns = find_all(&g, &a.key);
    if ns.is_empty() {
        return Ok(ExitCode::from(1));
    }
    let mut out = std::io::stdout().lock();
    let mut docs = Vec::new();
    for n in ns {
        let hits: Vec<Hit> = g.cites(n).into_iter().flat_map(|(_, hs)| hs).collect();
        let groups = grouped(hits, Rel::inverse_label);
        if a.common.json {
            let v: serde_json::Map<String, serde_json::Value> = groups
                .iter()
                .map(|(r, _, hs)| (r.as_str().to_string(), serde_json::json!(hs)))
                .collect();
            docs.push(serde_json::json!({
                "node": g.label(n),
                "cites": v,
                "groups": groups_json(&groups),
            }));
            continue;
        }
        writeln!(out, "{}", describe(&g, n))?;
        if groups.is_empty() {
            writeln!(out, "  (cites nothing)")?;
        }
        print_groups(&mut out, &groups, |h| &h.to)?;
    }
    if a.common.json {
        write_json(&mut out, docs)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Run `cited-by`.
pub fn cited_by(a: CitedByArgs) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(run_cited_by(a))
}

fn run_cited_by(a: CitedByArgs) -> anyhow::Result<ExitCode> {
    let g = load(&a.common.index, a.common.no_merge)?;
    let ns = find_all(&g, &a.key);
    if ns.is_empty() {
        return Ok(ExitCode::from(1));
    }
    let mut out = std::io::stdout().lock();
    let mut docs = Vec::new();
    let mut any = false;
    for n in ns {
        let hits = g.cited_by(n);
        any |= !hits.is_empty();
        if a.common.json {
            let groups = grouped(hits.clone(), Rel::label);
            docs.push(serde_json::json!({
                "node": g.label(n),
                "cited_by": hits,
                "groups": groups_json(&groups),
            }));
            continue;
        }
        writeln!(out, "{}: cited by {}", describe(&g, n), hits.len())?;
        print_groups(&mut out, &grouped(hits, Rel::label), |h| &h.from)?;
    }
    if a.common.json {
        write_json(&mut out, docs)?;
    }
    Ok(if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Run `relations`.
pub fn relations(a: RelationsArgs) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(run_relations(a))
}

fn run_relations(a: RelationsArgs) -> anyhow::Result<ExitCode> {
    let g = load(&a.common.index, a.common.no_merge)?;
    let ns = find_all(&g, &a.key);
    if ns.is_empty() {
        return Ok(ExitCode::from(1));
    }
    let mut out = std::io::stdout().lock();
    let mut docs = Vec::new();
    for n in ns {
        let outgoing: Vec<Hit> = g.cites(n).into_iter().flat_map(|(_, hs)| hs).collect();
        let outgoing = grouped(outgoing, Rel::inverse_label);
        let incoming = grouped(g.cited_by(n), Rel::label);
        if a.common.json {
            docs.push(serde_json::json!({
                "node": g.label(n),
                "outgoing": groups_json(&outgoing),
                "incoming": groups_json(&incoming),
            }));
            continue;
        }
        writeln!(out, "{}", describe(&g, n))?;
        if outgoing.is_empty() && incoming.is_empty() {
            writeln!(out, "  (no relations)")?;
        }
        print_groups(&mut out, &outgoing, |h| &h.to)?;
        print_groups(&mut out, &incoming, |h| &h.from)?;
    }
    if a.common.json {
        write_json(&mut out, docs)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_tree(out: &mut impl Write, t: &TraceNode, indent: usize) -> std::io::Result<()> {
    let pad = "  ".repeat(indent);
    match t.rel {
        Some(r) => {
            let seen = if t.seen { " (see above)" } else { "" };
            writeln!(out, "{pad}{r} -> {}{seen}", t.node)?;
            if let Some(ev) = &t.evidence {
                let file = t.file.as_deref().unwrap_or("");
                writeln!(out, "{pad}    \u{201c}{ev}\u{201d} ({file})")?;
            }
        }
        None => writeln!(out, "{pad}{}", t.node)?,
    }
    for c in &t.children {
        print_tree(out, c, indent + 1)?;
    }
    Ok(())
}

/// Run `trace`.
pub fn trace(a: TraceArgs) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(run_trace(a))
}

fn run_trace(a: TraceArgs) -> anyhow::Result<ExitCode> {
    let rels = parse_rels(&a.rel)?;
    let g = load(&a.common.index, a.common.no_merge)?;
    let Some(n) = find(&g, &a.key) else {
        return Ok(ExitCode::from(1));
    };
    let dir = if a.down {
        Direction::Down
    } else {
        Direction::Up
    };
    let t = g.trace(n, dir, a.depth, rels.as_deref());
    let mut out = std::io::stdout().lock();
    if a.common.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&t)?)?;
    } else {
        print_tree(&mut out, &t, 0)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Run `graph`.
pub fn graph(a: GraphArgs) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(run_graph(a))
}

fn run_graph(a: GraphArgs) -> anyhow::Result<ExitCode> {
    let format: Format = a.format.parse().map_err(anyhow::Error::msg)?;
    let rels = parse_rels(&a.rel)?;
    let g = load(&a.index, a.no_merge)?;
    let sub = match &a.root {
        Some(k) => {
            let Some(n) = find(&g, k) else {
                return Ok(ExitCode::from(1));
            };
            g.subgraph(n, a.depth, rels.as_deref())
        }
        None => {
            let mut all = g.all();
            if let Some(rs) = &rels {
                all.edges.retain(|&e| {
                    g.edges()
                        .get(e as usize)
                        .is_some_and(|e| rs.contains(&e.rel))
                });
            }
            all
        }
    };
    let text = g.export(&sub, format);
    match &a.output {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
