//! OCR in the pipeline: which pages of a PDF are read by OCR (`--ocr auto|always|never`),
//! pages in parallel under the batch-wide engine limit, and page images.

use crate::read::Loaded;
use crate::{Config, OcrMode};
use std::path::Path;
use vanban_model::{OcrPage, Warning, WarningKind};
use vanban_ocr::OcrError;

/// Pages whose mean confidence is below this get a warning: their text may be unreliable.
const LOW_CONFIDENCE: f32 = 60.0;

fn warning(message: String) -> Warning {
    Warning {
        kind: WarningKind::Ocr,
        message,
        ..Default::default()
    }
}

/// OCR the pages of `t` that need it (by `config.ocr.mode`), replacing their text. Returns the
/// OCR'd pages and the warnings; a `no_text_layer` warning is dropped once every page that
/// lacked a text layer has OCR text.
pub(crate) fn ocr_pdf_pages(
    path: &Path,
    t: &mut vanban_pdf::PdfText,
    config: &Config,
) -> (Vec<OcrPage>, Vec<Warning>) {
    let targets: Vec<usize> = match config.ocr.mode {
        OcrMode::Never => Vec::new(),
        OcrMode::Always => (0..t.pages.len()).collect(),
        OcrMode::Auto => (0..t.pages.len())
            .filter(|&i| vanban_pdf::needs_ocr(&t.pages[i]))
            .collect(),
    };
    if targets.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let opts = &config.ocr.options;
    if let Some(p) = &config.ocr.progress {
        p.queued(targets.len());
    }
    let read = |i: usize| -> Result<vanban_ocr::OcrPage, OcrError> {
        let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let r = config.ocr.slots.with(config.jobs, || {
            let dpi = vanban_ocr::render_dpi(path, page, opts);
            let img = vanban_ocr::render_pdf_page(path, page, dpi, opts)?;
            vanban_ocr::ocr_image(&img, Some(dpi), opts)
        });
        if let Some(p) = &config.ocr.progress {
            p.done(r.as_ref().is_ok_and(|p| p.cached));
        }
        r
    };
    // Pages run on their own threads; the shared slots keep the engines at `jobs` at once
    // across the whole batch.
    let threads = config.jobs.clamp(1, targets.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(usize, Result<vanban_ocr::OcrPage, OcrError>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = targets.get(k) else { break };
                        mine.push((i, read(i)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut results = results;
    results.sort_by_key(|(i, _)| *i);
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    let mut missing: Option<String> = None;
    let mut all_read = true;
    for (i, r) in results {
        match r {
            Ok(p) => {
                let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
                if p.confidence < LOW_CONFIDENCE && !p.text.trim().is_empty() {
                    warnings.push(warning(format!(
                        "page {page}: OCR confidence {:.0}, the text may be unreliable",
                        p.confidence
                    )));
                }
                // A page OCR'd over a (bad) text layer replaces it; an empty reading of a page
                // that had text keeps the text.
                if !p.text.trim().is_empty() || vanban_pdf::needs_ocr(&t.pages[i]) {
                    t.pages[i] = p.text;
                }
                pages.push(OcrPage {
                    page,
                    confidence: (p.confidence * 10.0).round() / 10.0,
                });
            }
            Err(e) if e.is_missing() => {
                all_read = false;
                missing.get_or_insert_with(|| e.to_string());
            }
            Err(e) => {
                all_read = false;
                warnings.push(warning(format!("page {}: OCR failed: {e}", i + 1)));
            }
        }
    }
    if let Some(m) = missing {
        warnings.push(warning(format!(
            "{} page(s) without a text layer not read: {m}",
            targets.len() - pages.len()
        )));
    }
    if all_read && config.ocr.mode != OcrMode::Never {
        t.warnings.retain(|w| w != vanban_pdf::NO_TEXT_LAYER);
    }
    (pages, warnings)
}

/// A page image read by OCR: one page; without the engine, an empty text and a warning.
pub(crate) fn load_image(bytes: &[u8], config: &Config) -> Result<Loaded, String> {
    if config.ocr.mode == OcrMode::Never {
        return Err("a page image: reading it needs OCR, which --ocr never turns off".into());
    }
    let opts = &config.ocr.options;
    if let Some(p) = &config.ocr.progress {
        p.queued(1);
    }
    let r = config
        .ocr
        .slots
        .with(config.jobs, || vanban_ocr::ocr_image(bytes, None, opts));
    if let Some(p) = &config.ocr.progress {
        p.done(r.as_ref().is_ok_and(|p| p.cached));
    }
    let (text, ocr, warnings) = match r {
        Ok(p) => {
            let mut w = Vec::new();
            if p.confidence < LOW_CONFIDENCE && !p.text.trim().is_empty() {
                w.push(warning(format!(
                    "page 1: OCR confidence {:.0}, the text may be unreliable",
                    p.confidence
                )));
            }
            let conf = (p.confidence * 10.0).round() / 10.0;
            (
                p.text,
                vec![OcrPage {
                    page: 1,
                    confidence: conf,
                }],
                w,
            )
        }
        Err(e) if e.is_missing() => (String::new(), Vec::new(), vec![warning(e.to_string())]),
        Err(e) => return Err(format!("page image not read: {e}")),
    };
    Ok(Loaded {
        repaired: vanban_text::repair_ocr_pages(&[text], &[0], &config.ocr.lexicon, &config.repair),
        pages: Some(1),
        ocr,
        warnings,
    })
}
