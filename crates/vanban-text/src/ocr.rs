//! OCR repair: the confusions Tesseract makes inside document symbols, dates and common words,
//! undone only where the repair is unambiguous against the vocabularies. It runs on pages read
//! by OCR only (a text layer has none of these confusions), and every change is a repair of
//! kind `ocr` with its span, never silent.
//!
//! - A letter part of a symbol that is no known type or issuer code (`QĐĐ` in `QĐĐ-UBND`,
//!   `NÑQ` in `NÑQ-CP`) becomes the one known code reached by deleting a marked letter read
//!   twice or undoing a look-alike (`Ñ` -> `N`); with no or several such codes it is left
//!   alone. A doubled plain letter (`SKHHCN`) is a misprint on the page, kept as printed.
//! - Letters among the digits of a number or date in a symbol or date (`2O17`, `l5/3`) become
//!   the digits they imitate.
//! - A word with two tone marks (no Vietnamese syllable has two: `ngàỷ`) becomes the one
//!   common word (`patterns/ocr/words.txt`) that keeping a single one of its marks gives.

use crate::offsets::Builder;
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// What OCR repairs are checked against: symbol codes and common words.
#[derive(Clone, Debug, Default)]
pub struct OcrLexicon {
    codes: HashSet<String>,
    words: HashSet<String>,
}

impl OcrLexicon {
    /// A lexicon of symbol letter codes (type codes, issuer abbreviations and other symbol
    /// parts, any case) and common words (lowercase).
    pub fn new<'a>(
        codes: impl IntoIterator<Item = &'a str>,
        words: impl IntoIterator<Item = &'a str>,
    ) -> OcrLexicon {
        OcrLexicon {
            codes: codes
                .into_iter()
                .map(|c| c.trim().nfc().collect::<String>().to_uppercase())
                .filter(|c| !c.is_empty())
                .collect(),
            words: words
                .into_iter()
                .map(|w| w.trim().nfc().collect::<String>().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    /// Is this (uppercase) symbol part known?
    fn known(&self, code: &str) -> bool {
        // A code may carry a legislature number (QH13) or a year-like suffix.
        let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
        self.codes.contains(code) || (!letters.is_empty() && self.codes.contains(letters))
    }
}

/// Look-alikes Tesseract puts for a letter of a symbol code.
fn unconfuse(c: char) -> Option<char> {
    Some(match c {
        'Ñ' => 'N',
        'Ð' | 'Ď' => 'Đ',
        '0' => 'O',
        '1' => 'I',
        '5' => 'S',
        '8' => 'B',
        'Ü' | 'Ú' | 'Ù' => 'U',
        'Ò' | 'Ó' | 'Ô' => 'O',
        _ => return None,
    })
}

/// The one known code one edit away from `part` (a deleted letter or an undone look-alike),
/// when there is exactly one.
fn repair_code(part: &str, lex: &OcrLexicon) -> Option<String> {
    let upper = part.to_uppercase();
    if upper.chars().count() < 2 || lex.known(&upper) {
        return None;
    }
    let chars: Vec<char> = upper.chars().collect();
    let mut found: Vec<String> = Vec::new();
    let mut consider = |cand: String| {
        if lex.known(&cand) && !found.contains(&cand) {
            found.push(cand);
        }
    };
    for i in 0..chars.len() {
        // The engine doubles a letter with a mark, reading its stroke twice (`QĐÐ`, `NÑQ`);
        // it hardly ever invents a plain letter, so a doubled ASCII letter (`SKHHCN`) is how
        // the page is printed and stays.
        let doubled = |j: Option<usize>| {
            j.and_then(|j| chars.get(j)).is_some_and(|&n| {
                let base = |c: char| unconfuse(c).unwrap_or(c);
                base(n) == base(chars[i])
            })
        };
        if !chars[i].is_ascii() && (doubled(i.checked_sub(1)) || doubled(Some(i + 1))) {
            let mut v = chars.clone();
            v.remove(i);
            if v.len() >= 2 {
                consider(v.into_iter().collect());
            }
        }
        if let Some(r) = unconfuse(chars[i]) {
            let mut v = chars.clone();
            v[i] = r;
            consider(v.into_iter().collect());
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// Letters read for digits among digits (`2O17`): the digits, when the part has digits.
fn repair_number(part: &str) -> Option<String> {
    let digits = part.chars().filter(char::is_ascii_digit).count();
    let odd = part
        .chars()
        .filter(|c| matches!(c, 'O' | 'o' | 'I' | 'l' | '|'))
        .count();
    if digits == 0 || odd == 0 || digits + odd != part.chars().count() || digits < odd {
        return None;
    }
    Some(
        part.chars()
            .map(|c| match c {
                'O' | 'o' => '0',
                'I' | 'l' | '|' => '1',
                c => c,
            })
            .collect(),
    )
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// A word with two or more tone marks: the one common word keeping a single mark gives.
fn repair_tones(word: &str, lex: &OcrLexicon) -> Option<String> {
    let nfd: Vec<char> = word.nfd().collect();
    let tones: Vec<usize> = (0..nfd.len()).filter(|&i| is_tone(nfd[i])).collect();
    if tones.len() < 2 {
        return None;
    }
    let mut found: Vec<String> = Vec::new();
    for &keep in &tones {
        let cand: String = nfd
            .iter()
            .enumerate()
            .filter(|(i, c)| !is_tone(**c) || *i == keep)
            .map(|(_, c)| *c)
            .nfc()
            .collect();
        if lex.words.contains(&cand.to_lowercase()) && !found.contains(&cand) {
            found.push(cand);
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// A symbol broken by a space after its hyphen (`27/KH- SKHCN`: the engine reads a justified
/// line's wide gap as a space): the space, when the token `src[s..e]` is a numbered symbol
/// ending in `-` and the word after the gap is a known code.
fn split_symbol_gap(
    src: &str,
    s: usize,
    e: usize,
    end: usize,
    lex: &OcrLexicon,
) -> Option<std::ops::Range<usize>> {
    let tok = &src[s..e];
    let head = tok.strip_suffix('-')?;
    if !tok.contains('/') || !head.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // The part before the hyphen is itself a code (`KH`), not a number or a date.
    let last = head.rsplit(['/', '-']).next()?;
    if !last.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    // The gap: spaces, and at most one more hyphen read twice (`QĐ- -UBND`).
    let rest = &src[e..end];
    let sp = |t: &str| t.len() - t.trim_start_matches([' ', '\t']).len();
    let mut gap = sp(rest);
    if rest[gap..].starts_with('-') {
        gap += 1 + sp(&rest[gap + 1..]);
    }
    if gap == 0 || gap > 5 {
        return None;
    }
    let word: String = rest[gap..]
        .chars()
        .take_while(|c| c.is_alphabetic() || crate::viet::is_mark(*c))
        .collect();
    let known = word.chars().count() >= 2
        && word.chars().all(char::is_uppercase)
        && lex.known(&word.to_uppercase());
    known.then_some(e..e + gap)
}

fn symbol_char(c: char) -> bool {
    c.is_alphanumeric() || c == '/' || c == '-'
}

/// Repair the symbols, numbers and words of `text[range]` into `b` (edits in order).
fn repair_range(src: &str, range: std::ops::Range<usize>, lex: &OcrLexicon, b: &mut Builder<'_>) {
    let mut i = range.start;
    let end = range.end;
    while i < end {
        let Some(c) = src[i..end].chars().next() else {
            break;
        };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        // A token: letters, digits, marks, `/` and `-`.
        let s = i;
        let mut e = i;
        for (k, ch) in src[i..end].char_indices() {
            if symbol_char(ch) || crate::viet::is_mark(ch) {
                e = i + k + ch.len_utf8();
            } else {
                break;
            }
        }
        let tok = &src[s..e];
        let has_sep = tok.contains(['/', '-']);
        let has_digit = tok.chars().any(|c| c.is_ascii_digit());
        if has_sep && has_digit && tok.len() <= 48 {
            // A symbol or a date: repair each part between separators.
            let mut at = s;
            for part in tok.split(['/', '-']) {
                let upper_letters = part.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
                let fix = if part.chars().next().is_some_and(char::is_alphabetic) && upper_letters {
                    repair_code(part, lex)
                } else {
                    repair_number(part)
                };
                if let Some(f) = fix {
                    if f != part {
                        b.replace(at..at + part.len(), &f, Some("ocr"));
                    }
                }
                at += part.len() + 1;
            }
            if let Some(gap) = split_symbol_gap(src, s, e, end, lex) {
                b.replace(gap, "", Some("ocr"));
            }
        } else if !has_sep {
            if let Some(f) = repair_tones(tok, lex) {
                b.replace(s..e, &f, Some("ocr"));
            }
        } else {
            // Words joined by hyphens: each word on its own.
            let mut at = s;
            for part in tok.split(['/', '-']) {
                if let Some(f) = repair_tones(part, lex) {
                    b.replace(at..at + part.len(), &f, Some("ocr"));
                }
                at += part.len() + 1;
            }
        }
        i = e.max(i + c.len_utf8());
    }
}

/// The OCR stage over the pages (form-feed separated, 0-based) listed in `pages`.
pub(crate) fn repair<'a>(src: &'a str, pages: &[usize], lex: &OcrLexicon) -> Builder<'a> {
    let mut b = Builder::new(src);
    let mut start = 0;
    for (k, seg) in src.split('\u{c}').enumerate() {
        if pages.contains(&k) {
            repair_range(src, start..start + seg.len(), lex, &mut b);
        }
        start += seg.len() + 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> OcrLexicon {
        OcrLexicon::new(
            [
                "QĐ", "NQ", "CP", "UBND", "TW", "KH", "TB", "NĐ", "HĐ", "HD", "QH", "BTC",
            ],
            ["ngày", "tháng", "năm", "số", "quyết", "định"],
        )
    }

    fn run(s: &str) -> (String, Vec<(String, String)>) {
        let (out, _, reps) = repair(s, &[0], &lex()).finish();
        (
            out.unwrap_or_else(|| s.to_string()),
            reps.into_iter().map(|r| (r.before, r.after)).collect(),
        )
    }

    #[test]
    fn symbol_codes_are_repaired_when_unambiguous() {
        let (t, r) = run("Quyết định số 12/QĐĐ-UBND và Nghị quyết 30/NÑQ-CP");
        assert_eq!(t, "Quyết định số 12/QĐ-UBND và Nghị quyết 30/NQ-CP");
        assert_eq!(
            r,
            [("QĐĐ".into(), "QĐ".into()), ("NÑQ".into(), "NQ".into())]
        );
        // Known codes and unknown codes without one clear repair stay.
        assert_eq!(run("Số 194/TB-VPUB, 19-NQ/TW").1, []);
        // HĐD: no letter read twice, no look-alike: left alone.
        assert_eq!(run("Số 5/HĐD-UBND").1, []);
        // The engine's look-alike of the letter it doubles (`Ð`, U+00D0) goes too.
        assert_eq!(run("Số 17/QĐÐ-UBND").1, [("QĐÐ".into(), "QĐ".into())]);
        // A doubled plain letter is the page's misprint (`SKHHCN`), kept as printed, even
        // where deleting it gives a known code.
        assert_eq!(run("Số 21/KHH-UBND, 3/TBB-UBND").1, []);
        assert_eq!(run("Luật 77/2015/QH13").1, []);
    }

    #[test]
    fn a_space_after_a_symbol_hyphen_is_closed_before_a_known_code() {
        let (t, r) = run("số 27/KH- UBND ngày 21/3/2022 và 395/2023/NQ-  CP");
        assert_eq!(t, "số 27/KH-UBND ngày 21/3/2022 và 395/2023/NQ-CP");
        assert_eq!(r, [(" ".into(), "".into()), ("  ".into(), "".into())]);
        // The hyphen read twice around the gap.
        assert_eq!(run("số 34/QĐ- -UBND ngày").0, "số 34/QĐ-UBND ngày");
        // A range of years, an unknown word, a lower-case word: left alone.
        assert_eq!(run("giai đoạn 2021- 2025").1, []);
        assert_eq!(run("số 27/KH- XYZW").1, []);
        assert_eq!(run("số 27/KH- về").1, []);
    }

    #[test]
    fn digits_in_numbers_and_dates() {
        let (t, r) = run("ngày 25/1O/2O17, số l5/KH-UBND");
        assert_eq!(t, "ngày 25/10/2017, số 15/KH-UBND");
        assert_eq!(r.len(), 3);
        // Words are not numbers.
        assert_eq!(run("Ol-UBND").1, []);
    }

    #[test]
    fn two_tone_marks_become_the_common_word() {
        let (t, r) = run("Hà Nội, ngàỷ 5 tháng 3 năm 2024");
        assert_eq!(t, "Hà Nội, ngày 5 tháng 3 năm 2024");
        assert_eq!(r, [("ngàỷ".into(), "ngày".into())]);
        // A word outside the list is left alone.
        assert_eq!(run("xàỷ").1, []);
    }

    #[test]
    fn only_the_listed_pages_are_repaired() {
        let s = "ngàỷ\u{c}ngàỷ";
        let (out, _, reps) = repair(s, &[1], &lex()).finish();
        assert_eq!(out.as_deref(), Some("ngàỷ\u{c}ngày"));
        assert_eq!(reps.len(), 1);
    }
}
