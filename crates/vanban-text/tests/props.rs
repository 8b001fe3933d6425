//! Property tests: no panic on any input, NFC output, idempotent folding and repair, and an
//! offset map that always lands inside the original and on char boundaries.

use proptest::prelude::*;
use unicode_normalization::{is_nfc, UnicodeNormalization};
use vanban_text::{fold, repair_bytes, repair_pages, repair_vec, RepairOptions, ToneStyle};

/// Text made of the pieces that trip repair: Vietnamese letters, loose marks, odd spaces,
/// Ð, dashes, list markers, symbols, line and page breaks.
fn vietish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Việc ".to_string()),
        Just("Viêc\u{323} ".to_string()),
        Just("hoac\u{323}h".to_string()),
        Just("Ðảng".to_string()),
        Just("hòa thủy khỏe quý giá ".to_string()),
        Just("184/KH-".to_string()),
        Just("UBND ".to_string()),
        Just("số".to_string()),
        Just("\n".to_string()),
        Just(" \n\n".to_string()),
        Just("\u{c}".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{2013}".to_string()),
        Just("1. ".to_string()),
        Just("a) ".to_string()),
        Just("- ".to_string()),
        Just("ngày 07/12/2021".to_string()),
        Just("\u{301}".to_string()),
        Just("\u{302}\u{323}".to_string()),
        "[a-zA-Zàáảãạăắằẳẵặâấầẩẫậđêếềểễệôốồổỗộơớờởỡợưứừửữự .,;:\n]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn all_opts() -> Vec<RepairOptions> {
    let mut v = Vec::new();
    for tone in [ToneStyle::Keep, ToneStyle::Modern, ToneStyle::Traditional] {
        for layout in [false, true] {
            v.push(RepairOptions { tone, layout });
        }
    }
    v
}

fn check_spans(orig_len: usize, orig: Option<&str>, r: &vanban_text::Repaired, cuts: &[usize]) {
    let n = r.text.len();
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (n + 1)).collect();
    points.push(0);
    points.push(n);
    points.sort_unstable();
    for w in points.windows(2) {
        let (s, e) = r.original_range(w[0]..w[1]);
        assert!(s <= e && e <= orig_len, "{s}..{e} of {orig_len}");
        if let Some(o) = orig {
            assert!(o.is_char_boundary(s) && o.is_char_boundary(e), "{s}..{e}");
        }
        let span = r.source_span(w[0]..w[1]);
        assert!(span.line >= 1 && span.start <= span.end);
    }
    for rep in &r.repairs {
        assert!(rep.start <= rep.end && rep.end <= orig_len, "{rep:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), cuts in prop::collection::vec(any::<usize>(), 0..8)) {
        for opts in all_opts() {
            if let Ok(r) = repair_bytes(&bytes, &opts) {
                prop_assert!(is_nfc(&r.text));
                check_spans(bytes.len(), None, &r, &cuts);
            }
        }
    }

    #[test]
    fn vietnamese_text_maps_back(s in vietish(), cuts in prop::collection::vec(any::<usize>(), 0..8)) {
        for opts in all_opts() {
            match repair_bytes(s.as_bytes(), &opts) {
                Ok(r) => {
                    prop_assert!(is_nfc(&r.text), "{:?}", r.text);
                    if r.encoding == vanban_text::Encoding::Utf8 {
                        check_spans(s.len(), Some(&s), &r, &cuts);
                        for rep in &r.repairs {
                            prop_assert_eq!(&s[rep.start..rep.end], rep.before.as_str());
                        }
                    }
                }
                // Nothing but a byte-order mark is an empty file too.
                Err(_) => {
                    let body = s.strip_prefix('\u{feff}').unwrap_or(&s);
                    prop_assert!(body.is_empty() || s.bytes().any(|b| b < 0x20));
                }
            }
        }
    }

    /// The owned path (no copy, fast scan over the buffer) gives exactly what the borrowed one
    /// gives: text, encoding, repairs with their quotes, warnings, and every span.
    #[test]
    fn owned_and_borrowed_agree(s in vietish(), raw in prop::collection::vec(any::<u8>(), 0..300), cuts in prop::collection::vec(any::<usize>(), 0..8)) {
        for bytes in [s.into_bytes(), raw] {
            for opts in all_opts() {
                let a = repair_bytes(&bytes, &opts);
                let b = repair_vec(bytes.clone(), &opts);
                match (a, b) {
                    (Ok(a), Ok(b)) => {
                        prop_assert_eq!(&a.text, &b.text);
                        prop_assert_eq!(a.encoding, b.encoding);
                        prop_assert_eq!(&a.warnings, &b.warnings);
                        prop_assert_eq!(format!("{:?}", a.repairs), format!("{:?}", b.repairs));
                        let n = a.text.len();
                        for w in cuts.windows(2) {
                            let (x, y) = (w[0] % (n + 1), w[1] % (n + 1));
                            let r = x.min(y)..x.max(y);
                            prop_assert_eq!(a.source_span(r.clone()), b.source_span(r));
                        }
                    }
                    (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => prop_assert!(false, "{:?} vs {:?}", a.map(|r| r.text), b.map(|r| r.text)),
                }
            }
        }
    }

    #[test]
    fn character_repair_is_idempotent(s in vietish()) {
        let opts = RepairOptions { tone: ToneStyle::Modern, layout: false };
        if let Ok(r) = repair_bytes(s.as_bytes(), &opts) {
            if r.encoding == vanban_text::Encoding::Utf8 && !r.text.is_empty() {
                match repair_bytes(r.text.as_bytes(), &opts) {
                    Ok(again) => prop_assert_eq!(&again.text, &r.text),
                    // Repair removes invisible chars, so a few control chars can make up a
                    // larger share of the shorter text and cross the binary threshold.
                    Err(vanban_text::TextError::Binary(_)) => {
                        prop_assert!(r.text.bytes().any(|b| b < 0x20 && !b"\t\n\r\x0c".contains(&b)));
                    }
                    Err(e) => prop_assert!(false, "{e}"),
                }
            }
        }
    }

    #[test]
    fn nfc_and_fold_are_idempotent(s in "\\PC{0,40}", t in vietish()) {
        for x in [s, t] {
            let n: String = x.nfc().collect();
            let nn: String = n.nfc().collect();
            prop_assert_eq!(&nn, &n);
            let f = fold(&x);
            prop_assert_eq!(fold(&f), f.clone());
            // Composed and decomposed input fold alike.
            prop_assert_eq!(fold(&x.nfd().collect::<String>()), fold(&n));
        }
    }

    #[test]
    fn pages_never_panic(pages in prop::collection::vec(vietish(), 0..5), cuts in prop::collection::vec(any::<usize>(), 0..8)) {
        let total: usize = pages.iter().map(|p| p.len() + 1).sum();
        for opts in all_opts() {
            let r = repair_pages(&pages, &opts);
            prop_assert!(is_nfc(&r.text));
            check_spans(total, None, &r, &cuts);
            let n = r.text.len();
            for c in &cuts {
                let p = c % (n + 1);
                let span = r.source_span(p..p);
                if let Some(pg) = span.page {
                    prop_assert!(pg >= 1 && pg as usize <= pages.len());
                    prop_assert!(span.end <= pages[pg as usize - 1].len() + 1);
                }
            }
        }
    }
}

/// A few MB with a 1 MB line and a 1 MB word: linear time, no panic.
#[test]
fn large_inputs() {
    let para =
        "Căn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021 của UBND tỉnh về cải cách hành chính, \n\n";
    let mut s = para.repeat(3 * 1024 * 1024 / para.len());
    s.push_str(&"Viêc\u{323} phân cấp ".repeat(1024 * 1024 / 20));
    s.push('\n');
    s.push_str(&"x".repeat(1024 * 1024));
    let t = std::time::Instant::now();
    let r = repair_bytes(
        s.as_bytes(),
        &RepairOptions {
            tone: ToneStyle::Modern,
            layout: true,
        },
    )
    .unwrap();
    eprintln!("{} MB in {:?}", s.len() >> 20, t.elapsed());
    assert!(r.text.len() > 4 * 1024 * 1024);
    assert!(!r.text.contains('\u{323}'));
    let (a, b) = r.original_range(r.text.len() - 10..r.text.len());
    assert_eq!(&s[a..b], "xxxxxxxxxx");
}
