//! Bounded HTTP load on a running `vanban serve` (issue 14): CLIENTS concurrent clients, each
//! on its own keep-alive connection, cycling through number searches, word searches and
//! document pages drawn from a generated corpus; latency is measured to the last body byte.
//! Loopback only: the generator refuses any other host.

use anyhow::Context;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What one run is asked to do.
pub struct Plan {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Concurrent clients.
    pub clients: usize,
    /// Requests per client (an upper bound when `while_pid` is given).
    pub requests: usize,
    /// Keep going only while this process runs (an ingest), then stop.
    pub while_pid: Option<u32>,
    /// The corpus `vanban-bench gen` wrote, as ingested (its `truth.jsonl` names the files).
    pub corpus: std::path::PathBuf,
    /// Random seed for picking targets.
    pub seed: u64,
    /// A label printed with the figures.
    pub label: String,
}

/// The kinds of page, in the order each client cycles through them.
const KINDS: [&str; 3] = ["search-number", "search-words", "document"];

#[derive(serde::Deserialize)]
struct TruthDoc {
    doc: String,
    key: String,
}

/// Targets of each kind, built from the ground truth.
struct Targets {
    keys: Vec<String>,
    words: Vec<String>,
    docs: Vec<String>,
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl Targets {
    fn load(corpus: &Path, seed: u64) -> anyhow::Result<Targets> {
        let truth = corpus.join("truth.jsonl");
        let text = std::fs::read_to_string(&truth)
            .with_context(|| format!("cannot read {}", truth.display()))?;
        let root = std::fs::canonicalize(corpus)?;
        let mut keys = Vec::new();
        let mut docs = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let t: TruthDoc = serde_json::from_str(line)?;
            docs.push(vanban_web::doc_id(&root.join(&t.doc).display().to_string()));
            keys.push(t.key);
        }
        anyhow::ensure!(!docs.is_empty(), "{} lists no documents", truth.display());
        let mut rng = crate::gen::Rng::new(seed);
        Ok(Targets {
            keys,
            words: crate::gen::word_queries(64, &mut rng),
            docs,
        })
    }

    fn pick(&self, kind: &str, rng: &mut crate::gen::Rng) -> String {
        match kind {
            "search-number" => {
                let k = &self.keys[rng.below(self.keys.len())];
                format!("/search?q={}", enc(&crate::gen::spelling(k, rng)))
            }
            "search-words" => {
                format!(
                    "/search?q={}",
                    enc(&self.words[rng.below(self.words.len())])
                )
            }
            _ => format!("/doc/{}", self.docs[rng.below(self.docs.len())]),
        }
    }
}

type Client = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    Empty<Bytes>,
>;

/// One GET to the last byte: status and milliseconds.
async fn get(client: &Client, url: &str) -> anyhow::Result<(u16, f64)> {
    let uri: hyper::Uri = url.parse()?;
    let t = Instant::now();
    let resp = client.get(uri).await?;
    let status = resp.status().as_u16();
    resp.into_body().collect().await?;
    Ok((status, t.elapsed().as_secs_f64() * 1e3))
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Figures of one kind of page.
#[derive(serde::Serialize)]
pub struct Figures {
    /// The kind of page.
    pub kind: String,
    /// Requests answered.
    pub n: usize,
    /// Median, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Slowest, ms.
    pub max_ms: f64,
}

/// Run the plan and print one line per kind of page (and one JSON line for scripts).
pub fn run(plan: Plan) -> anyhow::Result<()> {
    let base: hyper::Uri = plan.url.parse().context("--url")?;
    let host = base.host().unwrap_or_default();
    anyhow::ensure!(
        matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1"),
        "--url {}: loopback only",
        plan.url
    );
    let base = plan.url.trim_end_matches('/').to_string();
    let targets = Arc::new(Targets::load(&plan.corpus, plan.seed)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        // One pooled connection per client, kept alive.
        let client: Client = hyper_util::client::legacy::Client::builder(
            hyper_util::rt::TokioExecutor::new(),
        )
        .pool_max_idle_per_host(plan.clients)
        .build_http();
        // The generated ids must be the server's: a first document page must answer.
        let probe = format!("{base}/doc/{}", targets.docs[0]);
        let (status, _) = get(&client, &probe).await?;
        anyhow::ensure!(
            status == 200,
            "{probe}: {status} (is the corpus the one the server's index holds?)"
        );
        let lat: Arc<Mutex<Vec<Vec<f64>>>> = Arc::new(Mutex::new(vec![Vec::new(); KINDS.len()]));
        let errors: Arc<Mutex<Vec<String>>> = Arc::default();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..plan.clients {
            let (client, targets, lat, errors, base) = (
                client.clone(),
                targets.clone(),
                lat.clone(),
                errors.clone(),
                base.clone(),
            );
            let (requests, pid, seed) = (plan.requests, plan.while_pid, plan.seed);
            tasks.push(tokio::spawn(async move {
                let mut rng = crate::gen::Rng::new(seed.wrapping_add(c as u64 + 1));
                for i in 0..requests {
                    if pid.is_some_and(|p| !alive(p)) {
                        break;
                    }
                    let k = (i + c) % KINDS.len();
                    let target = targets.pick(KINDS[k], &mut rng);
                    match get(&client, &format!("{base}{target}")).await {
                        Ok((s, ms)) if s < 400 => lat.lock().unwrap()[k].push(ms),
                        Ok((s, _)) => errors.lock().unwrap().push(format!("{s} {target}")),
                        Err(e) => errors.lock().unwrap().push(format!("{e} {target}")),
                    }
                }
            }));
        }
        for t in tasks {
            t.await?;
        }
        let wall = started.elapsed().as_secs_f64();
        let lat = lat.lock().unwrap();
        let errors = errors.lock().unwrap();
        let total: usize = lat.iter().map(Vec::len).sum();
        println!(
            "{}: {} clients, {total} requests in {wall:.1} s ({:.0} req/s), {} errors",
            plan.label,
            plan.clients,
            total as f64 / wall.max(1e-9),
            errors.len()
        );
        for e in errors.iter().take(5) {
            println!("  error: {e}");
        }
        let mut figs = Vec::new();
        for (k, v) in lat.iter().enumerate() {
            let mut v = v.clone();
            v.sort_by(f64::total_cmp);
            let f = Figures {
                kind: KINDS[k].to_string(),
                n: v.len(),
                p50_ms: crate::percentile(&v, 0.5),
                p99_ms: crate::percentile(&v, 0.99),
                max_ms: crate::percentile(&v, 1.0),
            };
            println!(
                "  {:14} n={:5}  p50 {:7.1} ms  p99 {:7.1} ms  max {:7.1} ms{}",
                f.kind,
                f.n,
                f.p50_ms,
                f.p99_ms,
                f.max_ms,
                if f.p99_ms < 50.0 { "" } else { "  (goal p99 < 50 ms missed)" }
            );
            figs.push(f);
        }
        println!(
            "{}",
            serde_json::json!({"label": plan.label, "wall_s": wall, "errors": errors.len(), "pages": figs})
        );
        Ok(())
    })
}

/// Wait until the server at `url` serves the last document of the generated `corpus` (the
/// batch an ingest just committed), printing how long that took; gives up after `limit`.
pub fn wait_for(url: &str, corpus: &Path, limit: Duration) -> anyhow::Result<()> {
    let targets = Targets::load(corpus, 0)?;
    let probe = targets.docs.last().cloned().unwrap_or_default();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let client: Client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        let t = Instant::now();
        let target = format!("{}/doc/{probe}", url.trim_end_matches('/'));
        loop {
            if let Ok((200, _)) = get(&client, &target).await {
                println!(
                    "new document served {:.1} s after the ingest ended",
                    t.elapsed().as_secs_f64()
                );
                return Ok(());
            }
            anyhow::ensure!(t.elapsed() < limit, "{target} not served after {limit:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
}
