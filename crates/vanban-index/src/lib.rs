//! Tantivy index of extracted documents (issue 5): ingest, number and full-text search, and the
//! citation graph committed atomically with each index commit.
//!
//! One tantivy document per ingested file. Its number, the keys it cites, kind, issuer and date
//! are indexed for filtering and number lookup; the repaired text is indexed twice (folded for
//! accent-insensitive search, lower-cased only for `--exact-accents`); the repaired text and the
//! whole [`FileRecord`] JSON are stored so `show` and `records()` need nothing else.

mod graphstore;
mod keys;
mod query;
mod search;
mod status_table;
mod tokenize;
mod write;

pub use keys::{parse_query, tokens, LooseKey, NumberQuery};
pub use query::{has_diacritics, parse as parse_number_query, Lexicon, ParsedQuery};
pub use search::{date_flag, FileRef, Hit, MatchKind, Results, SearchOptions, Suggestions};
pub use status_table::{status_table, statuses_of, today, with_status};
pub use write::{CommitSummary, Known, Writer, WriterOptions};

use std::path::{Path, PathBuf};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, TantivyDocument, Term};
use vanban_graph::Graph;
use vanban_model::FileRecord;

/// Errors from opening, writing or querying the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index has been committed in this directory yet.
    #[error("{0}: no index here (run `vanban ingest` first)")]
    Missing(String),
    /// Tantivy failed.
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file of the index could not be read or written.
    #[error("index: {0}")]
    Io(#[from] std::io::Error),
    /// The committed graph could not be loaded.
    #[error("index: {0}")]
    Graph(String),
    /// A query or flag value that cannot be used; the message says what is allowed.
    #[error("{0}")]
    Invalid(String),
    /// Anything not yet classified.
    #[error("{0}")]
    Other(String),
}

/// Name of the accent-insensitive analyzer (the chain Quickwit can declare too).
pub const FOLDED_ANALYZER: &str = "vanban_folded";
/// Name of the accent-sensitive analyzer: the same chain without ASCII folding.
pub const EXACT_ANALYZER: &str = "vanban_exact";
/// Tokens longer than this are dropped (base64 blobs, runs of dots), as Quickwit's default.
const MAX_TOKEN_LEN: usize = 40;

/// The index directory used when no `--index` is given: `$VANBAN_INDEX`, else
/// `$XDG_DATA_HOME/vanban/index`, else `~/.local/share/vanban/index`, else `.vanban-index`.
///
/// Transitional: the CLI's `config_index` resolves the directory for every command it owns;
/// this copy stays only until `vanban metrics` takes the shared `IndexArgs`, then goes (a
/// library should not read the environment).
pub fn default_index_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("VANBAN_INDEX").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            return p.join("vanban").join("index");
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(home).join(".local/share/vanban/index");
    }
    PathBuf::from(".vanban-index")
}

/// The content hash `ingest` compares to skip unchanged files (blake3, hex).
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Field handles of the schema.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// Absolute path, the identity of an entry (raw, for delete_term).
    pub path: Field,
    /// blake3 of the file's bytes.
    pub hash: Field,
    /// The whole FileRecord as JSON (stored only).
    pub record: Field,
    /// Repaired text, folded analyzer, stored.
    pub text: Field,
    /// Repaired text, exact analyzer, not stored.
    pub text_exact: Field,
    /// Loose keys of every cited number.
    pub refkey: Field,
    /// Bare numbers of every cited number.
    pub refnum: Field,
    /// Loose keys of the document's own number.
    pub ownkey: Field,
    /// Bare own number.
    pub ownnum: Field,
    /// Folded kind name and type code.
    pub kind: Field,
    /// Issuer symbol part and issuing body, folded text.
    pub issuer: Field,
    /// Year of the document's date.
    pub year: Field,
    /// Date as YYYYMMDD (00 for unknown month/day), 0 when unknown.
    pub date: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_opts = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let f = Fields {
        path: b.add_text_field("path", STRING | STORED | FAST),
        hash: b.add_text_field("hash", STRING | STORED | FAST),
        record: b.add_text_field("record", STORED),
        text: b.add_text_field("text", text_opts(FOLDED_ANALYZER).set_stored()),
        text_exact: b.add_text_field("text_exact", text_opts(EXACT_ANALYZER)),
        refkey: b.add_text_field("refkey", STRING),
        refnum: b.add_text_field("refnum", STRING),
        ownkey: b.add_text_field("ownkey", STRING),
        ownnum: b.add_text_field("ownnum", STRING),
        kind: b.add_text_field("kind", STRING | FAST),
        issuer: b.add_text_field("issuer", text_opts(FOLDED_ANALYZER)),
        year: b.add_u64_field("year", INDEXED | FAST),
        date: b.add_u64_field("date", INDEXED | FAST),
    };
    (b.build(), f)
}

/// The two analyzers; tokenizers are not persisted by tantivy, so every open registers them.
/// Each is the chain `SimpleTokenizer -> RemoveLongFilter -> LowerCaser [-> AsciiFolding]`,
/// done in one pass ([`tokenize`]).
pub(crate) fn register_analyzers(index: &tantivy::Index) {
    let folded = TextAnalyzer::from(tokenize::VietTokenizer::new(true, MAX_TOKEN_LEN));
    let exact = TextAnalyzer::from(tokenize::VietTokenizer::new(false, MAX_TOKEN_LEN));
    index.tokenizers().register(FOLDED_ANALYZER, folded);
    index.tokenizers().register(EXACT_ANALYZER, exact);
}

/// `2021-12-07` -> 20211207, `2021-12` -> 20211200, `2021` -> 20210000; `None` if malformed.
pub fn date_number(iso: &str) -> Option<u64> {
    let mut parts = iso.trim().split('-');
    let y: u64 = parts.next()?.parse().ok()?;
    let m: u64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let d: u64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    if !(1000..=9999).contains(&y) || m > 12 || d > 31 || parts.next().is_some() {
        return None;
    }
    Some(y * 10_000 + m * 100 + d)
}

/// One stored entry, as `show` prints it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoredDoc {
    /// The extraction record (its `source` is the absolute path).
    pub record: FileRecord,
    /// The repaired text.
    pub text: String,
    /// blake3 of the file's bytes when ingested.
    pub hash: String,
}

/// The records of one index segment (see [`Index::segment_records`]).
pub struct SegmentRecords {
    /// The segment's id (tantivy's, stable while the segment lives).
    pub id: String,
    /// Alive in this commit, by document id.
    pub alive: Vec<bool>,
    /// Every stored record by document id, `None` when the caller said it has them.
    pub records: Option<Vec<FileRecord>>,
}

/// An opened index.
pub struct Index {
    dir: PathBuf,
    index: tantivy::Index,
    reader: tantivy::IndexReader,
    fields: Fields,
    payload: Option<String>,
}

impl Index {
    /// Open an existing index (read-only use).
    pub fn open(dir: &Path) -> Result<Index, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.display().to_string()));
        }
        let index = tantivy::Index::open_in_dir(dir)?;
        register_analyzers(&index);
        let (_, fields) = schema();
        // The payload names the graph file of the commit the reader sees: read both now.
        let payload = index.load_metas()?.payload;
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        Ok(Index {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            payload,
        })
    }

    /// The directory this index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of ingested files.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing has been ingested.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every stored extraction record, one per ingested file.
    pub fn records(&self) -> Result<Vec<FileRecord>, IndexError> {
        let mut out = Vec::new();
        for_each_doc(&self.reader.searcher(), self.fields, |_, rec| {
            out.push(rec);
            Ok(())
        })?;
        Ok(out)
    }

    /// Each segment of the commit the reader sees: its id, which of its documents are
    /// alive, and its stored records by document id (deleted ones too, so that a caller
    /// can keep them while the segment lives), read only when `have(id)` is false. A
    /// server reloading after a commit reads only the segments the commit wrote.
    pub fn segment_records(
        &self,
        have: impl Fn(&str) -> bool,
    ) -> Result<Vec<SegmentRecords>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for seg in searcher.segment_readers() {
            let id = seg.segment_id().uuid_string();
            let alive = (0..seg.max_doc())
                .map(|d| seg.alive_bitset().is_none_or(|b| b.is_alive(d)))
                .collect();
            let records = if have(&id) {
                None
            } else {
                let store = seg.get_store_reader(4)?;
                let mut recs = Vec::with_capacity(seg.max_doc() as usize);
                for doc in store.iter::<TantivyDocument>(None) {
                    recs.push(record_of(&doc?, self.fields)?.1);
                }
                Some(recs)
            };
            out.push(SegmentRecords { id, alive, records });
        }
        Ok(out)
    }

    /// The citation graph committed with the index (derived from its stored segments).
    pub fn graph(&self) -> Result<Graph, IndexError> {
        match graphstore::stored(self.payload.as_deref()) {
            graphstore::Stored::None => Ok(Graph::default()),
            graphstore::Stored::Legacy(name) => Err(IndexError::Graph(format!(
                "{name}: the graph was stored by an older vanban; run `vanban ingest` on the \
                 same files to rebuild it"
            ))),
            graphstore::Stored::Manifest(name) => {
                let m = graphstore::read_manifest(&self.dir, &name)?;
                graphstore::load(&self.dir, &m)
            }
        }
    }

    /// The entries for a path (absolute or as given) or a document number in any spelling.
    pub fn show(&self, key_or_path: &str) -> Result<Vec<StoredDoc>, IndexError> {
        let searcher = self.reader.searcher();
        let f = self.fields;
        let mut terms = vec![Term::from_field_text(f.path, key_or_path)];
        if let Ok(abs) = std::fs::canonicalize(key_or_path) {
            terms.push(Term::from_field_text(f.path, &abs.display().to_string()));
        }
        if let Some(k) = LooseKey::parse(key_or_path).filter(|k| !k.letters.is_empty()) {
            terms.push(Term::from_field_text(f.ownkey, &k.term()));
        }
        let mut out: Vec<StoredDoc> = Vec::new();
        for t in terms {
            let q = tantivy::query::TermQuery::new(t, IndexRecordOption::Basic);
            let addrs = searcher.search(&q, &tantivy::collector::DocSetCollector)?;
            let mut addrs: Vec<_> = addrs.into_iter().collect();
            addrs.sort();
            for a in addrs {
                let d = self.stored(&searcher, a)?;
                if !out.iter().any(|o| o.record.source == d.record.source) {
                    out.push(d);
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        Ok(out)
    }

    pub(crate) fn stored(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<StoredDoc, IndexError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        stored_doc(&doc, self.fields)
    }
}

fn get_str(doc: &TantivyDocument, field: Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

pub(crate) fn stored_doc(doc: &TantivyDocument, f: Fields) -> Result<StoredDoc, IndexError> {
    let json = get_str(doc, f.record).unwrap_or("{}");
    let record: FileRecord = serde_json::from_str(json)
        .map_err(|e| IndexError::Other(format!("stored record is not valid: {e}")))?;
    Ok(StoredDoc {
        record,
        text: get_str(doc, f.text).unwrap_or_default().to_owned(),
        hash: get_str(doc, f.hash).unwrap_or_default().to_owned(),
    })
}

/// Stream every live stored record of a searcher, block by block (never all in memory).
pub(crate) fn for_each_doc(
    searcher: &tantivy::Searcher,
    f: Fields,
    mut each: impl FnMut(&str, FileRecord) -> Result<(), IndexError>,
) -> Result<(), IndexError> {
    for seg in searcher.segment_readers() {
        let store = seg.get_store_reader(4)?;
        for doc in store.iter::<TantivyDocument>(seg.alive_bitset()) {
            let doc = doc?;
            let (path, record) = record_of(&doc, f)?;
            each(path, record)?;
        }
    }
    Ok(())
}

/// The path and the parsed record of a stored document.
fn record_of(doc: &TantivyDocument, f: Fields) -> Result<(&str, FileRecord), IndexError> {
    let path = get_str(doc, f.path).unwrap_or_default();
    let json = get_str(doc, f.record).unwrap_or("{}");
    let record = serde_json::from_str(json)
        .map_err(|e| IndexError::Other(format!("{path}: stored record: {e}")))?;
    Ok((path, record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_number("2021-12-07"), Some(20211207));
        assert_eq!(date_number("2021-12"), Some(20211200));
        assert_eq!(date_number("2021"), Some(20210000));
        assert_eq!(date_number("21-13-01"), None);
        assert_eq!(date_number("2021-13-01"), None);
        assert_eq!(date_number("abc"), None);
    }

    #[test]
    fn folded_analyzer_drops_vietnamese_diacritics() {
        let dir = tempfile::tempdir().unwrap();
        let (schema, _) = schema();
        let index = tantivy::Index::create_in_dir(dir.path(), schema).unwrap();
        register_analyzers(&index);
        let toks = |name: &str, s: &str| {
            let mut a = index.tokenizers().get(name).unwrap();
            let mut ts = a.token_stream(s);
            let mut v = Vec::new();
            while ts.advance() {
                v.push(ts.token().text.clone());
            }
            v
        };
        assert_eq!(
            toks(FOLDED_ANALYZER, "Đẩy mạnh CHUYỂN ĐỔI số, Thuỷ lợi"),
            ["day", "manh", "chuyen", "doi", "so", "thuy", "loi"]
        );
        assert_eq!(
            toks(EXACT_ANALYZER, "Đẩy mạnh CHUYỂN ĐỔI số"),
            ["đẩy", "mạnh", "chuyển", "đổi", "số"]
        );
    }
}
