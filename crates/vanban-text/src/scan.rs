//! One fast pass over text that is probably clean: find the few characters that need the
//! character-repair stage, and the few places where an oa/oe/uy syllable may need its tone mark
//! moved. Everything else is left alone without being decoded.
//!
//! Written by hand because Vietnamese has a non-ASCII letter every few bytes, so decoding each
//! `char` and asking Unicode tables about it (what the generic iterators do) costs more than
//! the whole rest of the pipeline. Here ASCII runs are skipped eight bytes at a time and each
//! non-ASCII char is classified by one table lookup on its UTF-8 bytes.

use crate::ToneStyle;
use std::sync::OnceLock;

/// The char needs the character-repair stage (mark, odd space, Ð, dash, not NFC...).
pub(crate) const SPECIAL: u8 = 1;
/// A toned o: the first vowel of oa/oe carrying the tone (traditional placement).
const TONED_O: u8 = 2;
/// A toned u: the first vowel of uy carrying the tone.
const TONED_U: u8 = 4;
/// A toned a/e: the second vowel of oa/oe carrying the tone (modern placement).
const TONED_AE: u8 = 8;
/// A toned y: the second vowel of uy carrying the tone.
const TONED_Y: u8 = 16;

struct Classes {
    /// U+0080..U+07FF: every two-byte char.
    two: [u8; 0x780],
    /// U+1E00..U+1EFF: Latin Extended Additional (ạ ả ấ ... ỹ), lead bytes E1 B8..BB.
    ext: [u8; 0x100],
    /// U+2000..U+203F: spaces, dashes, quotes (lead bytes E2 80).
    punct: [u8; 0x40],
}

fn class_of(c: char) -> u8 {
    let mut f = 0;
    if crate::unicode::special(c) {
        f |= SPECIAL;
    }
    if let (base, Some(_)) = crate::viet::split_tone(c) {
        match base {
            'o' | 'O' => f |= TONED_O,
            'u' | 'U' => f |= TONED_U,
            'a' | 'A' | 'e' | 'E' => f |= TONED_AE,
            'y' | 'Y' => f |= TONED_Y,
            _ => {}
        }
    }
    f
}

fn classes() -> &'static Classes {
    static C: OnceLock<Classes> = OnceLock::new();
    C.get_or_init(|| {
        let of = |u: u32| char::from_u32(u).map_or(SPECIAL, class_of);
        Classes {
            two: std::array::from_fn(|k| of(0x80 + k as u32)),
            ext: std::array::from_fn(|k| of(0x1E00 + k as u32)),
            punct: std::array::from_fn(|k| of(0x2000 + k as u32)),
        }
    })
}

/// Index of the first non-ASCII byte at or after `i`, or `bytes.len()`.
#[inline]
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let high = u64::from_le_bytes(w) & 0x8080_8080_8080_8080;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// Class and byte length of the non-ASCII char starting at `i` of valid UTF-8 `src`.
#[inline]
fn classify(src: &str, i: usize, cls: &Classes) -> (u8, usize) {
    let b = src.as_bytes();
    let lead = b[i];
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    match lead {
        0xC2..=0xDF => {
            let u = (u32::from(lead & 0x1F) << 6) | cont(1);
            let k = (u as usize).saturating_sub(0x80);
            (cls.two.get(k).copied().unwrap_or(SPECIAL), 2)
        }
        0xE0..=0xEF => {
            let u = (u32::from(lead & 0x0F) << 12) | (cont(1) << 6) | cont(2);
            let f = match u {
                0x1E00..=0x1EFF => cls.ext[(u - 0x1E00) as usize],
                0x2000..=0x203F => cls.punct[(u - 0x2000) as usize],
                _ => char::from_u32(u).map_or(SPECIAL, class_of),
            };
            (f, 3)
        }
        _ => {
            let c = src[i..].chars().next().unwrap_or('\u{FFFD}');
            (class_of(c), c.len_utf8())
        }
    }
}

/// Where tone canonicalisation needs to look, collected by [`scan`].
pub(crate) struct TonePlaces {
    /// Offsets of the o/u of each oa/oe/uy pair that may need its tone moved, increasing.
    pub at: Vec<usize>,
    /// Also report open syllables toned on the second vowel ("hoà"): needed unless the target
    /// style is modern, which already puts the tone there.
    pub second: bool,
}

impl TonePlaces {
    /// Collect places for canonicalising to `style`.
    pub fn new(style: ToneStyle) -> Self {
        TonePlaces {
            at: Vec::new(),
            second: style != ToneStyle::Modern,
        }
    }
}

/// Scan `src` from `from`. Returns the offset of the first char that needs the character
/// stage (or `src.len()`), and with `tone`, records the tone places before it.
pub(crate) fn scan(src: &str, from: usize, mut tone: Option<&mut TonePlaces>) -> usize {
    let bytes = src.as_bytes();
    let cls = classes();
    let mut i = from;
    loop {
        i = skip_ascii(bytes, i);
        if i >= bytes.len() {
            return bytes.len();
        }
        let (f, len) = classify(src, i, cls);
        if f & SPECIAL != 0 {
            return i;
        }
        if let Some(t) = tone.as_deref_mut() {
            let prev = if i > 0 { bytes[i - 1] | 0x20 } else { 0 };
            let next = bytes.get(i + len).map_or(0, |b| b | 0x20);
            // A toned a/e/y after o/u only moves in an open syllable ("hoà" <-> "hòa"); in a
            // closed one ("hoạch", "hoàn") both styles put it there. A toned o/u before a/e/y
            // is always worth a look: "hòan" is wrong in both. Other pairs (của, quả) are not
            // oa/oe/uy at all.
            let second = t.second
                && ((f & TONED_AE != 0 && prev == b'o') || (f & TONED_Y != 0 && prev == b'u'))
                && !bytes.get(i + len).is_some_and(u8::is_ascii_alphabetic);
            let first = (f & TONED_O != 0 && matches!(next, b'a' | b'e'))
                || (f & TONED_U != 0 && next == b'y');
            if second {
                t.at.push(i - 1);
            } else if first {
                t.at.push(i);
            }
        }
        i += len;
    }
}

/// Every tone candidate in `src` (specials are not a stop here).
pub(crate) fn tone_candidates(src: &str, style: ToneStyle) -> Vec<usize> {
    let mut out = TonePlaces::new(style);
    let mut i = 0;
    while i < src.len() {
        let at = scan(src, i, Some(&mut out));
        if at >= src.len() {
            break;
        }
        i = at + src[at..].chars().next().map_or(1, char::len_utf8);
    }
    out.at
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn finds_specials_and_tone_places() {
        let s = "Cổ phần hóa, thuỷ lợi; quý giá";
        let mut t = TonePlaces::new(ToneStyle::Traditional);
        assert_eq!(scan(s, 0, Some(&mut t)), s.len());
        let t = t.at;
        assert_eq!(t.len(), 3, "{t:?}");
        for (&i, want) in t.iter().zip(["óa", "uỷ", "uý"]) {
            assert!(s[i..].starts_with(want), "{i}: {want}");
        }
        // Modern style skips "thuỷ" (already modern) and "quý" (not uy with u toned); "của"
        // and "quả" are never places.
        let mut m = TonePlaces::new(ToneStyle::Modern);
        assert_eq!(
            scan("hóa thuỷ quý của quả", 0, Some(&mut m)),
            "hóa thuỷ quý của quả".len()
        );
        assert_eq!(m.at, [1]);
        let s = "Viêc\u{323} và 12\u{a0}981";
        assert_eq!(scan(s, 0, None), "Viêc".len());
        assert_eq!(
            scan(s, "Viêc\u{323}".len(), None),
            "Viêc\u{323} và 12".len()
        );
        assert_eq!(scan("Ðảng", 0, None), 0);
        assert_eq!(scan("“trích” – …", 0, None), "“trích” ".len());
    }

    /// The scan skips toned a/e/y after o/u when a letter follows (a closed syllable): tone
    /// canonicalisation must never change such a word, in either style.
    #[test]
    fn closed_syllables_never_move_their_tone() {
        use crate::{viet::canon_tone, ToneStyle};
        let onsets = [
            "", "h", "t", "th", "kh", "qu", "ng", "l", "x", "ch", "tr", "Đ", "H",
        ];
        let codas = [
            "n", "ng", "t", "c", "ch", "nh", "i", "y", "o", "u", "m", "p",
        ];
        for o in onsets {
            for pair in ["oa", "oe", "uy", "OA", "UY"] {
                let (v1, v2) = pair.split_at(1);
                for toned in ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'] {
                    let v2: String = format!("{v2}{toned}").nfc().collect();
                    // The open syllable does move to the traditional place (the check bites).
                    let open = format!("{o}{v1}{v2}");
                    if o != "qu" && pair == "oa" {
                        assert!(
                            canon_tone(&open, ToneStyle::Traditional).is_some(),
                            "{open}"
                        );
                    }
                    // ...and modern style leaves it where it is, so the scan skips it then.
                    assert_eq!(canon_tone(&open, ToneStyle::Modern), None, "{open}");
                    for c in codas {
                        let w = format!("{o}{v1}{v2}{c}");
                        for style in [ToneStyle::Modern, ToneStyle::Traditional] {
                            assert_eq!(canon_tone(&w, style), None, "{w} {style:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_char_predicates() {
        for u in (0x80..0x800).chain(0x1E00..0x1F00).chain(0x2000..0x2040) {
            let Some(c) = char::from_u32(u) else { continue };
            let s = c.to_string();
            let stops = scan(&s, 0, None) == 0;
            assert_eq!(stops, crate::unicode::special(c), "{c:?}");
        }
    }
}
