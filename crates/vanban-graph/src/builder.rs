//! From extracted records to the per-document source of the graph, and from that source to
//! nodes and edges.
//!
//! What one file contributes (its identity, its edges with their evidence, the dates and kinds
//! it states for keys) depends on that file alone, so the index can store contributions per
//! file and add or drop them as files change. Everything else (nodes, alias merges, edge
//! endpoints) is derived from the contributions taken in path order, so a graph updated
//! commit by commit is the graph built from scratch on the same files.

use crate::key::normalize_key;
use crate::merge::{alias_merges, KeyFacts, Unit};
use crate::model::{law_key, Edge, Graph, Node, NodeId, NONE};
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use vanban_model::{FileRecord, Rel};

/// Strings interned once: keys, evidence, paths, kinds, dates, subjects.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    pub(crate) texts: Vec<Arc<str>>,
    ids: FxHashMap<Arc<str>, u32>,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.texts.len() as u32;
        let a: Arc<str> = Arc::from(s);
        self.texts.push(a.clone());
        self.ids.insert(a, i);
        i
    }

    pub(crate) fn from_texts(texts: Vec<Arc<str>>) -> Interner {
        let ids = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Interner { texts, ids }
    }
}

/// One ingested file's contribution; string fields are ids into the interner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SrcDoc {
    pub(crate) path: u32,
    pub(crate) own_key: Option<u32>,
    pub(crate) kind: Option<u32>,
    pub(crate) date: Option<u32>,
    pub(crate) subject: Option<u32>,
    /// Province or city of a local issuer (`identity.md`).
    pub(crate) locality: Option<u32>,
    /// When the document takes effect, ISO (`validity.md`).
    pub(crate) effective: Option<u32>,
    /// Range of this file's edges in [`Source::edges`].
    pub(crate) edges: (u32, u32),
    /// Range of this file's key facts in [`Source::facts`].
    pub(crate) facts: (u32, u32),
}

/// An edge as the file states it: keys as written (normalised), not yet resolved to nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SrcEdge {
    /// None: the document itself.
    pub(crate) from: Option<u32>,
    pub(crate) to: u32,
    pub(crate) rel: Rel,
    pub(crate) evidence: u32,
    pub(crate) start: u64,
    pub(crate) end: u64,
    pub(crate) line: u32,
    pub(crate) page: u32,
    /// Locality of the citing key (None: unknown, or the document itself).
    pub(crate) from_loc: Option<u32>,
    /// Locality of the cited key, when the file tells it.
    pub(crate) to_loc: Option<u32>,
    /// The provisions the edge touches, joined with [`PROVISION_SEP`].
    pub(crate) provisions: Option<u32>,
    /// When the edge takes effect, ISO.
    pub(crate) effective: Option<u32>,
}

impl SrcEdge {
    /// A plain `cites` edge from the document itself, at the mention's span.
    fn plain_cite(
        to: u32,
        evidence: u32,
        span: &vanban_model::Span,
        to_loc: Option<u32>,
    ) -> SrcEdge {
        SrcEdge {
            from: None,
            to,
            rel: Rel::Cites,
            evidence,
            start: span.start as u64,
            end: span.end as u64,
            line: span.line,
            page: span.page.unwrap_or(0),
            from_loc: None,
            to_loc,
            provisions: None,
            effective: None,
        }
    }
}

/// Kind of the [`SrcFact`] that gives a law cited by name ([`law_key`]) the name it is shown
/// by (in `date`). Not a kind any text can state.
pub(crate) const LAW_NAME_FACT: &str = "\u{1f}law name";

/// Kind of the [`SrcFact`] that ties a law cited by name to its number (in `date`): the text
/// wrote both, or the table of laws gave it.
pub(crate) const LAW_NUMBER_FACT: &str = "\u{1f}law number";

/// Joins the provisions of an edge into one interned string.
pub(crate) const PROVISION_SEP: char = '\u{1f}';

/// A date (and the kind name) a file states for a key: alias evidence and node labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SrcFact {
    pub(crate) key: u32,
    pub(crate) date: u32,
    pub(crate) kind: u32,
}

/// Contributions of a set of files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Source {
    pub(crate) docs: Vec<SrcDoc>,
    pub(crate) edges: Vec<SrcEdge>,
    pub(crate) facts: Vec<SrcFact>,
}

impl Source {
    pub(crate) fn doc_edges(&self, d: &SrcDoc) -> &[SrcEdge] {
        &self.edges[d.edges.0 as usize..d.edges.1 as usize]
    }

    pub(crate) fn doc_facts(&self, d: &SrcDoc) -> &[SrcFact] {
        &self.facts[d.facts.0 as usize..d.facts.1 as usize]
    }
}

/// Builds a [`Graph`] one record at a time (the index keeps one per commit batch).
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    pub(crate) strings: Interner,
    pub(crate) src: Source,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    /// Number of files added.
    pub fn len(&self) -> usize {
        self.src.docs.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.src.docs.is_empty()
    }

    /// Paths of the files added, in the order added.
    pub fn paths(&self) -> impl Iterator<Item = &str> + '_ {
        self.src
            .docs
            .iter()
            .map(|d| &*self.strings.texts[d.path as usize])
    }

    /// Add one extracted record (a file that failed to read still becomes a node).
    pub fn add(&mut self, rec: &FileRecord) -> &mut GraphBuilder {
        let s = &mut self.strings;
        let doc = rec.document.as_ref();
        let own_key = doc
            .and_then(|x| x.key.as_deref())
            .map(normalize_key)
            .filter(|k| !k.is_empty());
        let path = s.intern(&rec.source);
        let own_id = own_key.as_deref().map(|k| s.intern(k));
        let mut opt = |v: Option<&String>| v.map(|v| s.intern(v));
        let (kind, date, subject, locality, effective) = (
            opt(doc.and_then(|x| x.kind.as_ref())),
            opt(doc.and_then(|x| x.date.as_ref())),
            opt(doc.and_then(|x| x.subject.as_ref())),
            opt(doc.and_then(|x| x.locality.as_ref())),
            opt(doc.and_then(|x| x.effective_date.as_ref())),
        );
        let e0 = self.src.edges.len() as u32;
        let ref_keys: Vec<String> = rec
            .references
            .iter()
            .map(|r| normalize_key(&r.key))
            .collect();
        // The locality the file tells for each key it cites (the first mention that says).
        let mut key_loc: HashMap<&str, &str> = HashMap::new();
        for (r, k) in rec.references.iter().zip(&ref_keys) {
            if let Some(l) = r.locality.as_deref() {
                key_loc.entry(k.as_str()).or_insert(l);
            }
        }
        let mut covered: HashSet<&str> = HashSet::new();
        let rel_keys: Vec<(Option<String>, String)> = rec
            .relations
            .iter()
            .map(|r| (r.from.as_deref().map(normalize_key), normalize_key(&r.to)))
            .collect();
        for (r, (from, to)) in rec.relations.iter().zip(&rel_keys) {
            if to.is_empty() {
                continue;
            }
            let from_key = from.as_ref();
            let from_id = match from {
                Some(f) if !f.is_empty() && Some(f) != own_key.as_ref() => Some(s.intern(f)),
                Some(f) if f.is_empty() => continue,
                _ => {
                    covered.insert(to);
                    None
                }
            };
            let to_id = s.intern(to);
            let ev = s.intern(&r.evidence);
            let from_loc = match (from_id, from_key) {
                (Some(_), Some(f)) => key_loc.get(f.as_str()).map(|l| s.intern(l)),
                _ => None,
            };
            let from = from_id;
            let to_loc = key_loc.get(to.as_str()).map(|l| s.intern(l));
            let provisions = (!r.provisions.is_empty())
                .then(|| s.intern(&r.provisions.join(&PROVISION_SEP.to_string())));
            let eff = r.effective.as_deref().map(|e| s.intern(e));
            self.src.edges.push(SrcEdge {
                from,
                to: to_id,
                rel: r.rel,
                evidence: ev,
                start: r.span.start as u64,
                end: r.span.end as u64,
                line: r.span.line,
                page: r.span.page.unwrap_or(0),
                from_loc,
                to_loc,
                provisions,
                effective: eff,
            });
        }
        for (r, to) in rec.references.iter().zip(&ref_keys) {
            if r.is_self {
                continue;
            }
            if to.is_empty() || covered.contains(to.as_str()) || Some(to) == own_key.as_ref() {
                continue;
            }
            covered.insert(to);
            let to_id = s.intern(to);
            let ev = s.intern(&r.text);
            let to_loc = key_loc.get(to.as_str()).map(|l| s.intern(l));
            self.src
                .edges
                .push(SrcEdge::plain_cite(to_id, ev, &r.span, to_loc));
        }
        // Laws cited by name: an edge to the name's key (the graph resolves it to the
        // number), unless the same mention or law is already cited by number.
        let mut named_keys: Vec<(u32, String, Option<String>)> = Vec::new();
        let mut named_covered: HashSet<String> = HashSet::new();
        for n in &rec.named {
            let nk = law_key(&n.name, n.year);
            if nk.is_empty() {
                continue;
            }
            let nid = s.intern(&nk);
            let display = match n.year {
                Some(y) => format!("{} {y}", n.name),
                None => n.name.clone(),
            };
            let num = n
                .number
                .as_deref()
                .map(normalize_key)
                .filter(|k| !k.is_empty());
            named_keys.push((nid, display, num.clone()));
            let target = num.unwrap_or(nk);
            if covered.contains(target.as_str())
                || own_key.as_deref() == Some(target.as_str())
                || !named_covered.insert(target)
            {
                continue;
            }
            let ev = s.intern(&n.text);
            self.src
                .edges
                .push(SrcEdge::plain_cite(nid, ev, &n.span, None));
        }
        let e1 = self.src.edges.len() as u32;
        // Dates and kinds of referenced keys, for alias evidence and node labels.
        let f0 = self.src.facts.len() as u32;
        if let (Some(k), Some(d)) = (own_id, doc.and_then(|x| x.date.as_deref())) {
            let date = s.intern(d);
            let kind = s.intern(doc.and_then(|x| x.kind.as_deref()).unwrap_or_default());
            self.src.facts.push(SrcFact { key: k, date, kind });
        }
        for (r, k) in rec.references.iter().zip(&ref_keys) {
            if let Some(d) = &r.date {
                let key = s.intern(k);
                let date = s.intern(d);
                let kind = s.intern(&r.kind);
                self.src.facts.push(SrcFact { key, date, kind });
            }
        }
        for (nid, display, num) in named_keys {
            // A named law's facts: its display name, and its number when the text gives one.
            for (kind, value) in
                std::iter::once((LAW_NAME_FACT, display)).chain(num.map(|k| (LAW_NUMBER_FACT, k)))
            {
                let kind = s.intern(kind);
                let date = s.intern(&value);
                self.src.facts.push(SrcFact {
                    key: nid,
                    date,
                    kind,
                });
            }
        }
        let f1 = self.src.facts.len() as u32;
        self.src.docs.push(SrcDoc {
            path,
            own_key: own_id,
            kind,
            date,
            subject,
            locality,
            effective,
            edges: (e0, e1),
            facts: (f0, f1),
        });
        self
    }

    /// Copy file `d` of `other` (another builder, a stored segment) into this one.
    pub(crate) fn push_from(&mut self, other_strings: &[Arc<str>], other: &Source, d: &SrcDoc) {
        let s = &mut self.strings;
        let mut t = |i: u32| s.intern(&other_strings[i as usize]);
        let path = t(d.path);
        let own_key = d.own_key.map(&mut t);
        let kind = d.kind.map(&mut t);
        let date = d.date.map(&mut t);
        let subject = d.subject.map(&mut t);
        let locality = d.locality.map(&mut t);
        let effective = d.effective.map(&mut t);
        let e0 = self.src.edges.len() as u32;
        for e in other.doc_edges(d) {
            let from = e.from.map(&mut t);
            let to = t(e.to);
            let evidence = t(e.evidence);
            let from_loc = e.from_loc.map(&mut t);
            let to_loc = e.to_loc.map(&mut t);
            let provisions = e.provisions.map(&mut t);
            let eff = e.effective.map(&mut t);
            self.src.edges.push(SrcEdge {
                from,
                to,
                evidence,
                from_loc,
                to_loc,
                provisions,
                effective: eff,
                ..*e
            });
        }
        let e1 = self.src.edges.len() as u32;
        let f0 = self.src.facts.len() as u32;
        for f in other.doc_facts(d) {
            let (key, date, kind) = (t(f.key), t(f.date), t(f.kind));
            self.src.facts.push(SrcFact { key, date, kind });
        }
        let f1 = self.src.facts.len() as u32;
        self.src.docs.push(SrcDoc {
            path,
            own_key,
            kind,
            date,
            subject,
            locality,
            effective,
            edges: (e0, e1),
            facts: (f0, f1),
        });
    }

    /// The same contributions in path order with strings interned in that order: the one
    /// form every way of building a graph goes through, so equal inputs give equal graphs.
    pub(crate) fn canonical(&self) -> GraphBuilder {
        let parts: Vec<(&[Arc<str>], &Source, &SrcDoc)> = self
            .src
            .docs
            .iter()
            .map(|d| (&self.strings.texts[..], &self.src, d))
            .collect();
        canonical_of(parts)
    }

    /// Build the graph, merging issuer-typo aliases when `merge` is true.
    pub fn build(&self, merge: bool) -> Graph {
        let c = self.canonical();
        derive(c.strings.texts, c.src, merge)
    }
}

/// Files taken from any number of builders or segments, in path order, strings interned in
/// that order.
pub(crate) fn canonical_of(mut parts: Vec<(&[Arc<str>], &Source, &SrcDoc)>) -> GraphBuilder {
    parts.sort_by(|a, b| a.0[a.2.path as usize].cmp(&b.0[b.2.path as usize]));
    let mut out = GraphBuilder {
        strings: Interner::default(),
        src: Source {
            docs: Vec::with_capacity(parts.len()),
            edges: Vec::with_capacity(
                parts
                    .iter()
                    .map(|p| (p.2.edges.1 - p.2.edges.0) as usize)
                    .sum(),
            ),
            facts: Vec::new(),
        },
    };
    for (texts, src, d) in parts {
        out.push_from(texts, src, d);
    }
    out
}

/// Nodes, merges and edges of a canonical source.
pub(crate) fn derive(texts: Vec<Arc<str>>, src: Source, merge: bool) -> Graph {
    let t = |i: u32| -> &str { &texts[i as usize] };
    // Laws cited by name: the name each is shown by, and its number when exactly one is
    // tied to it anywhere in the corpus (two numbers for one name: it stays a name).
    let marker = |m: &str| texts.iter().position(|x| &**x == m).map(|i| i as u32);
    let (name_m, number_m) = (marker(LAW_NAME_FACT), marker(LAW_NUMBER_FACT));
    let mut law_name: FxHashMap<u32, u32> = FxHashMap::default();
    let mut law_numbers: FxHashMap<u32, BTreeSet<u32>> = FxHashMap::default();
    if name_m.is_some() {
        for f in &src.facts {
            if Some(f.kind) == name_m {
                law_name.entry(f.key).or_insert(f.date);
            } else if Some(f.kind) == number_m {
                law_numbers.entry(f.key).or_default().insert(f.date);
            }
        }
    }
    let law_to: FxHashMap<u32, u32> = law_numbers
        .iter()
        .filter_map(|(&k, v)| match v.iter().collect::<Vec<_>>().as_slice() {
            [only] => Some((k, **only)),
            _ => None,
        })
        .collect();
    let law = |k: u32| law_to.get(&k).copied().unwrap_or(k);
    let is_law_fact = |f: &SrcFact| Some(f.kind) == name_m || Some(f.kind) == number_m;
    // Localities stated for each key as written: by the files bearing it and by the
    // citations that tell it. A key of a local issuer is one node per locality.
    let mut key_locs: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for d in &src.docs {
        if let (Some(k), Some(l)) = (d.own_key, d.locality) {
            key_locs.entry(k).or_default().push(l);
        }
    }
    for e in &src.edges {
        if let Some(l) = e.to_loc {
            key_locs.entry(law(e.to)).or_default().push(l);
        }
        if let (Some(f), Some(l)) = (e.from, e.from_loc) {
            key_locs.entry(f).or_default().push(l);
        }
    }
    for v in key_locs.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    // A key whose locality is not told goes to its only locality, else stays unknown.
    let loc_of = |k: u32, stated: Option<u32>| -> u32 {
        stated.unwrap_or_else(|| match key_locs.get(&k).map(Vec::as_slice) {
            Some([only]) => *only,
            _ => NONE,
        })
    };
    // What every key is known by in each locality: mentions, stated dates, kind, whether a
    // file bears it (alias merging never crosses localities).
    let mut facts: FxHashMap<Unit, KeyFacts> = FxHashMap::default();
    for d in &src.docs {
        let edges = src.doc_edges(d);
        for f in src.doc_facts(d).iter().filter(|f| !is_law_fact(f)) {
            // The locality this file tells for the key it dates.
            let told = if Some(f.key) == d.own_key {
                d.locality
            } else {
                edges.iter().find_map(|e| {
                    if e.to == f.key && e.to_loc.is_some() {
                        e.to_loc
                    } else if e.from == Some(f.key) {
                        e.from_loc
                    } else {
                        None
                    }
                })
            };
            let kf = facts.entry((f.key, loc_of(f.key, told))).or_default();
            kf.dates.insert(f.date);
            kf.kind.get_or_insert(f.kind);
        }
        if let Some(k) = d.own_key {
            facts.entry((k, loc_of(k, d.locality))).or_default().own = true;
        }
    }
    for e in &src.edges {
        facts
            .entry((e.to, loc_of(e.to, e.to_loc)))
            .or_default()
            .mentions += 1;
        if let Some(from) = e.from {
            facts
                .entry((from, loc_of(from, e.from_loc)))
                .or_default()
                .mentions += 1;
        }
    }
    let (canon, mut merges) = if merge {
        alias_merges(&texts, &facts)
    } else {
        (HashMap::new(), Vec::new())
    };
    let resolve = |u: Unit| canon.get(&u).copied().unwrap_or(u);
    // Files writing each alias spelling, for the merge report.
    if !canon.is_empty() {
        let mut files: HashMap<Unit, BTreeSet<&str>> = HashMap::new();
        for d in &src.docs {
            for e in src.doc_edges(d) {
                let ends = e
                    .from
                    .map(|f| (f, loc_of(f, e.from_loc)))
                    .into_iter()
                    .chain([(law(e.to), loc_of(law(e.to), e.to_loc))]);
                for u in ends {
                    if canon.get(&u).is_some_and(|c| c.0 != u.0) {
                        files.entry(u).or_default().insert(t(d.path));
                    }
                }
            }
        }
        for (units, m) in &mut merges {
            let fs: BTreeSet<&str> = units
                .iter()
                .filter_map(|u| files.get(u))
                .flatten()
                .copied()
                .collect();
            m.files = fs.iter().map(|s| s.to_string()).collect();
        }
    }
    let merges: Vec<_> = merges.into_iter().map(|(_, m)| m).collect();

    // Nodes: every file (its own key's node when it has one), then every key cited.
    let mut nodes: Vec<Node> = Vec::new();
    let mut key_node: FxHashMap<(u32, u32), NodeId> = FxHashMap::default();
    let mut doc_node = Vec::with_capacity(src.docs.len());
    let opt = |v: Option<u32>| v.map(|i| t(i).to_string());
    let loc_name = |l: u32| (l != NONE).then(|| t(l).to_string());
    for d in &src.docs {
        let key_id = d.own_key.map(|k| resolve((k, loc_of(k, d.locality))));
        let id = match key_id.and_then(|k| key_node.get(&k)) {
            Some(&n) => n,
            None => {
                let n = nodes.len() as NodeId;
                nodes.push(Node {
                    key: key_id.map(|(k, _)| t(k).to_string()),
                    locality: key_id.and_then(|(_, l)| loc_name(l)),
                    ..Node::default()
                });
                if let Some(k) = key_id {
                    key_node.insert(k, n);
                }
                n
            }
        };
        doc_node.push(id);
        let node = &mut nodes[id as usize];
        node.paths.push(t(d.path).to_string());
        if node.kind.is_none() {
            node.kind = opt(d.kind);
        }
        if node.date.is_none() {
            node.date = opt(d.date);
        }
        if node.subject.is_none() {
            node.subject = opt(d.subject);
        }
        if node.effective_date.is_none() {
            node.effective_date = opt(d.effective);
        }
        if node.locality.is_none() && key_id.is_none() {
            node.locality = opt(d.locality);
        }
    }
    let mut node_for_key = |k: u32, stated: Option<u32>, nodes: &mut Vec<Node>| -> NodeId {
        let k = law(k);
        let (k, l) = resolve((k, loc_of(k, stated)));
        *key_node.entry((k, l)).or_insert_with(|| {
            nodes.push(Node {
                // A law known only by its name is shown by it ("Luật Hải quan 2014").
                key: Some(t(law_name.get(&k).copied().unwrap_or(k)).to_string()),
                locality: loc_name(l),
                ..Node::default()
            });
            (nodes.len() - 1) as NodeId
        })
    };
    let mut edges = Vec::with_capacity(src.edges.len());
    for (file, d) in src.docs.iter().enumerate() {
        for e in src.doc_edges(d) {
            let from = match e.from {
                // A key the file cites without telling its locality is of the file's own.
                Some(k) => node_for_key(k, e.from_loc, &mut nodes),
                None => doc_node[file],
            };
            let to = node_for_key(e.to, e.to_loc, &mut nodes);
            if from == to {
                continue;
            }
            edges.push(Edge {
                from,
                to,
                rel: e.rel,
                file: file as u32,
                evidence: e.evidence,
                from_written: e.from.unwrap_or(NONE),
                to_written: law_name.get(&e.to).copied().unwrap_or(e.to),
                start: e.start,
                end: e.end,
                line: e.line,
                page: e.page,
                provisions: e.provisions.unwrap_or(NONE),
                effective: e.effective.unwrap_or(NONE),
            });
        }
    }
    // Aliases, kinds and dates of key-only nodes; units in string-id order so the first
    // kind found does not depend on hash order.
    for (&(alias, _), c) in &canon {
        if alias == c.0 {
            continue;
        }
        if let Some(&n) = key_node.get(c) {
            nodes[n as usize].aliases.push(t(alias).to_string());
        }
    }
    // A law cited by name and by number: its names are spellings of the number's node.
    let mut names_of: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (&nk, &num) in &law_to {
        if let Some(&display) = law_name.get(&nk) {
            names_of.entry(num).or_default().push(display);
        }
    }
    if !names_of.is_empty() {
        for (&(k, _), &n) in &key_node {
            for &display in names_of.get(&k).into_iter().flatten() {
                nodes[n as usize].aliases.push(t(display).to_string());
            }
        }
    }
    let mut keys: Vec<(&Unit, &KeyFacts)> = facts.iter().collect();
    keys.sort_unstable_by_key(|(k, _)| **k);
    for (&u, f) in keys {
        if let Some(&n) = key_node.get(&resolve(u)) {
            let node = &mut nodes[n as usize];
            if node.kind.is_none() {
                node.kind = f.kind.map(|i| t(i).to_string()).filter(|s| !s.is_empty());
            }
            if node.date.is_none() && f.dates.len() == 1 {
                node.date = f.dates.iter().next().map(|&i| t(i).to_string());
            }
        }
    }
    for n in &mut nodes {
        n.aliases.sort();
        n.aliases.dedup();
        n.name = match (&n.key, &n.locality) {
            (Some(k), Some(l)) => format!("{k}@{l}"),
            (Some(k), None) => k.clone(),
            (None, _) => n.paths.first().cloned().unwrap_or_else(|| "?".into()),
        };
    }
    let mut g = Graph {
        merging: merge,
        texts,
        src,
        nodes,
        edges,
        merges,
        doc_node,
        ..Graph::default()
    };
    g.index();
    g
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

    /// The same records rebuilt with alias merging on or off (merges are reversible).
    pub fn with_merging(&self, merge: bool) -> Graph {
        if merge == self.merging {
            return self.clone();
        }
        // The source is already canonical: derive again without re-sorting.
        derive(self.texts.clone(), self.src.clone(), merge)
    }
}
