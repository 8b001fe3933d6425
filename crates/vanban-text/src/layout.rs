//! Layout repair of PDF-extracted text: join hard-wrapped lines, drop the blank lines that
//! extraction puts between lines, keep paragraph and list boundaries, drop repeated page
//! headers, footers and page numbers.

use crate::offsets::{Builder, StageRepair};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug)]
struct Line {
    /// Content range (without leading/trailing spaces and the line break).
    start: usize,
    end: usize,
    /// Page index (0-based), counted by form feeds.
    page: usize,
    /// Dropped as a page header, footer or number.
    dropped: bool,
}

impl Line {
    fn blank(&self) -> bool {
        self.start == self.end || self.dropped
    }
}

fn is_hspace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0B)
}

/// `start..end` of `bytes` without the horizontal space at either end.
fn trim_hspace(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    let (mut a, mut z) = (start, end);
    while a < z && is_hspace(bytes[a]) {
        a += 1;
    }
    while z > a && is_hspace(bytes[z - 1]) {
        z -= 1;
    }
    (a, z)
}

fn split_lines(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    let mut lines = Vec::new();
    let mut page = 0;
    let mut s = 0;
    let push = |s: usize, e: usize, page: usize, lines: &mut Vec<Line>| {
        let (a, z) = trim_hspace(bytes, s, e);
        lines.push(Line {
            start: a,
            end: z,
            page,
            dropped: false,
        });
    };
    for i in memchr::memchr2_iter(b'\n', 0x0C, bytes) {
        push(s, i, page, &mut lines);
        if bytes[i] == 0x0C {
            page += 1;
        }
        s = i + 1;
    }
    push(s, bytes.len(), page, &mut lines);
    lines
}

/// Header/footer key: digits collapsed, spaces collapsed, lower case.
fn hf_key(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    let mut last_digit = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                k.push('#');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        if c.is_whitespace() {
            if !k.ends_with(' ') {
                k.push(' ');
            }
        } else {
            k.extend(c.to_lowercase());
        }
    }
    k
}

/// `3`, `- 3 -`, `Trang 3`, `3/12`, `Page 3 of 12`.
fn is_page_number(s: &str) -> bool {
    let low = s.to_lowercase();
    let t = low
        .trim_start_matches("trang")
        .trim_start_matches("page")
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '(' | ')' | '[' | ']')
        });
    let mut parts = t
        .split(['/', ' '])
        .filter(|p| !p.is_empty() && *p != "of" && *p != "trên");
    let first = parts.next();
    let second = parts.next();
    parts.next().is_none()
        && first.is_some_and(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && second.is_none_or(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Mark lines repeated at the top or bottom of many pages, and page numbers there.
fn drop_headers_footers(src: &str, lines: &mut [Line]) -> Vec<StageRepair> {
    let pages = lines.last().map_or(0, |l| l.page + 1);
    let mut repairs = Vec::new();
    if pages < 2 {
        return repairs;
    }
    // Candidate lines: the first two and last two non-blank lines of each page.
    let mut cands: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let p = lines[i].page;
        let mut j = i;
        while j < lines.len() && lines[j].page == p {
            j += 1;
        }
        let nonblank: Vec<usize> = (i..j).filter(|&k| !lines[k].blank()).collect();
        let n = nonblank.len();
        for (rank, &k) in nonblank.iter().enumerate() {
            if rank < 2 || rank + 2 >= n {
                cands.push(k);
            }
        }
        i = j;
    }
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for &k in &cands {
        let key = hf_key(&src[lines[k].start..lines[k].end]);
        let pages_of = seen.entry(key).or_default();
        if pages_of.last() != Some(&lines[k].page) {
            pages_of.push(lines[k].page);
        }
    }
    let need = ((pages * 6).div_ceil(10)).max(2);
    for &k in &cands {
        let text = &src[lines[k].start..lines[k].end];
        let kind = if is_page_number(text) {
            "page-number"
        } else if seen
            .get(&hf_key(text))
            .is_some_and(|p| p.len() >= need && text.chars().count() >= 3)
        {
            "page-header"
        } else {
            continue;
        };
        lines[k].dropped = true;
        repairs.push(StageRepair {
            kind,
            src: lines[k].start..lines[k].end,
            before: text.to_string(),
            after: String::new(),
        });
    }
    repairs
}

/// Starts with a list or heading marker: `I.`, `1.`, `1.1.`, `a)`, `(1)`, `-`, `+`, `•`, `Điều 5`.
pub(crate) fn starts_list_marker(s: &str) -> bool {
    let b = s.as_bytes();
    let first = s.chars().next();
    if matches!(
        first,
        Some('-' | '+' | '•' | '–' | '*' | '·' | '●' | '▪' | '◦' | '\u{f0b7}')
    ) {
        return true;
    }
    let after_marker = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    // Arabic numbering: 1. 1.1. 1.1 1) 2.3.4
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&n) {
        let mut k = n;
        let mut levels = 1;
        while k < b.len() && b[k] == b'.' {
            let d = b[k + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if d == 0 {
                return after_marker(&s[k + 1..]) && levels <= 4;
            }
            if d > 2 {
                return false; // 1.913: a number
            }
            k += 1 + d;
            levels += 1;
        }
        if k < b.len() && b[k] == b')' {
            return after_marker(&s[k + 1..]);
        }
        return levels > 1 && after_marker(&s[k..]);
    }
    // Roman numerals: I. II. IV) ...
    let r = b
        .iter()
        .take_while(|c| matches!(c, b'I' | b'V' | b'X' | b'L'))
        .count();
    if (1..=6).contains(&r) && b.get(r).is_some_and(|c| matches!(c, b'.' | b')')) {
        return after_marker(&s[r + 1..]);
    }
    // Letter items: a) b. đ)
    if let Some(c) = first {
        if c.is_lowercase() && c.is_alphabetic() {
            let rest = &s[c.len_utf8()..];
            if let Some(r) = rest.strip_prefix(')') {
                return after_marker(r);
            }
        }
    }
    // (1) (a)
    if let Some(r) = s.strip_prefix('(') {
        if let Some(close) = r.find(')') {
            let inner = &r[..close];
            if (1..=3).contains(&inner.len()) && inner.chars().all(char::is_alphanumeric) {
                return after_marker(&r[close + 1..]);
            }
        }
    }
    if !matches!(first, Some('đ' | 'Đ' | 'c' | 'C' | 'm' | 'M' | 'p' | 'P')) {
        return false;
    }
    let low: String = s.chars().take(7).flat_map(char::to_lowercase).collect();
    ["điều ", "chương ", "mục ", "phần "].iter().any(|h| {
        low.starts_with(h)
            && s.get(h.len()..)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase()))
    })
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// Ends a sentence or clause: `.`, `;`, `:`, `!`, `?`, `…`, possibly inside quotes or brackets.
fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*']);
    matches!(last_char(t), Some('.' | ';' | ':' | '!' | '?' | '…'))
}

/// `184/KH-`, `2021-`, `18-`: a hyphen glued to a symbol part, continued on the next line.
fn symbol_hyphen(a: &str, b: &str) -> bool {
    let Some(stem) = a.strip_suffix('-') else {
        return false;
    };
    let word = stem.rsplit(char::is_whitespace).next().unwrap_or("");
    let symbolish = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_uppercase() || matches!(c, '/' | '-' | '.' | '&'))
        && last_char(word).is_some_and(char::is_alphanumeric);
    let next_ok = b
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_uppercase());
    symbolish && next_ok
}

/// Last word of `a` asks for a number on the next line (`số`, `ngày`, `tháng`, `năm`).
fn number_follows(a: &str, b: &str) -> bool {
    if !b.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let word = a.rsplit(char::is_whitespace).next().unwrap_or("");
    // Compared char by char in lower case: no allocation for the many lines that end in
    // some other word before a number.
    ["số", "ngày", "tháng", "năm", "điều", "khoản"]
        .iter()
        .any(|w| word.chars().flat_map(char::to_lowercase).eq(w.chars()))
}

fn percentile(sorted: &[usize], q: f64) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Text that [`repair`] would leave exactly as it is, found in one pass without building the
/// line tables: a single page (no form feed, so no page furniture), not hard-wrapped by the
/// first test of [`repair`] (too few lines continue in lower case), and no symbol or number
/// split over a line break. Most UTF-8 files are like this.
fn untouched(src: &str) -> bool {
    let bytes = src.as_bytes();
    if memchr::memchr(0x0C, bytes).is_some() {
        return false;
    }
    let (mut nonblank, mut lower) = (0usize, 0usize);
    let mut prev: Option<&str> = None;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let (a, z) = trim_hspace(bytes, start, end);
        start = end + 1;
        if a == z {
            continue;
        }
        let line = &src[a..z];
        nonblank += 1;
        if let Some(p) = prev {
            if line.starts_with(char::is_lowercase) && !starts_list_marker(line) {
                lower += 1;
            }
            let joins =
                symbol_hyphen(p, line) || (number_follows(p, line) && !starts_list_marker(line));
            if joins && !p.contains('\t') && !line.contains('\t') {
                return false;
            }
        }
        prev = Some(line);
    }
    nonblank < 3 || lower * 4 < nonblank.saturating_sub(1)
}

/// Repair layout. Returns the builder (text `None` when unchanged) plus header/footer repairs.
pub(crate) fn repair(src: &str) -> Builder<'_> {
    if untouched(src) {
        return Builder::new(src);
    }
    repair_lines(src)
}

/// [`repair`] without the quick exit.
fn repair_lines(src: &str) -> Builder<'_> {
    let mut lines = split_lines(src);
    let mut b = Builder::new(src);
    let hf = drop_headers_footers(src, &mut lines);
    let any_dropped = !hf.is_empty();
    b.repairs.extend(hf);

    let nonblank: Vec<usize> = (0..lines.len()).filter(|&k| !lines[k].blank()).collect();
    let text = |k: usize| &src[lines[k].start..lines[k].end];
    let lower_pairs: Vec<(usize, usize)> = nonblank
        .windows(2)
        .filter(|w| text(w[1]).starts_with(char::is_lowercase) && !starts_list_marker(text(w[1])))
        .map(|w| (w[0], w[1]))
        .collect();
    // Line lengths only matter for text that may be hard-wrapped (counting chars is not free).
    let mut lens: Vec<usize> = Vec::new();
    if nonblank.len() >= 3 && lower_pairs.len() * 4 >= nonblank.len().saturating_sub(1) {
        lens = nonblank.iter().map(|&k| text(k).chars().count()).collect();
        lens.sort_unstable();
    }
    let wrapped = !lens.is_empty() && percentile(&lens, 0.9) <= 140;
    let width = percentile(&lens, 0.8).max(1);
    let crossing = lower_pairs
        .iter()
        .filter(|(a, z)| lines[*a + 1..*z].iter().any(|l| l.start == l.end))
        .count();
    let blank_noise = crossing * 10 >= lower_pairs.len() * 3;
    let mut trailing = None;

    // Page furniture before the first or after the last line of text.
    if let (Some(&first), Some(&last)) = (nonblank.first(), nonblank.last()) {
        if lines[..first].iter().any(|l| l.dropped) {
            b.replace(0..lines[first].start, "", None);
        }
        trailing = lines[last + 1..]
            .iter()
            .any(|l| l.dropped)
            .then_some(lines[last].end);
    }
    for w in nonblank.windows(2) {
        let (ka, kz) = (w[0], w[1]);
        let (a, z) = (text(ka), text(kz));
        let gap = lines[ka].end..lines[kz].start;
        let has_dropped = any_dropped && lines[ka + 1..kz].iter().any(|l| l.dropped);
        // Text that is not hard-wrapped only changes where a symbol or a number was split
        // over the line break, or around dropped page furniture: skip every other pair early.
        if !wrapped
            && !has_dropped
            && !a.ends_with('-')
            && !z.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let has_blank = lines[ka + 1..kz].iter().any(|l| l.start == l.end);
        enum Act {
            Glue,
            Space,
            Break,
            Keep,
        }
        // Table rows stay as they are; checked lazily since that scans both lines.
        let table_row = || a.contains('\t') || z.contains('\t');
        let act = if wrapped && table_row() {
            Act::Keep
        } else if symbol_hyphen(a, z) {
            if table_row() {
                Act::Keep
            } else {
                Act::Glue
            }
        } else if number_follows(a, z) && !starts_list_marker(z) {
            if table_row() {
                Act::Keep
            } else {
                Act::Space
            }
        } else if !wrapped {
            if has_dropped {
                Act::Break
            } else {
                Act::Keep
            }
        } else if starts_list_marker(z) {
            Act::Break
        } else if z.starts_with(char::is_lowercase) {
            Act::Space
        } else if (has_blank && !blank_noise) || ends_terminal(a) {
            // A real blank line, or a finished sentence before a capital: a new paragraph.
            Act::Break
        } else if a.ends_with(',') || a.chars().count() * 4 >= width * 3 {
            Act::Space
        } else {
            Act::Break
        };
        let (with, kind) = match act {
            Act::Glue => ("", "hyphen"),
            Act::Space => (" ", "join-line"),
            Act::Break if wrapped || has_dropped => ("\n", "blank-line"),
            Act::Break | Act::Keep if !has_dropped => continue,
            Act::Break | Act::Keep => ("\n", "blank-line"),
        };
        if &src[gap.clone()] != with {
            b.replace(gap, with, Some(kind));
        }
    }
    if let Some(t) = trailing {
        b.replace(t..src.len(), "", None);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full repair, without the quick exit, changes nothing.
    fn full(src: &str) -> bool {
        let (out, _, reps) = repair_lines(src).finish();
        out.is_none() && reps.is_empty()
    }

    #[test]
    fn quick_exit_fires_on_plain_paragraphs_only() {
        assert!(untouched(
            "Căn cứ Kế hoạch số 184/KH-UBND.\nI. MỤC TIÊU\n1. Mục tiêu chung"
        ));
        assert!(!untouched("theo Kế hoạch số\n184/KH-UBND"));
        assert!(!untouched("Nghị quyết số 18-\nNQ/TW"));
        assert!(!untouched("trang một\u{c}trang hai"));
        assert!(!untouched("một dòng\nnối tiếp\nvà tiếp\ncòn nữa"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The quick exit only fires on text the full repair leaves as it is.
        #[test]
        fn quick_exit_only_on_untouched_text(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::prelude::Just("Kế hoạch số"), proptest::prelude::Just("184/KH-"),
            proptest::prelude::Just("UBND ngày"), proptest::prelude::Just("12"),
            proptest::prelude::Just("- nội dung"), proptest::prelude::Just("1. Mục tiêu"),
            proptest::prelude::Just("a) công chức"), proptest::prelude::Just("và các"),
            proptest::prelude::Just("Điều 5"), proptest::prelude::Just("năm"),
            proptest::prelude::Just("\t"), proptest::prelude::Just(" "),
            proptest::prelude::Just("\n"), proptest::prelude::Just("\n\n"),
            proptest::prelude::Just("18-"), proptest::prelude::Just("NQ/TW."),
        ], 0..60)) {
            let src: String = parts.concat();
            if untouched(&src) {
                proptest::prop_assert!(full(&src), "{src:?}");
            }
        }
    }

    fn run(s: &str) -> String {
        let (out, _, _) = repair(s).finish();
        out.unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn list_markers() {
        for s in [
            "I. MỤC TIÊU",
            "II. NỘI DUNG",
            "1. Mục tiêu",
            "1.1. Chỉ tiêu",
            "2.3 Nội dung",
            "a) Nâng cao",
            "đ) Khác",
            "- Như trên;",
            "+ Cấp tỉnh",
            "(1) Chỉ số",
            "Điều 5. Hiệu lực",
        ] {
            assert!(starts_list_marker(s), "{s}");
        }
        for s in [
            "1.913 hồ sơ",
            "2025 với mục tiêu",
            "184/KH-UBND",
            "Căn cứ",
            "công chức",
            "70,7%",
        ] {
            assert!(!starts_list_marker(s), "{s}");
        }
    }

    #[test]
    fn joins_wrapped_pdf_text() {
        let src = "Tại tỉnh Hưng Yên, ngày 07/12/2021, UBND tỉnh ban hành Kế hoạch số \n\n\
184/KH-UBND về Cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn 2021-\n\n\
2025 với mục tiêu từ năm 2021, hàng năm kết quả Chỉ số CCHC (PAR INDEX), \n\
Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) đều tăng theo \n\n\
từng năm, theo Nghị quyết số 18-\nNQ/TW của Ban Chấp hành Trung ương. \n\n\
I. MỤC TIÊU \n\n\
1. Mục tiêu chung \n\n\
a) Nâng cao nhận thức, trách nhiệm của tập thể lãnh đạo, người đứng đầu, \n\n\
công chức, viên chức. \n\n\
Đối với công tác cải cách hành chính của Sở được xác định là cơ sở \n\n\
để thực hiện thắng lợi các nhiệm vụ.";
        let want = "Tại tỉnh Hưng Yên, ngày 07/12/2021, UBND tỉnh ban hành Kế hoạch số 184/KH-UBND về Cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn 2021-2025 với mục tiêu từ năm 2021, hàng năm kết quả Chỉ số CCHC (PAR INDEX), Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) đều tăng theo từng năm, theo Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương.\n\
I. MỤC TIÊU\n\
1. Mục tiêu chung\n\
a) Nâng cao nhận thức, trách nhiệm của tập thể lãnh đạo, người đứng đầu, công chức, viên chức.\n\
Đối với công tác cải cách hành chính của Sở được xác định là cơ sở để thực hiện thắng lợi các nhiệm vụ.";
        assert_eq!(run(src), want);
    }

    #[test]
    fn keeps_paragraph_per_line_text() {
        let src = "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính Quý III;\nphương hướng, nhiệm vụ quý IV năm 2024\n\nCăn cứ các Kế hoạch của UBND tỉnh Hưng Yên: số 184/KH-UBND ngày 07/12/2021 ban hành Kế hoạch Cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn 2021-2025; số 187/KH-UBND ngày 21/12/2023 ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Hưng Yên năm 2024.\n\nSở Khoa học và Công nghệ (KH&CN) báo cáo kết quả thực hiện công tác cải cách hành chính (CCHC) quý III và phương hướng nhiệm vụ quý IV năm 2024 cụ thể như sau; căn cứ Nghị quyết số\n76/NQ-CP của Chính phủ.\n";
        let want = src.replace("số\n76", "số 76");
        assert_eq!(run(src), want);
    }

    #[test]
    fn drops_page_headers_and_numbers() {
        let words = [
            "cải cách",
            "hành chính",
            "công vụ",
            "thủ tục",
            "tài chính",
            "số hoá",
            "thể chế",
            "bộ máy",
            "chính quyền",
            "dịch vụ",
            "kiểm tra",
            "tuyên truyền",
        ];
        let mut src = String::new();
        for p in 1..=4 {
            src.push_str("UBND TỈNH HƯNG YÊN - Báo cáo số 12/BC-UBND\n");
            for k in 0..3 {
                let w = words[(p - 1) * 3 + k];
                src.push_str(&format!(
                    "nội dung {w} của tỉnh trong giai đoạn tới cần được quan tâm {k} \n"
                ));
            }
            src.push_str(&format!("Trang {p}\n\u{c}"));
        }
        let out = run(&src);
        assert!(!out.contains("UBND TỈNH HƯNG YÊN"), "{out}");
        assert!(!out.contains("Trang"), "{out}");
        assert!(!out.contains('\u{c}'), "{out}");
        assert_eq!(out.matches("nội dung").count(), 12);
    }
}
