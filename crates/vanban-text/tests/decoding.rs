//! Legacy encodings and mojibake: TCVN3, VNI, Windows-1258, UTF-16, and bad input.

use vanban_text::{repair_bytes, Encoding, RepairOptions, TextError};

const SAMPLE: &str = include_str!("fixtures/sample.utf8.txt");

fn opts() -> RepairOptions {
    RepairOptions {
        layout: false,
        ..Default::default()
    }
}

#[test]
fn tcvn3_round_trip() {
    // Generated once with `iconv -f UTF-8 -t TCVN5712-1` from sample.utf8.txt.
    let bytes = include_bytes!("fixtures/sample.tcvn3.txt");
    let r = repair_bytes(bytes, &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Tcvn3);
    assert_eq!(r.text, SAMPLE);
    // Offsets point at the legacy bytes: one byte per letter.
    let i = r.text.find("Quảng Ngãi, ngày").unwrap();
    let s = r.source_span(i..i + "Quảng".len());
    assert_eq!(s.end - s.start, 5);
    assert_eq!(s.line, 3);
}

#[test]
fn windows_1258_with_combining_tones() {
    let bytes = include_bytes!("fixtures/sample.cp1258.txt");
    let r = repair_bytes(bytes, &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Windows1258);
    assert_eq!(r.text, SAMPLE);
}

#[test]
fn vni_bytes() {
    // VNI-Times text as stored in a file: Latin-1 bytes of the VNI glyph string.
    let vni = "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM\nÑoäc laäp - Töï do - Haïnh phuùc\n\
               Quyeát ñònh veà vieäc thaønh laäp Ban chæ ñaïo caûi caùch haønh chính cuûa tænh naêm 2019";
    let bytes: Vec<u8> = vni.chars().map(|c| c as u32 as u8).collect();
    let r = repair_bytes(&bytes, &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Vni);
    assert_eq!(
        r.text,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
         Quyết định về việc thành lập Ban chỉ đạo cải cách hành chính của tỉnh năm 2019"
    );
}

#[test]
fn tcvn3_mojibake_from_pdf_text() {
    let moji = "C¨n cø KÕ ho¹ch sè 184/KH-UBND ngµy 07 th¸ng 12 n¨m 2021 cña UBND tØnh vÒ c¶i c¸ch hµnh chÝnh";
    let r = repair_bytes(moji.as_bytes(), &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Tcvn3Mojibake);
    assert_eq!(
        r.text,
        "Căn cứ Kế hoạch số 184/KH-UBND ngày 07 tháng 12 năm 2021 của UBND tỉnh về cải cách hành chính"
    );
    let i = r.text.find("Kế hoạch").unwrap();
    let s = r.source_span(i..i + "Kế hoạch".len());
    assert_eq!(&moji[s.start..s.end], "KÕ ho¹ch");
}

#[test]
fn vni_mojibake() {
    let moji = "Caên cöù Quyeát ñònh soá 215/QÑ-UBND ngaøy 14 thaùng 3 naêm 2019 cuûa UBND tænh";
    let r = repair_bytes(moji.as_bytes(), &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::VniMojibake);
    assert_eq!(
        r.text,
        "Căn cứ Quyết định số 215/QĐ-UBND ngày 14 tháng 3 năm 2019 của UBND tỉnh"
    );
    let i = r.text.find("định").unwrap();
    let s = r.source_span(i..i + "định".len());
    assert_eq!(&moji[s.start..s.end], "ñònh");
}

#[test]
fn clean_unicode_and_latin_text_are_not_mojibake() {
    for s in [
        SAMPLE,
        "Café crème brûlée à la française, naïve résumé, Señor Muñoz.",
    ] {
        let r = repair_bytes(s.as_bytes(), &opts()).unwrap();
        assert_eq!(r.encoding, Encoding::Utf8, "{s}");
        assert_eq!(r.text, s);
    }
}

#[test]
fn invalid_utf8_that_is_not_legacy_is_best_effort_with_warning() {
    let mut b = "Căn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021 "
        .as_bytes()
        .to_vec();
    b.push(0xFF);
    b.extend_from_slice("của UBND tỉnh".as_bytes());
    let r = repair_bytes(&b, &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Utf8);
    assert!(r.text.contains("Kế hoạch số 184/KH-UBND") && r.text.contains('\u{FFFD}'));
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let i = r.text.find("của").unwrap();
    let s = r.source_span(i..i + "của".len());
    assert_eq!(&b[s.start..s.end], "của".as_bytes());
}

#[test]
fn utf16_be_with_bom() {
    let mut b = vec![0xFE, 0xFF];
    for u in SAMPLE.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    let r = repair_bytes(&b, &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Utf16Be);
    assert_eq!(r.text, SAMPLE);
}

#[test]
fn empty_and_binary_are_errors() {
    assert!(matches!(repair_bytes(b"", &opts()), Err(TextError::Empty)));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    assert!(matches!(
        repair_bytes(png, &opts()),
        Err(TextError::Binary(_))
    ));
}
