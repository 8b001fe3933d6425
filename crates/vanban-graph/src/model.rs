//! The graph's data: nodes, edges, merges, and the [`Graph`] that holds them with the
//! per-document source they were derived from.

use crate::builder::Source;
use crate::key::{fold_key, normalize_key};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
pub use vanban_model::Rel;

/// Index of a node in [`Graph::nodes`].
pub type NodeId = u32;

/// "No such index" in the internal tables (the document itself as the citing side).
pub(crate) const NONE: u32 = u32::MAX;

/// A document in the graph.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Node {
    /// Canonical key (after alias merging), if the document has a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Ingested files that are this document (a text and a PDF of one report share a node).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Document type (`Kế hoạch`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Issue date, ISO, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Subject line of an ingested document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Other spellings merged into this node.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Province or city of a local issuer: a local key is one node per locality
    /// (`docs/spec/identity.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// When an ingested document takes effect, ISO (`docs/spec/validity.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    /// `KEY@Locality`, the key, or the first path: how the node is shown.
    #[serde(skip)]
    pub(crate) name: String,
}

impl Node {
    /// `KEY@Locality` for a local issuer's document, else the key, else the first path.
    pub fn label(&self) -> &str {
        if !self.name.is_empty() {
            return &self.name;
        }
        self.key
            .as_deref()
            .or(self.paths.first().map(String::as_str))
            .unwrap_or("?")
    }
}

/// A typed edge with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "EdgeRow", from = "EdgeRow")]
pub struct Edge {
    /// Citing node.
    pub from: NodeId,
    /// Cited node.
    pub to: NodeId,
    /// Relation.
    pub rel: Rel,
    /// Index of the ingested file stating it (see [`Graph::file_path`]).
    pub file: u32,
    pub(crate) evidence: u32,
    pub(crate) from_written: u32,
    pub(crate) to_written: u32,
    /// Byte offsets of the evidence in the file (or the PDF page's text).
    pub start: u64,
    /// End byte offset, exclusive.
    pub end: u64,
    /// 1-based line.
    pub line: u32,
    /// 1-based page for PDFs, 0 for text files.
    pub page: u32,
    /// The provisions touched, joined (see [`Graph::provisions`]); [`NONE`] for the whole.
    pub(crate) provisions: u32,
    /// When the edge takes effect (see [`Graph::edge_effective`]); [`NONE`] when not stated.
    pub(crate) effective: u32,
}

/// [`Edge`] as serialised: an array, not a map, to keep it small.
#[derive(Serialize, Deserialize)]
struct EdgeRow(
    u32,
    u32,
    u8,
    u32,
    u32,
    u32,
    u32,
    u64,
    u64,
    u32,
    u32,
    #[serde(default = "none")] u32,
    #[serde(default = "none")] u32,
);

fn none() -> u32 {
    NONE
}

impl From<Edge> for EdgeRow {
    fn from(e: Edge) -> EdgeRow {
        EdgeRow(
            e.from,
            e.to,
            e.rel.code(),
            e.file,
            e.evidence,
            e.from_written,
            e.to_written,
            e.start,
            e.end,
            e.line,
            e.page,
            e.provisions,
            e.effective,
        )
    }
}

impl From<EdgeRow> for Edge {
    fn from(r: EdgeRow) -> Edge {
        Edge {
            from: r.0,
            to: r.1,
            rel: Rel::from_code(r.2),
            file: r.3,
            evidence: r.4,
            from_written: r.5,
            to_written: r.6,
            start: r.7,
            end: r.8,
            line: r.9,
            page: r.10,
            provisions: r.11,
            effective: r.12,
        }
    }
}

/// One alias merge: `alias` was folded into `canonical`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The spelling kept (the majority one).
    pub canonical: String,
    /// The spelling merged into it.
    pub alias: String,
    /// The locality the merge was made in (merges never cross two), None for national keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// Why: shared number, type, date and the issuer edit distance.
    pub reason: String,
    /// Mentions of each spelling: (canonical, alias).
    pub mentions: (u32, u32),
    /// Files mentioning the alias spelling.
    pub files: Vec<String>,
}

/// Why a stored graph could not be loaded.
#[derive(Debug)]
pub struct GraphError(pub String);

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "graph: {}", self.0)
    }
}

impl std::error::Error for GraphError {}

/// Which way [`Graph::trace`] follows edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Towards what the document builds on (outgoing edges): a Sở plan -> the provincial
    /// plan -> the Party resolution.
    #[default]
    Up,
    /// Towards what builds on the document (incoming edges).
    Down,
}

/// One edge as shown to users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Relation.
    pub rel: Rel,
    /// Citing node label (key or path).
    pub from: String,
    /// Cited node label.
    pub to: String,
    /// The ingested file whose text states the edge.
    pub file: String,
    /// The citing sentence (or the reference as written, for plain `cites`).
    pub sentence: String,
    /// 1-based line in the file.
    pub line: u32,
    /// 1-based page for PDFs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// A node of a [`Graph::trace`] tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceNode {
    /// Node label (key or path).
    pub node: String,
    /// Relation from the parent (Up: parent rel node; Down: node rel parent); None at the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<Rel>,
    /// Evidence of that edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// File stating that edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Already expanded elsewhere in the tree (or a cycle): children not repeated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub seen: bool,
    /// Next level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TraceNode>,
}

/// A set of nodes and the edges between them (see [`Graph::subgraph`]).
#[derive(Clone, Debug, Default)]
pub struct Subgraph {
    /// Nodes, in discovery order.
    pub nodes: Vec<NodeId>,
    /// Edge indices.
    pub edges: Vec<u32>,
}

/// The citation graph of an index.
///
/// It keeps the per-document [`Source`] it was derived from (in path order, strings
/// interned once), so merging can be undone exactly and the graph can be stored and derived
/// again: nodes, edges and merges are a pure function of that source.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub(crate) merging: bool,
    pub(crate) texts: Vec<Arc<str>>,
    pub(crate) src: Source,
    pub(crate) nodes: Vec<Node>,
    pub(crate) edges: Vec<Edge>,
    pub(crate) merges: Vec<Merge>,
    /// Node of each ingested file, in [`Source`] order.
    pub(crate) doc_node: Vec<NodeId>,
    pub(crate) out_adj: Vec<Vec<u32>>,
    pub(crate) in_adj: Vec<Vec<u32>>,
    pub(crate) by_key: HashMap<String, Vec<NodeId>>,
    pub(crate) by_fold: HashMap<String, Vec<NodeId>>,
    /// Laws by folded name and year ([`law_key`]): "Luật Đất đai 2013" finds its node.
    pub(crate) by_law: HashMap<String, Vec<NodeId>>,
    pub(crate) by_path: HashMap<String, NodeId>,
}

/// Equal graphs have the same source, merging and derived nodes, edges and merges (the
/// lookup tables follow from those).
impl PartialEq for Graph {
    fn eq(&self, o: &Graph) -> bool {
        self.merging == o.merging
            && self.texts == o.texts
            && self.src == o.src
            && self.nodes == o.nodes
            && self.edges == o.edges
            && self.merges == o.merges
            && self.doc_node == o.doc_node
    }
}

impl Graph {
    /// Rebuild adjacency lists and the key and path tables from nodes and edges.
    pub(crate) fn index(&mut self) {
        let n = self.nodes.len();
        self.out_adj = vec![Vec::new(); n];
        self.in_adj = vec![Vec::new(); n];
        for (i, e) in self.edges.iter().enumerate() {
            self.out_adj[e.from as usize].push(i as u32);
            self.in_adj[e.to as usize].push(i as u32);
        }
        self.by_key.clear();
        self.by_fold.clear();
        self.by_law.clear();
        self.by_path.clear();
        for (i, node) in self.nodes.iter().enumerate() {
            let id = i as NodeId;
            for k in node.key.iter().chain(node.aliases.iter()) {
                let ids = self.by_key.entry(k.clone()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
                let ids = self.by_fold.entry(k.replace('Đ', "D")).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
                if let Some(l) = law_query(k) {
                    let ids = self.by_law.entry(l).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            for p in &node.paths {
                self.by_path.insert(p.clone(), id);
            }
        }
    }

    /// Whether aliases are merged.
    pub fn merging(&self) -> bool {
        self.merging
    }

    /// Alias merges made (empty when merging is off).
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// All nodes.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// All edges.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// One node.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Number of ingested files in the graph.
    pub fn file_count(&self) -> usize {
        self.src.docs.len()
    }

    /// The path of the ingested file an edge comes from.
    pub fn file_path(&self, file: u32) -> &str {
        self.src
            .docs
            .get(file as usize)
            .and_then(|d| self.texts.get(d.path as usize))
            .map_or("", |s| s)
    }

    /// The evidence sentence of an edge.
    pub fn evidence(&self, e: &Edge) -> &str {
        self.texts.get(e.evidence as usize).map_or("", |s| s)
    }

    /// Label of a node (key, else path).
    pub fn label(&self, id: NodeId) -> &str {
        self.node(id).map_or("?", Node::label)
    }

    /// The provisions an edge touches, as written; empty for the whole document.
    pub fn provisions(&self, e: &Edge) -> Vec<String> {
        match self.texts.get(e.provisions as usize) {
            Some(p) if e.provisions != NONE => p
                .split(crate::builder::PROVISION_SEP)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// When an edge takes effect, ISO, if the text states it.
    pub fn edge_effective(&self, e: &Edge) -> Option<&str> {
        (e.effective != NONE)
            .then(|| self.texts.get(e.effective as usize).map(|s| &**s))
            .flatten()
    }

    /// Find a node by key (tolerant, see [`Graph::lookup_all`]) or path: the first of
    /// several localities.
    pub fn lookup(&self, key_or_path: &str) -> Option<NodeId> {
        self.lookup_all(key_or_path).first().copied()
    }

    /// Every node a key names (one per locality), or the node of an ingested file's path
    /// (exact, else a unique path ending with it). `KEY@Locality` keeps the nodes of that
    /// locality (accents and case ignored); keys are tolerant (the spec's normalisation,
    /// aliases, `Đ`/`D`).
    pub fn lookup_all(&self, key_or_path: &str) -> Vec<NodeId> {
        let q = key_or_path.trim();
        if let Some(&n) = self.by_path.get(q) {
            return vec![n];
        }
        let (kq, want) = match q.rsplit_once('@') {
            Some((k, l)) if !l.trim().is_empty() => (k.trim(), Some(fold_locality(l))),
            _ => (q, None),
        };
        // "Luật số 45/2013/QH13": the number after the law's kind word.
        let kq = strip_law_kind(kq);
        let k = normalize_key(kq);
        let mut ids: Vec<NodeId> = match self.by_key.get(&k) {
            Some(ns) => ns.clone(),
            None => match self.by_fold.get(&fold_key(kq)) {
                Some(ns) => ns.clone(),
                None => law_query(kq)
                    .and_then(|l| self.by_law.get(&l))
                    .cloned()
                    .unwrap_or_default(),
            },
        };
        if let Some(w) = &want {
            ids.retain(|&n| {
                self.nodes[n as usize]
                    .locality
                    .as_deref()
                    .is_some_and(|l| fold_locality(l) == *w)
            });
        }
        if !ids.is_empty() {
            return ids;
        }
        if want.is_some() {
            return ids;
        }
        let mut hits = self
            .by_path
            .iter()
            .filter(|(p, _)| p.ends_with(q) && p[..p.len() - q.len()].ends_with(['/', '\\']));
        match (hits.next(), hits.next()) {
            (Some((_, &n)), None) => vec![n],
            _ => Vec::new(),
        }
    }
}

/// Kind words a law's name starts with.
const LAW_KINDS: [&str; 4] = ["bo luat", "luat", "phap lenh", "hien phap"];

/// A law's name and year folded: no accents, lower case, no commas, single spaces
/// (`luat can bo cong chuc 2008`); the node identity of a law cited by name.
pub(crate) fn law_key(name: &str, year: Option<i32>) -> String {
    let mut k = fold_locality(&name.replace(',', " "));
    if let Some(y) = year {
        k = format!("{k} {y}");
    }
    k
}

/// A query or label that names a law ("Luật Đất đai 2013", "luật đất đai năm 2013") as
/// its [`law_key`]; None when it does not start with a law's kind word.
pub(crate) fn law_query(q: &str) -> Option<String> {
    let f = fold_locality(&q.replace(',', " "));
    if !LAW_KINDS
        .iter()
        .any(|k| f.strip_prefix(k).is_some_and(|r| r.starts_with(' ')))
    {
        return None;
    }
    let mut words: Vec<&str> = f.split(' ').collect();
    // "năm 2013" -> "2013".
    let n = words.len();
    if n >= 2 && words[n - 2] == "nam" && words[n - 1].len() == 4 {
        words.remove(n - 2);
    }
    Some(words.join(" "))
}

/// "Luật số 45/2013/QH13" -> "45/2013/QH13"; anything else as it is.
fn strip_law_kind(q: &str) -> &str {
    let f = fold_locality(q);
    for k in LAW_KINDS {
        if let Some(rest) = f.strip_prefix(k) {
            let rest = rest.trim_start();
            if let Some(num) = rest.strip_prefix("so ") {
                let num = num.trim_start();
                if num.starts_with(|c: char| c.is_ascii_digit()) {
                    // The number keeps its own letters: take the original's tail.
                    if let Some(at) = q.find(|c: char| c.is_ascii_digit()) {
                        return q[at..].trim();
                    }
                }
            }
        }
    }
    q
}

/// A locality name folded for comparison: no accents, lower case, single spaces.
pub(crate) fn fold_locality(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
