//! On-disk form of the graph: per-file contributions, CBOR (ciborium).
//!
//! One image format serves two uses: [`Graph::to_bytes`] (the whole source of a graph, with
//! its merging flag) and [`Segment`] (what one index commit adds: the contributions of the
//! files it indexed and the paths it removed). Nodes, edges and merges are not stored; they
//! are derived on load, so an image can never hold an edge pointing nowhere.
//!
//! Layout: `VBG2` then one CBOR map `{version, merging, strings, docs, tombstones}`; a doc is
//! the array `[path, own_key, kind, date, subject, edges, facts]`, an edge the array
//! `[from, to, rel, evidence, start, end, line, page]`, a fact `[key, date, kind]`, every
//! string an index into `strings`.
//!
//! The hand-written fixed 52-byte edge rows of format 1 went: ciborium writes the rows as
//! CBOR arrays of small integers (most ids and offsets take 1 to 3 bytes, so a file costs
//! about 250 bytes of image on the generated corpus), and no benchmark showed a reason to
//! keep rows by hand: at 100k files a full load spends its time deriving nodes and edges and
//! interning strings, not decoding (`vanban-bench graph`).

use crate::builder::{GraphBuilder, Interner, Source, SrcDoc, SrcEdge, SrcFact};
use crate::model::{Graph, GraphError};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use vanban_model::{FileRecord, Rel};

const MAGIC: &[u8; 4] = b"VBG2";
const FORMAT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct DocRow(
    u32,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Vec<EdgeRow>,
    Vec<FactRow>,
);

#[derive(Serialize, Deserialize)]
struct EdgeRow(Option<u32>, u32, u8, u32, u64, u64, u32, u32);

#[derive(Serialize, Deserialize)]
struct FactRow(u32, u32, u32);

/// What a doc row of the first version 2 images lacked: locality and effective date of
/// the document, and per edge (same order) the localities of its ends, its provisions and
/// its effective date. Kept apart so images written before it still load (as unknowns).
#[derive(Serialize, Deserialize, Default)]
struct DocExt(Option<u32>, Option<u32>, Vec<EdgeExt>);

#[derive(Serialize, Deserialize, Default, Clone, Copy)]
struct EdgeExt(Option<u32>, Option<u32>, Option<u32>, Option<u32>);

#[derive(Serialize)]
struct ImageOut<'a> {
    version: u32,
    merging: bool,
    strings: Vec<&'a str>,
    docs: Vec<DocRow>,
    tombstones: Vec<u32>,
    ext: Vec<DocExt>,
}

#[derive(Deserialize)]
struct ImageIn {
    version: u32,
    merging: bool,
    strings: Vec<String>,
    docs: Vec<DocRow>,
    tombstones: Vec<u32>,
    #[serde(default)]
    ext: Vec<DocExt>,
}

fn encode(b: &GraphBuilder, tombstones: &[String], merging: bool) -> Vec<u8> {
    // Tombstone paths join the string table so a segment is one table of strings.
    let mut strings = b.strings.clone();
    let tomb: Vec<u32> = tombstones.iter().map(|p| strings.intern(p)).collect();
    let docs = b
        .src
        .docs
        .iter()
        .map(|d| {
            DocRow(
                d.path,
                d.own_key,
                d.kind,
                d.date,
                d.subject,
                b.src
                    .doc_edges(d)
                    .iter()
                    .map(|e| {
                        EdgeRow(
                            e.from,
                            e.to,
                            e.rel.code(),
                            e.evidence,
                            e.start,
                            e.end,
                            e.line,
                            e.page,
                        )
                    })
                    .collect(),
                b.src
                    .doc_facts(d)
                    .iter()
                    .map(|f| FactRow(f.key, f.date, f.kind))
                    .collect(),
            )
        })
        .collect();
    let ext = b
        .src
        .docs
        .iter()
        .map(|d| {
            DocExt(
                d.locality,
                d.effective,
                b.src
                    .doc_edges(d)
                    .iter()
                    .map(|e| EdgeExt(e.from_loc, e.to_loc, e.provisions, e.effective))
                    .collect(),
            )
        })
        .collect();
    let image = ImageOut {
        version: FORMAT_VERSION,
        merging,
        strings: strings.texts.iter().map(|s| &**s).collect(),
        docs,
        tombstones: tomb,
        ext,
    };
    let mut out = MAGIC.to_vec();
    // Writing into a Vec cannot fail; an error here would be a serde bug.
    if ciborium::into_writer(&image, &mut out).is_err() {
        return Vec::new();
    }
    out
}

fn decode(bytes: &[u8]) -> Result<(GraphBuilder, Vec<String>, bool), GraphError> {
    let bad = |m: &str| GraphError(m.to_string());
    if bytes.get(..4) != Some(MAGIC.as_slice()) {
        return Err(bad("not a vanban graph (bad magic)"));
    }
    let im: ImageIn =
        ciborium::from_reader(&bytes[4..]).map_err(|e| GraphError(format!("corrupt: {e}")))?;
    if im.version != FORMAT_VERSION {
        return Err(GraphError(format!(
            "stored format {} (this build reads {FORMAT_VERSION}): re-ingest",
            im.version
        )));
    }
    let n = im.strings.len() as u32;
    let ok = |i: u32| {
        if i < n {
            Ok(i)
        } else {
            Err(bad("corrupt graph: index out of range"))
        }
    };
    let okv = |i: Option<u32>| i.map(ok).transpose();
    let mut src = Source::default();
    let mut exts = im.ext.into_iter();
    for DocRow(path, own, kind, date, subject, edges, facts) in im.docs {
        let DocExt(locality, effective, edge_ext) = exts.next().unwrap_or_default();
        let mut edge_ext = edge_ext.into_iter();
        let e0 = src.edges.len() as u32;
        for EdgeRow(from, to, rel, evidence, start, end, line, page) in edges {
            let EdgeExt(from_loc, to_loc, provisions, eff) = edge_ext.next().unwrap_or_default();
            src.edges.push(SrcEdge {
                from_loc: okv(from_loc)?,
                to_loc: okv(to_loc)?,
                provisions: okv(provisions)?,
                effective: okv(eff)?,
                from: okv(from)?,
                to: ok(to)?,
                rel: Rel::from_code(rel),
                evidence: ok(evidence)?,
                start,
                end,
                line,
                page,
            });
        }
        let e1 = src.edges.len() as u32;
        let f0 = src.facts.len() as u32;
        for FactRow(key, date, kind) in facts {
            src.facts.push(SrcFact {
                key: ok(key)?,
                date: ok(date)?,
                kind: ok(kind)?,
            });
        }
        let f1 = src.facts.len() as u32;
        src.docs.push(SrcDoc {
            path: ok(path)?,
            own_key: okv(own)?,
            kind: okv(kind)?,
            date: okv(date)?,
            subject: okv(subject)?,
            locality: okv(locality)?,
            effective: okv(effective)?,
            edges: (e0, e1),
            facts: (f0, f1),
        });
    }
    let tombstones = im
        .tombstones
        .iter()
        .map(|&i| ok(i).map(|i| im.strings[i as usize].clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let texts: Vec<Arc<str>> = im.strings.into_iter().map(Arc::from).collect();
    let b = GraphBuilder {
        strings: Interner::from_texts(texts),
        src,
    };
    Ok((b, tombstones, im.merging))
}

impl Graph {
    /// Serialise for storage (the source of the graph; nodes and edges are derived on load).
    pub fn to_bytes(&self) -> Vec<u8> {
        let b = GraphBuilder {
            strings: Interner::from_texts(self.texts.clone()),
            src: self.src.clone(),
        };
        encode(&b, &[], self.merging)
    }

    /// Load what [`Graph::to_bytes`] wrote (an empty slice is an empty graph).
    pub fn from_bytes(bytes: &[u8]) -> Result<Graph, GraphError> {
        if bytes.is_empty() {
            return Ok(Graph::default());
        }
        let (b, _, merging) = decode(bytes)?;
        Ok(b.build(merging))
    }

    /// The graph of the files alive across stored segments, given newest first: a file's
    /// newest contribution wins, a removal hides every older one (aliases merged).
    pub fn from_segments<E>(
        newest_first: impl IntoIterator<Item = Result<Segment, E>>,
    ) -> Result<Graph, E> {
        let mut live = Live::default();
        for seg in newest_first {
            live.absorb(seg?);
        }
        // One pass: the winning files straight into the canonical form.
        let b = crate::builder::canonical_of(live.winners());
        Ok(crate::builder::derive(b.strings.texts, b.src, true))
    }
}

/// What one index commit adds to the stored graph: the contributions of the files it
/// indexed and the paths it removed. Each path at most once per segment.
#[derive(Clone, Debug, Default)]
pub struct Segment {
    builder: GraphBuilder,
    tombstones: Vec<String>,
}

impl Segment {
    /// An empty segment.
    pub fn new() -> Segment {
        Segment::default()
    }

    /// Add the contribution of one indexed file (it replaces any older one of its path).
    pub fn add(&mut self, rec: &FileRecord) {
        self.builder.add(rec);
    }

    /// Record that a path was removed from the index.
    pub fn remove(&mut self, path: &str) {
        self.tombstones.push(path.to_owned());
    }

    /// Files contributed.
    pub fn doc_count(&self) -> usize {
        self.builder.len()
    }

    /// Paths removed.
    pub fn tombstone_count(&self) -> usize {
        self.tombstones.len()
    }

    /// Nothing added, nothing removed.
    pub fn is_empty(&self) -> bool {
        self.builder.is_empty() && self.tombstones.is_empty()
    }

    /// Paths of the files contributed.
    pub fn paths(&self) -> impl Iterator<Item = &str> + '_ {
        self.builder.paths()
    }

    /// Serialise (same image format as [`Graph::to_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(&self.builder, &self.tombstones, true)
    }

    /// Load what [`Segment::to_bytes`] (or [`Graph::to_bytes`]) wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Segment, GraphError> {
        let (builder, tombstones, _) = decode(bytes)?;
        Ok(Segment {
            builder,
            tombstones,
        })
    }

    /// One segment equivalent to a run of consecutive segments given newest first. Removals
    /// are kept for paths the run does not hold any more, so they still hide older segments'
    /// files, unless `oldest` says nothing older exists.
    pub fn merge<E>(
        newest_first: impl IntoIterator<Item = Result<Segment, E>>,
        oldest: bool,
    ) -> Result<Segment, E> {
        let mut live = Live::default();
        for seg in newest_first {
            live.absorb(seg?);
        }
        let mut builder = GraphBuilder::new();
        for (texts, src, d) in live.winners() {
            builder.push_from(texts, src, d);
        }
        let mut tombstones = Vec::new();
        if !oldest {
            let held: HashSet<&str> = builder.paths().collect();
            tombstones = live
                .removed
                .iter()
                .filter(|p| !held.contains(&***p))
                .map(|p| p.to_string())
                .collect();
        }
        Ok(Segment {
            builder,
            tombstones,
        })
    }
}

/// Newest-first resolution of segments: the first contribution of a path wins.
#[derive(Default)]
struct Live {
    seen: FxHashSet<Arc<str>>,
    removed: Vec<Arc<str>>,
    segs: Vec<Segment>,
    /// (segment, file) of each winning contribution.
    wins: Vec<(usize, usize)>,
}

impl Live {
    fn absorb(&mut self, seg: Segment) {
        let si = self.segs.len();
        let b = &seg.builder;
        for (di, d) in b.src.docs.iter().enumerate() {
            let p = &b.strings.texts[d.path as usize];
            if self.seen.insert(p.clone()) {
                self.wins.push((si, di));
            }
        }
        for p in &seg.tombstones {
            let p: Arc<str> = Arc::from(p.as_str());
            if self.seen.insert(p.clone()) {
                self.removed.push(p);
            }
        }
        self.segs.push(seg);
    }

    fn winners(&self) -> Vec<(&[Arc<str>], &Source, &SrcDoc)> {
        self.wins
            .iter()
            .map(|&(s, d)| {
                let b = &self.segs[s].builder;
                (&b.strings.texts[..], &b.src, &b.src.docs[d])
            })
            .collect()
    }
}
