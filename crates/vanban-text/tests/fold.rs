//! `fold` must give exactly what tantivy's LowerCaser + AsciiFoldingFilter give, on every
//! Vietnamese letter in both cases and with every tone, so index and query keys agree.

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};
use unicode_normalization::UnicodeNormalization;
use vanban_text::fold;

fn tantivy_fold(s: &str) -> String {
    let mut a = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut out = String::new();
    let mut ts = a.token_stream(s);
    while ts.advance() {
        out.push_str(&ts.token().text);
    }
    out
}

fn all_letters() -> Vec<String> {
    let bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";
    let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
    let mut v = Vec::new();
    for b in bases.chars() {
        for t in tones {
            v.push(format!("{b}{t}").nfc().collect::<String>());
        }
    }
    for c in "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX".chars() {
        v.push(c.to_string());
    }
    v
}

#[test]
fn fold_equals_tantivy_on_every_vietnamese_letter() {
    let letters = all_letters();
    assert_eq!(letters.len(), 24 * 6 + 34);
    for l in &letters {
        assert_eq!(l.chars().count(), 1, "{l:?} is not precomposed");
        let want = tantivy_fold(l);
        assert_eq!(fold(l), want, "{l:?}");
        assert!(want.is_ascii());
        // Decomposed input folds the same.
        let nfd: String = l.nfd().collect();
        assert_eq!(fold(&nfd), want, "{nfd:?}");
    }
}

#[test]
fn fold_equals_tantivy_on_sentences() {
    for s in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập - Tự do - Hạnh phúc",
        "Quyết định số 215/QĐ-UBND ngày 14/3/2019 của Ủy ban nhân dân tỉnh Quảng Ngãi",
        "Tỷ lệ hồ sơ xử lý trực tuyến một phần đạt 70,7%; thuỷ lợi, khoẻ, hoà",
    ] {
        assert_eq!(fold(s), tantivy_fold(s), "{s}");
    }
    assert_eq!(fold("Đảng ủy QĐ-BGDĐT"), "dang uy qd-bgddt");
}
