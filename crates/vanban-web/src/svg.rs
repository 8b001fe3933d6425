//! Diagrams drawn as SVG text: the citation chain of a document (layered, nodes are links) and
//! the trend of metric values over the years. Every text goes through [`xml`]; colours come
//! from classes of the stylesheet (the CSP forbids inline styles).

use std::collections::{BTreeMap, HashMap};
use vanban_graph::{Direction, Graph, NodeId, Rel, TraceNode};
use vanban_model::Metric;

/// Escape text for SVG.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n.saturating_sub(1)).collect();
        format!("{t}…")
    }
}

/// Most nodes drawn on one level; the rest are counted.
const PER_LEVEL: usize = 16;

/// Which way(s) a trace goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    /// What the document builds on.
    Up,
    /// What builds on it.
    Down,
    /// Both.
    Both,
}

/// One drawn node.
struct Placed {
    id: NodeId,
    level: i32,
}

/// The chain around `root` as a layered diagram: what it builds on above, what builds on it
/// below, arrows from the citing document to the cited one. `href` gives each node's link.
pub fn trace(
    g: &Graph,
    root: NodeId,
    way: Way,
    depth: usize,
    rels: Option<&[Rel]>,
    href: &dyn Fn(NodeId) -> String,
) -> (String, usize) {
    let mut nodes: Vec<Placed> = vec![Placed { id: root, level: 0 }];
    let mut at: HashMap<NodeId, usize> = HashMap::from([(root, 0)]);
    let mut edges: Vec<(NodeId, NodeId, Rel)> = Vec::new();
    let mut hidden: BTreeMap<i32, usize> = BTreeMap::new();
    let mut walk = |t: &TraceNode, dir: Direction| {
        let mut stack: Vec<(&TraceNode, NodeId, i32)> = vec![(t, root, 0)];
        while let Some((t, id, level)) = stack.pop() {
            for c in &t.children {
                let Some(cid) = g.lookup(&c.node) else {
                    continue;
                };
                let cl = if dir == Direction::Up {
                    level - 1
                } else {
                    level + 1
                };
                if let std::collections::hash_map::Entry::Vacant(slot) = at.entry(cid) {
                    let on_level = nodes.iter().filter(|p| p.level == cl).count();
                    if on_level >= PER_LEVEL {
                        *hidden.entry(cl).or_default() += 1;
                        continue;
                    }
                    slot.insert(nodes.len());
                    nodes.push(Placed { id: cid, level: cl });
                }
                let rel = c.rel.unwrap_or_default();
                let e = if dir == Direction::Up {
                    (id, cid, rel)
                } else {
                    (cid, id, rel)
                };
                if !edges.contains(&e) {
                    edges.push(e);
                }
                if !c.seen {
                    stack.push((c, cid, cl));
                }
            }
        }
    };
    if way != Way::Down {
        walk(&g.trace(root, Direction::Up, depth, rels), Direction::Up);
    }
    if way != Way::Up {
        walk(
            &g.trace(root, Direction::Down, depth, rels),
            Direction::Down,
        );
    }
    let (bw, bh, gx, gy) = (200.0, 48.0, 24.0, 80.0);
    let lo = nodes.iter().map(|p| p.level).min().unwrap_or(0);
    let hi = nodes.iter().map(|p| p.level).max().unwrap_or(0);
    let mut per: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, p) in nodes.iter().enumerate() {
        per.entry(p.level).or_default().push(i);
    }
    let widest = per.values().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let w = widest * (bw + gx) + gx;
    let h = (hi - lo + 1) as f64 * (bh + gy) + gy / 2.0;
    let mut pos: Vec<(f64, f64)> = vec![(0.0, 0.0); nodes.len()];
    for (level, idx) in &per {
        let n = idx.len() as f64;
        let x0 = (w - n * (bw + gx) + gx) / 2.0;
        let y = (level - lo) as f64 * (bh + gy) + gy / 2.0;
        for (k, &i) in idx.iter().enumerate() {
            pos[i] = (x0 + k as f64 * (bw + gx), y);
        }
    }
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trace\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-label=\"Sơ đồ trích dẫn\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>"
    );
    for &(from, to, rel) in &edges {
        let (Some(&a), Some(&b)) = (at.get(&from), at.get(&to)) else {
            continue;
        };
        let ((ax, ay), (bx, by)) = (pos[a], pos[b]);
        let (x1, x2) = (ax + bw / 2.0, bx + bw / 2.0);
        let (y1, y2) = if ay > by {
            (ay, by + bh)
        } else if ay < by {
            (ay + bh, by)
        } else {
            (ay + bh / 2.0, by + bh / 2.0)
        };
        s.push_str(&format!(
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" class=\"edge rel-{}\" marker-end=\"url(#arrow)\"/>",
            rel.as_str()
        ));
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"edgelabel\" text-anchor=\"middle\">{}</text>",
            (x1 + x2) / 2.0,
            (y1 + y2) / 2.0 - 3.0,
            xml(crate::render::rel_verb(rel))
        ));
    }
    for (i, p) in nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let Some(node) = g.node(p.id) else { continue };
        let class = if p.level == 0 {
            "node root"
        } else if node.paths.is_empty() {
            "node ext"
        } else {
            "node doc"
        };
        let label = match &node.key {
            Some(k) => k.clone(),
            None => node.label().rsplit('/').next().unwrap_or("?").to_string(),
        };
        let sub: Vec<String> = [
            node.kind.clone(),
            node.date.as_deref().map(crate::render::date_vi),
        ]
        .into_iter()
        .flatten()
        .collect();
        s.push_str(&format!(
            "<a href=\"{}\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw}\" height=\"{bh}\" rx=\"6\" class=\"{class}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"nodelabel\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"nodesub\">{}</text></a>",
            xml(&href(p.id)),
            xml(&node.subject.clone().unwrap_or_else(|| label.clone())),
            x + bw / 2.0,
            y + 20.0,
            xml(&clip(&label, 26)),
            x + bw / 2.0,
            y + 38.0,
            xml(&clip(&sub.join(" · "), 32)),
        ));
    }
    for (level, n) in &hidden {
        let y = (level - lo) as f64 * (bh + gy) + gy / 2.0 - 6.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{y:.1}\" class=\"more\">+{n} văn bản nữa</text>",
            gx
        ));
    }
    s.push_str("</svg>");
    (s, nodes.len())
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{:.2}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The trend of metric values against their year, one line per (index or indicator, kind).
pub fn trend(rows: &[&Metric], title: &str) -> String {
    let mut series: BTreeMap<(String, String), Vec<(i32, f64)>> = BTreeMap::new();
    for m in rows {
        let Some(y) = m.year else { continue };
        if !m.value.is_finite() {
            continue;
        }
        let name = m
            .index
            .clone()
            .or_else(|| m.indicator.as_deref().map(|s| clip(s, 40)))
            .unwrap_or_else(|| m.kind.as_str().to_string());
        series
            .entry((name, m.kind.as_str().to_string()))
            .or_default()
            .push((y, m.value));
    }
    // Keep the chart readable: the eight series with the most points.
    let mut list: Vec<_> = series.into_iter().collect();
    list.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    list.truncate(8);
    for (_, pts) in list.iter_mut() {
        pts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    let (w, h, ml, mr, mt, mb) = (860.0, 420.0, 70.0, 250.0, 40.0, 40.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Biểu đồ xu hướng\">\
         <text x=\"{ml}\" y=\"24\" class=\"charttitle\">{}</text>",
        xml(&format!("Xu hướng: {title}"))
    );
    let all: Vec<(i32, f64)> = list.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    if all.is_empty() {
        s.push_str(&format!(
            "<text x=\"{ml}\" y=\"{}\">Không có giá trị nào ghi rõ năm.</text></svg>",
            h / 2.0
        ));
        return s;
    }
    let ranks_only = list.iter().all(|((_, k), _)| k == "rank");
    let x0 = all.iter().map(|p| p.0).min().unwrap_or(0);
    let x1 = all.iter().map(|p| p.0).max().unwrap_or(0);
    let (x0, x1) = if x0 == x1 { (x0 - 1, x1 + 1) } else { (x0, x1) };
    let y0 = all
        .iter()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let mut y1 = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if y1 <= y0 {
        y1 = y0 + 1.0;
    }
    let (pw, ph) = (w - ml - mr, h - mt - mb);
    let px = |x: i32| ml + (x - x0) as f64 / (x1 - x0) as f64 * pw;
    // Rankings read best at the top.
    let py = |y: f64| {
        let f = (y - y0) / (y1 - y0);
        if ranks_only {
            mt + f * ph
        } else {
            mt + (1.0 - f) * ph
        }
    };
    s.push_str(&format!(
        "<line x1=\"{ml}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" class=\"axis\"/><line x1=\"{ml}\" y1=\"{mt}\" x2=\"{ml}\" y2=\"{b}\" class=\"axis\"/>",
        b = mt + ph,
        r = ml + pw
    ));
    let step = ((x1 - x0) / 12).max(1);
    let mut x = x0;
    while x <= x1 {
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{x}</text>",
            px(x),
            mt + ph + 18.0
        ));
        x += step;
    }
    for i in 0..=4 {
        let v = y0 + (y1 - y0) * i as f64 / 4.0;
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" class=\"tick\">{}</text>",
            ml - 8.0,
            py(v) + 4.0,
            num(v)
        ));
    }
    for (i, ((name, kind), pts)) in list.iter().enumerate() {
        let c = i % 8;
        let path: Vec<String> = pts
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
            .collect();
        s.push_str(&format!(
            "<polyline class=\"series s{c}\" points=\"{}\"/>",
            path.join(" ")
        ));
        for &(x, y) in pts {
            s.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" class=\"dot s{c}\"><title>{x}: {}</title></circle>",
                px(x),
                py(y),
                num(y)
            ));
        }
        let ly = mt + 20.0 * i as f64;
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{ly}\" width=\"12\" height=\"12\" class=\"key s{c}\"/><text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            ml + pw + 15.0,
            ml + pw + 32.0,
            ly + 11.0,
            xml(&format!("{} ({})", clip(name, 26), kind_vi(kind)))
        ));
    }
    s.push_str("</svg>");
    s
}

/// Vietnamese name of a metric kind.
pub fn kind_vi(k: &str) -> &str {
    match k {
        "percent" => "tỷ lệ %",
        "ratio" => "tỷ số",
        "count" => "số lượng",
        "amount" => "số tiền",
        "rank" => "xếp hạng",
        "score" => "điểm",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_draws_points() {
        assert_eq!(
            xml("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let mk = |y, v| Metric {
            kind: vanban_model::MetricKind::Rank,
            value: v,
            index: Some("PAR <INDEX>".into()),
            year: Some(y),
            ..Metric::default()
        };
        let ms = [mk(2021, 12.0), mk(2022, 7.0), mk(2023, f64::NAN)];
        let refs: Vec<&Metric> = ms.iter().collect();
        let svg = trend(&refs, "PAR");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("PAR &lt;INDEX&gt;"));
        assert!(!svg.contains("<INDEX>"));
    }
}
