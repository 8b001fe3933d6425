//! Word, OpenDocument, web pages and Markdown (issue 15): the same document in two formats
//! gives the same references. `.docx`, `.odt`, `.html` and `.md` copies are made at test time
//! from the seed texts in `corpus/`; the real Word 97 files in `corpus/wild/doc/` are compared
//! with their text twins in `corpus/wild/text/` (see `corpus/wild/sources.tsv`). Agreement is
//! 2|A ∩ B| / (|A| + |B|) over the multisets of reference keys, and must be >= 0.98 for every
//! file; every difference is printed. Then bad input: every bad file gets its own error or
//! warning and the batch goes on.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
mod common;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, c) in parts {
        w.start_file(*n, o).unwrap();
        w.write_all(c.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A `.docx` of a text: one paragraph per line; lines with tabs become a table row.
fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        if line.contains('\t') {
            body.push_str("<w:tbl><w:tr>");
            for cell in line.split('\t') {
                body.push_str(&format!(
                    "<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
                    esc(cell)
                ));
            }
            body.push_str("</w:tr></w:tbl>");
        } else {
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(line)
            ));
        }
    }
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         </w:body></w:document>"
    );
    zip_of(&[("word/document.xml", doc)])
}

/// An `.odt` of a text: one paragraph per line.
fn odt(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        body.push_str(&format!("<text:p>{}</text:p>\n", esc(line)));
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>\
         <office:text>\n{body}</office:text></office:body></office:document-content>"
    );
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        ("content.xml", content),
    ])
}

/// A web page of a text as a portal saves it: head, scripts, navigation, one `<p>` a line.
fn html(text: &str) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Văn bản</title>\
         <style>p { margin: 0 } .nav > a { color: #00f }</style>\
         <script>var x = \"<p>Quyết định số 1/QĐ-XX</p>\"; if (a < b && c) {}</script></head>\n\
         <body><nav class=\"nav\"><a href=\"/\">Trang chủ</a> | <a href=\"/vb\">Văn bản 9/QĐ-YY</a></nav>\n\
         <div class=\"content\">\n",
    );
    for line in text.lines() {
        s.push_str("<p>");
        s.push_str(&esc(line).replace("  ", " &nbsp;"));
        s.push_str("</p>\n");
    }
    s.push_str("</div><footer>Bản quyền © cổng thông tin</footer></body></html>\n");
    s
}

/// A Markdown copy: the first line a heading, article lines in bold.
fn markdown(text: &str) -> String {
    let mut s = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 && !line.trim().is_empty() {
            s.push_str(&format!("# {line}\n"));
        } else if line.starts_with("Điều ") && !line.trim().is_empty() {
            s.push_str(&format!("**{}**\n", line.trim_end()));
        } else {
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

/// Reference keys (not the document's own) of each record, by file stem and extension.
fn keys_by_file(files: &[PathBuf]) -> BTreeMap<String, Vec<String>> {
    let out = common::extract_stdout(files);
    let mut m = BTreeMap::new();
    for line in out.lines() {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let src = rec["source"].as_str().unwrap_or_default().to_string();
        assert!(rec["error"].is_null(), "{src}: {}", rec["error"]);
        let mut keys: Vec<String> = rec["references"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["self"].as_bool() != Some(true))
            .map(|r| r["key"].as_str().unwrap_or_default().to_string())
            .collect();
        keys.sort();
        m.insert(common::basename(&src), keys);
    }
    m
}

/// Agreement of two key multisets, printing what differs.
fn agreement(label: &str, a: &[String], b: &[String]) -> f64 {
    let mut count: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for k in a {
        count.entry(k).or_default().0 += 1;
    }
    for k in b {
        count.entry(k).or_default().1 += 1;
    }
    let mut both = 0;
    for (k, (x, y)) in &count {
        both += x.min(y);
        if x != y {
            println!("DIFF  {label} {k}: {x} vs {y}");
        }
    }
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * both as f64 / (a.len() + b.len()) as f64
}

#[test]
fn word_odt_html_and_markdown_copies_give_the_references_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut stems = Vec::new();
    for txt in common::corpus_files("txt") {
        let stem = common::stem(&txt.to_string_lossy());
        let text = std::fs::read_to_string(&txt).unwrap();
        let base = dir.path().join(&stem);
        std::fs::write(base.with_extension("txt"), &text).unwrap();
        std::fs::write(base.with_extension("docx"), docx(&text)).unwrap();
        std::fs::write(base.with_extension("odt"), odt(&text)).unwrap();
        std::fs::write(base.with_extension("html"), html(&text)).unwrap();
        std::fs::write(base.with_extension("md"), markdown(&text)).unwrap();
        for ext in ["txt", "docx", "odt", "html", "md"] {
            files.push(base.with_extension(ext));
        }
        stems.push(stem);
    }
    let keys = keys_by_file(&files);
    let mut low = Vec::new();
    for stem in &stems {
        let base = &keys[&format!("{stem}.txt")];
        assert!(!base.is_empty(), "{stem}: the text has references");
        for ext in ["docx", "odt", "html", "md"] {
            let other = &keys[&format!("{stem}.{ext}")];
            let a = agreement(&format!("{stem}.{ext}"), base, other);
            println!(
                "{stem}.{ext}: {} vs {} references, agreement {a:.4}",
                base.len(),
                other.len()
            );
            if a < 0.98 {
                low.push(format!("{stem}.{ext} ({a:.4})"));
            }
        }
    }
    assert!(low.is_empty(), "agreement below 0.98: {}", low.join(", "));
}

#[test]
fn word_97_files_give_the_references_of_their_text_twins() {
    let root = common::root();
    let sources = std::fs::read_to_string(root.join("corpus/wild/sources.tsv")).unwrap();
    // Twins: a text/ file and a doc/ file read from the same original path.
    let mut by_origin: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for line in sources.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 || !f[2].ends_with(".doc") {
            continue;
        }
        let e = by_origin.entry(format!("{}:{}", f[1], f[2])).or_default();
        if f[0].starts_with("text/") {
            e.0 = Some(f[0].to_string());
        } else if f[0].starts_with("doc/") {
            e.1 = Some(f[0].to_string());
        }
    }
    let pairs: Vec<(PathBuf, PathBuf)> = by_origin
        .values()
        .filter_map(|(t, d)| {
            Some((
                root.join("corpus/wild").join(t.as_ref()?),
                root.join("corpus/wild").join(d.as_ref()?),
            ))
        })
        .collect();
    assert!(pairs.len() >= 2, "{pairs:?}");
    let files: Vec<PathBuf> = pairs
        .iter()
        .flat_map(|(t, d)| [t.clone(), d.clone()])
        .collect();
    let keys = keys_by_file(&files);
    let mut all_docs: Vec<PathBuf> = std::fs::read_dir(root.join("corpus/wild/doc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all_docs.sort();
    assert_eq!(all_docs.len(), 3, "the three wild .doc files");
    for (t, d) in &pairs {
        let (kt, kd) = (
            &keys[&common::basename(&t.to_string_lossy())],
            &keys[&common::basename(&d.to_string_lossy())],
        );
        let a = agreement(&common::basename(&d.to_string_lossy()), kt, kd);
        println!(
            "{}: {} vs {} references, agreement {a:.4}",
            d.display(),
            kt.len(),
            kd.len()
        );
        // A .doc whose twin cites nothing gives nothing too; otherwise it must give them.
        assert!(
            !kd.is_empty() || kt.is_empty(),
            "{}: no references",
            d.display()
        );
        assert!(a >= 0.98, "{}: agreement {a:.4}", d.display());
    }
    // The third (the Criminal Code) has no text twin: it must read, with references.
    let k = keys_by_file(&all_docs);
    for d in all_docs
        .iter()
        .filter(|d| !pairs.iter().any(|(_, pd)| pd == *d))
    {
        let n = k[&common::basename(&d.to_string_lossy())].len();
        println!("{}: {n} references", d.display());
        assert!(n > 0, "{}", d.display());
    }
}

fn records(files: &[PathBuf], path_env: Option<&str>) -> (i32, Vec<serde_json::Value>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.args(["extract", "--jobs", "2", "--ocr-cache"])
        .arg(files[0].parent().unwrap().join("ocr-cache"))
        .args(files);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    let recs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap_or(-1), recs)
}

fn find<'a>(recs: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    recs.iter()
        .find(|r| r["source"].as_str().is_some_and(|s| s.ends_with(name)))
        .unwrap_or_else(|| panic!("no record for {name}"))
}

#[test]
fn a_word_converter_that_hangs_is_stopped_and_the_batch_goes_on() {
    // antiword and catdoc that never answer: each is stopped at the worker time limit, the
    // .doc gets an error saying so, and the text beside it its record.
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for prog in ["antiword", "catdoc"] {
        let f = bin.join(prog);
        std::fs::write(&f, "#!/bin/sh\nexec /bin/sleep 60\n").unwrap();
        let mut perm = std::fs::metadata(&f).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
        std::fs::set_permissions(&f, perm).unwrap();
    }
    let doc = dir.path().join("slow.doc");
    let real = std::fs::read_dir(common::root().join("corpus/wild/doc"))
        .expect("corpus/wild/doc")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "doc"))
        .expect("a .doc in corpus/wild/doc");
    std::fs::copy(real, &doc).unwrap();
    let txt = dir.path().join("good.txt");
    std::fs::write(&txt, "Căn cứ Quyết định số 12/QĐ-UBND ngày 01/02/2024.\n").unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["extract", "--jobs", "2"])
        .arg(&doc)
        .arg(&txt)
        .env("PATH", &bin)
        .env("VANBAN_PDF_TIMEOUT", "2")
        .output()
        .unwrap();
    let took = started.elapsed();
    let recs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.status.code(), Some(1), "the .doc failed");
    let err = find(&recs, "slow.doc")["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(err.contains("was stopped"), "{err}");
    assert_eq!(
        find(&recs, "good.txt")["references"][0]["key"],
        "12/QĐ-UBND"
    );
    // Two converters of 2 s each, not the 60 s they would take.
    assert!(took.as_secs() < 20, "took {took:?}");
}

#[test]
fn bad_files_get_their_own_errors_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(
        p("corrupt.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRgarbage-not-an-image",
    )
    .unwrap();
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    huge.extend_from_slice(&10_000u32.to_be_bytes());
    huge.extend_from_slice(&10_000u32.to_be_bytes());
    huge.extend_from_slice(&[8, 0, 0, 0, 0]);
    std::fs::write(p("huge.png"), &huge).unwrap();
    // A zip bomb: one part that unpacks to 200 MB.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("word/document.xml", o).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..200 {
        w.write_all(&chunk).unwrap();
    }
    std::fs::write(p("bomb.docx"), w.finish().unwrap().into_inner()).unwrap();
    std::fs::write(p("broken.docx"), b"PK\x03\x04 not really").unwrap();
    std::fs::write(p("sheet.xlsx"), b"PK\x03\x04").unwrap();
    std::fs::write(p("fake.doc"), b"\xd0\xcf\x11\xe0 not a real Word file").unwrap();
    std::fs::write(
        p("good.txt"),
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 05/3/2024 của UBND tỉnh.\n",
    )
    .unwrap();
    let names = [
        "corrupt.png",
        "huge.png",
        "bomb.docx",
        "broken.docx",
        "sheet.xlsx",
        "fake.doc",
        "good.txt",
    ];
    let files: Vec<PathBuf> = names.iter().map(|n| p(n)).collect();
    let (code, recs) = records(&files, None);
    assert_eq!(code, 1, "some files failed");
    assert_eq!(recs.len(), names.len(), "one record per file");
    let err = |n: &str| {
        find(&recs, n)["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        err("corrupt.png").contains("page image"),
        "{}",
        err("corrupt.png")
    );
    assert!(err("huge.png").contains("megapixel"), "{}", err("huge.png"));
    assert!(
        err("bomb.docx").contains("zip bomb"),
        "{}",
        err("bomb.docx")
    );
    assert!(
        err("broken.docx").contains(".docx"),
        "{}",
        err("broken.docx")
    );
    assert!(
        err("sheet.xlsx").contains("spreadsheet"),
        "{}",
        err("sheet.xlsx")
    );
    assert!(!err("fake.doc").is_empty());
    let good = find(&recs, "good.txt");
    assert!(good["error"].is_null());
    assert_eq!(good["references"][0]["key"], "12/QĐ-UBND");
}

#[test]
fn without_tesseract_a_page_image_gets_a_record_and_a_warning_naming_the_packages() {
    let dir = tempfile::tempdir().unwrap();
    let img = dir.path().join("scan.pgm");
    let mut b = b"P5\n64 64\n255\n".to_vec();
    b.extend(std::iter::repeat_n(255u8, 64 * 64));
    std::fs::write(&img, &b).unwrap();
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let (code, recs) = records(std::slice::from_ref(&img), Some(&empty.to_string_lossy()));
    assert_eq!(code, 0);
    let r = &recs[0];
    assert!(r["error"].is_null(), "{}", r["error"]);
    let w = r["warnings"].as_array().unwrap();
    assert!(
        w.iter().any(|w| w["kind"] == "ocr"
            && w["message"]
                .as_str()
                .unwrap_or_default()
                .contains("tesseract-ocr-vie")),
        "{w:?}"
    );
}

#[test]
fn a_mixed_pdf_is_ocrd_only_where_the_text_layer_is_missing() {
    // Page 1 has a text layer; page 2 is a rendered image of a text page.
    let dir = tempfile::tempdir().unwrap();
    let text_pdf =
        vanban_pdf::testgen::text_pdf(&["Quyet dinh so 12/QD-UBND ngay 5/3/2024 cua UBND tinh"]);
    let src = dir.path().join("src.pdf");
    std::fs::write(
        &src,
        vanban_pdf::testgen::text_pdf(&["Ke hoach so 184/KH-UBND ngay 07/12/2021 cua UBND tinh"]),
    )
    .unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-f", "1", "-l", "1"])
        .arg(&src)
        .output()
        .expect("pdftoppm (poppler-utils, from scripts/setup.sh)");
    assert!(out.status.success());
    let (w, h, px) = parse_pgm(&out.stdout);
    let scan = vanban_pdf::testgen::scanned_pdf(&[vanban_pdf::testgen::GrayPage {
        width: w,
        height: h,
        pixels: px,
        dpi: 300.0,
    }]);
    let mixed = vanban_pdf::testgen::concat(&[text_pdf, scan], 1).unwrap();
    let f = dir.path().join("mixed.pdf");
    std::fs::write(&f, mixed).unwrap();
    let (code, recs) = records(std::slice::from_ref(&f), None);
    assert_eq!(code, 0);
    let r = &recs[0];
    assert_eq!(r["pages"], 2);
    let ocr = r["ocr"].as_array().expect("ocr pages");
    assert_eq!(ocr.len(), 1, "{ocr:?}");
    assert_eq!(ocr[0]["page"], 2);
    assert!(ocr[0]["confidence"].as_f64().unwrap() > 50.0, "{ocr:?}");
    let keys: Vec<&str> = r["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["key"].as_str().unwrap_or_default())
        .collect();
    assert!(keys.contains(&"184/KH-UBND"), "{keys:?}");
    let on_page2 = r["references"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == "184/KH-UBND")
        .unwrap();
    assert_eq!(on_page2["span"]["page"], 2);
}

fn parse_pgm(b: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 2;
    while fields.len() < 3 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(
            std::str::from_utf8(&b[s..i])
                .unwrap()
                .parse::<u32>()
                .unwrap(),
        );
    }
    (fields[0], fields[1], b[i + 1..].to_vec())
}
