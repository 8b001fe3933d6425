//! Fuzz bytes -> text repair -> extraction (references, header, relations, metrics), the
//! path every text file takes. Any panic, abort, hang (-timeout) or runaway memory
//! (-rss_limit_mb) is a bug: a library never panics on input. Spans must lie inside the
//! original bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = vanban_text::RepairOptions::default();
    let Ok(r) = vanban_text::repair_bytes(data, &opts) else {
        return;
    };
    let rec = vanban_extract::Extractor::builtin().extract("fuzz.txt", &r);
    let metrics = vanban_metrics::extract(&r);
    for s in rec
        .references
        .iter()
        .map(|x| x.span)
        .chain(rec.relations.iter().map(|x| x.span))
        .chain(metrics.iter().map(|m| m.span))
    {
        assert!(s.start <= s.end && s.end <= data.len(), "{s:?} of {}", data.len());
    }
});
