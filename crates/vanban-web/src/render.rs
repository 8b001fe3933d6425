//! The page frame, error pages and the small pieces every page uses. Every value goes through
//! maud's escaping; the only markup that is not built here is none.

use crate::catalog::Entry;
use crate::query::enc_path;
use crate::state::Snapshot;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use vanban_graph::{Graph, NodeId, Validity};
use vanban_model::Rel;

/// A page with the site's frame: title, search box, navigation, footer.
pub fn frame(title: &str, snap: Option<&Snapshot>, q: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Tra cứu văn bản" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                header.top {
                    a.brand href="/" { "Tra cứu văn bản" }
                    form.searchbox action="/search" method="get" role="search" {
                        input type="search" name="q" value=(q) maxlength="300"
                            placeholder="Số hiệu (184 kh ubnd) hoặc từ khóa, có dấu hay không dấu"
                            aria-label="Tìm kiếm";
                        button type="submit" { "Tìm" }
                    }
                    nav {
                        a href="/search" { "Duyệt văn bản" }
                        a href="/metrics" { "Chỉ số" }
                    }
                }
                main { (body) }
                footer {
                    @if let Some(s) = snap {
                        @if let Some(p) = &s.problem {
                            p.problem { "Lỗi đọc chỉ mục: " (p) }
                        }
                        (s.catalog.len()) " văn bản trong chỉ mục"
                        " · cập nhật " (clock(s.loaded))
                    }
                }
            }
        }
    }
}

fn clock(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let d = secs % 86_400;
    format!("{:02}:{:02}:{:02} UTC", d / 3600, d / 60 % 60, d % 60)
}

/// An HTML response.
pub fn html_response(status: StatusCode, m: Markup) -> Response {
    let mut r = (status, m.into_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// A page saying what went wrong, with the status code.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Không tìm thấy",
        s if s.is_client_error() => "Yêu cầu không hợp lệ",
        _ => "Lỗi máy chủ",
    };
    let body = html! {
        h1 { (title) }
        p.error { (message) }
        p { a href="/" { "Về trang chủ" } }
    };
    html_response(status, frame(title, None, "", body))
}

/// `2021-12-07` as a Vietnamese reader writes it: `07/12/2021`.
pub fn date_vi(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        [y, m] => format!("{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// The status badge (blank when the index has no status for the document).
pub fn status_badge(status: Option<&str>) -> Markup {
    html! {
        @if let Some(s) = status {
            @let class = status_class(s);
            span class=(format!("badge {class}")) { (status_label(s)) }
        }
    }
}

fn status_class(s: &str) -> &'static str {
    match s {
        "expired" => "off",
        "partly_expired" => "part",
        "not_yet_in_force" | "suspended" | "unknown" => "wait",
        _ => "on",
    }
}

/// Every status, in the order the status facet lists them when counts tie.
pub const STATUSES: [Validity; 6] = [
    Validity::InForce,
    Validity::PartlyExpired,
    Validity::NotYetInForce,
    Validity::Suspended,
    Validity::Expired,
    Validity::Unknown,
];

/// Vietnamese label (the national database's) of a status code (`in_force`, ...); anything
/// else passes through.
pub fn status_label(s: &str) -> &str {
    STATUSES
        .into_iter()
        .find(|v| v.as_str() == s)
        .map_or(s, |v| v.label())
}

/// A search snippet (escaped text with `<b>` around matches) rendered with `<mark>`: the
/// snippet is decoded and escaped again, so nothing in it can be markup but the marks.
pub fn snippet(s: &str) -> Markup {
    let mut parts = Vec::new();
    let mut bold = false;
    let mut rest = s;
    while !rest.is_empty() {
        let tag = if bold { "</b>" } else { "<b>" };
        let (seg, next) = match rest.find(tag) {
            Some(i) => (&rest[..i], &rest[i + tag.len()..]),
            None => (rest, ""),
        };
        parts.push((bold, unescape(seg)));
        bold = !bold && next.len() != rest.len();
        rest = next;
    }
    html! {
        @for (b, t) in &parts {
            @if *b { mark { (t) } } @else { (t) }
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Where a node of the graph is shown: its document page if ingested, else its key page.
pub fn node_href(snap: &Snapshot, g: &Graph, n: NodeId) -> String {
    let Some(node) = g.node(n) else {
        return "/".into();
    };
    if let Some(e) = node.paths.iter().find_map(|p| snap.catalog.by_path(p)) {
        return format!("/doc/{}", e.id);
    }
    match &node.key {
        Some(k) => key_href(k),
        None => "/".into(),
    }
}

/// The page of a key.
pub fn key_href(key: &str) -> String {
    format!("/key/{}", enc_path(key))
}

/// The original file of an entry, at a page for PDFs.
pub fn file_href(e: &Entry, page: Option<u32>) -> String {
    match page.filter(|_| e.is_pdf()) {
        Some(p) => format!("/file/{}#page={p}", e.id),
        None => format!("/file/{}", e.id),
    }
}

/// What a relation does, as a verb phrase for the citing side.
pub fn rel_verb(r: Rel) -> &'static str {
    match r {
        Rel::BasedOn => "Căn cứ",
        Rel::Implements => "Triển khai",
        Rel::Amends => "Sửa đổi, bổ sung",
        Rel::Replaces => "Thay thế",
        Rel::Repeals => "Bãi bỏ",
        Rel::Guides => "Hướng dẫn",
        Rel::IssuedWith => "Ban hành kèm theo",
        Rel::Cites => "Dẫn chiếu",
        Rel::Terminates => "Quy định hết hiệu lực",
        Rel::Suspends => "Đình chỉ",
        Rel::Corrects => "Đính chính",
        Rel::Consolidates => "Hợp nhất",
    }
}

/// Page and line as a reader says it.
pub fn place(page: Option<u32>, line: Option<u32>) -> String {
    match (page, line) {
        (Some(p), Some(l)) => format!("trang {p}, dòng {l}"),
        (Some(p), None) => format!("trang {p}"),
        (None, Some(l)) => format!("dòng {l}"),
        (None, None) => String::new(),
    }
}

/// Markup that is already safe (SVG built by [`crate::svg`] from escaped parts).
pub fn trusted(s: String) -> PreEscaped<String> {
    PreEscaped(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_keep_only_marks() {
        let m = snippet("a <b>184/KH-UBND</b> &lt;script&gt;x &amp; y").into_string();
        assert_eq!(m, "a <mark>184/KH-UBND</mark> &lt;script&gt;x &amp; y");
        // A stray tag in the snippet text is text.
        let m = snippet("<b>x</b><img src=x>").into_string();
        assert!(m.contains("&lt;img"), "{m}");
        assert_eq!(date_vi("2021-12-07"), "07/12/2021");
    }
}
