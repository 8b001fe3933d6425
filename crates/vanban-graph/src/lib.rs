//! Typed citation graph between documents (issue 6).
//!
//! PLACEHOLDER SKELETON: the signatures below are the contract with `vanban-index`
//! (which persists the graph atomically with its commits); the body is being implemented.

use vanban_extract::FileRecord;

/// The citation graph of an index.
#[derive(Clone, Debug, Default)]
pub struct Graph {}

/// Why a stored graph could not be loaded.
#[derive(Debug)]
pub struct GraphError(pub String);

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "graph: {}", self.0)
    }
}

impl std::error::Error for GraphError {}

impl Graph {
    /// Build the graph from every extracted record of an index.
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a FileRecord>) -> Graph {
        let _ = records.into_iter().count();
        Graph {}
    }

    /// Serialise for storage next to the index.
    pub fn to_bytes(&self) -> Vec<u8> {
        Vec::new()
    }

    /// Load what [`Graph::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Graph, GraphError> {
        let _ = bytes;
        Ok(Graph {})
    }
}
