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

use vanban_metrics::listing::clip;

/// Most nodes drawn on one level; the rest are counted.
const PER_LEVEL: usize = 20;

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
    let lay = layout(&nodes, &edges, &at, g);
    let Layout { pos, w, h, bands } = &lay;
    let (bw, bh) = (BOX_W, BOX_H);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trace\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"img\" aria-label=\"Sơ đồ trích dẫn\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>"
    );
    // Level captions in the left margin, a light band behind each level.
    for &(level, top, bottom) in bands {
        let caption = match level.cmp(&0) {
            std::cmp::Ordering::Less => format!("↑ Cấp {}", -level),
            std::cmp::Ordering::Equal => "Văn bản này".to_string(),
            std::cmp::Ordering::Greater => format!("↓ Cấp {level}"),
        };
        let hint = match level.cmp(&0) {
            std::cmp::Ordering::Less => "được dẫn chiếu",
            std::cmp::Ordering::Equal => "",
            std::cmp::Ordering::Greater => "dẫn chiếu đến",
        };
        s.push_str(&format!(
            "<rect x=\"4\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" class=\"band{}\"/>\
             <text x=\"14\" y=\"{:.1}\" class=\"levelcap\">{}</text><text x=\"14\" y=\"{:.1}\" class=\"levelhint\">{}</text>",
            top - 8.0,
            w - 8.0,
            bottom - top + 16.0,
            if level == 0 { " root" } else { "" },
            top + 18.0,
            xml(&caption),
            top + 34.0,
            xml(hint)
        ));
    }
    // Edges under the boxes: a curve from the citing document to the cited one.
    let mut labels: BTreeMap<(usize, bool), Vec<Rel>> = BTreeMap::new();
    for &(from, to, rel) in &edges {
        let (Some(&a), Some(&b)) = (at.get(&from), at.get(&to)) else {
            continue;
        };
        let ((ax, ay), (bx, by)) = (pos[a], pos[b]);
        let (x1, x2) = (ax + bw / 2.0, bx + bw / 2.0);
        let d = if (ay - by).abs() < 1.0 {
            // Same row: an arc over the boxes.
            let y = ay;
            let lift = 26.0 + (x2 - x1).abs() / 12.0;
            format!(
                "M{x1:.1},{y:.1} C{x1:.1},{:.1} {x2:.1},{:.1} {x2:.1},{y:.1}",
                y - lift,
                y - lift
            )
        } else {
            let (y1, y2) = if ay > by {
                (ay, by + bh)
            } else {
                (ay + bh, by)
            };
            let ym = (y1 + y2) / 2.0;
            format!("M{x1:.1},{y1:.1} C{x1:.1},{ym:.1} {x2:.1},{ym:.1} {x2:.1},{y2:.1}")
        };
        s.push_str(&format!(
            "<path d=\"{d}\" class=\"edge rel-{}\" marker-end=\"url(#arrow)\"/>",
            rel.as_str()
        ));
        // The label sits by the end farther from the document, where edges do not bunch.
        let (far, other) = if nodes[a].level.abs() >= nodes[b].level.abs() {
            (a, b)
        } else {
            (b, a)
        };
        let above = pos[other].1 < pos[far].1 || (pos[other].1 - pos[far].1).abs() < 1.0;
        let v = labels.entry((far, above)).or_default();
        if !v.contains(&rel) {
            v.push(rel);
        }
    }
    for ((i, above), rels) in &labels {
        let (x, y) = pos[*i];
        let ly = if *above { y - 7.0 } else { y + bh + 15.0 };
        let text: Vec<&str> = rels.iter().map(|r| crate::render::rel_verb(*r)).collect();
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{ly:.1}\" class=\"edgelabel\" text-anchor=\"middle\">{}</text>",
            x + bw / 2.0,
            xml(&clip(&text.join(", "), 34))
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
        let label = node_label(g, p.id);
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
            xml(&clip(&label, 24)),
            x + bw / 2.0,
            y + 38.0,
            xml(&clip(&sub.join(" · "), 30)),
        ));
    }
    for &(level, top, _) in bands {
        if let Some(n) = hidden.get(&level) {
            s.push_str(&format!(
                "<text x=\"14\" y=\"{:.1}\" class=\"more\">+{n} văn bản nữa</text>",
                top + 50.0
            ));
        }
    }
    s.push_str("</svg>");
    (s, nodes.len())
}

/// Width of a node box.
const BOX_W: f64 = 184.0;
/// Height of a node box.
const BOX_H: f64 = 48.0;
/// Boxes side by side in one row of a level; a fuller level wraps onto more rows.
const COLS: usize = 5;
/// Left margin, where the level captions go.
const MARGIN_L: f64 = 128.0;
/// Gap between boxes of a row.
const GAP_X: f64 = 22.0;
/// Gap between rows of one level (room for an edge label).
const GAP_ROW: f64 = 30.0;
/// Gap between levels (room for the curves and their labels).
const GAP_LEVEL: f64 = 64.0;

/// Where everything goes.
struct Layout {
    /// Top-left corner of each node's box.
    pos: Vec<(f64, f64)>,
    /// Drawing width.
    w: f64,
    /// Drawing height.
    h: f64,
    /// Each level with the top and bottom of its rows.
    bands: Vec<(i32, f64, f64)>,
}

/// The label of a node: its key, else its file name.
fn node_label(g: &Graph, id: NodeId) -> String {
    match g.node(id) {
        Some(n) => match &n.key {
            Some(k) => k.clone(),
            None => n.label().rsplit('/').next().unwrap_or("?").to_string(),
        },
        None => "?".into(),
    }
}

/// A layered layout: one level per distance from the document (up above, down below), each
/// level wrapped onto rows of [`COLS`] boxes; within a level, nodes are ordered by where their
/// neighbours nearer the document stand (fewer crossings), and the row nearest the document
/// is filled first.
fn layout(
    nodes: &[Placed],
    edges: &[(NodeId, NodeId, Rel)],
    at: &HashMap<NodeId, usize>,
    g: &Graph,
) -> Layout {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, b, _) in edges {
        if let (Some(&i), Some(&j)) = (at.get(a), at.get(b)) {
            adj[i].push(j);
            adj[j].push(i);
        }
    }
    let mut per: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, p) in nodes.iter().enumerate() {
        per.entry(p.level).or_default().push(i);
    }
    let widest = per.values().map(Vec::len).max().unwrap_or(1);
    let cols = widest.clamp(1, COLS);
    let inner = cols as f64 * (BOX_W + GAP_X) - GAP_X;
    let w = MARGIN_L + inner + 16.0;
    // Horizontal centre of each node, level by level outwards from the document.
    let mut cx: Vec<Option<f64>> = vec![None; nodes.len()];
    let mut rank: Vec<usize> = vec![0; nodes.len()];
    let labels: Vec<String> = nodes.iter().map(|p| node_label(g, p.id)).collect();
    let mut order: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    let levels: Vec<i32> = {
        let mut up: Vec<i32> = per.keys().copied().filter(|l| *l <= 0).collect();
        up.reverse();
        let down = per.keys().copied().filter(|l| *l > 0);
        up.into_iter().chain(down).collect()
    };
    for level in levels {
        let mut members = per[&level].clone();
        let inward = level - level.signum();
        let key = |i: usize| -> f64 {
            let xs: Vec<f64> = adj[i]
                .iter()
                .filter(|&&j| nodes[j].level == inward)
                .filter_map(|&j| cx[j])
                .collect();
            if xs.is_empty() {
                f64::MAX
            } else {
                xs.iter().sum::<f64>() / xs.len() as f64
            }
        };
        let keys: HashMap<usize, f64> = members.iter().map(|&i| (i, key(i))).collect();
        members.sort_by(|&a, &b| {
            keys[&a]
                .total_cmp(&keys[&b])
                .then_with(|| labels[a].cmp(&labels[b]))
        });
        let n = members.len();
        for (k, &i) in members.iter().enumerate() {
            let row_len = if k / cols == n / cols { n % cols } else { cols };
            let row_len = if row_len == 0 { cols } else { row_len };
            let x0 = MARGIN_L + (inner - (row_len as f64 * (BOX_W + GAP_X) - GAP_X)) / 2.0;
            cx[i] = Some(x0 + (k % cols) as f64 * (BOX_W + GAP_X) + BOX_W / 2.0);
            rank[i] = k;
        }
        order.insert(level, members);
    }
    // Vertical: levels top to bottom; an upper level's first row is its lowest one.
    let mut pos = vec![(0.0, 0.0); nodes.len()];
    let mut bands = Vec::new();
    let mut y = 16.0;
    for (level, members) in &order {
        let rows = members.len().div_ceil(cols).max(1);
        let top = y;
        for &i in members {
            let r = rank[i] / cols;
            let from_top = if *level < 0 { rows - 1 - r } else { r };
            pos[i] = (
                cx[i].unwrap_or(MARGIN_L) - BOX_W / 2.0,
                top + from_top as f64 * (BOX_H + GAP_ROW),
            );
        }
        let bottom = top + rows as f64 * (BOX_H + GAP_ROW) - GAP_ROW;
        bands.push((*level, top, bottom));
        y = bottom + GAP_LEVEL;
    }
    let h = y - GAP_LEVEL + 24.0;
    Layout { pos, w, h, bands }
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
    let finite = rows.iter().copied().filter(|m| m.value.is_finite());
    // Keep the chart readable: the eight series with the most points.
    let mut list: Vec<_> = vanban_metrics::listing::series(finite)
        .into_iter()
        .collect();
    list.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    list.truncate(8);
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
    let Some(sc) = vanban_metrics::listing::Scale::of(&all, ranks_only) else {
        return s + "</svg>";
    };
    let (x0, x1, y0, y1) = (sc.x0, sc.x1, sc.y0, sc.y1);
    let (pw, ph) = (w - ml - mr, h - mt - mb);
    let px = |x: i32| sc.x(x, ml, pw);
    // Rankings read best at the top.
    let py = |y: f64| sc.y(y, mt, ph);
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

    fn record(path: &str, key: &str, cites: &[String]) -> vanban_model::FileRecord {
        vanban_model::FileRecord {
            source: path.into(),
            document: Some(vanban_model::Document {
                key: Some(key.into()),
                kind: Some("Kế hoạch".into()),
                ..vanban_model::Document::default()
            }),
            references: cites
                .iter()
                .map(|k| vanban_model::Reference {
                    text: format!("Quyết định số {k}"),
                    kind: "Quyết định".into(),
                    key: k.clone(),
                    ..vanban_model::Reference::default()
                })
                .collect(),
            ..vanban_model::FileRecord::default()
        }
    }

    /// The (x, y) of every node box drawn, in order.
    fn boxes(svg: &str) -> Vec<(f64, f64)> {
        svg.split("<rect x=\"")
            .skip(1)
            .filter(|r| r.contains("class=\"node"))
            .map(|r| {
                let x: f64 = r[..r.find('"').unwrap()].parse().unwrap();
                let r = &r[r.find("y=\"").unwrap() + 3..];
                let y: f64 = r[..r.find('"').unwrap()].parse().unwrap();
                (x, y)
            })
            .collect()
    }

    #[test]
    fn trace_is_layered_wrapped_and_labelled() {
        // A plan citing 12 decisions, and 3 reports citing the plan.
        let cited: Vec<String> = (1..=12).map(|i| format!("{i}/QĐ-UBND")).collect();
        let mut recs = vec![record("/c/plan.txt", "100/KH-UBND", &cited)];
        for i in 0..3 {
            recs.push(record(
                &format!("/c/r{i}.txt"),
                &format!("{}/BC-UBND", 200 + i),
                &["100/KH-UBND".to_string()],
            ));
        }
        let g = Graph::from_records(&recs);
        let root = g.lookup("/c/plan.txt").unwrap();
        // The fixture's edges are plain citations, which a trace follows only when asked.
        let cites = [Rel::Cites];
        let (svg, n) = trace(&g, root, Way::Both, 2, Some(&cites), &|id| {
            format!("/n/{id}")
        });
        assert_eq!(n, 16, "{svg}");
        let b = boxes(&svg);
        assert_eq!(b.len(), 16);
        // Levels: the cited decisions above the plan, the reports below it.
        let root_y = b[0].1;
        let above = b.iter().filter(|p| p.1 < root_y).count();
        let below = b.iter().filter(|p| p.1 > root_y).count();
        assert_eq!((above, below), (12, 3));
        // Twelve boxes do not make one wide row: at most COLS a row, rows of their own.
        let mut rows: Vec<i64> = b.iter().map(|p| p.1 as i64).collect();
        rows.sort();
        rows.dedup();
        assert!(rows.len() >= 5, "rows at {rows:?}");
        let width: f64 = svg[svg.find("width=\"").unwrap() + 7..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(width <= 1200.0, "width {width}");
        // No two boxes overlap.
        for (i, p) in b.iter().enumerate() {
            for q in &b[i + 1..] {
                let apart = (p.0 - q.0).abs() >= BOX_W || (p.1 - q.1).abs() >= BOX_H;
                assert!(apart, "{p:?} overlaps {q:?}");
            }
        }
        // Every node is a link, every edge is labelled, levels are captioned.
        assert_eq!(svg.matches("<a href=\"/n/").count(), 16);
        assert_eq!(svg.matches("class=\"edge ").count(), 15);
        assert!(svg.matches("class=\"edgelabel\"").count() >= 15, "{svg}");
        assert!(svg.contains("↑ Cấp 1") && svg.contains("↓ Cấp 1"));
    }

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
