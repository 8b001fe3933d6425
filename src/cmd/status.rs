//! `vanban status`: is a document in force as of a date, and which documents decided that
//! (`docs/spec/validity.md`). Also the status table the search and show results read.
//!
//! Status is computed at query time from the graph committed with the index, through a
//! status table ([`vanban_graph::StatusSnapshot`]) stored beside the index as
//! `status-<fingerprint>.vbs`: the fingerprint is the hash of the index's `meta.json`, which
//! every commit rewrites (its payload names the graph manifest), so the first query after an
//! ingest derives the graph once and writes a new table; every later query maps the table
//! and reads only the entries it needs.

use super::search::quiet_broken_pipe;
use crate::config_index::IndexArgs;
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use vanban_graph::{Evidence, Rel, Status, StatusInput, StatusSnapshot, Validity};

/// Arguments of `vanban status`.
#[derive(clap::Args)]
#[command(after_help = "\
Tells whether a document is in force as of --at (default today), as the national legal \
database labels it: Còn hiệu lực (in_force), Hết hiệu lực toàn bộ (expired), Hết hiệu lực một \
phần (partly_expired), Ngưng hiệu lực (suspended), Chưa có hiệu lực (not_yet_in_force), Chưa \
xác định (unknown), with every edge that decides it and the sentence stating it. An edge \
counts from its own effective date, else the acting document's. KEY_OR_PATH is a document \
number in any spelling, KEY@Locality (63/2025/QĐ-UBND@Lai Châu) or the path of an ingested \
file; a bare key of several provinces answers for each (--json then prints an array). Exit \
status 0 when the document is known, 1 when not.")]
pub struct Args {
    #[command(flatten)]
    pub index: IndexArgs,
    /// Print JSON (the shape of docs/spec/validity.md).
    #[arg(long)]
    pub json: bool,
    /// The date to tell the status at (YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Key, KEY@Locality or path.
    pub key: String,
}

/// Today's date, ISO, from the system clock (UTC).
pub(crate) fn today() -> String {
    vanban_index::today()
}

/// A `--at` value checked: `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
pub(crate) fn check_date(s: &str) -> anyhow::Result<String> {
    let s = s.trim();
    let ok = s.split('-').enumerate().all(|(i, p)| {
        p.chars().all(|c| c.is_ascii_digit()) && p.len() == if i == 0 { 4 } else { 2 }
    }) && s.split('-').count() <= 3;
    anyhow::ensure!(ok, "--at {s:?}: expected a date YYYY-MM-DD");
    Ok(s.to_string())
}

/// The status table of the index in `dir`, made (and stored) if the index changed since
/// the last one.
pub(crate) fn snapshot(dir: &Path) -> anyhow::Result<StatusSnapshot> {
    vanban_index::status_table(dir, None)
        .with_context(|| format!("cannot open index {}", dir.display()))
}

/// The nodes a query names, from the table; a path not found as given is tried as the
/// graph resolves it (a unique path ending), which needs the graph.
pub(crate) fn lookup(
    dir: &Path,
    snap: &StatusSnapshot,
    q: &str,
) -> anyhow::Result<Vec<StatusInput>> {
    let found = snap.lookup(q);
    if !found.is_empty() {
        return Ok(found);
    }
    let mut tries = vec![q.to_string()];
    if let Ok(abs) = std::fs::canonicalize(q) {
        tries.push(abs.display().to_string());
    }
    for t in &tries[1..] {
        let found = snap.lookup(t);
        if !found.is_empty() {
            return Ok(found);
        }
    }
    if q.contains('/') || q.contains('\\') || q.contains('.') {
        let g = vanban_index::Index::open(dir)?.graph()?;
        return Ok(g
            .lookup_all(q)
            .into_iter()
            .map(|n| g.status_input(n))
            .collect());
    }
    Ok(Vec::new())
}

/// Say so when a key is cited without a locality while nodes of that key with a locality
/// exist: those citations could name any of them.
pub(crate) fn warn_unresolved(found: &[StatusInput]) {
    let located: Vec<&str> = found.iter().filter_map(|s| s.locality.as_deref()).collect();
    if located.is_empty() {
        return;
    }
    for s in found.iter().filter(|s| s.locality.is_none()) {
        eprintln!(
            "vanban: warning: {}: some citations do not tell its locality (it could be the \
             document of {}); shown apart",
            s.node,
            located.join(", ")
        );
    }
}

/// Run the command.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    quiet_broken_pipe(status(a))
}

fn status(a: Args) -> anyhow::Result<ExitCode> {
    let at = match &a.at {
        Some(d) => check_date(d)?,
        None => today(),
    };
    let dir = a.index.dir();
    let snap = snapshot(&dir)?;
    let found = lookup(&dir, &snap, &a.key)?;
    warn_unresolved(&found);
    let statuses: Vec<Status> = if found.is_empty() {
        vec![Status::unknown(&a.key, &at)]
    } else {
        found.iter().map(|s| s.at(&at)).collect()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        if statuses.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &statuses[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &statuses)?;
        }
        writeln!(out)?;
    } else {
        for (i, (s, input)) in statuses
            .iter()
            .zip(found.iter().map(Some).chain(std::iter::repeat(None)))
            .enumerate()
        {
            if i > 0 {
                writeln!(out)?;
            }
            print_status(&mut out, s, input)?;
        }
    }
    out.flush()?;
    Ok(if found.is_empty() {
        eprintln!("vanban: {}: nothing ingested says anything about it", a.key);
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_status(
    out: &mut impl Write,
    s: &Status,
    input: Option<&StatusInput>,
) -> std::io::Result<()> {
    let mut head = s.node.clone();
    if let Some(i) = input {
        let meta: Vec<&str> = [i.kind.as_deref(), i.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !meta.is_empty() {
            head.push_str(&format!(" ({})", meta.join(", ")));
        }
    }
    writeln!(out, "{head}")?;
    writeln!(
        out,
        "  Tình trạng: {} ({}), tính đến ngày {}",
        s.label,
        s.status.as_str(),
        s.as_of
    )?;
    if let Some(d) = &s.effective_date {
        writeln!(out, "  Ngày có hiệu lực: {d}")?;
    }
    if let Some(i) = input {
        if let Some(sub) = &i.subject {
            writeln!(out, "  Trích yếu: {sub}")?;
        }
        for p in &i.paths {
            writeln!(out, "  Tệp: {p}")?;
        }
    }
    let groups: [(Rel, &[Evidence]); 6] = [
        (Rel::Replaces, &s.replaced_by),
        (Rel::Repeals, &s.repealed_by),
        (Rel::Terminates, &s.terminated_by),
        (Rel::Suspends, &s.suspended_by),
        (Rel::Amends, &s.amended_by),
        (Rel::Corrects, &s.corrected_by),
    ];
    for (rel, list) in groups {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "  {}:", rel.label())?;
        for e in list {
            let mut line = format!("    {}", e.node);
            if !e.provisions.is_empty() {
                line.push_str(&format!(" [{}]", e.provisions.join("; ")));
            }
            if let Some(d) = &e.counts_from {
                line.push_str(&format!(" (từ ngày {d})"));
            }
            writeln!(out, "{line}")?;
            let page = e.page.map(|p| format!("trang {p}, ")).unwrap_or_default();
            writeln!(out, "      {} ({page}dòng {})", e.file, e.line)?;
            writeln!(out, "      \u{201c}{}\u{201d}", e.sentence)?;
        }
    }
    if s.status == Validity::Unknown {
        writeln!(out, "  (không có văn bản nào đã nạp nói về văn bản này)")?;
    }
    Ok(())
}

/// The status today of each ingested file named, for search and show results (None when
/// the table cannot be made or does not hold the path: the results stand without it).
pub(crate) fn of_paths(dir: &Path, paths: &[&str]) -> Vec<Option<Validity>> {
    if paths.is_empty() {
        return Vec::new();
    }
    match snapshot(dir) {
        Ok(snap) => vanban_index::statuses_of(&snap, paths, &today()),
        Err(_) => vec![None; paths.len()],
    }
}

/// [`of_paths`] of search hits.
pub(crate) fn of_hits(dir: &Path, hits: &[vanban_index::Hit]) -> Vec<Option<Validity>> {
    let paths: Vec<&str> = hits.iter().map(|h| h.source.as_str()).collect();
    of_paths(dir, &paths)
}

/// A JSON array of result objects with `status` (the `validity.md` name, null when not
/// known) added to each.
pub(crate) fn with_status(
    v: serde_json::Value,
    statuses: &[Option<Validity>],
) -> serde_json::Value {
    vanban_index::with_status(v, statuses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_dates() {
        assert!(check_date("2026-06-01").is_ok());
        assert!(check_date("2026-6-1").is_err());
        assert!(check_date("hôm nay").is_err());
    }
}
