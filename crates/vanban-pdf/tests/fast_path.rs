//! The fast text path must give exactly what pdf-extract gives through the same device, on
//! every corpus PDF and on the generated ones (where it hands pages to pdf-extract).

use vanban_pdf::{extract_in_process_with, testgen, ExtractOptions};

fn both(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let fast = extract_in_process_with(bytes, &ExtractOptions { fast: true }).expect("fast");
    let slow = extract_in_process_with(bytes, &ExtractOptions { fast: false }).expect("slow");
    assert_eq!(fast.meta, slow.meta);
    assert_eq!(fast.warnings, slow.warnings);
    (fast.pages, slow.pages)
}

#[test]
fn fast_path_matches_pdf_extract_on_the_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("corpus") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "pdf") {
            let bytes = std::fs::read(&p).expect("read");
            let (fast, slow) = both(&bytes);
            assert!(!fast.concat().trim().is_empty(), "{}", p.display());
            assert_eq!(fast, slow, "{}", p.display());
            n += 1;
        }
    }
    assert!(n > 0, "no corpus PDFs");
}

#[test]
fn fast_path_matches_on_generated_files() {
    for bytes in [
        testgen::text_pdf(&["Quyet dinh so 5/QD-UBND", "Trang 2"]),
        testgen::object_stream_pdf(&["Ke hoach so 3/KH-UBND"]),
        testgen::huge_page_pdf(),
        testgen::image_only_pdf(),
        testgen::no_tounicode_pdf(),
        testgen::simple_fonts_pdf(),
        testgen::inline_image_pdf(),
        testgen::encrypted_pdf("", "owner"),
        testgen::unicode_pdf(&[
            "Quyết định số 766/QĐ-\nTTg ngày 23/6/2022",
            "Kế hoạch số 184/\nKH-UBND",
        ]),
    ] {
        let (fast, slow) = both(&bytes);
        assert_eq!(fast, slow);
    }
}

#[test]
fn fast_path_survives_a_concatenated_document() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let files: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let big = testgen::concat(&files, 2).expect("concat");
    let (fast, slow) = both(&big);
    let single: usize = files
        .iter()
        .map(|b| {
            extract_in_process_with(b, &ExtractOptions::default())
                .expect("x")
                .pages
                .len()
        })
        .sum();
    assert_eq!(fast.len(), 2 * single);
    assert_eq!(fast, slow);
}

#[test]
fn vietnamese_type0_text_and_broken_symbols_come_out_whole() {
    let bytes = testgen::unicode_pdf(&[
        "Căn cứ Quyết định số 766/QĐ-\nTTg ngày 23/6/2022 của Thủ tướng",
        "thực hiện Kế hoạch số 184/\nKH-UBND và Quyết định số\n411/QĐ-TTg",
    ]);
    let t = extract_in_process_with(&bytes, &ExtractOptions::default()).expect("readable");
    assert_eq!(t.pages.len(), 2);
    assert!(t.pages[0].contains("766/QĐ-\nTTg"), "{:?}", t.pages[0]);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    // The text-repair chain rejoins the symbols and maps them back into the page text.
    let r = vanban_text::repair_pages(&t.pages, &vanban_text::RepairOptions::default());
    assert!(r.text.contains("Quyết định số 766/QĐ-TTg"), "{:?}", r.text);
    assert!(r.text.contains("184/KH-UBND"), "{:?}", r.text);
    assert!(r.text.contains("411/QĐ-TTg"), "{:?}", r.text);
    let at = r.text.find("184/KH-UBND").expect("joined");
    let span = r.source_span(at..at + "184/KH-UBND".len());
    assert_eq!(span.page, Some(2));
    assert_eq!(&t.pages[1][span.start..span.end], "184/\nKH-UBND");
}

#[test]
fn inline_images_do_not_send_the_page_to_pdf_extract() {
    let bytes = testgen::inline_image_pdf();
    let doc = vanban_pdf::lopdf::Document::load_mem(&bytes).expect("load");
    let (&num, &id) = doc.get_pages().iter().next().expect("a page");
    let mut cache = vanban_pdf::fast::FontCache::new();
    let text = vanban_pdf::fast::page_text(&doc, num, id, &mut cache).expect("fast path");
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines, ["Quyet dinh so 5/QD-UBND", "Noi nhan"], "{text:?}");
}

#[test]
fn simple_fonts_take_the_fast_path_and_keep_raw_codes() {
    let bytes = testgen::simple_fonts_pdf();
    let doc = vanban_pdf::lopdf::Document::load_mem(&bytes).expect("load");
    let mut cache = vanban_pdf::fast::FontCache::new();
    let (&num, &id) = doc.get_pages().iter().next().expect("a page");
    let text = vanban_pdf::fast::page_text(&doc, num, id, &mut cache).expect("fast path");
    // WinAnsi bytes come out as WinAnsi characters (TCVN3 is decoded later, by text repair).
    assert!(text.contains("¸¹º»¼½¾¿"), "{text:?}");
    assert!(text.contains("Quy dinh so 12/QD"), "{text:?}");
    // Differences: a -> Ạ, b -> ơ, c -> ư; 200 -> đ, 201 unnamed (MacRoman …), 202 -> €.
    assert!(text.contains("Ạơư"), "{text:?}");
    assert!(text.contains("đ…€"), "{text:?}");
}
