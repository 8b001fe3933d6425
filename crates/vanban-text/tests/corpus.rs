//! The real reports in `corpus/`: repairs that must happen, paragraphs that must survive, and
//! spans that must map back to the exact original bytes.

use std::path::PathBuf;
use vanban_text::{repair_bytes, RepairOptions, Repaired};

fn corpus(prefix: &str) -> (String, Repaired) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let path = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.starts_with(prefix) && n.ends_with(".txt")
        })
        .expect("corpus file");
    let bytes = std::fs::read(&path).expect("read");
    let r = repair_bytes(&bytes, &RepairOptions::default()).expect("repair");
    (String::from_utf8(bytes).expect("utf-8 corpus"), r)
}

/// Every occurrence of `needle` in the repaired text maps back to original bytes whose
/// content, with line breaks and spaces collapsed, is `needle`; and to the right line.
fn assert_spans(orig: &str, r: &Repaired, needle: &str) -> usize {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut n = 0;
    for (i, _) in r.text.match_indices(needle) {
        let span = r.source_span(i..i + needle.len());
        let got = &orig[span.start..span.end];
        let want = squash(needle);
        // Line repair may remove a line break inside a symbol ("184/KH-\nUBND").
        assert!(
            squash(got) == want || got.replace(['\n', ' ', '\r'], "") == needle.replace(' ', ""),
            "{needle:?} at {i} maps to {got:?}"
        );
        let line = orig[..span.start].matches('\n').count() + 1;
        assert_eq!(span.line as usize, line, "{needle:?}");
        n += 1;
    }
    n
}

#[test]
fn report_000_misplaced_marks_and_wraps() {
    let (orig, r) = corpus("000_");
    assert!(orig.contains("Viêc\u{323}") && orig.contains("hoac\u{323}h"));
    assert!(!r.text.contains('\u{323}'), "combining dot left");
    assert!(!r.text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)));
    assert!(r.text.contains("Việc phân cấp, ủy quyền quản lý"));
    assert!(r
        .text
        .contains("ban hành Kế hoạch cải cách hành chính nhà nước tỉnh"));
    // A symbol and a period split over lines are rejoined, hyphen kept.
    assert!(r
        .text
        .contains("UBND tỉnh ban hành Kế hoạch số 184/KH-UBND về Cải cách hành chính"));
    assert!(r.text.contains("giai đoạn 2021-2025 với mục tiêu"));
    assert!(r
        .text
        .contains("Nghị quyết số 76/NQ-CP về Chương trình tổng thể"));
    // Blank lines between wrapped lines are gone; list items still start lines.
    assert!(!r.text.contains("\n\n"));
    for item in [
        "\nI. KẾT QUẢ CÔNG TÁC",
        "\n1. Công tác Cải cách thể chế",
        "\na) Trong 6 tháng",
    ] {
        assert!(r.text.contains(item), "{item:?}");
    }
    let kinds: Vec<&str> = r.repairs.iter().map(|x| x.kind).collect();
    assert!(kinds.contains(&"combining-mark") && kinds.contains(&"join-line"));
    // Spans map back exactly, across joins and mark repairs.
    assert!(assert_spans(&orig, &r, "184/KH-UBND") >= 2);
    assert!(assert_spans(&orig, &r, "Kế hoạch số 184/KH-UBND") >= 2);
    assert!(assert_spans(&orig, &r, "ngày 07/12/2021") >= 1);
    let i = r.text.find("Việc phân").unwrap();
    let span = r.source_span(i..i + "Việc".len());
    assert_eq!(&orig[span.start..span.end], "Viêc\u{323}");
    let i = r.text.find("số 184/KH-UBND về").unwrap();
    let span = r.source_span(i..i + "số 184/KH-UBND".len());
    assert_eq!(&orig[span.start..span.end], "số \n\n184/KH-UBND");
    // Repairs carry original offsets at char boundaries.
    for rep in &r.repairs {
        assert!(rep.start <= rep.end && rep.end <= orig.len());
        assert!(orig.is_char_boundary(rep.start) && orig.is_char_boundary(rep.end));
        assert_eq!(&orig[rep.start..rep.end], rep.before, "{rep:?}");
    }
}

#[test]
fn report_003_lists_and_paragraphs() {
    let (orig, r) = corpus("003_");
    assert!(r.text.contains(
        "\nCăn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021 của UBND tỉnh về cải cách hành chính nhà nước tỉnh Hưng Yên, giai đoạn 2021-2025;\n"
    ));
    for item in [
        "\nI. MỤC TIÊU, YÊU CẦU\n",
        "\n1. Mục tiêu\n",
        "\na) Nâng cao nhận thức",
        "\nb) Tăng cường sự tham gia",
    ] {
        assert!(r.text.contains(item), "{item:?}");
    }
    assert!(r.text.contains("a) Nâng cao nhận thức, trách nhiệm của tập thể lãnh đạo, người đứng đầu, công chức, viên chức,"));
    assert!(assert_spans(&orig, &r, "193/KH-UBND ngày 26/12/2023") == 1);
}

#[test]
fn paragraph_per_line_texts_keep_their_paragraphs() {
    // 002 carries Markdown emphasis and <sup> marks: only the markup stage touches it, and
    // its paragraphs stay as they are.
    let (orig, r) = corpus("002_");
    let kinds: std::collections::BTreeSet<&str> = r.repairs.iter().map(|x| x.kind).collect();
    assert!(kinds.iter().all(|k| *k == "markup"), "{kinds:?}");
    let count = |t: &str| t.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(count(&r.text), count(&orig));
    let (orig, r) = corpus("001_");
    let lines_in = orig.lines().filter(|l| !l.trim().is_empty()).count();
    let lines_out = r.text.lines().filter(|l| !l.trim().is_empty()).count();
    // One paragraph was broken after "số" by the extractor; it is rejoined, nothing else moves.
    assert_eq!(lines_out, lines_in - 1);
    assert!(r
        .text
        .contains("Sở đã ban hành Kế hoạch số 12/KH-SKHCN ngày 18/01/2024"));
    // Every line is a line of the file, but for the markup the markup stage took out.
    let plain = |t: &str| -> String { t.chars().filter(|c| !"*_<>\\`".contains(*c)).collect() };
    let orig_plain = plain(&orig);
    for l in r.text.lines() {
        assert!(
            orig_plain.contains(&plain(l)) || l.contains("số 12/KH-SKHCN"),
            "{l:?}"
        );
    }
}

#[test]
fn report_004_wrapped() {
    let (orig, r) = corpus("004_");
    assert!(r.text.lines().count() * 2 < orig.lines().count());
    assert!(assert_spans(&orig, &r, "184/KH-UBND") >= 1);
}
