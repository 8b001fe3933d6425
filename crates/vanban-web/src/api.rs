//! `/api/*`: the JSON the CLI prints with `--json` for the same question (`search --json`,
//! `show --json`, `trace --json`; `/api/metrics` is the array of the objects `metrics --format
//! json` prints one a line). Errors are `{"error": "..."}` with a 4xx status.

use crate::pages::{blocking, parse_rels, select_metrics, trace_root, Fail};
use crate::query::Params;
use crate::state::State;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use vanban_graph::Direction;
use vanban_index::SearchOptions;

fn json<T: serde::Serialize>(v: &T) -> Result<Response, Fail> {
    let body = serde_json::to_string_pretty(v).map_err(|e| Fail::Internal(e.to_string()))?;
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

fn result(r: Result<Response, Fail>) -> Response {
    r.unwrap_or_else(|f| {
        let body = serde_json::json!({ "error": f.message() }).to_string();
        let mut r = (f.status(), body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    })
}

fn params(raw: Option<String>) -> Result<Params, Fail> {
    Params::parse(raw.as_deref()).map_err(Fail::from)
}

/// `/api/search?q=&limit=&page=&kind=&issuer=&from=&to=&exact_accents=&in_force=`: `vanban
/// search --json` (with `status`, and `--in-force` as `in_force=1`).
pub async fn search(AxState(st): AxState<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    let p = match params(raw) {
        Ok(p) => p,
        Err(f) => return result(Err(f)),
    };
    result(
        blocking(st, move |s| {
            let q = p
                .get("q")
                .ok_or_else(|| Fail::Bad("thiếu tham số q".into()))?;
            let yes = |k: &str| matches!(p.get(k), Some("1" | "true" | "yes"));
            let limit = p.number("limit", 20, 1, 1000)?;
            let in_force = yes("in_force");
            let opts = SearchOptions {
                // As the CLI: --in-force drops hits after the search, so ask for more.
                limit: if in_force { limit * 5 } else { limit },
                page: p.number("page", 1, 1, 100_000)?,
                kind: p.get("kind").map(str::to_string),
                issuer: p.get("issuer").map(str::to_string),
                from: p.get("from").map(str::to_string),
                to: p.get("to").map(str::to_string),
                exact_accents: yes("exact_accents"),
                details: None,
            };
            let Some(idx) = &s.index else {
                return json(&Vec::<vanban_index::Hit>::new());
            };
            let mut hits = idx
                .search_page(q, &opts)
                .map_err(|e| Fail::Bad(e.to_string()))?
                .hits;
            let paths: Vec<&str> = hits.iter().map(|h| h.source.as_str()).collect();
            let mut statuses = s.statuses(&paths);
            if in_force {
                (hits, statuses) = hits
                    .into_iter()
                    .zip(statuses)
                    .filter(|(_, st)| st.is_some_and(|st| st.in_force()))
                    .take(limit)
                    .unzip();
            }
            let v = serde_json::to_value(&hits).map_err(|e| Fail::Internal(e.to_string()))?;
            json(&vanban_index::with_status(v, &statuses))
        })
        .await,
    )
}

/// `/api/doc/{id}`: `vanban show --json` of the document's file (with `status`).
pub async fn doc(AxState(st): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    result(
        blocking(st, move |s| {
            let e = s
                .catalog
                .by_id(&id)
                .ok_or_else(|| Fail::NotFound("không có văn bản này".into()))?;
            let idx = s
                .index
                .as_ref()
                .ok_or_else(|| Fail::NotFound("chưa có chỉ mục".into()))?;
            let docs: Vec<_> = idx
                .show(&e.path)
                .map_err(|e| Fail::Internal(e.to_string()))?
                .into_iter()
                .filter(|d| d.record.source == e.path)
                .collect();
            let paths: Vec<&str> = docs.iter().map(|d| d.record.source.as_str()).collect();
            let statuses = s.statuses(&paths);
            let v = serde_json::to_value(&docs).map_err(|e| Fail::Internal(e.to_string()))?;
            json(&vanban_index::with_status(v, &statuses))
        })
        .await,
    )
}

/// `/api/trace/{id}?dir=up|down&depth=&rel=`: `vanban trace --json` (up, depth 3 by default).
pub async fn trace(
    AxState(st): AxState<Arc<State>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let p = match params(raw) {
        Ok(p) => p,
        Err(f) => return result(Err(f)),
    };
    result(
        blocking(st, move |s| {
            let dir = match p.get("dir").unwrap_or("up") {
                "up" => Direction::Up,
                "down" => Direction::Down,
                other => return Err(Fail::Bad(format!("dir {other:?}: up hoặc down"))),
            };
            let depth = p.number("depth", 3, 0, 10)?;
            let rels = parse_rels(&p)?;
            let root = trace_root(s, &id)
                .ok_or_else(|| Fail::NotFound("không có trong đồ thị trích dẫn".into()))?;
            json(&s.graph.trace(root, dir, depth, rels.as_deref()))
        })
        .await,
    )
}

/// One value as `vanban metrics --format json` prints it.
#[derive(serde::Serialize)]
struct MetricRow<'a> {
    doc: &'a str,
    #[serde(flatten)]
    metric: &'a vanban_model::Metric,
}

/// `/api/metrics?index=&indicator=&kind=`.
pub async fn metrics(AxState(st): AxState<Arc<State>>, RawQuery(raw): RawQuery) -> Response {
    let p = match params(raw) {
        Ok(p) => p,
        Err(f) => return result(Err(f)),
    };
    result(
        blocking(st, move |s| {
            let rows: Vec<MetricRow> = select_metrics(s, &p)
                .into_iter()
                .map(|(e, m)| MetricRow {
                    doc: &e.path,
                    metric: m,
                })
                .collect();
            json(&rows)
        })
        .await,
    )
}
