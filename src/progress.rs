//! Progress on a terminal (standard error), hidden when it is not one.

/// A progress bar over `len` files.
pub fn bar(len: usize, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = multi().add(indicatif::ProgressBar::new(len as u64));
    pb.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{what} {{bar:40}} {{pos}}/{{len}} files, {{per_sec}}, eta {{eta}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb
}

/// The bars of this process, drawn together (files and OCR pages) on standard error.
fn multi() -> &'static indicatif::MultiProgress {
    static M: std::sync::OnceLock<indicatif::MultiProgress> = std::sync::OnceLock::new();
    M.get_or_init(indicatif::MultiProgress::new)
}

/// A bar of OCR pages, shown from the first page queued, when standard error is a terminal.
struct OcrPages {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    cached: std::sync::atomic::AtomicU64,
}

impl OcrPages {
    fn bar(&self) -> &indicatif::ProgressBar {
        self.bar.get_or_init(|| {
            let pb = multi().add(indicatif::ProgressBar::new(0));
            pb.set_style(
                indicatif::ProgressStyle::with_template(
                    "ocr     {bar:40} {pos}/{len} pages, {msg}{per_sec}, eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            pb
        })
    }
}

impl vanban_pipeline::OcrProgress for OcrPages {
    fn queued(&self, pages: usize) {
        self.bar().inc_length(pages as u64);
    }
    fn done(&self, cached: bool) {
        if cached {
            let n = 1 + self
                .cached
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.bar().set_message(format!("{n} from the cache, "));
        }
        self.bar().inc(1);
    }
}

/// The OCR page progress for the pipeline, none when standard error is not a terminal.
pub fn ocr_pages() -> Option<std::sync::Arc<dyn vanban_pipeline::OcrProgress>> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(std::sync::Arc::new(OcrPages {
        bar: std::sync::OnceLock::new(),
        cached: std::sync::atomic::AtomicU64::new(0),
    }))
}
