//! Incremental, atomic ingest: one tantivy commit per batch, the graph committed with it.

use crate::{
    date_number, for_each_doc, graph_file_name, register_analyzers, schema, Fields, IndexError,
    LooseKey,
};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use tantivy::{IndexWriter, TantivyDocument, Term};
use vanban_graph::GraphBuilder;
use vanban_model::FileRecord;

/// Resources given to the tantivy writer.
#[derive(Clone, Copy, Debug)]
pub struct WriterOptions {
    /// Total indexing heap in bytes; segments are flushed when it fills, so memory stays flat.
    pub heap_bytes: usize,
    /// Indexing threads (0 = tantivy's choice).
    pub threads: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            heap_bytes: 48 << 20,
            threads: 0,
        }
    }
}

/// What a commit did.
#[derive(Clone, Debug, Default)]
pub struct CommitSummary {
    /// Documents in the index after the commit.
    pub documents: u64,
    /// File name of the committed graph.
    pub graph_file: String,
}

/// A write session on an index directory (created if missing). Nothing is visible to readers,
/// and nothing replaces the previous state, until [`Writer::commit`].
pub struct Writer {
    dir: PathBuf,
    index: tantivy::Index,
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    known: HashMap<String, String>,
    touched: HashSet<String>,
    /// The batch's records go into the graph as they are put: nothing is held per record.
    graph: GraphBuilder,
    added: usize,
    has_graph: bool,
}

impl Writer {
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
        let has_graph = index
            .load_metas()?
            .payload
            .as_deref()
            .and_then(graph_file_name)
            .is_some_and(|n| dir.join(n).is_file());
        let known = committed_hashes(&index, fields)?;
        let heap = opts.heap_bytes.max(16 << 20);
        let writer = match heap.checked_div(opts.threads) {
            Some(per) => {
                index.writer_with_num_threads(opts.threads, per.max(15 << 20) * opts.threads)?
            }
            None => index.writer(heap)?,
        };
        Ok(Writer {
            dir: dir.to_path_buf(),
            index,
            writer,
            fields,
            known,
            touched: HashSet::new(),
            graph: GraphBuilder::new(),
            added: 0,
            has_graph,
        })
    }

    /// The committed content hash of a path, if it is in the index.
    pub fn known_hash(&self, path: &str) -> Option<&str> {
        self.known.get(path).map(String::as_str)
    }

    /// Committed path -> content hash.
    pub fn known_hashes(&self) -> &HashMap<String, String> {
        &self.known
    }

    /// Every committed path.
    pub fn known_paths(&self) -> impl Iterator<Item = &str> {
        self.known.keys().map(String::as_str)
    }

    /// True when this session changed nothing and the committed graph exists.
    pub fn is_clean(&self) -> bool {
        self.touched.is_empty() && self.added == 0 && self.has_graph
    }

    /// Add or replace the entry of `record.source` (the identity: use an absolute path). Each
    /// path at most once per batch.
    pub fn put(&mut self, record: FileRecord, text: &str, hash: &str) -> Result<(), IndexError> {
        let f = self.fields;
        let path = record.source.clone();
        // The graph streams records in; a second version of one path in the same batch
        // could not be taken back out of it.
        if self.touched.contains(&path) {
            return Err(IndexError::Other(format!(
                "{path}: given twice in one batch (commit in between)"
            )));
        }
        if self.known.contains_key(&path) {
            self.writer
                .delete_term(Term::from_field_text(f.path, &path));
        }
        self.touched.insert(path.clone());
        let mut doc = TantivyDocument::default();
        doc.add_text(f.path, &path);
        doc.add_text(f.hash, hash);
        doc.add_text(f.text, text);
        doc.add_text(f.text_exact, text);
        let mut seen = HashSet::new();
        for r in record.references.iter().filter(|r| !r.is_self) {
            if let Some(k) = LooseKey::parse(&r.key) {
                if seen.insert(k.number.clone()) {
                    doc.add_text(f.refnum, &k.number);
                }
                for t in k.index_terms() {
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
                for t in k.index_terms() {
                    doc.add_text(f.ownkey, &t);
                }
            }
            for kind in d.kind.iter().chain(d.type_code.iter()) {
                doc.add_text(f.kind, crate::tokens(kind).join(" "));
            }
            for issuer in d.issuer.iter().chain(d.issuing_body.iter()) {
                doc.add_text(f.issuer, issuer);
            }
            if let Some(n) = d.date.as_deref().and_then(date_number) {
                date = n;
                doc.add_u64(f.year, n / 10_000);
            }
        }
        doc.add_u64(f.date, date);
        let json = serde_json::to_string(&record)
            .map_err(|e| IndexError::Other(format!("{path}: cannot serialise record: {e}")))?;
        doc.add_text(f.record, &json);
        self.writer.add_document(doc)?;
        self.graph.add(&record);
        self.added += 1;
        Ok(())
    }

    /// Drop the entry of a path (for `--prune`); a path put in this batch stays.
    pub fn remove(&mut self, path: &str) {
        if self.touched.insert(path.to_owned()) {
            self.writer
                .delete_term(Term::from_field_text(self.fields.path, path));
        }
    }

    /// Build the graph of every record, store it content-addressed, and commit the documents
    /// and the graph's name in one tantivy commit. A kill before the commit leaves the previous
    /// state; a kill after it leaves the new one.
    pub fn commit(mut self) -> Result<CommitSummary, IndexError> {
        let reader = self.index.reader()?;
        let searcher = reader.searcher();
        // The committed records that survive this batch, streamed into the graph that already
        // holds the batch's own.
        let graph = &mut self.graph;
        for_each_doc(&searcher, self.fields, |path, rec| {
            if !self.touched.contains(path) {
                graph.add(&rec);
            }
            Ok(())
        })?;
        let bytes = self.graph.build(true).to_bytes();
        let name = format!("graph-{}.bin", blake3::hash(&bytes).to_hex());
        write_atomically(&self.dir, &name, &bytes)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&name);
        prepared.commit()?;
        collect_old_graphs(&self.dir, &name);
        reader.reload()?;
        let documents = reader.searcher().num_docs();
        // Finish background merges so the directory is compact when the process exits.
        self.writer.wait_merging_threads()?;
        Ok(CommitSummary {
            documents,
            graph_file: name,
        })
    }
}

/// Path -> content hash of every committed document, from the fast fields (no doc store read).
fn committed_hashes(
    index: &tantivy::Index,
    f: Fields,
) -> Result<HashMap<String, String>, IndexError> {
    let _ = f;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut out = HashMap::new();
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
                out.insert(p.clone(), h.clone());
            }
        }
    }
    Ok(out)
}

/// Write temp, fsync, rename, fsync the directory: the file is whole or absent.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), IndexError> {
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

/// Remove graph files (and temp files) other than the committed one. Best effort.
fn collect_old_graphs(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_graph = name.starts_with("graph-") && name.ends_with(".bin");
        let is_tmp = name.starts_with(".graph-") && name.ends_with(".tmp");
        if (is_graph && name != keep) || is_tmp {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
