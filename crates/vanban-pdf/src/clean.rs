//! PDF-specific clean-up of one page of extracted text.
//!
//! Only damage that comes from PDF itself is handled here: presentation forms (ligatures), the
//! zoo of space and invisible characters fonts map glyphs to, control codes from fonts without a
//! usable encoding, running page numbers, and document symbols that the word processor wrapped
//! at a hyphen or slash. Generic repair (tones, line joining, encodings) is `vanban-text`'s job.
//!
//! Symbols are rejoined by moving the continuation up onto the line where the symbol started
//! ("Kế hoạch số 184/KH-\nUBND về" -> "Kế hoạch số 184/KH-UBND\nvề"), so line counts barely move
//! and a symbol is never split by whatever later turns newlines into spaces.

/// Clean one page's text; `page_num` is 1-based and used to recognise running page numbers.
pub fn clean_page(text: &str, page_num: u32) -> String {
    let chars = normalize_chars(text);
    let joined = join_broken_symbols(&chars);
    strip_page_number(&joined, page_num)
}

/// Map presentation forms and odd spaces to plain text; drop invisible and control characters.
pub fn normalize_chars(text: &str) -> String {
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
pub fn join_broken_symbols(text: &str) -> String {
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

/// Drop a running page number: the first or last non-empty line when it is only the page's
/// number ("3", "- 3 -", "Trang 3", "3/12"), allowing for an unnumbered cover page.
pub fn strip_page_number(text: &str, page_num: u32) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let mut drop = Vec::new();
    for idx in [first, last].into_iter().flatten() {
        if is_page_number(lines[idx], page_num) && !drop.contains(&idx) {
            drop.push(idx);
        }
    }
    if drop.is_empty() {
        return text.to_string();
    }
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n")
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
