//! Our PDF -> text, in process, for benchmarks and debugging:
//! `pdftext [--raw] FILE...` prints each page's cleaned text (or pdf-extract's own plain-text
//! output with `--raw`; pdf-extract through our device with `--slow`) and a per-file summary
//! on stderr.

use std::io::Write;

fn main() {
    let mut raw = false;
    let mut opts = vanban_pdf::ExtractOptions::default();
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--slow" {
            opts.fast = false;
        } else if a == "--raw" {
            raw = true;
        } else {
            files.push(a);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                failed = true;
                continue;
            }
        };
        let pages = if raw {
            pdf_extract::extract_text_from_mem_by_pages(&bytes).map_err(|e| e.to_string())
        } else {
            vanban_pdf::extract_in_process_with(&bytes, &opts)
                .map(|t| {
                    for w in &t.warnings {
                        eprintln!("{f}: warning: {w}");
                    }
                    t.pages
                })
                .map_err(|e| e.to_string())
        };
        match pages {
            Ok(pages) => {
                for (i, p) in pages.iter().enumerate() {
                    let _ = writeln!(out, "=====PAGE {}=====\n{p}", i + 1);
                }
                eprintln!("{f}: {} pages", pages.len());
            }
            Err(e) => {
                eprintln!("{f}: {e}");
                failed = true;
            }
        }
    }
    let _ = out.flush();
    std::process::exit(i32::from(failed));
}
