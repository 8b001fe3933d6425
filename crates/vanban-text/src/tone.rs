//! Tone-placement canonicalisation (hoà/hòa, thuỷ/thủy, khoẻ/khỏe).

use crate::offsets::Builder;
use crate::viet::canon_tone;
use crate::ToneStyle;

/// Rewrite open oa/oe/uy syllables to `style`, looking only at the candidate places (the o/u
/// of a toned pair, as `scan::tone_candidates` finds them), in increasing order.
pub(crate) fn repair_at<'a>(src: &'a str, style: ToneStyle, candidates: &[usize]) -> Builder<'a> {
    let mut b = Builder::new(src);
    let mut done = 0;
    for &i in candidates {
        if i < done || !src.is_char_boundary(i) {
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
        // A combining mark right after the word is a second tone that no precomposed letter
        // could take (character repair left it): such a word is no syllable to rearrange.
        let stray_mark = src[we..].chars().next().is_some_and(crate::viet::is_mark);
        if word.len() <= 24 && !stray_mark {
            if let Some(new) = canon_tone(word, style) {
                b.replace(ws..we, &new, Some("tone"));
            }
        }
        done = we;
    }
    b
}

/// Rewrite open oa/oe/uy syllables of `src` to `style`.
pub(crate) fn repair(src: &str, style: ToneStyle) -> Builder<'_> {
    repair_at(src, style, &crate::scan::tone_candidates(src, style))
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
        // A stray second tone: left as it is rather than split from its vowel.
        let (out, _, _) = repair("Oà\u{301} hoá", ToneStyle::Traditional).finish();
        assert_eq!(out.as_deref(), Some("Oà\u{301} hóa"));
    }
}
