//! The first stages of the repair chain for PDF text, page by page: damage that comes from
//! PDF itself. Presentation forms (ligatures), the zoo of space and invisible characters fonts
//! map glyphs to and control codes from fonts without a usable encoding (`pdf-char`);
//! document symbols that the word processor wrapped at a hyphen or slash (`symbol-join`);
//! running page numbers (`page-number`). Each is a stage with its own offset map, so spans of
//! PDF text point into the page text as the PDF's text layer gave it.
//!
//! Symbols are rejoined by moving the continuation up onto the line where the symbol started
//! ("Kế hoạch số 184/KH-\nUBND về" -> "Kế hoạch số 184/KH-UBND\nvề"), so line counts barely move
//! and a symbol is never split by whatever later turns newlines into spaces.

use crate::offsets::Builder;
use std::ops::Range;

/// Which PDF stage to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Presentation forms, odd spaces, invisible and control characters.
    Chars,
    /// Symbols split over two lines.
    Join,
    /// Running page numbers.
    PageNumber,
}

/// One stage over the pages of `src`. For [`Stage::Chars`] the pages are `pages` (ranges of
/// `src`, each followed by its form feed); the later stages find them by form feeds, the only
/// ones left after the first stage.
pub(crate) fn repair<'a>(src: &'a str, pages: &[Range<usize>], stage: Stage) -> Builder<'a> {
    let mut b = Builder::new(src);
    let split: Vec<Range<usize>>;
    let pages = if stage == Stage::Chars {
        pages
    } else {
        let mut s = 0;
        split = memchr::memchr_iter(0x0C, src.as_bytes())
            .map(|i| {
                let r = s..i;
                s = i + 1;
                r
            })
            .collect();
        &split
    };
    for (k, page) in pages.iter().enumerate() {
        let Some(text) = src.get(page.clone()) else {
            continue;
        };
        match stage {
            Stage::Chars => chars_edits(text, page.start, &mut b),
            Stage::Join => {
                let out = join_broken_symbols(text);
                if out != text {
                    align(text, &out, page.start, &mut b);
                }
            }
            Stage::PageNumber => {
                for r in page_number_lines(text, k as u32 + 1) {
                    b.replace(
                        page.start + r.start..page.start + r.end,
                        "",
                        Some("page-number"),
                    );
                }
            }
        }
    }
    b
}

/// The replacement of one character by [`normalize_chars`], if it changes.
fn char_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => " ",
        '\u{2010}' | '\u{2011}' => "-",
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "",
        '\r' => "\n",
        '\n' | '\t' | '\u{AD}' => return None,
        c if c.is_control() => "",
        _ => return None,
    })
}

fn chars_edits(text: &str, base: usize, b: &mut Builder<'_>) {
    // Plain ASCII text other than CR and control codes needs nothing: skip it fast.
    for (i, c) in text.char_indices() {
        if c.is_ascii() && !c.is_ascii_control() {
            continue;
        }
        if let Some(with) = char_replacement(c) {
            b.replace(base + i..base + i + c.len_utf8(), with, Some("pdf-char"));
        }
    }
}

/// Edits turning `text` into `out`, where `out` is `text` with white space and soft hyphens
/// deleted and white space inserted (what [`join_broken_symbols`] does): every other character
/// is matched in order, so spans of words and symbols map exactly.
fn align(text: &str, out: &str, base: usize, b: &mut Builder<'_>) {
    let deletable = |c: char| c.is_whitespace() || c == '\u{AD}';
    let (tb, ob) = (text.as_bytes(), out.as_bytes());
    let (mut i, mut o) = (0, 0);
    // Pending edit: input range start and output range start.
    let mut pending: Option<(usize, usize)> = None;
    let flush = |pending: &mut Option<(usize, usize)>, i: usize, o: usize, b: &mut Builder<'_>| {
        if let Some((si, so)) = pending.take() {
            b.replace(base + si..base + i, &out[so..o], Some("symbol-join"));
        }
    };
    while o < out.len() {
        let oc = out[o..].chars().next().unwrap_or(' ');
        let ic = text.get(i..).and_then(|t| t.chars().next());
        match ic {
            Some(ic) if ic == oc && tb.get(i) == ob.get(o) => {
                flush(&mut pending, i, o, b);
                i += ic.len_utf8();
                o += oc.len_utf8();
            }
            Some(ic) if deletable(ic) => {
                pending.get_or_insert((i, o));
                i += ic.len_utf8();
            }
            _ if oc.is_whitespace() => {
                pending.get_or_insert((i, o));
                o += oc.len_utf8();
            }
            _ => {
                // Not the shape this stage produces: replace the rest as one range (still an
                // exact map at both ends).
                let (si, so) = pending.take().unwrap_or((i, o));
                b.replace(
                    base + si..base + text.len(),
                    &out[so..],
                    Some("symbol-join"),
                );
                return;
            }
        }
    }
    if i < text.len() {
        pending.get_or_insert((i, o));
        i = text.len();
    }
    flush(&mut pending, i, o, b);
}

/// Map presentation forms and odd spaces to plain text; drop invisible and control characters
/// (the string form of [`Stage::Chars`], kept for its tests).
#[cfg(test)]
fn normalize_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // No-break, fixed-width and ideographic spaces.
            '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                out.push(' ')
            }
            // Hyphen, non-breaking hyphen (Word's Ctrl+Shift+- keeps symbols on one line).
            '\u{2010}' | '\u{2011}' => out.push('-'),
            // Zero-width characters and byte-order marks carry nothing.
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\r' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            // Soft hyphen: kept only at a line end, where it marks a word split by the layout.
            '\u{AD}' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn is_symbol_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | '&' | '\u{300}'..='\u{36F}')
}

/// The last token of a line, if it looks like the first part of a document symbol or a range
/// broken after a separator: "184/", "76/NQ-", "2021-", "208-KH/".
fn symbol_head(line: &str) -> Option<&str> {
    let tok = line.rsplit(char::is_whitespace).next()?;
    let tok = tok.trim_start_matches(['(', '[', '"', '\'', '“', '‘']);
    let last = tok.chars().last()?;
    if last != '-' && last != '/' {
        return None;
    }
    let body = &tok[..tok.len() - last.len_utf8()];
    if body.is_empty() || !body.chars().all(is_symbol_char) {
        return None;
    }
    let has_digit = body.chars().any(|c| c.is_ascii_digit());
    let has_slash = body.contains('/');
    let all_upper = body
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && body.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    (has_digit || has_slash || all_upper).then_some(tok)
}

/// Length in bytes of the first token of `line` when it continues a symbol: it starts with an
/// upper-case letter or a digit and holds only symbol characters (plus closing punctuation).
fn symbol_tail_len(line: &str) -> Option<usize> {
    let tok = line.split(char::is_whitespace).next()?;
    let first = tok.chars().next()?;
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return None;
    }
    let core = tok.trim_end_matches([',', '.', ';', ':', ')', ']', '"', '\'', '”', '’']);
    if core.is_empty() || !core.chars().all(is_symbol_char) {
        return None;
    }
    // "TTg", "UBND", "2025", "KH/TU" continue a symbol; a capitalised word ("Tổ") starts a
    // sentence after a list number ("1-").
    let uppers = core.chars().filter(|c| c.is_uppercase()).count();
    let marked = core
        .chars()
        .any(|c| c.is_ascii_digit() || c == '/' || c == '-');
    (uppers >= 2 || marked).then_some(tok.len())
}

/// Rejoin symbols split over two lines by moving the continuation up.
fn join_broken_symbols(text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut i = 0;
    while i + 1 < lines.len() {
        let head_end = lines[i].trim_end().len();
        let head_line = &lines[i][..head_end];
        let next = lines[i + 1].trim_start();
        let take = if let Some(stripped) = head_line.strip_suffix('\u{AD}') {
            // A soft hyphen at the end of a line: the word continues, whatever it is.
            let n = next.split(char::is_whitespace).next().map_or(0, str::len);
            (n > 0).then_some((stripped.len(), n))
        } else if symbol_head(head_line).is_some() {
            symbol_tail_len(next).map(|n| (head_end, n))
        } else {
            None
        };
        let Some((keep, n)) = take else {
            i += 1;
            continue;
        };
        let next_owned = lines[i + 1].trim_start().to_string();
        let (tail, rest) = next_owned.split_at(n);
        let mut joined = lines[i][..keep].to_string();
        joined.push_str(tail);
        lines[i] = joined;
        let rest = rest.trim_start();
        if rest.is_empty() {
            lines.remove(i + 1);
        } else {
            lines[i + 1] = rest.to_string();
        }
        // The continuation may itself end in a separator: look at the same line again.
    }
    lines.join("\n")
}

/// The ranges to delete for running page numbers: the first and the last non-empty line when
/// it is only the page's number ("3", "- 3 -", "Trang 3", "3/12"), allowing for an unnumbered
/// cover page, each with one line break, so that what is left is the other lines joined by
/// single line breaks.
fn page_number_lines(text: &str, page_num: u32) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut s = 0;
    for (i, _) in text.match_indices('\n') {
        lines.push(s..i);
        s = i + 1;
    }
    lines.push(s..text.len());
    let nonempty = |r: &Range<usize>| !text[r.clone()].trim().is_empty();
    let first = lines.iter().position(nonempty);
    let last = lines.iter().rposition(nonempty);
    let mut drop: Vec<usize> = [first, last]
        .into_iter()
        .flatten()
        .filter(|&i| is_page_number(&text[lines[i].clone()], page_num))
        .collect();
    drop.dedup();
    let n = lines.len();
    // Separator j sits between line j - 1 and line j (1..n); each dropped line takes one with
    // it, the one after it when there is one left, else the one before.
    let sep = |j: usize| lines[j - 1].end..lines[j].start;
    let mut used = vec![false; n + 1];
    let mut out: Vec<Range<usize>> = Vec::new();
    for &l in &drop {
        let mut r = lines[l].clone();
        let take = [l + 1, l, l.saturating_sub(1)]
            .into_iter()
            .find(|&j| (1..n).contains(&j) && !used[j]);
        if let Some(j) = take {
            used[j] = true;
            let sr = sep(j);
            r = r.start.min(sr.start)..r.end.max(sr.end);
            if j + 1 == l {
                // The separator before the previous line: everything from it to this line
                // (the previous line is dropped too, or this would not be reached).
                r = sr.start..lines[l].end;
            }
        }
        out.push(r);
    }
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in out {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// [`Stage::PageNumber`] as a string function (its tests).
#[cfg(test)]
fn strip_page_number(text: &str, page_num: u32) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in page_number_lines(text, page_num) {
        out.push_str(&text[at..r.start]);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The three stages on one page, as strings (tests).
#[cfg(test)]
fn clean_page(text: &str, page_num: u32) -> String {
    let chars = normalize_chars(text);
    let joined = join_broken_symbols(&chars);
    strip_page_number(&joined, page_num)
}

fn is_page_number(line: &str, page_num: u32) -> bool {
    let mut s = line.trim().trim_matches(['-', '–', '—', ' ']).trim();
    for prefix in ["Trang", "trang", "Page", "page"] {
        if let Some(r) = s.strip_prefix(prefix) {
            s = r.trim_start();
        }
    }
    let s = s.split('/').next().unwrap_or("").trim();
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(n) = s.parse::<u32>() else {
        return false;
    };
    n + 1 == page_num || n == page_num
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_hyphen_of_symbol_broken_at_line_end() {
        assert_eq!(
            join_broken_symbols("theo Quyết định số 766/QĐ-\nTTg ngày 23/6/2022"),
            "theo Quyết định số 766/QĐ-TTg\nngày 23/6/2022"
        );
    }

    #[test]
    fn joins_symbol_broken_after_slash_and_in_year_form() {
        assert_eq!(
            join_broken_symbols("Kế hoạch số 57/\nKH-UBND ngày 2/3/2019 của"),
            "Kế hoạch số 57/KH-UBND\nngày 2/3/2019 của"
        );
        assert_eq!(
            join_broken_symbols("Thông tư số 01/2023/TT-\nBNV."),
            "Thông tư số 01/2023/TT-BNV."
        );
        assert_eq!(
            join_broken_symbols("Chỉ thị số 05-\nCT/TW, Nghị định 30/2020/NĐ-\nCP"),
            "Chỉ thị số 05-CT/TW,\nNghị định 30/2020/NĐ-CP"
        );
    }

    #[test]
    fn continuation_that_breaks_again_is_joined_too() {
        assert_eq!(
            join_broken_symbols("số 12/\nQĐ-\nUBND của"),
            "số 12/QĐ-UBND\ncủa"
        );
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        let s = "phát triển kinh tế -\nxã hội của tỉnh\nQuyết định số\n411/QĐ-TTg";
        assert_eq!(join_broken_symbols(s), s);
        let s = "các đơn vị-\nphòng ban";
        assert_eq!(join_broken_symbols(s), s);
        let s = "mục 1-\nTổ chức thực hiện";
        assert_eq!(join_broken_symbols(s), s);
    }

    #[test]
    fn soft_hyphen_at_line_end_joins_word() {
        assert_eq!(
            join_broken_symbols("admini\u{AD}\nstration is"),
            "administration\nis"
        );
    }

    #[test]
    fn normalizes_pdf_characters() {
        assert_eq!(
            normalize_chars("\u{FB01}le\u{A0}số\u{200B} 12/QĐ\u{2011}UBND\u{1}"),
            "file số 12/QĐ-UBND"
        );
    }

    #[test]
    fn strips_running_page_numbers_only() {
        assert_eq!(
            strip_page_number("\n\n- 3 -\nNội dung\n", 3),
            "\n\nNội dung\n"
        );
        assert_eq!(strip_page_number("Nội dung\nTrang 4/9", 4), "Nội dung");
        assert_eq!(strip_page_number("Nội dung\n2", 3), "Nội dung");
        // A number that is not this page's stays: it may be a table cell.
        assert_eq!(strip_page_number("Nội dung\n17", 3), "Nội dung\n17");
        assert_eq!(strip_page_number("Số liệu\n2024", 2), "Số liệu\n2024");
    }

    /// The line-joining definition the edits must reproduce.
    fn strip_page_number_reference(text: &str, page_num: u32) -> String {
        let lines: Vec<&str> = text.split('\n').collect();
        let first = lines.iter().position(|l| !l.trim().is_empty());
        let last = lines.iter().rposition(|l| !l.trim().is_empty());
        let mut drop = Vec::new();
        for idx in [first, last].into_iter().flatten() {
            if is_page_number(lines[idx], page_num) && !drop.contains(&idx) {
                drop.push(idx);
            }
        }
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !drop.contains(i))
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn page_number_edits_equal_the_line_definition() {
        let parts = ["", "3", "- 3 -", "Trang 3", "x", " ", "2", "Nội dung"];
        // Every text of up to four lines from these parts.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for t in &texts {
                for p in parts {
                    next.push(if t.is_empty() {
                        p.to_string()
                    } else {
                        format!("{t}\n{p}")
                    });
                }
            }
            texts.extend(next);
        }
        for t in &texts {
            for page in [2, 3] {
                assert_eq!(
                    strip_page_number(t, page),
                    strip_page_number_reference(t, page),
                    "{t:?} page {page}"
                );
            }
        }
    }

    #[test]
    fn clean_page_never_panics_on_odd_input() {
        for s in [
            "",
            "\n",
            "-",
            "/\n",
            "\u{AD}",
            "\u{AD}\n",
            "ả-\nẢ",
            "1/\n\n",
            "(-\n)",
        ] {
            let _ = clean_page(s, 1);
        }
    }
}
