//! The local web page of vanban (issue 14): search, documents with linked references, the
//! lược đồ, citation traces drawn as SVG, metric trends, and a JSON API giving the CLI's
//! answers. Server-rendered HTML (maud, escaped by construction), one embedded stylesheet, no
//! JavaScript, nothing loaded from elsewhere.
//!
//! The crate by concern: [`state`] (the index snapshot, reopened when a commit lands),
//! `catalog` (per-document summary for ids, facets and metrics), `pages` (HTML handlers),
//! `api` (JSON), `svg` (diagrams), `guard` (limits and security headers), `query` (query
//! strings).

mod api;
mod catalog;
mod guard;
mod pages;
mod query;
mod render;
pub mod state;
mod svg;

use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use catalog::doc_id;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The index directory (it may not exist yet: the page says so and waits for it).
    pub index_dir: PathBuf,
    /// How often the index directory is checked for a new commit.
    pub reload_every: Duration,
    /// Longest time a request may take before it is answered 503.
    pub request_timeout: Duration,
}

impl Options {
    /// Defaults for an index directory: checked every second, 10 s per request.
    pub fn new(index_dir: PathBuf) -> Options {
        Options {
            index_dir,
            reload_every: Duration::from_secs(1),
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// The application's routes over a shared state.
pub fn router(state: Arc<state::State>, timeout: Duration) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/doc/{id}", get(pages::doc))
        .route("/file/{id}", get(pages::file))
        .route("/key/{*key}", get(pages::key))
        .route("/trace/{id}", get(pages::trace))
        .route("/metrics", get(pages::metrics))
        .route("/metrics.csv", get(pages::metrics_csv))
        .route("/api/search", get(api::search))
        .route("/api/doc/{id}", get(api::doc))
        .route("/api/trace/{id}", get(api::trace))
        .route("/api/metrics", get(api::metrics))
        .route("/static/app.css", get(pages::css))
        .route("/favicon.ico", get(pages::favicon))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(move |req, next| {
            guard::guard(req, next, timeout)
        }))
        .with_state(state)
}

/// Serve on an already bound listener until the process ends. Call from a tokio runtime.
pub async fn serve(listener: tokio::net::TcpListener, opts: Options) -> std::io::Result<()> {
    let state = state::State::open(opts.index_dir.clone());
    state::spawn_reloader(state.clone(), opts.reload_every);
    let app = router(state, opts.request_timeout);
    axum::serve(listener, app.into_make_service()).await
}

/// Is this address reachable only from this machine?
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}
