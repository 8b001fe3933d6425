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
        }
        // The text clean-up sees every page's text; run it on raw bytes too.
        let s = String::from_utf8_lossy(data);
        let _ = vanban_pdf::clean::clean_page(&s, 1);
    }
);
