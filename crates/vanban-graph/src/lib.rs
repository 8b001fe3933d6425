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
//! Keys that differ only by a likely issuer typo (same number, year, type code; issuer edit
//! distance 1 on issuers of 4+ characters or 2 on 7+, letters only; same stated date) are merged into the majority
//! spelling. Merges are listed by [`Graph::merges`] with their evidence and can be undone with
//! [`Graph::with_merging`]`(false)`.
//!
//! Storage: [`Graph::to_bytes`] writes `VBG1`, a CBOR block (nodes, interned strings, files,
//! merges) and the edges as fixed 52-byte little-endian rows; adjacency lists for both
//! directions and the key tables are rebuilt on load.

mod export;
mod key;

pub use export::Format;
pub use key::{fold_key, normalize_key};

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use vanban_model::FileRecord;
pub use vanban_model::Rel;

/// Index of a node in [`Graph::nodes`].
pub type NodeId = u32;

const NONE: u32 = u32::MAX;
const FORMAT_VERSION: u32 = 1;

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
}

impl Node {
    /// Key, else first path.
    pub fn label(&self) -> &str {
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
    evidence: u32,
    from_written: u32,
    to_written: u32,
    /// Byte offsets of the evidence in the file (or the PDF page's text).
    pub start: u64,
    /// End byte offset, exclusive.
    pub end: u64,
    /// 1-based line.
    pub line: u32,
    /// 1-based page for PDFs, 0 for text files.
    pub page: u32,
}

/// [`Edge`] as stored: an array, not a map, to keep the image small.
#[derive(Serialize, Deserialize)]
struct EdgeRow(u32, u32, u8, u32, u32, u32, u32, u64, u64, u32, u32);

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
    /// Why: shared number, type, date and the issuer edit distance.
    pub reason: String,
    /// Mentions of each spelling: (canonical, alias).
    pub mentions: (u32, u32),
    /// Files mentioning the alias spelling.
    pub files: Vec<String>,
}

/// An ingested file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Doc {
    path: String,
    own_key: Option<String>,
    kind: Option<String>,
    date: Option<String>,
    subject: Option<String>,
    node: NodeId,
}

/// Everything but the edges, stored as CBOR; the edges follow as fixed-size rows.
#[derive(Default, Serialize, Deserialize)]
struct Stored {
    version: u32,
    merging: bool,
    nodes: Vec<Node>,
    edge_count: u64,
    texts: Vec<String>,
    merges: Vec<Merge>,
    docs: Vec<Doc>,
}

const MAGIC: &[u8; 4] = b"VBG1";
const ROW: usize = 52;

fn put_edge(out: &mut Vec<u8>, e: &Edge) {
    for v in [
        e.from,
        e.to,
        u32::from(e.rel.code()),
        e.file,
        e.evidence,
        e.from_written,
        e.to_written,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&e.start.to_le_bytes());
    out.extend_from_slice(&e.end.to_le_bytes());
    out.extend_from_slice(&e.line.to_le_bytes());
    out.extend_from_slice(&e.page.to_le_bytes());
}

fn get_edge(row: &[u8]) -> Option<Edge> {
    let u = |i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(
            row.get(i * 4..i * 4 + 4)?.try_into().ok()?,
        ))
    };
    let q = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(row.get(at..at + 8)?.try_into().ok()?))
    };
    Some(Edge {
        from: u(0)?,
        to: u(1)?,
        rel: Rel::from_code(u8::try_from(u(2)?).ok()?),
        file: u(3)?,
        evidence: u(4)?,
        from_written: u(5)?,
        to_written: u(6)?,
        start: q(28)?,
        end: q(36)?,
        line: u(11)?,
        page: u(12)?,
    })
}

/// The citation graph of an index.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    merging: bool,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    texts: Vec<String>,
    merges: Vec<Merge>,
    docs: Vec<Doc>,
    out_adj: Vec<Vec<u32>>,
    in_adj: Vec<Vec<u32>>,
    by_key: HashMap<String, NodeId>,
    by_fold: HashMap<String, Vec<NodeId>>,
    by_path: HashMap<String, NodeId>,
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

/// Builds a [`Graph`] one record at a time (the index may keep one across commits).
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    docs: Vec<Doc>,
    raw: Vec<RawEdge>,
    texts: Vec<String>,
    text_ids: HashMap<String, u32>,
}

#[derive(Clone, Debug)]
struct RawEdge {
    /// None: the document itself.
    from: Option<u32>,
    to: u32,
    rel: Rel,
    doc: u32,
    evidence: u32,
    start: u64,
    end: u64,
    line: u32,
    page: u32,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.text_ids.get(s) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(s.to_string());
        self.text_ids.insert(s.to_string(), i);
        i
    }

    /// Add one extracted record (a file that failed to read still becomes a node).
    pub fn add(&mut self, rec: &FileRecord) -> &mut GraphBuilder {
        let d = self.docs.len() as u32;
        let doc = rec.document.as_ref();
        let own_key = doc
            .and_then(|x| x.key.as_deref())
            .map(normalize_key)
            .filter(|k| !k.is_empty());
        if let Some(k) = &own_key {
            self.intern(k);
        }
        self.docs.push(Doc {
            path: rec.source.clone(),
            own_key: own_key.clone(),
            kind: doc.and_then(|x| x.kind.clone()),
            date: doc.and_then(|x| x.date.clone()),
            subject: doc.and_then(|x| x.subject.clone()),
            node: NONE,
        });
        let ref_keys: Vec<String> = rec
            .references
            .iter()
            .map(|r| normalize_key(&r.key))
            .collect();
        let mut covered: HashSet<String> = HashSet::new();
        for r in &rec.relations {
            let rel = r.rel;
            let to = normalize_key(&r.to);
            if to.is_empty() {
                continue;
            }
            let from = match r.from.as_deref().map(normalize_key) {
                Some(f) if !f.is_empty() && Some(&f) != own_key.as_ref() => Some(self.intern(&f)),
                Some(f) if f.is_empty() => continue,
                _ => {
                    covered.insert(to.clone());
                    None
                }
            };
            let to_id = self.intern(&to);
            let ev = self.intern(&r.evidence);
            self.raw.push(RawEdge {
                from,
                to: to_id,
                rel,
                doc: d,
                evidence: ev,
                start: r.span.start as u64,
                end: r.span.end as u64,
                line: r.span.line,
                page: r.span.page.unwrap_or(0),
            });
        }
        for (r, to) in rec.references.iter().zip(&ref_keys) {
            if r.is_self {
                continue;
            }
            if to.is_empty() || covered.contains(to) || Some(to) == own_key.as_ref() {
                continue;
            }
            covered.insert(to.clone());
            let to = to.as_str();
            let to_id = self.intern(to);
            let ev = self.intern(&r.text);
            self.raw.push(RawEdge {
                from: None,
                to: to_id,
                rel: Rel::Cites,
                doc: d,
                evidence: ev,
                start: r.span.start as u64,
                end: r.span.end as u64,
                line: r.span.line,
                page: r.span.page.unwrap_or(0),
            });
        }
        // Dates and kinds of referenced keys, for alias evidence and node labels.
        if let (Some(k), Some(date)) = (&own_key, doc.and_then(|x| x.date.as_deref())) {
            let (k, date) = (self.intern(k), self.intern(date));
            let kind = doc.and_then(|x| x.kind.clone()).unwrap_or_default();
            self.key_facts_push(k, date, &kind);
        }
        for (r, k) in rec.references.iter().zip(&ref_keys) {
            if let Some(date) = &r.date {
                let (k, date) = (self.intern(k), self.intern(date));
                self.key_facts_push(k, date, &r.kind);
            }
        }
        self
    }

    fn key_facts_push(&mut self, key: u32, date: u32, kind: &str) {
        // Stored as pseudo-edges of relation Cites with doc = NONE: keeps one table.
        let kind = self.intern(kind);
        self.raw.push(RawEdge {
            from: Some(NONE),
            to: key,
            rel: Rel::Cites,
            doc: NONE,
            evidence: date,
            start: kind as u64,
            end: 0,
            line: 0,
            page: 0,
        });
    }

    /// Build the graph, merging issuer-typo aliases when `merge` is true.
    pub fn build(&self, merge: bool) -> Graph {
        build(self, merge)
    }
}

struct KeyFacts {
    mentions: u32,
    dates: HashSet<u32>,
    kind: Option<u32>,
    own: bool,
}

fn build(b: &GraphBuilder, merge: bool) -> Graph {
    let texts = &b.texts;
    // Facts per written key.
    let mut facts: HashMap<u32, KeyFacts> = HashMap::new();
    fn fact(facts: &mut HashMap<u32, KeyFacts>, k: u32) -> &mut KeyFacts {
        facts.entry(k).or_insert_with(|| KeyFacts {
            mentions: 0,
            dates: HashSet::new(),
            kind: None,
            own: false,
        })
    }
    for e in &b.raw {
        if e.doc == NONE {
            let f = fact(&mut facts, e.to);
            f.dates.insert(e.evidence);
            f.kind.get_or_insert(e.start as u32);
            continue;
        }
        fact(&mut facts, e.to).mentions += 1;
        if let Some(from) = e.from {
            fact(&mut facts, from).mentions += 1;
        }
    }
    let mut own_ids: HashMap<String, u32> = HashMap::new();
    for d in &b.docs {
        if let Some(k) = &d.own_key {
            if let Some(&i) = b.text_ids.get(k) {
                fact(&mut facts, i).own = true;
                own_ids.insert(k.clone(), i);
            }
        }
    }
    // Alias merging: union keys with the same skeleton and a near issuer.
    let mut canon: HashMap<u32, u32> = HashMap::new();
    let mut merges = Vec::new();
    if merge {
        let mut groups: HashMap<&str, Vec<u32>> = HashMap::new();
        let mut ids: Vec<u32> = facts.keys().copied().collect();
        ids.extend(own_ids.values().copied());
        ids.sort_unstable();
        ids.dedup();
        for &k in &ids {
            if let Some((skel, _)) = key::split_issuer(&texts[k as usize]) {
                groups.entry(skel).or_default().push(k);
            }
        }
        let mut issuer_freq: HashMap<&str, u32> = HashMap::new();
        for &k in &ids {
            if let Some((_, iss)) = key::split_issuer(&texts[k as usize]) {
                *issuer_freq.entry(iss).or_default() += 1;
            }
        }
        let mut group_list: Vec<(&str, Vec<u32>)> = groups.into_iter().collect();
        group_list.sort();
        for (_, keys) in group_list {
            if keys.len() < 2 {
                continue;
            }
            let mut parent: Vec<usize> = (0..keys.len()).collect();
            fn find(p: &mut [usize], mut i: usize) -> usize {
                while p[i] != i {
                    p[i] = p[p[i]];
                    i = p[i];
                }
                i
            }
            let mut why: HashMap<(usize, usize), String> = HashMap::new();
            for i in 0..keys.len() {
                for j in i + 1..keys.len() {
                    if let Some(r) = alias_reason(texts, &facts, keys[i], keys[j]) {
                        let (a, c) = (find(&mut parent, i), find(&mut parent, j));
                        if a != c {
                            parent[c] = a;
                            why.insert((i, j), r);
                        }
                    }
                }
            }
            let mut sets: HashMap<usize, Vec<usize>> = HashMap::new();
            for i in 0..keys.len() {
                let r = find(&mut parent, i);
                sets.entry(r).or_default().push(i);
            }
            let mut set_list: Vec<Vec<usize>> = sets.into_values().collect();
            set_list.sort();
            for set in set_list {
                if set.len() < 2 {
                    continue;
                }
                let score = |k: u32| {
                    let f = facts.get(&k);
                    let iss = key::split_issuer(&texts[k as usize]).map_or("", |s| s.1);
                    // Majority first; at a tie the spelling without a letter typed twice
                    // (SKHHCN), with `Đ` rather than a plain `D`, the shorter, then the
                    // issuer used by more keys.
                    let doubled = iss.chars().zip(iss.chars().skip(1)).any(|(a, b)| a == b);
                    (
                        f.map_or(0, |f| f.mentions),
                        f.is_some_and(|f| f.own),
                        !doubled,
                        iss.contains('Đ'),
                        std::cmp::Reverse(iss.chars().count()),
                        issuer_freq.get(iss).copied().unwrap_or(0),
                        std::cmp::Reverse(texts[k as usize].clone()),
                    )
                };
                let best = set
                    .iter()
                    .map(|&i| keys[i])
                    .max_by_key(|&k| score(k))
                    .unwrap_or(keys[set[0]]);
                for &i in &set {
                    let k = keys[i];
                    if k == best {
                        continue;
                    }
                    canon.insert(k, best);
                    let reason = set
                        .iter()
                        .flat_map(|&a| set.iter().map(move |&c| (a, c)))
                        .find_map(|p| why.get(&p).filter(|_| p.0 == i || p.1 == i))
                        .cloned()
                        .or_else(|| alias_reason(texts, &facts, best, k))
                        .unwrap_or_else(|| "same number, type and date; near issuer".into());
                    let files = Vec::new();
                    merges.push(Merge {
                        canonical: texts[best as usize].clone(),
                        alias: texts[k as usize].clone(),
                        reason,
                        mentions: (
                            facts.get(&best).map_or(0, |f| f.mentions),
                            facts.get(&k).map_or(0, |f| f.mentions),
                        ),
                        files,
                    });
                }
            }
        }
    }
    let resolve = |k: u32| canon.get(&k).copied().unwrap_or(k);
    // Files writing each alias spelling, for the merge report.
    if !canon.is_empty() {
        let mut files: HashMap<u32, std::collections::BTreeSet<&str>> = HashMap::new();
        for e in b.raw.iter().filter(|e| e.doc != NONE) {
            for k in e.from.into_iter().chain([e.to]) {
                if canon.contains_key(&k) {
                    if let Some(d) = b.docs.get(e.doc as usize) {
                        files.entry(k).or_default().insert(d.path.as_str());
                    }
                }
            }
        }
        for m in &mut merges {
            if let Some(fs) = b.text_ids.get(&m.alias).and_then(|k| files.get(k)) {
                m.files = fs.iter().map(|s| s.to_string()).collect();
            }
        }
    }

    // Nodes.
    let mut nodes: Vec<Node> = Vec::new();
    let mut key_node: HashMap<u32, NodeId> = HashMap::new();
    let mut docs = b.docs.clone();
    for d in docs.iter_mut() {
        let key_id = d
            .own_key
            .as_ref()
            .and_then(|k| b.text_ids.get(k))
            .map(|&i| resolve(i));
        let id = match key_id.and_then(|k| key_node.get(&k)) {
            Some(&n) => n,
            None => {
                let n = nodes.len() as NodeId;
                nodes.push(Node {
                    key: key_id.map(|k| texts[k as usize].clone()),
                    ..Node::default()
                });
                if let Some(k) = key_id {
                    key_node.insert(k, n);
                }
                n
            }
        };
        d.node = id;
        let node = &mut nodes[id as usize];
        node.paths.push(d.path.clone());
        node.kind = node.kind.clone().or(d.kind.clone());
        node.date = node.date.clone().or(d.date.clone());
        node.subject = node.subject.clone().or(d.subject.clone());
    }
    let mut node_for_key = |k: u32, nodes: &mut Vec<Node>| -> NodeId {
        let k = resolve(k);
        *key_node.entry(k).or_insert_with(|| {
            nodes.push(Node {
                key: Some(texts[k as usize].clone()),
                ..Node::default()
            });
            (nodes.len() - 1) as NodeId
        })
    };
    // Edges.
    let mut edges = Vec::with_capacity(b.raw.len());
    for e in &b.raw {
        if e.doc == NONE {
            continue;
        }
        let Some(doc) = docs.get(e.doc as usize) else {
            continue;
        };
        let from = match e.from {
            Some(k) => node_for_key(k, &mut nodes),
            None => doc.node,
        };
        let to = node_for_key(e.to, &mut nodes);
        if from == to {
            continue;
        }
        edges.push(Edge {
            from,
            to,
            rel: e.rel,
            file: e.doc,
            evidence: e.evidence,
            from_written: e.from.unwrap_or(NONE),
            to_written: e.to,
            start: e.start,
            end: e.end,
            line: e.line,
            page: e.page,
        });
    }
    // Aliases, kinds and dates of key-only nodes.
    for (&alias, &c) in &canon {
        if let Some(&n) = key_node.get(&c) {
            nodes[n as usize]
                .aliases
                .push(texts[alias as usize].clone());
        }
    }
    for (&k, f) in &facts {
        if let Some(&n) = key_node.get(&resolve(k)) {
            let node = &mut nodes[n as usize];
            if node.kind.is_none() {
                node.kind = f
                    .kind
                    .map(|i| texts[i as usize].clone())
                    .filter(|s| !s.is_empty());
            }
            if node.date.is_none() && f.dates.len() == 1 {
                node.date = f.dates.iter().next().map(|&i| texts[i as usize].clone());
            }
        }
    }
    for n in &mut nodes {
        n.aliases.sort();
    }
    let mut g = Graph {
        merging: merge,
        nodes,
        edges,
        texts: b.texts.clone(),
        merges,
        docs,
        ..Graph::default()
    };
    g.index();
    g
}

/// Why keys `a` and `b` (same skeleton) look like one document, or None.
fn alias_reason(
    texts: &[String],
    facts: &HashMap<u32, KeyFacts>,
    a: u32,
    b: u32,
) -> Option<String> {
    // Without a shared stated date the keys may well be two documents (checked first: cheap).
    let shared = match (facts.get(&a), facts.get(&b)) {
        (Some(x), Some(y)) => x.dates.intersection(&y.dates).next().copied(),
        _ => None,
    }?;
    let (ka, kb) = (&texts[a as usize], &texts[b as usize]);
    let (skel, ia) = key::split_issuer(ka)?;
    let (_, ib) = key::split_issuer(kb)?;
    let (la, lb) = (ia.chars().count(), ib.chars().count());
    if la.min(lb) < 4 {
        return None;
    }
    let d = key::edit_distance(ia, ib);
    // Short issuers are distinct bodies one or two letters apart (SGDĐT / SGTVT, TW / TU):
    // one edit needs 4+ characters, two edits 7+.
    if d == 0 || d > 2 || la.min(lb) < 3 * d + 1 {
        return None;
    }
    // Digits in an issuer name distinct bodies (BCĐ389 / BCĐ399): never a typo to merge.
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if digits(ia) != digits(ib) {
        return None;
    }
    let date = &texts[shared as usize];
    Some(format!(
        "same number and type `{skel}`, date {date}; issuer {ia} ~ {ib} (edit distance {d})"
    ))
}

impl Graph {
    /// Build the graph from every extracted record of an index (aliases merged).
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a FileRecord>) -> Graph {
        let mut b = GraphBuilder::new();
        for r in records {
            b.add(r);
        }
        b.build(true)
    }

    /// Serialise for storage next to the index.
    pub fn to_bytes(&self) -> Vec<u8> {
        let stored = Stored {
            version: FORMAT_VERSION,
            merging: self.merging,
            nodes: self.nodes.clone(),
            edge_count: self.edges.len() as u64,
            texts: self.texts.clone(),
            merges: self.merges.clone(),
            docs: self.docs.clone(),
        };
        let mut meta = Vec::new();
        // Writing into a Vec cannot fail; an error here would be a serde bug.
        if ciborium::into_writer(&stored, &mut meta).is_err() {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(12 + meta.len() + self.edges.len() * ROW);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(meta.len() as u64).to_le_bytes());
        out.extend_from_slice(&meta);
        for e in &self.edges {
            put_edge(&mut out, e);
        }
        out
    }

    /// Load what [`Graph::to_bytes`] wrote (an empty slice is an empty graph).
    pub fn from_bytes(bytes: &[u8]) -> Result<Graph, GraphError> {
        if bytes.is_empty() {
            return Ok(Graph::default());
        }
        let bad = |m: &str| GraphError(m.to_string());
        if bytes.get(..4) != Some(MAGIC.as_slice()) {
            return Err(bad("not a vanban graph (bad magic)"));
        }
        let len = bytes
            .get(4..12)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
            .ok_or_else(|| bad("truncated header"))?;
        let meta_end = usize::try_from(len)
            .ok()
            .and_then(|l| l.checked_add(12))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("truncated metadata"))?;
        let s: Stored =
            ciborium::from_reader(&bytes[12..meta_end]).map_err(|e| GraphError(e.to_string()))?;
        let rows = &bytes[meta_end..];
        if !rows.len().is_multiple_of(ROW) || (rows.len() / ROW) as u64 != s.edge_count {
            return Err(bad("truncated edge table"));
        }
        let edges: Vec<Edge> = rows
            .chunks_exact(ROW)
            .map(get_edge)
            .collect::<Option<_>>()
            .ok_or_else(|| bad("corrupt edge row"))?;
        if s.version != FORMAT_VERSION {
            return Err(GraphError(format!(
                "stored format {} (this build reads {FORMAT_VERSION}): re-ingest",
                s.version
            )));
        }
        let n = s.nodes.len() as u32;
        let t = s.texts.len() as u32;
        let d = s.docs.len() as u32;
        let bad = edges.iter().any(|e| {
            e.from >= n
                || e.to >= n
                || e.file >= d
                || e.evidence >= t
                || (e.from_written != NONE && e.from_written >= t)
                || e.to_written >= t
        }) || s.docs.iter().any(|x| x.node >= n);
        if bad {
            return Err(GraphError("corrupt graph: index out of range".into()));
        }
        let mut g = Graph {
            merging: s.merging,
            nodes: s.nodes,
            edges,
            texts: s.texts,
            merges: s.merges,
            docs: s.docs,
            ..Graph::default()
        };
        g.index();
        Ok(g)
    }

    fn index(&mut self) {
        let n = self.nodes.len();
        self.out_adj = vec![Vec::new(); n];
        self.in_adj = vec![Vec::new(); n];
        for (i, e) in self.edges.iter().enumerate() {
            self.out_adj[e.from as usize].push(i as u32);
            self.in_adj[e.to as usize].push(i as u32);
        }
        self.by_key.clear();
        self.by_fold.clear();
        self.by_path.clear();
        for (i, node) in self.nodes.iter().enumerate() {
            let id = i as NodeId;
            for k in node.key.iter().chain(node.aliases.iter()) {
                self.by_key.insert(k.clone(), id);
                self.by_fold
                    .entry(k.replace('Đ', "D"))
                    .or_default()
                    .push(id);
            }
            for p in &node.paths {
                self.by_path.insert(p.clone(), id);
            }
        }
    }

    /// The same records rebuilt with alias merging on or off (merges are reversible).
    pub fn with_merging(&self, merge: bool) -> Graph {
        if merge == self.merging {
            return self.clone();
        }
        let mut b = GraphBuilder {
            docs: self.docs.clone(),
            raw: Vec::new(),
            texts: self.texts.clone(),
            text_ids: self
                .texts
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i as u32))
                .collect(),
        };
        for e in &self.edges {
            b.raw.push(RawEdge {
                from: (e.from_written != NONE).then_some(e.from_written),
                to: e.to_written,
                rel: e.rel,
                doc: e.file,
                evidence: e.evidence,
                start: e.start,
                end: e.end,
                line: e.line,
                page: e.page,
            });
        }
        // Key facts (dates, kinds) survive as the nodes' own fields.
        for node in &self.nodes {
            for k in node.key.iter().chain(node.aliases.iter()) {
                if let (Some(date), Some(&ki)) = (&node.date, b.text_ids.get(k)) {
                    let di = b.intern(date);
                    let kind = node.kind.clone().unwrap_or_default();
                    b.key_facts_push(ki, di, &kind);
                }
            }
        }
        b.build(merge)
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

    /// The path of the ingested file an edge comes from.
    pub fn file_path(&self, file: u32) -> &str {
        self.docs.get(file as usize).map_or("", |d| d.path.as_str())
    }

    /// The evidence sentence of an edge.
    pub fn evidence(&self, e: &Edge) -> &str {
        self.texts
            .get(e.evidence as usize)
            .map_or("", String::as_str)
    }

    /// Label of a node (key, else path).
    pub fn label(&self, id: NodeId) -> &str {
        self.node(id).map_or("?", Node::label)
    }

    /// Find a node by key (tolerant: the spec's key normalisation, aliases, `Đ`/`D`) or by
    /// the path of an ingested file (exact, else a unique path ending with it).
    pub fn lookup(&self, key_or_path: &str) -> Option<NodeId> {
        let q = key_or_path.trim();
        if let Some(&n) = self.by_path.get(q) {
            return Some(n);
        }
        let k = normalize_key(q);
        if let Some(&n) = self.by_key.get(&k) {
            return Some(n);
        }
        if let Some(ns) = self.by_fold.get(&fold_key(q)) {
            if let Some(&n) = ns.first() {
                return Some(n);
            }
        }
        let mut hits = self
            .by_path
            .iter()
            .filter(|(p, _)| p.ends_with(q) && p[..p.len() - q.len()].ends_with(['/', '\\']));
        match (hits.next(), hits.next()) {
            (Some((_, &n)), None) => Some(n),
            _ => None,
        }
    }

    /// Outgoing edges of a node.
    pub fn out_edges(&self, id: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        self.out_adj
            .get(id as usize)
            .into_iter()
            .flatten()
            .filter_map(|&e| self.edges.get(e as usize))
    }

    /// Incoming edges of a node.
    pub fn in_edges(&self, id: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        self.in_adj
            .get(id as usize)
            .into_iter()
            .flatten()
            .filter_map(|&e| self.edges.get(e as usize))
    }

    /// An edge as shown to users.
    pub fn hit(&self, e: &Edge) -> Hit {
        Hit {
            rel: e.rel,
            from: self.label(e.from).to_string(),
            to: self.label(e.to).to_string(),
            file: self.file_path(e.file).to_string(),
            sentence: self.evidence(e).to_string(),
            line: e.line,
            page: (e.page > 0).then_some(e.page),
        }
    }

    /// What a document cites, grouped by relation (strongest first); one hit per cited node
    /// and relation (the first evidence).
    pub fn cites(&self, id: NodeId) -> Vec<(Rel, Vec<Hit>)> {
        let mut groups: Vec<(Rel, Vec<Hit>)> = Vec::new();
        for rel in Rel::ALL {
            let mut seen = HashSet::new();
            let hits: Vec<Hit> = self
                .out_edges(id)
                .filter(|e| e.rel == rel && seen.insert(e.to))
                .map(|e| self.hit(e))
                .collect();
            if !hits.is_empty() {
                groups.push((rel, hits));
            }
        }
        groups
    }

    /// Who cites a document: every incoming edge with relation, sentence, file and page.
    pub fn cited_by(&self, id: NodeId) -> Vec<Hit> {
        // Merged spellings can make one file cite a node twice: show it once.
        let mut seen = HashSet::new();
        let mut hits: Vec<Hit> = self
            .in_edges(id)
            .filter(|e| seen.insert((e.from, e.rel, e.file)))
            .map(|e| self.hit(e))
            .collect();
        hits.sort_by(|a, b| (a.rel, &a.from, &a.file).cmp(&(b.rel, &b.from, &b.file)));
        hits
    }

    /// Follow edges from `id` up (what it builds on) or down (what builds on it) to `depth`
    /// levels, keeping relations in `rels` (None: every relation but `cites`).
    pub fn trace(
        &self,
        id: NodeId,
        dir: Direction,
        depth: usize,
        rels: Option<&[Rel]>,
    ) -> TraceNode {
        let keep = |r: Rel| rels.map_or(r != Rel::Cites, |rs| rs.contains(&r));
        let mut expanded = HashSet::new();
        expanded.insert(id);
        let mut root = TraceNode {
            node: self.label(id).to_string(),
            rel: None,
            evidence: None,
            file: None,
            seen: false,
            children: Vec::new(),
        };
        // Breadth first so a node is expanded at its shallowest depth.
        let mut frontier: Vec<(Vec<usize>, NodeId)> = vec![(Vec::new(), id)];
        for _ in 0..depth {
            let mut next = Vec::new();
            for (path, n) in frontier {
                let edges: Box<dyn Iterator<Item = &Edge>> = match dir {
                    Direction::Up => Box::new(self.out_edges(n)),
                    Direction::Down => Box::new(self.in_edges(n)),
                };
                let mut seen_child = HashSet::new();
                let mut kids = Vec::new();
                for e in edges.filter(|e| keep(e.rel)) {
                    let other = if dir == Direction::Up { e.to } else { e.from };
                    if !seen_child.insert((other, e.rel)) {
                        continue;
                    }
                    let fresh = expanded.insert(other);
                    kids.push((
                        TraceNode {
                            node: self.label(other).to_string(),
                            rel: Some(e.rel),
                            evidence: Some(self.evidence(e).to_string()),
                            file: Some(self.file_path(e.file).to_string()),
                            seen: !fresh,
                            children: Vec::new(),
                        },
                        other,
                        fresh,
                    ));
                }
                let parent = node_at(&mut root, &path);
                for (t, other, fresh) in kids {
                    parent.children.push(t);
                    if fresh {
                        let mut p = path.clone();
                        p.push(parent.children.len() - 1);
                        next.push((p, other));
                    }
                }
            }
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        root
    }

    /// Nodes within `depth` steps of `root` in either direction (relations in `rels`, None:
    /// all), and the edges among them.
    pub fn subgraph(&self, root: NodeId, depth: usize, rels: Option<&[Rel]>) -> Subgraph {
        let keep = |r: Rel| rels.is_none_or(|rs| rs.contains(&r));
        let mut seen = HashSet::new();
        seen.insert(root);
        let mut order = vec![root];
        let mut frontier = vec![root];
        for _ in 0..depth {
            let mut next = Vec::new();
            for n in frontier {
                for e in self.out_edges(n).chain(self.in_edges(n)) {
                    if !keep(e.rel) {
                        continue;
                    }
                    for m in [e.from, e.to] {
                        if seen.insert(m) {
                            order.push(m);
                            next.push(m);
                        }
                    }
                }
            }
            frontier = next;
        }
        let mut edges: Vec<u32> = order
            .iter()
            .flat_map(|&n| self.out_adj.get(n as usize).into_iter().flatten().copied())
            .filter(|&e| {
                let e = &self.edges[e as usize];
                keep(e.rel) && seen.contains(&e.to)
            })
            .collect();
        edges.sort_unstable();
        edges.dedup();
        Subgraph {
            nodes: order,
            edges,
        }
    }

    /// The whole graph as a [`Subgraph`].
    pub fn all(&self) -> Subgraph {
        Subgraph {
            nodes: (0..self.nodes.len() as NodeId).collect(),
            edges: (0..self.edges.len() as u32).collect(),
        }
    }

    /// Export nodes and edges of `sub` in `format`.
    pub fn export(&self, sub: &Subgraph, format: Format) -> String {
        export::export(self, sub, format)
    }
}

fn node_at<'t>(root: &'t mut TraceNode, path: &[usize]) -> &'t mut TraceNode {
    let mut cur = root;
    for &i in path {
        cur = &mut cur.children[i];
    }
    cur
}

#[cfg(test)]
mod tests;
