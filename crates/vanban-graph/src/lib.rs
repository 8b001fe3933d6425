//! Typed citation graph between documents (issue 6, `docs/spec/relations.md`).
//!
//! Nodes are documents: every ingested file (identified by its own key when it has one,
//! else by its path) and every document known only from references to its key. An ingested
//! document whose own key equals a reference key IS that node, so ingesting `184/KH-UBND`
//! itself links every document citing it.
//!
//! Edges are typed ([`Rel`]) and carry their evidence: the file stating them, the sentence,
//! its span (line, page). Typed edges come from `FileRecord::relations`; every reference that
//! no document-level typed edge covers becomes a `cites` edge (evidence: the reference text).
//!
//! Keys that differ only by a likely issuer typo are merged into the majority spelling
//! ([`merge`](crate::merge) has the rule). Merges are listed by [`Graph::merges`] with their
//! evidence and can be undone with [`Graph::with_merging`]`(false)`.
//!
//! The crate by concern: [`model`](crate::model) (nodes, edges, the graph), `builder`
//! (records -> per-file contributions -> nodes and edges), `merge` (alias merging), `store`
//! (CBOR images and per-commit [`Segment`]s, so an index updates the graph with the files a
//! commit changed), `query` (cites, cited-by, trace, subgraph), `status` (validity as of a
//! date, `docs/spec/validity.md`), `snapshot` (a memory-mapped status table) and `export`.

mod builder;
mod export;
mod key;
mod merge;
mod model;
mod query;
mod snapshot;
mod status;
mod store;

pub use builder::GraphBuilder;
pub use export::Format;
pub use key::{fold_key, normalize_key};
pub use model::{
    Direction, Edge, Graph, GraphError, Hit, Merge, Node, NodeId, Rel, Subgraph, TraceNode,
};
pub use snapshot::StatusSnapshot;
pub use status::{Acting, Evidence, ExpiredPart, Status, StatusInput, Validity, ACTING};
pub use store::Segment;

#[cfg(test)]
mod tests;
