//! The citation graph stored beside the index, updated commit by commit.
//!
//! Each commit writes one graph segment (`gseg-<blake3>.cbor`: the contributions of the files
//! it indexed and the paths it removed, see [`vanban_graph::Segment`]) and a manifest
//! (`graph-<blake3>.json`, the segments oldest first) whose name goes into the tantivy commit
//! payload: documents and graph become visible together or not at all. A commit therefore
//! costs what it changed, not what the index holds; the graph itself is derived when it is
//! loaded.
//!
//! Segments are merged like a binary counter (the newest two when the older is not larger
//! than the newer), so there are O(log n) of them below [`MAX_SEGMENT_DOCS`], each file is
//! rewritten O(log n) times, and a merge never holds more than that many files in memory.

use crate::IndexError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use vanban_graph::{Graph, Segment};

/// Segments are not merged past this many files: bounds the memory of a merge (and of the
/// full rebuild of a legacy index, which is cut into segments of this size).
pub(crate) const MAX_SEGMENT_DOCS: usize = 32_768;

/// Version of the manifest and segment layout.
pub(crate) const MANIFEST_FORMAT: u32 = 2;

/// One stored segment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct SegmentInfo {
    /// File name in the index directory.
    pub file: String,
    /// Files contributed.
    pub docs: u64,
    /// Paths removed.
    pub removed: u64,
}

impl SegmentInfo {
    fn size(&self) -> u64 {
        self.docs + self.removed
    }
}

/// The committed graph: its segments, oldest first.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Manifest {
    pub format: u32,
    pub segments: Vec<SegmentInfo>,
}

/// What a commit payload says about the graph.
pub(crate) enum Stored {
    /// No graph committed (a new index).
    None,
    /// A graph file of an older vanban (`graph-<hash>.bin`): must be rebuilt.
    Legacy(String),
    /// The manifest of this format.
    Manifest(String),
}

fn plain_name(name: &str) -> bool {
    !name.contains(['/', '\\']) && !name.contains("..") && !name.is_empty()
}

/// Classify a commit payload; names are confined to the index directory.
pub(crate) fn stored(payload: Option<&str>) -> Stored {
    let Some(name) = payload.map(str::trim).filter(|n| plain_name(n)) else {
        return Stored::None;
    };
    if name.starts_with("graph-") && name.ends_with(".json") {
        Stored::Manifest(name.to_owned())
    } else if name.starts_with("graph-") && name.ends_with(".bin") {
        Stored::Legacy(name.to_owned())
    } else {
        Stored::None
    }
}

fn segment_name_ok(name: &str) -> bool {
    plain_name(name) && name.starts_with("gseg-") && name.ends_with(".cbor")
}

/// Read a committed manifest.
pub(crate) fn read_manifest(dir: &Path, name: &str) -> Result<Manifest, IndexError> {
    let bytes =
        std::fs::read(dir.join(name)).map_err(|e| IndexError::Graph(format!("{name}: {e}")))?;
    let m: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| IndexError::Graph(format!("{name}: {e}")))?;
    if m.format != MANIFEST_FORMAT {
        return Err(IndexError::Graph(format!(
            "{name}: graph format {} (this build reads {MANIFEST_FORMAT}): re-ingest",
            m.format
        )));
    }
    if let Some(bad) = m.segments.iter().find(|s| !segment_name_ok(&s.file)) {
        return Err(IndexError::Graph(format!(
            "{name}: bad segment name {:?}",
            bad.file
        )));
    }
    Ok(m)
}

/// Read one segment file.
pub(crate) fn read_segment(dir: &Path, name: &str) -> Result<Segment, IndexError> {
    let bytes =
        std::fs::read(dir.join(name)).map_err(|e| IndexError::Graph(format!("{name}: {e}")))?;
    Segment::from_bytes(&bytes).map_err(|e| IndexError::Graph(format!("{name}: {e}")))
}

/// The graph of a manifest.
pub(crate) fn load(dir: &Path, m: &Manifest) -> Result<Graph, IndexError> {
    Graph::from_segments(m.segments.iter().rev().map(|s| read_segment(dir, &s.file)))
}

/// Store a segment content-addressed; returns its description.
pub(crate) fn write_segment(dir: &Path, seg: &Segment) -> Result<SegmentInfo, IndexError> {
    let bytes = seg.to_bytes();
    let file = format!("gseg-{}.cbor", blake3::hash(&bytes).to_hex());
    write_atomically(dir, &file, &bytes)?;
    Ok(SegmentInfo {
        file,
        docs: seg.doc_count() as u64,
        removed: seg.tombstone_count() as u64,
    })
}

/// Store a manifest content-addressed; returns its file name (the commit payload).
pub(crate) fn write_manifest(dir: &Path, m: &Manifest) -> Result<String, IndexError> {
    let bytes = serde_json::to_vec(m).map_err(|e| IndexError::Other(e.to_string()))?;
    let name = format!("graph-{}.json", blake3::hash(&bytes).to_hex());
    write_atomically(dir, &name, &bytes)?;
    Ok(name)
}

/// Append a committed batch's segment and merge the newest segments while the older of the
/// two is not larger than the newer (and the result stays under [`MAX_SEGMENT_DOCS`]).
pub(crate) fn append(
    dir: &Path,
    m: &mut Manifest,
    seg: Option<SegmentInfo>,
) -> Result<(), IndexError> {
    m.format = MANIFEST_FORMAT;
    m.segments.extend(seg);
    while let [.., a, b] = m.segments.as_slice() {
        if a.size() > b.size() || a.docs + b.docs > MAX_SEGMENT_DOCS as u64 {
            break;
        }
        let at = m.segments.len() - 2;
        let oldest = at == 0;
        let (a, b) = (a.file.clone(), b.file.clone());
        let merged = Segment::merge([read_segment(dir, &b), read_segment(dir, &a)], oldest)?;
        let info = write_segment(dir, &merged)?;
        m.segments.truncate(at);
        m.segments.push(info);
    }
    Ok(())
}

/// Write temp, fsync, rename, fsync the directory: the file is whole or absent.
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), IndexError> {
    let target = dir.join(name);
    if target.is_file() {
        return Ok(());
    }
    let tmp = dir.join(format!(".{name}.tmp"));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &target)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Remove graph files (manifests, segments, legacy graphs, temp files) the committed
/// manifest does not name. Best effort.
pub(crate) fn collect_garbage(dir: &Path, manifest: &str, m: &Manifest) {
    let keep: HashSet<&str> = m
        .segments
        .iter()
        .map(|s| s.file.as_str())
        .chain([manifest])
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = (name.starts_with("graph-")
            && (name.ends_with(".bin") || name.ends_with(".json")))
            || (name.starts_with("gseg-") && name.ends_with(".cbor"));
        let tmp =
            (name.starts_with(".graph-") || name.starts_with(".gseg-")) && name.ends_with(".tmp");
        if (ours && !keep.contains(name)) || tmp {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_names_are_confined_to_the_dir() {
        assert!(matches!(stored(Some("graph-ab.json")), Stored::Manifest(_)));
        assert!(matches!(stored(Some("graph-ab.bin")), Stored::Legacy(_)));
        assert!(matches!(stored(Some("../graph-ab.json")), Stored::None));
        assert!(matches!(stored(Some("meta.json")), Stored::None));
        assert!(matches!(stored(None), Stored::None));
        assert!(segment_name_ok("gseg-00.cbor"));
        assert!(!segment_name_ok("gseg-/../x.cbor"));
    }

    #[test]
    fn segments_merge_like_a_binary_counter() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        for i in 0..8 {
            let mut s = Segment::new();
            s.remove(&format!("/p/{i}"));
            let info = write_segment(dir.path(), &s).unwrap();
            append(dir.path(), &mut m, Some(info)).unwrap();
        }
        // Eight one-removal segments: 8 (the first run starts at the oldest: no removals
        // survive that merge, so sizes are small), always at most log2 segments.
        assert!(m.segments.len() <= 4, "{m:?}");
        let g = load(dir.path(), &m).unwrap();
        assert_eq!(g.file_count(), 0);
    }
}
