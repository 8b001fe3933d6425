//! Fuzz the in-process PDF entry point. pdf-extract panics by design on malformed input and we
//! catch those per page, so a silent panic hook keeps libFuzzer from counting caught panics;
//! what it reports are the failures that would escape: panics in our own code (uncaught, so
//! the harness aborts), aborts, hangs (-timeout) and runaway memory (-rss_limit_mb).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        if let Ok(t) = vanban_pdf::extract_in_process(data) {
            assert_eq!(t.pages.len() as u32, t.meta.page_count);
            // The PDF stages of the repair chain see every page's text.
            let _ = vanban_text::repair_pages(&t.pages, &vanban_text::RepairOptions::default());
        }
        // And raw bytes as page text too.
        let s = String::from_utf8_lossy(data).into_owned();
        let _ = vanban_text::repair_pages(&[s], &vanban_text::RepairOptions::default());
    }
);
