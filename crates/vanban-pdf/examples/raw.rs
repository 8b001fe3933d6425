//! Print pdf-extract's raw per-page output (debugging aid).
fn main() {
    for p in std::env::args().skip(1) {
        let b = std::fs::read(&p).expect("read");
        let pages = pdf_extract::extract_text_from_mem_by_pages(&b).expect("extract");
        for (i, t) in pages.iter().enumerate() {
            println!("=====PAGE {}=====\n{}", i + 1, t);
        }
    }
}
