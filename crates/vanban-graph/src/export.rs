//! Graph exports: Graphviz dot, JSON (for jq), GraphML (for Gephi, yEd).

use crate::model::{Graph, Subgraph};
use serde_json::json;
use std::collections::HashSet;
use std::fmt::Write;

/// Export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Graphviz dot (one edge per node pair and relation).
    #[default]
    Dot,
    /// JSON: `{"nodes": [...], "edges": [...], "merges": [...]}` with evidence.
    Json,
    /// GraphML with label, relation and evidence attributes.
    GraphMl,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "dot" | "gv" | "graphviz" => Ok(Format::Dot),
            "json" => Ok(Format::Json),
            "graphml" | "xml" => Ok(Format::GraphMl),
            other => Err(format!("unknown format {other:?} (dot, json, graphml)")),
        }
    }
}

pub(crate) fn export(g: &Graph, sub: &Subgraph, format: Format) -> String {
    match format {
        Format::Dot => dot(g, sub),
        Format::Json => to_json(g, sub),
        Format::GraphMl => graphml(g, sub),
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

fn dot(g: &Graph, sub: &Subgraph) -> String {
    let mut s = String::from("digraph vanban {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
    for &n in &sub.nodes {
        let node = &g.nodes[n as usize];
        let style = if node.paths.is_empty() {
            ""
        } else {
            ", style=bold"
        };
        let _ = writeln!(s, "  n{n} [label=\"{}\"{style}];", dot_escape(node.label()));
    }
    let mut seen = HashSet::new();
    for &e in &sub.edges {
        let e = &g.edges[e as usize];
        if seen.insert((e.from, e.to, e.rel)) {
            let style = if e.rel == crate::model::Rel::Cites {
                ", style=dashed, color=gray"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "  n{} -> n{} [label=\"{}\"{style}];",
                e.from, e.to, e.rel
            );
        }
    }
    s.push_str("}\n");
    s
}

fn to_json(g: &Graph, sub: &Subgraph) -> String {
    let nodes: Vec<serde_json::Value> = sub
        .nodes
        .iter()
        .map(|&n| {
            let node = &g.nodes[n as usize];
            let mut v = serde_json::to_value(node).unwrap_or_else(|_| json!({}));
            if let Some(o) = v.as_object_mut() {
                o.insert("id".into(), json!(n));
                o.insert("label".into(), json!(node.label()));
            }
            v
        })
        .collect();
    let edges: Vec<serde_json::Value> = sub
        .edges
        .iter()
        .map(|&e| {
            let e = &g.edges[e as usize];
            json!({
                "from": e.from,
                "to": e.to,
                "rel": e.rel,
                "from_label": g.label(e.from),
                "to_label": g.label(e.to),
                "file": g.file_path(e.file),
                "evidence": g.evidence(e),
                "line": e.line,
                "page": (e.page > 0).then_some(e.page),
                "start": e.start,
                "end": e.end,
            })
        })
        .collect();
    let v = json!({ "nodes": nodes, "edges": edges, "merges": g.merges() });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn graphml(g: &Graph, sub: &Subgraph) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n\
  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n\
  <key id=\"path\" for=\"node\" attr.name=\"path\" attr.type=\"string\"/>\n\
  <key id=\"rel\" for=\"edge\" attr.name=\"rel\" attr.type=\"string\"/>\n\
  <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n\
  <key id=\"file\" for=\"edge\" attr.name=\"file\" attr.type=\"string\"/>\n\
  <graph id=\"vanban\" edgedefault=\"directed\">\n",
    );
    for &n in &sub.nodes {
        let node = &g.nodes[n as usize];
        let _ = write!(
            s,
            "    <node id=\"n{n}\"><data key=\"label\">{}</data>",
            xml_escape(node.label())
        );
        if let Some(k) = &node.kind {
            let _ = write!(s, "<data key=\"kind\">{}</data>", xml_escape(k));
        }
        if let Some(p) = node.paths.first() {
            let _ = write!(s, "<data key=\"path\">{}</data>", xml_escape(p));
        }
        s.push_str("</node>\n");
    }
    for (i, &e) in sub.edges.iter().enumerate() {
        let e = &g.edges[e as usize];
        let _ = writeln!(
            s,
            "    <edge id=\"e{i}\" source=\"n{}\" target=\"n{}\"><data key=\"rel\">{}</data><data key=\"evidence\">{}</data><data key=\"file\">{}</data></edge>",
            e.from,
            e.to,
            e.rel,
            xml_escape(g.evidence(e)),
            xml_escape(g.file_path(e.file))
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}
