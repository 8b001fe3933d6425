//! Queries over the graph: what a document cites, who cites it, chains up or down, the
//! neighbourhood of a document, and exports.

use crate::export::{self, Format};
use crate::model::{Direction, Edge, Graph, Hit, NodeId, Rel, Subgraph, TraceNode};
use std::collections::HashSet;

impl Graph {
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
