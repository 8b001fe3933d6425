//! The HTML pages. Each handler takes the current snapshot and does its work on a blocking
//! thread (tantivy and the graph are synchronous); every failure is a page with a status.

use crate::catalog::{Entry, Facet};
use crate::query::{enc_segment, url, BadQuery, Params};
use crate::render::{
    date_vi, error_page, file_href, frame, html_response, key_href, node_href, place, rel_verb,
    snippet, status_badge, status_label, trusted,
};
use crate::state::{Snapshot, State};
use crate::svg::{self, Way};
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::HashMap;
use std::sync::Arc;
use vanban_graph::{Graph, NodeId, Rel};
use vanban_index::{Hit, MatchKind, SearchOptions};
use vanban_metrics::listing;
use vanban_model::Metric;

/// Results per page.
pub const PAGE: usize = 20;
/// Hits fetched from the index for one query (facets count within them). Each costs a stored
/// document read and a snippet: at 100k documents a window of 300 (the index then reads 620
/// files) made word searches take seconds under load.
pub const WINDOW: usize = 100;
/// Longest text shown on a document page.
const MAX_TEXT: usize = 800_000;
/// Largest original file served.
const MAX_FILE: u64 = 256 << 20;

/// Why a page could not be made.
pub enum Fail {
    /// Nothing at this address.
    NotFound(String),
    /// The request is malformed.
    Bad(String),
    /// The index failed.
    Internal(String),
}

impl From<BadQuery> for Fail {
    fn from(b: BadQuery) -> Fail {
        Fail::Bad(b.0)
    }
}

impl Fail {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            Fail::NotFound(_) => StatusCode::NOT_FOUND,
            Fail::Bad(_) => StatusCode::BAD_REQUEST,
            Fail::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        match self {
            Fail::NotFound(m) | Fail::Bad(m) | Fail::Internal(m) => m,
        }
    }
}

/// Run `f` on the current snapshot off the async threads; a panic becomes a 500 page.
pub async fn blocking<F>(st: Arc<State>, f: F) -> Result<Response, Fail>
where
    F: FnOnce(&Snapshot) -> Result<Response, Fail> + Send + 'static,
{
    let snap = st.snapshot();
    match tokio::task::spawn_blocking(move || f(&snap)).await {
        Ok(r) => r,
        Err(_) => Err(Fail::Internal("lỗi nội bộ khi xử lý yêu cầu".into())),
    }
}

fn page_result(r: Result<Response, Fail>) -> Response {
    r.unwrap_or_else(|f| error_page(f.status(), f.message()))
}

/// `/`: the search box and the whole index to browse.
pub async fn home(AxState(st): AxState<Arc<State>>) -> Response {
    page_result(blocking(st, |s| search_page(s, &Params::default(), true)).await)
}

/// `/search?q=&kind=&issuer=&locality=&year=&status=&page=`.
pub async fn search(AxState(st): AxState<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.0),
    };
    page_result(blocking(st, move |s| search_page(s, &params, false)).await)
}

/// One row of a result list.
struct Row<'a> {
    entry: Option<&'a Entry>,
    hit: Option<Hit>,
}

impl Row<'_> {
    fn facet(&self, f: Facet) -> Option<&str> {
        self.entry.and_then(|e| e.facet(f))
    }
}

fn search_page(s: &Snapshot, p: &Params, home: bool) -> Result<Response, Fail> {
    let q = p.get("q").unwrap_or("");
    let page = p.number("page", 1, 1, 1000)?;
    let filters: Vec<(Facet, &str)> = Facet::ALL
        .into_iter()
        .filter_map(|f| p.get(f.param()).map(|v| (f, v)))
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut capped = false;
    let mut index_total = 0;
    if q.is_empty() {
        rows.extend(s.catalog.entries.iter().map(|e| Row {
            entry: Some(e),
            hit: None,
        }));
    } else if let Some(idx) = &s.index {
        // Without a facet filter the page shows hits (page-1)*PAGE.. of the window: only
        // those need snippets and lines.
        let details =
            (filters.is_empty() && page <= WINDOW / PAGE).then(|| (page - 1) * PAGE..page * PAGE);
        let opts = SearchOptions {
            limit: WINDOW,
            details,
            ..SearchOptions::default()
        };
        let res = idx
            .search_page(q, &opts)
            .map_err(|e| Fail::Bad(e.to_string()))?;
        capped = res.hits.len() >= WINDOW;
        index_total = res.total;
        let hits = res.hits;
        rows.extend(hits.into_iter().map(|h| Row {
            entry: s.catalog.by_path(&h.source),
            hit: Some(h),
        }));
    }
    let kept: Vec<&Row> = rows
        .iter()
        .filter(|r| filters.iter().all(|(f, v)| r.facet(*f) == Some(*v)))
        .collect();
    let total = kept.len();
    let pages = total.div_ceil(PAGE).max(1);
    let shown: Vec<&&Row> = kept.iter().skip((page - 1) * PAGE).take(PAGE).collect();
    let target = number_target(&s.graph, &rows);
    let base: Vec<(&str, &str)> = std::iter::once(("q", q))
        .chain(filters.iter().map(|(f, v)| (f.param(), *v)))
        .collect();
    let facets: Vec<(Facet, Vec<(String, usize)>)> = Facet::ALL
        .into_iter()
        .map(|f| {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for r in &kept {
                if let Some(v) = r.facet(f) {
                    *counts.entry(v).or_default() += 1;
                }
            }
            let mut v: Vec<(String, usize)> = counts
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(12);
            (f, v)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let with = |k: &str, v: &str| -> String {
        let mut pairs: Vec<(&str, &str)> =
            base.iter().filter(|(bk, _)| *bk != k).copied().collect();
        pairs.push((k, v));
        url("/search", &pairs)
    };
    let title = if q.is_empty() {
        "Tra cứu văn bản".to_string()
    } else {
        format!("Kết quả cho “{q}”")
    };
    let body = html! {
        @if home || (q.is_empty() && filters.is_empty()) {
            section.intro {
                h1 { "Tra cứu văn bản hành chính" }
                p { "Gõ số hiệu theo cách nào cũng được (" a href=(url("/search", &[("q", "184 kh ubnd")])) { "184 kh ubnd" }
                    ", " a href=(url("/search", &[("q", "184/KH-UBND")])) { "184/KH-UBND" }
                    ") hoặc từ khóa có dấu hay không dấu (" a href=(url("/search", &[("q", "cai cach hanh chinh")])) { "cai cach hanh chinh" } ")." }
                @if s.index.is_none() {
                    p.problem { "Chưa có chỉ mục. Chạy " code { "vanban serve THƯ_MỤC" } " hoặc " code { "vanban ingest THƯ_MỤC" } "; trang sẽ tự cập nhật." }
                }
            }
        } @else {
            h1 { (title) }
        }
        div.results {
            aside.facets {
                @if !filters.is_empty() {
                    section.active {
                        h2 { "Đang lọc" }
                        ul {
                            @for (f, v) in &filters {
                                @let rest: Vec<(&str, &str)> = base.iter().filter(|(k, _)| *k != f.param()).copied().collect();
                                li { (f.label()) ": " strong { (filter_value(*f, v)) } " "
                                    a.remove href=(url("/search", &rest)) title="Bỏ lọc" { "× bỏ lọc" } }
                            }
                        }
                    }
                }
                @for (f, values) in &facets {
                    section.facet {
                        h2 { (f.label()) }
                        ul {
                            @for (v, n) in values {
                                li { a href=(with(f.param(), v)) { (filter_value(*f, v)) } " " span.count { (n) } }
                            }
                        }
                    }
                }
            }
            section.hits {
                p.total {
                    @if total == 0 {
                        @if q.is_empty() { "Không có văn bản nào." } @else { "Không tìm thấy kết quả nào cho “" (q) "”." }
                    } @else {
                        "Tìm thấy " (if capped && filters.is_empty() { index_total.max(total) } else { total }) " kết quả"
                        @if pages > 1 { " · trang " (page) "/" (pages) }
                    }
                }
                ol.hitlist start=((page - 1) * PAGE + 1) {
                    @for r in &shown { (hit_item(s, r, target)) }
                }
                @if pages > 1 {
                    nav.pager {
                        @if page > 1 { a rel="prev" href=(with("page", &(page - 1).to_string())) { "‹ Trang trước" } }
                        span { "Trang " (page) " / " (pages) }
                        @if page < pages { a rel="next" href=(with("page", &(page + 1).to_string())) { "Trang sau ›" } }
                    }
                }
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        frame(&title, Some(s), q, body),
    ))
}

fn filter_value(f: Facet, v: &str) -> String {
    match f {
        Facet::Status => status_label(v).to_string(),
        _ => v.to_string(),
    }
}

/// The node of the number a number query found, for the relation of each citing hit.
fn number_target(g: &Graph, rows: &[Row]) -> Option<NodeId> {
    rows.iter()
        .filter_map(|r| r.hit.as_ref())
        .find(|h| h.matched == MatchKind::Number)
        .and_then(|h| {
            h.key
                .as_deref()
                .and_then(|k| g.lookup(k))
                .or_else(|| g.lookup(&h.source))
        })
}

/// How `from` cites `to`: its strongest relation.
fn strongest(g: &Graph, from: NodeId, to: NodeId) -> Option<Rel> {
    let rels: Vec<Rel> = g
        .out_edges(from)
        .filter(|e| e.to == to)
        .map(|e| e.rel)
        .collect();
    Rel::ALL.into_iter().find(|r| rels.contains(r))
}

/// How `from` cites the reference written `cited`: the strongest relation to a node whose key
/// the text contains.
fn cited_rel(g: &Graph, from: NodeId, cited: &str) -> Option<Rel> {
    let up = cited
        .to_uppercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let rels: Vec<Rel> = g
        .out_edges(from)
        .filter(|e| {
            g.node(e.to)
                .and_then(|n| n.key.as_deref())
                .is_some_and(|k| up.contains(&k.to_uppercase()))
        })
        .map(|e| e.rel)
        .collect();
    Rel::ALL.into_iter().find(|r| rels.contains(r))
}

fn hit_item(s: &Snapshot, r: &Row, target: Option<NodeId>) -> Markup {
    let e = r.entry;
    let h = r.hit.as_ref();
    let href = e
        .map(|e| format!("/doc/{}", e.id))
        .unwrap_or_else(|| "/".into());
    let name = e
        .and_then(|e| e.number.clone())
        .or_else(|| h.and_then(|h| h.key.clone()))
        .or_else(|| e.map(|e| e.file_name().to_string()))
        .unwrap_or_else(|| "?".into());
    let how = h.map(|h| match h.matched {
        MatchKind::Number => "Văn bản mang số này".to_string(),
        MatchKind::Cites => {
            let cited = h.cited.clone().unwrap_or_default();
            let rel = s.graph.lookup(&h.source).and_then(|from| match target {
                Some(t) => strongest(&s.graph, from, t),
                None => cited_rel(&s.graph, from, &cited),
            });
            format!("{} {cited}", rel_verb(rel.unwrap_or(Rel::Cites)))
        }
        MatchKind::Text => String::new(),
    });
    let (page, line) = h.map_or((None, None), |h| (h.page, h.line));
    html! {
        li.hit {
            div.hithead {
                a.title href=(href) { (name) }
                @if let Some(k) = e.and_then(|e| e.kind.as_deref()).or(h.and_then(|h| h.kind.as_deref())) { span.kind { (k) } }
                (status_badge(e.and_then(|e| e.status.as_deref())))
                @if let Some(w) = how.filter(|w| !w.is_empty()) { span.how { (w) } }
            }
            @if let Some(sub) = e.and_then(|e| e.subject.as_deref()).or(h.and_then(|h| h.subject.as_deref())) {
                div.subject { (sub) }
            }
            div.meta {
                @if let Some(e) = e {
                    @if let Some(i) = &e.issuer { span { (i) } " · " }
                    @if let Some(d) = &e.date { span { (date_vi(d)) } " · " }
                    a.file href=(file_href(e, page)) { (e.file_name()) }
                }
                @let pl = place(page, line);
                @if !pl.is_empty() { " · " span.place { (pl) } }
            }
            @if let Some(h) = h.filter(|h| !h.snippet.is_empty()) {
                blockquote.snippet { (snippet(&h.snippet)) }
            }
        }
    }
}

/// `/doc/{id}`: metadata, text with linked references, lược đồ, metrics, files.
pub async fn doc(AxState(st): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    page_result(blocking(st, move |s| doc_page(s, &id)).await)
}

fn find_entry<'a>(s: &'a Snapshot, id: &str) -> Result<&'a Entry, Fail> {
    s.catalog
        .by_id(id)
        .ok_or_else(|| Fail::NotFound("Không có văn bản nào mang mã này trong chỉ mục.".into()))
}

fn doc_page(s: &Snapshot, id: &str) -> Result<Response, Fail> {
    let e = find_entry(s, id)?;
    let idx = s
        .index
        .as_ref()
        .ok_or_else(|| Fail::NotFound("Chưa có chỉ mục.".into()))?;
    let docs = idx
        .show(&e.path)
        .map_err(|err| Fail::Internal(err.to_string()))?;
    let d = docs
        .into_iter()
        .find(|d| d.record.source == e.path)
        .ok_or_else(|| Fail::NotFound("Văn bản đã bị xóa khỏi chỉ mục.".into()))?;
    let g = &s.graph;
    let node = g.lookup(&e.path);
    let meta = d.record.document.clone().unwrap_or_default();
    let number = meta.number.clone().or(meta.key.clone());
    let title = number.clone().unwrap_or_else(|| e.file_name().to_string());
    // Every reference links to the cited document when it is ingested, else to its key page.
    let links: Vec<(String, String, Option<u32>)> = d
        .record
        .references
        .iter()
        .filter(|r| !r.is_self && !r.text.is_empty())
        .map(|r| {
            let href = g
                .lookup(&r.key)
                .map(|n| node_href(s, g, n))
                .unwrap_or_else(|| key_href(&r.key));
            (r.text.clone(), href, r.span.page)
        })
        .collect();
    let mut text = d.text.as_str();
    let cut = text.len() > MAX_TEXT;
    if cut {
        let mut i = MAX_TEXT;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        text = &text[..i];
    }
    let files: Vec<&Entry> = node
        .and_then(|n| g.node(n))
        .map(|n| {
            n.paths
                .iter()
                .filter_map(|p| s.catalog.by_path(p))
                .collect()
        })
        .filter(|v: &Vec<&Entry>| !v.is_empty())
        .unwrap_or_else(|| vec![e]);
    let out_groups = node.map(|n| g.cites(n)).unwrap_or_default();
    let mut in_groups: Vec<(Rel, Vec<vanban_graph::Hit>)> = Vec::new();
    for h in node.map(|n| g.cited_by(n)).unwrap_or_default() {
        match in_groups.iter_mut().find(|(r, _)| *r == h.rel) {
            Some((_, v)) => v.push(h),
            None => in_groups.push((h.rel, vec![h])),
        }
    }
    in_groups.sort_by_key(|(r, _)| Rel::ALL.iter().position(|x| x == r));
    let dash = "—";
    let body = html! {
        h1 { (title) }
        @if let Some(sub) = &meta.subject { p.lead { (sub) } }
        nav.doclinks {
            a href=(format!("/trace/{}", e.id)) { "Sơ đồ trích dẫn" }
            a href=(format!("/api/doc/{}", e.id)) { "Dữ liệu JSON" }
        }
        table.meta {
            tr { th { "Số ký hiệu" } td { (number.as_deref().unwrap_or(dash)) } }
            tr { th { "Loại văn bản" } td { (meta.kind.as_deref().unwrap_or(dash)) } }
            tr { th { "Cơ quan ban hành" } td {
                @if meta.issuing_body.is_empty() { (meta.issuer.as_deref().unwrap_or(dash)) }
                @else { (meta.issuing_body.join(" – ")) } } }
            tr { th { "Ngày ban hành" } td { (meta.date.as_deref().map(date_vi).unwrap_or_else(|| dash.into())) } }
            tr { th { "Ngày có hiệu lực" } td { (e.effective.as_deref().map(date_vi).unwrap_or_default()) } }
            tr { th { "Người ký" } td { (meta.signer.as_deref().unwrap_or(dash)) } }
            tr { th { "Tình trạng hiệu lực" } td { (status_badge(e.status.as_deref())) } }
            @if let Some(pl) = &meta.place { tr { th { "Nơi ban hành" } td { (pl) } } }
            @if let Some(l) = &meta.locality { tr { th { "Địa phương" } td { (l) } } }
        }
        section.files {
            h2 { "Tệp gốc" }
            ul {
                @for f in &files {
                    li { a.file href=(file_href(f, Some(1))) { (f.file_name()) }
                        @if let Some(n) = f.pages { " (" (n) " trang, PDF)" } }
                }
            }
        }
        section.luocdo {
            h2 { "Lược đồ" }
            @if out_groups.is_empty() && in_groups.is_empty() {
                p { "Văn bản này không dẫn chiếu và chưa được văn bản nào dẫn chiếu." }
            }
            div.cols {
                div {
                    @for (rel, hits) in &out_groups {
                        h3 { (rel.inverse_label()) " (" (hits.len()) ")" }
                        ul { @for h in hits { li { (graph_link(s, g, &h.to)) } } }
                    }
                }
                div {
                    @for (rel, hits) in &in_groups {
                        h3 { (rel.label()) " (" (hits.len()) ")" }
                        ul { @for h in hits {
                            li { (graph_link(s, g, &h.from))
                                @if !h.sentence.is_empty() { blockquote { (h.sentence) } } }
                        } }
                    }
                }
            }
        }
        @if !d.record.metrics.is_empty() {
            section.docmetrics {
                h2 { "Chỉ số, số liệu trong văn bản (" (d.record.metrics.len()) ")" }
                (metric_table(d.record.metrics.iter().take(200).map(|m| (None, m))))
            }
        }
        section.text {
            h2 { "Toàn văn" }
            div.fulltext { (linked_text(text, &links, e)) }
            @if cut { p.problem { "Văn bản dài, chỉ hiện phần đầu." } }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        frame(&title, Some(s), "", body),
    ))
}

fn graph_link(s: &Snapshot, g: &Graph, label: &str) -> Markup {
    let Some(n) = g.lookup(label) else {
        return html! { (label) };
    };
    let node = g.node(n);
    let shown = node
        .and_then(|n| n.key.clone())
        .or_else(|| {
            node.and_then(|n| n.paths.first())
                .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
        })
        .unwrap_or_else(|| label.to_string());
    let extra: Vec<String> = node
        .map(|n| {
            [n.kind.clone(), n.date.as_deref().map(date_vi)]
                .into_iter()
                .flatten()
                .collect()
        })
        .unwrap_or_default();
    html! {
        a href=(node_href(s, g, n)) { (shown) }
        @if !extra.is_empty() { " " span.minor { "(" (extra.join(", ")) ")" } }
        @if let Some(sub) = node.and_then(|n| n.subject.as_deref()) { " " span.minor { (sub) } }
    }
}

/// The text with each reference (found in order of appearance) as a link, and PDF page
/// breaks as anchors `#p2`, `#p3`.
fn linked_text(text: &str, links: &[(String, String, Option<u32>)], e: &Entry) -> Markup {
    let mut spans: Vec<(usize, usize, &str, Option<u32>)> = Vec::new();
    let mut at = 0;
    for (surface, href, page) in links {
        let found = text
            .get(at..)
            .and_then(|t| t.find(surface.as_str()))
            .map(|i| at + i)
            .or_else(|| text.find(surface.as_str()).filter(|&i| i >= at));
        if let Some(i) = found {
            spans.push((i, i + surface.len(), href, *page));
            at = i + surface.len();
        }
    }
    let mut pieces: Vec<Markup> = Vec::new();
    let mut pos = 0;
    let mut page = 1u32;
    let plain = |t: &str, page: &mut u32, pieces: &mut Vec<Markup>| {
        for (k, part) in t.split('\x0c').enumerate() {
            if k > 0 {
                *page += 1;
                let id = format!("p{page}");
                pieces.push(html! { span.pagebreak id=(id) { "Trang " (page) } });
            }
            pieces.push(html! { (part) });
        }
    };
    for (s, end, href, rpage) in spans {
        plain(&text[pos..s], &mut page, &mut pieces);
        let t = &text[s..end];
        pieces.push(html! {
            a.ref href=(href) { (t) }
            @if let Some(p) = rpage.filter(|_| e.is_pdf()) {
                a.pdfpage href=(file_href(e, Some(p))) title="Mở bản PDF ở trang này" { "[tr." (p) "]" }
            }
        });
        pos = end;
    }
    plain(&text[pos..], &mut page, &mut pieces);
    html! { @for p in &pieces { (p) } }
}

fn shown_value(m: &Metric) -> String {
    let num = listing::num;
    match m.kind.as_str() {
        "ratio" => match (m.numerator, m.denominator) {
            (Some(a), Some(b)) => format!("{}/{}", num(a), num(b)),
            _ => num(m.value),
        },
        "percent" => format!("{}%", num(m.value)),
        "rank" => match m.denominator {
            Some(d) => format!("hạng {}/{}", num(m.value), num(d)),
            None => format!("hạng {}", num(m.value)),
        },
        _ => num(m.value),
    }
}

fn metric_table<'a>(rows: impl Iterator<Item = (Option<&'a Entry>, &'a Metric)>) -> Markup {
    html! {
        table.metrics {
            thead { tr {
                th { "Văn bản" } th { "Kỳ" } th { "Loại" } th { "Giá trị" } th { "Đơn vị" }
                th { "Chỉ số" } th { "Chỉ tiêu" } th { "Mục tiêu" } th { "Dòng" }
            } }
            tbody {
                @for (e, m) in rows {
                    tr {
                        td { @if let Some(e) = e { a href=(format!("/doc/{}", e.id)) { (e.number.as_deref().unwrap_or(e.file_name())) } } }
                        td { (m.period.as_deref().unwrap_or("")) }
                        td { (svg::kind_vi(m.kind.as_str())) }
                        td.num { (shown_value(m)) }
                        td { (m.unit.as_deref().unwrap_or("")) }
                        td { (m.index.as_deref().unwrap_or("")) }
                        td { (m.indicator.as_deref().unwrap_or(&m.text)) }
                        td { @if m.target { "có" } }
                        td.num { (m.span.line) }
                    }
                }
            }
        }
    }
}

/// `/file/{id}`: the original file of an ingested document, found by id only.
pub async fn file(AxState(st): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    page_result(blocking(st, move |s| serve_file(s, &id)).await)
}

fn serve_file(s: &Snapshot, id: &str) -> Result<Response, Fail> {
    let e = find_entry(s, id)?;
    let gone = || Fail::NotFound("Tệp gốc không còn ở chỗ cũ.".into());
    let p = std::path::Path::new(&e.path);
    // The path was made canonical at ingest: a file replaced by a symlink (or moved behind
    // one) since then is no longer the ingested file.
    if !p.is_absolute() {
        return Err(gone());
    }
    let lmeta = std::fs::symlink_metadata(p).map_err(|_| gone())?;
    if !lmeta.file_type().is_file() || lmeta.len() > MAX_FILE {
        return Err(gone());
    }
    if std::fs::canonicalize(p).ok().as_deref() != Some(p) {
        return Err(gone());
    }
    let bytes = std::fs::read(p).map_err(|_| gone())?;
    let ext = p
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (ctype, inline) = match ext.as_str() {
        "pdf" => ("application/pdf", true),
        // A web copy is shown as its source text, never run as a page.
        "txt" | "text" | "htm" | "html" | "md" | "csv" => {
            if std::str::from_utf8(&bytes).is_ok() {
                ("text/plain; charset=utf-8", true)
            } else {
                ("text/plain", true)
            }
        }
        _ => ("application/octet-stream", false),
    };
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    // PDFs need the browser's viewer; everything else is inert text in a sandbox.
    let csp = if ext == "pdf" {
        "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
    } else {
        "default-src 'none'; sandbox"
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    let name: String = e
        .file_name()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let disp = format!(
        "{}; filename=\"{}\"",
        if inline { "inline" } else { "attachment" },
        if name.is_empty() { "file" } else { &name }
    );
    if let Ok(v) = HeaderValue::from_str(&disp) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// `/key/{key}`: a document known from citations: who cites it, how, when.
pub async fn key(AxState(st): AxState<Arc<State>>, Path(key): Path<String>) -> Response {
    if key.chars().count() > crate::query::MAX_VALUE {
        return error_page(StatusCode::BAD_REQUEST, "Số hiệu quá dài.");
    }
    page_result(blocking(st, move |s| key_page(s, &key)).await)
}

fn key_page(s: &Snapshot, key: &str) -> Result<Response, Fail> {
    let g = &s.graph;
    let n = g.lookup(key).ok_or_else(|| {
        Fail::NotFound(format!(
            "Không có văn bản nào mang hoặc dẫn chiếu số {key}."
        ))
    })?;
    let node = g.node(n).cloned().unwrap_or_default();
    if let Some(e) = node.paths.iter().find_map(|p| s.catalog.by_path(p)) {
        return Ok(Redirect::to(&format!("/doc/{}", e.id)).into_response());
    }
    let hits = g.cited_by(n);
    let label = node.label().to_string();
    let body = html! {
        h1 { (label) }
        p.lead { "Văn bản chưa có trong chỉ mục; chỉ biết qua các văn bản dẫn chiếu đến nó." }
        nav.doclinks { a href=(format!("/trace/{}", enc_segment(&label))) { "Sơ đồ trích dẫn" } }
        table.meta {
            tr { th { "Số ký hiệu" } td { (label) } }
            tr { th { "Loại văn bản" } td { (node.kind.as_deref().unwrap_or("—")) } }
            tr { th { "Ngày ban hành" } td { (node.date.as_deref().map(date_vi).unwrap_or_else(|| "—".into())) } }
            @if !node.aliases.is_empty() { tr { th { "Cách viết khác" } td { (node.aliases.join(", ")) } } }
        }
        h2 { "Được dẫn chiếu bởi " (hits.len()) " văn bản" }
        table.citers {
            thead { tr { th { "Quan hệ" } th { "Văn bản" } th { "Ngày" } th { "Câu dẫn chiếu" } th { "Vị trí" } } }
            tbody {
                @for h in &hits {
                    @let citing = s.catalog.by_path(&h.file);
                    tr {
                        td { (rel_verb(h.rel)) }
                        td { (graph_link(s, g, &h.from)) }
                        td { (citing.and_then(|e| e.date.as_deref()).map(date_vi).unwrap_or_default()) }
                        td { (h.sentence) }
                        td { @if let Some(e) = citing {
                            a.file href=(file_href(e, h.page)) { (e.file_name()) } " " (place(h.page, Some(h.line))) } }
                    }
                }
            }
        }
    };
    Ok(html_response(
        StatusCode::OK,
        frame(&label, Some(s), "", body),
    ))
}

/// Resolve the `{id}` of trace routes: a document id, else a key or path in the graph.
pub fn trace_root(s: &Snapshot, id: &str) -> Option<NodeId> {
    match s.catalog.by_id(id) {
        Some(e) => s.graph.lookup(&e.path),
        None => s.graph.lookup(id),
    }
}

/// Relations named in `rel` parameters; unknown names are a bad request.
pub fn parse_rels(p: &Params) -> Result<Option<Vec<Rel>>, Fail> {
    let names = p.all("rel");
    if names.is_empty() {
        return Ok(None);
    }
    names
        .iter()
        .map(|n| Rel::parse(n).ok_or_else(|| Fail::Bad(format!("không có quan hệ “{n}”"))))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `/trace/{id}?dir=up|down|both&depth=N&rel=...`: the chain as a diagram.
pub async fn trace(
    AxState(st): AxState<Arc<State>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.0),
    };
    page_result(blocking(st, move |s| trace_page(s, &id, &params)).await)
}

fn trace_page(s: &Snapshot, id: &str, p: &Params) -> Result<Response, Fail> {
    let way = match p.get("dir").unwrap_or("both") {
        "up" => Way::Up,
        "down" => Way::Down,
        "both" => Way::Both,
        other => {
            return Err(Fail::Bad(format!(
                "hướng “{other}” không hợp lệ (up, down, both)"
            )))
        }
    };
    let depth = p.number("depth", 2, 1, 6)?;
    // On the page every relation is drawn unless some are unticked: most reports only cite.
    let rels = Some(parse_rels(p)?.unwrap_or_else(|| Rel::ALL.to_vec()));
    let root = trace_root(s, id)
        .ok_or_else(|| Fail::NotFound("Văn bản không có trong đồ thị trích dẫn.".into()))?;
    let g = &s.graph;
    let href = |n: NodeId| node_href(s, g, n);
    let (svg_text, count) = svg::trace(g, root, way, depth, rels.as_deref(), &href);
    let label = g.label(root).rsplit('/').next().unwrap_or("?").to_string();
    let label = g.node(root).and_then(|n| n.key.clone()).unwrap_or(label);
    let chosen = |r: Rel| rels.as_ref().map_or(r != Rel::Cites, |rs| rs.contains(&r));
    let body = html! {
        h1 { "Sơ đồ trích dẫn: " (label) }
        p { a href=(node_href(s, g, root)) { "← Về văn bản" } }
        form.tracefilter action="" method="get" {
            label { "Hướng " select name="dir" {
                option value="both" selected[way == Way::Both] { "Cả hai chiều" }
                option value="up" selected[way == Way::Up] { "Lên (văn bản được căn cứ)" }
                option value="down" selected[way == Way::Down] { "Xuống (văn bản căn cứ vào)" }
            } }
            label { "Độ sâu " select name="depth" {
                @for d in 1..=6usize { option value=(d) selected[d == depth] { (d) } }
            } }
            fieldset { legend { "Quan hệ" }
                @for r in Rel::ALL {
                    label.rel { input type="checkbox" name="rel" value=(r.as_str()) checked[chosen(r)]; " " (rel_verb(r)) }
                }
            }
            button type="submit" { "Vẽ lại" }
        }
        p.minor { (count) " văn bản trên sơ đồ. Mũi tên đi từ văn bản dẫn chiếu đến văn bản được dẫn chiếu; bấm vào một ô để mở." }
        div.diagram { (trusted(svg_text)) }
    };
    Ok(html_response(
        StatusCode::OK,
        frame(&label, Some(s), "", body),
    ))
}

/// The metric rows a `/metrics` query selects, as `vanban metrics` selects them (the same
/// filter, names of a metric index resolved the same way, the same order).
pub fn select_metrics<'a>(s: &'a Snapshot, p: &Params) -> Vec<(&'a Entry, &'a Metric)> {
    let index = p
        .get("index")
        .map(|i| listing::known_metric(i).unwrap_or_else(|| i.to_string()));
    let filter = listing::Filter::new(index, p.get("indicator"), p.get("kind").map(str::to_string));
    let mut rows: Vec<(&Entry, &Metric)> = s
        .catalog
        .metrics
        .iter()
        .filter_map(|(i, m)| s.catalog.entries.get(*i).map(|e| (e, m)))
        .filter(|(_, m)| filter.keeps(m))
        .collect();
    rows.sort_by(|a, b| listing::order((&a.0.path, a.1), (&b.0.path, b.1)));
    rows
}

/// `/metrics?index=&indicator=&kind=`: table, trend chart and CSV link.
pub async fn metrics(AxState(st): AxState<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.0),
    };
    page_result(blocking(st, move |s| metrics_page(s, &params)).await)
}

fn metrics_page(s: &Snapshot, p: &Params) -> Result<Response, Fail> {
    let rows = select_metrics(s, p);
    let mut names: Vec<&str> = s
        .catalog
        .metrics
        .iter()
        .filter_map(|(_, m)| m.index.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    let index = p.get("index").unwrap_or("");
    let indicator = p.get("indicator").unwrap_or("");
    let kind = p.get("kind").unwrap_or("");
    let pairs = [("index", index), ("indicator", indicator), ("kind", kind)];
    let title = if index.is_empty() && indicator.is_empty() {
        "mọi giá trị".to_string()
    } else {
        [index, indicator]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let metrics: Vec<&Metric> = rows.iter().map(|(_, m)| *m).collect();
    let chart = svg::trend(&metrics, &title);
    let body = html! {
        h1 { "Chỉ số và số liệu" }
        form.metricfilter action="/metrics" method="get" {
            label { "Chỉ số " select name="index" {
                option value="" { "(tất cả)" }
                @for n in &names { option value=(n) selected[*n == index] { (n) } }
            } }
            label { "Chỉ tiêu " input type="text" name="indicator" value=(indicator) maxlength="200" placeholder="ví dụ: hồ sơ trực tuyến"; }
            label { "Loại " select name="kind" {
                option value="" { "(tất cả)" }
                @for k in ["rank", "percent", "ratio", "count", "amount"] {
                    option value=(k) selected[k == kind] { (svg::kind_vi(k)) }
                }
            } }
            button type="submit" { "Xem" }
        }
        p.quick { "Chỉ số: "
            @for n in &names { a href=(url("/metrics", &[("index", n)])) { (n) } " " }
        }
        div.diagram { (trusted(chart)) }
        p { (rows.len()) " giá trị · "
            a href=(url("/metrics.csv", &pairs)) download="chi-so.csv" { "Tải CSV" } " · "
            a href=(url("/api/metrics", &pairs)) { "JSON" } }
        (metric_table(rows.iter().take(500).map(|(e, m)| (Some(*e), *m))))
        @if rows.len() > 500 { p.minor { "Chỉ hiện 500 dòng đầu; tải CSV để xem hết." } }
    };
    Ok(html_response(
        StatusCode::OK,
        frame("Chỉ số", Some(s), "", body),
    ))
}

/// `/metrics.csv`: the selected values with the columns of `vanban metrics --format csv`.
pub async fn metrics_csv(AxState(st): AxState<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    let params = match Params::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e.0),
    };
    page_result(
        blocking(st, move |s| {
            let mut out = format!("{}\n", listing::CSV_HEADER);
            for (e, m) in select_metrics(s, &params) {
                out.push_str(&listing::csv_row(&e.path, m));
                out.push('\n');
            }
            let mut r = (StatusCode::OK, out).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            r.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"chi-so.csv\""),
            );
            Ok(r)
        })
        .await,
    )
}

/// The embedded stylesheet.
pub async fn css() -> Response {
    let mut r = (StatusCode::OK, include_str!("../assets/app.css")).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600"),
    );
    r
}

/// The embedded icon.
pub async fn favicon() -> Response {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#8b1a1a\"/><path d=\"M4 4h8M4 8h8M4 12h5\" stroke=\"#fff\" stroke-width=\"1.6\"/></svg>";
    let mut r = (StatusCode::OK, svg).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    r
}

/// Anything else.
pub async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "Không có trang nào ở địa chỉ này.")
}
