//! Batches: many files on a few threads, results handed out in input order as soon as each
//! is ready (not all at the end), with a bounded reorder buffer so memory stays flat however
//! long the batch. A panic while processing one file becomes that file's error; the consumer
//! can stop the batch early (a closed pipe).

use crate::inputs::Input;
use crate::{error_record, Pipeline, Processed, MAX_JOBS};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Results waiting for an earlier, slower file, per worker thread: enough to keep every
/// thread busy behind one slow file, few enough that memory does not grow with the batch.
const WINDOW_PER_JOB: usize = 8;

/// Run `work` over `items` on `jobs` threads (capped at [`MAX_JOBS`], at least 1) and hand
/// each result to `emit` in item order. `emit` returning `Break` stops the batch: no new item
/// is started and the function returns once the running ones finish.
pub fn run_ordered<I, T, W, E>(items: &[I], jobs: usize, work: W, mut emit: E)
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> T + Sync,
    E: FnMut(T) -> ControlFlow<()>,
{
    let jobs = jobs.clamp(1, MAX_JOBS).min(items.len().max(1));
    let window = (jobs * WINDOW_PER_JOB).max(16);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Index of the next result to emit, and its change signal for workers that are ahead.
    let emitted = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, T)>();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, stop, emitted, work) = (&next, &stop, &emitted, &work);
            s.spawn(move || loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                // Wait while this item is too far ahead of what has been emitted.
                {
                    let (m, cv) = emitted;
                    let mut done = m.lock().unwrap_or_else(|p| p.into_inner());
                    while i >= *done + window && !stop.load(Ordering::Relaxed) {
                        done = cv.wait(done).unwrap_or_else(|p| p.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let out = work(&items[i]);
                if tx.send((i, out)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, T> = BTreeMap::new();
        let mut want = 0usize;
        let mut stopped = false;
        for (i, out) in rx.iter() {
            if stopped {
                continue;
            }
            pending.insert(i, out);
            while let Some(out) = pending.remove(&want) {
                want += 1;
                {
                    let (m, cv) = &emitted;
                    *m.lock().unwrap_or_else(|p| p.into_inner()) = want;
                    cv.notify_all();
                }
                if emit(out).is_break() {
                    stopped = true;
                    stop.store(true, Ordering::Relaxed);
                    emitted.1.notify_all();
                    pending.clear();
                    break;
                }
            }
        }
    });
}

/// Process every input with `pipeline` (a panic becomes that file's error record) and hand
/// the results to `emit` in input order.
pub fn process_all<E>(pipeline: &Pipeline, inputs: &[Input], jobs: usize, emit: E)
where
    E: FnMut(Processed) -> ControlFlow<()>,
{
    run_ordered(inputs, jobs, |input| process_one(pipeline, input), emit);
}

/// One input: its record, never a panic.
pub fn process_one(pipeline: &Pipeline, input: &Input) -> Processed {
    match input {
        Input::File(p) => {
            catch_unwind(AssertUnwindSafe(|| pipeline.process(p))).unwrap_or_else(|panic| {
                Processed {
                    record: error_record(
                        p.display().to_string(),
                        format!(
                            "internal error while reading this file: {}",
                            panic_text(&panic)
                        ),
                    ),
                    text: None,
                }
            })
        }
        Input::Error(p, e) => Processed {
            record: error_record(p.display().to_string(), e.clone()),
            text: None,
        },
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_the_buffer_stays_bounded() {
        let items: Vec<usize> = (0..500).collect();
        let in_flight = AtomicUsize::new(0);
        let max_seen = AtomicUsize::new(0);
        let mut got = Vec::new();
        run_ordered(
            &items,
            4,
            |&i| {
                // Item 0 is slow: everything else waits for it within the window.
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                let n = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_seen.fetch_max(n, Ordering::SeqCst);
                i
            },
            |i| {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                got.push(i);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(got, items);
        let window = 4 * WINDOW_PER_JOB;
        assert!(
            max_seen.load(Ordering::SeqCst) <= window + 4,
            "{} results held at once",
            max_seen.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn break_stops_the_batch() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let mut got = 0;
        run_ordered(
            &items,
            2,
            |&i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_| {
                got += 1;
                if got == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(got, 3);
        assert!(started.load(Ordering::SeqCst) < 200);
    }

    #[test]
    fn huge_job_counts_are_capped() {
        let items: Vec<usize> = (0..3).collect();
        let mut got = Vec::new();
        run_ordered(
            &items,
            100_000,
            |&i| i * 2,
            |x| {
                got.push(x);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(got, [0, 2, 4]);
    }
}
