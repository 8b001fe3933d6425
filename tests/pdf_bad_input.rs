//! Hostile and damaged PDFs through the binary (issue 4): every file gets its own record with an
//! error or a warning, the batch goes on, nothing panics, and `vanban extract` exits 1 only when
//! a file truly failed. The files are generated here (with lopdf, through `vanban_pdf::testgen`)
//! so a fresh clone needs no external tool.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vanban_pdf::testgen;

fn vanban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    for v in [
        "VANBAN_PDF_WORKER",
        "VANBAN_PDF_TIMEOUT",
        "VANBAN_PDF_MEMORY_MB",
    ] {
        c.env_remove(v);
    }
    c
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

fn random_bytes(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

/// Run `vanban extract` on the files; records keyed by file name.
fn extract(files: &[PathBuf]) -> (Output, BTreeMap<String, Value>) {
    let out = vanban()
        // Damaged files, not scans, are the subject here: OCR has its own tests (ocr_gold,
        // formats), so the image-only page reports its missing text layer.
        .args(["extract", "--jobs", "2", "--ocr", "never"])
        .args(files)
        .output()
        .expect("run vanban extract");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "a panic escaped: {stderr}");
    let mut recs = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        let name = Path::new(v["source"].as_str().unwrap_or_default())
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        recs.insert(name, v);
    }
    assert_eq!(recs.len(), files.len(), "one record per file");
    (out, recs)
}

fn error(rec: &Value) -> Option<String> {
    rec["error"].as_str().map(str::to_string)
}

fn warning_kinds(rec: &Value) -> Vec<String> {
    rec["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["kind"].as_str().map(str::to_string))
        .collect()
}

/// The worker's JSON for one file: `{"Ok": PdfText}` or `{"Err": PdfError}`.
fn worker(file: &Path) -> Value {
    let out = vanban()
        .arg("__pdf-worker")
        .arg(file)
        .output()
        .expect("run worker");
    assert!(out.status.success(), "worker failed on {}", file.display());
    serde_json::from_slice(&out.stdout).expect("worker JSON")
}

#[test]
fn damaged_files_fail_alone_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let good = testgen::text_pdf(&["Bao cao so 5/BC-UBND", "Trang hai"]);
    let files = vec![
        write(d, "empty.pdf", b""),
        write(d, "random.pdf", &random_bytes(4096, 7)),
        write(d, "header.pdf", b"%PDF-1.7\n"),
        write(d, "truncated.pdf", &good[..good.len() / 3]),
        write(
            d,
            "encrypted.pdf",
            &testgen::encrypted_pdf("user-secret", "owner"),
        ),
        write(d, "good.pdf", &good),
        write(d, "badxref.pdf", &testgen::broken_xref_pdf()),
        write(
            d,
            "objstm.pdf",
            &testgen::object_stream_pdf(&["Ke hoach so 3/KH-UBND"]),
        ),
        write(d, "huge.pdf", &testgen::huge_page_pdf()),
        write(d, "notounicode.pdf", &testgen::no_tounicode_pdf()),
        write(d, "image.pdf", &testgen::image_only_pdf()),
        write(d, "owner.pdf", &testgen::encrypted_pdf("", "owner")),
    ];
    let (out, recs) = extract(&files);
    assert_eq!(out.status.code(), Some(1), "some files truly failed");

    for name in ["empty.pdf", "random.pdf", "header.pdf", "truncated.pdf"] {
        let e = error(&recs[name]).unwrap_or_else(|| panic!("{name} should fail"));
        assert!(e.contains("malformed"), "{name}: {e}");
    }
    let e = error(&recs["encrypted.pdf"]).expect("encrypted fails");
    assert!(e.contains("encrypted"), "{e}");

    for name in [
        "good.pdf",
        "badxref.pdf",
        "objstm.pdf",
        "huge.pdf",
        "notounicode.pdf",
        "image.pdf",
        "owner.pdf",
    ] {
        let r = &recs[name];
        assert_eq!(error(r), None, "{name} should be read");
        assert!(r["pages"].as_u64().unwrap_or(0) >= 1, "{name}: page count");
    }
    assert_eq!(recs["good.pdf"]["pages"].as_u64(), Some(2));
    assert!(warning_kinds(&recs["image.pdf"]).contains(&"no_text_layer".to_string()));
    // A font we cannot map still gives a page; whatever came out is flagged if it is empty.
    let nt = &recs["notounicode.pdf"];
    assert!(nt["warnings"].is_array());
}

#[test]
fn text_survives_object_streams_broken_xref_huge_pages_and_owner_passwords() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let cases = [
        (
            write(
                d,
                "objstm.pdf",
                &testgen::object_stream_pdf(&["Ke hoach so 3/KH-UBND"]),
            ),
            "3/KH-UBND",
        ),
        (
            write(d, "badxref.pdf", &testgen::broken_xref_pdf()),
            "7/KH-UBND",
        ),
        (write(d, "huge.pdf", &testgen::huge_page_pdf()), "9/BC-UBND"),
        (
            write(d, "owner.pdf", &testgen::encrypted_pdf("", "o")),
            "1/BC-UBND",
        ),
    ];
    for (file, needle) in &cases {
        let v = worker(file);
        let pages = v["Ok"]["pages"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: {v}", file.display()));
        let text: String = pages.iter().filter_map(Value::as_str).collect();
        assert!(text.contains(needle), "{}: {text:?}", file.display());
    }
    let v = worker(&write(d, "enc.pdf", &testgen::encrypted_pdf("u", "o")));
    assert_eq!(v["Err"], "Encrypted");
    let v = worker(&cases[3].0);
    assert_eq!(v["Ok"]["meta"]["encrypted"], true);
}

#[test]
fn all_readable_files_exit_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let files = vec![
        write(d, "a.pdf", &testgen::text_pdf(&["Bao cao"])),
        write(d, "image.pdf", &testgen::image_only_pdf()),
        write(d, "notounicode.pdf", &testgen::no_tounicode_pdf()),
    ];
    let (out, recs) = extract(&files);
    assert!(recs.values().all(|r| error(r).is_none()), "{recs:?}");
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn hanging_and_crashing_workers_are_contained() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let pdf = write(d, "x.pdf", &testgen::text_pdf(&["Bao cao"]));
    let script = |name: &str, body: &str| {
        let p = write(d, name, format!("#!/bin/sh\n{body}\n").as_bytes());
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        p
    };
    for (worker, expect) in [
        (script("hang.sh", "exec sleep 30"), "timed out"),
        (script("segv.sh", "kill -SEGV $$"), "segmentation fault"),
        (script("abort.sh", "kill -ABRT $$"), "aborted"),
    ] {
        let start = std::time::Instant::now();
        let out = vanban()
            .env("VANBAN_PDF_WORKER", &worker)
            .env("VANBAN_PDF_TIMEOUT", "0.5")
            .args(["extract"])
            .arg(&pdf)
            .output()
            .expect("run vanban extract");
        assert!(start.elapsed().as_secs() < 20, "{expect}: too slow");
        assert_eq!(out.status.code(), Some(1), "{expect}");
        let rec: Value = serde_json::from_slice(&out.stdout).expect("record");
        let e = error(&rec).unwrap_or_default();
        assert!(e.contains(expect), "{expect}: {e}");
    }
}

#[test]
fn memory_guard_stops_a_runaway_worker() {
    // 16 MiB of address space is too little for the worker to even start parsing: the guard
    // must turn that into a clear per-file error instead of taking the batch down.
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(dir.path(), "x.pdf", &testgen::text_pdf(&["Bao cao"]));
    let out = vanban()
        .env("VANBAN_PDF_MEMORY_MB", "16")
        .args(["extract"])
        .arg(&pdf)
        .output()
        .expect("run vanban extract");
    assert_eq!(out.status.code(), Some(1));
    let rec: Value = serde_json::from_slice(&out.stdout).expect("record");
    let e = error(&rec).unwrap_or_default();
    assert!(e.contains("PDF worker failed"), "{e}");
}

#[test]
fn symbols_broken_over_lines_are_found_whole_with_their_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write(
        dir.path(),
        "wrapped.pdf",
        &testgen::unicode_pdf(&[
            "Căn cứ Quyết định số 766/QĐ-\nTTg ngày 23/6/2022 của Thủ tướng Chính phủ;",
            "Thực hiện Kế hoạch số 184/\nKH-UBND ngày 07/12/2021 của UBND tỉnh và\nQuyết định số\n411/QĐ-TTg ngày 01/4/2022.",
        ]),
    );
    let (out, recs) = extract(std::slice::from_ref(&pdf));
    assert_eq!(out.status.code(), Some(0));
    let rec = &recs["wrapped.pdf"];
    assert_eq!(rec["pages"].as_u64(), Some(2));
    let found: Vec<(String, u64)> = rec["references"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["key"].as_str().unwrap_or_default().to_string(),
                r["span"]["page"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // Keys are the spec's normalised form (upper case).
    for (key, page) in [("766/QĐ-TTG", 1), ("184/KH-UBND", 2), ("411/QĐ-TTG", 2)] {
        assert!(
            found.contains(&(key.to_string(), page)),
            "{key} on page {page} not in {found:?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|(k, _)| k.contains("QĐTTG") || k == "766/QĐ"),
        "{found:?}"
    );
}
