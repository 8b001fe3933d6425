//! Tone-placement canonicalisation (hoà/hòa, thuỷ/thủy, khoẻ/khỏe).

use crate::offsets::Builder;
use crate::viet::canon_tone;
use crate::ToneStyle;

/// Toned a/e/y (the second vowel of oa/oe/uy), any case.
fn toned_second(c: char) -> bool {
    matches!(
        c,
        'à' | 'á'
            | 'ả'
            | 'ã'
            | 'ạ'
            | 'è'
            | 'é'
            | 'ẻ'
            | 'ẽ'
            | 'ẹ'
            | 'ỳ'
            | 'ý'
            | 'ỷ'
            | 'ỹ'
            | 'ỵ'
            | 'À'
            | 'Á'
            | 'Ả'
            | 'Ã'
            | 'Ạ'
            | 'È'
            | 'É'
            | 'Ẻ'
            | 'Ẽ'
            | 'Ẹ'
            | 'Ỳ'
            | 'Ý'
            | 'Ỷ'
            | 'Ỹ'
            | 'Ỵ'
    )
}

/// Toned o/u (the first vowel of oa/oe/uy), any case.
fn toned_first(c: char) -> bool {
    matches!(
        c,
        'ò' | 'ó'
            | 'ỏ'
            | 'õ'
            | 'ọ'
            | 'ù'
            | 'ú'
            | 'ủ'
            | 'ũ'
            | 'ụ'
            | 'Ò'
            | 'Ó'
            | 'Ỏ'
            | 'Õ'
            | 'Ọ'
            | 'Ù'
            | 'Ú'
            | 'Ủ'
            | 'Ũ'
            | 'Ụ'
    )
}

/// Rewrite open oa/oe/uy syllables to `style`. Only an ASCII o/u before a toned a/e/y, or a
/// toned o/u before an ASCII a/e/y, can be such a syllable; everything else is skipped by a
/// byte scan.
pub(crate) fn repair(src: &str, style: ToneStyle) -> Builder<'_> {
    let mut b = Builder::new(src);
    let bytes = src.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let (x, y) = (bytes[i], bytes[i + 1]);
        let hit = if matches!(x, b'o' | b'O' | b'u' | b'U') && y >= 0xC0 {
            src[i + 1..].chars().next().is_some_and(toned_second)
        } else if x >= 0xC0
            && matches!(
                bytes.get(i + 2),
                Some(b'a' | b'A' | b'e' | b'E' | b'y' | b'Y')
            )
        {
            // A two-byte char (Latin-1 supplement) right before an ASCII a/e/y.
            src.get(i..i + 2)
                .and_then(|s| s.chars().next())
                .is_some_and(toned_first)
        } else if x == 0xE1
            && matches!(
                bytes.get(i + 3),
                Some(b'a' | b'A' | b'e' | b'E' | b'y' | b'Y')
            )
        {
            // A three-byte char (Latin Extended Additional) right before an ASCII a/e/y.
            src.get(i..i + 3)
                .and_then(|s| s.chars().next())
                .is_some_and(toned_first)
        } else {
            false
        };
        if !hit {
            i += 1;
            continue;
        }
        // The word around the hit: letters only, not before what was already rewritten.
        let mut ws = i;
        while ws > done {
            match src[..ws].chars().next_back() {
                Some(c) if c.is_alphabetic() => ws -= c.len_utf8(),
                _ => break,
            }
        }
        let we = src[i..]
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(src.len(), |(k, _)| i + k);
        let word = &src[ws..we];
        if word.len() <= 24 {
            if let Some(new) = canon_tone(word, style) {
                b.replace(ws..we, &new, Some("tone"));
            }
        }
        done = we;
        i = we.max(i + 1);
        while i < bytes.len() && !src.is_char_boundary(i) {
            i += 1;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises_words_in_text() {
        let src = "Cổ phần hóa, thủy lợi, khỏe mạnh; quý, giá, hoàng, hòa hợp, ủy ban.";
        let (out, _, reps) = repair(src, ToneStyle::Modern).finish();
        assert_eq!(
            out.as_deref(),
            Some("Cổ phần hoá, thuỷ lợi, khoẻ mạnh; quý, giá, hoàng, hoà hợp, uỷ ban.")
        );
        assert_eq!(reps.len(), 5);
        let (out, _, _) = repair("hoá thuỷ khoẻ HOÁ Uỷ", ToneStyle::Traditional).finish();
        assert_eq!(out.as_deref(), Some("hóa thủy khỏe HÓA Ủy"));
    }
}
