//! Incremental, atomic ingest: one tantivy commit per batch (a checkpoint), the graph updated
//! with the batch's files and committed with it.

use crate::graphstore::{self, Manifest, Stored};
use crate::{date_number, for_each_doc, register_analyzers, schema, Fields, IndexError, LooseKey};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::{IndexWriter, SegmentMeta, TantivyDocument, Term};
use vanban_graph::Segment;
use vanban_model::FileRecord;

/// Resources given to the tantivy writer.
#[derive(Clone, Copy, Debug)]
pub struct WriterOptions {
    /// Total indexing heap in bytes; segments are flushed when it fills, so memory stays flat.
    pub heap_bytes: usize,
    /// Indexing threads (0 = tantivy's choice).
    pub threads: usize,
    /// Background merges never make a segment of more documents than this (0: tantivy's
    /// policy unbounded). A merge maps its input segments, and every page it reads counts in
    /// the process's resident memory: at 1M documents unbounded merges took its peak to
    /// 1.6 GB, 1.2 GB of it mapped segment files (anonymous memory stayed under 280 MB).
    /// 50k documents is about 190 MB of segment files; search reads some 20 segments at 1M
    /// documents instead of a few.
    pub max_segment_docs: u32,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            heap_bytes: 48 << 20,
            threads: 0,
            max_segment_docs: 50_000,
        }
    }
}

/// tantivy's log merge policy, each merge cut into runs of at most `max_docs` documents.
#[derive(Debug)]
struct CappedMerges {
    inner: LogMergePolicy,
    max_docs: u32,
}

impl CappedMerges {
    fn new(max_docs: u32) -> CappedMerges {
        let mut inner = LogMergePolicy::default();
        // A segment over half the cap can never pair with another under it.
        inner.set_max_docs_before_merge((max_docs / 2) as usize);
        CappedMerges { inner, max_docs }
    }
}

impl MergePolicy for CappedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut out = Vec::new();
        for MergeCandidate(ids) in self.inner.compute_merge_candidates(segments) {
            let (mut run, mut sum) = (Vec::new(), 0u32);
            for id in ids {
                let n = docs.get(&id).copied().unwrap_or(0);
                if sum + n > self.max_docs && !run.is_empty() {
                    if run.len() >= 2 {
                        out.push(MergeCandidate(std::mem::take(&mut run)));
                    }
                    run.clear();
                    sum = 0;
                }
                run.push(id);
                sum += n;
            }
            if run.len() >= 2 {
                out.push(MergeCandidate(run));
            }
        }
        out
    }
}

/// What a commit did.
#[derive(Clone, Debug, Default)]
pub struct CommitSummary {
    /// Documents in the index after the commit.
    pub documents: u64,
    /// File name of the committed graph manifest.
    pub graph_file: String,
    /// Graph segments after the commit.
    pub graph_segments: usize,
    /// Seconds spent on the graph: writing the batch's segment, merging segments, the
    /// manifest (the rest of a commit is tantivy's).
    pub graph_secs: f64,
}

/// Committed path -> content hash, as 64-bit digests: a million entries take ~32 MB instead
/// of the ~200 MB of the strings, so resuming a large ingest stays within its memory budget.
#[derive(Clone, Debug, Default)]
pub struct Known(HashMap<u64, u64>);

fn digest(s: &str) -> u64 {
    let h = blake3::hash(s.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.as_bytes()[..8]);
    u64::from_le_bytes(b)
}

impl Known {
    /// Is `path` committed with exactly this content hash?
    pub fn is_current(&self, path: &str, hash: &str) -> bool {
        self.0.get(&digest(path)) == Some(&digest(hash))
    }

    /// Is `path` committed (with any content)?
    pub fn contains(&self, path: &str) -> bool {
        self.0.contains_key(&digest(path))
    }

    /// Number of committed paths.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing is committed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn insert(&mut self, path: &str, hash: &str) {
        self.0.insert(digest(path), digest(hash));
    }

    fn remove(&mut self, path: &str) {
        self.0.remove(&digest(path));
    }
}

/// A write session on an index directory (created if missing). Nothing is visible to readers,
/// and nothing replaces the previous state, until [`Writer::checkpoint`] or [`Writer::commit`];
/// each of those commits documents and graph together.
pub struct Writer {
    dir: PathBuf,
    writer: IndexWriter<TantivyDocument>,
    reader: tantivy::IndexReader,
    fields: Fields,
    known: Known,
    /// Paths put or removed since the last commit, with the content hash of those put.
    touched: HashMap<String, Option<String>>,
    /// The batch's graph contributions: only the files of this batch are held.
    batch: Segment,
    /// The committed graph, or None when it must be rebuilt from the stored records (a new
    /// index, or one whose graph an older vanban wrote).
    manifest: Option<Manifest>,
    manifest_name: Option<String>,
    /// The vocabularies symbol-part terms are written from (the built-in ones unless
    /// [`Writer::set_lexicon`]): search must read numbers with the same ones.
    lexicon: Option<crate::query::Lexicon>,
}

impl Writer {
    /// Write symbol-part terms (`184|p:kh`) from these vocabularies (those of `--patterns`)
    /// instead of the built-in ones.
    pub fn set_lexicon(&mut self, lexicon: crate::query::Lexicon) {
        self.lexicon = Some(lexicon);
    }

    /// Open or create the index in `dir` for writing (takes tantivy's writer lock).
    pub fn open(dir: &Path, opts: WriterOptions) -> Result<Writer, IndexError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = if dir.join("meta.json").is_file() {
            tantivy::Index::open_in_dir(dir)?
        } else {
            tantivy::Index::create_in_dir(dir, schema)?
        };
        register_analyzers(&index);
        let metas = index.load_metas()?;
        let empty = metas.segments.is_empty();
        let (manifest, manifest_name) = match graphstore::stored(metas.payload.as_deref()) {
            Stored::Manifest(name) => match graphstore::read_manifest(dir, &name) {
                Ok(m) if m.segments.iter().all(|s| dir.join(&s.file).is_file()) => {
                    (Some(m), Some(name))
                }
                _ => (None, None),
            },
            // An empty index has an empty graph: nothing to rebuild.
            _ if empty => (Some(Manifest::default()), None),
            _ => (None, None),
        };
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        let known = committed_hashes(&reader)?;
        let heap = opts.heap_bytes.max(16 << 20);
        let writer = match heap.checked_div(opts.threads) {
            Some(per) => {
                index.writer_with_num_threads(opts.threads, per.max(15 << 20) * opts.threads)?
            }
            None => index.writer(heap)?,
        };
        if opts.max_segment_docs > 0 {
            writer.set_merge_policy(Box::new(CappedMerges::new(opts.max_segment_docs)));
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            writer,
            reader,
            fields,
            known,
            touched: HashMap::new(),
            batch: Segment::new(),
            manifest,
            manifest_name,
            lexicon: None,
        })
    }

    /// The committed content hashes (shared with extraction threads to skip unchanged files).
    pub fn known(&self) -> &Known {
        &self.known
    }

    /// Is `path` committed?
    pub fn is_known(&self, path: &str) -> bool {
        self.known.contains(path)
    }

    /// Every committed path (read from the index's fast fields, not held in memory).
    pub fn known_paths(&self) -> Result<Vec<String>, IndexError> {
        let mut out = Vec::new();
        committed_paths(&self.reader, |p, _| out.push(p.to_owned()))?;
        Ok(out)
    }

    /// Documents put or removed since the last commit.
    pub fn pending(&self) -> usize {
        self.touched.len()
    }

    /// True when this session has nothing to commit and the committed graph is current.
    pub fn is_clean(&self) -> bool {
        self.touched.is_empty() && self.manifest.is_some() && self.manifest_name.is_some()
    }

    /// Add or replace the entry of `record.source` (the identity: use an absolute path). Each
    /// path at most once per batch (between two commits).
    pub fn put(&mut self, record: FileRecord, text: &str, hash: &str) -> Result<(), IndexError> {
        let f = self.fields;
        let path = record.source.clone();
        // A batch's graph segment holds one contribution per path.
        if self.touched.contains_key(&path) {
            return Err(IndexError::Other(format!(
                "{path}: given twice in one batch (commit in between)"
            )));
        }
        if self.known.contains(&path) {
            self.writer
                .delete_term(Term::from_field_text(f.path, &path));
        }
        let lx = self
            .lexicon
            .as_ref()
            .unwrap_or_else(|| crate::query::Lexicon::builtin());
        let doc = document(f, &record, text, hash, lx)?;
        self.writer.add_document(doc)?;
        self.batch.add(&record);
        self.touched.insert(path, Some(hash.to_owned()));
        Ok(())
    }

    /// Drop the entry of a path (for `--prune`); a path put in this batch stays.
    pub fn remove(&mut self, path: &str) {
        if !self.touched.contains_key(path) {
            self.touched.insert(path.to_owned(), None);
            self.writer
                .delete_term(Term::from_field_text(self.fields.path, path));
            self.batch.remove(path);
        }
    }

    /// Commit the batch: documents, and the graph updated with the batch's segment, in one
    /// tantivy commit. A kill before it leaves the previous commit; a kill after it leaves
    /// this one. The writer goes on with an empty batch.
    pub fn checkpoint(&mut self) -> Result<CommitSummary, IndexError> {
        let started = std::time::Instant::now();
        let batch = std::mem::take(&mut self.batch);
        let mut manifest = match self.manifest.take() {
            Some(m) => {
                let seg = if batch.is_empty() {
                    None
                } else {
                    Some(graphstore::write_segment(&self.dir, &batch)?)
                };
                drop(batch);
                let mut m = m;
                graphstore::append(&self.dir, &mut m, seg)?;
                m
            }
            None => self.rebuild_graph(batch)?,
        };
        manifest.format = graphstore::MANIFEST_FORMAT;
        let name = graphstore::write_manifest(&self.dir, &manifest)?;
        let graph_secs = started.elapsed().as_secs_f64();
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&name);
        prepared.commit()?;
        graphstore::collect_garbage(&self.dir, &name, &manifest);
        for (path, hash) in self.touched.drain() {
            match hash {
                Some(h) => self.known.insert(&path, &h),
                None => self.known.remove(&path),
            }
        }
        self.reader.reload()?;
        let documents = self.reader.searcher().num_docs();
        let summary = CommitSummary {
            documents,
            graph_file: name.clone(),
            graph_segments: manifest.segments.len(),
            graph_secs,
        };
        self.manifest = Some(manifest);
        self.manifest_name = Some(name);
        Ok(summary)
    }

    /// [`Writer::checkpoint`], then wait for tantivy's background merges so the directory is
    /// compact when the process exits.
    pub fn commit(mut self) -> Result<CommitSummary, IndexError> {
        let summary = self.checkpoint()?;
        self.writer.wait_merging_threads()?;
        Ok(summary)
    }

    /// End a session whose last checkpoint committed everything: wait for tantivy's
    /// background merges.
    pub fn finish(self) -> Result<(), IndexError> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    /// The graph of every committed record that survives this batch plus the batch's own,
    /// in segments of at most [`graphstore::MAX_SEGMENT_DOCS`] files (streamed, never all
    /// in memory): for a new index or one whose graph an older vanban wrote.
    fn rebuild_graph(&self, batch: Segment) -> Result<Manifest, IndexError> {
        let mut m = Manifest::default();
        let searcher = self.reader.searcher();
        let mut seg = Segment::new();
        let mut segs = Vec::new();
        for_each_doc(&searcher, self.fields, |path, rec| {
            if !self.touched.contains_key(path) {
                seg.add(&rec);
                if seg.doc_count() >= graphstore::MAX_SEGMENT_DOCS {
                    segs.push(graphstore::write_segment(&self.dir, &seg)?);
                    seg = Segment::new();
                }
            }
            Ok(())
        })?;
        for s in [seg, batch] {
            if !s.is_empty() {
                segs.push(graphstore::write_segment(&self.dir, &s)?);
            }
        }
        for s in segs {
            graphstore::append(&self.dir, &mut m, Some(s))?;
        }
        Ok(m)
    }
}

/// The tantivy document of one record.
fn document(
    f: Fields,
    record: &FileRecord,
    text: &str,
    hash: &str,
    lx: &crate::query::Lexicon,
) -> Result<TantivyDocument, IndexError> {
    let path = &record.source;
    let mut doc = TantivyDocument::default();
    doc.add_text(f.path, path);
    doc.add_text(f.hash, hash);
    doc.add_text(f.text, text);
    doc.add_text(f.text_exact, text);
    let mut seen = HashSet::new();
    for r in record.references.iter().filter(|r| !r.is_self) {
        if let Some(k) = LooseKey::parse(&r.key) {
            if seen.insert(k.number.clone()) {
                doc.add_text(f.refnum, &k.number);
            }
            for t in k
                .index_terms()
                .into_iter()
                .chain(k.part_terms(lx, Some(r.kind.as_str())))
            {
                if seen.insert(t.clone()) {
                    doc.add_text(f.refkey, &t);
                }
            }
        }
    }
    let mut date = 0;
    if let Some(d) = &record.document {
        if let Some(k) = d.key.as_deref().and_then(LooseKey::parse) {
            doc.add_text(f.ownnum, &k.number);
            let mut own = HashSet::new();
            for t in k
                .index_terms()
                .into_iter()
                .chain(k.part_terms(lx, d.kind.as_deref()))
            {
                if own.insert(t.clone()) {
                    doc.add_text(f.ownkey, &t);
                }
            }
        }
        for kind in d.kind.iter().chain(d.type_code.iter()) {
            doc.add_text(f.kind, crate::tokens(kind).join(" "));
        }
        // `--issuer` finds a body by its name or by its province ("Hưng Yên").
        for issuer in d
            .issuer
            .iter()
            .chain(d.issuing_body.iter())
            .chain(d.locality.iter())
            .chain(d.place.iter())
        {
            doc.add_text(f.issuer, issuer);
        }
        if let Some(n) = d.date.as_deref().and_then(date_number) {
            date = n;
            doc.add_u64(f.year, n / 10_000);
        }
    }
    doc.add_u64(f.date, date);
    let json = serde_json::to_string(record)
        .map_err(|e| IndexError::Other(format!("{path}: cannot serialise record: {e}")))?;
    doc.add_text(f.record, &json);
    Ok(doc)
}

/// Call `each(path, hash)` for every committed document, from the fast fields (no doc store
/// read).
fn committed_paths(
    reader: &tantivy::IndexReader,
    mut each: impl FnMut(&str, &str),
) -> Result<(), IndexError> {
    let searcher = reader.searcher();
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let (Some(paths), Some(hashes)) = (ff.str("path")?, ff.str("hash")?) else {
            continue;
        };
        let (mut p, mut h) = (String::new(), String::new());
        for doc in 0..seg.max_doc() {
            if seg.is_deleted(doc) {
                continue;
            }
            let (Some(po), Some(ho)) = (paths.term_ords(doc).next(), hashes.term_ords(doc).next())
            else {
                continue;
            };
            p.clear();
            h.clear();
            if paths.ord_to_str(po, &mut p)? && hashes.ord_to_str(ho, &mut h)? {
                each(&p, &h);
            }
        }
    }
    Ok(())
}

/// Path -> content hash of every committed document.
fn committed_hashes(reader: &tantivy::IndexReader) -> Result<Known, IndexError> {
    let mut known = Known::default();
    committed_paths(reader, |p, h| known.insert(p, h))?;
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanban_model::{Document, Reference};

    fn rec(path: &str, own: &str, cites: &str) -> FileRecord {
        FileRecord {
            source: path.into(),
            document: Some(Document {
                key: Some(own.into()),
                ..Default::default()
            }),
            references: vec![Reference {
                text: format!("Kế hoạch số {cites}"),
                key: cites.into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn merges_stop_at_the_segment_cap() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WriterOptions {
            threads: 1,
            max_segment_docs: 12,
            ..WriterOptions::default()
        };
        let mut w = Writer::open(dir.path(), opts).unwrap();
        for i in 0..96 {
            let r = rec(&format!("/m/{i}"), &format!("{i}/KH-UBND"), "1/KH-UBND");
            w.put(r, "văn bản", "h").unwrap();
            if i % 3 == 2 {
                w.checkpoint().unwrap();
            }
        }
        w.commit().unwrap();
        let index = tantivy::Index::open_in_dir(dir.path()).unwrap();
        let segs = index.searchable_segment_metas().unwrap();
        assert!(segs.iter().all(|s| s.num_docs() <= 12), "{segs:?}");
        assert!(segs.len() < 32, "segments were merged: {}", segs.len());
        assert_eq!(segs.iter().map(|s| s.num_docs()).sum::<u32>(), 96);
    }

    #[test]
    fn a_graph_of_an_older_vanban_is_rebuilt_from_the_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(dir.path(), WriterOptions::default()).unwrap();
        w.put(rec("/a", "1/KH-UBND", "2/KH-UBND"), "a", "ha")
            .unwrap();
        w.put(rec("/b", "2/KH-UBND", "3/KH-UBND"), "b", "hb")
            .unwrap();
        // Commit as an older vanban did: its graph file named in the payload.
        std::fs::write(dir.path().join("graph-old.bin"), b"VBG1").unwrap();
        let mut prepared = w.writer.prepare_commit().unwrap();
        prepared.set_payload("graph-old.bin");
        prepared.commit().unwrap();
        drop(w);
        let ix = crate::Index::open(dir.path()).unwrap();
        assert!(ix.graph().is_err(), "an old graph is reported, not misread");
        let w = Writer::open(dir.path(), WriterOptions::default()).unwrap();
        assert!(
            !w.is_clean(),
            "nothing changed, but the graph must be rebuilt"
        );
        w.commit().unwrap();
        let ix = crate::Index::open(dir.path()).unwrap();
        let g = ix.graph().unwrap();
        assert_eq!(g, vanban_graph::Graph::from_records(&ix.records().unwrap()));
        assert_eq!(g.file_count(), 2);
        assert!(
            !dir.path().join("graph-old.bin").exists(),
            "old graph collected"
        );
    }
}
