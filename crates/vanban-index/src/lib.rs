//! Tantivy index of extracted documents (issue 5).
//!
//! PLACEHOLDER SKELETON: the signatures below are the contract used by the `metrics`
//! and graph commands; the body is being implemented.

use std::path::{Path, PathBuf};
use vanban_extract::FileRecord;
use vanban_graph::Graph;

/// Errors from opening, writing or querying the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Anything not yet classified.
    #[error("{0}")]
    Other(String),
}

/// The index directory used when no `--index` is given: `$VANBAN_INDEX`, else a per-user
/// data directory.
pub fn default_index_dir() -> PathBuf {
    std::env::var_os("VANBAN_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(".vanban-index"))
}

/// An opened index.
pub struct Index {}

impl Index {
    /// Open an existing index (read-only use).
    pub fn open(dir: &Path) -> Result<Index, IndexError> {
        Err(IndexError::Other(format!(
            "{}: index not implemented yet",
            dir.display()
        )))
    }

    /// Every stored extraction record, one per ingested file.
    pub fn records(&self) -> Result<Vec<FileRecord>, IndexError> {
        Ok(Vec::new())
    }

    /// The citation graph committed with the index.
    pub fn graph(&self) -> Result<Graph, IndexError> {
        Ok(Graph::default())
    }
}
