//! Character-level repair: NFC, misplaced tone marks, Ð for Đ, odd spaces, hyphens.

use crate::offsets::Builder;
use crate::viet::{fix_word, is_mark};
use crate::ToneStyle;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that make a token need a closer look. Everything else is left byte for byte.
#[inline]
pub(crate) fn special(c: char) -> bool {
    let u = c as u32;
    if u < 0x300 {
        return matches!(u, 0xA0 | 0xAD | 0xD0 | 0xF0);
    }
    if (0x1E00..=0x1EFF).contains(&u) || (0x2014..=0x2027).contains(&u) {
        // Latin Extended Additional (Vietnamese) and quotes/bullets/ellipsis: always NFC.
        return false;
    }
    matches!(
        u,
        0x2000..=0x2013 | 0x202F | 0x2060 | 0x2212 | 0x3000 | 0xFEFF
    ) || is_mark(c)
        || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
}

fn space_like(c: char) -> bool {
    matches!(c as u32, 0xA0 | 0x2000..=0x200A | 0x202F | 0x3000)
}

fn invisible(c: char) -> Option<&'static str> {
    match c as u32 {
        0x200B..=0x200D | 0x2060 | 0xFEFF => Some("zero-width"),
        0xAD => Some("soft-hyphen"),
        _ => None,
    }
}

/// Repair characters in `src`. Returns the builder's result (text `None` when unchanged).
/// With `tone`, also collects the places where an oa/oe/uy syllable may need its tone moved
/// (offsets into `src`; meaningful only when nothing was changed here).
pub(crate) fn repair<'a>(
    src: &'a str,
    style: ToneStyle,
    mut tone: Option<&mut crate::scan::TonePlaces>,
) -> Builder<'a> {
    let mut b = Builder::new(src);
    let bytes = src.as_bytes();
    let mut i = 0;
    // End of the last token handed to `fix_token`: its specials are all dealt with.
    let mut done = 0;
    while i < bytes.len() {
        let at = crate::scan::scan(src, i, tone.as_deref_mut());
        if at >= bytes.len() {
            break;
        }
        let len = src[at..].chars().next().map_or(1, char::len_utf8);
        if at < done {
            i = at + len;
            continue;
        }
        // Repair the whole whitespace-delimited token, so marks meet their letters.
        let start = bytes[done..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(done, |k| done + k + 1);
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(src.len(), |k| at + k);
        fix_token(src, start, end, &mut b, style);
        done = end;
        // Keep scanning inside the token for tone places; its specials are skipped above.
        i = at + len;
    }
    b
}

fn fix_token(src: &str, start: usize, end: usize, b: &mut Builder<'_>, style: ToneStyle) {
    let edits = token_edits(src, start, end, style);
    if edits.is_empty() {
        return;
    }
    // Check the token as a whole: a deletion can bring marks together that need reordering.
    let mut out = String::with_capacity(end - start + 8);
    let mut at = start;
    for (r, with, _) in &edits {
        out.push_str(&src[at..r.start]);
        out.push_str(with);
        at = r.end;
    }
    out.push_str(&src[at..end]);
    // A deletion can also bring a mark next to a letter it now belongs to ("x\u{200b}\u{301}a"):
    // look at the result once more, as the next pass would.
    let again = token_edits(&out, 0, out.len(), style);
    if !again.is_empty() {
        let mut fixed = String::with_capacity(out.len() + 8);
        let mut at = 0;
        for (r, with, _) in &again {
            fixed.push_str(&out[at..r.start]);
            fixed.push_str(with);
            at = r.end;
        }
        fixed.push_str(&out[at..]);
        let nfc: String = fixed.nfc().collect();
        b.replace(start..end, &nfc, Some(edits[0].2));
    } else if is_nfc_quick(out.chars()) == IsNormalized::Yes || unicode_normalization::is_nfc(&out)
    {
        for (r, with, kind) in edits {
            b.replace(r, &with, Some(kind));
        }
    } else {
        let nfc: String = out.nfc().collect();
        b.replace(start..end, &nfc, Some(edits[0].2));
    }
}

type Edit = (std::ops::Range<usize>, String, &'static str);

fn token_edits(src: &str, start: usize, end: usize, style: ToneStyle) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let tok = &src[start..end];
    let mut it = tok.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((k, c)) = it.next() {
        let at = start + k;
        let len = c.len_utf8();
        if space_like(c) {
            edits.push((at..at + len, " ".into(), "space"));
        } else if let Some(kind) = invisible(c) {
            edits.push((at..at + len, String::new(), kind));
            continue; // invisible: the char before it stays the previous one
        } else if matches!(c, '\u{2010}' | '\u{2011}') {
            edits.push((at..at + len, "-".into(), "dash"));
        } else if matches!(c, '\u{2012}' | '\u{2013}' | '\u{2212}') {
            // A dash between two alphanumerics is a hyphen in a symbol or a range (2021–2025).
            let next = tok[k + len..].chars().find(|&n| invisible(n).is_none());
            if prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) {
                edits.push((at..at + len, "-".into(), "dash"));
            }
        } else {
            // A letter run (with its marks), or any other char with the marks after it.
            let mut stop = at + len;
            while let Some(&(k2, n)) = it.peek() {
                if is_mark(n) || (c.is_alphabetic() && n.is_alphabetic()) {
                    stop = start + k2 + n.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let run = &src[at..stop];
            if c.is_alphabetic() {
                if let Some((new, kind)) = fix_word(run, style) {
                    edits.push((at..stop, new, kind));
                }
            } else if is_nfc_quick(run.chars()) != IsNormalized::Yes {
                let new: String = run.nfc().collect();
                if new != run {
                    edits.push((at..stop, new, "nfc"));
                }
            }
            if let Some(p) = run.chars().rev().find(|&m| !is_mark(m)) {
                prev = Some(p);
            }
            continue;
        }
        prev = Some(c);
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let (out, _, _) = repair(s, ToneStyle::Keep, None).finish();
        out.unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn repairs_characters() {
        assert_eq!(run("Viêc\u{323} phân cấp"), "Việc phân cấp");
        assert_eq!(run("Kế hoac\u{323}h, năm"), "Kế hoạch, năm");
        assert_eq!(run("12\u{a0}981 hồ sơ"), "12 981 hồ sơ");
        assert_eq!(run("Ðảng ủy"), "Đảng ủy");
        assert_eq!(run("giai đoạn 2021\u{2013}2025"), "giai đoạn 2021-2025");
        assert_eq!(run("Hà Nội \u{2013} Việt Nam"), "Hà Nội \u{2013} Việt Nam");
        assert_eq!(run("184/KH\u{2011}UBND"), "184/KH-UBND");
        assert_eq!(run("a\u{200b}b\u{feff}"), "ab");
        assert_eq!(run("Vie\u{302}\u{323}t Nam"), "Việt Nam");
        assert_eq!(run("plain ascii"), "plain ascii");
        assert_eq!(run("Ω \u{2126}"), "Ω Ω");
    }

    #[test]
    fn clean_text_is_untouched() {
        let s = "Căn cứ Kế hoạch số 184/KH-UBND ngày 07/12/2021 – “trích”…";
        assert!(repair(s, ToneStyle::Keep, None).untouched());
    }
}
