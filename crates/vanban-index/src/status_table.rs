//! The status table kept beside the index (`docs/spec/validity.md`), shared by the CLI's
//! `search`/`show`/`status` and the web page so both answer the same status.
//!
//! The table ([`vanban_graph::StatusSnapshot`]) is stored as `status-<fingerprint>.vbs`: the
//! fingerprint is the hash of the index's `meta.json`, which every commit rewrites, so the
//! first reader after an ingest derives the graph once and writes a new table; every later
//! reader maps the table and reads only the entries it needs.

use crate::{content_hash, Index, IndexError};
use std::path::{Path, PathBuf};
use vanban_graph::{Graph, StatusSnapshot, Validity};

fn fingerprint(dir: &Path) -> Result<String, IndexError> {
    let meta = std::fs::read(dir.join("meta.json"))
        .map_err(|_| IndexError::Missing(dir.display().to_string()))?;
    Ok(content_hash(&meta).chars().take(24).collect())
}

/// The status table of the index in `dir`, made from `graph` (or the index's own graph when
/// `None`) and stored if the index changed since the last one.
pub fn status_table(dir: &Path, graph: Option<&Graph>) -> Result<StatusSnapshot, IndexError> {
    let fp = fingerprint(dir)?;
    let path = dir.join(format!("status-{fp}.vbs"));
    if let Ok(s) = StatusSnapshot::open(&path) {
        return Ok(s);
    }
    let bytes = match graph {
        Some(g) => g.status_snapshot(),
        None => Index::open(dir)?.graph()?.status_snapshot(),
    };
    // Storing is best effort (a read-only index still answers, only slower).
    let tmp = dir.join(format!(".status-{fp}.tmp"));
    if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, &path).is_ok() {
        remove_stale(dir, &path);
    } else {
        let _ = std::fs::remove_file(&tmp);
    }
    StatusSnapshot::from_bytes(bytes).map_err(|e| IndexError::Graph(e.to_string()))
}

/// Remove status tables of earlier commits.
fn remove_stale(dir: &Path, keep: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p: PathBuf = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if p != keep && name.starts_with("status-") && name.ends_with(".vbs") {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The status as of `at` (ISO date) of each ingested file named (None when the table does
/// not hold the path).
pub fn statuses_of(table: &StatusSnapshot, paths: &[&str], at: &str) -> Vec<Option<Validity>> {
    paths
        .iter()
        .map(|p| table.lookup(p).first().map(|i| i.at(at).status))
        .collect()
}

/// A JSON array of result objects (search hits, shown documents) with `status` (the
/// `validity.md` name, null when not known) added to each: the `--json` of `search` and
/// `show`, and `/api/search`, `/api/doc/{id}`.
pub fn with_status(mut v: serde_json::Value, statuses: &[Option<Validity>]) -> serde_json::Value {
    if let Some(items) = v.as_array_mut() {
        for (item, s) in items
            .iter_mut()
            .zip(statuses.iter().chain(std::iter::repeat(&None)))
        {
            if let Some(o) = item.as_object_mut() {
                o.insert("status".into(), serde_json::json!(s.map(Validity::as_str)));
            }
        }
    }
    v
}

/// Today's date, ISO, from the system clock (UTC): the date statuses are told at.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil((secs / 86_400) as i64)
}

/// The civil date of a day count since 1970-01-01 (proleptic Gregorian).
pub(crate) fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), "1970-01-01");
        assert_eq!(civil(20_454), "2026-01-01");
        assert_eq!(civil(19_782), "2024-02-29");
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn status_is_added_to_each_object_and_null_when_unknown() {
        let v = serde_json::json!([{"a": 1}, {"b": 2}, 3]);
        let out = with_status(v, &[Some(Validity::InForce)]);
        assert_eq!(out[0]["status"], "in_force");
        assert!(out[1]["status"].is_null());
        assert_eq!(out[2], 3);
    }
}
