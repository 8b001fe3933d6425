//! Tone-placement canonicalisation (hoà/hòa, thuỷ/thủy, khoẻ/khỏe).

use crate::offsets::Builder;
use crate::viet::canon_tone;
use crate::ToneStyle;

/// Rewrite open oa/oe/uy syllables to `style`. Only words with a non-ASCII letter can change.
pub(crate) fn repair(src: &str, style: ToneStyle) -> Builder<'_> {
    let mut b = Builder::new(src);
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut last_end = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        // A non-ASCII letter: find the word around it (letters only).
        let Some(c) = src[i..].chars().next() else {
            break;
        };
        if !c.is_alphabetic() {
            i += c.len_utf8();
            last_end = i;
            continue;
        }
        let mut ws = i;
        while ws > last_end && bytes[ws - 1].is_ascii_alphabetic() {
            ws -= 1;
        }
        let mut we = i;
        let mut has_o_u = false;
        for (k, c) in src[i..].char_indices() {
            if !c.is_alphabetic() {
                we = i + k;
                break;
            }
            we = i + k + c.len_utf8();
        }
        let word = &src[ws..we];
        for c in word.chars() {
            let (base, _) = crate::viet::split_tone(c);
            if matches!(base, 'o' | 'O' | 'u' | 'U') {
                has_o_u = true;
            }
        }
        if has_o_u && word.len() <= 24 {
            if let Some(new) = canon_tone(word, style) {
                b.replace(ws..we, &new, Some("tone"));
            }
        }
        i = we;
        last_end = we;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises_words_in_text() {
        let src = "Cổ phần hóa, thủy lợi, khỏe mạnh; quý, giá, hoàng, hòa hợp.";
        let (out, _, reps) = repair(src, ToneStyle::Modern).finish();
        assert_eq!(
            out.as_deref(),
            Some("Cổ phần hoá, thuỷ lợi, khoẻ mạnh; quý, giá, hoàng, hoà hợp.")
        );
        assert_eq!(reps.len(), 4);
        let (out, _, _) = repair("hoá thuỷ khoẻ", ToneStyle::Traditional).finish();
        assert_eq!(out.as_deref(), Some("hóa thủy khỏe"));
    }
}
