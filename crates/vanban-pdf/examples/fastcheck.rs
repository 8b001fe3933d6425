//! Which pages the fast path handles (debugging aid): `fastcheck FILE`.
fn main() {
    let p = std::env::args().nth(1).expect("file");
    let b = std::fs::read(&p).expect("read");
    let doc = pdf_extract::Document::load_mem(&b).expect("load");
    let mut cache = vanban_pdf::fast::FontCache::new();
    let (mut ok, mut no) = (0, 0);
    for (n, id) in doc.get_pages() {
        match vanban_pdf::fast::page_text(&doc, n, id, &mut cache) {
            Some(_) => ok += 1,
            None => no += 1,
        }
    }
    println!("fast path: {ok} pages, pdf-extract: {no} pages");
}
