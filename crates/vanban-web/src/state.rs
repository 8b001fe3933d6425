//! The index as the pages see it: one immutable snapshot (index reader, citation graph,
//! catalog) swapped for a fresh one when the index directory shows a new commit, so pages keep
//! answering while `vanban ingest` writes and show new documents within about a second.

use crate::catalog::Catalog;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use vanban_graph::{Graph, StatusSnapshot, Validity};
use vanban_index::Index;

/// One consistent view of the index.
pub struct Snapshot {
    /// The opened index, `None` while no index has been committed.
    pub index: Option<Index>,
    /// The citation graph of the same commit.
    pub graph: Graph,
    /// Per-document summaries of the same commit.
    pub catalog: Catalog,
    /// The status table of the same commit (the one the CLI reads), `None` when it could not
    /// be made.
    pub status: Option<StatusSnapshot>,
    /// The date statuses are told at (today when loaded).
    pub at: String,
    /// Why the index could not be read, shown on the pages.
    pub problem: Option<String>,
    /// When this snapshot was taken.
    pub loaded: SystemTime,
}

impl Snapshot {
    fn empty(problem: Option<String>) -> Snapshot {
        Snapshot {
            index: None,
            graph: Graph::default(),
            catalog: Catalog::default(),
            status: None,
            at: vanban_index::today(),
            problem,
            loaded: SystemTime::now(),
        }
    }

    /// The status today of each ingested file named, as `vanban search`/`show` tell it.
    pub fn statuses(&self, paths: &[&str]) -> Vec<Option<Validity>> {
        match &self.status {
            Some(t) => vanban_index::statuses_of(t, paths, &self.at),
            None => vec![None; paths.len()],
        }
    }

    /// Open the index in `dir` and read its graph and catalog; never fails (a missing or
    /// unreadable index gives an empty snapshot with the reason).
    pub fn load(dir: &Path) -> Snapshot {
        let index = match Index::open(dir) {
            Ok(i) => i,
            Err(vanban_index::IndexError::Missing(_)) => return Snapshot::empty(None),
            Err(e) => return Snapshot::empty(Some(e.to_string())),
        };
        let mut problem = None;
        let graph = index.graph().unwrap_or_else(|e| {
            problem = Some(e.to_string());
            Graph::default()
        });
        let status = vanban_index::status_table(dir, Some(&graph)).ok();
        let at = vanban_index::today();
        let catalog = match index.records() {
            Ok(recs) => Catalog::build(recs, |path| {
                let t = status.as_ref()?;
                vanban_index::statuses_of(t, &[path], &at)[0]
            }),
            Err(e) => {
                problem = Some(e.to_string());
                Catalog::default()
            }
        };
        Snapshot {
            index: Some(index),
            graph,
            catalog,
            status,
            at,
            problem,
            loaded: SystemTime::now(),
        }
    }
}

/// What the handlers share.
pub struct State {
    dir: PathBuf,
    current: RwLock<Arc<Snapshot>>,
    stamp: RwLock<Option<Stamp>>,
}

/// What tells a new commit apart: tantivy rewrites `meta.json` on every commit. The date is
/// part of it because statuses are told as of today.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    day: String,
}

fn stamp(dir: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(dir.join("meta.json")).ok()?;
    Some(Stamp {
        modified: m.modified().ok(),
        len: m.len(),
        day: vanban_index::today(),
    })
}

impl State {
    /// Load the index in `dir` now.
    pub fn open(dir: PathBuf) -> Arc<State> {
        let st = stamp(&dir);
        let snap = Snapshot::load(&dir);
        Arc::new(State {
            dir,
            current: RwLock::new(Arc::new(snap)),
            stamp: RwLock::new(st),
        })
    }

    /// The snapshot to answer a request from.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Reload when `meta.json` changed since the last load; true when it did.
    pub fn refresh(&self) -> bool {
        let now = stamp(&self.dir);
        let last = match self.stamp.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        };
        if now == last {
            return false;
        }
        let snap = Arc::new(Snapshot::load(&self.dir));
        if let Ok(mut g) = self.current.write() {
            *g = snap;
        }
        if let Ok(mut g) = self.stamp.write() {
            *g = now;
        }
        true
    }
}

/// Check for a new commit every `every`, loading it off the async threads.
pub fn spawn_reloader(state: Arc<State>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let s = state.clone();
            // A failed load leaves the old snapshot in place; the next tick tries again.
            let _ = tokio::task::spawn_blocking(move || s.refresh()).await;
        }
    });
}
